/**
 * Killing the built CLI while it writes a large report over existing outputs, and judging what it
 * leaves: each output must be either the previous file, byte for byte, or the complete new one.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, watch } from 'node:fs';
import { basename, join } from 'node:path';
import { runBuilt, seeded, SAMPLE, tempFiles, TEMP_FILE, writeEventsCSV } from './built-cli.js';

const sha = (path: string): string => createHash('sha1').update(readFileSync(path)).digest('hex');

/** What an output holds after a run. */
export type OutputState = 'previous' | 'new' | 'other';

export interface Bench {
  readonly dir: string;
  readonly args: readonly string[];
  readonly outputs: readonly string[];
  /** A full run's duration, and how long before its end the first temporary file appeared (ms). */
  readonly duration: number;
  readonly writeWindow: number;
  /** Puts the previous outputs back. */
  reset(): void;
  /** Each output's state. */
  states(): OutputState[];
}

/**
 * A large input in `dir`, the outputs of a full run over it (the "new" outputs), and previous
 * outputs from another input (the sample) to write over.
 */
export async function makeBench(dir: string, rows: number, influencers: number): Promise<Bench> {
  const input = join(dir, 'big.csv');
  await writeEventsCSV(input, rows, influencers, 7);
  const outputs = [join(dir, 'summary.csv'), join(dir, 'report.json')];
  const args = ['report', input, '--out', outputs[0]!, '--json', outputs[1]!, '--quiet'];
  // Previous outputs: the sample's report.
  const small = await runBuilt(['report', SAMPLE, '--out', outputs[0]!, '--json', outputs[1]!, '--quiet']);
  if (small.code !== 0) throw new Error(`setup failed: ${small.stderr}`);
  const previous = outputs.map((p) => `${p}.previous`);
  outputs.forEach((p, i) => copyFileSync(p, previous[i]!));
  // New outputs: a full run, timed, with the moment it starts writing.
  let firstTemp = -1;
  let pid = -1;
  const started = performance.now();
  const watcher = watch(dir, (_, name) => {
    if (firstTemp < 0 && writing(name, outputs, pid)) firstTemp = performance.now();
  });
  const full = await runBuilt(args, { started: (child) => (pid = child.pid!) });
  const ended = performance.now();
  watcher.close();
  if (full.code !== 0) throw new Error(`full run failed: ${full.stderr}`);
  const fresh = outputs.map(sha);
  const old = previous.map(sha);
  // The new outputs are complete: the JSON parses and counts every row, the summary has a line per influencer.
  const report = JSON.parse(readFileSync(outputs[1]!, 'utf8')) as { input: { rows: number } };
  if (report.input.rows !== rows) throw new Error('the full run did not read every row');
  if (readFileSync(outputs[0]!, 'utf8').trimEnd().split('\n').length !== influencers + 1) throw new Error('the full summary is short');
  return {
    dir,
    args,
    outputs,
    duration: ended - started,
    writeWindow: firstTemp < 0 ? 50 : ended - firstTemp,
    reset: () => previous.forEach((p, i) => copyFileSync(p, outputs[i]!)),
    states: () =>
      outputs.map((p, i) => {
        const h = sha(p);
        return h === old[i] ? 'previous' : h === fresh[i] ? 'new' : 'other';
      }),
  };
}

/**
 * Whether a change in the outputs' directory is process `pid` writing: an output itself, or a
 * temporary file of that process (not one of a killed run, which the next run removes first).
 */
function writing(name: string | null, outputs: readonly string[], pid: number): boolean {
  if (!name) return false;
  return outputs.some((p) => basename(p) === name) || TEMP_FILE.exec(name)?.[1] === String(pid);
}

export interface KillResult {
  readonly pid: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  /** `time`: at a moment of the whole run; `write`: after the process started writing. */
  readonly mode: 'time' | 'write';
  readonly delay: number;
  readonly states: OutputState[];
  /** Temporary files in the directory right after the run ended. */
  readonly temps: string[];
}

/**
 * Runs the bench's command `count` times and sends `signal` at a seeded moment: half the time at a
 * point of the whole run, half the time during the write (a seeded delay after the process first
 * touches an output or creates a temporary file).
 */
export async function killRuns(bench: Bench, count: number, seed: number, signal: NodeJS.Signals | (() => NodeJS.Signals)): Promise<KillResult[]> {
  const random = seeded(seed);
  const results: KillResult[] = [];
  for (let i = 0; i < count; i++) {
    bench.reset();
    const mode = random() < 0.5 ? 'time' : 'write';
    const delay = mode === 'time' ? random() * bench.duration * 1.05 : random() * bench.writeWindow * 1.5;
    const sig = typeof signal === 'function' ? signal() : signal;
    let timer: NodeJS.Timeout | undefined;
    let watcher: ReturnType<typeof watch> | undefined;
    const run = await runBuilt(bench.args, {
      started: (child) => {
        const kill = () => {
          timer = setTimeout(() => child.kill(sig), delay);
        };
        if (mode === 'time') kill();
        else {
          watcher = watch(bench.dir, (_, name) => {
            if (timer === undefined && writing(name, bench.outputs, child.pid!)) kill();
          });
        }
      },
    });
    clearTimeout(timer);
    watcher?.close();
    results.push({ pid: run.pid, code: run.code, signal: run.signal, stderr: run.stderr, mode, delay, states: bench.states(), temps: tempFiles(bench.dir) });
  }
  return results;
}
