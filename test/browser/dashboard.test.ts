import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, parseEvents } from '../../src/index.js';
import { renderDashboard } from '../../scripts/dashboard.mjs';
import { exampleReport, launch, ROOT, screenshot, visit } from './browser.js';

const run = promisify(execFile);
const marks = (page: Page, chart: string) => page.locator(`.mark[data-chart="${chart}"]`).count();

describe('dashboard.html', () => {
  let browser: Browser;
  let dir: string;
  let html: string;
  const { report, json } = exampleReport();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'influencer-funnel-dashboard-'));
    writeFileSync(join(dir, 'report.json'), json);
    // The same command `npm run demo` runs after writing out/report.json.
    await run(process.execPath, [new URL('scripts/dashboard.mjs', ROOT).pathname, join(dir, 'report.json'), join(dir, 'dashboard.html')]);
    html = readFileSync(join(dir, 'dashboard.html'), 'utf8');
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is one self-contained file: no external script, style, image or link', () => {
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+rel="stylesheet"/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
    const data = JSON.parse(html.match(/<script type="application\/json" id="report-data">([^]*?)<\/script>/)![1]!);
    expect(data.charts).toEqual(JSON.parse(json).charts);
  });

  it('opens from file:// with no network, logs no error, and draws the five seed charts, the trend and the table', async () => {
    const { page, problems } = await visit(browser, pathToFileURL(join(dir, 'dashboard.html')).href, (url) => url.startsWith('file://') || url.startsWith('data:'));
    try {
      await screenshot(page, 'dashboard');
      expect(problems).toEqual([]);
      expect(await marks(page, 'share')).toBe(3);
      expect(await marks(page, 'top')).toBe(20);
      expect(await marks(page, 'profile')).toBe(18);
      expect(await marks(page, 'funnel')).toBe(4);
      expect(await marks(page, 'heatmap')).toBe(18);
      // Revenue, purchases, overall conversion and CTR, one line per segment.
      expect(await marks(page, 'trend')).toBe(4 * report.segments.length);
      expect(await page.locator('#summary tbody tr').count()).toBe(report.influencers.length);
      // Every chart and the table have a visible heading.
      const headings = await page.locator('section h2').allInnerTexts();
      expect(headings).toEqual(['Influencers per segment', 'Top 20 influencers by revenue', 'Segment profile', 'Overall funnel', 'Segment x metric heatmap', 'Trend by segment', 'Summary']);
    } finally {
      await page.close();
    }
  });

  it('sorts the summary table by a clicked column', async () => {
    const { page } = await visit(browser, pathToFileURL(join(dir, 'dashboard.html')).href, (url) => url.startsWith('file://'));
    try {
      const revenueColumn = (await page.locator('#summary thead th').allInnerTexts()).indexOf('Revenue');
      await page.locator('#summary thead th', { hasText: /^Revenue$/ }).click();
      await page.locator('#summary thead th', { hasText: /^Revenue$/ }).click(); // descending
      const first = await page.locator(`#summary tbody tr:first-child td:nth-child(${revenueColumn + 1})`).getAttribute('data-value');
      expect(Number(first)).toBe(report.charts.topByRevenue[0]!.value);
    } finally {
      await page.close();
    }
  });

  it('draws an empty segment, a single influencer and missing revenue without errors', async () => {
    // One influencer, no revenue column: Low and Mid are empty, revenue charts have nothing to show.
    const single = analyze(parseEvents([{ influencer_id: '7', date: '2025-01-01', impressions: 100, clicks: 5, add_to_cart: 1, purchases: 1 }]));
    const file = join(dir, 'single.html');
    writeFileSync(file, renderDashboard(JSON.parse(JSON.stringify(single))));
    const { page, problems } = await visit(browser, pathToFileURL(file).href, (url) => url.startsWith('file://'));
    try {
      await screenshot(page, 'dashboard-single-influencer');
      expect(problems).toEqual([]);
      expect(await marks(page, 'share')).toBe(single.charts.segmentShare.filter((d) => d.count > 0).length);
      expect(await marks(page, 'top')).toBe(0);
      expect(await page.locator('#summary tbody tr').count()).toBe(1);
      expect(await page.content()).not.toMatch(/NaN/);
    } finally {
      await page.close();
    }
  });
});
