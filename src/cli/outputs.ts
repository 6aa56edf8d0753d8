/**
 * Writing the CLI's output files whole or not at all: each to a temporary file beside its target,
 * flushed to disk, then renamed over it, all outputs or none.
 * @module
 */
import { closeSync, fchmodSync, fsyncSync, openSync, readdirSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { access, constants, lstat, mkdir, open, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from './cli-error.js';
import { quote } from './quote.js';
import { resolveTarget } from './target.js';

/** An output file named on the command line, with the option it came from. */
export interface Output {
  readonly option: string;
  readonly path: string;
}

/** An output and what to write there. */
export interface OutputText extends Output {
  readonly text: string;
}

/** An output cannot be written: `--json: cannot write "x/": is a directory`. */
export class OutputError extends CliError {
  override readonly name: string = 'OutputError';
  constructor(
    readonly option: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${option}: cannot write ${quote(path)}: ${reason}`);
  }
}

/** How the operating system's error codes read in a message. */
const REASONS: Readonly<Record<string, string>> = {
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a parent is not a directory',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many levels of symbolic links',
  EPIPE: 'broken pipe',
  EIO: 'input/output error',
  EBUSY: 'resource busy',
  EFBIG: 'file too large',
  ETXTBSY: 'text file busy',
  EMFILE: 'too many open files',
  EEXIST: 'a parent is not a directory',
  ENXIO: 'no such device or address (a socket cannot be opened by name)',
};

function reasonOf(error: unknown): string {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (REASONS[code]) return REASONS[code];
  if (code) return code;
  return error instanceof Error ? error.message : String(error);
}

/** Temporary files of this process not yet renamed or removed. */
const live = new Set<string>();

/**
 * Removes every temporary file this process is writing. Synchronous, for signal handlers: after
 * it, exiting leaves no partial output behind.
 */
export function removeTemporaryFiles(): void {
  for (const path of live) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone.
    }
    live.delete(path);
  }
}

/** `.summary.csv.` — temporary files of `summary.csv` start with this (long names are cut, so the whole stays a valid name). */
const tempPrefix = (base: string): string => `.${base.slice(0, 100)}.`;
const TEMP_TAIL = /^(\d+)\.[0-9a-f]{12}\.tmp$/;

/** `.summary.csv.<pid>.<random>.tmp` beside the target. */
function tempPath(target: string): string {
  return join(dirname(target), `${tempPrefix(basename(target))}${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporary files of `target` left by a process that no longer runs (killed with SIGKILL,
 * or by a power cut, while writing): a signal handler cannot run then, so the next run tidies up.
 */
function removeStale(target: string): void {
  const prefix = tempPrefix(basename(target));
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = TEMP_TAIL.exec(name.slice(prefix.length));
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || alive(pid)) continue;
    try {
      unlinkSync(join(dirname(target), name));
    } catch {
      // Removed by someone else, or not ours to remove.
    }
  }
}

/** Where and how one output is written. */
interface Plan extends Output {
  /** A regular file (or nothing yet) is replaced by renaming; a device or FIFO is written in place. */
  readonly atomic: boolean;
  /** The file written (links resolved) for `atomic`, else the path as given. */
  readonly target: string;
  /** Permission bits to keep when replacing a file. */
  readonly mode: number | null;
}

const fail = (output: Output, reason: string): never => {
  throw new OutputError(output.option, output.path, reason);
};

/** Resolves an output and checks that it can be written, without writing anything. */
async function plan(output: Output): Promise<Plan> {
  if (output.path === '') fail(output, 'empty path');
  let target;
  try {
    target = await resolveTarget(output.path);
  } catch (error) {
    return fail(output, reasonOf(error));
  }
  if (target.kind === 'directory') fail(output, REASONS.EISDIR!);
  // "out/" names a directory, even one not there yet.
  if (/[\\/]$/.test(output.path)) fail(output, target.kind === 'new' ? REASONS.EISDIR! : REASONS.ENOTDIR!);
  if (target.kind === 'special') return { ...output, atomic: false, target: output.path, mode: null };
  const file = target.real ?? resolve(output.path);
  if (target.kind === 'file') {
    // A file nobody may write is kept, even from root (who could rename over it).
    if ((target.mode! & 0o222) === 0) fail(output, 'permission denied (read-only file)');
    try {
      await access(file, constants.W_OK);
    } catch (error) {
      fail(output, reasonOf(error));
    }
  }
  await checkDirectory(output, dirname(file));
  removeStale(file);
  return { ...output, atomic: true, target: file, mode: target.kind === 'file' ? target.mode : null };
}

/** The nearest existing ancestor of `dir` must be a directory this process can create files in. */
async function checkDirectory(output: Output, dir: string): Promise<void> {
  for (let at = dir; ; at = dirname(at)) {
    let info;
    try {
      info = await stat(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(at) === at) return fail(output, reasonOf(error));
      if ((await lstat(at).catch(() => null))?.isSymbolicLink()) fail(output, `no such file or directory (${quote(at)} is a broken link)`);
      continue;
    }
    if (!info.isDirectory()) fail(output, `${quote(at)} is not a directory`);
    try {
      await access(at, constants.W_OK);
    } catch (error) {
      fail(output, `${reasonOf(error)} (cannot create files in ${quote(at)})`);
    }
    return;
  }
}

/**
 * Checks, before the input is read, that every output can be written: not a directory, not a
 * read-only file, in a directory that exists or can be created and is writable. Also removes
 * temporary files a killed run left beside them.
 *
 * @throws {OutputError} naming the option and the path.
 */
export async function checkOutputs(outputs: readonly Output[]): Promise<void> {
  for (const output of outputs) await plan(output);
}

/** Characters encoded and written at a time (and a pause between, so that signals are handled). */
const CHUNK = 1 << 22;

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;

/** The UTF-8 bytes of `text`, a slice at a time, never splitting a surrogate pair. */
function* utf8Chunks(text: string): Generator<Buffer> {
  for (let i = 0; i < text.length; ) {
    let end = Math.min(text.length, i + CHUNK);
    if (end < text.length && isHigh(text.charCodeAt(end - 1))) end--;
    yield Buffer.from(text.slice(i, end), 'utf8');
    i = end;
  }
}

const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Writes a temporary file: created exclusively, every byte written, flushed to disk, closed. */
async function writeTemp(path: string, text: string, mode: number | null): Promise<void> {
  const fd = openSync(path, 'wx', 0o666);
  try {
    if (mode !== null) fchmodSync(fd, mode);
    for (const buffer of utf8Chunks(text)) {
      for (let at = 0; at < buffer.length; ) at += writeSync(fd, buffer, at);
      await pause();
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a device or FIFO in place (`/dev/stdout`, `/dev/null`, a named pipe). */
async function writeInPlace(path: string, text: string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    for (const buffer of utf8Chunks(text)) await handle.write(buffer);
  } finally {
    await handle.close();
  }
}

/** Flushes a directory's entries (the renames) to disk, where the system allows it. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not supported on this system or file system; the rename itself is still atomic.
  }
}

/**
 * Writes every output whole, or none: each is written to a temporary file beside its target
 * (`.summary.csv.<pid>.<random>.tmp`, same directory so that the rename stays on one file system),
 * flushed to disk, and only when all are written are they renamed over their targets, one after
 * the other without a pause (a signal cannot fall between two renames). If anything fails, every
 * temporary file is removed, directories created for the outputs are removed again, and the
 * previous files are left as they were. Links are followed (the file a link points to is
 * replaced, the link stays); a replaced file keeps its permission bits. Devices and FIFOs
 * (`/dev/stdout`, a named pipe) cannot be renamed over and are written in place, after the
 * temporary files are complete and before the renames.
 *
 * @throws {OutputError} naming the option and the path of the output that failed.
 */
export async function writeOutputs(outputs: readonly OutputText[]): Promise<void> {
  const plans: (Plan & { readonly text: string })[] = [];
  for (const output of outputs) plans.push({ ...(await plan(output)), text: output.text });
  const temps = new Map<Plan, string>();
  const createdDirs: { readonly first: string; readonly dir: string }[] = [];
  let current: Output | null = null;
  try {
    for (const p of plans) {
      if (!p.atomic) continue;
      current = p;
      const dir = dirname(p.target);
      const first = await mkdir(dir, { recursive: true });
      if (first !== undefined) createdDirs.push({ first, dir });
      const tmp = tempPath(p.target);
      live.add(tmp);
      temps.set(p, tmp);
      await writeTemp(tmp, p.text, p.mode);
    }
    for (const p of plans) {
      if (p.atomic) continue;
      current = p;
      await writeInPlace(p.target, p.text);
    }
    for (const [p, tmp] of temps) {
      current = p;
      renameSync(tmp, p.target);
      live.delete(tmp);
    }
    current = null;
    for (const dir of new Set(plans.filter((p) => p.atomic).map((p) => dirname(p.target)))) syncDirectory(dir);
  } catch (error) {
    for (const tmp of temps.values()) {
      if (!live.has(tmp)) continue;
      try {
        unlinkSync(tmp);
      } catch {
        // Never created.
      }
      live.delete(tmp);
    }
    for (const { first, dir } of createdDirs.reverse()) removeDirs(dir, first);
    if (error instanceof OutputError || current === null) throw error;
    throw new OutputError(current.option, current.path, reasonOf(error));
  }
}

/** Removes `dir` and its parents up to `first` (the first directory `mkdir` created), if empty. */
function removeDirs(dir: string, first: string): void {
  for (let at = dir; ; at = dirname(at)) {
    try {
      rmdirSync(at);
    } catch {
      return;
    }
    if (at === first || dirname(at) === at) return;
  }
}
