// "Probe Model at Cursor" / "Probe File": runs the server's `defib.probe` command with progress
// in the status bar and a cancel on click, then opens the report. The verdict can come first
// (`defib/probeVerdict`, while the what-ifs are tried): the panel shows it until the report does.

import * as vscode from 'vscode';
import { ExecuteCommandRequest, NotificationType } from 'vscode-languageclient/node';
import { offerInterpreterFix } from './python';
import { ProbeReport } from './report/types';
import { ReportPanel } from './reportPanel';
import { DefibServer } from './server';
import { StatusItem } from './status';

/** What a code lens or quick fix passes to `defib.probeModelAtCursor`: `line` is 0-based, null for the file. */
export interface ProbeTarget {
  uri: string;
  line: number | null;
}

export function isProbeTarget(value: unknown): value is ProbeTarget {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const target = value as { uri?: unknown; line?: unknown };
  return typeof target.uri === 'string' && (target.line === null || target.line === undefined || typeof target.line === 'number');
}

/** The server's `defib/probeVerdict`: the report of the probe of `uri` without its what-ifs yet. */
export interface ProbeVerdictParams {
  uri: string;
  report: ProbeReport;
}

export const PROBE_VERDICT = new NotificationType<ProbeVerdictParams>('defib/probeVerdict');

export const UNTRUSTED_MESSAGE =
  'Defib: probing runs your training script, so it is disabled until you trust this workspace.';

export class Prober {
  private cancellation: vscode.CancellationTokenSource | undefined;

  constructor(
    private readonly server: DefibServer,
    private readonly status: StatusItem,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  cancel(): void {
    this.cancellation?.cancel();
  }

  /** Resolves the target from command arguments or, without them, the active editor. */
  async probe(argument: unknown, wholeFile: boolean): Promise<void> {
    let uri: vscode.Uri;
    let line: number | null;
    if (isProbeTarget(argument)) {
      uri = vscode.Uri.parse(argument.uri);
      line = wholeFile ? null : argument.line ?? null;
    } else {
      const editor = vscode.window.activeTextEditor;
      if (editor === undefined || editor.document.languageId !== 'python') {
        void vscode.window.showWarningMessage('Defib: open a Python file to probe its model.');
        return;
      }
      uri = editor.document.uri;
      line = wholeFile ? null : editor.selection.active.line;
    }
    await this.run(uri, line);
  }

  async run(uri: vscode.Uri, line: number | null): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, 'Manage Workspace Trust');
      if (choice) {
        await vscode.commands.executeCommand('workbench.trust.manage');
      }
      return;
    }
    if (this.cancellation !== undefined) {
      void vscode.window.showInformationMessage('Defib: a probe is already running (click the status bar item to cancel it).');
      return;
    }
    const running = await this.server.ensureStarted();
    if (running === undefined) {
      return;
    }
    if (!running.facts.hasTensorFlow) {
      await offerInterpreterFix(
        `Defib's probe needs TensorFlow, but ${running.facts.executable} does not have it. Install it there (pip install tensorflow) or choose an environment that has it.`,
      );
      return;
    }
    const document = vscode.workspace.textDocuments.find((open) => open.uri.toString() === uri.toString());
    if (document?.isDirty) {
      await document.save();
    }
    // A notebook is probed as saved on disk: a lens in a cell saves its notebook first.
    const notebook = vscode.workspace.notebookDocuments.find(
      (open) => open.uri.toString() === uri.toString() || open.getCells().some((cell) => cell.document.uri.toString() === uri.toString()),
    );
    if (notebook?.isDirty) {
      await notebook.save();
    }
    const name = uri.path.split('/').pop() ?? uri.path;
    const what = line === null ? name : `${name}:${line + 1}`;
    this.cancellation = new vscode.CancellationTokenSource();
    this.status.probeStarted(what);
    this.log.info(`Probing ${uri.fsPath}${line === null ? '' : ` at line ${line + 1}`}`);
    const host = { probeAgain: (againUri: vscode.Uri, againLine: number | null) => { void this.run(againUri, againLine); }, log: this.log };
    const cancellation = this.cancellation;
    let shownEarly: ProbeReport | undefined;
    const early = running.client.onNotification(PROBE_VERDICT, (params) => {
      if (params.uri === uri.toString() && !cancellation.token.isCancellationRequested && typeof params.report === 'object' && 'verdict' in params.report) {
        this.log.info(`Probe verdict: ${String(params.report.verdict)} (trying the what-ifs)`);
        shownEarly = params.report;
        ReportPanel.show(host, params.report, uri, line);
      }
    });
    try {
      const report = (await running.client.sendRequest(
        ExecuteCommandRequest.type,
        { command: 'defib.probe', arguments: [{ uri: uri.toString(), line }] },
        this.cancellation.token,
      )) as ProbeReport | null;
      if (report === null || typeof report !== 'object' || !('verdict' in report)) {
        void vscode.window.showErrorMessage('Defib: the probe returned no report (see Defib: Show Logs).');
        return;
      }
      this.log.info(`Probe verdict: ${String(report.verdict)}`);
      ReportPanel.show(host, report, uri, line);
    } catch (error) {
      if (this.cancellation.token.isCancellationRequested) {
        if (shownEarly !== undefined) {
          // The verdict stands; the what-ifs it was waiting for will not come.
          ReportPanel.show(host, { ...shownEarly, what_if_pending: 0 }, uri, line);
        }
        void vscode.window.showInformationMessage(
          shownEarly === undefined ? 'Defib: probe cancelled.' : 'Defib: probe cancelled; its verdict stands, the what-ifs were not tried.',
        );
      } else {
        const message = error instanceof Error ? error.message : String(error);
        this.log.error(`Probe failed: ${message}`);
        void vscode.window.showErrorMessage(`Defib: the probe failed: ${message}`, 'Show Logs').then((choice) => {
          if (choice) {
            this.log.show();
          }
        });
      }
    } finally {
      early.dispose();
      this.cancellation.dispose();
      this.cancellation = undefined;
      this.status.probeFinished();
    }
  }
}
