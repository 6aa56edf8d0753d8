/** The dashboard of a report (the object `analyze` returns, or the CLI's `--json` output) as one self-contained HTML document. */
export declare function renderDashboard(report: unknown, options?: { title?: string }): string;
export declare function isRate(metric: string): boolean;
