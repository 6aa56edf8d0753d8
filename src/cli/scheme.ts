/**
 * `--scheme file.json`: a scoring scheme as plain JSON, validated by `defineScoring`, its errors
 * naming the file and the path inside it (`scheme.json: metrics[1].weight: ...`).
 * @module
 */
import { defineScoring, InvalidSchemeError, type ScoringScheme, type ScoringSchemeInput } from '../scoring/scoring.js';
import { CliError } from './cli-error.js';
import { readJsonFile } from './json-file.js';
import { cut } from './quote.js';

/** A dotted issue path (`metrics.1.weight`) as a JSON path (`metrics[1].weight`); empty for the root. */
export function jsonPath(path: string): string {
  if (path === '(root)' || path === '') return '';
  return path.split('.').reduce((out, key) => (/^\d+$/.test(key) ? `${out}[${key}]` : out ? `${out}.${key}` : key), '');
}

/** The value at a dotted path of a JSON value, or undefined. */
function valueAt(json: unknown, path: string): unknown {
  if (path === '(root)') return json;
  let value = json;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Validates the JSON of a scheme file; a {@link CliError} naming the file and each offending path. */
export function schemeOfJson(json: unknown, file: string): ScoringScheme {
  try {
    return defineScoring(json as ScoringSchemeInput);
  } catch (error) {
    if (!(error instanceof InvalidSchemeError)) throw error;
    const issues = error.issues.map(({ path, message }) => {
      const where = jsonPath(path);
      const value = valueAt(json, path);
      const shown = value === undefined || (value !== null && typeof value === 'object') ? null : JSON.stringify(value);
      const got = shown !== null && !message.includes(shown) ? ` (got ${cut(shown, 60)})` : '';
      return `${where ? `${where}: ` : ''}${message}${got}`;
    });
    throw new CliError(`${file}: ${issues.join('; ')}.`);
  }
}

/** Reads and validates `--scheme FILE`. */
export async function readScheme(path: string): Promise<ScoringScheme> {
  return schemeOfJson(await readJsonFile(path, '--scheme'), path);
}
