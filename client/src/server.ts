// Starts, restarts and stops `python -m defib serve`, the language server that does all the work.

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, LanguageClient, LanguageClientOptions, MessageSignature, ServerOptions, State } from 'vscode-languageclient/node';
import { describeUnusable, InterpreterChoice, InterpreterFacts, isSupportedVersion } from './interpreter';
import { checkInterpreter, findInterpreter, offerInterpreterFix } from './python';
import { BundleManifest, chooseServerSource, describeNoServer, describeServerSource, parseBundleManifest, serverPythonPath } from './serverSource';
import { initializationOptions, readServerSettings, RESTART_SETTINGS, serverLaunch, ServerSettings } from './settings';
import { StatusItem } from './status';

export interface RunningServer {
  readonly client: LanguageClient;
  readonly interpreter: InterpreterChoice;
  readonly facts: InterpreterFacts;
}

/** The current values of the settings whose change restarts the server, comparable as one string. */
function restartSettingValues(): string {
  const configuration = vscode.workspace.getConfiguration();
  return JSON.stringify(RESTART_SETTINGS.map((setting) => configuration.get(setting) ?? null));
}

/**
 * A request the editor made just as a restart began stopping this client fails inside
 * vscode-languageclient with a plain "Starting server failed" (its own check that the client runs
 * passed a moment earlier), which it logs as a failure. Nothing failed: the next server answers
 * the editor's next request. Answer this one with nothing, as the library already does for
 * requests made after the stop.
 */
class DefibLanguageClient extends LanguageClient {
  override handleFailedRequest<T>(type: MessageSignature, token: vscode.CancellationToken | undefined, error: unknown, defaultValue: T, showNotification?: boolean): T {
    if (!this.isRunning()) {
      return defaultValue;
    }
    return super.handleFailedRequest(type, token, error, defaultValue, showNotification);
  }
}

