/**
 * Refusing outputs that would overwrite an input, or each other, before anything is read.
 * @module
 */
import { CliError } from './cli-error.js';
import { quote } from './quote.js';
import { resolveTarget, sameFile, type Target } from './target.js';

/** A path given on the command line, with the option it came from (`--out`, or `the input`). */
export interface NamedPath {
  readonly option: string;
  readonly path: string;
}

async function identify(path: string): Promise<Target> {
  try {
    return await resolveTarget(path);
  } catch {
    // Cannot be resolved (a permission denied on the way): reading or writing it reports why.
    return { kind: 'new', real: null, id: null, mode: null };
  }
}

/**
 * Throws a {@link CliError} naming both paths when an output names the same file as an input, or
 * as another output. Paths are compared by real path (`./in.csv`, `../dir/in.csv`, a symbolic link
 * to it), through the real parent directory for a file not there yet, and by device and inode
 * (hard links, `/dev/stdout`).
 */
export async function refuseClashes(inputs: readonly NamedPath[], outputs: readonly NamedPath[]): Promise<void> {
  const ins = await Promise.all(inputs.map(async (p) => ({ ...p, target: await identify(p.path) })));
  const outs = await Promise.all(outputs.map(async (p) => ({ ...p, target: await identify(p.path) })));
  for (const [i, out] of outs.entries()) {
    for (const input of ins) {
      if (sameFile(out.target, input.target)) {
        throw new CliError(`${out.option} ${quote(out.path)} is the same file as ${input.option} ${quote(input.path)}: refusing to overwrite an input.`);
      }
    }
    for (const other of outs.slice(0, i)) {
      // Two outputs may both be discarded.
      if (sameFile(out.target, other.target) && out.target.real !== '/dev/null') {
        throw new CliError(`${other.option} ${quote(other.path)} and ${out.option} ${quote(out.path)} are the same file: refusing to write two outputs to one file.`);
      }
    }
  }
}
