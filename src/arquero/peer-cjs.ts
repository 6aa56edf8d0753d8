/**
 * The CommonJS twin of `peer.ts` (the CommonJS build has no top-level `await`): arquero, when it is
 * installed, `require`d once.
 * @module
 */
import type { ArqueroModule } from './peer.js';

let loaded: ArqueroModule | undefined;
let failure: unknown;
try {
  loaded = require('arquero') as ArqueroModule;
} catch (error) {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
  failure = error;
}

/** arquero, or `undefined` when it cannot be found. */
export const arquero: ArqueroModule | undefined = loaded;
/** Why arquero could not be found (the resolver's error), when it could not. */
export const arqueroNotFound: unknown = failure;
