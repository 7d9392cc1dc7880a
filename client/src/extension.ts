// Defib's VS Code client: finds Python, starts the language server, forwards settings and trust,
// and adds the probe commands and report. Everything else (diagnostics, fixes, lenses) is the server's.

import * as vscode from 'vscode';
import { fixAll } from './fixes';
import { runWithGuard } from './guard';
import { Prober } from './probe';
import { onDidChangePythonEnvironment } from './python';
import { DefibServer } from './server';
import { RESTART_SETTINGS } from './settings';
import { StatusItem } from './status';

let server: DefibServer | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Defib', { log: true });
  const status = new StatusItem();
  server = new DefibServer(context.extensionPath, log, status);
  const defib = server;
  const prober = new Prober(defib, status, log);
  log.info(`Defib ${(context.extension.packageJSON as { version: string }).version} activating; workspace ${vscode.workspace.isTrusted ? 'trusted' : 'untrusted (probing disabled)'}`);

  const restart = async (why: string): Promise<void> => {
    log.info(`Restarting the server: ${why}`);
    await defib.restart();
  };

  context.subscriptions.push(
    log,
    status,
    defib,
    vscode.commands.registerCommand('defib.probeModelAtCursor', (target?: unknown) => prober.probe(target, false)),
    vscode.commands.registerCommand('defib.probeFile', (target?: unknown) => prober.probe(target, true)),
    vscode.commands.registerCommand('defib.cancelProbe', () => { prober.cancel(); }),
    vscode.commands.registerCommand('defib.runFileWithGuard', () => runWithGuard(defib, log)),
    vscode.commands.registerCommand('defib.showLogs', () => { log.show(); }),
    vscode.commands.registerCommand('defib.restart', () => restart('requested')),
    vscode.commands.registerCommand('defib.fixAll', async () => {
      const editor = vscode.window.activeTextEditor;
      const running = await defib.ensureStarted();
      if (editor === undefined || running === undefined) {
        return;
      }
      void vscode.window.showInformationMessage(`Defib: ${await fixAll(running.client, editor.document)}`);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      const changed = RESTART_SETTINGS.find((setting) => event.affectsConfiguration(setting));
      if (changed !== undefined) {
        await restart(`${changed} changed`);
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      // The interpreter may now come from the Python extension or the workspace's settings.
      await restart('workspace trusted');
    }),
    await onDidChangePythonEnvironment(() => { void restart("the Python extension's environment changed"); }),
  );

  await defib.ensureStarted();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}
