#!/usr/bin/env node
/**
 * The browser path, timed in Debian's Chromium: a page fetches the bench file and streams its body
 * through the main entry (`aggregateEventsCSV(response.body)` -> `analyze` -> `summaryCSV`), as an app
 * would with a `File`. Prints one JSON line: { ms: number[], mb: number, mbPerSecond: number }.
 *
 *   node bench/browser.mjs out/bench/events-1000000.csv [runs]
 */
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const [file, runsText] = process.argv.slice(2);
const runs = Number(runsText ?? 3);
const bundle = await build({
  stdin: { contents: "export { aggregateEventsCSV, analyze, summaryCSV } from './src/index.ts';", resolveDir: process.cwd(), loader: 'ts' },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  minify: true,
  write: false,
  logLevel: 'warning',
});
const lib = bundle.outputFiles[0].text;
const page = `<!doctype html><script type="module">
import { aggregateEventsCSV, analyze, summaryCSV } from '/lib.js';
window.run = async () => {
  const t = performance.now();
  const response = await fetch('/events.csv');
  const csv = summaryCSV(analyze(await aggregateEventsCSV(response.body, { rowRates: false })));
  return { ms: performance.now() - t, length: csv.length };
};
window.ready = true;
</script>`;
const server = createServer((req, res) => {
  if (req.url === '/lib.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(lib);
  else if (req.url === '/events.csv') {
    res.writeHead(200, { 'content-type': 'text/csv' });
    createReadStream(file).pipe(res);
  } else res.writeHead(200, { 'content-type': 'text/html' }).end(page);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const ms = [];
  for (let k = 0; k < runs; k++) {
    // A fresh page per run: cold code, as a user's first upload.
    const tab = await browser.newPage();
    await tab.goto(url);
    await tab.waitForFunction(() => window.ready === true);
    const result = await tab.evaluate(() => window.run());
    if (result.length < 100) throw new Error('the page produced no summary');
    ms.push(result.ms);
    await tab.close();
  }
  const mb = statSync(file).size / 1e6;
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  console.log(JSON.stringify({ ms, mb, mbPerSecond: mb / (median / 1000) }));
} finally {
  await browser.close();
  server.close();
}
