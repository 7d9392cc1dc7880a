import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import {
  chooseInterpreter,
  describeUnusable,
  expandVariables,
  INTERPRETER_CHECK_SCRIPT,
  interpreterPlatform,
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
  it('reads version, executable, platform, TensorFlow and the server\'s libraries', () => {
    const facts = parseInterpreterCheck(JSON.stringify({
      version: [3, 11, 7], executable: '/v/bin/python', implementation: 'cpython', platform: 'linux', machine: 'x86_64',
      buildPlatform: 'linux-x86_64', pointerBits: 64, freeThreaded: false, tensorflow: true, defib: false,
      packages: { libcst: '1.9.0', pygls: null, lsprotocol: '' },
    }) + '\n');
    assert.deepEqual(facts, {
      version: [3, 11, 7], executable: '/v/bin/python', implementation: 'cpython', platform: 'linux-x64', freeThreaded: false,
      hasTensorFlow: true, hasDefib: false, packages: { libcst: '1.9.0', lsprotocol: '' },
    });
  });

  it('reads the last line when something printed before it', () => {
    const facts = parseInterpreterCheck('warning: x\n{"version": [3, 10, 0], "executable": "p", "tensorflow": false}');
    assert.equal(facts?.hasTensorFlow, false);
  });

  it('reads a Python too old for anything but its version', () => {
    const facts = parseInterpreterCheck('{"version": [2, 7, 18], "executable": "/usr/bin/python"}');
    assert.deepEqual([facts?.version, facts?.platform, facts?.packages], [[2, 7, 18], undefined, {}]);
  });

  it('returns undefined for other output', () => {
    assert.equal(parseInterpreterCheck('Python 2.7'), undefined);
    assert.equal(parseInterpreterCheck(''), undefined);
  });
});

describe('interpreterPlatform', () => {
  it('names Linux and macOS machines as VS Code targets', () => {
    assert.equal(interpreterPlatform({ platform: 'linux', machine: 'x86_64', pointerBits: 64 }), 'linux-x64');
    assert.equal(interpreterPlatform({ platform: 'linux', machine: 'aarch64', pointerBits: 64 }), 'linux-arm64');
    assert.equal(interpreterPlatform({ platform: 'darwin', machine: 'arm64', buildPlatform: 'macosx-11.0-arm64', pointerBits: 64 }), 'darwin-arm64');
  });

  it('sees an x86_64 Python under Rosetta by its machine, not the universal2 build', () => {
    assert.equal(interpreterPlatform({ platform: 'darwin', machine: 'x86_64', buildPlatform: 'macosx-10.9-universal2', pointerBits: 64 }), 'darwin-x64');
  });

  it('reads Windows from the build platform, which an emulated Python keeps', () => {
    assert.equal(interpreterPlatform({ platform: 'win32', machine: 'ARM64', buildPlatform: 'win-amd64', pointerBits: 64 }), 'win32-x64');
    assert.equal(interpreterPlatform({ platform: 'win32', machine: 'ARM64', buildPlatform: 'win-arm64', pointerBits: 64 }), 'win32-arm64');
    assert.equal(interpreterPlatform({ platform: 'win32', machine: 'AMD64', buildPlatform: 'win32', pointerBits: 32 }), 'win32-ia32');
  });

  it('tells a 32-bit Python on a 64-bit kernel apart', () => {
    assert.equal(interpreterPlatform({ platform: 'linux', machine: 'x86_64', pointerBits: 32 }), 'linux-ia32');
  });

  it('is undefined when the Python did not say', () => {
    assert.equal(interpreterPlatform({}), undefined);
    assert.equal(interpreterPlatform({ platform: 'cygwin', machine: 'x86_64' }), undefined);
  });
});

describe('INTERPRETER_CHECK_SCRIPT', () => {
  it('prints what parseInterpreterCheck reads, in a real Python', { skip: !hasPython3() && 'no python3' }, () => {
    const stdout = execFileSync('python3', ['-c', INTERPRETER_CHECK_SCRIPT], { encoding: 'utf8' });
    const facts = parseInterpreterCheck(stdout);
    assert.ok(facts !== undefined && facts.version[0] === 3 && facts.executable !== '');
    assert.ok(facts.implementation !== 'unknown' && facts.platform !== undefined, stdout);
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
    const message = describeUnusable({ command: ['/usr/bin/python3'], source: 'path' }, {
      version: [3, 8, 10], executable: '/usr/bin/python3', implementation: 'cpython', platform: 'linux-x64', freeThreaded: false,
      hasTensorFlow: false, hasDefib: false, packages: {},
    });
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
