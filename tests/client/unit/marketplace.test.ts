// What the marketplace page needs from the manifest and the extension's README: files that exist
// and that vsce accepts (PNG, not SVG), shipped through .vscodeignore.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..', '..');
const readmePath = path.join(root, 'client', 'README.md');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Manifest {
  readonly version: string;
  readonly icon?: string;
  readonly license?: string;
  readonly repository?: { readonly url?: string };
  readonly bugs?: { readonly url?: string };
  readonly galleryBanner?: { readonly color?: string; readonly theme?: string };
  readonly categories?: readonly string[];
}

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

/** Image sources in Markdown (`![alt](src)`) and HTML (`<img src="...">`). */
function imageSources(markdown: string): string[] {
  const markdownImages = [...markdown.matchAll(/!\[[^\]]*\]\(\s*([^)\s]+)[^)]*\)/g)].map((match) => match[1] ?? '');
  const htmlImages = [...markdown.matchAll(/<img\b[^>]*\bsrc=["']([^"']+)["']/gi)].map((match) => match[1] ?? '');
  return [...markdownImages, ...htmlImages];
}

/** Width and height from a PNG's IHDR chunk, or undefined when the file is not a PNG. */
function pngSize(file: string): { width: number; height: number } | undefined {
  const bytes = readFileSync(file);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    return undefined;
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The paths .vscodeignore lets into the .vsix (it ignores everything, then lists exceptions). */
function shippedPatterns(): string[] {
  return readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('!'))
    .map((line) => line.slice(1));
}

function isShipped(relative: string): boolean {
  return shippedPatterns().some((pattern) =>
    pattern === relative || (pattern.endsWith('/**') && relative.startsWith(pattern.slice(0, -2))));
}

describe('the extension README', () => {
  const readme = readFileSync(readmePath, 'utf8');
  const images = imageSources(readme);

  it('shows at least the squiggle and the probe report', () => {
    assert.ok(images.some((source) => /squiggle/.test(source)), `no squiggle screenshot among ${JSON.stringify(images)}`);
    assert.ok(images.some((source) => /probe-report/.test(source)), `no probe report screenshot among ${JSON.stringify(images)}`);
  });

  it('references only images that exist beside it, by relative path', () => {
    for (const source of images) {
      assert.doesNotMatch(source, /^[a-z]+:/i, `${source}: link images relatively; vsce points them at the repository`);
      assert.ok(existsSync(path.join(path.dirname(readmePath), source)), `${source} does not exist`);
    }
  });

  it('references only PNG images (vsce refuses SVG in a README)', () => {
    for (const source of images) {
      assert.match(source, /\.png$/i, `${source} is not named .png`);
      assert.ok(pngSize(path.join(path.dirname(readmePath), source)) !== undefined, `${source} is not a PNG`);
    }
  });
});

describe('the manifest', () => {
  it('has a 128x128 PNG icon that goes into the .vsix', () => {
    assert.ok(manifest.icon !== undefined, 'no icon');
    const icon = path.join(root, manifest.icon);
    assert.ok(existsSync(icon), `${manifest.icon} does not exist`);
    assert.deepEqual(pngSize(icon), { width: 128, height: 128 });
    assert.ok(isShipped(manifest.icon), `.vscodeignore leaves ${manifest.icon} out`);
  });

  it('has a licence file that goes into the .vsix', () => {
    assert.equal(manifest.license, 'MIT');
    assert.match(readFileSync(path.join(root, 'LICENSE'), 'utf8'), /^MIT License/);
    assert.ok(isShipped('LICENSE'), '.vscodeignore leaves LICENSE out');
  });

  it('has a changelog with an entry for its version, and it goes into the .vsix', () => {
    const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}\\b`, 'm'));
    assert.ok(isShipped('CHANGELOG.md'), '.vscodeignore leaves CHANGELOG.md out');
  });

  it('names the repository, where bugs go and the banner colour', () => {
    assert.match(manifest.repository?.url ?? '', /^https:\/\/github\.com\//);
    assert.match(manifest.bugs?.url ?? '', /^https:\/\/github\.com\/.+\/issues$/);
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme ?? ''));
  });

  it('uses only categories the marketplace knows', () => {
    const known = ['Programming Languages', 'Snippets', 'Linters', 'Themes', 'Debuggers', 'Formatters', 'Keymaps',
      'SCM Providers', 'Other', 'Extension Packs', 'Language Packs', 'Data Science', 'Machine Learning',
      'Visualization', 'Notebooks', 'Education', 'Testing', 'AI', 'Chat'];
    for (const category of manifest.categories ?? []) {
      assert.ok(known.includes(category), `${category} is not a marketplace category`);
    }
  });
});
