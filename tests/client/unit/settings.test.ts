import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initializationOptions, readServerSettings, RESTART_SETTINGS, serverLaunch, SettingsReader } from '../../../client/src/settings';

function reader(values: Record<string, unknown>): SettingsReader {
  return { get: <T>(section: string) => values[section] as T | undefined };
}

describe('readServerSettings', () => {
  it('uses the defaults when nothing is set', () => {
    const settings = readServerSettings(reader({}), ['/py'], true);
    assert.deepEqual(settings, {
      enable: true,
      lintOnType: true,
      select: [],
      ignore: [],
      severity: {},
      probe: { steps: 30, timeout: 120 },
      interpreter: ['/py'],
      importStrategy: 'useBundled',
      logLevel: 'info',
      workspaceTrusted: true,
    });
  });

  it('nests probe.steps and probe.timeout under probe, as the server reads them', () => {
    const settings = readServerSettings(reader({ 'probe.steps': 5, 'probe.timeout': 30 }), [], true);
    assert.deepEqual(settings.probe, { steps: 5, timeout: 30 });
  });

  it('passes rule selection and severities through', () => {
    const settings = readServerSettings(reader({ select: ['DF1'], ignore: ['DF201'], severity: { DF101: 'warning' }, enable: false }), [], false);
    assert.deepEqual([settings.select, settings.ignore, settings.severity, settings.enable, settings.workspaceTrusted], [['DF1'], ['DF201'], { DF101: 'warning' }, false, false]);
  });

  it('sends the resolved interpreter, not the raw setting', () => {
    const settings = readServerSettings(reader({ interpreter: [] }), ['/home/me/.venv/bin/python'], true);
    assert.deepEqual(settings.interpreter, ['/home/me/.venv/bin/python']);
  });

  it('replaces malformed values with defaults', () => {
    const settings = readServerSettings(reader({ 'probe.steps': -3, importStrategy: 'nope', logLevel: 7, select: 'DF1', severity: { DF101: 3 } }), [], true);
    assert.equal(settings.probe.steps, 30);
    assert.equal(settings.importStrategy, 'useBundled');
    assert.equal(settings.logLevel, 'info');
    assert.deepEqual(settings.select, []);
    assert.deepEqual(settings.severity, {});
  });
});

describe('initializationOptions', () => {
  it('carries the settings and workspace trust', () => {
    const settings = readServerSettings(reader({}), ['/py'], false);
    assert.deepEqual(initializationOptions(settings), { settings, workspaceTrusted: false });
  });
});

describe('RESTART_SETTINGS', () => {
  it('restarts for the interpreter and the import strategy only', () => {
    assert.deepEqual([...RESTART_SETTINGS].sort(), ['defib.importStrategy', 'defib.interpreter']);
  });
});

describe('serverLaunch', () => {
  it('puts the given path first on PYTHONPATH', () => {
    const launch = serverLaunch(['/py'], ['/ext/bundled/libs/cp311'], { PYTHONPATH: '/mine', HOME: '/h' }, ':');
    assert.equal(launch.command, '/py');
    assert.deepEqual(launch.args, ['-m', 'defib', 'serve']);
    assert.equal(launch.env.PYTHONPATH, '/ext/bundled/libs/cp311:/mine');
    assert.equal(launch.env.HOME, '/h');
  });

  it('leaves PYTHONPATH alone when the server comes from the environment', () => {
    assert.equal(serverLaunch(['/py'], [], {}, ':').env.PYTHONPATH, undefined);
    assert.equal(serverLaunch(['/py'], [], { PYTHONPATH: '/mine' }, ':').env.PYTHONPATH, '/mine');
  });

  it('keeps the arguments of a multi-part interpreter before -m', () => {
    const launch = serverLaunch(['conda', 'run', '-n', 'tf', 'python'], ['/b'], {}, ':');
    assert.equal(launch.command, 'conda');
    assert.deepEqual(launch.args, ['run', '-n', 'tf', 'python', '-m', 'defib', 'serve']);
  });
});
