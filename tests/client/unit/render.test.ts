import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { formatNumber, signalDiesAt } from '../../../client/src/report/charts';
import { renderReport, verdictSentence } from '../../../client/src/report/render';
import { isReportMessage } from '../../../client/src/report/messages';
import type { ProbeReport } from '../../../client/src/report/types';

const collapsed = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'collapsed-report.json'), 'utf8')) as ProbeReport;
const options = { cspSource: 'vscode-webview://abc', nonce: 'N0nce' };

function svgCount(html: string): number {
  return html.match(/<svg /g)?.length ?? 0;
}

describe('renderReport', () => {
  it('names the backend the probe ran on and its import time', () => {
    const onJax: ProbeReport = {
      ...collapsed,
      backend: 'jax',
      backend_version: '0.10.2',
      keras_version: '3.15.1',
      timings: { total: 4.5, backend_import: 2.3 },
    };
    const html = renderReport(onJax, options);
    assert.match(html, /<dt>Backend<\/dt><dd>jax 0\.10\.2, Keras 3\.15\.1<\/dd>/);
    assert.match(html, /\(JAX import 2\.3 s\)/);
    assert.doesNotMatch(html, /TensorFlow import/);
  });

  it('lists the notes about the other models the script builds, escaped', () => {
    const html = renderReport({ ...collapsed, findings: [], notes: ["the fit() of 'ae' at line 12 ran <first>"] }, options);
    assert.match(html, /<li class="finding note">the fit\(\) of &#39;ae&#39; at line 12 ran &lt;first&gt;<\/li>/);
  });

  it('states the verdict in one line', () => {
    const html = renderReport(collapsed, options);
    assert.match(html, /data-verdict="collapsed"/);
    assert.match(html, /<strong>Collapsed<\/strong><span>The model gives the same output for every input/);
  });

  it('sets a strict content security policy with the nonce', () => {
    const html = renderReport(collapsed, options);
    assert.match(html, /default-src 'none'; style-src vscode-webview:\/\/abc 'nonce-N0nce'; script-src 'nonce-N0nce'/);
    assert.match(html, /<script nonce="N0nce">/);
    assert.match(html, /<style nonce="N0nce">/);
    assert.doesNotMatch(html, /style="/, 'inline style attributes would be blocked by the CSP');
    assert.doesNotMatch(html, /https?:\/\//, 'the report loads nothing from the network');
  });

  it('draws the loss, gradient, spread and units charts as SVG', () => {
    const html = renderReport(collapsed, options);
    assert.equal(svgCount(html), 4);
    assert.equal(html.match(/<figcaption>/g)?.length, 4, 'each chart has a visible title');
    assert.match(html, /aria-label="Loss per step\. 3 steps/);
    assert.match(html, /Gradient norm per layer \(log scale\)/);
    assert.match(html, /Dead and constant units per layer/);
  });

  it('marks where the gradient signal dies', () => {
    const html = renderReport(collapsed, options);
    assert.match(html, /class="marker"/);
    assert.match(html, /signal dies/);
  });

  it('links layers and findings to their lines', () => {
    const html = renderReport(collapsed, options);
    assert.match(html, /<button type="button" class="link" data-line="7"[^>]*>dense \(Dense\)<\/button>/);
    assert.match(html, /data-line="8"[^>]*>Output is constant/);
  });

  it('offers a button per what-if result, primary when it cured the model', () => {
    const html = renderReport(collapsed, options);
    assert.match(html, /<button type="button" data-what-if="0" class="primary">Apply fix DF201<\/button>/);
    assert.doesNotMatch(renderReport(collapsed, { ...options, canApplyFixes: false }), /data-what-if/);
  });

  it('uses theme variables for colours', () => {
    const html = renderReport(collapsed, options);
    assert.match(html, /var\(--vscode-charts-red/);
    assert.match(html, /var\(--vscode-editor-background\)/);
    assert.match(html, /:focus-visible/);
  });

  it('escapes text from the report', () => {
    const html = renderReport({ ...collapsed, findings: [{ code: 'DF901', message: '<img src=x onerror=alert(1)>', line: 1 }] }, options);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;img src=x/);
  });

  it('renders an error report without charts', () => {
    const html = renderReport({ verdict: 'error', error: 'ModuleNotFoundError: No module named tensorflow' }, options);
    assert.match(html, /Probe failed/);
    assert.match(html, /No module named tensorflow/);
    assert.equal(svgCount(html), 0);
  });

  it('says when the probe watched longer than the steps asked for', () => {
    const watched = { ...collapsed, metrics: { ...collapsed.metrics, steps: 300, watched_longer_from: 30 } };
    assert.match(renderReport(watched, options), /<dd>300 \(the first 30 were inconclusive, so the probe watched longer\)<\/dd>/);
    assert.doesNotMatch(renderReport(collapsed, options), /inconclusive/);
  });

  it('shows where the output spread is heading by the end of training', () => {
    const projected = { step: 1280, spread_ratio: 2e-6 };
    const watched = { ...collapsed, metrics: { ...collapsed.metrics, steps: 300, watched_longer_from: 30, projected } };
    assert.match(renderReport(watched, options), /Output spread at step 1,?280 \(end of training\)/);
    assert.doesNotMatch(renderReport(collapsed, options), /end of training/);
    const guessed = { ...watched, metrics: { ...watched.metrics, projected: { ...projected, step: 1000, planned: false } } };
    assert.match(renderReport(guessed, options), /Output spread at step 1,?000 \(no fit\(\) says when training ends\)/);
  });

  it('states how sure the verdict is', () => {
    const confirmed = renderReport({ ...collapsed, confidence: 'confirmed' }, options);
    assert.match(confirmed, /<strong>Collapsed<\/strong><em class="confidence">confirmed: measured, more training cannot undo it<\/em>/);
    const likely = renderReport({ ...collapsed, confidence: 'likely' }, options);
    assert.match(likely, /<em class="confidence">likely: read from the first steps or projected, not certain<\/em>/);
    assert.doesNotMatch(renderReport(collapsed, options), /class="confidence"/);
  });

  it('says an inconclusive probe cannot tell, and shows what settles it', () => {
    const advice = { code: 'DF900', severity: 'info' as const, line: 7, message: 'inconclusive: ... run the training with the guard: `defib run train.py`' };
    const report: ProbeReport = { ...collapsed, verdict: 'inconclusive', confidence: null, findings: [advice] };
    const html = renderReport(report, options);
    assert.match(html, /<strong>Inconclusive<\/strong><span>The probe cannot tell in 3 steps/);
    assert.match(html, /defib run train\.py/);
  });

  it('explains the output spread ratio and reads one above 1', () => {
    const above = { ...collapsed, metrics: { ...collapsed.metrics, spread_ratio_end: 2.5 } };
    assert.match(renderReport(above, options), /how much the predictions vary across inputs compared with how much the targets vary; here above 1: the predictions vary more than the targets/);
    const constant = { ...collapsed, metrics: { ...collapsed.metrics, spread_ratio_end: 1e-5 } };
    assert.match(renderReport(constant, options), /here far below 1: the output is nearly constant/);
  });

  it('lists where the probe and a static finding disagree', () => {
    const note = { code: 'DF404', line: 9, note: 'DF404 reads the output layer as linear, but the probe measured probabilities' };
    const html = renderReport({ ...collapsed, disagreements: [note] }, options);
    assert.match(html, /Probe and static analysis disagree/);
    assert.match(html, /<code>DF404<\/code> <button type="button" class="link" data-line="9"/);
    assert.doesNotMatch(renderReport(collapsed, options), /disagree/);
  });

  it('draws non-finite loss steps of a diverged run', () => {
    const report: ProbeReport = { verdict: 'diverged', metrics: { steps: 4, loss: [1, 50, null, null] } };
    assert.match(verdictSentence(report), /stopped being finite at step 3 of 4/);
    assert.equal(renderReport(report, options).match(/class="bad"/g)?.length, 2);
  });

  it('says the what-ifs are being tried while the verdict comes ahead of them', () => {
    const early: ProbeReport = { ...collapsed, what_if: [], what_if_pending: 2 };
    const html = renderReport(early, options);
    assert.match(html, /<section aria-labelledby="what-if-title" aria-busy="true"><h2 id="what-if-title">What if<\/h2>/);
    assert.match(html, /<p class="hint pending" role="status">Trying the 2 changes the static findings suggest on the same model…<\/p>/);
    assert.doesNotMatch(html, /data-what-if=/);
    const one = renderReport({ ...collapsed, what_if: [], what_if_pending: 1 }, options);
    assert.match(one, /Trying the change the static finding suggests on the same model…/);
    assert.doesNotMatch(renderReport({ ...collapsed, what_if: [] }, options), /what-if-title/);
  });

  it('renders findings and what-ifs that lack their code or words', () => {
    const report: ProbeReport = {
      ...collapsed,
      findings: [{ severity: 'warning', line: 3 }],
      what_if: [{ verdict: 'healthy' }],
      disagreements: [{ note: 'the output varies' }],
    };
    const html = renderReport(report, options);
    assert.match(html, /<li class="finding severity-warning"><code><\/code> <button type="button" class="link" data-line="3"/);
    assert.match(html, /<span class="change"><code><\/code> <\/span>/);
  });
});

describe('signalDiesAt', () => {
  it('finds the last layer, walking back from the output, whose gradient is far below the output', () => {
    assert.equal(signalDiesAt([1e-9, 1e-8, 0.1, 0.5]), 1);
    assert.equal(signalDiesAt([0.2, 0.3, 0.5]), undefined);
  });
});

describe('formatNumber', () => {
  it('formats small, large and missing values', () => {
    assert.equal(formatNumber(0.000012), '1.2e-5');
    assert.equal(formatNumber(0.12345), '0.123');
    assert.equal(formatNumber(null), '–');
    assert.equal(formatNumber(Number.NaN), 'NaN');
  });
});

describe('isReportMessage', () => {
  it('accepts only the messages the page sends', () => {
    assert.ok(isReportMessage({ type: 'revealLine', line: 3 }));
    assert.ok(isReportMessage({ type: 'applyWhatIf', index: 0 }));
    assert.ok(!isReportMessage({ type: 'revealLine', line: '3' }));
    assert.ok(!isReportMessage({ type: 'runCommand', command: 'rm' }));
  });
});
