import { describe, expect, it } from 'vitest';
import {
  aggregate,
  eventTableOf,
  analyze,
  DuplicateColumnError,
  EmptyInputError,
  InfluencerFunnelError,
  InvalidOptionsError,
  MissingColumnError,
  parseEvents,
  parseEventsCSV,
  StrictModeError,
} from '../../src/index.js';
import { withRows } from '../helpers/rows.js';

const HEADER = 'influencer_id,impressions,clicks,add_to_cart,purchases,revenue';

function caught(fn: () => unknown): InfluencerFunnelError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InfluencerFunnelError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('parseEventsCSV: reading real exports', () => {
  const rows = ['a,100,10,2,1,9.5', 'b,200,20,4,2,19'];
  it.each([
    ['LF with final newline', `${HEADER}\n${rows.join('\n')}\n`],
    ['LF without final newline', `${HEADER}\n${rows.join('\n')}`],
    ['CRLF', `${HEADER}\r\n${rows.join('\r\n')}\r\n`],
    ['lone CR', `${HEADER}\r${rows.join('\r')}\r`],
    ['BOM and CRLF (Excel)', `\uFEFF${HEADER}\r\n${rows.join('\r\n')}\r\n`],
    ['blank lines', `\n\n${HEADER}\n\n${rows[0]}\n\r\n${rows[1]}\n\n\n`],
    ['quoted cells', `"influencer_id","impressions","clicks","add_to_cart","purchases","revenue"\n"a","100","10","2","1","9.5"\n"b",200,20,4,2,"19"\n`],
  ])('reads %s', (_, text) => {
    const { rows: out, report } = withRows(parseEventsCSV(text));
    expect(out.map((r) => [r.influencerId, r.impressions, r.clicks, r.addToCart, r.purchases, r.revenue])).toEqual([
      ['a', 100, 10, 2, 1, 9.5],
      ['b', 200, 20, 4, 2, 19],
    ]);
    expect(report).toMatchObject({ rows: 2, used: 2, rejected: 0 });
  });

  it('reads UTF-8 bytes and UTF-16 bytes with a byte-order mark', () => {
    const text = `\uFEFF${HEADER}\nzoë,100,10,2,1,9.5\n`;
    const utf8 = new TextEncoder().encode(text);
    const utf16le = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      utf16le[2 * i] = text.charCodeAt(i) & 0xff;
      utf16le[2 * i + 1] = text.charCodeAt(i) >> 8;
    }
    for (const input of [utf8, utf8.buffer, new DataView(utf8.buffer), utf16le]) {
      expect(withRows(parseEventsCSV(input)).rows[0]!.influencerId).toBe('zoë');
    }
  });

  it('reads quoted fields holding commas, quotes and line breaks, and counts lines across them', () => {
    const text = `${HEADER},campaign\n"a",100,10,2,1,9.5,"Summer, ""big"" sale\r\nline two"\nb,-1,0,0,0,,x\n`;
    const { rows, report } = withRows(parseEventsCSV(text));
    expect(rows[0]!.campaign).toBe('Summer, "big" sale\r\nline two');
    expect(report.errors[0]).toMatchObject({ line: 4, column: 'impressions', value: '-1', reason: 'negative' });
  });

  it('skips blank lines and rows of empty cells, counting them apart from rows', () => {
    const { report } = withRows(parseEventsCSV(`${HEADER}\na,1,1,1,1,1\n\n,,,,,\n , , ,,,\nb,1,1,1,1,1\n`));
    expect(report).toMatchObject({ rows: 2, used: 2, blankLines: 3 });
  });

  it('rejects malformed quotes and rows of the wrong width, tolerating empty trailing cells', () => {
    const text = `${HEADER}\na,1,1,1,1,1,\nb,1,1,1,1\nc,1,1,1,1,1,extra\nd,1,1,1,1,"1"x\ne,1,1,1,1,1`;
    const { rows, report } = withRows(parseEventsCSV(text));
    expect(rows.map((r) => r.influencerId)).toEqual(['a', 'e']);
    expect(report.reasons).toMatchObject({ field_count: 2, malformed_quotes: 1 });
    expect(report.errors.map((e) => [e.line, e.reason])).toEqual([
      [3, 'field_count'],
      [4, 'field_count'],
      [5, 'malformed_quotes'],
    ]);
    expect(report.errors[0]!.message).toBe('line 3: a row of 5 fields where the header has 6');
  });

  it('refuses a quote left open to the end of the input, naming the line it opened on and how far it ran', () => {
    const error = caught(() => parseEventsCSV(`${HEADER}\nz,1,1,1,1,1\na,1,1,1,1,"1\nb,1,1,1,1,1\nc,1,1,1,1,1\n`));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/^Line 3: a quote opened here is never closed; it runs to the end of the input \(3 lines\)/);
    expect(error.details).toMatchObject({ line: 3, lines: 3 });
  });

  it('throws EmptyInputError for an input without a header, and reads a header alone as no rows', () => {
    for (const text of ['', '\uFEFF', '\n\n\r\n', ',,,\n']) expect(caught(() => withRows(parseEventsCSV(text)))).toBeInstanceOf(EmptyInputError);
    expect(withRows(parseEventsCSV(`${HEADER}\n`)).report).toMatchObject({ rows: 0, used: 0, rejected: 0 });
  });
});

