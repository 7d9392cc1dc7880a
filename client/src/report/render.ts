// Renders a probe report as a complete HTML page for the report webview. Pure: the page only
// talks to the extension through `postMessage` with the messages in ./types.ts.

import { escapeHtml, formatNumber, gradientChart, lossChart, signalDiesAt, spreadChart, unitsChart } from './charts';
import type { LayerReport, ProbeReport } from './types';

const BACKEND_NAMES: Record<string, string> = { tensorflow: 'TensorFlow', jax: 'JAX', torch: 'PyTorch' };

export interface RenderOptions {
  /** `webview.cspSource`, allowed as a style source. */
  readonly cspSource: string;
  /** A fresh random value per render; the page's only script and style carry it. */
  readonly nonce: string;
  /** Whether the "apply" buttons can work (the report's file is open and the workspace is trusted). */
  readonly canApplyFixes?: boolean;
}

const VERDICT_LABEL: Record<string, string> = {
  collapsed: 'Collapsed',
  diverged: 'Diverged',
  stalled: 'Stalled',
  healthy: 'Healthy',
  inconclusive: 'Inconclusive',
  error: 'Probe failed',
};

const CONFIDENCE_LABEL: Record<string, string> = {
  confirmed: 'confirmed: measured, more training cannot undo it',
  likely: 'likely: read from the first steps or projected, not certain',
};

/** What an output spread ratio says about the predictions (as the text report says it). */
export function spreadReading(ratio: number | null | undefined): string {
  if (typeof ratio !== 'number' || !Number.isFinite(ratio)) {
    return 'not measured';
  }
  if (ratio < 1e-2) {
    return 'far below 1: the output is nearly constant, the same prediction for every input';
  }
  if (ratio < 0.5) {
    return 'below 1: the predictions vary less than the targets';
  }
  if (ratio <= 1.5) {
    return "about 1: the model reproduces the targets' variation";
  }
  return 'above 1: the predictions vary more than the targets, typical early in training or when the steps overshoot';
}

function last<T>(values: readonly T[] | undefined): T | undefined {
  return values === undefined || values.length === 0 ? undefined : values[values.length - 1];
}

function finiteLoss(report: ProbeReport): number[] {
  return (report.metrics?.loss ?? []).filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
}

function layerLabel(layer: LayerReport, index: number): string {
  return layer.name ?? layer.class ?? `layer ${index}`;
}

function layerGradNorm(layer: LayerReport): number | null | undefined {
  return layer.final?.grad_norm ?? last(layer.grad_norms ?? []);
}

/** The verdict in one sentence, with the number that shows it. */
export function verdictSentence(report: ProbeReport): string {
  const metrics = report.metrics ?? {};
  const steps = metrics.steps ?? metrics.loss?.length ?? 0;
  const loss = finiteLoss(report);
  switch (report.verdict) {
    case 'collapsed':
      return metrics.spread_ratio_start === metrics.spread_ratio_end
        ? `The model gives the same output for every input: its output spread was ${formatNumber(metrics.spread_ratio_end)} from the first step to the last (${steps} steps).`
        : `The model gives the same output for every input: output spread fell from ${formatNumber(metrics.spread_ratio_start)} to ${formatNumber(metrics.spread_ratio_end)} in ${steps} steps.`;
    case 'diverged': {
      const firstBad = (metrics.loss ?? []).findIndex((value) => typeof value !== 'number' || !Number.isFinite(value));
      return firstBad >= 0
        ? `Training blew up: the loss stopped being finite at step ${firstBad + 1} of ${steps}.`
        : `Training blew up: the loss grew from ${formatNumber(loss[0])} to ${formatNumber(last(loss))} in ${steps} steps.`;
    }
    case 'stalled':
      return `The model is not learning: the loss went from ${formatNumber(loss[0])} to ${formatNumber(last(loss))} in ${steps} steps.`;
    case 'healthy':
      return `The model learns: the loss fell from ${formatNumber(loss[0])} to ${formatNumber(last(loss))} in ${steps} steps and its output varies with the input.`;
    case 'inconclusive':
      return `The probe cannot tell in ${steps} steps; the finding below says what it saw and what settles it.`;
    case 'error':
      return `The probe could not run the model: ${report.error ?? 'unknown error'}.`;
    default:
      return `Verdict: ${report.verdict}.`;
  }
}

