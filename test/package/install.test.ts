// The packed tarball as a user gets it: `npm pack`, then `npm install <tarball>` into a fresh app with
// no overrides, and the app uses it from ESM, CommonJS, TypeScript (node16 and bundler resolution),
// the bin, and a browser bundle run in Chromium. arquero is installed only for the arquero entry,
// with the command its missing-dependency error names. Needs the npm registry for the dependencies.
// Packs the build in dist/ as it is (`npm run build` first, as CI does; built here only when missing).
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoPath } from '../helpers/csv.js';
import { launch } from '../browser/browser.js';

const ROOT = repoPath('.');
const PKG = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as {
  name: string;
  version: string;
  engines: { node: string };
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};
const TSC = repoPath('node_modules/typescript/bin/tsc');

/**
 * Node versions where require(esm) is on by default. The CommonJS build requires ESM-only
 * dependencies (d3-array, arquero), so `engines` admits no other; if it ever does, the CommonJS
 * checks below also run under `--no-experimental-require-module`.
 */
const REQUIRE_ESM_BY_DEFAULT = '^20.19.0 || >=22.12.0';
const NODE_FLAGS: string[][] = PKG.engines.node === REQUIRE_ESM_BY_DEFAULT ? [[]] : [[], ['--no-experimental-require-module']];

// The npm that runs `npm test` passes its own package and lifecycle settings down; the app's npm must not see them.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_(package_|lifecycle_|config_(local_)?prefix$)/i.test(key) && key !== 'INIT_CWD'),
);

interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, options: { check?: boolean } = {}): Result {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  const out = { status: result.status, stdout: result.stdout, stderr: result.stderr };
  if ((options.check ?? true) && out.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${out.status}\n${out.stderr}\n${out.stdout}`.slice(0, 8000));
  }
  return out;
}

/** {@link run} without blocking, so that independent checks can run side by side. */
function runAsync(command: string, args: readonly string[], cwd: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${error.message}\n${stderr}\n${stdout}`.slice(0, 8000)));
      else resolve({ status: 0, stdout, stderr });
    });
  });
}

const npmInstall = (cwd: string, specs: readonly string[]) => run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...specs], cwd);

const EVENTS = readFileSync(repoPath('test/fixtures/classic-small.csv'), 'utf8');

// What each way in prints: the summary CSV of the sample, and a few facts about the entries.
const ESM_SCRIPT = `
import { readFileSync } from 'node:fs';
import { analyze, ctr, InfluencerFunnelError, parseEventsCSV, summaryCSV } from 'influencer-funnel';
import { readEventsCSV } from 'influencer-funnel/node';
import { fromTable, toTable } from 'influencer-funnel/arquero';
const file = new URL('./events.csv', import.meta.url);
const summary = summaryCSV(analyze(parseEventsCSV(readFileSync(file, 'utf8'))));
const fromFile = summaryCSV(analyze(await readEventsCSV(file.pathname)));
const error = await readEventsCSV('/nonexistent/events.csv').catch((e) => e);
process.stdout.write(JSON.stringify({
  summary, fromFile,
  ctr: ctr({ impressions: 4, clicks: 1, addToCart: 0, purchases: 0 }),
  sharedErrors: error instanceof InfluencerFunnelError, code: error.code,
  adapters: [typeof fromTable, typeof toTable],
}));
`;

const CJS_SCRIPT = `
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { analyze, ctr, InfluencerFunnelError, parseEventsCSV, summaryCSV } = require('influencer-funnel');
const { readEventsCSV } = require('influencer-funnel/node');
const { fromTable, toTable } = require('influencer-funnel/arquero');
(async () => {
  const file = path.join(__dirname, 'events.csv');
  const summary = summaryCSV(analyze(parseEventsCSV(readFileSync(file, 'utf8'))));
  const fromFile = summaryCSV(analyze(await readEventsCSV(file)));
  const error = await readEventsCSV('/nonexistent/events.csv').catch((e) => e);
  process.stdout.write(JSON.stringify({
    summary, fromFile,
    ctr: ctr({ impressions: 4, clicks: 1, addToCart: 0, purchases: 0 }),
    sharedErrors: error instanceof InfluencerFunnelError, code: error.code,
    adapters: [typeof fromTable, typeof toTable],
    requireModule: process.features.require_module === true,
  }));
})();
`;

