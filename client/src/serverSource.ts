// Where the server's Python code comes from for a given interpreter. Pure: no `vscode` import.
//
// A package is built for one platform and bundles the server with its libraries (libcst has a native
// module) for each CPython minor version it could get wheels for. An interpreter with no bundle of
// its own (another version, PyPy, another architecture) can still run the bundled server when its
// environment has the libraries.

import { InterpreterChoice, InterpreterFacts, sourceDescription } from './interpreter';
import { ImportStrategy } from './settings';

/** One bundled Python: its libraries are in `bundled/libs/<tag>`. */
export interface BundledPython {
  /** `cp311`: the CPython version the native modules are built for. */
  readonly tag: string;
  /** `3.11`. */
  readonly version: string;
  readonly libcst: string;
}

/** `bundled/bundle.json`, written by the build: what this package bundles. */
export interface BundleManifest {
  /** The VS Code platform the package is for (`linux-x64`, `darwin-arm64`, ...). */
  readonly target: string;
  readonly pythons: readonly BundledPython[];
}

export type ServerSource =
  /** `bundled/libs/<tag>`: the server and every library, built for this interpreter. */
  | { readonly kind: 'bundled'; readonly python: BundledPython }
  /** `bundled/server`: the bundled server alone, on the libraries installed in the interpreter. */
  | { readonly kind: 'bundledServer' }
  /** The `defib` installed in the interpreter (`importStrategy: fromEnvironment`). */
  | { readonly kind: 'environment' }
  /** `fromEnvironment`, but `defib` is not installed in the interpreter. */
  | { readonly kind: 'notInstalled' }
  /** Nothing bundled fits and the interpreter lacks these requirements. */
  | { readonly kind: 'unusable'; readonly missing: readonly string[] };

/**
 * The server's runtime requirements, as pyproject.toml's `dependencies` says them (a unit test keeps
 * the two equal). Only `>=`, `<` and a `python_version <` marker are understood.
 */
export const SERVER_REQUIREMENTS: readonly string[] = [
  'libcst>=1.1',
  'pygls>=2.0,<3',
  'lsprotocol>=2023.0.1',
  "tomli>=2; python_version < '3.11'",
];

function versionParts(version: string): number[] {
  return (/^\d+(\.\d+)*/.exec(version)?.[0] ?? '').split('.').filter((part) => part !== '').map(Number);
}

function compareVersions(left: readonly number[], right: readonly number[]): number {
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}

