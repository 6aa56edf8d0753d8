import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { csvParse } from 'd3-dsv';

/** Absolute path of a file under the repository root. */
export const repoPath = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

/** Reads a fixture as text. */
export const readText = (relative: string): string => readFileSync(repoPath(relative), 'utf8');

/** Parses a CSV fixture with an independent parser (d3-dsv), every cell as text. */
export const readRecords = (relative: string): Record<string, string>[] => csvParse(readText(relative));

/** Relative closeness for reference comparisons. */
export function expectClose(actual: number | null, expected: number | null, relative = 1e-9): void {
  if (expected === null || actual === null) {
    if (actual !== expected) throw new Error(`expected ${String(expected)}, got ${String(actual)}`);
    return;
  }
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  if (Math.abs(actual - expected) / scale > relative && Math.abs(actual - expected) > 1e-300) {
    throw new Error(`expected ${expected}, got ${actual} (relative error ${Math.abs(actual - expected) / scale})`);
  }
}
