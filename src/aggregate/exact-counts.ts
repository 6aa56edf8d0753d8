/**
 * Counts are sums of integers: exact while they stay at most 2^53 - 1. A total beyond that was rounded
 * on the way, so it is an error naming the influencer and the field, never a number.
 * @module
 */
import { InvalidInputError } from '../contract/errors.js';
import { COUNT_FIELDS } from '../contract/fields.js';
import { LAYOUT } from './layout.js';

/** The counted totals of a group: its rows and the count fields, with their slots. */
const COUNTED: readonly (readonly [string, number])[] = ['rows', ...COUNT_FIELDS].map((field) => [field, LAYOUT[field]!] as const);

/** Throws when a count of a group (numbers `d`, `w` per group, `size` groups named by `ids`) passed 2^53 - 1. */
export function checkExactCounts(d: Float64Array, w: number, size: number, ids: readonly string[]): void {
  for (let g = 0; g < size; g++) {
    const o = g * w;
    for (const [field, at] of COUNTED) {
      if (d[o + at]! > Number.MAX_SAFE_INTEGER) {
        throw new InvalidInputError(
          `The ${field} of influencer "${ids[g]!.slice(0, 200)}" add up to more than ${Number.MAX_SAFE_INTEGER} (2^53 - 1), beyond which a count cannot be summed exactly.`,
          { influencerId: ids[g], field },
        );
      }
    }
  }
}
