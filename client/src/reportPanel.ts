// The probe report webview: renders with ./report/render and handles its buttons.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { applyQuickFix } from './fixes';
import { renderReport } from './report/render';
import { isReportMessage } from './report/messages';
import type { ProbeReport } from './report/types';

export interface ReportHost {
  /** Runs the same probe again. */
  probeAgain(uri: vscode.Uri, line: number | null): void;
  readonly log: vscode.LogOutputChannel;
}

export class ReportPanel {
  private static current: ReportPanel | undefined;
  private report: ProbeReport;
  private uri: vscode.Uri;
  private line: number | null;

  private constructor(private readonly panel: vscode.WebviewPanel, host: ReportHost, report: ProbeReport, uri: vscode.Uri, line: number | null) {
    this.report = report;
    this.uri = uri;
    this.line = line;
    panel.onDidDispose(() => {
      if (ReportPanel.current === this) {
        ReportPanel.current = undefined;
      }
    });
    panel.webview.onDidReceiveMessage(async (message: unknown) => {
      if (!isReportMessage(message)) {
        return;
      }
      try {
        if (message.type === 'revealLine') {
          await this.reveal(message.line);
        } else if (message.type === 'applyWhatIf') {
          host.log.info(`Report: ${await this.applyWhatIf(message.index)}`);
        } else {
          host.probeAgain(this.uri, this.line);
        }
      } catch (error) {
        host.log.error(`Report action ${message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  /** Shows `report` for the probe of `uri` at 0-based `line` (null: the whole file), reusing the panel. */
  static show(host: ReportHost, report: ProbeReport, uri: vscode.Uri, line: number | null): void {
    const existing = ReportPanel.current;
    if (existing !== undefined) {
      existing.update(report, uri, line);
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel('defib.report', 'Defib Probe', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [],
      retainContextWhenHidden: true,
    });
    ReportPanel.current = new ReportPanel(panel, host, report, uri, line);
    ReportPanel.current.update(report, uri, line);
  }

  private update(report: ProbeReport, uri: vscode.Uri, line: number | null): void {
    this.report = report;
    this.uri = uri;
    this.line = line;
    const name = uri.path.split('/').pop() ?? uri.path;
    this.panel.title = `Defib: ${String(report.verdict)} (${name})`;
    this.panel.webview.html = renderReport(report, {
      cspSource: this.panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      canApplyFixes: vscode.workspace.isTrusted,
    });
  }

  /** `line` is 1-based, as in the report. */
  private async reveal(joinedLine: number): Promise<void> {
    const [target, line] = this.inCell(joinedLine);
    const document = await vscode.workspace.openTextDocument(target);
    const position = new vscode.Position(Math.max(0, line - 1), 0);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** A notebook's report counts lines in its cells joined: the cell's document and the line in it. */
  private inCell(line: number): [vscode.Uri, number] {
    const span = this.report.notebook?.cells?.find(
      (cell) => cell.first_line !== undefined && cell.first_line <= line && line < cell.first_line + (cell.line_count ?? 0),
    );
    const target = this.uri.toString();
    const notebook = vscode.workspace.notebookDocuments.find(
      (open) => open.uri.toString() === target || open.getCells().some((cell) => cell.document.uri.toString() === target),
    );
    if (span?.cell === undefined || span.first_line === undefined || notebook === undefined || span.cell > notebook.cellCount) {
      return [this.uri, line];
    }
    return [notebook.cellAt(span.cell - 1).document.uri, line - span.first_line + 1];
  }

  private async applyWhatIf(index: number): Promise<string> {
    const result = this.report.what_if?.[index];
    if (result?.code === undefined || result.code === null) {
      return `no what-if #${index}`;
    }
    const document = await vscode.workspace.openTextDocument(this.uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    const nearLine = this.report.model?.line ?? (this.line === null ? undefined : this.line + 1);
    const outcome = await applyQuickFix(this.uri, result.code, nearLine ?? undefined);
    void vscode.window.showInformationMessage(`Defib: ${outcome}`);
    return `what-if ${result.code} (${result.change ?? ''}): ${outcome}`;
  }
}
