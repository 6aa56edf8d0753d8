/**
 * arquero, when it is installed. It is an optional peer dependency: loading it here, and keeping a
 * "not found" as a value, lets the entry load without it and {@link toTable} say what to install.
 * The CommonJS build uses `peer-cjs.ts` in place of this file (see tsup.config.ts).
 * @module
 */
import type * as Arquero from 'arquero';

/** The arquero module namespace. */
export type ArqueroModule = typeof Arquero;

let loaded: ArqueroModule | undefined;
let failure: unknown;
try {
  loaded = await import('arquero');
} catch (error) {
  // A broken install of arquero fails as it is; only a missing package becomes the typed error.
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
  failure = error;
}

/** arquero, or `undefined` when it cannot be found. */
export const arquero: ArqueroModule | undefined = loaded;
/** Why arquero could not be found (the resolver's error), when it could not. */
export const arqueroNotFound: unknown = failure;
