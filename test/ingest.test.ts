import { describe, expect, it } from 'vitest';
import { DuplicateColumnError, InfluencerFunnelError, MissingColumnError, parseEvents, parseEventsCSV, StrictModeError } from '../src/index.js';
import { withRows } from './helpers/rows.js';

const HEADER = 'influencer_id,impressions,clicks,add_to_cart,purchases,revenue';

describe('parseEventsCSV', () => {
  it('reads rows into typed fields and keeps ids verbatim', () => {
    const { rows, report } = withRows(parseEventsCSV(`${HEADER},date\n007,1000,20,4,1,19.99,2025-09-01\n7,10,1,0,0,,2025-09-02\n`));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ influencerId: '007', impressions: 1000, clicks: 20, addToCart: 4, purchases: 1, revenue: 19.99, date: '2025-09-01' });
    expect(rows[1]!.influencerId).toBe('7');
    expect(rows[1]!.revenue).toBeNull();
    expect(report).toMatchObject({ rows: 2, used: 2, rejected: 0 });
  });

  it.each([
    ['negative count', '1,-5,0,0,0,1', 'negative', 'impressions'],
    ['fractional count', '1,10,2.5,0,0,1', 'not_an_integer', 'clicks'],
    ['text in a count', '1,10,two,0,0,1', 'not_a_number', 'clicks'],
    ['empty count', '1,10,,0,0,1', 'empty', 'clicks'],
    ['NaN money', '1,10,2,0,0,NaN', 'not_a_number', 'revenue'],
    ['Infinity money', '1,10,2,0,0,inf', 'not_finite', 'revenue'],
    ['Infinity count', '1,Infinity,2,0,0,1', 'not_finite', 'impressions'],
    ['overflowing count', '1,1e400,2,0,0,1', 'too_large', 'impressions'],
    ['unsafe integer', '1,9007199254740993,2,0,0,1', 'too_large', 'impressions'],
    ['negative money', '1,10,2,0,0,-3', 'negative', 'revenue'],
    ['blank id', '  ,10,2,0,0,1', 'missing_id', 'influencer_id'],
    ['missing field', '1,10,2,0,0', 'field_count', '(row)'],
  ])('rejects a %s with a reason, a column and a line', (_, line, reason, column) => {
    const { rows, report } = withRows(parseEventsCSV(`${HEADER}\nok,1,1,1,1,1\n${line}\n`));
    expect(rows).toHaveLength(1);
    expect(report.rows).toBe(2);
    expect(report.used + report.rejected).toBe(report.rows);
    expect(report.reasons[reason as keyof typeof report.reasons]).toBe(1);
    expect(report.errors[0]).toMatchObject({ line: 3, column, reason });
  });

  it('counts funnel anomalies but keeps the rows', () => {
    const { rows, report } = withRows(parseEventsCSV(`${HEADER}\na,10,50,0,0,0\nb,10,0,2,1,30\nc,100,10,2,3,5\n`));
    expect(rows).toHaveLength(3);
    expect(report.anomalies).toEqual({ clicksOverImpressions: 1, addToCartOverClicks: 1, purchasesOverAddToCart: 1, conversionsWithoutClicks: 1 });
  });

  it('matches headers after trimming and case-folding, and reads a mapping', () => {
    const { rows } = withRows(parseEventsCSV(' Influencer_ID ,IMPRESSIONS,Clicks,Leads,orders\nx,5,4,3,2\n', { columns: { addToCart: 'leads', purchases: 'Orders' } }));
    expect(rows[0]).toMatchObject({ influencerId: 'x', impressions: 5, clicks: 4, addToCart: 3, purchases: 2, revenue: null });
  });

  it('reports a missing column with the columns found and a suggested mapping', () => {
    let error: unknown;
    try {
      withRows(parseEventsCSV('influencer_id,impressions,clicks,leads,orders\nx,1,1,1,1\n'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MissingColumnError);
    const e = error as MissingColumnError;
    expect(e.code).toBe('MISSING_COLUMN');
    expect(e.missing).toEqual(['add_to_cart', 'purchases']);
    expect(e.found).toEqual(['influencer_id', 'impressions', 'clicks', 'leads', 'orders']);
    expect(e.message).toContain("addToCart: 'leads'");
    expect(e.message).toContain("purchases: 'orders'");
    expect(e.message).toContain('--map addToCart=leads,purchases=orders');
  });

  it('rejects duplicate headers as a typed error', () => {
    expect(() => withRows(parseEventsCSV('influencer_id,impressions,Impressions,clicks,add_to_cart,purchases\n'))).toThrow(DuplicateColumnError);
  });

  it('reads quoted fields, CRLF and a BOM', () => {
    const { rows } = withRows(parseEventsCSV(`\uFEFF${HEADER},category\r\n"a,b",10,2,1,1,"5.5","say ""hi""\r\nthere"\r\n`));
    expect(rows[0]!.influencerId).toBe('a,b');
    expect(rows[0]!.category).toBe('say "hi"\r\nthere');
  });

  it('keeps extra columns as string dimensions', () => {
    const { rows, report } = withRows(parseEventsCSV(`${HEADER},campaign_type\na,1,1,1,1,1,Awareness\n`));
    expect(rows[0]!.extra.campaignType).toBe('Awareness');
    expect(report.columns.extra).toEqual({ campaignType: 'campaign_type' });
  });

  it('turns any rejection into an error in strict mode', () => {
    expect(() => withRows(parseEventsCSV(`${HEADER}\na,-1,0,0,0,0\n`, { strict: true }))).toThrow(StrictModeError);
    try {
      withRows(parseEventsCSV(`${HEADER}\na,-1,0,0,0,0\n`, { strict: true }));
    } catch (e) {
      expect((e as InfluencerFunnelError).code).toBe('STRICT_REJECTED');
    }
  });

  it('parses other date formats', () => {
    const csv = `${HEADER},date\na,1,1,1,1,1,25-12-2025\nb,1,1,1,1,1,31-02-2025\n`;
    const { rows, report } = withRows(parseEventsCSV(csv, { dateFormat: 'DD-MM-YYYY' }));
    expect(rows.map((r) => r.date)).toEqual(['2025-12-25']);
    expect(report.reasons.invalid_date).toBe(1);
    expect(withRows(parseEventsCSV(`${HEADER},date\na,1,1,1,1,1,3/7/25\n`, { dateFormat: 'M/D/YY' })).rows[0]!.date).toBe('2025-03-07');
  });

  it('rejects invalid options with a typed error', () => {
    expect(() => withRows(parseEventsCSV(`${HEADER}\n`, { columns: { nope: 'x' } as never }))).toThrow(/Invalid ingest options/);
    expect(() => withRows(parseEventsCSV(`${HEADER}\n`, { dateFormat: 'YYYY' }))).toThrow(InfluencerFunnelError);
  });
});

describe('parseEvents', () => {
  it('validates objects with numbers or text, camelCase or snake_case keys', () => {
    const input = Object.freeze([
      Object.freeze({ influencerId: 7, impressions: 100, clicks: '4', addToCart: 1, purchases: 1, revenue: 9.5 }),
      Object.freeze({ influencerId: 'b', impressions: 100, clicks: 4.5, addToCart: 1, purchases: 1 }),
      null,
    ]);
    const { rows, report } = withRows(parseEvents(input));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ influencerId: '7', clicks: 4, revenue: 9.5 });
    expect(report).toMatchObject({ rows: 3, used: 1, rejected: 2 });
    expect(report.reasons).toMatchObject({ not_an_integer: 1, invalid_type: 1 });
  });

  it('accepts a mapping for object keys', () => {
    const { rows } = withRows(parseEvents([{ influencer_id: 'a', impressions: 10, clicks: 2, leads: 1, orders: 1 }], { columns: { addToCart: 'leads', purchases: 'orders' } }));
    expect(rows[0]).toMatchObject({ addToCart: 1, purchases: 1 });
  });
});
