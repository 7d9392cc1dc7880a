// End to end: the packaged .vsix in code-server, driven through the UI like a user would.
// Needs `bash scripts/e2e-setup.sh` and `npm run package` first; screenshots go to test-results/.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Page } from 'playwright-core';
import {
  Box,
  checkSetup,
  EditorSession,
  editorText,
  goToLine,
  installExtension,
  makeWorkspace,
  openEditor,
  openFile,
  otherPythons,
  problems,
  pythonVersion,
  reportFrame,
  resultsDir,
  runCommand,
  setColorTheme,
  testPython,
  waitFor,
} from './harness';

const SEEDS = ['seed_1_learning_rate.py', 'seed_2_vanishing_gradients.py', 'seed_3_data_scaling.py'];
const COLLAPSING = 'one_unit_softmax.py';

let extensionsDir = '';

before(() => {
  checkSetup();
  extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'defib-e2e-extensions-'));
  installExtension(extensionsDir);
});

after(() => {
  fs.rmSync(extensionsDir, { recursive: true, force: true });
});

async function withLogOnFailure<T>(session: EditorSession, name: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    await session.screenshot(`${name}-failure`).catch(() => undefined);
    const toasts = await session.page.locator('.notifications-toasts .notification-toast').allInnerTexts().catch(() => []);
    console.error(`--- notifications (${name}) ---\n${toasts.join('\n')}`);
    console.error(`--- Defib output channel (${name}) ---\n${session.defibLog()}`);
    throw error;
  }
}

