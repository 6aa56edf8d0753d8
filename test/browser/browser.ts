/**
 * Shared set-up of the browser tests: Debian's Chromium driven by playwright-core, the example
 * report computed from the sample data, and a page loader that records every console error, page
 * error, failed request and request that leaves the machine.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyze, parseEventsCSV, type AnalyzeReport } from '../../src/index.js';

export const ROOT = new URL('../../', import.meta.url);
export const SCREENSHOTS = new URL('out/screenshots/', ROOT);

/** Launches headless Chromium (`/usr/bin/chromium`, or `$CHROMIUM_PATH`). */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The report of examples/data/events.csv, as `influencer-funnel report --json` writes it. */
export function exampleReport(): { report: AnalyzeReport; json: string } {
  const report = analyze(parseEventsCSV(readFileSync(new URL('examples/data/events.csv', ROOT), 'utf8')));
  return { report, json: `${JSON.stringify(report, null, 2)}\n` };
}

export interface Visit {
  readonly page: Page;
  /** Console errors, page errors, failed or non-2xx requests, and requests to other hosts. */
  readonly problems: string[];
}

/** Opens `url` in a new page; `allowed` tells which request URLs may load (others are aborted and reported). */
export async function visit(browser: Browser, url: string, allowed: (url: string) => boolean, viewport = { width: 1280, height: 900 }): Promise<Visit> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.route('**/*', (route) => {
    const target = route.request().url();
    if (allowed(target)) return route.continue();
    problems.push(`blocked request to ${target}`);
    return route.abort();
  });
  await page.goto(url);
  return { page, problems };
}

/** Saves a full-page screenshot as out/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
}
