import { defineConfig } from 'tsup';

// One output file per source module (plus shared chunks), so that with `"sideEffects": false`
// bundlers drop every module an import does not reach.
export default defineConfig({
  entry: ['src/**/*.ts', '!src/**/*.test.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  clean: true,
  target: 'node20',
  platform: 'neutral',
  outDir: 'dist',
  // import.meta.url (the node adapter locates its worker script) in the CommonJS build
  shims: true,
  external: ['arquero', 'd3-array', 'zod', /^node:/],
});