describe('header matching and mapping', () => {
  it('matches headers after trimming, case-folding and separator folding, or by camelCase field', () => {
    const { rows, report } = withRows(parseEventsCSV(' Influencer ID ,IMPRESSIONS,Clicks,Add-To-Cart,purchases, Revenue \n7,10,5,2,1,3\n'));
    expect(rows[0]).toMatchObject({ influencerId: '7', addToCart: 2, revenue: 3 });
    expect(report.columns.mapped).toMatchObject({ influencerId: ' Influencer ID ', addToCart: 'Add-To-Cart' });
    expect(withRows(parseEventsCSV('influencerId,impressions,clicks,addToCart,purchases\n7,10,5,2,1\n')).rows[0]!.addToCart).toBe(2);
  });

  it('lists the columns found and suggests a mapping when a required column is missing', () => {
    const error = caught(() => withRows(parseEventsCSV('Influencer,Impressions,Link clicks,Leads,Orders,Amount spent (USD)\n')));
    expect(error).toBeInstanceOf(MissingColumnError);
    const e = error as MissingColumnError;
    expect(e.code).toBe('MISSING_COLUMN');
    expect(e.missing).toEqual(['influencer_id', 'clicks', 'add_to_cart', 'purchases']);
    expect(e.found).toEqual(['Influencer', 'Impressions', 'Link clicks', 'Leads', 'Orders', 'Amount spent (USD)']);
    expect(e.message).toContain('Columns found: "Influencer", "Impressions", "Link clicks"');
    expect(e.suggestion).toContain("columns: { influencerId: 'Influencer', clicks: 'Link clicks', addToCart: 'Leads', purchases: 'Orders' }");
    expect(e.suggestion).toContain("--map 'influencerId=Influencer,clicks=Link clicks,addToCart=Leads,purchases=Orders'");
    // The suggestion works as given.
    const fixed = withRows(parseEventsCSV('Influencer,Impressions,Link clicks,Leads,Orders\n7,10,5,2,1\n', {
      columns: { influencerId: 'Influencer', clicks: 'Link clicks', addToCart: 'Leads', purchases: 'Orders' },
    }));
    expect(fixed.rows[0]).toMatchObject({ clicks: 5, addToCart: 2, purchases: 1 });
  });

  it('reads semicolon, tab and pipe files by their header, and a delimiter given', () => {
    for (const d of [';', '\t', '|']) {
      const text = `influencer_id${d}impressions${d}clicks${d}add_to_cart${d}purchases${d}revenue\n7${d}100${d}10${d}2${d}1${d}9.5\n"a${d}b"${d}5${d}1${d}0${d}0${d}\n`;
      const { rows, report } = withRows(parseEventsCSV(text));
      expect(report).toMatchObject({ used: 2, rejected: 0 });
      expect(rows.map((r) => r.influencerId)).toEqual(['7', `a${d}b`]);
      expect(rows[0]).toMatchObject({ impressions: 100, revenue: 9.5 });
    }
    // A comma inside cells of a semicolon file is text; given, the delimiter wins over detection.
    const given = withRows(parseEventsCSV('influencer_id;impressions;clicks;add_to_cart;purchases;category\n7;1;1;1;1;a,b,c\n', { delimiter: ';' }));
    expect(given.rows[0]!.category).toBe('a,b,c');
    const forced = caught(() => parseEventsCSV('influencer_id;impressions;clicks;add_to_cart;purchases\n1;2;3;4;5\n', { delimiter: ',' }));
    expect(forced.message).toContain('looks delimited by something other than commas');
  });

  it('refuses bytes that are not UTF-8, naming the line and byte, and reads other encodings on request', () => {
    const header = new TextEncoder().encode(`${HEADER},category\n`);
    const latin = (id: number[], category: number[]) => Uint8Array.from([...header, ...id, ...new TextEncoder().encode(',1,1,1,1,1,'), ...category, 10]);
    // 'café' in Latin-1: 0xe9 alone is not UTF-8, in an id (read) or in a category.
    for (const bytes of [latin([0x63, 0x61, 0x66, 0xe9], [0x78]), latin([0x78], [0x63, 0x61, 0x66, 0xe9])]) {
      const error = caught(() => parseEventsCSV(bytes));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toMatch(/^Line 2: the bytes at offset \d+ are not valid UTF-8\..*encoding: 'windows-1252'/);
      expect(bytes[(error.details as { offset: number }).offset]).toBe(0xe9);
    }
    const ids = [[0x63, 0x61, 0x66, 0xe9], [0x63, 0x61, 0x66, 0xe8], [0x63, 0x61, 0x66, 0xff]];
    const file = Uint8Array.from([...header, ...ids.flatMap((id) => [...id, ...new TextEncoder().encode(',1,1,1,1,1,x\n')])]);
    expect(withRows(parseEventsCSV(file, { encoding: 'latin1' })).rows.map((r) => r.influencerId)).toEqual(['café', 'cafè', 'cafÿ']);
    expect(withRows(parseEventsCSV(file, { encoding: 'windows-1252' })).rows.map((r) => r.influencerId)).toEqual(['café', 'cafè', 'cafÿ']);
    const euro = Uint8Array.from([...header, 0x80, ...new TextEncoder().encode(',1,1,1,1,1,x\n')]);
    expect(withRows(parseEventsCSV(euro, { encoding: 'windows-1252' })).rows[0]!.influencerId).toBe('€');
    expect(withRows(parseEventsCSV(euro, { encoding: 'latin1' })).rows[0]!.influencerId).toBe('\u0080');
    const wide = new Uint8Array([...'influencer_id,impressions,clicks,add_to_cart,purchases\nzoë,1,1,1,1\n'].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]));
    expect(withRows(parseEventsCSV(wide, { encoding: 'utf16le' })).rows[0]!.influencerId).toBe('zoë');
    expect(caught(() => parseEventsCSV('a', { encoding: 'ebcdic' as never })).code).toBe('INVALID_OPTIONS');
  });

  it('reports a mapped column that is absent', () => {
    const error = caught(() => withRows(parseEventsCSV(`${HEADER}\n`, { columns: { cost: 'spend' } }))) as MissingColumnError;
    expect(error.missing).toEqual(['spend']);
  });

  it('throws DuplicateColumnError for two cells naming one field, and lets a mapping pick one', () => {
    const text = 'influencer_id,impressions,Clicks,clicks ,add_to_cart,purchases\n7,100,5,6,1,1\n';
    const error = caught(() => withRows(parseEventsCSV(text))) as DuplicateColumnError;
    expect(error).toBeInstanceOf(DuplicateColumnError);
    expect(error.code).toBe('DUPLICATE_COLUMN');
    expect(error.columns).toEqual(['Clicks', 'clicks ']);
    expect(error.found).toHaveLength(6);
    expect(error.message).toContain("columns: { clicks: 'Clicks' }");
    const picked = withRows(parseEventsCSV(text, { columns: { clicks: 'Clicks' } }));
    expect(picked.rows[0]!.clicks).toBe(5);
    expect(picked.report.columns.ignored).toEqual(['clicks ']);
  });

  it('asks to rename identical duplicate headers, also of extra columns', () => {
    const same = caught(() => withRows(parseEventsCSV('influencer_id,impressions,clicks,clicks,add_to_cart,purchases\n')));
    expect(same.message).toContain('identical names cannot be told apart');
    const extras = caught(() => withRows(parseEventsCSV(`${HEADER},note,Note\n`))) as DuplicateColumnError;
    expect(extras).toBeInstanceOf(DuplicateColumnError);
    expect(extras.columns).toEqual(['note', 'Note']);
  });

  it('reads a field from a mapped column and ignores the default one it replaces', () => {
    const text = 'influencer_id,impressions,clicks,add_to_cart,leads,purchases\n7,100,10,9,3,1\n';
    const { rows, report } = withRows(parseEventsCSV(text, { columns: { addToCart: 'Leads' } }));
    expect(rows[0]!.addToCart).toBe(3);
    expect(report.columns.ignored).toEqual(['add_to_cart']);
    expect(rows[0]!.extra).toEqual({});
  });

  it('lets a mapping swap two columns but refuses one column feeding two fields', () => {
    const text = 'influencer_id,impressions,clicks,add_to_cart,purchases\n7,5,100,1,1\n';
    const swapped = withRows(parseEventsCSV(text, { columns: { impressions: 'clicks', clicks: 'impressions' } }));
    expect(swapped.rows[0]).toMatchObject({ impressions: 100, clicks: 5 });
    expect(caught(() => withRows(parseEventsCSV(text, { columns: { clicks: 'impressions' } })))).toBeInstanceOf(InvalidOptionsError);
  });

  it('validates options with readable messages', () => {
    expect(caught(() => withRows(parseEventsCSV(`${HEADER}\n`, { columns: { leads: 'x' } as never }))).code).toBe('INVALID_OPTIONS');
    expect(caught(() => withRows(parseEventsCSV(`${HEADER}\n`, { dateFormat: 'DD-MM' }))).message).toContain('dateFormat');
    expect(caught(() => withRows(parseEventsCSV(`${HEADER}\n`, { strict: 'yes' } as never))).code).toBe('INVALID_OPTIONS');
    // A `__proto__` key in a mapping parsed from JSON is never read as a field.
    expect(withRows(parseEventsCSV(`${HEADER}\na,1,1,1,1,1\n`, { columns: JSON.parse('{"__proto__":"x"}') })).report.used).toBe(1);
  });

  it('keeps other columns as extra string dimensions under camelCase keys', () => {
    const { rows, report } = withRows(parseEventsCSV(`${HEADER},Campaign Type,utm_source,Amount spent (USD),URL\na,1,1,1,1,1,UGC,ig,,https://x\n`));
    expect(rows[0]!.extra).toEqual({ campaignType: 'UGC', utmSource: 'ig', url: 'https://x' });
    expect(report.columns.extra).toEqual({ campaignType: 'Campaign Type', utmSource: 'utm_source', amountSpentUsd: 'Amount spent (USD)', url: 'URL' });
    expect(report.nulls).toEqual({ amountSpentUsd: 1 });
  });
});

