/**
 * Chart-ready, tidy arrays (one file per shape under `charts/`). Nothing here renders: every shape
 * is plain data that Vega-Lite, Chart.js, Observable Plot or ECharts take as it is.
 * @module
 */
export * from './charts/index.js';