/** The box around some parts of the workbench (e.g. `.part.editor`), for a framed screenshot. */
async function partsBox(page: Page, selectors: readonly string[]): Promise<Box> {
  const boxes: Box[] = [];
  for (const selector of selectors) {
    const box = await page.locator(selector).first().boundingBox();
    assert.ok(box !== null, `${selector} is not visible`);
    boxes.push(box);
  }
  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const bottom = Math.max(...boxes.map((box) => box.y + box.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

function lineOf(file: string, pattern: RegExp): number {
  const index = fs.readFileSync(file, 'utf8').split('\n').findIndex((line) => pattern.test(line));
  assert.ok(index >= 0, `${pattern} not found in ${file}`);
  return index + 1;
}

describe('in a trusted workspace', () => {
  let session: EditorSession;

  before(async () => {
    session = await openEditor({
      name: 'trusted',
      extensionsDir,
      workspace: makeWorkspace('trusted', [...SEEDS, COLLAPSING]),
      // Workspace Trust off: every folder is trusted.
      settings: { 'security.workspace.trust.enabled': false, 'defib.interpreter': [testPython()] },
    });
  });

  after(async () => {
    await session.close();
  });

  it('shows squiggles and Problems entries with the seed programs\' codes', async () => {
    const { page } = session;
    await withLogOnFailure(session, 'diagnostics', async () => {
      for (const file of SEEDS) {
        await openFile(page, file);
        await page.locator('.editor-instance .squiggly-error, .editor-instance .squiggly-warning, .editor-instance .squiggly-info')
          .first().waitFor({ state: 'attached', timeout: 90_000 });
      }
      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const rows = await waitFor('DF101, DF201 and DF301 in Problems', async () => {
        const found = await problems(page);
        const text = found.join('\n');
        return ['DF101', 'DF201', 'DF301'].every((code) => text.includes(code)) ? found : undefined;
      }, 60_000);
      assert.ok(rows.length >= 3);
      assert.match(session.defibLog(), /Interpreter: .*python/);
      await session.screenshot('01-diagnostics-and-problems');
    });
  });

  it('explains a finding in a hover over its squiggle', async () => {
    const { page } = session;
    await withLogOnFailure(session, 'hover', async () => {
      await openFile(page, COLLAPSING);
      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      await waitFor('DF401 in Problems', async () => (await problems(page)).join('\n').includes('DF401'), 60_000);
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'DF401' }).first();
      await waitFor('the hover over the one-unit softmax', async () => {
        // The topmost error squiggle is the softmax layer's (DF401); the loss's (DF403) is below it.
        const boxes = await page.locator('.editor-instance .squiggly-error').evaluateAll((elements) =>
          elements.map((element) => element.getBoundingClientRect()).map(({ x, y, width, height }) => ({ x, y, width, height })));
        const squiggle = boxes.filter((box) => box.width > 0).sort((a, b) => a.y - b.y)[0];
        if (squiggle === undefined) {
          return false;
        }
        await page.mouse.move(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2);
        return hover.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
      }, 40_000, 500);
      assert.match(await hover.innerText(), /Softmax over a single unit always outputs 1\.0/);
      await page.waitForTimeout(300);
      // For the marketplace page: the editor, its hover and the Problems panel, without the side bar.
      await session.screenshot('marketplace/squiggle', await partsBox(page, ['.part.editor', '.part.panel']));
    });
  });

  it('applies a quick fix, and the code and the squiggle change', async () => {
    const { page } = session;
    await withLogOnFailure(session, 'quick-fix', async () => {
      const file = path.join(session.workspace, 'seed_1_learning_rate.py');
      const line = lineOf(file, /learning_rate=10\.0/);
      await openFile(page, 'seed_1_learning_rate.py');
      await goToLine(page, line);
      // The lightbulb menu only has entries once the server's diagnostics are in: retry until it does.
      const menu = page.locator('.action-widget:not(.action-list-submenu-panel)').first();
      await waitFor('the quick fix menu', async () => {
        await page.keyboard.press('Escape');
        // Put the cursor inside the finding by clicking its squiggle (the only one in this file).
        const squiggle = await page.locator('.editor-instance [class*="squiggly-"]').first().boundingBox();
        if (squiggle === null) {
          return false;
        }
        await page.mouse.click(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2);
        await page.keyboard.press('Control+.');
        return menu.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
      }, 40_000, 500);
      await session.screenshot('02-quick-fix-menu');
      const items = menu.locator('.monaco-list-row.action');
      const labels = await items.allInnerTexts();
      const pick = labels.findIndex((label) => /learning|rate|0\.001|DF101/i.test(label) && !/probe|^ignore/i.test(label.trim()));
      assert.ok(pick >= 0, `no DF101 fix among ${JSON.stringify(labels)}`);
      await items.nth(pick).click();
      await waitFor('the learning rate to change in the editor', async () => !(await editorText(page)).includes('learning_rate=10.0'), 20_000);
      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      await waitFor('DF101 to leave Problems', async () => !(await problems(page)).join('\n').includes('DF101'), 30_000);
      await session.screenshot('03-after-quick-fix');
    });
  });

  it('probes a collapsing model and shows the report with its charts', async () => {
    const { page } = session;
    await withLogOnFailure(session, 'probe', async () => {
      const line = lineOf(path.join(session.workspace, COLLAPSING), /^model = /);
      await openFile(page, COLLAPSING);
      await goToLine(page, line);
      await runCommand(page, 'Defib: Probe Model at Cursor');
      // While it runs, the status bar says so (and a click there would cancel it).
      const probing = page.locator('.statusbar-item', { hasText: 'Defib: probing' }).first();
      if (await probing.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false)) {
        await session.screenshot('04-probe-running-status-bar');
      }
      const frame = await reportFrame(page);
      assert.equal(await frame.locator('[data-verdict]').getAttribute('data-verdict'), 'collapsed');
      assert.ok((await frame.locator('svg.chart').count()) >= 3, 'the report draws its charts');
      // The verdict reached the panel ahead of the what-ifs (defib/probeVerdict), then the
      // complete report replaced it.
      const verdicts = await waitFor('both verdicts in the log', () => {
        const lines = session.defibLog().split('\n').filter((entry) => /Probe verdict: /.test(entry));
        return lines.length >= 2 ? lines : undefined;
      }, 15_000);
      assert.match(verdicts[0], /Probe verdict: collapsed \(trying the what-ifs\)/);
      assert.match(verdicts[verdicts.length - 1], /Probe verdict: collapsed$/);
      await frame.locator('h1').waitFor({ state: 'visible' });
      await session.screenshot('04-probe-report-dark');
      // The report alone, scrolled to its charts, in the three kinds of theme.
      await runCommand(page, 'View: Toggle Panel Visibility');
      await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
      const webview = page.locator('iframe.webview').first();
      // Picker labels are "Dark Modern" in recent VS Code, "Default Dark Modern" in older ones.
      for (const [theme, label, name, workbenchClass] of [
        ['Dark Modern', /^\s*(Default )?Dark Modern\s*$/, 'dark', 'vs-dark'],
        ['Light Modern', /^\s*(Default )?Light Modern\s*$/, 'light', 'vs'],
        ['High Contrast', /^\s*(Default )?(Dark )?High Contrast\s*$/, 'high-contrast', 'hc-black'],
      ] as const) {
        await setColorTheme(page, theme, label);
        await waitFor(`the ${theme} theme`, async () =>
          ((await page.locator('.monaco-workbench').getAttribute('class')) ?? '').split(/\s+/).includes(workbenchClass), 20_000);
        await page.waitForTimeout(500);
        await session.screenshot(`05-probe-report-${name}`);
        await frame.locator('section.charts').scrollIntoViewIfNeeded();
        await webview.screenshot({ path: path.join(resultsDir, `06-probe-report-charts-${name}.png`) });
        await frame.locator('h1').scrollIntoViewIfNeeded();
      }
      await setColorTheme(page, 'Dark Modern', /^\s*(Default )?Dark Modern\s*$/);
      await waitFor('the Dark Modern theme', async () =>
        ((await page.locator('.monaco-workbench').getAttribute('class')) ?? '').split(/\s+/).includes('vs-dark'), 20_000);
      // For the marketplace page: the code and its report side by side, with no tooltip over them
      // (the pointer rests on the empty lines below the code).
      const editorPart = await partsBox(page, ['.part.editor']);
      await page.mouse.move(editorPart.x + 200, editorPart.y + editorPart.height - 40);
      await page.waitForTimeout(500);
      await session.screenshot('marketplace/probe-report', editorPart);
      // A layer link in the report reveals its line in the editor.
      const layerLink = frame.locator('table.layers button.link').first();
      const layerLine = Number(await layerLink.getAttribute('data-line'));
      await layerLink.click();
      await waitFor('the cursor to move to the layer', async () => {
        const status = await page.locator('.statusbar-item[id*="selection"], #status\\.editor\\.selection').first().innerText().catch(() => '');
        return status.includes(`Ln ${layerLine},`);
      }, 15_000);
      // A what-if that cured the model applies its fix in the editor.
      const before = await editorText(page);
      const apply = frame.locator('button[data-what-if].primary').first();
      assert.ok((await apply.count()) > 0, 'the report offers a what-if fix that cured the model');
      await apply.click();
      await waitFor('the what-if fix to change the code', async () => (await editorText(page)) !== before, 20_000);
      assert.match(await editorText(page), /activation="sigmoid"/);
      await session.screenshot('08-what-if-applied');
    });
  });

  it('applies every safe fix with "Defib: Fix All"', async () => {
    const { page } = session;
    await withLogOnFailure(session, 'fix-all', async () => {
      await openFile(page, COLLAPSING);
      assert.match(await editorText(page), /loss="categorical_crossentropy"/);
      await runCommand(page, 'Defib: Fix All');
      await waitFor('the loss to become binary cross-entropy', async () => /loss="binary_crossentropy"/.test(await editorText(page)), 20_000);
      await session.screenshot('08-fix-all-applied');
    });
  });
});

