/** What the page script needs to draw one uPlot chart; built in Node, embedded as JSON. */
export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  /** CSS colour of the line. */
  color: string;
  /** Plot against the right-hand axis. */
  right?: boolean;
  /** Draw points only (for ladders with few steps, lines still join them). */
  points?: boolean;
}

export interface ChartSpec {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** Label of the right-hand axis, when a series uses it. */
  rightLabel?: string;
  /** `percentile`: x is -log10(1 - p), ticks printed as 90 %, 99 %, 99.9 %. */
  xKind: 'seconds' | 'percentile' | 'linear';
  x: number[];
  series: ChartSeries[];
}

/** A palette with strong hues, so chart lines stand out from the grey grid. */
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
