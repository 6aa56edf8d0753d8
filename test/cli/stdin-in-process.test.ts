import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIO } from '../../src/cli/run.js';
import { analyze } from '../../src/pipeline/analyze.js';
import { parseEventsCSV } from '../../src/ingest/parse.js';
import { summaryCSV } from '../../src/pipeline/summary.js';
import { repoPath } from '../helpers/csv.js';

const text = readFileSync(repoPath('examples/data/events.csv'), 'utf8');

async function cli(argv: string[], stdin: CliIO['stdin']) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) }, stdin });
  return { code, stdout, stderr };
}

describe('input - in process (the stdin the caller gives)', () => {
  it('reads text and gzip from the given stdin', async () => {
    const expected = summaryCSV(analyze(parseEventsCSV(text)));
    expect((await cli(['report', '-', '--quiet'], Readable.from([Buffer.from(text)]))).stdout).toBe(expected);
    expect((await cli(['report', '-', '--quiet'], Readable.from([gzipSync(text)]))).stdout).toBe(expected);
  });

  it('says on stderr that it reads the terminal when stdin is one, unless --quiet', async () => {
    const terminal = () => Object.assign(Readable.from([Buffer.from(text)]), { isTTY: true });
    const { code, stderr } = await cli(['report', '-'], terminal());
    expect(code).toBe(0);
    expect(stderr.split('\n')[0]).toBe('influencer-funnel: reading CSV from the terminal; end it with Ctrl-D.');
    expect((await cli(['report', '-', '--quiet'], terminal())).stderr).toBe('');
  });

  it('reports a stdin that cannot be read as one line, exit 1', async () => {
    const failing = new Readable({
      read() {
        this.destroy(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }));
      },
    });
    const { code, stderr } = await cli(['report', '-'], failing);
    expect(code).toBe(1);
    expect(stderr).toBe('influencer-funnel: cannot read stdin: EIO: i/o error, read\n');
  });
});