describe('dates and optional money', () => {
  it.each([
    ['YYYY-MM-DD', '2025-09-30'],
    ['DD-MM-YYYY', '30-09-2025'],
    ['MM/DD/YYYY', '09/30/2025'],
    ['M/D/YY', '9/30/25'],
  ])('reads dates in %s', (dateFormat, text) => {
    const { rows } = withRows(parseEventsCSV(`${HEADER},date\na,1,1,1,1,1,${text}\n`, { dateFormat }));
    expect(rows[0]!.date).toBe('2025-09-30');
  });

  it('rejects a date in another format with its line and column', () => {
    const { report } = withRows(parseEventsCSV(`${HEADER},date\na,1,1,1,1,1,30-09-2025\n`));
    expect(report.errors[0]).toMatchObject({ line: 2, column: 'date', value: '30-09-2025', reason: 'invalid_date' });
  });

  it('reads an export without revenue or cost: revenue metrics are null, never NaN', () => {
    const text = 'influencer_id,impressions,clicks,leads,purchases\nx,1000,50,10,0\ny,500,5,1,0\n';
    const events = withRows(parseEventsCSV(text, { columns: { addToCart: 'leads' } }));
    expect(events.rows.every((r) => r.revenue === null && r.cost === null)).toBe(true);
    const report = analyze(events);
    for (const line of report.influencers) {
      expect(line.revenue).toBeNull();
      expect(line.rpc).toBeNull();
      expect(line.rpi).toBeNull();
      expect(line.roas).toBeNull();
      expect(Number.isNaN(line.score)).toBe(false);
    }
  });
});

