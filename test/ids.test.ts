import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareIds, compareText } from '../src/base/ids.js';

/** The ordering rule written out directly: digit ids by number (then text), before other ids by code units. */
function reference(a: string, b: string): number {
  const digits = /^[0-9]+$/;
  const an = digits.test(a);
  const bn = digits.test(b);
  if (an && bn) {
    const x = BigInt(a);
    const y = BigInt(b);
    if (x !== y) return x < y ? -1 : 1;
  } else if (an !== bn) {
    return an ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

const id = fc.oneof(
  fc.stringMatching(/^0{0,3}[0-9]{0,25}$/),
  fc.constantFrom('', '0', '00', '7', '007', '10', '9', 'a', 'B', 'zoë', '٣', '1a', ' 1', '1 ', '-1', '+1', '1e3'),
  fc.string({ maxLength: 6 }),
);

describe('compareIds', () => {
  it('orders digit ids numerically before other ids, and everything else by code units (property)', () => {
    fc.assert(
      fc.property(id, id, (a, b) => {
        expect(Math.sign(compareIds(a, b))).toBe(reference(a, b));
        expect(Math.sign(compareIds(b, a))).toBe(-reference(a, b) || 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts as documented, long numbers included', () => {
    expect(['10', '9', 'b', '2', 'a'].sort(compareIds)).toEqual(['2', '9', '10', 'a', 'b']);
    expect(['007', '7', '0', '00', '12345678901234567890', '9007199254740993', '9007199254740992'].sort(compareIds)).toEqual([
      '0',
      '00',
      '007',
      '7',
      '9007199254740992',
      '9007199254740993',
      '12345678901234567890',
    ]);
  });

  it('compares text with null last', () => {
    expect(['b', null, 'a'].sort(compareText)).toEqual(['a', 'b', null]);
  });
});
