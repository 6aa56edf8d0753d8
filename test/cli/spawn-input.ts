/**
 * Running the built CLI with something on its stdin (bytes through a pipe, or a file descriptor as
 * a shell's `< file` gives), or through a shell command line.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { once } from 'node:events';
import { CLI, root, type CliRun } from './built-cli.js';

export interface InputRunOptions {
  /** Bytes written to the CLI's stdin through a pipe, then closed. */
  readonly input?: Uint8Array | string;
  /** A file descriptor the CLI gets as its stdin (as `< file` gives). */
  readonly stdinFd?: number;
  readonly cwd?: string;
}

/** Collects a child's exit and output. */
async function collect(child: ChildProcess): Promise<CliRun> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), pid: child.pid! };
}

/** Runs `node dist/cli/main.js ...args` with the given stdin. */
export async function runWithInput(args: readonly string[], options: InputRunOptions = {}): Promise<CliRun> {
  const stdin = options.stdinFd !== undefined ? options.stdinFd : options.input !== undefined ? 'pipe' : 'ignore';
  const child: ChildProcess = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? root, stdio: [stdin, 'pipe', 'pipe'] as StdioOptions });
  if (options.input !== undefined && child.stdin) {
    // The CLI may stop reading early (an error in the header): a closed pipe is not the test's failure.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input);
  }
  return collect(child);
}

/** Runs a bash command line in which the function `cli` runs `node dist/cli/main.js`. */
export async function runShell(command: string, cwd: string = root): Promise<CliRun> {
  const child = spawn('bash', ['-c', `cli() { "$NODE" "$CLI_JS" "$@"; }; ${command}`], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE: process.execPath, CLI_JS: CLI },
  });
  return collect(child);
}
