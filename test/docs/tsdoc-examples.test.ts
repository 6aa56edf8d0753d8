// Every public function, class and constant documents an @example, and every @example runs: it is
// transpiled as written and executed with the library in scope. A statement followed by a comment
// that is a plain literal (`ctr(t); // 0.025`) must produce that value.
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import * as arquero from 'arquero';
import * as main from '../../src/index.js';
import * as arqueroEntry from '../../src/arquero/index.js';
import * as nodeEntry from '../../src/node/index.js';
import { repoPath } from '../helpers/csv.js';

const ENTRIES = ['src/index.ts', 'src/node/index.ts', 'src/arquero/index.ts'];

interface Example {
  readonly name: string;
  readonly file: string;
  readonly code: string;
}

/** Public exports of each entry with their TSDoc examples, read with the TypeScript compiler. */
function collect(): { examples: Example[]; missing: string[] } {
  const program = ts.createProgram(
    ENTRIES.map((e) => repoPath(e)),
    { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, noEmit: true },
  );
  const checker = program.getTypeChecker();
  const examples: Example[] = [];
  const missing: string[] = [];
  const seen = new Set<ts.Declaration>();
  for (const entry of ENTRIES) {
    const source = program.getSourceFile(repoPath(entry))!;
    const moduleSymbol = checker.getSymbolAtLocation(source)!;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decl = symbol.declarations?.[0];
      if (!decl || seen.has(decl)) continue;
      seen.add(decl);
      const isFunction = ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl);
      const isCallableConst =
        ts.isVariableDeclaration(decl) && decl.initializer !== undefined && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer));
      if (!isFunction && !isCallableConst) continue;
      const tags = ts.getJSDocTags(ts.isVariableDeclaration(decl) ? decl.parent.parent : decl).filter((t) => t.tagName.text === 'example');
      const file = decl.getSourceFile().fileName.replace(repoPath('.'), '');
      if (tags.length === 0) missing.push(`${exported.name} (${file})`);
      for (const tag of tags) {
        const text = ts.getTextOfJSDocComment(tag.comment) ?? '';
        const match = /```(?:ts|typescript)?\n([\s\S]*?)```/.exec(text);
        examples.push({ name: exported.name, file, code: match ? match[1]! : text });
      }
    }
  }
  return { examples, missing };
}

const sampleText = readFileSync(repoPath('examples/data/events.csv'), 'utf8');

/** A warehouse at hand: DuckDB in memory with the sample as table `analytics.events`. */
const warehouse = {
  async query(sql: string): Promise<Record<string, unknown>[]> {
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    await connection.run('CREATE SCHEMA analytics');
    await connection.run(
      `CREATE TABLE analytics.events AS SELECT * FROM read_csv('${repoPath('examples/data/events.csv')}', header = true, types = {'influencer_id': 'VARCHAR', 'date': 'DATE'})`,
    );
    const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
    connection.closeSync();
    return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
  },
};

/** Names an example may use without defining them: the data a reader has at hand. */
function prelude() {
  const events = main.parseEventsCSV(sampleText);
  const report = main.analyze(events);
  const written: Record<string, string> = {};
  const rows = main.eventRows(events.events);
  return {
    csvText: sampleText,
    text: sampleText,
    events,
    rows,
    report,
    influencers: report.influencers,
    januaryRows: rows.filter((r) => r.date! < '2025-09-15'),
    februaryRows: rows.filter((r) => r.date! >= '2025-09-15'),
    response: { body: new Blob([sampleText]).stream() },
    input: { files: [new Blob([sampleText])] },
    fs: { writeFile: async (path: string, data: string) => void (written[path] = data) },
    stream: { write: (chunk: string) => void (written.stream = (written.stream ?? '') + chunk) },
    aq: arquero,
    warehouse,
    console: { log: () => undefined },
  };
}

/** `expr; // literal` pairs whose comment is a plain value (the expression is the last statement on the line). */
function expectations(code: string): { expression: string; expected: unknown }[] {
  const out: { expression: string; expected: unknown }[] = [];
  for (const line of code.split('\n')) {
    const m = /^(.*?);\s*\/\/\s*(.+)$/.exec(line);
    if (!m || /^throws\b/.test(m[2]!) || /…|\.\.\./.test(m[2]!)) continue;
    const expression = m[1]!.split(';').pop()!.trim().replace(/^(?:const|let) \w+ = /, '');
    if (/^(console|await|for|if|try|catch|return)\b|^[{}]/.test(expression) || expression === '') continue;
    try {
      const expected = Function(`"use strict"; return (${m[2]});`)();
      if (expected === undefined) continue;
      out.push({ expression, expected });
    } catch {
      // a descriptive comment, not a value
    }
  }
  return out;
}

/** Turns `statement; // throws: text` lines into a check that the statement throws an error mentioning `text`. */
function throwingLines(code: string): string {
  return code
    .split('\n')
    .map((line) => {
      const m = /^(\s*)(.*?);\s*\/\/\s*throws(?::\s*(.+))?$/.exec(line);
      return m ? `${m[1]}__throws(() => { ${m[2]}; }, ${JSON.stringify(m[3] ?? '')});` : line;
    })
    .join('\n');
}

/** Deep equality where a number matches to the precision it is written with (`0.6667` for 2/3). */
function expectMatches(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const decimals = (String(expected).split('.')[1] ?? '').replace(/e.*$/, '').length;
    const tolerance = decimals >= 15 ? Math.abs(expected) * 1e-12 : 0.5 * 10 ** -decimals * (1 + 1e-9);
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectMatches((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', path).toBe(true);
    for (const [k, e] of Object.entries(expected)) expectMatches((actual as Record<string, unknown>)[k], e, `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

async function run(example: Example): Promise<void> {
  // An example of the Node entry reads its own names (its `aggregateEventsCSV` takes paths).
  const entries = /(^|\/)src\/node\//.test(example.file) ? { ...main, ...nodeEntry } : { ...nodeEntry, ...main };
  const scope: Record<string, unknown> = { ...arqueroEntry, ...entries, ...prelude() };
  const checks = expectations(example.code);
  // A block, so that an example may declare names the prelude also offers.
  let body = `{\n${throwingLines(example.code.replace(/^\s*import .*$/gm, ''))}`;
  checks.forEach((c, i) => {
    body += `\n__check(${i}, ${c.expression});`;
  });
  body += '\n}';
  const js = transformSync(body, { loader: 'ts', format: 'esm', target: 'es2022' }).code;
  const results: unknown[] = [];
  const names = Object.keys(scope);
  const fn = new AsyncFunction(...names, '__check', '__throws', js);
  const throws = (statement: () => unknown, text: string) => {
    let error: unknown;
    try {
      statement();
    } catch (e) {
      error = e;
    }
    expect(error, `expected to throw ${text}`).toBeInstanceOf(main.InfluencerFunnelError);
    const e = error as Error;
    expect(`${e.name}: ${e.message}`).toContain(text);
  };
  await fn(...names.map((n) => scope[n]), (i: number, value: unknown) => (results[i] = value), throws);
  checks.forEach((c, i) => expectMatches(results[i], c.expected, c.expression));
}

const { examples, missing } = collect();

describe('TSDoc examples', () => {
  it('document every public function and class', () => {
    expect(missing).toEqual([]);
  });

  it.each(examples.map((e) => [`${e.name} (${e.file})`, e] as const))('%s runs as written', async (_, example) => {
    await run(example);
  });
});
