import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

interface Bundle {
  /** Minified bytes. */
  readonly bytes: number;
  /** Gzipped bytes (zlib defaults, as bundle-size tools report). */
  readonly gzip: number;
  /** Input files that left code in the output. */
  readonly modules: string[];
  readonly inputs: Metafile['outputs'][string]['inputs'];
  readonly code: string;
}

/** Bundles `export { names } from` the main entry (from sources, minified, tree-shaken). */
async function bundle(names: string, options: { external?: string[] } = {}): Promise<Bundle> {
  const result = await build({
    stdin: { contents: `export { ${names} } from './src/index.ts';`, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external: options.external ?? [],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const { inputs } = Object.values(result.metafile.outputs)[0]!;
  const modules = Object.entries(inputs)
    .filter(([, info]) => info.bytesInOutput > 0)
    .map(([path]) => path);
  const file = result.outputFiles[0]!;
  return { bytes: file.contents.length, gzip: gzipSync(file.contents).length, modules, inputs, code: file.text };
}

const from = (modules: readonly string[], pkg: string) => modules.filter((m) => m.includes(`node_modules/${pkg}/`));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Minified bytes per source module, and per package for dependencies, largest first. */
function weights(inputs: Bundle['inputs']): [string, number][] {
  const sums = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    if (bytesInOutput === 0) continue;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
    const key = pkg ? `${pkg} (package)` : path;
    sums.set(key, (sums.get(key) ?? 0) + bytesInOutput);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

const table = (rows: [string, number][]) => rows.map(([name, bytes]) => `  ${kb(bytes).padStart(9)}  ${name}`).join('\n');

describe('bundle budget (esbuild, minified, browser platform)', () => {
  it('import { ctr } stays under 1 KB, without zod or arquero', async () => {
    const { bytes, gzip, modules, code } = await bundle('ctr');
    console.info(`import { ctr }: ${bytes} B minified, ${gzip} B gzip`);
    expect(bytes).toBeLessThan(1024);
    // top-level tables of the module (METRICS, METRIC_NAMES) are shaken off
    expect(code).not.toContain('Object.freeze');
    expect(from(modules, 'zod')).toEqual([]);
    expect(from(modules, 'arquero')).toEqual([]);
    expect(modules).toEqual(['src/metrics/funnel-metrics.ts']);
  });

  it('import { toCSV } stays under 4 KB, without zod or arquero', async () => {
    const { bytes, modules } = await bundle('toCSV');
    expect(bytes).toBeLessThan(4096);
    expect(from(modules, 'zod')).toEqual([]);
    expect(from(modules, 'arquero')).toEqual([]);
  });

  it('import { analyze } carries no arquero', async () => {
    const { modules } = await bundle('analyze');
    expect(modules).toContain('src/pipeline/analyze.ts');
    expect(from(modules, 'arquero')).toEqual([]);
  });

  it('zod enters through zod/mini only: no classic API, no locale but English', async () => {
    const names = 'analyze, parseEventsCSV, summaryCSV';
    const whole = await bundle(names);
    const withoutZod = await bundle(names, { external: ['zod', 'zod/*'] });
    const zod = from(whole.modules, 'zod');
    const zodBytes = zod.reduce((sum, m) => sum + whole.inputs[m]!.bytesInOutput, 0);
    console.info(`zod in import { ${names} }: ${kb(zodBytes)} minified, ${kb(whole.gzip - withoutZod.gzip)} of the gzip size`);
    expect(zod.length).toBeGreaterThan(0);
    expect(zod.filter((m) => m.includes('/classic/'))).toEqual([]);
    expect(zod.filter((m) => m.includes('/locales/') && !/\/locales\/(en|index)\.js$/.test(m))).toEqual([]);
    // The whole classic API is about 450 KB minified; what zod/mini leaves is the core of a few schemas.
    expect(zodBytes).toBeLessThan(36 * 1024);
  });

  // The aim is 40 KB gzip. zod/mini's core for the option and scheme schemas (about 7.5 KB gzip), the
  // one CSV scanner and the accumulator keep it above that for now: this budget stops it from growing.
  it('import { analyze, parseEventsCSV, summaryCSV } stays under 52 KB gzip', async () => {
    const { bytes, gzip, inputs, modules } = await bundle('analyze, parseEventsCSV, summaryCSV');
    const heaviest = table(weights(inputs).slice(0, 25));
    console.info(`import { analyze, parseEventsCSV, summaryCSV }: ${kb(bytes)} minified, ${kb(gzip)} gzip (${gzip} B)\n${heaviest}`);
    expect(from(modules, 'arquero')).toEqual([]);
    // No zod locale (the library's own English messages stand in), and no worker-thread state.
    expect(from(modules, 'zod').filter((m) => m.includes('/locales/'))).toEqual([]);
    expect(modules).not.toContain('src/aggregate/raw-state.ts');
    expect(gzip, `${kb(gzip)} gzip; minified bytes by module:\n${heaviest}`).toBeLessThan(52 * 1024);
  });
});
