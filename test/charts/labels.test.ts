import { describe, expect, it } from 'vitest';
import { METRIC_LABELS, METRIC_NAMES, metricLabel } from '../../src/index.js';

describe('metricLabel', () => {
  it('labels every funnel metric', () => {
    for (const name of METRIC_NAMES) expect(METRIC_LABELS[name]).toBeTypeOf('string');
    expect(metricLabel('atcRate')).toBe('Add-to-cart rate');
  });

  it('spells out other camelCase or snake_case names', () => {
    expect(metricLabel('engagementRate')).toBe('Engagement rate');
    expect(metricLabel('campaign_type')).toBe('Campaign type');
    expect(metricLabel('toString')).toBe('To string');
  });
});
