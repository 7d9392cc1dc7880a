// Small SVG charts for the probe report. Pure functions returning markup; colours come from
// CSS classes the report's stylesheet maps to `var(--vscode-charts-*)`, so they follow the theme.

/** `text` escaped for HTML; a field missing from the report reads as empty. */
export function escapeHtml(text: string | null | undefined): string {
  return (text ?? '').replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
}

/** Three significant digits, or exponent notation for very small and very large magnitudes. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) {
    return '–';
  }
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? '∞' : '−∞';
  }
  if (value === 0) {
    return '0';
  }
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e5) {
    return value.toExponential(1).replace('e+', 'e');
  }
  return Number(value.toPrecision(3)).toString();
}

const WIDTH = 480;
const HEIGHT = 200;
const MARGIN = { top: 12, right: 16, bottom: 38, left: 60 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

interface Scale {
  toY(value: number): number;
  ticks: number[];
}

function isPlottable(value: number | null | undefined, log: boolean): value is number {
  return typeof value === 'number' && Number.isFinite(value) && (!log || value > 0);
}

function linearScale(values: number[]): Scale {
  let low = Math.min(0, ...values);
  let high = Math.max(...values);
  if (!Number.isFinite(high) || high === low) {
    high = low + 1;
  }
  const pad = (high - low) * 0.05;
  high += pad;
  if (low < 0) {
    low -= pad;
  }
  const step = (high - low) / 4;
  return {
    toY: (value) => MARGIN.top + PLOT_H - ((value - low) / (high - low)) * PLOT_H,
    ticks: [0, 1, 2, 3, 4].map((i) => low + i * step),
  };
}

function logScale(values: number[]): Scale {
  let low = Math.floor(Math.log10(Math.min(...values)));
  let high = Math.ceil(Math.log10(Math.max(...values)));
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    low = -1;
    high = 1;
  }
  if (high === low) {
    high += 1;
    low -= 1;
  }
  const every = Math.max(1, Math.ceil((high - low) / 5));
  const ticks: number[] = [];
  for (let exponent = low; exponent <= high; exponent += every) {
    ticks.push(10 ** exponent);
  }
  return {
    toY: (value) => MARGIN.top + PLOT_H - ((Math.log10(value) - low) / (high - low)) * PLOT_H,
    ticks,
  };
}

function frame(title: string, description: string, body: string, scale: Scale, xLabel: string, log: boolean): string {
  const grid = scale.ticks
    .map((tick) => {
      const y = scale.toY(tick).toFixed(1);
      const label = log ? `1e${Math.round(Math.log10(tick))}` : formatNumber(tick);
      return `<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}"/>` +
        `<text class="tick" x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${label}</text>`;
    })
    .join('');
  return `<figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(`${title}. ${description}`)}">` +
    `<title>${escapeHtml(title)}</title>${grid}` +
    `<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + PLOT_H}"/>` +
    `<line class="axis" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${MARGIN.top + PLOT_H}" y2="${MARGIN.top + PLOT_H}"/>` +
    body +
    `<text class="axis-label" x="${MARGIN.left + PLOT_W / 2}" y="${HEIGHT - 4}" text-anchor="middle">${escapeHtml(xLabel)}</text>` +
    `</svg>`;
}

function emptyChart(title: string, why: string): string {
  return `<figcaption>${escapeHtml(title)}</figcaption><p class="no-data" role="note">${escapeHtml(why)}</p>`;
}

/** Loss per step; non-finite steps are drawn as red ticks along the top. */
export function lossChart(loss: readonly (number | null)[]): string {
  const title = 'Loss per step';
  const finite = loss.filter((value): value is number => isPlottable(value, false));
  if (finite.length === 0) {
    return emptyChart(title, loss.length === 0 ? 'no steps recorded' : 'the loss was never finite');
  }
  const log = finite.every((value) => value > 0) && Math.max(...finite) / Math.min(...finite) > 100;
  const scale = log ? logScale(finite) : linearScale(finite);
  const xAt = (index: number): number => MARGIN.left + (loss.length === 1 ? PLOT_W / 2 : (index / (loss.length - 1)) * PLOT_W);
  const segments: string[] = [];
  let current: string[] = [];
  const badTicks: string[] = [];
  loss.forEach((value, index) => {
    if (isPlottable(value, log)) {
      current.push(`${xAt(index).toFixed(1)},${scale.toY(value).toFixed(1)}`);
    } else {
      badTicks.push(`<line class="bad" x1="${xAt(index).toFixed(1)}" x2="${xAt(index).toFixed(1)}" y1="${MARGIN.top}" y2="${MARGIN.top + 8}"/>`);
      if (current.length > 0) {
        segments.push(current.join(' '));
      }
      current = [];
    }
  });
  if (current.length > 0) {
    segments.push(current.join(' '));
  }
  const lines = segments
    .map((points) => (points.includes(' ')
      ? `<polyline class="series" points="${points}"/>`
      : `<circle class="series-dot" cx="${points.split(',')[0] ?? ''}" cy="${points.split(',')[1] ?? ''}" r="2.5"/>`))
    .join('');
  const first = finite[0];
  const last = finite[finite.length - 1];
  const description = `${loss.length} steps, from ${formatNumber(first)} to ${formatNumber(last)}` +
    (badTicks.length > 0 ? `, ${badTicks.length} non-finite` : '');
  return frame(title, description, lines + badTicks.join(''), scale, `step (${loss.length})${log ? ', log scale' : ''}`, log);
}