describe('in an untrusted workspace', () => {
  let session: EditorSession;

  before(async () => {
    session = await openEditor({
      name: 'untrusted',
      extensionsDir,
      workspace: makeWorkspace('untrusted', [COLLAPSING, 'seed_1_learning_rate.py']),
      // Trust on, and no prompt: the folder opens in Restricted Mode.
      settings: {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.untrustedFiles': 'open',
        'defib.interpreter': [testPython()],
      },
    });
  });

  after(async () => {
    await session.close();
  });

  it('still checks the code but refuses to probe', async () => {
    const { page } = session;
    await withLogOnFailure(session, 'untrusted', async () => {
      await openFile(page, 'seed_1_learning_rate.py');
      await page.locator('.editor-instance .squiggly-error, .editor-instance .squiggly-warning').first().waitFor({ state: 'attached', timeout: 90_000 });
      assert.match(session.defibLog(), /untrusted/);
      await openFile(page, COLLAPSING);
      await runCommand(page, 'Defib: Probe Model at Cursor');
      await waitFor('the "trust the workspace" message', async () =>
        (await page.locator('.notifications-toasts .notification-toast').allInnerTexts()).some((text) => /disabled until you trust this workspace/.test(text)), 20_000);
      await session.screenshot('07-untrusted-probe-refused');
      assert.equal(await page.locator('iframe.webview').count(), 0, 'no report opened');
    });
  });
});

