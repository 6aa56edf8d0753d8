// The house rules of the source tree: layers as folders, data flowing one way (a layer imports at run
// time only from layers above it, or from itself), core folders free of node:* and arquero, one
// concept per file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoPath } from './helpers/csv.js';

/**
 * The layers, top to bottom (see ARCHITECTURE.md). Uncertainty scores its posterior draws with the
 * scheme, so it sits below scoring; the SQL pair reads the aggregate's and the report's types.
 */
const LAYERS = ['contract', 'base', 'ingest', 'aggregate', 'metrics', 'scoring', 'uncertainty', 'charts', 'output', 'pipeline', 'sql', 'index', 'node', 'arquero', 'cli'];
const ADAPTERS = new Set(['node', 'arquero', 'cli']);
const SRC = repoPath('src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

const layerOf = (path: string): string => {
  const rel = relative(SRC, path);
  return rel.includes('/') ? rel.split('/')[0]! : rel.replace(/\.ts$/, '');
};

/** Run-time imports of a source file (type-only imports carry no code), resolved to paths under src. */
function imports(path: string): { spec: string; target: string | null }[] {
  const text = readFileSync(path, 'utf8');
  const out: { spec: string; target: string | null }[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
    const spec = m[1]!;
    out.push({ spec, target: spec.startsWith('.') ? join(path, '..', spec).replace(/\.js$/, '.ts') : null });
  }
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ spec: m[1]!, target: null });
  return out;
}

const files = sources(SRC);

describe('architecture', () => {
  it('puts every source file in a layer folder (or the entry point)', () => {
    const outside = files.map(layerOf).filter((layer) => !LAYERS.includes(layer));
    expect(outside).toEqual([]);
  });

  it('imports at run time only from layers above, or from the same layer', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = LAYERS.indexOf(layerOf(file));
      for (const { spec, target } of imports(file)) {
        if (target === null) continue;
        const to = LAYERS.indexOf(layerOf(target));
        if (to > from) upward.push(`${relative(SRC, file)} imports ${spec} (${LAYERS[to]} is below ${LAYERS[from]})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps node:* and arquero out of the core folders', () => {
    const leaks: string[] = [];
    for (const file of files) {
      if (ADAPTERS.has(layerOf(file))) continue;
      for (const { spec } of imports(file)) if (spec.startsWith('node:') || spec === 'arquero' || spec.startsWith('arquero/')) leaks.push(`${relative(SRC, file)} imports ${spec}`);
    }
    expect(leaks).toEqual([]);
    // The check sees imports: a file that does import node:* is caught (the Node adapter does).
    expect(files.some((file) => layerOf(file) === 'node' && imports(file).some(({ spec }) => spec.startsWith('node:')))).toBe(true);
  });

  it('keeps source files to one concept (about 500 lines); the few longer ones may only shrink', () => {
    // Files still doing two jobs, with the lines they have now: each is to be split, none may grow.
    const shrinking: Record<string, number> = {
      'aggregate/aggregate.ts': 1106,
      'ingest/scanner.ts': 843,
      'metrics/intervals.ts': 633,
      'scoring/scoring.ts': 571,
    };
    const over = files
      .map((file) => [relative(SRC, file), readFileSync(file, 'utf8').split('\n').length] as const)
      .filter(([name, lines]) => lines > (shrinking[name] ?? 520))
      .map(([name, lines]) => `${name}: ${lines} lines`);
    expect(over).toEqual([]);
  });

  it('has no Symbol.for side channels', () => {
    expect(files.filter((file) => readFileSync(file, 'utf8').includes('Symbol.for(')).map((file) => relative(SRC, file))).toEqual([]);
  });
});
