import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import {
  chooseInterpreter,
  describeUnusable,
  expandVariables,
  INTERPRETER_CHECK_SCRIPT,
  isSupportedVersion,
  parseInterpreterCheck,
} from '../../../client/src/interpreter';

describe('chooseInterpreter', () => {
  it('prefers the defib.interpreter setting', () => {
    const choice = chooseInterpreter({ setting: ['/opt/py/bin/python'], pythonExtension: ['/env/bin/python'], workspaceTrusted: true });
    assert.deepEqual(choice, { command: ['/opt/py/bin/python'], source: 'setting' });
  });

  it("uses the Python extension's environment when the setting is empty", () => {
    const choice = chooseInterpreter({ setting: [], pythonExtension: ['/env/bin/python'], workspaceTrusted: true });
    assert.deepEqual(choice, { command: ['/env/bin/python'], source: 'pythonExtension' });
  });

  it('falls back to python3 on PATH without the Python extension', () => {
    const choice = chooseInterpreter({ setting: [], pythonExtension: undefined, workspaceTrusted: true });
    assert.deepEqual(choice, { command: ['python3'], source: 'path' });
  });

  it("ignores the Python extension's environment in an untrusted workspace", () => {
    const choice = chooseInterpreter({ setting: [], pythonExtension: ['/ws/.venv/bin/python'], workspaceTrusted: false });
    assert.equal(choice.source, 'path');
  });

  it('treats blank setting entries as unset', () => {
    const choice = chooseInterpreter({ setting: ['  '], pythonExtension: undefined, workspaceTrusted: true });
    assert.equal(choice.source, 'path');
  });

  it('keeps a multi-part command such as conda run', () => {
    const choice = chooseInterpreter({ setting: ['conda', 'run', '-n', 'tf', 'python'], pythonExtension: undefined, workspaceTrusted: true });
    assert.deepEqual(choice.command, ['conda', 'run', '-n', 'tf', 'python']);
  });
});

describe('expandVariables', () => {
  const values = { workspaceFolder: '/ws', userHome: '/home/me', env: { VENV: '/venvs/tf' } };

  it('expands workspaceFolder, userHome and env variables', () => {
    assert.equal(expandVariables('${workspaceFolder}/.venv/bin/python', values), '/ws/.venv/bin/python');
    assert.equal(expandVariables('${userHome}/py', values), '/home/me/py');
    assert.equal(expandVariables('${env:VENV}/bin/python', values), '/venvs/tf/bin/python');
  });

  it('expands a leading tilde', () => {
    assert.equal(expandVariables('~/venv/bin/python', values), '/home/me/venv/bin/python');
  });

  it('leaves ${workspaceFolder} alone without a folder', () => {
    assert.equal(expandVariables('${workspaceFolder}/x', { ...values, workspaceFolder: undefined }), '${workspaceFolder}/x');
  });
});

describe('parseInterpreterCheck', () => {
  it('reads version, executable and TensorFlow presence', () => {
    const facts = parseInterpreterCheck('{"version": [3, 11, 7], "executable": "/v/bin/python", "tensorflow": true, "defib": false}\n');
    assert.deepEqual(facts, { version: [3, 11, 7], executable: '/v/bin/python', hasTensorFlow: true, hasDefib: false });
  });

  it('reads the last line when something printed before it', () => {
    const facts = parseInterpreterCheck('warning: x\n{"version": [3, 10, 0], "executable": "p", "tensorflow": false}');
    assert.equal(facts?.hasTensorFlow, false);
  });

  it('returns undefined for other output', () => {
    assert.equal(parseInterpreterCheck('Python 2.7'), undefined);
    assert.equal(parseInterpreterCheck(''), undefined);
  });
});

describe('INTERPRETER_CHECK_SCRIPT', () => {
  it('prints what parseInterpreterCheck reads, in a real Python', { skip: !hasPython3() && 'no python3' }, () => {
    const stdout = execFileSync('python3', ['-c', INTERPRETER_CHECK_SCRIPT], { encoding: 'utf8' });
    const facts = parseInterpreterCheck(stdout);
    assert.ok(facts !== undefined && facts.version[0] === 3 && facts.executable !== '');
  });
});

describe('isSupportedVersion', () => {
  it('accepts 3.10 and newer, rejects older', () => {
    assert.ok(isSupportedVersion([3, 10, 0]));
    assert.ok(isSupportedVersion([3, 13, 1]));
    assert.ok(!isSupportedVersion([3, 9, 18]));
    assert.ok(!isSupportedVersion([2, 7, 18]));
  });
});

describe('describeUnusable', () => {
  it('names the old version and where the interpreter came from', () => {
    const message = describeUnusable({ command: ['/usr/bin/python3'], source: 'path' }, { version: [3, 8, 10], executable: '/usr/bin/python3', hasTensorFlow: false, hasDefib: false });
    assert.match(message, /3\.10 or newer/);
    assert.match(message, /3\.8\.10/);
    assert.match(message, /PATH/);
  });

  it('says when the interpreter could not run at all', () => {
    const message = describeUnusable({ command: ['/nope/python'], source: 'setting' }, undefined, 'ENOENT');
    assert.match(message, /could not run Python "\/nope\/python" \(from the defib.interpreter setting\): ENOENT/);
  });
});

function hasPython3(): boolean {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
}
