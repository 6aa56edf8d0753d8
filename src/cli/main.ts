#!/usr/bin/env node
/**
 * `influencer-funnel report <input.csv>`: the command-line face of the library.
 * @module
 */
import { readFileSync } from 'node:fs';
import { removeTemporaryFiles } from './outputs.js';
import { safeLine } from './quote.js';
import { runCli } from './run.js';

/**
 * An error the CLI does not expect (a bug, or a limit of the runtime): a last word on stderr (one
 * line, no stack trace), then exit 1, leaving no temporary file behind.
 */
function fatal(error: unknown): never {
  removeTemporaryFiles();
  try {
    process.stderr.write(`influencer-funnel: internal error: ${safeLine(error instanceof Error ? error.message : String(error))}\n`);
  } catch {
    // stderr is gone too.
  }
  process.exit(1);
}

// Interrupted: remove temporary files (the previous outputs are still in place), then exit 128 + signal.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.on(signal, () => {
    removeTemporaryFiles();
    process.exit(code);
  });
}
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
// A closed stdout or stderr (| head) is reported to the write that failed; the stream's own error
// event must not end the process with a stack trace.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

const stdout = {
  write: (chunk: string): Promise<void> =>
    new Promise((resolve, reject) => {
      process.stdout.write(chunk, (error) => (error ? reject(error) : resolve()));
    }),
};

/** The package's version, from the package.json two folders up (dist/cli/main.js). */
function packageVersion(): string | undefined {
  try {
    const json = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
    return json.name === 'influencer-funnel' && typeof json.version === 'string' ? json.version : undefined;
  } catch {
    return undefined;
  }
}

runCli(process.argv.slice(2), { stdout, stderr: process.stderr }, packageVersion()).then(
  (code) => {
    process.exitCode = code;
  },
  fatal,
);