// Without arquero: the entry loads, fromTable needs no arquero, toTable says what to install.
const MISSING_ESM = `
import { MissingDependencyError, toTable } from 'influencer-funnel/arquero';
import { InfluencerFunnelError } from 'influencer-funnel';
try { toTable([{ a: 1 }]); } catch (e) {
  process.stdout.write(JSON.stringify({ typed: e instanceof MissingDependencyError && e instanceof InfluencerFunnelError, code: e.code, message: e.message, install: e.install }));
}
`;
const MISSING_CJS = `
const { MissingDependencyError, toTable } = require('influencer-funnel/arquero');
try { toTable([{ a: 1 }]); } catch (e) {
  process.stdout.write(JSON.stringify({ typed: e instanceof MissingDependencyError, code: e.code, message: e.message, install: e.install }));
}
`;

const ARQUERO_ESM = `
import * as aq from 'arquero';
import { readFileSync } from 'node:fs';
import { analyze, summaryCSV } from 'influencer-funnel';
import { fromTable, toTable } from 'influencer-funnel/arquero';
const text = readFileSync(new URL('./events.csv', import.meta.url), 'utf8');
const report = analyze(fromTable(aq.fromCSV(text, { parse: { influencer_id: String } })));
const table = toTable(report.influencers);
process.stdout.write(JSON.stringify({ summary: summaryCSV(report), rows: table.numRows(), isTable: table instanceof aq.ColumnTable }));
`;
const ARQUERO_CJS = `
const { readFileSync } = require('node:fs');
const path = require('node:path');
const aq = require('arquero');
const { analyze, summaryCSV } = require('influencer-funnel');
const { fromTable, toTable } = require('influencer-funnel/arquero');
const text = readFileSync(path.join(__dirname, 'events.csv'), 'utf8');
const report = analyze(fromTable(aq.fromCSV(text, { parse: { influencer_id: String } })));
const table = toTable(report.influencers);
process.stdout.write(JSON.stringify({ summary: summaryCSV(report), rows: table.numRows(), isTable: table instanceof aq.ColumnTable }));
`;

// A small consumer, type-checked strictly. The same code as ESM (.mts), CommonJS (.cts) and bundler input (.ts).
const CONSUMER = `
import { analyze, ctr, InfluencerFunnelError, parseEventsCSV, summaryCSV, type AnalyzeReport } from 'influencer-funnel';
import { readEventsCSV } from 'influencer-funnel/node';

const events = parseEventsCSV('influencer_id,impressions,clicks,add_to_cart,purchases\\na,100,3,1,1\\n');
const report: AnalyzeReport = analyze(events);
export const summary: string = summaryCSV(report);
export const rate: number | null = ctr({ impressions: 100, clicks: 3, addToCart: 1, purchases: 1 });
export const first: string | undefined = report.influencers[0]?.influencerId;
export async function fromFile(file: string): Promise<AnalyzeReport> {
  return analyze(await readEventsCSV(file));
}
export function codeOf(error: unknown): string | undefined {
  return error instanceof InfluencerFunnelError ? error.code : undefined;
}
// @ts-expect-error: a summary is text, not a number
export const wrong: number = summaryCSV(report);
`;
const CONSUMER_ARQUERO = `
import * as aq from 'arquero';
import { analyze } from 'influencer-funnel';
import { fromTable, MissingDependencyError, toTable } from 'influencer-funnel/arquero';

const table: aq.ColumnTable = toTable(analyze(fromTable(aq.table({ influencer_id: ['a'], impressions: [100], clicks: [4], add_to_cart: [1], purchases: [1] }))).influencers);
export const rows: number = table.numRows();
export const missing = (error: unknown): string | undefined => (error instanceof MissingDependencyError ? error.install : undefined);
`;