describe('values reject the row with { line, column, value, reason }', () => {
  const cases: [string, string, string][] = [
    ['empty count', 'a,,1,1,1,1', 'empty'],
    ['non-numeric', 'a,lots,1,1,1,1', 'not_a_number'],
    ['negative count', 'a,10,-1,1,1,1', 'negative'],
    ['fractional count', 'a,10,1.5,1,1,1', 'not_an_integer'],
    ['NaN', 'a,10,1,NaN,1,1', 'not_a_number'],
    ['Infinity', 'a,10,1,1,Infinity,1', 'not_finite'],
    ['negative money', 'a,10,1,1,1,-2', 'negative'],
    ['Infinity money', 'a,10,1,1,1,-Infinity', 'not_finite'],
    ['overflowing count', 'a,99999999999999999999,1,1,1,1', 'too_large'],
    ['overflowing money', 'a,10,1,1,1,1e999', 'too_large'],
    ['missing id', ',10,1,1,1,1', 'missing_id'],
  ];
  it.each(cases)('%s', (_, row, expected) => {
    const { rows, report } = withRows(parseEventsCSV(`${HEADER}\n${row}\n`));
    expect(rows).toEqual([]);
    expect(report).toMatchObject({ rows: 1, used: 0, rejected: 1 });
    expect(report.reasons[expected as keyof typeof report.reasons]).toBe(1);
    const cells = row.split(',');
    const columns = HEADER.split(',');
    const at = columns.indexOf(report.errors[0]!.column);
    expect(report.errors[0]).toMatchObject({ line: 2, value: cells[at], reason: expected });
  });

  it('counts a row once, under its first failing cell, and keeps rows = used + rejected', () => {
    const { report } = withRows(parseEventsCSV(`${HEADER}\na,-1,x,1,1,1\nb,1,1,1,1,1\n`));
    expect(report).toMatchObject({ rows: 2, used: 1, rejected: 1, reasons: { negative: 1, not_a_number: 0 } });
  });

  it('caps the error sample but not the counts', () => {
    const body = Array.from({ length: 250 }, (_, i) => `id${i},-1,1,1,1,1`).join('\n');
    const { report } = withRows(parseEventsCSV(`${HEADER}\n${body}\n`));
    expect(report.rejected).toBe(250);
    expect(report.errors).toHaveLength(100);
    expect(withRows(parseEventsCSV(`${HEADER}\n${body}\n`, { maxErrors: 3 })).report.errors.map((e) => e.line)).toEqual([2, 3, 4]);
  });
});

