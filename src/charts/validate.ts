/**
 * Option checks shared by the chart shapes.
 * @module
 */
import { InvalidInputError, InvalidOptionsError } from '../contract/errors.js';

/** Checks that `labels` is an array of distinct strings. */
export function checkLabels(labels: unknown, name = 'labels'): readonly string[] {
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) {
    throw new InvalidOptionsError(`\`${name}\` must be an array of strings (the segment labels, lowest first).`, [{ path: name, message: 'expected an array of strings' }]);
  }
  if (new Set(labels).size !== labels.length) {
    throw new InvalidOptionsError(`\`${name}\` names a label twice.`, [{ path: name, message: 'duplicate label' }]);
  }
  return labels as readonly string[];
}

/** Checks that `rows` is an array. */
export function checkRows(rows: unknown, fn: string): void {
  if (!Array.isArray(rows)) throw new InvalidInputError(`${fn} requires an array of rows.`);
}

/** Checks that a non-empty `rows` has at least one row carrying `field` (catches typos in metric names). */
export function checkField(rows: readonly object[], field: string, fn: string): void {
  if (typeof field !== 'string' || field === '') {
    throw new InvalidOptionsError(`${fn}: a metric must be a field name.`, [{ path: 'metric', message: 'expected a field name' }]);
  }
  if (rows.length > 0 && !rows.some((row) => row !== null && typeof row === 'object' && field in row)) {
    const found = rows[0] ? Object.keys(rows[0]).join(', ') : '';
    throw new InvalidOptionsError(`${fn}: no row has a field "${field}". Fields of the first row: ${found}.`, [{ path: 'metric', message: `unknown field "${field}"` }]);
  }
}

export { finiteOrNull } from '../base/nulls.js';
