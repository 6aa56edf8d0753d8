import fc from 'fast-check';
import type { EventRow } from '../../src/index.js';

/**
 * Money that spills past two terms of an exact sum (1e15 beside 0.1 and 1e-9), zero, or none.
 */
export const money = fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, 0.1, 0.2, 0.3, 1e-9, 1e15));

/**
 * A validated event row of five influencers ("7" and "007" distinct): zero impressions and clicks
 * often (rows with revenue and no exposure), three categories (past the two an accumulator keeps
 * inline), missing dates (and one that is no ISO date) and follower counts.
 */
export const eventRow = fc.record({
  influencerId: fc.constantFrom('7', '007', '10', 'ana', 'b'),
  impressions: fc.oneof(fc.constant(0), fc.nat(10_000)),
  clicks: fc.oneof(fc.constant(0), fc.nat(500)),
  addToCart: fc.nat(50),
  purchases: fc.nat(20),
  revenue: money,
  cost: money,
  date: fc.option(fc.constantFrom('2025-09-01', '2025-09-02', '2025-10-01', '2024-12-31', 'not-iso')),
  category: fc.option(fc.constantFrom('fashion', 'beauty', 'tech')),
  platform: fc.option(fc.constantFrom('tiktok', 'ig')),
  campaign: fc.constant(null),
  followerCount: fc.option(fc.nat(1_000_000)),
  extra: fc.constant({}),
}) as fc.Arbitrary<EventRow>;
