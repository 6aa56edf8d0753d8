/**
 * Running the built CLI (`node dist/cli/main.js`) as a user does, and what its tests share: a
 * seeded random source, a generator of large event files, and a look for stray temporary files.
 */
import { execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from '../helpers/csv.js';

export const root = repoPath('.');
export const CLI = repoPath('dist/cli/main.js');
export const SAMPLE = repoPath('examples/data/events.csv');

/**
 * Builds the package when there is no build yet (as test/package.test.ts does), one test file at a
 * time: the others wait for the first one's build instead of cleaning dist/ under it.
 */
export function ensureBuilt(): void {
  if (existsSync(CLI)) return;
  const lock = join(tmpdir(), `influencer-funnel-build-${createHash('sha1').update(root).digest('hex').slice(0, 12)}.lock`);
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - started > 180_000) break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (!existsSync(CLI)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  } finally {
    rmdirSync(lock, { recursive: false });
  }
}

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly pid: number;
}

export interface CliRunOptions extends Pick<SpawnOptions, 'cwd' | 'uid' | 'gid'> {
  /** Called once the process is started, e.g. to kill it later. */
  readonly started?: (child: ReturnType<typeof spawn>) => void;
  /** Stop reading stdout after its first chunk (as `| head -1` does). */
  readonly closeStdoutEarly?: boolean;
}

/** Runs `node dist/cli/main.js ...args` and collects its exit and its output. */
export async function runBuilt(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? root,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid !== undefined && { uid: options.uid }),
    ...(options.gid !== undefined && { gid: options.gid }),
  });
  options.started?.(child);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    out.push(chunk);
    if (options.closeStdoutEarly) child.stdout!.destroy();
  });
  child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), pid: child.pid! };
}

/** Mulberry32: a small seeded generator of floats in [0, 1), so that random tests replay. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The CLI's temporary files: `.<name>.<pid>.<random>.tmp`. */
export const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/** Temporary files (the CLI's naming) in `dir`. */
export const tempFiles = (dir: string): string[] => readdirSync(dir).filter((name) => TEMP_FILE.test(name));

/** A line on stderr that looks like a stack frame. */
export const STACK_FRAME = /^\s{4}at /m;

/**
 * Writes an events CSV of `rows` rows over `influencers` influencers and 30 days, from a seed
 * (funnel-consistent counts, revenue with cents).
 */
export async function writeEventsCSV(path: string, rows: number, influencers: number, seed = 1): Promise<void> {
  const random = seeded(seed);
  const stream = createWriteStream(path);
  let chunk = 'influencer_id,date,category,impressions,clicks,add_to_cart,purchases,revenue\n';
  for (let i = 0; i < rows; i++) {
    const impressions = 1 + Math.floor(random() * 10_000);
    const clicks = Math.floor(impressions * random() * 0.05);
    const addToCart = Math.floor(clicks * random() * 0.3);
    const purchases = Math.floor(addToCart * random() * 0.5);
    const day = String(1 + (i % 30)).padStart(2, '0');
    chunk += `inf${i % influencers},2025-09-${day},cat${i % 7},${impressions},${clicks},${addToCart},${purchases},${(purchases * 37.5).toFixed(2)}\n`;
    if (chunk.length > 1 << 16) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  stream.end(chunk);
  await once(stream, 'finish');
}
