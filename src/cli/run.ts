/**
 * The CLI's logic, separated from process globals so that tests can run it in-process.
 * @module
 */
import { parseArgs } from 'node:util';
import { analyze } from '../analyze.js';
import { summaryCSV } from '../summary.js';
import { InfluencerFunnelError } from '../errors.js';
import { EVENT_FIELDS, FIELDS, type EventField } from '../fields.js';
import type { RowReport } from '../ingest/report.js';
import { aggregateEventsCSV, type ScanProgress } from '../node/index.js';
import type { PresetName } from '../presets.js';
import type { ColumnMapping } from '../schema.js';
import { CliError, UsageError } from './cli-error.js';
import { refuseClashes } from './clash.js';
import { checkOutputs, writeOutputs, type Output } from './outputs.js';
import { quote, safeLine } from './quote.js';

/**
 * Where the CLI writes. When `stdout.write` returns a promise, the CLI waits for it: a rejection
 * with code `EPIPE` (the reader went away, as with `| head`) ends the run quietly with exit code 0.
 */
export interface CliIO {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean };
}

export const USAGE = `Usage: influencer-funnel report <input.csv> [options]

Options:
  --preset default|classic   scoring preset (default: default)
  --map field=column,...     read a field from another column, e.g. --map addToCart=leads,purchases=orders
                             (repeatable; quote names with spaces: --map 'cost=Amount spent')
  --date-format FMT          date format of the date column (default YYYY-MM-DD; also DD-MM-YYYY,
                             MM/DD/YYYY, M/D/YY...)
  --out FILE                 write the summary CSV there (default: stdout)
  --json FILE                write the full report as JSON
  --excel                    write the summary CSV for Excel: UTF-8 byte-order mark and CRLF line ends
  --strict                   exit 2 without writing if any row is rejected
  --quiet                    no input report or progress on stderr
  -h, --help                 show this help
  -v, --version              show the version

Fields: ${EVENT_FIELDS.join(', ')}
Outputs are written whole or not at all, and never over the input.
Exit codes: 0 success, 1 bad usage, unreadable input or an output that cannot be written,
2 rows rejected under --strict.`;

const FIELD_BY_NAME = new Map<string, EventField>(FIELDS.flatMap((f) => [[f.field.toLowerCase(), f.field] as const, [f.column, f.field] as const]));

/** Parses `--map` values (`field=column,...`, repeatable). Fields are camelCase (`addToCart`) or snake_case (`add_to_cart`). */
function parseMap(specs: string | readonly string[] | undefined): ColumnMapping {
  const mapping: Partial<Record<EventField, string>> = {};
  const list = specs === undefined ? [] : typeof specs === 'string' ? [specs] : specs;
  for (const spec of list) {
    if (spec.split(',').every((pair) => pair.trim() === '')) throw new UsageError(`--map takes field=column pairs separated by commas, got ${quote(spec)}.`);
    for (const pair of spec.split(',')) {
      if (pair.trim() === '') continue;
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair.trim() : pair.slice(0, eq).trim();
      const column = eq < 0 ? '' : pair.slice(eq + 1).trim();
      if (eq < 0 || !name || !column) throw new UsageError(`--map takes field=column pairs separated by commas, got ${quote(pair)}.`);
      const field = FIELD_BY_NAME.get(name.toLowerCase());
      if (field === undefined) throw new UsageError(`--map: unknown field ${quote(name)}. Fields: ${EVENT_FIELDS.join(', ')}.`);
      if (Object.prototype.hasOwnProperty.call(mapping, field)) throw new UsageError(`--map: field "${field}" is mapped twice.`);
      mapping[field] = column;
    }
  }
  return mapping;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The short input report the CLI prints on stderr: rows read, used and rejected by reason, funnel
 * anomalies kept, blank lines skipped, missing revenue, and the first rejection with its line.
 *
 * @example
 * ```ts
 * describeInput(report.input, report.influencers.length);
 * // 'Read 3000 rows: 2998 used, 2 rejected (1 negative, 1 not a number). Kept with funnel anomalies: 1 clicks over impressions. 100 influencers. First rejection: line 7, column "clicks": "-3" is negative.'
 * ```
 */
export function describeInput(report: RowReport, influencers: number | null): string {
  const reasons = Object.entries(report.reasons)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${reason.replace(/_/g, ' ')}`);
  const anomalies = Object.entries(report.anomalies)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind.replace(/([A-Z])/g, ' $1').toLowerCase()}`);
  let text = `Read ${plural(report.rows, 'row')}: ${report.used} used, ${report.rejected} rejected`;
  if (reasons.length) text += ` (${reasons.join(', ')})`;
  text += '.';
  if (report.blankLines > 0) text += ` Skipped ${plural(report.blankLines, 'blank line')}.`;
  if (anomalies.length) text += ` Kept with funnel anomalies: ${anomalies.join(', ')}.`;
  const mapped = report.columns.mapped;
  if (report.columns.found.length > 0 && !Object.prototype.hasOwnProperty.call(mapped, 'revenue')) {
    text += ' No revenue column: revenue metrics are empty.';
  }
  if (influencers !== null) text += ` ${plural(influencers, 'influencer')}.`;
  const first = report.errors[0];
  if (first) text += ` First rejection: ${first.message}.`;
  return text;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/**
 * A progress writer for a terminal: one line rewritten in place with bytes read (and the share of
 * the file), rows and rows per second, at most ten times a second.
 */
export function progressLine(stream: { write(chunk: string): unknown }, now: () => number = Date.now): (p: ScanProgress) => void {
  const started = now();
  let last = -Infinity;
  return (p) => {
    const t = now();
    if (t - last < 100 && p.bytes !== p.totalBytes) return;
    last = t;
    const seconds = (t - started) / 1000;
    const rate = seconds > 0 ? Math.round(p.rows / seconds).toLocaleString('en-US') : '-';
    const share = p.totalBytes ? ` of ${mb(p.totalBytes)} MB (${Math.floor((100 * p.bytes) / p.totalBytes)}%)` : ' MB';
    stream.write(`\rread ${mb(p.bytes)}${share}, ${p.rows.toLocaleString('en-US')} rows, ${rate} rows/s\x1b[K`);
  };
}

const OPTIONS = {
  preset: { type: 'string' },
  map: { type: 'string', multiple: true },
  'date-format': { type: 'string' },
  out: { type: 'string' },
  json: { type: 'string' },
  strict: { type: 'boolean' },
  excel: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Reads the arguments; an empty value or a single-valued option given twice is bad usage, not a silent default. */
function parseArgv(argv: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, tokens: true, options: OPTIONS });
  } catch (error) {
    // The parser's messages span lines; the CLI's are one.
    throw new UsageError(String((error as Error).message).replace(/\s*\n\s*/g, ' '));
  }
  const seen = new Map<string, string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    if (token.value === '') throw new UsageError(`${token.rawName} needs a value, got an empty string.`);
    const multiple = (OPTIONS as Record<string, { multiple?: boolean }>)[token.name]?.multiple === true;
    const before = seen.get(token.name);
    if (!multiple && before !== undefined) {
      throw new UsageError(`--${token.name} is given twice (${quote(before)} and ${quote(token.value)}); give it once.`);
    }
    seen.set(token.name, token.value);
  }
  return parsed;
}

