// Every public function of src/uncertainty documents an @example, every @example runs as written,
// and every ```ts block of docs/uncertainty.md runs (with the library as the package exports it).
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

const ENTRY = new URL('../../src/uncertainty/index.ts', import.meta.url).pathname;

/** The functions the entry exports, with the code of their TSDoc examples. */
function collect(): { examples: { name: string; code: string }[]; missing: string[] } {
  const program = ts.createProgram([ENTRY], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(ENTRY)!)!;
  const examples: { name: string; code: string }[] = [];
  const missing: string[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.declarations?.[0];
    if (!decl || !(ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl))) continue;
    // Internal helpers the pipeline wires (marked @internal) need no example.
    if (ts.getJSDocTags(decl).some((t) => t.tagName.text === 'internal')) continue;
    const tags = ts.getJSDocTags(decl).filter((t) => t.tagName.text === 'example');
    if (tags.length === 0) missing.push(exported.name);
    for (const tag of tags) {
      const text = ts.getTextOfJSDocComment(tag.comment) ?? '';
      const match = /```(?:ts|typescript)?\n([\s\S]*?)```/.exec(text);
      examples.push({ name: exported.name, code: match ? match[1]! : text });
    }
  }
  return { examples, missing };
}

const { examples, missing } = collect();

describe('TSDoc examples of src/uncertainty', () => {
  it('document every public function', () => {
    expect(missing).toEqual([]);
    expect(examples.map((e) => e.name).sort()).toEqual(
      ['benjaminiHochberg', 'compareInfluencers', 'comparePeriodTotals', 'defaultDraws', 'funnelPlot', 'rankIntervals', 'toFunnelColumns'].sort(),
    );
  });

  it.each(examples.map((e) => [e.name, e] as const))('%s runs as written', async (_, example) => {
    await runExample(example.code);
  });
});

const DOC = readFileSync(new URL('../../docs/uncertainty.md', import.meta.url), 'utf8');
const BLOCKS = [...DOC.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

describe('docs/uncertainty.md', () => {
  it('has runnable TypeScript blocks', () => {
    expect(BLOCKS.length).toBeGreaterThanOrEqual(4);
  });

  it.each(BLOCKS.map((code, i) => [i, code] as const))('runs block %i as written', async (_, code) => {
    await runExample(code);
  });
});
