// Vitest global setup: a PostgreSQL server for the SQL tests. With PGHOST set (CI may start one),
// the tests use that server. Otherwise this starts a throwaway cluster from Debian's postgresql
// package (scripts/install-system-deps.sh installs it): initdb and pg_ctl in a fresh temporary
// directory, run as the `postgres` OS user when the tests run as root (initdb refuses root),
// listening only on a Unix socket in that directory; teardown stops it and removes the directory.
// It starts only when the run includes a SQL test file. If it cannot start, the tests that need it
// fail with the reason (the other tests run as usual).
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/** Where the tests find PostgreSQL: connection settings, or why there is none. */
export interface PostgresTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  readonly password?: string;
  /** Set when no server could be started: the tests that need one fail with it. */
  readonly error?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresTarget;
  }
}

const PORT = 5432;

/** The directory of initdb and pg_ctl: PG_BINDIR, else the newest /usr/lib/postgresql/<version>/bin, else PATH. */
function binDir(): string | null {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(root, versions[0]!, 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return which.status === 0 ? join(which.stdout.trim(), '..') : null;
}

/** Runs a PostgreSQL program, as the `postgres` user when this process is root; throws with its output on failure. */
function run(asUser: string | null, program: string, args: readonly string[]): void {
  const [command, argv] = asUser === null ? [program, args] : ['runuser', ['-u', asUser, '--', program, ...args]];
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() || String(result.error ?? `exit ${result.status}`);
    throw new Error(`${[program, ...args].join(' ')} failed: ${output}`);
  }
}

/** Starts a cluster in a fresh directory; returns its target and how to stop it. */
function startCluster(): { target: PostgresTarget; stop: () => void } {
  const bin = binDir();
  if (bin === null) {
    throw new Error("PostgreSQL is not installed: run scripts/install-system-deps.sh (Debian's postgresql package), or set PGHOST to a running server.");
  }
  const root = process.getuid?.() === 0;
  const user = root ? 'postgres' : null;
  const dir = mkdtempSync(join(tmpdir(), 'influencer-funnel-pg-'));
  const data = join(dir, 'data');
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const stop = () => {
    if (existsSync(join(data, 'postmaster.pid'))) {
      spawnSync(user === null ? join(bin, 'pg_ctl') : 'runuser', user === null ? ['-D', data, '-m', 'immediate', '-w', 'stop'] : ['-u', user, '--', join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'], {
        stdio: 'ignore',
        timeout: 60_000,
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const dbUser = root ? 'postgres' : (process.env.USER ?? 'postgres');
    run(user, join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', dbUser, '-E', 'UTF8', '--locale=C', '--no-sync']);
    const options = `-c listen_addresses='' -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -p ${PORT}`;
    try {
      run(user, join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
    } catch (error) {
      const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8').trim().split('\n').slice(-5).join('\n') : '';
      throw new Error(`${(error as Error).message}${log ? `\nserver log:\n${log}` : ''}`);
    }
    return { target: { host: dir, port: PORT, user: dbUser, database: 'postgres' }, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** Whether the run includes a test file that needs PostgreSQL (the SQL tests live in test/sql.test.ts and test/sql/). */
async function runNeedsPostgres(project: TestProject): Promise<boolean> {
  // The file filters of the command line; without them, every test file of the project.
  const filters = (project.vitest as { filenamePattern?: string[] }).filenamePattern;
  const { testFiles } = await project.globTestFiles(filters?.length ? filters : undefined);
  return testFiles.some((file) => /[\\/]test[\\/]sql([\\/]|\.test\.ts$)/.test(file));
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  if (process.env.PGHOST) {
    project.provide('postgres', {
      host: process.env.PGHOST,
      port: Number(process.env.PGPORT ?? PORT),
      user: process.env.PGUSER ?? process.env.USER ?? 'postgres',
      database: process.env.PGDATABASE ?? 'postgres',
      ...(process.env.PGPASSWORD !== undefined && { password: process.env.PGPASSWORD }),
    });
    return undefined;
  }
  if (!(await runNeedsPostgres(project))) {
    project.provide('postgres', { host: '', port: 0, user: '', database: '', error: 'PostgreSQL was not started: no SQL test file was selected when the run began.' });
    return undefined;
  }
  let cluster: ReturnType<typeof startCluster>;
  try {
    cluster = startCluster();
  } catch (error) {
    project.provide('postgres', { host: '', port: 0, user: '', database: '', error: `Could not start PostgreSQL for the tests: ${(error as Error).message}` });
    return undefined;
  }
  project.provide('postgres', cluster.target);
  // Stops the server if the run ends without teardown (an interrupted run).
  const onExit = () => cluster.stop();
  process.once('exit', onExit);
  return () => {
    process.off('exit', onExit);
    cluster.stop();
  };
}
