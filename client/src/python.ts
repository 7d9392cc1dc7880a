// Finds and checks the Python interpreter: the setting, the Python extension (optional), PATH.

import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  chooseInterpreter,
  expandVariables,
  INTERPRETER_CHECK_SCRIPT,
  InterpreterChoice,
  InterpreterFacts,
  parseInterpreterCheck,
} from './interpreter';

const PYTHON_EXTENSION_ID = 'ms-python.python';

/** The slice of the Python extension's API we use; the extension is optional, never a dependency. */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
    resolveEnvironment(path: { path: string } | string): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
  };
}

async function pythonExtensionApi(): Promise<PythonExtensionApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (extension === undefined) {
    return undefined;
  }
  try {
    return extension.isActive ? extension.exports : await extension.activate();
  } catch {
    return undefined;
  }
}

/** Fires when the Python extension's active environment changes (never, when it is not installed). */
export async function onDidChangePythonEnvironment(listener: () => void): Promise<vscode.Disposable> {
  const api = await pythonExtensionApi();
  return api?.environments?.onDidChangeActiveEnvironmentPath(() => { listener(); }) ?? new vscode.Disposable(() => undefined);
}

async function pythonExtensionInterpreter(resource: vscode.Uri | undefined): Promise<string[] | undefined> {
  const environments = (await pythonExtensionApi())?.environments;
  if (environments === undefined) {
    return undefined;
  }
  try {
    const environment = await environments.resolveEnvironment(environments.getActiveEnvironmentPath(resource));
    const executable = environment?.executable.uri?.fsPath;
    return executable ? [executable] : undefined;
  } catch {
    return undefined;
  }
}

/** The interpreter for `resource`'s workspace folder, by the setting / Python extension / PATH order. */
export async function findInterpreter(resource: vscode.Uri | undefined): Promise<InterpreterChoice> {
  const folder = resource ? vscode.workspace.getWorkspaceFolder(resource) : vscode.workspace.workspaceFolders?.[0];
  const setting = vscode.workspace.getConfiguration('defib', resource).get<string[]>('interpreter') ?? [];
  const values = { workspaceFolder: folder?.uri.fsPath, userHome: os.homedir(), env: process.env };
  return chooseInterpreter({
    setting: setting.map((part) => expandVariables(part, values)),
    pythonExtension: await pythonExtensionInterpreter(folder?.uri),
    workspaceTrusted: vscode.workspace.isTrusted,
  });
}

/** Runs the check script in the interpreter: its version and whether TensorFlow is installed. */
export function checkInterpreter(choice: InterpreterChoice): Promise<{ facts?: InterpreterFacts; error?: string }> {
  const [command, ...prefix] = choice.command;
  return new Promise((resolve) => {
    if (command === undefined) {
      resolve({ error: 'no command' });
      return;
    }
    execFile(command, [...prefix, '-c', INTERPRETER_CHECK_SCRIPT], { timeout: 30_000 }, (error, stdout) => {
      const facts = parseInterpreterCheck(stdout);
      resolve(facts ? { facts } : { error: error?.message.split('\n')[0] ?? 'unexpected output' });
    });
  });
}

/** Offers the ways to pick another interpreter: the Python extension's picker when present, the setting always. */
export async function offerInterpreterFix(message: string, modal = false): Promise<void> {
  const pick = vscode.extensions.getExtension(PYTHON_EXTENSION_ID) ? 'Select Interpreter' : undefined;
  const settings = 'Open Settings';
  const choice = await vscode.window.showErrorMessage(message, { modal }, ...(pick ? [pick] : []), settings);
  if (choice === pick && pick !== undefined) {
    await vscode.commands.executeCommand('python.setInterpreter');
  } else if (choice === settings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'defib.interpreter');
  }
}
