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

/** Printed by the interpreter check: version, and whether TensorFlow and defib are importable (without importing them). */
export const INTERPRETER_CHECK_SCRIPT =
  'import importlib.util, json, sys; ' +
  'print(json.dumps({"version": list(sys.version_info[:3]), "executable": sys.executable, ' +
  '"tensorflow": importlib.util.find_spec("tensorflow") is not None, ' +
  '"defib": importlib.util.find_spec("defib") is not None}))';

export const MINIMUM_PYTHON: readonly [number, number] = [3, 10];

export interface InterpreterFacts {
  readonly version: readonly [number, number, number];
  readonly executable: string;
  readonly hasTensorFlow: boolean;
  /** Whether `defib` is installed there (needed with `importStrategy: fromEnvironment`). */
  readonly hasDefib: boolean;
}

/** Reads the check script's output; undefined when it is not what the script prints. */
export function parseInterpreterCheck(stdout: string): InterpreterFacts | undefined {
  const line = stdout.trim().split(/\r?\n/).pop();
  if (line === undefined) {
    return undefined;
  }
  try {
    const parsed = JSON.parse(line) as { version?: unknown; executable?: unknown; tensorflow?: unknown; defib?: unknown };
    const version = parsed.version;
    if (!Array.isArray(version) || version.length !== 3 || !version.every((part) => typeof part === 'number')) {
      return undefined;
    }
    const [major, minor, micro] = version;
    return {
      version: [major ?? 0, minor ?? 0, micro ?? 0],
      executable: typeof parsed.executable === 'string' ? parsed.executable : '',
      hasTensorFlow: parsed.tensorflow === true,
      hasDefib: parsed.defib === true,
    };
  } catch {
    return undefined;
  }
}

export function isSupportedVersion(version: readonly number[]): boolean {
  const [major = 0, minor = 0] = version;
  return major > MINIMUM_PYTHON[0] || (major === MINIMUM_PYTHON[0] && minor >= MINIMUM_PYTHON[1]);
}

/** One sentence saying why an interpreter cannot run Defib, naming where it came from. */
export function describeUnusable(choice: InterpreterChoice, facts: InterpreterFacts | undefined, error?: string): string {
  const where = {
    setting: 'the defib.interpreter setting',
    pythonExtension: "the Python extension's active environment",
    path: 'PATH',
  }[choice.source];
  const shown = choice.command.join(' ');
  if (facts === undefined) {
    return `Defib could not run Python "${shown}" (from ${where})${error ? `: ${error}` : ''}. Defib needs Python 3.10 or newer.`;
  }
  return `Defib needs Python 3.10 or newer, but "${shown}" (from ${where}) is Python ${facts.version.join('.')}.`;
}
