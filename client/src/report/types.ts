// The probe report as `defib.probe` returns it.
// Generated from server/defib/probe/worker/schema.py by scripts/gen_report_types.py.
// Do not edit: change the definition there and run the script.
// Every field is optional here, whatever the definition says: a report is JSON from another
// process, and the webview must render whatever a server version sends.

export type Verdict = 'collapsed' | 'diverged' | 'stalled' | 'healthy' | 'inconclusive' | 'error';

/** How sure a verdict is (docs/probe.md, "Confidence"); `inconclusive` and `error` carry null. */
export type Confidence = 'confirmed' | 'likely';

export type Severity = 'error' | 'warning' | 'info';

/** Why a probe produced no measurement, so callers can react without parsing messages. */
export type ErrorKind =
  | 'script_raised'
  | 'script_exit'
  | 'killed'
  | 'timeout'
  | 'cancelled'
  | 'out_of_memory'
  | 'tensorflow_missing'
  | 'backend_missing'
  | 'unsupported_backend'
  | 'no_model'
  | 'data'
  | 'interpreter'
  | 'internal';

/** Where a line falls in a notebook: set on located items when a notebook was probed. */
export interface InCell {
  /** The code cell, counted from 1 over every cell of the notebook. */
  cell?: number | null;
  /** The line within that cell, from 1. */
  cell_line?: number | null;
}

/** Anything the report places at a line of the script: findings, layers, models. */
export interface Located extends InCell {
  line?: number | null;
}

/** Why the probe failed, for a report whose verdict is `error`. */
export interface ErrorDetail extends InCell {
  kind?: ErrorKind;
  message?: string;
  /** The user's file and line where the script failed, when known. */
  file?: string | null;
  line?: number | null;
  /** The last lines the script printed. */
  output_tail?: string;
}

/** A layer's measurements at the last step the probe watched. */
export interface LayerFinal {
  grad_norm?: number | null;
  /** Size of the last update over the size of the weights. */
  update_ratio?: number | null;
  /** Share of the layer's units that output zero on every sample input. */
  dead_fraction?: number | null;
  /** Share of the layer's units whose output is the same on every sample input. */
  constant_fraction?: number | null;
  dead_fraction_start?: number | null;
  constant_fraction_start?: number | null;
}

export interface LayerReport {
  /** Position among the model's layers, from 0. */
  index?: number;
  name?: string;
  class?: string;
  /** 1-based, like the engine's ranges. */
  line?: number | null;
  activation?: string | null;
  units?: number | null;
  /** One value per step. */
  grad_norms?: (number | null)[];
  update_ratios?: (number | null)[];
  final?: LayerFinal;
  kernel_norm_start?: number | null;
  cell?: number | null;
  cell_line?: number | null;
}

export interface ModelInfo {
  name?: string;
  class?: string;
  line?: number | null;
  layers?: LayerReport[];
  cell?: number | null;
  cell_line?: number | null;
}

/** A model the script built or compiled, and what became of its fit(). */
export interface ModelSeen {
  name?: string;
  class?: string;
  line?: number | null;
  probed?: boolean;
  /** "probed", "trained" (it ran for real before the probed one), "skipped", or null. */
  fit?: string | null;
  cell?: number | null;
  cell_line?: number | null;
}

/** The data the probe trained on. */
export interface DataInfo {
  /** "fit" (the script's own fit() arguments), "module" (arrays the script made), "synthetic". */
  source?: string;
  x_shape?: number[];
  y_shape?: number[];
  batch_size?: number;
}

/** One look during the longer watch. */
export interface WatchPoint {
  step?: number;
  spread_ratio?: number | null;
  loss?: number | null;
  /** Per layer, in the model's order. */
  dead_fraction?: (number | null)[];
  constant_fraction?: (number | null)[];
  kernel_norm?: (number | null)[];
}

/** The output spread at the end of training, at the rate of the last steps. */
export interface Projection {
  step?: number;
  spread_ratio?: number | null;
  /** True: `step` is where the script's own fit() ends; false: a default horizon. */
  planned?: boolean;
}

/** One output of the model, judged on its own. */
export interface OutputSpread {
  name?: string;
  layer_index?: number | null;
  spread_ratio_start?: number | null;
  spread_ratio_end?: number | null;
}

/** What the probe measured over the steps it ran. */
export interface Metrics {
  steps?: number;
  /** One value per step; null where it was not finite. */
  loss?: (number | null)[];
  loss_finite?: boolean[];
  /** How much the predictions vary across inputs compared with how much the targets vary. */
  spread_ratio_start?: number | null;
  spread_ratio_end?: number | null;
  /** Set when the first steps were inconclusive and the probe watched longer. */
  watched_longer_from?: number | null;
  spread_ratio_at_watch?: number | null;
  watch_history?: WatchPoint[];
  /** Steps the script's own fit() trains for, when it says. */
  planned_steps?: number | null;
  /** The probe ran the whole planned training: the verdict is not a projection. */
  whole_training?: boolean;
  projected?: Projection | null;
  outputs?: OutputSpread[];
}

/** A finding of the probe: the verdict's cause, or a check of fit()'s data. */
export interface Finding extends InCell {
  code?: string;
  severity?: Severity;
  message?: string;
  line?: number | null;
  /** The layer the finding is about, by name. */
  layer?: string | null;
  /** "data" for the checks of fit()'s data; absent for the verdict's findings. */
  source?: string;
}

/** A static finding the probe's measurement contradicts. */
export interface Disagreement extends InCell {
  code?: string | null;
  line?: number | null;
  note?: string;
}

/** The change a static finding suggests, as the engine describes it. */
export interface WhatIfSpec {
  kind?: string;
  value?: unknown;
  layer_index?: number | null;
  layer_line?: number | null;
  layer_lines?: number[];
  description?: string | null;
}

/** The model re-probed with one static finding's change. */
export interface WhatIfResult extends InCell {
  code?: string | null;
  line?: number | null;
  what_if?: WhatIfSpec;
  change?: string;
  /** A verdict, or "not_measured" / "error" when the change could not be tried. */
  verdict?: string;
  confidence?: Confidence | null;
  spread_ratio_end?: number | null;
  loss_end?: number | null;
  /** Why the change was not measured. */
  reason?: string;
}

export interface NotebookCell {
  cell?: number;
  /** Where the cell starts in the joined source the probe ran (lines are counted in it). */
  first_line?: number;
  line_count?: number;
}

/** A notebook's code cells in the joined source the probe ran. */
export interface NotebookInfo {
  cells?: NotebookCell[];
}

/** One probe of one model. */
export interface ProbeReport {
  verdict?: Verdict;
  /** Null for `inconclusive` and `error`. */
  confidence?: Confidence | null;
  path?: string;
  /** The message an editor shows when the verdict is `error`. */
  error?: string | null;
  error_detail?: ErrorDetail;
  /** The Keras backend the probe ran on ("tensorflow", "jax", "torch") and the versions. */
  backend?: string;
  backend_version?: string | null;
  keras_version?: string | null;
  model?: ModelInfo | null;
  data?: DataInfo | null;
  metrics?: Metrics | null;
  findings?: Finding[];
  disagreements?: Disagreement[];
  what_if?: WhatIfResult[];
  /** Only in the verdict sent ahead of the complete report (the worker's "verdict" message, the language server's defib/probeVerdict): how many what-ifs are still being tried. */
  what_if_pending?: number;
  /** When the script builds several models: which one was measured, what ran of the others. */
  models_seen?: ModelSeen[];
  notes?: string[];
  notebook?: NotebookInfo;
  /** Seconds per stage of the probe. */
  timings?: Record<string, number>;
}