/** Whether `installed` (a version, '' when unknown, undefined when absent) meets one requirement for this Python. */
export function meetsRequirement(requirement: string, installed: string | undefined, python: readonly number[]): boolean {
  const [spec = '', marker] = requirement.split(';').map((part) => part.trim());
  const pythonBelow = marker === undefined ? undefined : /python_version\s*<\s*['"]([\d.]+)['"]/.exec(marker)?.[1];
  if (pythonBelow !== undefined && compareVersions(python.slice(0, 2), versionParts(pythonBelow)) >= 0) {
    return true;
  }
  if (installed === undefined) {
    return false;
  }
  if (installed === '') {
    return true;
  }
  const have = versionParts(installed);
  return [...spec.matchAll(/(>=|<)\s*([\d.]+)/g)].every(([, operator, bound = '']) => {
    const order = compareVersions(have, versionParts(bound));
    return operator === '>=' ? order >= 0 : order < 0;
  });
}

function requirementName(requirement: string): string {
  return /^[A-Za-z0-9_.-]+/.exec(requirement)?.[0] ?? requirement;
}

/** The requirements the interpreter's environment does not meet (empty: the bundled server runs on it). */
export function missingRequirements(facts: InterpreterFacts): string[] {
  return SERVER_REQUIREMENTS.filter((requirement) => !meetsRequirement(requirement, facts.packages[requirementName(requirement)], facts.version));
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Reads `bundled/bundle.json`; undefined when it is missing or malformed. */
export function parseBundleManifest(text: string): BundleManifest | undefined {
  try {
    const parsed = JSON.parse(text) as { target?: unknown; pythons?: unknown };
    const target = asString(parsed.target);
    if (target === undefined || !Array.isArray(parsed.pythons)) {
      return undefined;
    }
    const pythons = (parsed.pythons as unknown[]).flatMap((entry): BundledPython[] => {
      const { tag, version, libcst } = (entry ?? {}) as Record<string, unknown>;
      return typeof tag === 'string' && typeof version === 'string' ? [{ tag, version, libcst: asString(libcst) ?? '' }] : [];
    });
    return { target, pythons };
  } catch {
    return undefined;
  }
}

/** The bundled libraries built for this interpreter: same CPython minor version, same platform, GIL build. */
export function bundledPythonFor(facts: InterpreterFacts, bundle: BundleManifest): BundledPython | undefined {
  if (facts.implementation !== 'cpython' || facts.freeThreaded) {
    return undefined;
  }
  // An unknown platform is taken to be the package's: VS Code installed the package built for this machine.
  if (facts.platform !== undefined && facts.platform !== bundle.target) {
    return undefined;
  }
  const [major, minor] = facts.version;
  return bundle.pythons.find((python) => python.version === `${major}.${minor}`);
}

/** Where the server comes from, by the import strategy, what is bundled, and what the interpreter has. */
export function chooseServerSource(strategy: ImportStrategy, facts: InterpreterFacts, bundle: BundleManifest | undefined): ServerSource {
  if (strategy === 'fromEnvironment') {
    return facts.hasDefib ? { kind: 'environment' } : { kind: 'notInstalled' };
  }
  const python = bundle === undefined ? undefined : bundledPythonFor(facts, bundle);
  if (python !== undefined) {
    return { kind: 'bundled', python };
  }
  const missing = missingRequirements(facts);
  if (missing.length > 0) {
    return { kind: 'unusable', missing };
  }
  // Without a bundle (the extension run from source), only an installed defib can serve.
  if (bundle === undefined) {
    return facts.hasDefib ? { kind: 'environment' } : { kind: 'unusable', missing: ['defib'] };
  }
  return { kind: 'bundledServer' };
}

/** What goes first on PYTHONPATH for the source, given the package's `bundled` folder. */
export function serverPythonPath(source: ServerSource, bundledDir: string, join: (...parts: string[]) => string): string[] {
  switch (source.kind) {
    case 'bundled':
      return [join(bundledDir, 'libs', source.python.tag)];
    case 'bundledServer':
      return [join(bundledDir, 'server')];
    default:
      return [];
  }
}

/** For the log: where the server's code comes from. */
export function describeServerSource(source: ServerSource, facts: InterpreterFacts): string {
  switch (source.kind) {
    case 'bundled':
      return `the bundled libraries for CPython ${source.python.version} (bundled/libs/${source.python.tag}, libcst ${source.python.libcst})`;
    case 'bundledServer': {
      const installed = Object.entries(facts.packages).map(([name, version]) => `${name} ${version || '(version unknown)'}`);
      return `the bundled server on the libraries installed in ${facts.executable} (${installed.join(', ')})`;
    }
    case 'environment':
      return `the defib installed in ${facts.executable}`;
    default:
      return 'nothing';
  }
}

/** `3.10-3.13` for consecutive versions, else a list. */
export function versionRange(versions: readonly string[]): string {
  const sorted = [...versions].sort((left, right) => compareVersions(versionParts(left), versionParts(right)));
  const minors = sorted.map((version) => versionParts(version));
  const consecutive = minors.every((parts, index) => index === 0 || (parts[0] === minors[0]?.[0] && parts[1] === (minors[index - 1]?.[1] ?? 0) + 1));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) {
    return 'none';
  }
  return consecutive && sorted.length > 2 ? `${first}-${last}` : sorted.join(', ');
}

function describePython(facts: InterpreterFacts): string {
  const implementation = { cpython: 'CPython', pypy: 'PyPy' }[facts.implementation] ?? facts.implementation;
  return `${implementation} ${facts.version.join('.')}${facts.freeThreaded ? ' (free-threaded)' : ''} on ${facts.platform ?? 'an unknown platform'}`;
}

/**
 * Why the server cannot start with this interpreter, and the two ways out: install Defib into it,
 * or choose a Python the package bundles libraries for.
 */
export function describeNoServer(choice: InterpreterChoice, facts: InterpreterFacts, bundle: BundleManifest | undefined, missing: readonly string[]): string {
  const shown = choice.command.join(' ');
  const versions = versionRange(bundle?.pythons.map((python) => python.version) ?? []);
  const bundles = bundle === undefined || bundle.pythons.length === 0
    ? 'This Defib package bundles no libraries'
    : `This Defib package bundles them for CPython ${versions} on ${bundle.target}`;
  const install = `"${facts.executable || shown}" -m pip install defib`;
  const choose = bundle === undefined || bundle.pythons.length === 0 ? '' : ` or choose CPython ${versions} in defib.interpreter`;
  return `Defib's server needs libcst, pygls and lsprotocol. ${bundles}, but "${shown}" (from ${sourceDescription(choice.source)}) is ${describePython(facts)} and lacks ${missing.join(', ')}. Install Defib into it (${install})${choose}.`;
}
