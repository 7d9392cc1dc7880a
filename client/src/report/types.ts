// The probe report as `defib.probe` returns it (docs/architecture.md, "Probe report").
// Every field is optional here because the webview must render whatever a server version sends.

export type Verdict = 'collapsed' | 'diverged' | 'stalled' | 'healthy' | 'inconclusive' | 'error';

/** How sure a verdict is: measured beyond doubt, or read from the first steps / projected. */
export type Confidence = 'confirmed' | 'likely';

export interface LayerFinal {
  grad_norm?: number | null;
  update_ratio?: number | null;
  dead_fraction?: number | null;
  constant_fraction?: number | null;
}

export interface LayerReport {
  name?: string;
  class?: string;
  /** 1-based, like the engine's ranges. */
  line?: number | null;
  activation?: string | null;
  units?: number | null;
  grad_norms?: (number | null)[];
  update_ratios?: (number | null)[];
  final?: LayerFinal;
}

export interface ProbeFinding {
  code: string;
  severity?: string;
  message: string;
  line?: number | null;
  /** In a notebook: the cell (1-based, every cell counted) and the line within it. */
  cell?: number | null;
  cell_line?: number | null;
}

export interface WhatIfResult {
  code: string;
  change: string;
  /** A Verdict, as a string so an unknown one from a newer server still renders. */
  verdict: string;
  confidence?: Confidence | null;
  what_if?: { kind: string; value: unknown; layer_index?: number | null };
}

export interface ProbeReport {
  /** A Verdict; typed as string so an unknown one from a newer server still renders. */
  verdict: string;
  /** Null for `inconclusive` and `error`. */
  confidence?: Confidence | null;
  path?: string;
  error?: string | null;
  model?: { name?: string; line?: number | null; layers?: LayerReport[] } | null;
  data?: { source?: string; x_shape?: number[]; y_shape?: number[] } | null;
  metrics?: {
    steps?: number;
    loss?: (number | null)[];
    loss_finite?: boolean[];
    spread_ratio_start?: number | null;
    spread_ratio_end?: number | null;
    /** Set when the first steps were inconclusive and the probe watched longer. */
    watched_longer_from?: number | null;
    /** After a longer watch: the output spread at the end of training, at the last rate. */
    /** `planned`: the step is where the script's own fit() ends (else a default horizon). */
    projected?: { step: number; spread_ratio: number; planned?: boolean } | null;
  } | null;
  findings?: ProbeFinding[];
  /** Static findings the probe's measurement contradicts, one note each. */
  disagreements?: { code: string; line?: number | null; note: string }[];
  what_if?: WhatIfResult[];
  /** When the script builds several models: which one was measured, what ran of the others. */
  notes?: string[];
  /** A notebook's code cells in the joined source the probe ran (lines are counted in it). */
  notebook?: { cells: { cell: number; first_line: number; line_count: number }[] } | null;
  timings?: Record<string, number>;
  /** The Keras backend the probe ran on ("tensorflow", "jax", "torch") and the versions. */
  backend?: string;
  backend_version?: string;
  keras_version?: string;
}

/** Messages the report webview posts to the extension. */
export type ReportMessage =
  | { type: 'revealLine'; line: number }
  | { type: 'applyWhatIf'; index: number }
  | { type: 'probeAgain' };

export function isReportMessage(value: unknown): value is ReportMessage {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const message = value as { type?: unknown; line?: unknown; index?: unknown };
  switch (message.type) {
    case 'revealLine':
      return typeof message.line === 'number';
    case 'applyWhatIf':
      return typeof message.index === 'number';
    case 'probeAgain':
      return true;
    default:
      return false;
  }
}
