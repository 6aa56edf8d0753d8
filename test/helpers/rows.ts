import type { EventRow } from '../../src/index.js';

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