export class DefibServer implements vscode.Disposable {
  private running: RunningServer | undefined;
  private starting: Promise<RunningServer | undefined> | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly status: StatusItem,
  ) {}

  get current(): RunningServer | undefined {
    return this.running;
  }

  /** The running server, starting it first when needed. */
  async ensureStarted(): Promise<RunningServer | undefined> {
    if (this.running?.client.state === State.Stopped) {
      // vscode-languageclient gave up restarting a crashing server: start afresh.
      await this.stop();
    }
    return this.running ?? (await (this.starting ??= this.start().finally(() => { this.starting = undefined; })));
  }

  async restart(): Promise<RunningServer | undefined> {
    await this.starting;
    await this.stop();
    return this.ensureStarted();
  }

  private settingsFor(interpreter: InterpreterChoice): ServerSettings {
    return readServerSettings(vscode.workspace.getConfiguration('defib'), interpreter.command, vscode.workspace.isTrusted);
  }

  /** Sends the current settings (used on trust changes; setting changes go through the middleware). */
  async sendSettings(): Promise<void> {
    const running = this.running;
    if (running?.client.state === State.Running) {
      await running.client.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { defib: this.settingsFor(running.interpreter) },
      });
    }
  }

  private async start(): Promise<RunningServer | undefined> {
    this.status.set('starting');
    const interpreter = await findInterpreter(vscode.window.activeTextEditor?.document.uri);
    this.log.info(`Interpreter: ${interpreter.command.join(' ')} (from ${interpreter.source})`);
    const { facts, error } = await checkInterpreter(interpreter);
    if (facts === undefined || !isSupportedVersion(facts.version)) {
      const message = describeUnusable(interpreter, facts, error);
      this.log.error(message);
      this.status.set('noPython', message);
      void offerInterpreterFix(message);
      return undefined;
    }
    this.log.info(`Python ${facts.version.join('.')} at ${facts.executable}; TensorFlow ${facts.hasTensorFlow ? 'installed' : 'not installed (static checks only)'}`);
    const settings = this.settingsFor(interpreter);
    const bundledDir = path.join(this.extensionPath, 'bundled');
    const bundle = await this.readBundle(bundledDir);
    const source = chooseServerSource(settings.importStrategy, facts, bundle);
    if (source.kind === 'notInstalled') {
      const message = `defib.importStrategy is "fromEnvironment", but defib is not installed in ${facts.executable}. Install it there (pip install defib) or use the bundled server.`;
      this.log.error(message);
      this.status.set('error', message);
      void vscode.window.showErrorMessage(message, 'Use Bundled Server').then(async (choice) => {
        if (choice) {
          await vscode.workspace.getConfiguration('defib').update('importStrategy', 'useBundled', vscode.ConfigurationTarget.Global);
        }
      });
      return undefined;
    }
    if (source.kind === 'unusable') {
      const message = describeNoServer(interpreter, facts, bundle, source.missing);
      this.log.error(message);
      this.status.set('noPython', message);
      void offerInterpreterFix(message);
      return undefined;
    }
    const startedWith = restartSettingValues();
    this.log.info(`Server: ${describeServerSource(source, facts)}`);
    const launch = serverLaunch(interpreter.command, serverPythonPath(source, bundledDir, (...parts) => path.join(...parts)), process.env, path.delimiter);
    this.log.info(`Starting: ${launch.command} ${launch.args.join(' ')} (importStrategy ${settings.importStrategy})`);
    const serverOptions: ServerOptions = {
      command: launch.command,
      args: launch.args,
      options: { env: launch.env, cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? this.extensionPath },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'python' },
        { scheme: 'untitled', language: 'python' },
        { scheme: 'vscode-notebook-cell', language: 'python' },
      ],
      outputChannel: this.log,
      traceOutputChannel: this.log,
      initializationOptions: initializationOptions(settings),
      synchronize: { configurationSection: 'defib' },
      middleware: {
        // The editor asks for these on its own, also while a restart stops this client: a
        // request then fails loudly in the log. Answer nothing; the editor asks again.
        provideCodeActions: (document, range, context, token, next) =>
          client.state === State.Running ? next(document, range, context, token) : undefined,
        provideCodeLenses: (document, token, next) =>
          client.state === State.Running ? next(document, token) : undefined,
        provideHover: (document, position, token, next) =>
          client.state === State.Running ? next(document, position, token) : undefined,
        workspace: {
          // Send the translated settings (resolved interpreter, trust) rather than the raw section.
          didChangeConfiguration: async () => {
            // A change to a setting that restarts the server reaches this client as it stops
            // (sending would fail, loudly); the next server reads the settings when it starts.
            if (restartSettingValues() !== startedWith) {
              return;
            }
            await client.sendNotification(DidChangeConfigurationNotification.type, {
              settings: { defib: this.settingsFor(interpreter) },
            });
          },
        },
      },
    };
    const client = new DefibLanguageClient('defib', 'Defib', serverOptions, clientOptions);
    client.onDidChangeState((event) => {
      if (event.newState === State.Stopped && this.running?.client === client) {
        this.status.set('stopped');
      }
    });
    try {
      await client.start();
    } catch (startError) {
      const message = `Defib's server did not start with ${interpreter.command.join(' ')}: ${String(startError)}`;
      this.log.error(message);
      this.status.set('error', message);
      void vscode.window.showErrorMessage(message, 'Show Logs').then((choice) => {
        if (choice) {
          this.log.show();
        }
      });
      return undefined;
    }
    this.running = { client, interpreter, facts };
    this.status.set('running', `Python ${facts.version.join('.')}: ${facts.executable}`);
    return this.running;
  }

  /** What this package bundles; undefined when it bundles nothing (the extension run from source). */
  private async readBundle(bundledDir: string): Promise<BundleManifest | undefined> {
    try {
      const bundle = parseBundleManifest(await readFile(path.join(bundledDir, 'bundle.json'), 'utf8'));
      if (bundle === undefined) {
        this.log.warn(`${bundledDir}/bundle.json is malformed: using the interpreter's own libraries`);
      }
      return bundle;
    } catch {
      this.log.info(`Nothing bundled in ${bundledDir}: using the interpreter's own libraries`);
      return undefined;
    }
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running !== undefined) {
      try {
        await running.client.stop(2000);
      } catch (error) {
        this.log.warn(`Stopping the server: ${String(error)}`);
      }
      await running.client.dispose();
    }
    this.status.set('stopped');
  }

  dispose(): void {
    void this.stop();
  }
}
