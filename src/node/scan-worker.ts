/**
 * Worker thread entry: scans one byte range of a file and posts its partial aggregate and report.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StreamPlan } from '../aggregate/aggregate-events-csv.js';
import { InfluencerFunnelError } from '../contract/errors.js';
import { scanPart } from './aggregate-csv.js';
import type { FileRange } from './read.js';

interface Task {
  readonly path: string;
  readonly range: FileRange;
  readonly plan: StreamPlan;
}

const task = workerData as Task;
let last = 0;
scanPart(task.path, task.range, task.plan, (bytes, rows) => {
  // progress about every 8 MB
  if (bytes - last >= 1 << 23) {
    last = bytes;
    parentPort!.postMessage({ type: 'progress', bytes, rows });
  }
}).then(
  // The accumulator's numbers travel as transferred buffers, not as cloned objects.
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
      details: error instanceof InfluencerFunnelError ? JSON.parse(JSON.stringify(error.details)) : undefined,
    }),
);
