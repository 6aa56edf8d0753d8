import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runBuilt, tempFiles, TEMP_FILE } from './built-cli.js';
import { killRuns, makeBench, type Bench } from './kill.js';

// SIGKILL at 20 seeded moments while the CLI writes a large report over existing outputs: every
// output is always either the previous file or the complete new one. A killed process cannot
// remove its temporary file; the next run removes it (its process is gone).
const dir = mkdtempSync(join(tmpdir(), 'if-cli-chaos-'));
let bench: Bench;
beforeAll(async () => {
  ensureBuilt();
  bench = await makeBench(dir, 200_000, 5_000);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('killing the CLI while it writes', () => {
  it('leaves the previous outputs or complete new ones, and the next run removes what a killed run left', async () => {
    const results = await killRuns(bench, 20, 20251204, 'SIGKILL');
    const killed = new Set(results.filter((r) => r.signal === 'SIGKILL').map((r) => String(r.pid)));
    for (const r of results) {
      const context = JSON.stringify({ mode: r.mode, delay: Math.round(r.delay), code: r.code, signal: r.signal, states: r.states, temps: r.temps });
      expect(r.states.every((s) => s === 'previous' || s === 'new'), context).toBe(true);
      expect(r.signal === 'SIGKILL' || r.code === 0, context).toBe(true);
      if (r.code === 0) expect(r.states, context).toEqual(['new', 'new']);
      // Only a process killed with SIGKILL leaves a temporary file.
      for (const name of r.temps) expect(killed.has(TEMP_FILE.exec(name)![1]!), context).toBe(true);
    }
    const tally = (f: (r: (typeof results)[number]) => boolean) => results.filter(f).length;
    console.log(
      `SIGKILL x${results.length}: ${tally((r) => r.states.join() === 'previous,previous')} previous, ` +
        `${tally((r) => r.states.join() === 'new,new')} new, ${tally((r) => r.states[0] !== r.states[1])} one of each, ` +
        `${tally((r) => r.temps.length > 0)} left a temporary file (duration ${Math.round(bench.duration)} ms, write ${Math.round(bench.writeWindow)} ms)`,
    );
    // A complete run afterwards writes the new outputs and removes every leftover.
    bench.reset();
    const last = await runBuilt(bench.args);
    expect(last.code).toBe(0);
    expect(bench.states()).toEqual(['new', 'new']);
    expect(tempFiles(dir)).toEqual([]);
  }, 120_000);
});
