import { eventRows, type EventRow, type EventTable } from '../../src/index.js';

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

/** Parsed events with their row objects beside the columns (`eventRows`), for tests that read rows. */
export function withRows<T extends { readonly events: EventTable }>(parsed: T): T & { readonly rows: EventRow[] } {
  return { ...parsed, rows: eventRows(parsed.events) };
}
