import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../scripts/serve.mjs';
import { exampleReport, launch, screenshot, visit } from './browser.js';

// Marks each chart of an example page draws, counted from the page's SVG or the library's own
// element tree (never from numbers the page reports about itself).
type Counts = Record<'share' | 'top' | 'profile' | 'funnel' | 'heatmap' | 'trend', number>;

const COUNTERS: Record<string, (page: Page) => Promise<Counts>> = {
  'vega-lite': (page) =>
    page.evaluate(() => {
      const n = (selector: string) => document.querySelectorAll(selector).length;
      return {
        share: n('#share g.mark-arc.role-mark path'),
        top: n('#top g.mark-rect.role-mark path'),
        profile: n('#profile g.mark-rect.role-mark path'),
        funnel: n('#funnel g.mark-rect.role-mark path'),
        heatmap: n('#heatmap g.mark-rect.role-mark path'),
        trend: n('#trend g.mark-line.role-mark path'),
      };
    }),
  chartjs: (page) =>
    page.evaluate(() => {
      type ChartLike = { data: { datasets: unknown[] }; getDatasetMeta(i: number): { data: unknown[]; dataset?: unknown; hidden: boolean | null } };
      const Chart = (window as unknown as { Chart: { getChart(c: Element): ChartLike | undefined } }).Chart;
      const charts = (selector: string) => Array.from(document.querySelectorAll(selector)).map((c) => Chart.getChart(c)!);
      const elements = (selector: string) => charts(selector).reduce((s, c) => s + c.data.datasets.reduce<number>((t, _, i) => t + c.getDatasetMeta(i).data.length, 0), 0);
      const lines = (selector: string) => charts(selector).reduce((s, c) => s + c.data.datasets.filter((_, i) => c.getDatasetMeta(i).dataset).length, 0);
      return {
        share: elements('#share'),
        top: elements('#top'),
        profile: elements('#profile canvas'),
        funnel: elements('#funnel'),
        heatmap: elements('#heatmap'),
        trend: lines('#trend-revenue, #trend-conversion'),
      };
    }),
  'observable-plot': (page) =>
    page.evaluate(() => {
      const n = (selector: string) => document.querySelectorAll(selector).length;
      return {
        share: n('#share g[aria-label="bar"] rect'),
        top: n('#top g[aria-label="bar"] rect'),
        profile: n('#profile g[aria-label="bar"] rect'),
        funnel: n('#funnel g[aria-label="bar"] rect'),
        heatmap: n('#heatmap g[aria-label="cell"] rect'),
        trend: n('#trend g[aria-label="line"] path'),
      };
    }),
  echarts: (page) =>
    page.evaluate(() => {
      type El = { isGroup?: boolean; type: string };
      type Instance = { getModel(): { getSeries(): unknown[] }; getViewOfSeriesModel(s: unknown): { group: { traverse(cb: (el: El) => void): void } } };
      const echarts = (window as unknown as { echarts: { getInstanceByDom(el: Element): Instance | undefined } }).echarts;
      const count = (selector: string, types: string[]) => {
        let total = 0;
        for (const element of Array.from(document.querySelectorAll(selector))) {
          const chart = echarts.getInstanceByDom(element)!;
          for (const series of chart.getModel().getSeries()) {
            chart.getViewOfSeriesModel(series).group.traverse((el) => {
              if (!el.isGroup && types.includes(el.type)) total++;
            });
          }
        }
        return total;
      };
      return {
        share: count('#share', ['sector']),
        top: count('#top', ['rect']),
        profile: count('#profile .chart', ['rect']),
        funnel: count('#funnel', ['rect']),
        heatmap: count('#heatmap', ['rect']),
        trend: count('#trend', ['ec-polyline']),
      };
    }),
};

describe('example pages in Chromium', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  const { report, json } = exampleReport();
  const segments = report.segments.length;
  // Two trend panels (revenue, overall conversion), one line per segment.
  const expected: Counts = {
    share: report.charts.segmentShare.filter((d) => d.count > 0).length,
    top: 20,
    profile: report.charts.segmentProfile.filter((d) => d.value !== null).length,
    funnel: 4,
    heatmap: report.charts.heatmap.filter((d) => d.value !== null).length,
    trend: 2 * segments,
  };

  beforeAll(async () => {
    server = await serve({ files: { '/examples/report.json': json } });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('expects the sample report to fill every chart', () => {
    expect(expected).toEqual({ share: 3, top: 20, profile: 18, funnel: 4, heatmap: 18, trend: 6 });
  });

  it.each(Object.keys(COUNTERS))('%s.html loads from localhost only, logs no error, and draws every mark', async (name) => {
    const { page, problems } = await visit(browser, `${server.url}/examples/${name}.html`, (url) => url.startsWith(`${server.url}/`));
    try {
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
      const counts = await COUNTERS[name]!(page);
      await screenshot(page, `example-${name}`);
      expect(problems).toEqual([]);
      expect(counts).toEqual(expected);
    } finally {
      await page.close();
    }
  });

  it('the index page links every example', async () => {
    const { page, problems } = await visit(browser, `${server.url}/examples/`, (url) => url.startsWith(`${server.url}/`));
    try {
      const links = await page.$$eval('a', (as) => as.map((a) => a.getAttribute('href')));
      expect(links).toEqual(Object.keys(COUNTERS).map((name) => `${name}.html`));
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
