import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import * as lib from '../../src/index.js';
import * as node from '../../src/node/index.js';

/** The guide's fenced blocks, in order: language, the rest of the info string, and the body. */
const GUIDE = readFileSync(new URL('../../docs/bring-your-own-export.md', import.meta.url), 'utf8');
const BLOCKS = [...GUIDE.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, info: m[2]!.trim(), body: m[3]! }));

const MODULES: Record<string, unknown> = { 'influencer-funnel': lib, 'influencer-funnel/node': node, 'node:fs': fs };

/** The text block right after block `i`: the output the guide shows. */
function shownOutput(i: number): string {
  const next = BLOCKS[i + 1];
  if (!next || next.lang !== 'text') throw new Error(`block ${i} (${BLOCKS[i]!.lang}) has no output block after it`);
  return next.body.trim();
}

async function runTs(code: string): Promise<string> {
  let n = 0;
  const bindings: [string, unknown][] = [];
  const body = code.replace(/^import\s*\{([^}]*)\}\s*from\s*'([^']+)';$/gm, (_, names: string, from: string) => {
    if (!(from in MODULES)) throw new Error(`the guide imports an unknown module ${from}`);
    const param = `__m${n++}`;
    bindings.push([param, MODULES[from]]);
    return `const {${names}} = ${param};`;
  });
  const { code: js } = await transform(body, { loader: 'ts', format: 'esm', target: 'es2022' });
  const logs: string[] = [];
  const log = (...args: unknown[]) => logs.push(args.map((a) => (typeof a === 'string' ? a : a !== null && typeof a === 'object' ? JSON.stringify(a) : String(a))).join(' '));
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
  await new AsyncFunction(...bindings.map(([p]) => p), 'console', js)(...bindings.map(([, v]) => v), { log });
  return logs.join('\n').trim();
}

/** Splits a shell command line: whitespace separates words, single and double quotes group. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

async function runSh(script: string): Promise<string> {
  const words = shellWords(script.replace(/\\\n/g, ' '));
  expect(words.slice(0, 2)).toEqual(['npx', 'influencer-funnel']);
  let stderr = '';
  const code = await runCli(words.slice(2), { stdout: { write: () => true }, stderr: { write: (c: string) => (stderr += c) } });
  expect(code).toBe(0);
  return stderr.trim();
}

describe('docs/bring-your-own-export.md', () => {
  const dir = mkdtempSync(join(tmpdir(), 'if-guide-'));
  const cwd = process.cwd();
  beforeAll(() => {
    for (const block of BLOCKS.filter((b) => b.lang === 'csv')) writeFileSync(join(dir, block.info), block.body);
    process.chdir(dir);
  });
  afterAll(() => process.chdir(cwd));

  it('has the examples the guide promises', () => {
    expect(BLOCKS.filter((b) => b.lang === 'csv').map((b) => b.info)).toEqual(['ad-platform.csv', 'lead-gen.csv']);
    expect(BLOCKS.filter((b) => b.lang === 'ts')).toHaveLength(4);
    expect(BLOCKS.filter((b) => b.lang === 'sh')).toHaveLength(2);
    expect(readFileSync(join(dir, 'ad-platform.csv'), 'utf8').split('\n')[0]).toBe('Creator,Date,Impressions,Clicks,Leads,Orders,Spend,Conversion value');
  });

  BLOCKS.forEach((block, i) => {
    if (block.lang === 'ts') {
      it(`runs TypeScript block ${i} and prints what the guide shows`, async () => {
        expect(await runTs(block.body)).toBe(shownOutput(i));
      });
    }
    if (block.lang === 'sh') {
      it(`runs shell block ${i} and prints the input report the guide shows`, async () => {
        expect(await runSh(block.body)).toBe(shownOutput(i));
      });
    }
  });

  it('the CLI examples wrote their summaries (Excel-friendly for the ad platform)', () => {
    const ad = readFileSync(join(dir, 'ad-summary.csv'), 'utf8');
    expect(ad.startsWith('\uFEFFinfluencer_id,')).toBe(true);
    expect(ad).toContain("\r\n'@chloe.eats,");
    const lead = readFileSync(join(dir, 'lead-summary.csv'), 'utf8');
    expect(lead.split('\n')[1]!.startsWith('0311,')).toBe(true);
  });
});
