import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, runBuilt, SAMPLE, STACK_FRAME, tempFiles } from './built-cli.js';

// Through the built CLI: outputs never land on an input or on each other, are written whole or
// not at all, and every refusal is one line naming the option.
const dir = mkdtempSync(join(tmpdir(), 'if-cli-outputs-'));
beforeAll(ensureBuilt, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** A fresh directory holding a copy of the sample as `in.csv`. */
function workdir(): string {
  const at = join(dir, `w${n++}`);
  mkdirSync(at);
  copyFileSync(SAMPLE, join(at, 'in.csv'));
  return at;
}

const original = readFileSync(SAMPLE);
const oneLine = (stderr: string) => stderr.trimEnd().split('\n');

describe('outputs over inputs or over each other', () => {
  it.each([
    ['--out', 'in.csv'],
    ['--json', 'in.csv'],
    ['--out', './in.csv'],
    ['--json', '../INPUTDIR/in.csv'],
    ['--out', 'link.csv'],
    ['--json', 'hard.csv'],
    ['--out', 'linkdir/in.csv'],
  ])('refuses %s %s naming the input, and leaves the input as it was', async (option, value) => {
    const at = workdir();
    symlinkSync('in.csv', join(at, 'link.csv'));
    linkSync(join(at, 'in.csv'), join(at, 'hard.csv'));
    symlinkSync('.', join(at, 'linkdir'));
    const path = value.replace('INPUTDIR', at.split('/').pop()!);
    const { code, stdout, stderr } = await runBuilt(['report', 'in.csv', option, path], { cwd: at });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(oneLine(stderr)).toHaveLength(1);
    expect(stderr).toContain(`${option} "${path}" is the same file as the input "in.csv"`);
    expect(readFileSync(join(at, 'in.csv'))).toEqual(original);
  });

  it('refuses before reading anything: an input FIFO nobody writes to is never opened', async () => {
    const at = workdir();
    execFileSync('mkfifo', [join(at, 'fifo.csv')]);
    const { code, stderr } = await runBuilt(['report', 'fifo.csv', '--json', 'fifo.csv'], { cwd: at });
    expect(code).toBe(1);
    expect(stderr).toContain('--json "fifo.csv" is the same file as the input "fifo.csv"');
  });

  it.each([
    [['--json', 'x', '--out', 'x']],
    [['--out', 'sub/../x', '--json', 'x']],
    [['--out', 'new/a.csv', '--json', 'linknew/a.csv']],
    [['--out', 'old.csv', '--json', 'oldlink.csv']],
  ])('refuses two outputs to one file %j, writing neither', async (args) => {
    const at = workdir();
    mkdirSync(join(at, 'new'));
    symlinkSync('new', join(at, 'linknew'));
    writeFileSync(join(at, 'old.csv'), 'previous\n');
    symlinkSync('old.csv', join(at, 'oldlink.csv'));
    const { code, stderr } = await runBuilt(['report', 'in.csv', ...args], { cwd: at });
    expect(code).toBe(1);
    expect(oneLine(stderr)).toHaveLength(1);
    expect(stderr).toMatch(/^influencer-funnel: --(out|json) ".+" and --(out|json) ".+" are the same file: refusing to write two outputs to one file\.\n$/);
    expect(stderr).toContain('--out');
    expect(stderr).toContain('--json');
    expect(existsSync(join(at, 'x'))).toBe(false);
    expect(existsSync(join(at, 'new', 'a.csv'))).toBe(false);
    expect(readFileSync(join(at, 'old.csv'), 'utf8')).toBe('previous\n');
  });

  it('still writes two different files, and the same /dev/null twice', async () => {
    const at = workdir();
    expect((await runBuilt(['report', 'in.csv', '--out', 's.csv', '--json', 'r.json', '--quiet'], { cwd: at })).code).toBe(0);
    expect((await runBuilt(['report', 'in.csv', '--out', '/dev/null', '--json', '/dev/null', '--quiet'], { cwd: at })).code).toBe(0);
  });
});

describe('outputs written whole or not at all', () => {
  const previous = (at: string) => {
    writeFileSync(join(at, 's.csv'), 'previous summary\n');
    writeFileSync(join(at, 'r.json'), '{"previous":true}\n');
  };

  it.each([
    ['a directory', (at: string) => mkdirSync(join(at, 'r.json')), 'is a directory'],
    ['a read-only file', (at: string) => (writeFileSync(join(at, 'r.json'), '{"previous":true}\n'), chmodSync(join(at, 'r.json'), 0o444)), 'permission denied (read-only file)'],
  ])('when --json is %s, keeps the previous summary and exits 1 naming --json', async (_, setUp, reason) => {
    const at = workdir();
    previous(at);
    rmSync(join(at, 'r.json'));
    setUp(at);
    const { code, stderr } = await runBuilt(['report', 'in.csv', '--out', 's.csv', '--json', 'r.json'], { cwd: at });
    expect(code).toBe(1);
    expect(stderr).toBe(`influencer-funnel: --json: cannot write "r.json": ${reason}\n`);
    expect(readFileSync(join(at, 's.csv'), 'utf8')).toBe('previous summary\n');
    expect(tempFiles(at)).toEqual([]);
  });

  it('when a device fails mid-way (/dev/full), renames nothing and removes every temporary file', async () => {
    const at = workdir();
    previous(at);
    const { code, stderr } = await runBuilt(['report', 'in.csv', '--out', 's.csv', '--json', '/dev/full'], { cwd: at });
    expect(code).toBe(1);
    expect(stderr).toBe('influencer-funnel: --json: cannot write "/dev/full": no space left on device\n');
    expect(readFileSync(join(at, 's.csv'), 'utf8')).toBe('previous summary\n');
    expect(tempFiles(at)).toEqual([]);
  });

  it('creates missing directories for an output, and removes them again when another output fails', async () => {
    const at = workdir();
    mkdirSync(join(at, 'taken'));
    const failed = await runBuilt(['report', 'in.csv', '--out', 'a/b/s.csv', '--json', 'taken'], { cwd: at });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe('influencer-funnel: --json: cannot write "taken": is a directory\n');
    expect(existsSync(join(at, 'a'))).toBe(false);
    expect((await runBuilt(['report', 'in.csv', '--out', 'a/b/s.csv', '--quiet'], { cwd: at })).code).toBe(0);
    expect(readFileSync(join(at, 'a/b/s.csv'), 'utf8')).toMatch(/^influencer_id,/);
  });

  it('replaces complete outputs, keeps a replaced file’s permissions and a link to the output, and leaves no temporary file', async () => {
    const at = workdir();
    previous(at);
    chmodSync(join(at, 's.csv'), 0o600);
    mkdirSync(join(at, 'reports'));
    symlinkSync('reports/report.json', join(at, 'r-link.json'));
    const { code, stdout } = await runBuilt(['report', 'in.csv', '--out', 's.csv', '--json', 'r-link.json', '--quiet'], { cwd: at });
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(readFileSync(join(at, 's.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(101);
    expect(statSync(join(at, 's.csv')).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(at, 'r-link.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(at, 'reports/report.json'), 'utf8')).input.rows).toBe(3000);
    expect(tempFiles(at)).toEqual([]);
    expect(tempFiles(join(at, 'reports'))).toEqual([]);
  });

  it('writes a device in place: --out /dev/stdout through a shell pipe is the summary', () => {
    // (Through a pipe as in a shell: a socket, which is what spawn gives, cannot be opened by name.)
    const stdout = execFileSync('sh', ['-c', `"${process.execPath}" "${CLI}" report "${SAMPLE}" --out /dev/stdout --quiet | cat`], { encoding: 'utf8' });
    expect(stdout.trimEnd().split('\n')).toHaveLength(101);
    expect(tempFiles('/dev')).toEqual([]);
  });

  it('removes temporary files a killed run left (its process is gone), and no others', async () => {
    const at = workdir();
    const stale = '.s.csv.999999999.0123456789ab.tmp';
    const alive = `.s.csv.${process.pid}.0123456789ab.tmp`;
    const other = '.s.csv.999999999.notours.tmp';
    for (const name of [stale, alive, other]) writeFileSync(join(at, name), 'partial');
    expect((await runBuilt(['report', 'in.csv', '--out', 's.csv', '--quiet'], { cwd: at })).code).toBe(0);
    expect(existsSync(join(at, stale))).toBe(false);
    expect(existsSync(join(at, alive))).toBe(true);
    expect(existsSync(join(at, other))).toBe(true);
  });
});

describe('empty values and output errors', () => {
  it.each([
    [['--out', ''], '--out needs a value, got an empty string.'],
    [['--out='], '--out needs a value, got an empty string.'],
    [['--json', ''], '--json needs a value, got an empty string.'],
    [['--date-format', ''], '--date-format needs a value, got an empty string.'],
    [['--map', ''], '--map needs a value, got an empty string.'],
    [['--map', ' , '], '--map takes field=column pairs separated by commas, got " , ".'],
    [['--out', 'a.csv', '--out', 'b.csv'], '--out is given twice ("a.csv" and "b.csv"); give it once.'],
  ])('refuses %j with a usage error, writing nothing', async (args, message) => {
    const at = workdir();
    const { code, stdout, stderr } = await runBuilt(['report', 'in.csv', ...args], { cwd: at });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe(`influencer-funnel: ${message}`);
    expect(stderr).toContain('Usage: influencer-funnel report');
    expect(existsSync(join(at, 'a.csv')) || existsSync(join(at, 'b.csv'))).toBe(false);
  });

  it.each([
    [['--json', 'x/'], (at: string) => mkdirSync(join(at, 'x')), '--json: cannot write "x/": is a directory'],
    [['--out', 'nodir/'], () => {}, '--out: cannot write "nodir/": is a directory'],
    [['--out', 'in.csv/s.csv'], () => {}, 'is not a directory'],
    [['--json', 'ghost/r.json'], (at: string) => symlinkSync('/nonexistent/if-cli', join(at, 'ghost')), '--json: cannot write "ghost/r.json": no such file or directory'],
    [['--out', `${'d'.repeat(300)}/s.csv`], () => {}, 'file name too long'],
  ])('names the option of an output that cannot be written: %j', async (args, setUp, message) => {
    const at = workdir();
    setUp(at);
    const { code, stderr } = await runBuilt(['report', 'in.csv', ...args], { cwd: at });
    expect(code).toBe(1);
    expect(oneLine(stderr)).toHaveLength(1);
    expect(stderr).toMatch(/^influencer-funnel: --(out|json): cannot write /);
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it.runIf(process.getuid?.() === 0)('names the option when the directory is not writable (EACCES, run as nobody)', async () => {
    const at = workdir();
    const locked = join(at, 'locked');
    mkdirSync(locked, { mode: 0o755 });
    chmodSync(dir, 0o755);
    chmodSync(at, 0o755);
    const { code, stderr } = await runBuilt(['report', join(at, 'in.csv'), '--json', join(locked, 'r.json')], { cwd: at, uid: 65534, gid: 65534 });
    expect(code).toBe(1);
    expect(stderr).toBe(`influencer-funnel: --json: cannot write "${join(locked, 'r.json')}": permission denied (cannot create files in "${locked}")\n`);
  });
});
