/**
 * A `.csv.gz` chosen in a browser (a `File`, a `Blob`) goes through the main entry's
 * `aggregateEventsCSV` with the browser's own `DecompressionStream`: the same summary as in Node.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, parseEventsCSV, summaryCSV } from '../../src/index.js';
import { launch, ROOT } from './browser.js';

describe('gzip in a browser', () => {
  let browser: Browser;
  let bundle: string;
  const text = readFileSync(new URL('examples/data/events.csv', ROOT), 'utf8');

  beforeAll(async () => {
    const built = await build({
      entryPoints: [new URL('src/index.ts', ROOT).pathname],
      bundle: true,
      format: 'iife',
      globalName: 'influencerFunnel',
      platform: 'browser',
      write: false,
    });
    bundle = built.outputFiles[0]!.text;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('aggregateEventsCSV(blob) of gzip bytes gives the summary of the text, and parseEventsCSV says to use it', async () => {
    const page = await browser.newPage();
    try {
      await page.addScriptTag({ content: bundle });
      const result = await page.evaluate(async (base64: string) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const lib = (globalThis as unknown as { influencerFunnel: typeof import('../../src/index.js') }).influencerFunnel;
        const file = new File([bytes], 'events.csv.gz', { type: 'application/gzip' });
        const summary = lib.summaryCSV(lib.analyze(await lib.aggregateEventsCSV(file)));
        let sync = '';
        try {
          lib.parseEventsCSV(bytes);
        } catch (error) {
          sync = `${(error as Error).name}: ${(error as Error).message}`;
        }
        return { summary, sync };
      }, gzipSync(text).toString('base64'));
      expect(result.summary).toBe(summaryCSV(analyze(parseEventsCSV(text))));
      expect(result.sync).toMatch(/^InvalidInputError: The input is gzip-compressed/);
    } finally {
      await page.close();
    }
  });
});