/** A Python without TensorFlow (the package bundles the server's libraries for it), or undefined. */
function barePython(): string | undefined {
  const candidate = process.env.DEFIB_E2E_BARE_PYTHON ?? 'python3';
  try {
    execFileSync(candidate, ['-c', 'import sys, importlib.util as u; assert sys.version_info >= (3, 10) and u.find_spec("tensorflow") is None'], { timeout: 60_000, stdio: 'ignore' });
    return candidate;
  } catch {
    return undefined;
  }
}

async function waitForToast(session: EditorSession, pattern: RegExp): Promise<string> {
  return waitFor(`a notification matching ${pattern}`, async () =>
    (await session.page.locator('.notifications-toasts .notification-toast').allInnerTexts()).find((text) => pattern.test(text)), 60_000);
}

describe('with a Python that has nothing installed', () => {
  const python = barePython();
  let session: EditorSession | undefined;

  before(async () => {
    if (python !== undefined) {
      session = await openEditor({
        name: 'bare-python',
        extensionsDir,
        workspace: makeWorkspace('bare', [COLLAPSING]),
        settings: { 'security.workspace.trust.enabled': false, 'defib.interpreter': [python] },
      });
    }
  });

  after(async () => {
    await session?.close();
  });

  it('checks the code with the bundled server and says the probe needs TensorFlow', { skip: python === undefined && 'no TensorFlow-free Python 3.10+' }, async () => {
    if (session === undefined) {
      return;
    }
    const current = session;
    await withLogOnFailure(current, 'bare-python', async () => {
      await openFile(current.page, COLLAPSING);
      await current.page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'attached', timeout: 90_000 });
      await runCommand(current.page, 'Defib: Probe Model at Cursor');
      const toast = await waitForToast(current, /probe needs TensorFlow/);
      assert.match(toast, /Open Settings/);
      await current.screenshot('09-probe-needs-tensorflow');
    });
  });
});

describe('with CPythons of other versions', () => {
  const pythons = otherPythons();
  for (const { python, version } of pythons) {
    describe(`CPython ${version}`, () => {
      let session: EditorSession;
      const tag = `cp${version.replace('.', '')}`;

      before(async () => {
        session = await openEditor({
          name: `python-${tag}`,
          extensionsDir,
          workspace: makeWorkspace(`python-${tag}`, ['seed_1_learning_rate.py']),
          settings: { 'security.workspace.trust.enabled': false, 'defib.interpreter': [python] },
        });
      });

      after(async () => {
        await session.close();
      });

      it(`checks the code with the libraries bundled for CPython ${version}`, async () => {
        await withLogOnFailure(session, `python-${tag}`, async () => {
          await openFile(session.page, 'seed_1_learning_rate.py');
          await session.page.locator('.editor-instance .squiggly-error, .editor-instance .squiggly-warning').first().waitFor({ state: 'attached', timeout: 90_000 });
          assert.match(session.defibLog(), new RegExp(`Server: the bundled libraries for CPython ${version.replace('.', '\\.')} \\(bundled/libs/${tag},`));
          await session.screenshot(`11-bundled-libraries-${tag}`);
        });
      });
    });
  }
  it('found another CPython to run', { skip: pythons.length === 0 && 'no CPython of another version here (set DEFIB_E2E_OTHER_PYTHONS)' }, () => {
    assert.ok(pythons.length > 0);
  });
});

/**
 * Installs the package into its own extensions directory without the bundle for `version`, as a
 * package for a platform the index has no wheels of that Python for would be.
 */
