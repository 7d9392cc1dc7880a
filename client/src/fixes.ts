// Applying the server's fixes: "Fix All" and the report's what-if buttons. The server owns the
// edits; the client only asks for its code actions and applies the one that matches.

import * as vscode from 'vscode';
import { CodeActionRequest, LanguageClient } from 'vscode-languageclient/node';

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) {
    return undefined;
  }
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function defibDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source?.toLowerCase() === 'defib');
}

function isSuppression(action: vscode.CodeAction): boolean {
  return /^Ignore\b|noqa/i.test(action.title);
}

async function applyAction(action: vscode.CodeAction): Promise<boolean> {
  let applied = false;
  if (action.edit) {
    applied = await vscode.workspace.applyEdit(action.edit);
  }
  if (action.command) {
    await vscode.commands.executeCommand(action.command.command, ...((action.command.arguments ?? []) as unknown[]));
    applied = true;
  }
  return applied;
}

/**
 * Applies the quick fix for rule `code` at the diagnostic nearest `nearLine` (1-based), as the
 * lightbulb would. Returns a sentence saying what happened.
 */
export async function applyQuickFix(uri: vscode.Uri, code: string, nearLine: number | undefined): Promise<string> {
  const candidates = defibDiagnostics(uri).filter((diagnostic) => codeOf(diagnostic) === code);
  const target = nearLine === undefined
    ? candidates[0]
    : candidates.sort((a, b) => Math.abs(a.range.start.line + 1 - nearLine) - Math.abs(b.range.start.line + 1 - nearLine))[0];
  if (target === undefined) {
    return `No ${code} finding is open in this file any more, so there is nothing to fix.`;
  }
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[] | undefined>(
    'vscode.executeCodeActionProvider', uri, target.range, vscode.CodeActionKind.QuickFix.value, 10,
  ) ?? [];
  // The rule's own fix, not the "Ignore DFxxx on this line" (noqa) action the server also offers.
  // `vscode.executeCodeActionProvider` drops the actions' diagnostics, so the server's titles
  // ("Use sigmoid (DF401)") name the rule too.
  const fixes = actions.filter((action) => action.edit !== undefined && !isSuppression(action)
    && ((action.diagnostics ?? []).some((diagnostic) => codeOf(diagnostic) === code) || action.title.includes(code)));
  const fix = fixes.find((action) => action.isPreferred === true) ?? fixes[0];
  if (fix === undefined) {
    const offered = actions.map((action) => `${action.title} [${(action.diagnostics ?? []).map(codeOf).join(',')}]${action.edit ? ' (edit)' : ''}`);
    return `Defib has no automatic fix for ${code} here (offered: ${offered.join('; ') || 'nothing'}).`;
  }
  await applyAction(fix);
  return `Applied: ${fix.title}`;
}

/** Asks the server for its `source.fixAll` action on the whole document and applies it. */
export async function fixAll(client: LanguageClient, document: vscode.TextDocument): Promise<string> {
  const diagnostics = defibDiagnostics(document.uri);
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const result = await client.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) },
    range: client.code2ProtocolConverter.asRange(whole),
    context: {
      diagnostics: await client.code2ProtocolConverter.asDiagnostics(diagnostics),
      only: [vscode.CodeActionKind.SourceFixAll.value],
    },
  });
  const actions = (await client.protocol2CodeConverter.asCodeActionResult(result ?? [])).filter(
    (action): action is vscode.CodeAction => action instanceof vscode.CodeAction,
  );
  const action = actions[0];
  if (action === undefined) {
    return diagnostics.length === 0 ? 'Defib found nothing to fix in this file.' : 'Defib has no safe automatic fixes for this file.';
  }
  return (await applyAction(action)) ? `Applied: ${action.title}` : 'The fixes could not be applied (the file changed?).';
}
