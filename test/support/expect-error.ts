import { expect } from 'vitest';
import { InfluencerFunnelError } from '../../src/index.js';

/** Runs `fn` and checks it throws an InfluencerFunnelError with this code and a message matching `message`. */
export function expectError(fn: () => unknown, code: string, message: RegExp): InfluencerFunnelError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected an error to be thrown').toBeInstanceOf(InfluencerFunnelError);
  expect((caught as InfluencerFunnelError).code).toBe(code);
  expect((caught as Error).message).toMatch(message);
  return caught as InfluencerFunnelError;
}
