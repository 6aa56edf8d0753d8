// Every code block of the guides in docs/ runs as written on the bundled sample:
// - TypeScript and JavaScript blocks are bundled with esbuild into the repository's out/ folder (so that their
//   dependencies resolve from node_modules), with 'influencer-funnel', 'influencer-funnel/node' and
//   'influencer-funnel/arquero' mapped to the sources, and run in a fresh folder holding the sample at
//   examples/data/events.csv;
// - shell blocks run with `sh -e -c` in such a folder, `npx influencer-funnel` replaced by the built CLI.
// A block may use the names a reader has at hand (see `atHand` below: the sample's events and report, a warehouse,
// a web response, a browser page). A block is either run here, in a file tested elsewhere (EXCLUDED_FILES), or
// listed in NOT_RUN with the reason; the last test fails on any other.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import * as Plot from '@observablehq/plot';
import * as echarts from 'echarts';
import { build, type Plugin } from 'esbuild';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, parseEventsCSV } from '../../src/index.js';
import { CLI, ensureBuilt } from '../cli/built-cli.js';
import { repoPath } from '../helpers/csv.js';

/** Guides whose blocks another test runs (and checks against the output they show). */
const EXCLUDED_FILES: Record<string, string> = {
  // runs every block and compares what it prints with the text block after it
  'bring-your-own-export.md': 'test/docs/bring-your-own-export.test.ts',
  // its test file is test/docs/custom-scheme.example.test.ts, and guides.test.ts checks the page shows it exactly
  'testing-custom-schemes.md': 'test/docs/guides.test.ts',
  // against DuckDB and PostgreSQL
  'warehouses.md': 'test/sql/warehouses-doc.test.ts',
  // with the values the page quotes
  'uncertainty.md': 'test/uncertainty/examples.test.ts',
};

/** Blocks that cannot run here, as `file#n` (n counts the file's code blocks from 0), with the reason. */
const NOT_RUN: Record<string, string> = {
  // `npm install influencer-funnel` fetches the package from the registry; test/package/install.test.ts installs
  // the packed tarball into a fresh app instead.
  'getting-started.md#0': 'installs from the npm registry',
};

const CODE = /^(ts|typescript|js|javascript|sh|bash|shell)$/;
const DOCS = repoPath('docs');

interface Block {
  readonly file: string;
  readonly index: number;
  readonly lang: string;
  readonly body: string;
}

/** The fenced code blocks of docs/*.md (docs/api/ is generated), numbered per file. */
function collect(): Block[] {
  const out: Block[] = [];
  for (const file of readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort()) {
    const text = readFileSync(join(DOCS, file), 'utf8');
    let index = 0;
    for (const m of text.matchAll(/^```(\w*)[^\n]*\n([\s\S]*?)^```$/gm)) {
      if (CODE.test(m[1]!)) out.push({ file, index: index++, lang: m[1]!, body: m[2]! });
    }
  }
  return out;
}

const blocks = collect();
const key = (b: Block) => `${b.file}#${b.index}`;
const toRun = blocks.filter((b) => !(b.file in EXCLUDED_FILES) && !(key(b) in NOT_RUN));
const ran = new Set<string>();

const sample = repoPath('examples/data/events.csv');
const sampleText = readFileSync(sample, 'utf8');
const work = mkdtempSync(join(tmpdir(), 'if-doc-blocks-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A fresh folder with the sample where the guides expect it. */
function folder(name: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'examples', 'data'), { recursive: true });
  cpSync(sample, join(dir, 'examples', 'data', 'events.csv'));
  return dir;
}

/** A warehouse at hand: DuckDB in memory with the sample as table `events` (and `analytics.events`). */
async function duckQuery(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const load = `SELECT * FROM read_csv('${sample}', header = true, types = {'influencer_id': 'VARCHAR', 'date': 'DATE'})`;
  await connection.run(`CREATE TABLE events AS ${load}`);
  await connection.run('CREATE SCHEMA analytics');
  await connection.run(`CREATE TABLE analytics.events AS ${load}`);
  const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
  connection.closeSync();
  return rows;
}

/** Checks that a chart library is handed arrays of data, as a browser would draw them. */
function expectArray(value: unknown, what: string): void {
  expect(Array.isArray(value), `${what} is an array`).toBe(true);
}

