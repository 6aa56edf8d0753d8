#!/usr/bin/env node
/**
 * `influencer-funnel report <input.csv>`: the command-line face of the library.
 * @module
 */
import { runCli } from './run.js';

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`influencer-funnel: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
