// Which Python runs the Defib server and the probe. Pure: no `vscode` import, so it is unit-tested.

/** Where the chosen interpreter came from, for messages that tell the user what to change. */
export type InterpreterSource = 'setting' | 'pythonExtension' | 'path';

export interface InterpreterChoice {
  /** The command: the executable, then any arguments (e.g. `["conda", "run", "-n", "tf", "python"]`). */
  readonly command: readonly string[];
  readonly source: InterpreterSource;
}

export interface InterpreterCandidates {
  /** `defib.interpreter`, variables already expanded; empty when unset. */
  readonly setting: readonly string[];
  /** The Python extension's active environment, when that extension is installed and has one. */
  readonly pythonExtension: readonly string[] | undefined;
  /** Untrusted workspaces may point the Python extension at a workspace-local interpreter: skip it. */
  readonly workspaceTrusted: boolean;
}

/** The fallback when neither the setting nor the Python extension names an interpreter. */
export const PATH_PYTHON = 'python3';

/** The setting first, then the Python extension's active environment, then `python3` on PATH. */
export function chooseInterpreter(candidates: InterpreterCandidates): InterpreterChoice {
  const setting = candidates.setting.filter((part) => part.trim() !== '');
  if (setting.length > 0) {
    return { command: setting, source: 'setting' };
  }
  const fromExtension = candidates.pythonExtension?.filter((part) => part.trim() !== '');
  if (candidates.workspaceTrusted && fromExtension !== undefined && fromExtension.length > 0) {
    return { command: fromExtension, source: 'pythonExtension' };
  }
  return { command: [PATH_PYTHON], source: 'path' };
}

export interface VariableValues {
  readonly workspaceFolder: string | undefined;
  readonly userHome: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Expands `${workspaceFolder}`, `${userHome}`, `${env:NAME}` and a leading `~` in a setting. */
export function expandVariables(value: string, values: VariableValues): string {
  const expanded = value.replace(/\$\{(workspaceFolder|userHome|env:([^}]+))\}/g, (match, name: string, envName?: string) => {
    if (envName !== undefined) {
      return values.env[envName] ?? '';
    }
    if (name === 'userHome') {
      return values.userHome;
    }
    return values.workspaceFolder ?? match;
  });
  return expanded === '~' || expanded.startsWith('~/') ? values.userHome + expanded.slice(1) : expanded;
}

/**
 * Printed by the interpreter check, as one JSON line: the version, where the interpreter runs (to
 * pick the bundled libraries built for it), and which of the server's dependencies are installed
 * there (for when nothing is bundled for it), found without importing them. The facts past the
 * version are guarded, so a Python too old for them still reports its version.
 */
export const INTERPRETER_CHECK_SCRIPT = [
  'import json, sys',
  'facts = {"version": list(sys.version_info[:3]), "executable": sys.executable}',
  'try:',
  '    import importlib.metadata, importlib.util, platform, struct, sysconfig',
  '    def installed(module, distribution):',
  '        if importlib.util.find_spec(module) is None:',
  '            return None',
  '        try:',
  '            return importlib.metadata.version(distribution)',
  '        except Exception:',
  '            return ""',
  '    facts.update({',
  '        "implementation": sys.implementation.name,',
  '        "platform": sys.platform,',
  '        "machine": platform.machine(),',
  '        "buildPlatform": sysconfig.get_platform(),',
  '        "pointerBits": struct.calcsize("P") * 8,',
  '        "freeThreaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),',
  '        "tensorflow": importlib.util.find_spec("tensorflow") is not None,',
  '        "defib": importlib.util.find_spec("defib") is not None,',
  '        "packages": {name: installed(module, name) for module, name in',
  '                     [("libcst", "libcst"), ("pygls", "pygls"), ("lsprotocol", "lsprotocol"), ("tomli", "tomli")]},',
  '    })',
  'except Exception:',
  '    pass',
  'print(json.dumps(facts))',
].join('\n');

export const MINIMUM_PYTHON: readonly [number, number] = [3, 10];