const tsconfig = (compilerOptions: Record<string, unknown>, files: string[]) =>
  JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], ...compilerOptions }, files }, null, 2);

let work: string;
let app: string;
let packed: { filename: string; files: { path: string }[] };

const bin = () => path.join(app, 'node_modules/.bin/influencer-funnel');
const write = (name: string, text: string) => writeFileSync(path.join(app, name), text);
const node = (args: string[], flags: string[] = []) => JSON.parse(run(process.execPath, [...flags, ...args], app).stdout) as Record<string, unknown>;

beforeAll(() => {
  if (!existsSync(repoPath('dist/index.js'))) run('npm', ['run', 'build'], ROOT);
  work = mkdtempSync(path.join(tmpdir(), 'influencer-funnel-install-'));
  packed = (JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], ROOT).stdout) as (typeof packed)[])[0]!;
  app = path.join(work, 'app');
  mkdirSync(app);
  write('package.json', `${JSON.stringify({ name: 'consumer-app', version: '1.0.0', private: true }, null, 2)}\n`);
  npmInstall(app, [path.join(work, packed.filename)]);
  write('events.csv', EVENTS);
  write('esm.mjs', ESM_SCRIPT);
  write('cjs.cjs', CJS_SCRIPT);
  write('missing-arquero.mjs', MISSING_ESM);
  write('missing-arquero.cjs', MISSING_CJS);
  write('arquero.mjs', ARQUERO_ESM);
  write('arquero.cjs', ARQUERO_CJS);
  write('consumer.mts', CONSUMER);
  write('consumer.cts', CONSUMER);
  write('consumer.ts', CONSUMER);
  write('consumer-arquero.ts', CONSUMER_ARQUERO);
  write('tsconfig.node16.json', tsconfig({ module: 'node16', moduleResolution: 'node16' }, ['consumer.mts', 'consumer.cts']));
  write('tsconfig.bundler.json', tsconfig({ module: 'esnext', moduleResolution: 'bundler' }, ['consumer.ts']));
  // arquero's own declarations do not pass a strict check (flechette's neither): skip checking .d.ts files there.
  write('tsconfig.arquero.json', tsconfig({ module: 'esnext', moduleResolution: 'bundler', skipLibCheck: true }, ['consumer-arquero.ts']));
  write('browser.js', "import { analyze, parseEventsCSV, summaryCSV } from 'influencer-funnel';\nexport const summarize = (csv) => summaryCSV(analyze(parseEventsCSV(csv)));\n");
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The summary every way in must give: ESM from the installed package. */
let summary: string | undefined;
const expected = (): string => (summary ??= node(['esm.mjs']).summary as string);