const isEpipe = (error: unknown): boolean => error instanceof Error && (error as NodeJS.ErrnoException).code === 'EPIPE';

/** Writes to stdout and waits when the writer returns a promise; false when stdout is closed (EPIPE). */
async function toStdout(io: CliIO, text: string): Promise<boolean> {
  try {
    await io.stdout.write(text);
    return true;
  } catch (error) {
    if (isEpipe(error)) return false;
    throw new CliError(`cannot write to stdout: ${safeLine(error instanceof Error ? error.message : String(error))}`);
  }
}

/** One message line on stderr, cut and with control characters escaped. */
const say = (io: CliIO, message: string): void => {
  io.stderr.write(`influencer-funnel: ${safeLine(message)}\n`);
};

/** Runs the CLI; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIO, version = '0.0.0'): Promise<number> {
  try {
    const { values, positionals } = parseArgv(argv);
    if (values.help || values.version) {
      await toStdout(io, values.help ? `${USAGE}\n` : `${version}\n`);
      return 0;
    }
    const [command, input, ...rest] = positionals;
    if (command !== 'report') throw new UsageError(command ? `unknown command ${quote(command)}.` : 'missing command.');
    if (!input) throw new UsageError('report needs an input CSV file.');
    if (rest.length) throw new UsageError(`unexpected argument ${quote(rest[0]!)}.`);
    const preset = (values.preset ?? 'default') as PresetName;
    if (preset !== 'default' && preset !== 'classic') throw new UsageError(`--preset must be default or classic, got ${quote(preset)}.`);
    const columns = parseMap(values.map);
    const outputs: Output[] = [
      ...(values.out !== undefined ? [{ option: '--out', path: values.out }] : []),
      ...(values.json !== undefined ? [{ option: '--json', path: values.json }] : []),
    ];
    // Before anything is read: no output over the input or over another output, and every output writable.
    await refuseClashes([{ option: 'the input', path: input }], outputs);
    await checkOutputs(outputs);
    const progress = !values.quiet && io.stderr.isTTY === true;
    // Per-influencer totals carry everything the summary needs (money noise included); the JSON report's
    // trend chart also needs totals per influencer and period, so they are summed only for --json.
    const events = await aggregateEventsCSV(input, {
      periods: values.json !== undefined,
      rowRates: preset === 'classic',
      columns,
      ...(values['date-format'] !== undefined && { dateFormat: values['date-format'] }),
      ...(progress && { onProgress: progressLine(io.stderr) }),
    });
    if (progress) io.stderr.write('\r\x1b[K');
    if (values.strict && events.report.rejected > 0) {
      if (!values.quiet) io.stderr.write(`${safeLine(describeInput(events.report, null))}\n`);
      say(io, `${events.report.rejected} row(s) rejected and --strict is set; nothing written.`);
      return 2;
    }
    const report = analyze(events, { preset });
    const csv = summaryCSV(report, values.excel ? { bom: true, newline: '\r\n' } : {});
    // Files first, whole or not at all; then stdout, which may close early (| head) without harm.
    await writeOutputs([
      ...(values.out !== undefined ? [{ option: '--out', path: values.out, text: csv }] : []),
      ...(values.json !== undefined ? [{ option: '--json', path: values.json, text: `${JSON.stringify(report, null, 2)}\n` }] : []),
    ]);
    if (values.out === undefined && !(await toStdout(io, csv))) return 0;
    if (!values.quiet) io.stderr.write(`${safeLine(describeInput(report.input, report.influencers.length))}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      say(io, error.message);
      io.stderr.write(`\n${USAGE}\n`);
      return 1;
    }
    if (error instanceof CliError) {
      say(io, error.message);
      return 1;
    }
    if (error instanceof InfluencerFunnelError) {
      say(io, error.message);
      return error.code === 'STRICT_REJECTED' ? 2 : 1;
    }
    throw error;
  }
}
