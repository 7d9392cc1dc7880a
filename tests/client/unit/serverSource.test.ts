import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { InterpreterFacts } from '../../../client/src/interpreter';
import {
  BundleManifest,
  bundledPythonFor,
  chooseServerSource,
  describeNoServer,
  meetsRequirement,
  missingRequirements,
  parseBundleManifest,
  SERVER_REQUIREMENTS,
  serverPythonPath,
  versionRange,
} from '../../../client/src/serverSource';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

const BUNDLE: BundleManifest = {
  target: 'linux-x64',
  pythons: ['3.10', '3.11', '3.12', '3.13'].map((version) => ({ tag: `cp${version.replace('.', '')}`, version, libcst: '1.9.0' })),
};

const posixJoin = (...parts: string[]): string => parts.join('/');

const SERVER_LIBRARIES = { libcst: '1.8.6', pygls: '2.1.1', lsprotocol: '2025.0.0' };

function facts(overrides: Partial<InterpreterFacts> = {}): InterpreterFacts {
  return {
    version: [3, 11, 7],
    executable: '/usr/bin/python3',
    implementation: 'cpython',
    platform: 'linux-x64',
    freeThreaded: false,
    hasTensorFlow: false,
    hasDefib: false,
    packages: {},
    ...overrides,
  };
}

describe('parseBundleManifest', () => {
  it('reads the target and the bundled Pythons', () => {
    const text = JSON.stringify({ target: 'darwin-arm64', defib: '0.1.0', pythons: [{ tag: 'cp312', version: '3.12', libcst: '1.9.0' }], skipped: [] });
    assert.deepEqual(parseBundleManifest(text), { target: 'darwin-arm64', pythons: [{ tag: 'cp312', version: '3.12', libcst: '1.9.0' }] });
  });

  it('returns undefined for anything else', () => {
    assert.equal(parseBundleManifest('{"pythons": []}'), undefined);
    assert.equal(parseBundleManifest('not json'), undefined);
  });
});

describe('bundledPythonFor', () => {
  it('picks the libraries built for the interpreter\'s CPython minor version', () => {
    assert.equal(bundledPythonFor(facts({ version: [3, 12, 1] }), BUNDLE)?.tag, 'cp312');
  });

  it('has none for a version the package could not get wheels for', () => {
    assert.equal(bundledPythonFor(facts({ version: [3, 14, 0] }), BUNDLE), undefined);
  });

  it('has none for another implementation, a free-threaded build or another platform', () => {
    assert.equal(bundledPythonFor(facts({ implementation: 'pypy' }), BUNDLE), undefined);
    assert.equal(bundledPythonFor(facts({ version: [3, 13, 0], freeThreaded: true }), BUNDLE), undefined);
    assert.equal(bundledPythonFor(facts({ platform: 'linux-arm64' }), BUNDLE), undefined);
  });

  it('trusts the package when the interpreter did not say its platform', () => {
    assert.equal(bundledPythonFor(facts({ platform: undefined }), BUNDLE)?.tag, 'cp311');
  });
});

describe('chooseServerSource', () => {
  it('uses the bundled libraries that match the interpreter', () => {
    const source = chooseServerSource('useBundled', facts(), BUNDLE);
    assert.deepEqual(source, { kind: 'bundled', python: { tag: 'cp311', version: '3.11', libcst: '1.9.0' } });
    assert.deepEqual(serverPythonPath(source, '/ext/bundled', posixJoin), ['/ext/bundled/libs/cp311']);
  });

  it('runs the bundled server on the interpreter\'s own libraries when none are bundled for it', () => {
    const source = chooseServerSource('useBundled', facts({ version: [3, 14, 0], packages: SERVER_LIBRARIES }), BUNDLE);
    assert.deepEqual(source, { kind: 'bundledServer' });
    assert.deepEqual(serverPythonPath(source, '/ext/bundled', posixJoin), ['/ext/bundled/server']);
  });

  it('is unusable, naming what is missing, when neither works', () => {
    const source = chooseServerSource('useBundled', facts({ implementation: 'pypy', packages: { libcst: '1.8.6' } }), BUNDLE);
    assert.deepEqual(source, { kind: 'unusable', missing: ['pygls>=2.0,<3', 'lsprotocol>=2023.0.1'] });
  });

  it('uses the installed defib with fromEnvironment, and says when there is none', () => {
    const installed = chooseServerSource('fromEnvironment', facts({ hasDefib: true }), BUNDLE);
    assert.deepEqual(installed, { kind: 'environment' });
    assert.deepEqual(serverPythonPath(installed, '/ext/bundled', posixJoin), []);
    assert.deepEqual(chooseServerSource('fromEnvironment', facts(), BUNDLE), { kind: 'notInstalled' });
  });

  it('uses an installed defib when the extension bundles nothing', () => {
    const ready = facts({ hasDefib: true, packages: SERVER_LIBRARIES });
    assert.deepEqual(chooseServerSource('useBundled', ready, undefined), { kind: 'environment' });
    assert.deepEqual(chooseServerSource('useBundled', facts({ packages: SERVER_LIBRARIES }), undefined), { kind: 'unusable', missing: ['defib'] });
  });
});

