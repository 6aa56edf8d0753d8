import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, parseEventsCSV } from '../../src/index.js';
import { migrationFigures } from './migration-figures.js';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The fenced ```ts blocks of a Markdown text. */
function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

describe('docs/testing-custom-schemes.md', () => {
  it('shows exactly the example test file that runs in CI, importing from the package', () => {
    const file = read('./custom-scheme.example.test.ts');
    const asPublished = file.replace("from '../../src/index.js';", "from 'influencer-funnel';");
    expect(asPublished).not.toBe(file);
    expect(tsBlocks(read('../../docs/testing-custom-schemes.md'))).toContain(asPublished);
  });
});

describe('docs/migrating-from-pandas.md', () => {
  const docUrl = new URL('../../docs/migrating-from-pandas.md', import.meta.url);
  const events = parseEventsCSV(read('../../examples/data/events.csv'));

  it('quotes the classic-vs-default figures the library computes on the bundled sample', () => {
    const doc = readFileSync(docUrl, 'utf8');
    const start = '<!-- figures:start -->\n';
    const end = '<!-- figures:end -->';
    const expected = `${start}${migrationFigures(events)}\n${end}`;
    const actual = doc.slice(doc.indexOf(start), doc.indexOf(end) + end.length);
    if (process.env.UPDATE_DOCS === '1' && actual !== expected) writeFileSync(docUrl, doc.replace(actual, expected));
    else expect(actual).toBe(expected);
  });

  it('says what the sample shows about the biggest movers', () => {
    const classic = analyze(events, { preset: 'classic' });
    const recommended = analyze(events);
    const c = (id: string) => classic.influencers.find((i) => i.influencerId === id)!;
    const d = (id: string) => recommended.influencers.find((i) => i.influencerId === id)!;
    expect(d('77').segment).toBe('Mid');
    expect(d('77').purchaseRateShrunk!).toBeGreaterThan(0.2);
    expect(d('77').purchaseRateShrunk!).toBeLessThan(0.3);
    expect(d('77').rpcShrunk!).toBeLessThan(10);
    expect(c('80').rpc!).toBeGreaterThan(d('80').rpc! * 1.5);
    expect(0.3 * Math.max(...classic.influencers.map((i) => i.overallConversion!))).toBeLessThan(0.002);
    const rpcParts = classic.influencers.map((i) => 0.3 * i.rpc!).sort((a, b) => a - b);
    const medianRpcPart = (rpcParts[49]! + rpcParts[50]!) / 2;
    expect(medianRpcPart).toBeGreaterThan(0.4);
    expect(medianRpcPart).toBeLessThan(0.8);
    for (const id of ['89', '94', '54', '84']) expect(c(id).rank! - d(id).rank!).toBeGreaterThanOrEqual(30);
    for (const id of ['41', '65', '47', '59']) expect(d(id).rank! - c(id).rank!).toBeGreaterThanOrEqual(29);
  });
});
