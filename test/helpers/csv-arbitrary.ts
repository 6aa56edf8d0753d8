import fc from 'fast-check';

// Cells: valid, invalid, quoted, odd.
const countCell = fc.oneof(
  { weight: 6, arbitrary: fc.nat(100000).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('', '007', '-1', '1.5', '1e3', ' 3', '3 ', '+2', 'abc', 'NaN', '12345678901234567', '"12"', '"1,2"', '9007199254740993', '0x10', '.') },
);
const moneyCell = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.nat(5000), fc.nat(99)).map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`) },
  { weight: 2, arbitrary: fc.nat(1000).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('', '0.1', '1.', '.5', '-3.2', '1e2', 'inf', ' 2.5', '123456789012.345', '0.30000000000000004', '"4.5"', 'abc') },
);
const idCell = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 30 }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom('007', '7', '07', 'ana', 'Ben', 'zoë', ' 7', '7 ', '', '"7"', '"a,b"', '"line\nbreak"', '\u00a0', 'x"y', '1234567', '0') },
);
const dateCell = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 28 }).map((d) => `2025-09-${String(d).padStart(2, '0')}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '2025-02-30', '2025-9-1', '01/09/2025', ' 2025-09-01', '2024-02-29', 'x', '"2025-09-03"') },
);
const textCell = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('fashion', 'beauty', 'tech', 'tiktok', 'ig') },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'a b', ' lead', 'trail ', '"q,uoted"', '"multi\r\nline"', 'caf\u00e9', '\u00a0x', 'x"y', '"un"closed', '"', '""') },
);

const COLUMNS: Record<string, fc.Arbitrary<string>> = {
  influencer_id: idCell,
  impressions: countCell,
  clicks: countCell,
  add_to_cart: countCell,
  purchases: countCell,
  revenue: moneyCell,
  cost: moneyCell,
  date: dateCell,
  category: textCell,
  platform: textCell,
  follower_count: countCell,
  campaign_type: textCell,
};
const REQUIRED = ['influencer_id', 'impressions', 'clicks', 'add_to_cart', 'purchases'];
const OPTIONAL = Object.keys(COLUMNS).filter((c) => !REQUIRED.includes(c));

/** A random CSV export: headers in any order and case, valid, invalid, quoted and odd cells, blank and ragged rows. */
export const csvCase = fc
  .record({
    optional: fc.subarray(OPTIONAL),
    order: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
    headerCase: fc.boolean(),
    bom: fc.boolean(),
    leadingBlank: fc.boolean(),
    dropRequired: fc.integer({ min: 0, max: 30 }),
    finalNewline: fc.boolean(),
    rows: fc.array(
      fc.record({
        seed: fc.nat(),
        eol: fc.oneof({ weight: 8, arbitrary: fc.constant('\n') }, { weight: 3, arbitrary: fc.constant('\r\n') }, { weight: 1, arbitrary: fc.constant('\r') }),
        shape: fc.oneof({ weight: 12, arbitrary: fc.constant('ok') }, { weight: 1, arbitrary: fc.constantFrom('blank', 'short', 'long', 'spaces') }),
      }),
      { maxLength: 40 },
    ),
    cells: fc.array(fc.tuple(...Object.values(COLUMNS)), { minLength: 40, maxLength: 40 }),
    by: fc.constantFrom([], ['date'], ['category', 'campaignType'], ['platform']),
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
  })
  .map((c) => {
    let header = [...REQUIRED, ...c.optional];
    header = header.map((h, i) => [h, c.order[i]!] as const).sort((a, b) => a[1] - b[1]).map(([h]) => h);
    if (c.dropRequired === 0) header = header.filter((h) => h !== 'clicks');
    const names = Object.keys(COLUMNS);
    const lines = c.rows.map((row, r) => {
      const values = c.cells[r % c.cells.length]!;
      let cells = header.map((h) => values[names.indexOf(h)]!);
      if (row.shape === 'blank') return '' + row.eol;
      if (row.shape === 'spaces') return '  ' + row.eol;
      if (row.shape === 'short') cells = cells.slice(0, -1);
      if (row.shape === 'long') cells = [...cells, 'extra'];
      return cells.join(',') + row.eol;
    });
    const head = (c.headerCase ? header.map((h) => ` ${h.toUpperCase()}`) : header).join(',');
    let text = (c.bom ? '\ufeff' : '') + (c.leadingBlank ? '\n' : '') + head + '\n' + lines.join('');
    if (!c.finalNewline) text = text.replace(/\r?\n$/, '');
    return { text, by: c.by, cuts: c.cuts };
  });

