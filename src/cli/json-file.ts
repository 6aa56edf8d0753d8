/**
 * JSON files named on the command line (`--scheme`, `--map-file`): read whole, UTF-8 (a byte-order
 * mark allowed), and every error one line that names the file.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { CliError } from './cli-error.js';
import { quote } from './quote.js';

/** Line and column (1-based) of a UTF-16 offset in `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * Reads and parses a JSON file. Errors are {@link CliError}s that start with the path as given:
 * `scheme.json: not valid JSON: Unexpected token ... (line 3, column 7)`.
 */
export async function readJsonFile(path: string, option: string): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`${option}: cannot read ${quote(path)}: ${reason}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CliError(`${path}: not UTF-8 text (${option} takes a JSON file).`);
  }
  if (text.trim() === '') throw new CliError(`${path}: not valid JSON: the file is empty.`);
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The runtime's reason without its position or its copy of the text (which may span lines).
    const reason = message
      .replace(/, (\.\.\.)?".*" is not valid JSON$/s, '')
      .replace(/\s*(in JSON )?at position \d+.*$/s, '')
      .replace(/\s*\(line \d+ column \d+\)/, '');
    const offset = jsonErrorOffset(text);
    const where = offset >= 0 ? lineColumn(text, offset) : null;
    throw new CliError(`${path}: not valid JSON${where ? ` at line ${where.line}, column ${where.column}` : ''}: ${reason}.`);
  }
}

const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/**
 * Where the first JSON syntax error of `text` is (a UTF-16 offset), for texts `JSON.parse` refused:
 * runtimes do not all say where. -1 when it cannot tell (nesting too deep to follow).
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const match = (pattern: RegExp): void => {
    pattern.lastIndex = i;
    if (!pattern.test(text)) fail();
    i = pattern.lastIndex;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          match(STRING);
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) {
          i++;
          return;
        } else fail();
      }
    }
    match(c === '"' ? STRING : LITERAL);
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return -1;
  } catch (error) {
    return typeof error === 'number' ? error : -1;
  }
}