describe('meetsRequirement', () => {
  it('compares versions part by part', () => {
    assert.ok(meetsRequirement('libcst>=1.1', '1.10.0', [3, 12]));
    assert.ok(!meetsRequirement('libcst>=1.1', '1.0.9', [3, 12]));
    assert.ok(meetsRequirement('pygls>=2.0,<3', '2.1.1', [3, 12]));
    assert.ok(!meetsRequirement('pygls>=2.0,<3', '1.3.1', [3, 12]));
    assert.ok(!meetsRequirement('pygls>=2.0,<3', '3.0.0a1', [3, 12]));
  });

  it('accepts an importable package of unknown version, and rejects a missing one', () => {
    assert.ok(meetsRequirement('lsprotocol>=2023.0.1', '', [3, 12]));
    assert.ok(!meetsRequirement('lsprotocol>=2023.0.1', undefined, [3, 12]));
  });

  it('needs tomli only below Python 3.11', () => {
    assert.ok(meetsRequirement("tomli>=2; python_version < '3.11'", undefined, [3, 11, 0]));
    assert.ok(!meetsRequirement("tomli>=2; python_version < '3.11'", undefined, [3, 10, 13]));
    assert.deepEqual(missingRequirements(facts({ version: [3, 10, 13], packages: SERVER_LIBRARIES })), ["tomli>=2; python_version < '3.11'"]);
  });
});

describe('SERVER_REQUIREMENTS', () => {
  it('are pyproject.toml\'s dependencies', () => {
    const pyproject = fs.readFileSync(path.join(repoRoot, 'pyproject.toml'), 'utf8');
    const block = /^dependencies = \[([^\]]*)\]/m.exec(pyproject)?.[1] ?? '';
    const dependencies = [...block.matchAll(/^\s*"([^"]+)",?\s*$/gm)].map((match) => match[1]);
    assert.deepEqual(dependencies, [...SERVER_REQUIREMENTS]);
  });
});

describe('describeNoServer', () => {
  it('names the Python, its platform, what the package bundles and both ways out', () => {
    const python = facts({ version: [3, 14, 0], executable: '/opt/py314/bin/python3' });
    const message = describeNoServer({ command: ['python3'], source: 'path' }, python, BUNDLE, ['libcst>=1.1', 'pygls>=2.0,<3']);
    assert.match(message, /"python3" \(from PATH\) is CPython 3\.14\.0 on linux-x64/);
    assert.match(message, /bundles them for CPython 3\.10-3\.13 on linux-x64/);
    assert.match(message, /lacks libcst>=1\.1, pygls>=2\.0,<3/);
    assert.match(message, /"\/opt\/py314\/bin\/python3" -m pip install defib/);
    assert.match(message, /choose CPython 3\.10-3\.13 in defib\.interpreter/);
  });

  it('says when another architecture is the reason', () => {
    const message = describeNoServer({ command: ['/usr/local/bin/python3'], source: 'setting' }, facts({ platform: 'darwin-x64' }), { ...BUNDLE, target: 'darwin-arm64' }, ['libcst>=1.1']);
    assert.match(message, /is CPython 3\.11\.7 on darwin-x64/);
    assert.match(message, /on darwin-arm64/);
  });
});

describe('versionRange', () => {
  it('shortens consecutive versions and lists the others', () => {
    assert.equal(versionRange(['3.12', '3.10', '3.11', '3.13']), '3.10-3.13');
    assert.equal(versionRange(['3.10', '3.12']), '3.10, 3.12');
    assert.equal(versionRange([]), 'none');
  });
});