describe('the packed tarball', () => {
  it('holds the build, the docs README links to, and no sources, tests or API pages', () => {
    const files = packed.files.map((f) => f.path);
    for (const file of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/cli/main.js']) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => /^(src|test|scripts|examples|docs\/api)\//.test(f))).toEqual([]);
    const readme = readFileSync(repoPath('README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => !files.includes(l))).toEqual([]);
  });

  it('declares arquero an optional peer, and engines where require(esm) is on by default', () => {
    const installed = JSON.parse(readFileSync(path.join(app, 'node_modules/influencer-funnel/package.json'), 'utf8')) as typeof PKG & { dependencies: Record<string, string> };
    expect(Object.keys(installed.dependencies).sort()).toEqual(['d3-array', 'zod']);
    expect(installed.peerDependencies).toEqual({ arquero: expect.stringMatching(/^\^8/) });
    expect(installed.peerDependenciesMeta).toEqual({ arquero: { optional: true } });
    expect(installed.engines.node).toBe(REQUIRE_ESM_BY_DEFAULT);
    expect(existsSync(path.join(app, 'node_modules/arquero'))).toBe(false);
  });

  it('imports from ESM: every entry, shared error classes, the same summary from text and from a file', () => {
    const out = node(['esm.mjs']);
    expect(out).toMatchObject({ ctr: 0.25, sharedErrors: true, code: 'INVALID_INPUT', adapters: ['function', 'function'] });
    expect(out.summary).toMatch(/^influencer_id,/);
    expect(out.fromFile).toBe(out.summary);
  });

  it.each(NODE_FLAGS.map((flags) => [flags.join(' ') || 'default flags', flags] as const))('requires from CommonJS (%s) with the same answers', (_, flags) => {
    const out = node(['cjs.cjs'], flags);
    expect(out).toMatchObject({ ctr: 0.25, sharedErrors: true, code: 'INVALID_INPUT', adapters: ['function', 'function'], summary: expected() });
    expect(out.fromFile).toBe(out.summary);
    if (flags.length === 0) expect(out.requireModule).toBe(true);
  });

  it('type-checks a strict consumer with moduleResolution node16 (ESM and CommonJS) and bundler', async () => {
    await Promise.all(['tsconfig.node16.json', 'tsconfig.bundler.json'].map((config) => runAsync(process.execPath, [TSC, '-p', config], app)));
  }, 60_000);

  it('runs the bin: --help, and a report equal to the API summary', () => {
    expect(run(bin(), ['--help'], app).stdout).toMatch(/Usage: influencer-funnel report/);
    expect(run(bin(), ['report', 'events.csv', '--quiet'], app).stdout).toBe(expected());
  });

  it("prints the package's version with --version", () => {
    expect(run(bin(), ['--version'], app).stdout.trim()).toBe(PKG.version);
  });

  it('bundles for the browser (esbuild) and computes the same report in Chromium', async () => {
    const result = await build({
      entryPoints: [path.join(app, 'browser.js')],
      absWorkingDir: app,
      bundle: true,
      minify: true,
      format: 'iife',
      globalName: 'funnel',
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((i) => /node_modules\/(arquero|@uwdata)\//.test(i) || i.startsWith('node:'))).toEqual([]);
    const code = result.outputFiles[0]!.contents;
    console.info(`browser bundle of analyze + parseEventsCSV + summaryCSV from the installed package: ${code.length} B minified, ${gzipSync(code).length} B gzip`);
    const browser = await launch();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.setContent('<!doctype html><meta charset="utf-8"><title>consumer</title>');
      await page.addScriptTag({ content: result.outputFiles[0]!.text });
      const summary = await page.evaluate((csv) => (window as unknown as { funnel: { summarize(csv: string): string } }).funnel.summarize(csv), EVENTS);
      expect(errors).toEqual([]);
      expect(summary).toBe(expected());
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('without arquero, says what to install; that command works, and then the arquero entry does', () => {
    const esm = node(['missing-arquero.mjs']);
    const cjs = node(['missing-arquero.cjs']);
    for (const out of [esm, cjs]) {
      expect(out).toMatchObject({ typed: true, code: 'MISSING_DEPENDENCY' });
      expect(out.message).toContain(`Install it with: ${out.install}`);
    }
    const install = String(esm.install);
    expect(install).toMatch(/^npm install arquero@/);
    // The user's next step, as the error words it.
    npmInstall(app, install.replace(/^npm install /, '').split(' '));
    const lines = expected().trim().split('\n').length;
    for (const script of ['arquero.mjs', 'arquero.cjs']) {
      expect(node([script]), script).toEqual({ summary: expected(), rows: lines - 1, isTable: true });
    }
    run(process.execPath, [TSC, '-p', 'tsconfig.arquero.json'], app);
  }, 90_000);
});