describe('funnel anomalies are kept and counted', () => {
  it('counts each kind and keeps the rows', () => {
    const text = `${HEADER}\nclicksOverImpressions,5,10,1,1,1\naddToCartOverClicks,100,2,5,1,1\npurchasesOverAddToCart,100,10,1,3,1\nconversionsWithoutClicks,100,0,0,2,1\nfine,100,10,2,1,1\n`;
    const { rows, report } = withRows(parseEventsCSV(text));
    expect(rows).toHaveLength(5);
    expect(report.anomalies).toEqual({ clicksOverImpressions: 1, addToCartOverClicks: 1, purchasesOverAddToCart: 2, conversionsWithoutClicks: 1 });
  });
});

describe('strict mode', () => {
  it('turns any rejection into a StrictModeError carrying the report', () => {
    const error = caught(() => withRows(parseEventsCSV(`${HEADER}\na,1,1,1,1,1\nb,-1,1,1,1,1\n`, { strict: true })));
    expect(error).toBeInstanceOf(StrictModeError);
    expect(error.code).toBe('STRICT_REJECTED');
    expect(error.message).toContain('line 3, column "impressions"');
    expect((error.details.report as { rejected: number }).rejected).toBe(1);
  });

  it('passes clean input and anomalies', () => {
    expect(withRows(parseEventsCSV(`${HEADER}\na,1,5,1,1,1\n`, { strict: true })).report.anomalies.clicksOverImpressions).toBe(1);
  });
});

