import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, eventRows, InfluencerFunnelError, parseEventsCSV, type EventRow, type ParsedEvents } from '../../src/index.js';
import { readEventsCSV } from '../../src/node/index.js';
import { withRows } from '../helpers/rows.js';

const SAMPLE = readFileSync(new URL('../../examples/data/events.csv', import.meta.url), 'utf8').split('\n').slice(0, 41).join('\n') + '\n';
const SAMPLE_BYTES = new TextEncoder().encode(SAMPLE);

/** Parses and checks the invariants of a report; a typed error is an accepted outcome, anything else fails. */
function outcome(run: () => ParsedEvents): 'report' | 'error' {
  let parsed: ParsedEvents;
  try {
    parsed = run();
  } catch (error) {
    if (error instanceof InfluencerFunnelError) return 'error';
    throw error;
  }
  const { report } = parsed;
  const rows = eventRows(parsed.events);
  expect(report.rows).toBe(report.used + report.rejected);
  expect(rows).toHaveLength(report.used);
  expect(Object.values(report.reasons).reduce((a, b) => a + b, 0)).toBe(report.rejected);
  for (const row of rows) {
    for (const v of [row.impressions, row.clicks, row.addToCart, row.purchases]) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
    for (const v of [row.revenue, row.cost]) expect(v === null || (Number.isFinite(v) && v >= 0)).toBe(true);
  }
  return 'report';
}

/** Paths of numbers that are NaN or infinite anywhere inside a value. */
function nonFinite(value: unknown, path = '$', out: string[] = []): string[] {
  if (typeof value === 'number' && !Number.isFinite(value)) out.push(path);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) nonFinite(v, `${path}.${k}`, out);
  return out;
}

/** Byte-level mutations of a real export. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.constantFrom('"', '""', ',', '\r', '\n', '\r\n', '\uFEFF', '-', 'NaN', '1e999', '\u0000', '=', '😀').map((s) => new TextEncoder().encode(s)) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(source: Uint8Array, steps: readonly fc.Arbitrary<never>[] | readonly unknown[]): Uint8Array {
  let bytes = source;
  for (const step of steps as { kind: string; at: number; byte?: number; bytes?: Uint8Array; length?: number }[]) {
    const at = step.at % (bytes.length + 1);
    if (step.kind === 'flip' && bytes.length > 0) {
      bytes = bytes.slice();
      bytes[at % bytes.length] = step.byte!;
    } else if (step.kind === 'insert') {
      const out = new Uint8Array(bytes.length + step.bytes!.length);
      out.set(bytes.subarray(0, at));
      out.set(step.bytes!, at);
      out.set(bytes.subarray(at), at + step.bytes!.length);
      bytes = out;
    } else if (step.kind === 'delete') {
      bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + step.length!)]);
    } else if (step.kind === 'truncate') {
      bytes = bytes.subarray(0, at);
    }
  }
  return bytes;
}

describe('fuzzing the reader: a report or a typed error, never another exception', () => {
  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        outcome(() => withRows(parseEventsCSV(bytes)));
      }),
      { numRuns: 500 },
    );
  });

  it('random text built from CSV-significant characters after a valid header', () => {
    const unit = fc.constantFrom('"', ',', '\r', '\n', '1', '-', '.', 'e', 'a', ' ', '\uFEFF', '\u0000', 'é', '\uD800');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 300 }), fc.boolean(), (body, withDate) => {
        const header = `influencer_id,impressions,clicks,add_to_cart,purchases,revenue,cost${withDate ? ',date' : ''}\n`;
        outcome(() => withRows(parseEventsCSV(header + body)));
      }),
      { numRuns: 500 },
    );
  });

  it('mutated real files, whole and streamed in random chunks, give the same outcome', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 6 }), async (steps, cuts) => {
        const bytes = mutate(SAMPLE_BYTES, steps);
        const whole = outcome(() => withRows(parseEventsCSV(bytes)));
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((p, i, all) => bytes.subarray(p, all[i + 1] ?? bytes.length));
        async function* source() {
          yield* chunks;
        }
        let streamed: (ParsedEvents & { readonly rows: EventRow[] }) | null = null;
        try {
          streamed = withRows(await readEventsCSV(source()));
        } catch (error) {
          if (!(error instanceof InfluencerFunnelError)) throw error;
        }
        expect(streamed === null ? 'error' : 'report').toBe(whole);
        if (streamed) {
          const again = withRows(parseEventsCSV(bytes));
          expect(streamed.rows).toEqual(again.rows);
          expect(streamed.report).toEqual(again.report);
          // What survives ingest always analyzes without NaN, or, when every row was rejected, is no usable row.
          if (streamed.report.rows > 0 && streamed.report.used === 0) expect(() => analyze(streamed!)).toThrow(/^No usable row: /);
          else expect(nonFinite(analyze(streamed))).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('text chunks cut anywhere give what the whole text gives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { maxLength: 4 }), fc.array(fc.nat(), { maxLength: 8 }), async (steps, cuts) => {
        const text = new TextDecoder().decode(mutate(SAMPLE_BYTES, steps));
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...points].map((p, i, all) => text.slice(p, all[i + 1] ?? text.length));
        async function* source() {
          yield* pieces;
        }
        let a: unknown;
        let b: unknown;
        try {
          a = parseEventsCSV(text);
        } catch (error) {
          a = (error as Error).message;
        }
        try {
          b = await readEventsCSV(source());
        } catch (error) {
          b = (error as Error).message;
        }
        expect(b).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });
});
