// The status bar item: the server's state, and a running probe that a click cancels.

import * as vscode from 'vscode';

export type ServerState = 'starting' | 'running' | 'stopped' | 'noPython' | 'error';

const LOOK: Record<ServerState, { text: string; tooltip: string; warning: boolean }> = {
  starting: { text: '$(loading~spin) Defib', tooltip: 'Defib: starting the server', warning: false },
  running: { text: '$(pulse) Defib', tooltip: 'Defib: ready', warning: false },
  stopped: { text: '$(circle-slash) Defib', tooltip: 'Defib: server stopped (click to see the logs)', warning: true },
  noPython: { text: '$(warning) Defib', tooltip: 'Defib: no usable Python 3.10+', warning: true },
  error: { text: '$(error) Defib', tooltip: 'Defib: the server failed (click to see the logs)', warning: true },
};

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('defib.status', vscode.StatusBarAlignment.Left, 10);
  private state: ServerState = 'stopped';
  private detail = '';
  private probing: string | undefined;

  constructor() {
    this.item.name = 'Defib';
    this.render();
    this.item.show();
  }

  set(state: ServerState, detail = ''): void {
    this.state = state;
    this.detail = detail;
    this.render();
  }

  /** Shows a running probe (`what` names it) until `probeFinished`. */
  probeStarted(what: string): void {
    this.probing = what;
    void vscode.commands.executeCommand('setContext', 'defib.probing', true);
    this.render();
  }

  probeFinished(): void {
    this.probing = undefined;
    void vscode.commands.executeCommand('setContext', 'defib.probing', false);
    this.render();
  }

  private render(): void {
    if (this.probing !== undefined) {
      this.item.text = `$(sync~spin) Defib: probing ${this.probing}`;
      this.item.tooltip = 'Defib is running a short training probe. Click to cancel.';
      this.item.command = 'defib.cancelProbe';
      this.item.backgroundColor = undefined;
      return;
    }
    const look = LOOK[this.state];
    this.item.text = look.text;
    this.item.tooltip = this.detail ? `${look.tooltip}\n${this.detail}` : look.tooltip;
    this.item.command = this.state === 'noPython' ? { command: 'workbench.action.openSettings', title: 'Settings', arguments: ['defib.interpreter'] } : 'defib.showLogs';
    this.item.backgroundColor = look.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
