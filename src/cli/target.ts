/**
 * What a path on the command line names, with symbolic links and `..` resolved: the file an input
 * is read from, or the file an output will replace.
 * @module
 */
import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** A path resolved to the file it names. */
export interface Target {
  /**
   * `file`: an existing regular file; `new`: nothing there yet (or a dangling link); `directory`;
   * `special`: a device, FIFO or socket (`/dev/null`, `/dev/stdout`, a named pipe), written in place.
   */
  readonly kind: 'file' | 'new' | 'directory' | 'special';
  /** The real path (links and `..` resolved; for `new`, through its nearest existing ancestor), when there is one. */
  readonly real: string | null;
  /** Device and inode of an existing file (hard links and magic links such as `/dev/stdout` compare equal). */
  readonly id: string | null;
  /** Permission bits of an existing file. */
  readonly mode: number | null;
}

const isCode = (error: unknown, ...codes: string[]): boolean =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' && codes.includes(error.code);

/**
 * Resolves `path` (relative to the working directory). An existing path is resolved with
 * `realpath`; a missing one through the real path of its nearest existing ancestor, and a dangling
 * symbolic link through the file it points to (which writing would create). Errors other than
 * "not there" (a permission denied on the way) are thrown.
 */
export async function resolveTarget(path: string): Promise<Target> {
  let absolute = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      if (!isCode(error, 'ENOENT', 'ENOTDIR')) throw error;
      // Missing, or a dangling link: follow the link by hand to where a file would be created.
      const link = await lstat(absolute).catch((e: unknown) => (isCode(e, 'ENOENT', 'ENOTDIR') ? null : Promise.reject(e)));
      if (link?.isSymbolicLink()) {
        absolute = resolve(dirname(absolute), await readlink(absolute));
        continue;
      }
      return { kind: 'new', real: await throughAncestor(absolute), id: null, mode: null };
    }
    const id = `${info.dev}:${info.ino}`;
    const kind = info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'special';
    // A pipe behind /dev/stdout has no real path; its device and inode still identify it.
    const real = await realpath(absolute).catch(() => null);
    return { kind, real, id, mode: info.mode & 0o777 };
  }
  const error = new Error(`ELOOP: too many symbolic links, stat '${path}'`) as Error & { code: string };
  error.code = 'ELOOP';
  throw error;
}

/** The real path of a path that does not exist: its nearest existing ancestor's real path, joined with the rest. */
async function throughAncestor(absolute: string): Promise<string> {
  const rest: string[] = [];
  let dir = absolute;
  for (;;) {
    const parent = dirname(dir);
    rest.unshift(basename(dir));
    if (parent === dir) return absolute;
    dir = parent;
    try {
      return join(await realpath(dir), ...rest);
    } catch (error) {
      if (!isCode(error, 'ENOENT', 'ENOTDIR')) throw error;
    }
  }
}

/** Whether two resolved paths name the same file. */
export function sameFile(a: Target, b: Target): boolean {
  return (a.id !== null && a.id === b.id) || (a.real !== null && a.real === b.real);
}
