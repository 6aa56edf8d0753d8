// The README's examples run as written: its TypeScript blocks against the library's sources (imports of
// 'influencer-funnel' resolved to them), its command-line blocks through the built CLI, each in a fresh
// folder holding the bundled sample. The first block (install and test commands) is what CI itself runs.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, parseEventsCSV, summaryCSV } from '../../src/index.js';
import { CLI, ensureBuilt } from '../cli/built-cli.js';
import { repoPath } from '../helpers/csv.js';

const readme = readFileSync(repoPath('README.md'), 'utf8');
const blocks = (lang: string) => [...readme.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1]!);
const work = mkdtempSync(join(tmpdir(), 'if-readme-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A fresh folder with the sample where the README expects it. */
function folder(name: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'examples', 'data'), { recursive: true });
  cpSync(repoPath('examples/data/events.csv'), join(dir, 'examples', 'data', 'events.csv'));
  return dir;
}

describe('README.md', () => {
  it('has TypeScript examples that run as written', async () => {
    const code = blocks('ts');
    expect(code.length).toBeGreaterThan(0);
    for (const [k, block] of code.entries()) {
      const dir = folder(`ts-${k}`);
      const source = block
        .replace(/from 'influencer-funnel\/node'/g, `from ${JSON.stringify(repoPath('src/node/index.ts'))}`)
        .replace(/from 'influencer-funnel'/g, `from ${JSON.stringify(repoPath('src/index.ts'))}`);
      writeFileSync(join(dir, 'example.ts'), source);
      // Bundled into the repository's out/ folder, so that its dependencies resolve from node_modules.
      const bundle = repoPath(`out/readme/example-${process.pid}-${k}.mjs`);
      await build({ entryPoints: [join(dir, 'example.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'esm', packages: 'external', absWorkingDir: repoPath('.'), logLevel: 'silent' });
      execFileSync(process.execPath, [bundle], { cwd: dir, stdio: 'pipe' });
      rmSync(bundle);
      if (block.includes("'summary.csv'")) {
        const want = summaryCSV(analyze(parseEventsCSV(readFileSync(repoPath('examples/data/events.csv')))));
        expect(readFileSync(join(dir, 'summary.csv'), 'utf8')).toBe(want);
      }
    }
  });

  it('has command lines that run as written through the built CLI', () => {
    ensureBuilt();
    const [install, ...rest] = blocks('sh');
    expect(install).toContain('npm test');
    expect(rest.length).toBeGreaterThan(0);
    for (const [k, block] of rest.entries()) {
      const dir = folder(`sh-${k}`);
      const script = block.replace(/npx influencer-funnel/g, `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`);
      execFileSync('sh', ['-e', '-c', script], { cwd: dir, stdio: 'pipe' });
      for (const output of [...block.matchAll(/--(?:out|json) (\S+)/g)].map((m) => m[1]!)) expect(existsSync(join(dir, output)), output).toBe(true);
    }
  });
});
