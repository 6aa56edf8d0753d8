import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, seeded, STACK_FRAME } from './built-cli.js';
import { killRuns, makeBench, type Bench } from './kill.js';

// SIGINT and SIGTERM at seeded moments while the CLI writes: the handler removes the temporary
// files and exits 130 or 143, so nothing is left behind and the previous outputs stay.
const dir = mkdtempSync(join(tmpdir(), 'if-cli-signals-'));
let bench: Bench;
beforeAll(async () => {
  ensureBuilt();
  bench = await makeBench(dir, 200_000, 5_000);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('interrupting the CLI', () => {
  it('exits 130 on SIGINT and 143 on SIGTERM, leaving no temporary file and whole outputs', async () => {
    const pick = seeded(99);
    const results = await killRuns(bench, 8, 4242, () => (pick() < 0.5 ? 'SIGINT' : 'SIGTERM'));
    const interrupted = results.filter((r) => r.code === 130 || r.code === 143);
    for (const r of results) {
      const context = JSON.stringify({ mode: r.mode, delay: Math.round(r.delay), code: r.code, signal: r.signal, states: r.states, temps: r.temps });
      expect(r.temps, context).toEqual([]);
      expect(r.stderr, context).not.toMatch(STACK_FRAME);
      expect(r.states.every((s) => s === 'previous' || s === 'new'), context).toBe(true);
      // 0 when the run ended first; killed by the signal itself when it came before the handler was set.
      expect([0, 130, 143].includes(r.code ?? -1) || r.signal === 'SIGINT' || r.signal === 'SIGTERM', context).toBe(true);
      if (r.code === 0) expect(r.states, context).toEqual(['new', 'new']);
    }
    expect(interrupted.length).toBeGreaterThan(0);
  }, 120_000);
});
