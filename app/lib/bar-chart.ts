/** The geometry of a horizontal bar chart: computed on the server, drawn by the page. */

export type BarRow = { label: string; values: number[] };

export type BarChart = {
  width: number;
  height: number;
  plotLeft: number;
  plotRight: number;
  rows: {
    label: string;
    /** The label's baseline, above its bar. */
    labelY: number;
    /** The bar's top. */
    y: number;
    /** One segment per series, left to right. */
    segments: { series: number; x: number; width: number; value: number }[];
    total: number;
    /** Where the row's total is written, just after its bar. */
    totalX: number;
  }[];
  ticks: { x: number; value: number }[];
  barHeight: number;
};
