// Translates `defib.*` settings into what the server reads. Pure: no `vscode` import.

export type ImportStrategy = 'useBundled' | 'fromEnvironment';
export type LogLevel = 'error' | 'warning' | 'info' | 'debug';

/** The `defib` section as the server reads it (initializationOptions.settings and didChangeConfiguration). */
export interface ServerSettings {
  enable: boolean;
  lintOnType: boolean;
  select: string[];
  ignore: string[];
  severity: Record<string, string>;
  probe: { steps: number; timeout: number };
  /** The resolved interpreter, so the probe runs in the user's Python even when the setting is empty. */
  interpreter: string[];
  importStrategy: ImportStrategy;
  logLevel: LogLevel;
  workspaceTrusted: boolean;
}

/** The slice of `vscode.WorkspaceConfiguration` this module needs. */
export interface SettingsReader {
  get<T>(section: string): T | undefined;
}

/** Settings the server cannot pick up while running: changing one restarts it. */
export const RESTART_SETTINGS: readonly string[] = ['defib.interpreter', 'defib.importStrategy'];

export const DEFAULT_SETTINGS: Omit<ServerSettings, 'interpreter' | 'workspaceTrusted'> = {
  enable: true,
  lintOnType: true,
  select: [],
  ignore: [],
  severity: {},
  probe: { steps: 30, timeout: 120 },
  importStrategy: 'useBundled',
  logLevel: 'info',
};

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function positiveNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return allowed.find((item) => item === value);
}

/** Reads `defib.*` (falling back to defaults for missing or malformed values). */
export function readServerSettings(
  config: SettingsReader,
  interpreter: readonly string[],
  workspaceTrusted: boolean,
): ServerSettings {
  const enable = config.get<unknown>('enable');
  const lintOnType = config.get<unknown>('lintOnType');
  return {
    enable: typeof enable === 'boolean' ? enable : DEFAULT_SETTINGS.enable,
    lintOnType: typeof lintOnType === 'boolean' ? lintOnType : DEFAULT_SETTINGS.lintOnType,
    select: stringList(config.get('select')) ?? [],
    ignore: stringList(config.get('ignore')) ?? [],
    severity: stringMap(config.get('severity')) ?? {},
    probe: {
      steps: positiveNumber(config.get('probe.steps')) ?? DEFAULT_SETTINGS.probe.steps,
      timeout: positiveNumber(config.get('probe.timeout')) ?? DEFAULT_SETTINGS.probe.timeout,
    },
    interpreter: [...interpreter],
    importStrategy: oneOf(config.get('importStrategy'), ['useBundled', 'fromEnvironment'] as const) ?? DEFAULT_SETTINGS.importStrategy,
    logLevel: oneOf(config.get('logLevel'), ['error', 'warning', 'info', 'debug'] as const) ?? DEFAULT_SETTINGS.logLevel,
    workspaceTrusted,
  };
}

/** The server's `initializationOptions`. */
export function initializationOptions(settings: ServerSettings): { settings: ServerSettings; workspaceTrusted: boolean } {
  return { settings, workspaceTrusted: settings.workspaceTrusted };
}

export interface ServerLaunch {
  readonly command: string;
  readonly args: string[];
  readonly env: Record<string, string>;
}

/**
 * How to start `python -m defib serve`. `pythonPath` (the bundled server, when it is used; see
 * serverSource.ts) goes first on PYTHONPATH so it wins over whatever the environment has.
 */
export function serverLaunch(
  interpreter: readonly string[],
  pythonPath: readonly string[],
  baseEnv: Readonly<Record<string, string | undefined>>,
  pathSeparator: string,
): ServerLaunch {
  const [command = 'python3', ...prefix] = interpreter;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(baseEnv)) {
    if (value !== undefined) {
      env[name] = value;
    }
  }
  env.PYTHONUNBUFFERED = '1';
  env.PYTHONIOENCODING = 'utf-8';
  const entries = [...pythonPath, ...(env.PYTHONPATH ? [env.PYTHONPATH] : [])];
  if (entries.length > 0) {
    env.PYTHONPATH = entries.join(pathSeparator);
  }
  return { command, args: [...prefix, '-m', 'defib', 'serve'], env };
}