export interface LayerBar {
  readonly label: string;
  readonly value: number | null | undefined;
}

/** Index of the layer where the gradient signal dies: the first, walking back from the output, far below the output's. */
export function signalDiesAt(norms: readonly (number | null | undefined)[], ratio = 1e-4, floor = 1e-7): number | undefined {
  const last = norms[norms.length - 1];
  const reference = typeof last === 'number' && Number.isFinite(last) ? last : Math.max(0, ...norms.filter((n): n is number => typeof n === 'number' && Number.isFinite(n)));
  for (let index = norms.length - 1; index >= 0; index -= 1) {
    const norm = norms[index];
    if (typeof norm === 'number' && (norm < floor || (reference > 0 && norm < reference * ratio))) {
      return index;
    }
  }
  return undefined;
}

function barX(index: number, count: number): { x: number; width: number } {
  const slot = PLOT_W / count;
  const width = Math.min(48, slot * 0.7);
  return { x: MARGIN.left + slot * index + (slot - width) / 2, width };
}

function barLabels(bars: readonly { readonly label: string }[]): string {
  return bars
    .map((bar, index) => {
      const { x, width } = barX(index, bars.length);
      const label = bar.label.length > 10 ? `${bar.label.slice(0, 9)}…` : bar.label;
      return `<text class="tick" x="${(x + width / 2).toFixed(1)}" y="${MARGIN.top + PLOT_H + 14}" text-anchor="middle">${escapeHtml(label)}</text>`;
    })
    .join('');
}

/** Per-layer gradient norm on a log scale; layers below the point where the signal dies are marked. */
export function gradientChart(bars: readonly LayerBar[]): string {
  const title = 'Gradient norm per layer (log scale)';
  if (!bars.some((bar) => isPlottable(bar.value, false))) {
    return emptyChart(title, 'no gradients recorded');
  }
  // Exact zeros (the usual sign of a dead signal) sit on a floor below the smallest positive norm.
  const values = bars.map((bar) => bar.value).filter((value): value is number => isPlottable(value, true));
  const floorValue = values.length > 0 ? Math.min(...values) / 100 : 1e-12;
  if (values.length === 0) {
    values.push(1);
  }
  const scale = logScale([...values, floorValue]);
  const dies = signalDiesAt(bars.map((bar) => bar.value));
  const body = bars
    .map((bar, index) => {
      const { x, width } = barX(index, bars.length);
      const value = isPlottable(bar.value, true) ? bar.value : floorValue;
      const y = scale.toY(value);
      const cls = dies !== undefined && index <= dies ? 'bar bar-dead' : 'bar';
      return `<rect class="${cls}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${width.toFixed(1)}" height="${(MARGIN.top + PLOT_H - y).toFixed(1)}"><title>${escapeHtml(`${bar.label}: ${formatNumber(bar.value)}`)}</title></rect>`;
    })
    .join('');
  let marker = '';
  let description = bars.map((bar) => `${bar.label} ${formatNumber(bar.value)}`).join(', ');
  if (dies !== undefined) {
    const { x, width } = barX(dies, bars.length);
    const at = x + width + (PLOT_W / bars.length - width) / 2;
    marker = `<line class="marker" x1="${at.toFixed(1)}" x2="${at.toFixed(1)}" y1="${MARGIN.top}" y2="${MARGIN.top + PLOT_H}"/>` +
      `<text class="marker-label" x="${(at - 4).toFixed(1)}" y="${MARGIN.top + 10}" text-anchor="end">signal dies</text>`;
    description += `; the signal dies at ${bars[dies]?.label ?? ''}`;
  }
  return frame(title, description, body + marker + barLabels(bars), scale, 'layer (input → output)', true);
}