export interface InterpreterFacts {
  readonly version: readonly [number, number, number];
  readonly executable: string;
  /** `sys.implementation.name`: `cpython`, `pypy`, ... (the bundled libraries are for CPython). */
  readonly implementation: string;
  /** Where it runs, as VS Code names platforms (`linux-x64`, `win32-arm64`, ...); undefined when unknown. */
  readonly platform: string | undefined;
  /** A free-threaded build cannot load the native modules built for the regular one. */
  readonly freeThreaded: boolean;
  readonly hasTensorFlow: boolean;
  /** Whether `defib` is installed there (needed with `importStrategy: fromEnvironment`). */
  readonly hasDefib: boolean;
  /** The server's dependencies installed there: distribution name to version ('' when importable but unversioned). */
  readonly packages: Readonly<Record<string, string>>;
}

const OPERATING_SYSTEMS: Readonly<Record<string, string>> = { linux: 'linux', darwin: 'darwin', win32: 'win32' };

/**
 * The VS Code platform the interpreter's own binaries are for. On Windows the build platform says
 * it (an x64 Python emulated on Arm reports the machine); elsewhere the machine does (a Python
 * under Rosetta reports x86_64), with the pointer size for a 32-bit Python on a 64-bit system.
 */
export function interpreterPlatform(reported: { platform?: unknown; machine?: unknown; buildPlatform?: unknown; pointerBits?: unknown }): string | undefined {
  const os = typeof reported.platform === 'string' ? OPERATING_SYSTEMS[reported.platform] : undefined;
  if (os === undefined) {
    return undefined;
  }
  if (os === 'win32') {
    const arch = { 'win-amd64': 'x64', 'win-arm64': 'arm64', win32: 'ia32' }[String(reported.buildPlatform)];
    return arch === undefined ? undefined : `${os}-${arch}`;
  }
  const machine = typeof reported.machine === 'string' ? reported.machine.toLowerCase() : '';
  const wide = reported.pointerBits !== 32;
  if (['x86_64', 'amd64'].includes(machine)) {
    return `${os}-${wide ? 'x64' : 'ia32'}`;
  }
  if (['aarch64', 'arm64'].includes(machine)) {
    return `${os}-${wide ? 'arm64' : 'armhf'}`;
  }
  return machine === '' ? undefined : `${os}-${machine}`;
}

function packageVersions(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) {
    return {};
  }
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** Reads the check script's output; undefined when it is not what the script prints. */
export function parseInterpreterCheck(stdout: string): InterpreterFacts | undefined {
  const line = stdout.trim().split(/\r?\n/).pop();
  if (line === undefined) {
    return undefined;
  }
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    const version = parsed.version;
    if (!Array.isArray(version) || version.length !== 3 || !version.every((part) => typeof part === 'number')) {
      return undefined;
    }
    const [major, minor, micro] = version;
    return {
      version: [major ?? 0, minor ?? 0, micro ?? 0],
      executable: typeof parsed.executable === 'string' ? parsed.executable : '',
      implementation: typeof parsed.implementation === 'string' ? parsed.implementation : 'unknown',
      platform: interpreterPlatform(parsed),
      freeThreaded: parsed.freeThreaded === true,
      hasTensorFlow: parsed.tensorflow === true,
      hasDefib: parsed.defib === true,
      packages: packageVersions(parsed.packages),
    };
  } catch {
    return undefined;
  }
}

export function isSupportedVersion(version: readonly number[]): boolean {
  const [major = 0, minor = 0] = version;
  return major > MINIMUM_PYTHON[0] || (major === MINIMUM_PYTHON[0] && minor >= MINIMUM_PYTHON[1]);
}

/** Where an interpreter came from, as messages name it. */
export function sourceDescription(source: InterpreterSource): string {
  return {
    setting: 'the defib.interpreter setting',
    pythonExtension: "the Python extension's active environment",
    path: 'PATH',
  }[source];
}

/** One sentence saying why an interpreter cannot run Defib, naming where it came from. */
export function describeUnusable(choice: InterpreterChoice, facts: InterpreterFacts | undefined, error?: string): string {
  const where = sourceDescription(choice.source);
  const shown = choice.command.join(' ');
  if (facts === undefined) {
    return `Defib could not run Python "${shown}" (from ${where})${error ? `: ${error}` : ''}. Defib needs Python 3.10 or newer.`;
  }
  return `Defib needs Python 3.10 or newer, but "${shown}" (from ${where}) is Python ${facts.version.join('.')}.`;
}
