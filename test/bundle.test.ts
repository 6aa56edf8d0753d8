import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Bundles `import { names } from the main entry` (from sources, minified, tree-shaken). */
async function bundle(names: string): Promise<{ bytes: number; modules: string[]; code: string }> {
  const result = await build({
    stdin: { contents: `export { ${names} } from './src/index.ts';`, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  const modules = Object.entries(output.inputs)
    .filter(([, info]) => info.bytesInOutput > 0)
    .map(([path]) => path);
  const file = result.outputFiles[0]!;
  return { bytes: file.contents.length, modules, code: file.text };
}

const from = (modules: readonly string[], pkg: string) => modules.filter((m) => m.includes(`node_modules/${pkg}/`));

describe('bundle budget', () => {
  it('import { ctr } stays under 1 KB, without zod or arquero', async () => {
    const { bytes, modules, code } = await bundle('ctr');
    expect(bytes).toBeLessThan(1024);
    // top-level tables of the module (METRICS, METRIC_NAMES) are shaken off
    expect(code).not.toContain('Object.freeze');
    expect(from(modules, 'zod')).toEqual([]);
    expect(from(modules, 'arquero')).toEqual([]);
    expect(modules).toEqual(['src/metrics.ts']);
  });

  it('import { toCSV } stays under 4 KB, without zod or arquero', async () => {
    const { bytes, modules } = await bundle('toCSV');
    expect(bytes).toBeLessThan(4096);
    expect(from(modules, 'zod')).toEqual([]);
    expect(from(modules, 'arquero')).toEqual([]);
  });

  it('import { analyze } carries no arquero', async () => {
    const { modules } = await bundle('analyze');
    expect(modules).toContain('src/analyze.ts');
    expect(from(modules, 'arquero')).toEqual([]);
  });
});