/** A page element as the chart calls use it: a place to append a chart to. */
const element = (id: string) => ({ id, append: (child: unknown) => expect(child, `a chart appended to #${id}`).toBeTruthy() });

/**
 * The names a reader has at hand, which a block may use without defining them:
 * - `events` (the sample read by `parseEventsCSV`), `report` (`analyze(events)`), `text` (the sample as text),
 *   `file` (the sample as a `Blob`, as from an `<input type="file">`), `response` (a `fetch` response whose body is
 *   the sample as a web stream);
 * - `warehouse`, `db` (`.query(sql)` gives row objects) and `bigquery` (`.query({ query })` gives `[rows]`), all
 *   DuckDB in memory with the sample as table `events`;
 * - `document`, whose `getElementById` gives an element that takes a chart;
 * - `console`, quiet.
 */
function atHand(): Record<string, unknown> {
  const events = parseEventsCSV(sampleText);
  return {
    events,
    report: analyze(events),
    text: sampleText,
    file: new Blob([sampleText], { type: 'text/csv' }),
    response: new Response(new Blob([sampleText]).stream()),
    warehouse: { query: duckQuery },
    db: { query: duckQuery },
    bigquery: { query: async ({ query }: { query: string }) => [await duckQuery(query)] },
    document: { getElementById: element },
    console: { log: () => undefined, table: () => undefined, info: () => undefined, dir: () => undefined },
  };
}

/**
 * Browser chart libraries, in place of their imports: each checks that the data it is given is arrays, and runs
 * what can run without a page (Vega-Lite compiles and Vega runs the spec headless; ECharts renders to SVG).
 */
const AT_HAND = ['events', 'report', 'text', 'file', 'response', 'warehouse', 'db', 'bigquery', 'document', 'console'];

const STAND_INS: Record<string, Record<string, unknown>> = {
  'vega-embed': {
    default: async (el: unknown, spec: vegaLite.TopLevelSpec) => {
      expect(typeof el === 'string' || (el !== null && typeof el === 'object'), 'vegaEmbed gets an element').toBe(true);
      const data = (spec as { data?: { values?: unknown } }).data;
      if (data && 'values' in data) expectArray(data.values, 'data.values');
      const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
      await view.runAsync();
      return { view, spec };
    },
  },
  'chart.js/auto': {
    default: class Chart {
      constructor(el: unknown, config: { data: { labels?: unknown; datasets: { data: unknown }[] } }) {
        expect(el, 'Chart gets an element').toBeTruthy();
        if (config.data.labels !== undefined) expectArray(config.data.labels, 'data.labels');
        expectArray(config.data.datasets, 'data.datasets');
        for (const d of config.data.datasets) expectArray(d.data, 'a dataset');
      }
    },
  },
  echarts: {
    ...echarts,
    init: (el: unknown) => {
      expect(el, 'echarts.init gets an element').toBeTruthy();
      const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 600 });
      return {
        setOption(option: { series?: { data?: unknown }[] }) {
          for (const s of option.series ?? []) if (s.data !== undefined) expectArray(s.data, 'series data');
          chart.setOption(option as echarts.EChartsOption);
          expect(chart.renderToSVGString()).toContain('<svg');
        },
      };
    },
  },
  '@observablehq/plot': {
    ...Plot,
    plot: (options: { marks?: { data?: unknown }[] }) => {
      for (const mark of options.marks ?? []) if (mark.data !== undefined && mark.data !== null) expectArray(mark.data, 'mark data');
      return { tagName: 'figure' };
    },
  },
};

const ENTRIES: Record<string, string> = {
  'influencer-funnel': repoPath('src/index.ts'),
  'influencer-funnel/node': repoPath('src/node/index.ts'),
  'influencer-funnel/arquero': repoPath('src/arquero/index.ts'),
};