/** Output spread (std across inputs over the targets' spread) at the first and last step. */
export function spreadChart(start: number | null | undefined, end: number | null | undefined): string {
  const title = 'Output spread across inputs, start vs end (log scale)';
  if (!isPlottable(start, false) && !isPlottable(end, false)) {
    return emptyChart(title, 'not measured');
  }
  const values = [start, end].filter((value): value is number => isPlottable(value, true));
  const floorValue = Math.min(...values, 1e-8) / 10;
  const scale = logScale([...values, floorValue, 1]);
  const bars: LayerBar[] = [{ label: 'start', value: start }, { label: 'end', value: end }];
  const body = bars
    .map((bar, index) => {
      const { x, width } = barX(index, bars.length);
      const value = isPlottable(bar.value, true) ? bar.value : floorValue;
      const y = scale.toY(value);
      const cls = index === 1 && typeof end === 'number' && (end === 0 || (typeof start === 'number' && end < start * 1e-2)) ? 'bar bar-dead' : 'bar';
      return `<rect class="${cls}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${width.toFixed(1)}" height="${(MARGIN.top + PLOT_H - y).toFixed(1)}"/>` +
        `<text class="value" x="${(x + width / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle">${formatNumber(bar.value)}</text>`;
    })
    .join('');
  return frame(title, `start ${formatNumber(start)}, end ${formatNumber(end)}`, body + barLabels(bars), scale, 'training', true);
}

export interface FractionBar {
  readonly label: string;
  readonly dead: number | null | undefined;
  readonly constant: number | null | undefined;
}

/** Dead (always zero) and constant (same for every input) unit fractions per layer, 0 to 1. */
export function unitsChart(bars: readonly FractionBar[]): string {
  const title = 'Dead and constant units per layer';
  if (bars.length === 0) {
    return emptyChart(title, 'no layers recorded');
  }
  const scale: Scale = { toY: (value) => MARGIN.top + PLOT_H - value * PLOT_H, ticks: [0, 0.25, 0.5, 0.75, 1] };
  const body = bars
    .map((bar, index) => {
      const { x, width } = barX(index, bars.length);
      const half = width / 2;
      const part = (value: number | null | undefined, cls: string, offset: number, name: string): string => {
        const fraction = typeof value === 'number' && Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
        const y = scale.toY(fraction);
        return `<rect class="${cls}" x="${(x + offset).toFixed(1)}" y="${y.toFixed(1)}" width="${(half - 1).toFixed(1)}" height="${(MARGIN.top + PLOT_H - y).toFixed(1)}"><title>${escapeHtml(`${bar.label}: ${name} ${formatNumber(value)}`)}</title></rect>`;
      };
      return part(bar.dead, 'bar bar-dead', 0, 'dead') + part(bar.constant, 'bar bar-constant', half, 'constant');
    })
    .join('');
  const description = bars.map((bar) => `${bar.label} dead ${formatNumber(bar.dead)}, constant ${formatNumber(bar.constant)}`).join('; ');
  const legend = `<g class="legend"><rect class="bar bar-dead" x="${WIDTH - 150}" y="${MARGIN.top}" width="10" height="10"/><text class="tick" x="${WIDTH - 136}" y="${MARGIN.top + 9}">dead</text>` +
    `<rect class="bar bar-constant" x="${WIDTH - 95}" y="${MARGIN.top}" width="10" height="10"/><text class="tick" x="${WIDTH - 81}" y="${MARGIN.top + 9}">constant</text></g>`;
  return frame(title, description, body + legend + barLabels(bars), scale, 'layer (input → output)', false);
}