describe('ids are verbatim text and safe as any string', () => {
  const specials = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

  it('keeps leading zeros: 007 and 7 are different influencers', () => {
    const { rows } = withRows(parseEventsCSV(`${HEADER}\n007,10,1,1,1,1\n7,10,1,1,1,1\n0007,10,1,1,1,1\n`));
    expect(rows.map((r) => r.influencerId)).toEqual(['007', '7', '0007']);
    // Sorted numerically, equal numbers by their text.
    expect(aggregate(rows).groups.map((g) => g.influencerId)).toEqual(['0007', '007', '7']);
  });

  it('handles __proto__, constructor and friends as ids through the whole pipeline', () => {
    const body = specials.map((id, i) => `${id},${100 + i},${10 + i},2,1,${i + 1}`).join('\n');
    const events = withRows(parseEventsCSV(`${HEADER}\n${body}\n${specials[0]},100,10,2,1,1\n`));
    expect(events.rows).toHaveLength(specials.length + 1);
    const { groups } = aggregate(events.rows);
    expect(groups.map((g) => g.influencerId).sort()).toEqual([...specials].sort());
    expect(groups.find((g) => g.influencerId === '__proto__')).toMatchObject({ rows: 2, impressions: 200, revenue: 2 });
    const report = analyze(events);
    expect(report.influencers.map((i) => i.influencerId).sort()).toEqual([...specials].sort());
    expect(Object.getPrototypeOf(report.influencers[0])).toBe(Object.prototype);
  });

  it('handles __proto__ and constructor as column names (extras, nulls, object keys)', () => {
    const text = `${HEADER},constructor,__proto__,toString\na,1,1,1,1,1,,,\nb,1,1,1,1,1,x,y,z\n`;
    const { rows, report } = withRows(parseEventsCSV(text));
    expect(report.nulls).toEqual({ constructor: 1, proto: 1, toString: 1 });
    expect(rows[1]!.extra).toEqual(Object.assign(Object.create(null), { constructor: 'x', proto: 'y', toString: 'z' }));
    expect(aggregate(rows, { by: ['constructor'] }).groups.map((g) => g.constructor)).toEqual([null, 'x']);
    const records = [
      { influencer_id: 'a', impressions: 1, clicks: 1, add_to_cart: 1, purchases: 1 },
      JSON.parse('{"influencer_id":"b","impressions":1,"clicks":1,"add_to_cart":1,"purchases":1,"constructor":"c","__proto__":"p"}'),
    ];
    const parsed = withRows(parseEvents(Object.freeze(records.map((r) => Object.freeze(r)))));
    expect(parsed.report.rejected).toBe(0);
    expect({ ...parsed.rows[0]!.extra }).toEqual({});
    expect({ ...parsed.rows[1]!.extra }).toEqual({ constructor: 'c', proto: 'p' });
  });

  it('reads a 100,000-character id', () => {
    const id = 'x'.repeat(50_000) + '"," \r\n' + 'y'.repeat(49_994);
    expect(id).toHaveLength(100_000);
    const quoted = `"${id.replace(/"/g, '""')}"`;
    const { rows, report } = withRows(parseEventsCSV(`${HEADER}\n${quoted},10,1,1,1,1\n${quoted},-1,1,1,1,1\n`));
    expect(rows[0]!.influencerId).toBe(id);
    expect(report.errors[0]!.line).toBe(4);
    expect(report.errors[0]!.value.length).toBeLessThanOrEqual(201);
    expect(analyze({ events: eventTableOf(rows), report }).influencers[0]!.influencerId).toBe(id);
  });

  it('reads ids in several scripts and emoji', () => {
    const ids = ['田中', 'Ана', 'محمد', 'שָׁלוֹם', 'नमस्ते', 'ภาษาไทย', '김민지', 'Zoë', 'e\u0301', '\u00e9', '😀', '👩‍👩‍👧', '🇫🇷', 'a\u200Db'];
    const body = ids.map((id) => `${id},10,1,1,1,1`).join('\n');
    const { rows } = withRows(parseEventsCSV(new TextEncoder().encode(`${HEADER}\n${body}\n`)));
    expect(rows.map((r) => r.influencerId)).toEqual(ids);
    // Composed and decomposed forms are different ids: text is never normalised.
    expect(new Set(aggregate(rows).groups.map((g) => g.influencerId)).size).toBe(ids.length);
  });
});