function installWithoutBundleFor(version: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'defib-e2e-extensions-unbundled-'));
  installExtension(dir);
  const extension = fs.readdirSync(dir).find((name) => name.startsWith('defib.defib-'));
  assert.ok(extension !== undefined, `the extension is not in ${dir}`);
  const bundled = path.join(dir, extension, 'bundled');
  const manifestFile = path.join(bundled, 'bundle.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { pythons: { tag: string; version: string }[] };
  const removed = manifest.pythons.find((python) => python.version === version);
  assert.ok(removed !== undefined, `the package bundles nothing for ${version} already`);
  fs.rmSync(path.join(bundled, 'libs', removed.tag), { recursive: true });
  manifest.pythons = manifest.pythons.filter((python) => python !== removed);
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  return dir;
}

describe('with a package that bundles nothing for the interpreter\'s version', () => {
  const version = pythonVersion(testPython());
  const bare = barePython();
  let unbundledDir = '';

  before(() => {
    if (version !== undefined) {
      unbundledDir = installWithoutBundleFor(version);
    }
  });

  after(() => {
    if (unbundledDir !== '') {
      fs.rmSync(unbundledDir, { recursive: true, force: true });
    }
  });

  it('runs the bundled server on the interpreter\'s own libraries', { skip: version === undefined && 'the test Python is not CPython' }, async () => {
    const session = await openEditor({
      name: 'unbundled-own-libraries',
      extensionsDir: unbundledDir,
      workspace: makeWorkspace('unbundled-own', ['seed_1_learning_rate.py']),
      settings: { 'security.workspace.trust.enabled': false, 'defib.interpreter': [testPython()] },
    });
    try {
      await withLogOnFailure(session, 'unbundled-own-libraries', async () => {
        await openFile(session.page, 'seed_1_learning_rate.py');
        await session.page.locator('.editor-instance .squiggly-error, .editor-instance .squiggly-warning').first().waitFor({ state: 'attached', timeout: 90_000 });
        assert.match(session.defibLog(), /Server: the bundled server on the libraries installed in .*libcst/);
      });
    } finally {
      await session.close();
    }
  });

  it('says what the package bundles and how to fix it when the interpreter has no libraries either', {
    skip: (bare === undefined || pythonVersion(bare) !== version) && `no Python ${version ?? ''} without libcst here`,
  }, async () => {
    const session = await openEditor({
      name: 'unbundled-bare',
      extensionsDir: unbundledDir,
      workspace: makeWorkspace('unbundled-bare', ['seed_1_learning_rate.py']),
      settings: { 'security.workspace.trust.enabled': false, 'defib.interpreter': [bare ?? 'python3'] },
    });
    try {
      await withLogOnFailure(session, 'unbundled-bare', async () => {
        await openFile(session.page, 'seed_1_learning_rate.py');
        const toast = await waitForToast(session, /Defib's server needs libcst, pygls and lsprotocol/);
        assert.match(toast, new RegExp(`is CPython ${(version ?? '').replace('.', '\\.')}\\.\\d+ on ${process.platform}-${process.arch} and lacks libcst`));
        assert.match(toast, /pip install defib/);
        assert.match(toast, /Open Settings/);
        await session.screenshot('12-no-bundle-and-no-libraries');
      });
    } finally {
      await session.close();
    }
  });
});

/**
 * Replaces the user settings in the settings JSON editor, as a user would. Typing into that
 * editor left the file unsaved on a few runs (the text or the save did not take): each attempt
 * types the whole file again, and the third failure fails the test.
 */
async function editUserSettings(session: EditorSession, settings: Record<string, unknown>): Promise<void> {
  const { page } = session;
  const file = path.join(session.userDataDir, 'User', 'settings.json');
  const saved = (): boolean => {
    try {
      return JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8'))) === JSON.stringify(settings);
    } catch {
      return false;
    }
  };
  // Recent VS Code opens it in a modal editor rather than a tab: find the editor by its text.
  const settingsEditor = page.locator('.monaco-editor', { hasText: 'workbench.startupEditor' }).first();
  for (let attempt = 1; ; attempt++) {
    if (!(await settingsEditor.isVisible())) {
      await runCommand(page, 'Preferences: Open User Settings (JSON)');
      await settingsEditor.waitFor({ state: 'visible', timeout: 15_000 });
    }
    await settingsEditor.locator('.view-lines').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(JSON.stringify(settings, null, 2));
    // The editor auto-closes the opening brace: drop whatever is left after the inserted text.
    await page.keyboard.press('Control+Shift+End');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Control+S');
    try {
      await waitFor('the settings to be saved', saved, 15_000);
      break;
    } catch (error) {
      if (attempt === 3) {
        throw error;
      }
      console.error(`settings not saved on attempt ${attempt}: typing them again`);
    }
  }
  // A modal editor hides the quick open and the command palette: close it.
  const closeModal = page.locator('.modal-editor-part .action-label[aria-label^="Close"]').first();
  if (await closeModal.isVisible()) {
    await closeModal.click();
    // The file on disk holds the settings (checked above). On a loaded machine the editor can take
    // a keystroke after the save (its auto-closed brace came back once), and closing then asks
    // whether to save that over them: the answer is no, and a dialog left open would block every
    // later click.
    const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: "Don't Save" }).first();
    if (await dontSave.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) {
      console.error('the settings editor was changed after its save: closed without saving it again');
      await dontSave.click();
    }
  }
}