const resolver: Plugin = {
  name: 'doc-imports',
  setup(b) {
    b.onResolve({ filter: /^(influencer-funnel(\/node|\/arquero)?|vega-embed|chart\.js\/auto|echarts|@observablehq\/plot)$/ }, (args) =>
      args.path in STAND_INS ? { path: args.path, namespace: 'stand-in' } : { path: ENTRIES[args.path]! },
    );
    b.onLoad({ filter: /.*/, namespace: 'stand-in' }, (args) => {
      const names = Object.keys(STAND_INS[args.path]!).filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n));
      const m = `globalThis.__docStandIns[${JSON.stringify(args.path)}]`;
      return { contents: `const m = ${m};\nexport default m.default;\nexport const { ${names.join(', ')} } = m;\n`, loader: 'js' };
    });
  },
};

/** The names a block's imports bind. */
function importedNames(imports: string): Set<string> {
  const names = new Set<string>();
  for (const m of imports.matchAll(/^import\s+([^;]*?)\s+from\s/gm)) {
    const clause = m[1]!;
    const braces = /\{([^}]*)\}/.exec(clause);
    for (const part of braces ? braces[1]!.split(',') : []) {
      const name = part.trim().split(/\s+as\s+/).pop()!.trim();
      if (name) names.add(name);
    }
    for (const part of clause.replace(/\{[^}]*\}/, '').split(',')) {
      const name = part.trim().replace(/^\*\s+as\s+/, '');
      if (name) names.add(name);
    }
  }
  return names;
}

async function runScript(block: Block, dir: string): Promise<void> {
  const importLine = /^import\s[^;]*?;[ \t]*$/gm;
  const imports = [...block.body.matchAll(importLine)].map((m) => m[0]).join('\n');
  const rest = block.body.replace(importLine, '');
  const imported = importedNames(imports);
  const given = AT_HAND.filter((n) => !imported.has(n));
  // The block's own code sits in a block of its own, so that it may declare a name that is also at hand.
  const source = `${imports}\nconst { ${given.join(', ')} } = globalThis.__docAtHand;\n{\n${rest}\n}\n`;
  const entry = join(dir, block.lang.startsWith('t') ? 'example.ts' : 'example.js');
  writeFileSync(entry, source);
  const bundle = repoPath(`out/doc-blocks/${block.file.replace(/\.md$/, '')}-${block.index}-${process.pid}.mjs`);
  await build({ entryPoints: [entry], outfile: bundle, bundle: true, platform: 'node', format: 'esm', packages: 'external', plugins: [resolver], absWorkingDir: repoPath('.'), logLevel: 'silent' });
  const g = globalThis as Record<string, unknown>;
  g.__docAtHand = atHand();
  g.__docStandIns = STAND_INS;
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    await import(pathToFileURL(bundle).href);
  } finally {
    process.chdir(cwd);
    rmSync(bundle);
  }
}

function runShell(block: Block, dir: string): void {
  const script = block.body.replace(/npx influencer-funnel/g, `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`);
  execFileSync('sh', ['-e', '-c', script], { cwd: dir, stdio: 'pipe' });
  for (const output of [...block.body.matchAll(/--(?:out|json) (\S+)/g)].map((m) => m[1]!).filter((o) => o !== '-')) {
    expect(existsSync(join(dir, output)), output).toBe(true);
  }
}

describe('code blocks of docs/*.md', () => {
  it('finds the guides and their blocks', () => {
    expect(toRun.length).toBeGreaterThan(10);
    for (const file of Object.keys(EXCLUDED_FILES)) expect(existsSync(join(DOCS, file)), file).toBe(true);
    for (const k of Object.keys(NOT_RUN)) expect(blocks.map(key), `NOT_RUN names a block that exists: ${k}`).toContain(k);
  });

  it.each(toRun.map((b) => [`${key(b)} (${b.lang})`, b] as const))('%s runs as written', async (_, block) => {
    const dir = folder(key(block).replace(/[^\w-]/g, '_'));
    if (/^(sh|bash|shell)$/.test(block.lang)) {
      ensureBuilt();
      runShell(block, dir);
    } else {
      await runScript(block, dir);
    }
    ran.add(key(block));
  });

  it('runs every block, or names the test that runs it, or says why it cannot run', () => {
    const unaccounted = blocks.filter((b) => !(b.file in EXCLUDED_FILES) && !(key(b) in NOT_RUN) && !ran.has(key(b))).map(key);
    expect(unaccounted).toEqual([]);
  });
});
