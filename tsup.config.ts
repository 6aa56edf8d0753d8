import path from 'node:path';
import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * The arquero adapter loads its optional peer with a top-level `await import()` (src/arquero/peer.ts),
 * which CommonJS cannot hold: the CommonJS build takes src/arquero/peer-cjs.ts, which `require`s it.
 * tsup builds CommonJS with code splitting as ESM first, so the format is read from its `TSUP_FORMAT`.
 */
const arqueroPeerPerFormat: Plugin = {
  name: 'arquero-peer-per-format',
  setup(build) {
    const format = build.initialOptions.define?.TSUP_FORMAT;
    if (format === undefined) throw new Error('tsup did not define TSUP_FORMAT: cannot pick the arquero loader per format');
    if (format !== '"cjs"') return;
    build.onResolve({ filter: /^\.\/peer\.js$/ }, (args) =>
      path.basename(path.dirname(args.importer)) === 'arquero' ? { path: path.join(path.dirname(args.importer), 'peer-cjs.ts') } : undefined,
    );
  },
};

// One output file per source module (plus shared chunks), so that with `"sideEffects": false`
// bundlers drop every module an import does not reach.
//
// The CommonJS build `require`s ESM-only dependencies (d3-array, arquero) as they are, relying on
// require(esm), which is on by default from Node 20.19 and 22.12: hence `engines` (see
// docs/design-decisions.md, "CommonJS and ESM-only dependencies").
export default defineConfig({
  entry: ['src/**/*.ts', '!src/**/*.test.ts', '!src/arquero/peer*.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  clean: true,
  target: 'node20',
  platform: 'neutral',
  outDir: 'dist',
  // import.meta.url (the node adapter locates its worker script) in the CommonJS build
  shims: true,
  external: ['arquero', 'd3-array', 'zod', /^zod\//, /^node:/],
  esbuildPlugins: [arqueroPeerPerFormat],
});
