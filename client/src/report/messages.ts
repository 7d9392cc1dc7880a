// Messages the report webview posts to the extension.

export type ReportMessage =
  | { type: 'revealLine'; line: number }
  | { type: 'applyWhatIf'; index: number }
  | { type: 'probeAgain' };

export function isReportMessage(value: unknown): value is ReportMessage {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const message = value as { type?: unknown; line?: unknown; index?: unknown };
  switch (message.type) {
    case 'revealLine':
      return typeof message.line === 'number';
    case 'applyWhatIf':
      return typeof message.index === 'number';
    case 'probeAgain':
      return true;
    default:
      return false;
  }
}
