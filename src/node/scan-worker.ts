/**
 * Worker thread entry: scans one byte range of a file and posts its partial aggregate and report.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InfluencerFunnelError } from '../errors.js';
import { scanFileRaw, type FileRange } from './read.js';
import type { ScanSettings } from './scan.js';

interface Task {
  readonly path: string;
  readonly range: FileRange;
  readonly settings: ScanSettings;
}

const task = workerData as Task;
let last = 0;
scanFileRaw(task.path, task.range, task.settings, (bytes, rows) => {
  // progress about every 8 MB
  if (bytes - last >= 1 << 23) {
    last = bytes;
    parentPort!.postMessage({ type: 'progress', bytes, rows });
  }
}).then(
  // The accumulator's numbers travel as one transferred buffer, not as cloned objects.
  (result) => {
    const { raw, periodsRaw } = result;
    const cells = periodsRaw ? periodsRaw.tables.flatMap((t) => [t.influencer, t.start, t.d]) : [];
    const buffers = [raw.d, raw.idCodes, ...raw.dimCodes, raw.firstDate, raw.lastDate, raw.latestFollowersDate, ...cells].map((a) => a.buffer as ArrayBuffer);
    parentPort!.postMessage({ type: 'done', result }, buffers);
  },
  (error: unknown) =>
    parentPort!.postMessage({
      type: 'error',
      name: error instanceof Error ? error.name : 'Error',
      message: error instanceof Error ? error.message : String(error),
      code: error instanceof InfluencerFunnelError ? error.code : undefined,
    }),
);