describe('parseEvents (records)', () => {
  it('reads an empty array as no rows', () => {
    expect(withRows(parseEvents([])).report).toMatchObject({ rows: 0, used: 0, rejected: 0 });
  });

  it('uses the union of keys, so a field missing from the first record is still read', () => {
    const { rows } = withRows(parseEvents([
      { influencerId: 'a', impressions: 10, clicks: 1, addToCart: 1, purchases: 0 },
      { influencerId: 'b', impressions: 10, clicks: 1, addToCart: 1, purchases: 1, revenue: 30 },
    ]));
    expect(rows.map((r) => r.revenue)).toEqual([null, 30]);
  });

  it('rejects records that are not objects, by record number, without throwing', () => {
    const { report } = withRows(parseEvents([null, 3, ['a'], { influencer_id: 'a', impressions: 1, clicks: 1, add_to_cart: 1, purchases: 1 }]));
    expect(report).toMatchObject({ rows: 4, used: 1, rejected: 3, reasons: { invalid_type: 3 } });
    expect(report.errors[0]!.message).toBe('record 1: not an object');
  });

  it('never mutates its input', () => {
    const records = Object.freeze([Object.freeze({ influencer_id: 'a', impressions: '10', clicks: 1, add_to_cart: 1, purchases: 1, when: new Date(0) })]);
    expect(withRows(parseEvents(records)).rows[0]!.extra).toEqual({ when: '1970-01-01T00:00:00.000Z' });
  });
});

describe('dimension names are safe as any string', () => {
  it('keeps a __proto__ dimension as an own field of each group', () => {
    const { rows } = withRows(parseEventsCSV(`${HEADER}\na,1,1,1,1,1\n`));
    const [group] = aggregate(rows, { by: ['__proto__'] }).groups;
    expect(Object.getPrototypeOf(group)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(group, '__proto__')).toBe(true);
  });
});

describe('metric names are safe as any string', () => {
  it('keeps a __proto__ metric in the contributions', async () => {
    const { defineScoring, score } = await import('../../src/index.js');
    const rows = [JSON.parse('{"influencerId":"a","__proto__":2}'), JSON.parse('{"influencerId":"b","__proto__":1}')];
    const [first] = score(rows, defineScoring({ metrics: [{ metric: '__proto__', weight: 1 }] }, { extraMetrics: ['__proto__'] }));
    expect(Object.prototype.hasOwnProperty.call(first!.contributions, '__proto__')).toBe(true);
    expect(first!.contributions['__proto__']).toBe(first!.score);
  });
});
