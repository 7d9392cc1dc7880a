// "Run Training with Guard" (`defib.runFileWithGuard`): runs the server's `defib.runWithGuard` on
// the active file. The server shows the progress (cancellable), the outcome message and the
// guard's diagnostics. The client command has its own name: the language client registers the
// server's commands itself, and a second registration of the same name fails its start.

import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { DefibServer } from './server';

export const UNTRUSTED_RUN_MESSAGE =
  'Defib: running with the guard runs your training script, so it is disabled until you trust this workspace.';

export async function runWithGuard(server: DefibServer, log: vscode.LogOutputChannel): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(UNTRUSTED_RUN_MESSAGE);
    return;
  }
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.document.languageId !== 'python') {
    void vscode.window.showWarningMessage('Defib: open a Python training script to run it with the guard.');
    return;
  }
  if (editor.document.isDirty) {
    await editor.document.save();
  }
  const running = await server.ensureStarted();
  if (running === undefined) {
    return;
  }
  const uri = editor.document.uri;
  log.info(`Running ${uri.fsPath} with the guard`);
  try {
    const outcome = (await running.client.sendRequest(ExecuteCommandRequest.type, {
      command: 'defib.runWithGuard',
      arguments: [{ uri: uri.toString() }],
    })) as { outcome?: string } | null;
    log.info(`Guarded run of ${uri.fsPath}: ${String(outcome?.outcome)}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`Guarded run failed: ${message}`);
    void vscode.window.showErrorMessage(`Defib: the guarded run failed: ${message}`);
  }
}
