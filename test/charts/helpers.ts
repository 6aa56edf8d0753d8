import type { EventRow } from '../../src/index.js';

/** Deep-freezes a value so that a test fails if a function mutates its input. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** An event row with defaults. */
export function event(partial: Partial<EventRow> & { influencerId: string }): EventRow {
  return {
    impressions: 0,
    clicks: 0,
    addToCart: 0,
    purchases: 0,
    revenue: null,
    cost: null,
    date: null,
    category: null,
    platform: null,
    campaign: null,
    followerCount: null,
    extra: {},
    ...partial,
  };
}
