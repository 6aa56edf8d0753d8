import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoPath } from './helpers/csv.js';

// Checks the built package as users import it: ESM and CJS, main entry and subpaths, and the bin.
const root = repoPath('.');
const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });

beforeAll(() => {
  if (!existsSync(repoPath('dist/index.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
}, 120_000);

describe('the built package', () => {
  it('imports from ESM by package name', () => {
    const out = node(['--input-type=module', '-e', "import { ctr, analyze } from 'influencer-funnel'; import { readEventsCSV } from 'influencer-funnel/node'; import { toTable } from 'influencer-funnel/arquero'; console.log(ctr({ impressions: 4, clicks: 1, addToCart: 0, purchases: 0 }), typeof analyze, typeof readEventsCSV, typeof toTable)"]);
    expect(out.trim()).toBe('0.25 function function function');
  });

  it('requires from CommonJS by package name', () => {
    const out = node(['-e', "const { ctr, InfluencerFunnelError } = require('influencer-funnel'); const { readEventsCSV } = require('influencer-funnel/node'); const { fromTable } = require('influencer-funnel/arquero'); console.log(ctr({ impressions: 4, clicks: 1, addToCart: 0, purchases: 0 }), typeof InfluencerFunnelError, typeof readEventsCSV, typeof fromTable)"]);
    expect(out.trim()).toBe('0.25 function function function');
  });

  it('shares error classes between entries (instanceof works across subpaths)', () => {
    const out = node(['--input-type=module', '-e', "import { InfluencerFunnelError } from 'influencer-funnel'; import { readEventsCSV } from 'influencer-funnel/node'; readEventsCSV('/nonexistent.csv').catch((e) => console.log(e instanceof InfluencerFunnelError, e.code))"]);
    expect(out.trim()).toBe('true INVALID_INPUT');
  });

  it('runs the bin', () => {
    expect(node(['dist/cli/main.js', '--help'])).toMatch(/Usage: influencer-funnel report/);
  });
});
