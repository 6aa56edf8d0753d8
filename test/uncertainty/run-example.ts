// Runs a TypeScript example as written (imports of the package replaced by the library in scope),
// checking every `statement; // literal` line against the value it produces, as the TSDoc example
// test does for the main entry.
import { readFileSync } from 'node:fs';
import * as fs from 'node:fs';
import { transformSync } from 'esbuild';
import { expect } from 'vitest';
import * as main from '../../src/index.js';
import * as uncertainty from '../../src/uncertainty/index.js';

/** The library as the package will export it: the main entry with the uncertainty functions. */
export const library: Record<string, unknown> = { ...main, ...uncertainty };

const MODULES: Record<string, unknown> = { 'influencer-funnel': library, 'node:fs': fs };

const sampleText = readFileSync(new URL('../../examples/data/events.csv', import.meta.url), 'utf8');

/** What a reader of an example has at hand: the bundled sample, parsed and analysed. */
export function prelude(): Record<string, unknown> {
  const events = main.parseEventsCSV(sampleText);
  const report = main.analyze(events);
  const rows = main.eventRows(events.events);
  return {
    csvText: sampleText,
    events,
    report,
    rows,
    januaryRows: rows.filter((r) => r.date! < '2025-09-15'),
    februaryRows: rows.filter((r) => r.date! >= '2025-09-15'),
  };
}

/** `expr; // literal` pairs (a statement followed by a comment that is a plain value). */
function expectations(code: string): { expression: string; expected: unknown }[] {
  const out: { expression: string; expected: unknown }[] = [];
  for (const line of code.split('\n')) {
    const m = /^(.*?);\s*\/\/\s*(.+)$/.exec(line);
    if (!m || /^throws\b/.test(m[2]!)) continue;
    const expression = m[1]!.split(';').pop()!.trim().replace(/^(?:const|let) \w+ = /, '');
    if (/^(console|await|for|if|return|import)\b|^[{}]/.test(expression) || expression === '') continue;
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

/** Deep equality where a number matches to the precision it is written with. */
function expectMatches(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const decimals = (String(expected).split('.')[1] ?? '').replace(/e.*$/, '').length;
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals * (1 + 1e-9));
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectMatches((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    for (const [k, e] of Object.entries(expected)) expectMatches((actual as Record<string, unknown>)[k], e, `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

/** Runs `code` with the library and the prelude in scope; returns what it logged. */
export async function runExample(code: string): Promise<string[]> {
  const checks = expectations(code);
  const bindings: [string, unknown][] = [];
  let n = 0;
  let body = code.replace(/^import\s*(type\s*)?\{([^}]*)\}\s*from\s*'([^']+)';$/gm, (_, type: string | undefined, names: string, from: string) => {
    if (!(from in MODULES)) throw new Error(`the example imports an unknown module ${from}`);
    if (type) return '';
    const param = `__m${n++}`;
    bindings.push([param, MODULES[from]]);
    return `const {${names.replace(/\btype\s+\w+\s*,?/g, '')}} = ${param};`;
  });
  body = `{\n${body}`;
  checks.forEach((c, i) => {
    body += `\n__check(${i}, ${c.expression});`;
  });
  body += '\n}';
  const js = transformSync(body, { loader: 'ts', format: 'esm', target: 'es2022' }).code;
  const scope: Record<string, unknown> = { ...library, ...prelude() };
  for (const [param] of bindings) delete scope[param];
  const names = [...Object.keys(scope), ...bindings.map(([p]) => p)];
  const values = [...Object.values(scope), ...bindings.map(([, v]) => v)];
  const logs: string[] = [];
  const console = { log: (...args: unknown[]) => logs.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')) };
  const results: unknown[] = [];
  await new AsyncFunction(...names, 'console', '__check', js)(...values, console, (i: number, value: unknown) => (results[i] = value));
  checks.forEach((c, i) => expectMatches(results[i], c.expected, c.expression));
  return logs;
}