describe('with no usable Python', () => {
  let session: EditorSession;

  before(async () => {
    session = await openEditor({
      name: 'no-python',
      extensionsDir,
      workspace: makeWorkspace('no-python', [COLLAPSING, 'seed_1_learning_rate.py']),
      settings: { 'security.workspace.trust.enabled': false, 'defib.interpreter': ['/nonexistent/bin/python3'] },
    });
  });

  after(async () => {
    await session.close();
  });

  it('says so, with a button to fix it', async () => {
    await withLogOnFailure(session, 'no-python', async () => {
      await openFile(session.page, COLLAPSING);
      const toast = await waitForToast(session, /could not run Python "\/nonexistent\/bin\/python3" \(from the defib.interpreter setting\)/);
      assert.match(toast, /Open Settings/);
      await session.screenshot('10-no-usable-python');
      // Fixing the setting (in the settings editor, as a user would) restarts the server, and the checks appear.
      await editUserSettings(session, { ...session.settings, 'defib.interpreter': [testPython()] });
      await waitFor('the server to restart', () => /Restarting the server: defib.interpreter changed/.test(session.defibLog()), 30_000);
      // The file, open all along, gets its diagnostics from the new server.
      await session.page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'attached', timeout: 90_000 });
      assert.match(session.defibLog(), /Restarting the server: defib.interpreter changed/);
    });
  });

  it('runs Python through a command with arguments', async () => {
    const { page } = session;
    await withLogOnFailure(session, 'wrapped-python', async () => {
      // Like ["conda", "run", "-n", "tf", "python"]: a shell that notes its arguments, then runs Python with them.
      const calls = path.join(session.userDataDir, 'wrapped-python-calls.txt');
      const wrapped = ['/bin/sh', '-c', `printf '%s\\n' "$*" >> '${calls}'; exec "$0" "$@"`, testPython()];
      await editUserSettings(session, { ...session.settings, 'defib.interpreter': wrapped });
      await waitFor('the server to start through the wrapper', () => session.defibLog().includes(`Starting: /bin/sh -c ${wrapped[2]} ${testPython()} -m defib serve`), 60_000);
      assert.ok(session.defibLog().includes(`Interpreter: ${wrapped.join(' ')} (from setting)`), 'the log shows the whole command');
      // A file first opened now gets its diagnostics from the wrapped server.
      await openFile(page, 'seed_1_learning_rate.py');
      await page.locator('.editor-instance .squiggly-warning').first().waitFor({ state: 'attached', timeout: 90_000 });
      const lines = fs.readFileSync(calls, 'utf8');
      assert.match(lines, /^-c import json, sys$/m, 'the interpreter check ran through the wrapper');
      assert.match(lines, /^-m defib serve$/m, 'the server ran through the wrapper');
      assert.doesNotMatch(session.defibLog(), /failed/, 'the restart went quietly');
      await session.screenshot('11-wrapped-python');
    });
  });
});