function evidence(report: ProbeReport): string {
  const metrics = report.metrics ?? {};
  const loss = finiteLoss(report);
  const layers = report.model?.layers ?? [];
  const norms = layers.map(layerGradNorm);
  const dies = signalDiesAt(norms);
  const steps = formatNumber(metrics.steps ?? metrics.loss?.length);
  const rows: [string, string][] = [
    ['Steps', metrics.watched_longer_from
      ? `${steps} (the first ${metrics.watched_longer_from} were inconclusive, so the probe watched longer)`
      : steps],
    ['Loss, first → last', `${formatNumber(loss[0])} → ${formatNumber(last(loss))}`],
    ['Output spread, start → end', `${formatNumber(metrics.spread_ratio_start)} → ${formatNumber(metrics.spread_ratio_end)}`],
    ['What the spread means', `how much the predictions vary across inputs compared with how much the targets vary; here ${spreadReading(metrics.spread_ratio_end)}`],
  ];
  if (metrics.projected) {
    const end = metrics.projected.planned === false ? 'no fit() says when training ends' : 'end of training';
    rows.push([`Output spread at step ${formatNumber(metrics.projected.step)} (${end})`,
      `${formatNumber(metrics.projected.spread_ratio)}, at the rate of the last steps`]);
  }
  if (dies !== undefined) {
    rows.push(['Gradient signal dies at', `${layerLabel(layers[dies] ?? {}, dies)} (norm ${formatNumber(norms[dies])})`]);
  }
  if (report.data) {
    const shape = (value: number[] | undefined): string => (value ? `(${value.join(', ')})` : '?');
    rows.push(['Data', `${report.data.source ?? '?'} x${shape(report.data.x_shape)} y${shape(report.data.y_shape)}`]);
  }
  if (report.backend) {
    const backend = [report.backend, report.backend_version].filter(Boolean).join(' ');
    rows.push(['Backend', report.keras_version ? `${backend}, Keras ${report.keras_version}` : backend]);
  }
  if (report.timings?.total !== undefined) {
    const imported = report.timings.backend_import ?? report.timings.tensorflow_import;
    const backendName = BACKEND_NAMES[report.backend ?? 'tensorflow'] ?? report.backend;
    rows.push(['Time', `${formatNumber(report.timings.total)} s${imported !== undefined ? ` (${backendName} import ${formatNumber(imported)} s)` : ''}`]);
  }
  return `<dl class="evidence">${rows.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

function lineButton(line: number | null | undefined, text: string | undefined): string {
  return typeof line === 'number'
    ? `<button type="button" class="link" data-line="${line}" title="Go to line ${line}">${escapeHtml(text)}</button>`
    : escapeHtml(text);
}

function layersTable(layers: readonly LayerReport[]): string {
  if (layers.length === 0) {
    return '';
  }
  const rows = layers
    .map((layer, index) => {
      const name = `${layerLabel(layer, index)}${layer.class ? ` (${layer.class})` : ''}`;
      const cells = [
        lineButton(layer.line, name),
        escapeHtml(layer.activation ?? '–'),
        escapeHtml(formatNumber(layer.units)),
        escapeHtml(formatNumber(layerGradNorm(layer))),
        escapeHtml(formatNumber(layer.final?.update_ratio)),
        escapeHtml(formatNumber(layer.final?.dead_fraction)),
        escapeHtml(formatNumber(layer.final?.constant_fraction)),
      ];
      return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
    })
    .join('');
  return `<table class="layers"><caption>Layers (select one to go to its line)</caption>` +
    `<thead><tr><th scope="col">Layer</th><th scope="col">Activation</th><th scope="col">Units</th><th scope="col">Grad norm</th>` +
    `<th scope="col">Update ratio</th><th scope="col">Dead</th><th scope="col">Constant</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function findingsList(report: ProbeReport): string {
  const findings = report.findings ?? [];
  const notes = report.notes ?? [];
  if (findings.length === 0 && notes.length === 0) {
    return '';
  }
  const items = findings
    .map((finding) => `<li class="finding severity-${escapeHtml(finding.severity ?? 'info')}"><code>${escapeHtml(finding.code)}</code> ${lineButton(finding.line, finding.message)}</li>`)
    .concat(notes.map((note) => `<li class="finding note">${escapeHtml(note)}</li>`))
    .join('');
  return `<section aria-labelledby="findings-title"><h2 id="findings-title">Findings</h2><ul class="findings">${items}</ul></section>`;
}

function disagreementsList(report: ProbeReport): string {
  const notes = report.disagreements ?? [];
  if (notes.length === 0) {
    return '';
  }
  const items = notes.map((note) => `<li><code>${escapeHtml(note.code)}</code> ${lineButton(note.line, note.note)}</li>`).join('');
  return `<section aria-labelledby="disagree-title"><h2 id="disagree-title">Probe and static analysis disagree</h2><ul class="findings">${items}</ul></section>`;
}

function whatIfList(report: ProbeReport, canApply: boolean): string {
  const results = report.what_if ?? [];
  const pending = report.what_if_pending ?? 0;
  if (results.length === 0 && pending > 0) {
    // The verdict came ahead of the what-ifs: the complete report replaces this one.
    const changes = pending === 1 ? 'the change the static finding suggests' : `the ${pending} changes the static findings suggest`;
    return `<section aria-labelledby="what-if-title" aria-busy="true"><h2 id="what-if-title">What if</h2>` +
      `<p class="hint pending" role="status">Trying ${changes} on the same model…</p></section>`;
  }
  if (results.length === 0) {
    return '';
  }
  const items = results
    .map((result, index) => {
      const verdict = escapeHtml(result.confidence ? `${result.verdict} (${result.confidence})` : result.verdict);
      const button = canApply
        ? `<button type="button" data-what-if="${index}" ${result.verdict === 'healthy' ? 'class="primary"' : ''}>Apply fix ${escapeHtml(result.code)}</button>`
        : '';
      return `<li class="what-if"><span class="change"><code>${escapeHtml(result.code)}</code> ${escapeHtml(result.change)}</span>` +
        ` <span class="verdict-chip verdict-${escapeHtml(result.verdict)}">→ ${verdict}</span> ${button}</li>`;
    })
    .join('');
  return `<section aria-labelledby="what-if-title"><h2 id="what-if-title">What if</h2>` +
    `<p class="hint">Each change was tried on the same model for the same steps.</p><ul class="what-ifs">${items}</ul></section>`;
}

function charts(report: ProbeReport): string {
  if (report.verdict === 'error' && !report.metrics) {
    return '';
  }
  const layers = report.model?.layers ?? [];
  const figures = [
    lossChart(report.metrics?.loss ?? []),
    gradientChart(layers.map((layer, index) => ({ label: layerLabel(layer, index), value: layerGradNorm(layer) }))),
    spreadChart(report.metrics?.spread_ratio_start, report.metrics?.spread_ratio_end),
    unitsChart(layers.map((layer, index) => ({
      label: layerLabel(layer, index),
      dead: layer.final?.dead_fraction,
      constant: layer.final?.constant_fraction,
    }))),
  ];
  return `<section class="charts" aria-label="Charts">${figures.map((figure) => `<figure>${figure}</figure>`).join('')}</section>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground);
  background: var(--vscode-editor-background); padding: 0 20px 20px; line-height: 1.4; }
h1 { font-size: 1.4em; margin: 16px 0 4px; } h2 { font-size: 1.1em; margin: 20px 0 6px; }
.verdict { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; padding: 10px 12px; border-radius: 4px;
  border-left: 4px solid var(--vscode-charts-blue, #3794ff); background: var(--vscode-textBlockQuote-background); }
.verdict.collapsed, .verdict.diverged, .verdict.error { border-left-color: var(--vscode-charts-red, #f14c4c); }
.verdict.stalled { border-left-color: var(--vscode-charts-orange, #d18616); }
.verdict.healthy { border-left-color: var(--vscode-charts-green, #89d185); }
.verdict strong { font-size: 1.1em; }
.meta { color: var(--vscode-descriptionForeground); margin: 0 0 12px; }
dl.evidence { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 12px 0; }
dl.evidence dt { color: var(--vscode-descriptionForeground); } dl.evidence dd { margin: 0; font-family: var(--vscode-editor-font-family); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 12px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
body.vscode-high-contrast svg .bar { stroke: var(--vscode-contrastBorder, #6fc3df); stroke-width: 1; }
figure { margin: 0; padding: 8px; border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); border-radius: 4px; }
svg.chart { width: 100%; height: auto; display: block; }
svg .grid { stroke: var(--vscode-charts-lines, #808080); stroke-opacity: 0.35; stroke-width: 1; }
svg .axis { stroke: var(--vscode-charts-lines, #808080); stroke-width: 1; }
svg .tick, svg .axis-label, svg .value, svg .marker-label { fill: var(--vscode-foreground); font-size: 12px; font-family: var(--vscode-font-family); }
svg .axis-label { fill: var(--vscode-descriptionForeground); }
svg .series { fill: none; stroke: var(--vscode-charts-blue, #3794ff); stroke-width: 2; }
svg .series-dot { fill: var(--vscode-charts-blue, #3794ff); }
svg .bad { stroke: var(--vscode-charts-red, #f14c4c); stroke-width: 2; }
svg .bar { fill: var(--vscode-charts-blue, #3794ff); }
svg .bar-dead { fill: var(--vscode-charts-red, #f14c4c); }
svg .bar-constant { fill: var(--vscode-editorWarning-foreground, #cca700); } /* charts.orange is translucent in some themes */
svg .marker { stroke: var(--vscode-charts-red, #f14c4c); stroke-dasharray: 4 3; stroke-width: 1.5; }
svg .marker-label { fill: var(--vscode-charts-red, #f14c4c); }
.no-data { color: var(--vscode-descriptionForeground); font-style: italic; }
table.layers { border-collapse: collapse; margin-top: 8px; width: 100%; }
table.layers caption { text-align: left; color: var(--vscode-descriptionForeground); padding-bottom: 4px; }
table.layers th, table.layers td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
table.layers td:not(:first-child) { font-family: var(--vscode-editor-font-family); }
ul.findings, ul.what-ifs { padding-left: 0; list-style: none; } li { margin: 4px 0; }
.verdict-chip { font-weight: 600; } .verdict-healthy { color: var(--vscode-charts-green, #89d185); }
.verdict-collapsed, .verdict-diverged, .verdict-error { color: var(--vscode-charts-red, #f14c4c); } .verdict-stalled { color: var(--vscode-charts-orange, #d18616); }
.hint { color: var(--vscode-descriptionForeground); margin: 0; }
button { font-family: inherit; font-size: inherit; color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground);
  border: 1px solid var(--vscode-button-border, transparent); padding: 2px 10px; border-radius: 2px; cursor: pointer; margin-left: 6px; }
button.primary { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
button:hover { background: var(--vscode-button-secondaryHoverBackground); } button.primary:hover { background: var(--vscode-button-hoverBackground); }
button.link { background: none; border: none; padding: 0; margin: 0; color: var(--vscode-textLink-foreground); text-align: left; }
button.link:hover { text-decoration: underline; color: var(--vscode-textLink-activeForeground); }
button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
code { font-family: var(--vscode-editor-font-family); }
pre.error { white-space: pre-wrap; color: var(--vscode-errorForeground); }
`;

const SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('button') : null;
  if (!target) { return; }
  if (target.dataset.line !== undefined) {
    vscode.postMessage({ type: 'revealLine', line: Number(target.dataset.line) });
  } else if (target.dataset.whatIf !== undefined) {
    vscode.postMessage({ type: 'applyWhatIf', index: Number(target.dataset.whatIf) });
  } else if (target.dataset.action === 'probeAgain') {
    vscode.postMessage({ type: 'probeAgain' });
  }
});
`;

/** The whole report page. */
export function renderReport(report: ProbeReport, options: RenderOptions): string {
  const verdict = escapeHtml(String(report.verdict));
  const label = VERDICT_LABEL[report.verdict ?? ''] ?? verdict;
  const level = report.confidence ? CONFIDENCE_LABEL[report.confidence] ?? report.confidence : undefined;
  const model = report.model;
  const fileName = report.path ? report.path.split(/[\\/]/).pop() ?? report.path : '';
  const where = model
    ? `Model ${lineButton(model.line, `${model.name ?? 'model'}${typeof model.line === 'number' ? ` (line ${model.line})` : ''}`)}${fileName ? ` in ${escapeHtml(fileName)}` : ''}`
    : escapeHtml(fileName);
  const csp = [
    "default-src 'none'",
    `style-src ${options.cspSource} 'nonce-${options.nonce}'`,
    `script-src 'nonce-${options.nonce}'`,
    `img-src ${options.cspSource} data:`,
  ].join('; ');
  const error = report.verdict === 'error' && report.error ? `<pre class="error">${escapeHtml(report.error)}</pre>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Defib probe: ${label}</title>
<style nonce="${options.nonce}">${STYLE}</style>
</head>
<body>
<main>
<h1>Defib probe report</h1>
<p class="meta">${where} <button type="button" data-action="probeAgain">Probe again</button></p>
<div class="verdict ${verdict}" role="status" data-verdict="${verdict}"><strong>${escapeHtml(label)}</strong>${level ? `<em class="confidence">${escapeHtml(level)}</em>` : ''}<span>${escapeHtml(verdictSentence(report))}</span></div>
${error}
${evidence(report)}
${findingsList(report)}
${disagreementsList(report)}
${whatIfList(report, options.canApplyFixes ?? true)}
${charts(report)}
${layersTable(model?.layers ?? [])}
</main>
<script nonce="${options.nonce}">${SCRIPT}</script>
</body>
</html>`;
}
