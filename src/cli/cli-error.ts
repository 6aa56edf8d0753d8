/**
 * Errors the CLI reports itself: one line on stderr and exit code 1.
 * @module
 */

/** A problem the CLI reports as one line (no usage text) and exit code 1. */
export class CliError extends Error {
  override readonly name: string = 'CliError';
}

/** Bad usage: the line, then the usage text. */
export class UsageError extends CliError {
  override readonly name: string = 'UsageError';
}
