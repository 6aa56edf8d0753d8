/**
 * The CLI's logic, separated from process globals so that tests can run it in-process.
 * @module
 */
import { parseArgs } from 'node:util';
import { analyze } from '../pipeline/analyze.js';
import { summaryCSV } from '../pipeline/summary.js';
import { InfluencerFunnelError } from '../contract/errors.js';
import type { RowReport } from '../ingest/report.js';
import { aggregateEventsCSV, type ScanProgress } from '../node/index.js';
import type { PresetName } from '../scoring/presets.js';
import type { ColumnMapping, Encoding } from '../contract/schema.js';
import type { ScoringScheme } from '../scoring/scoring.js';
import { CliError, UsageError } from './cli-error.js';
import { refuseClashes, type NamedPath } from './clash.js';
import { readJsonFile } from './json-file.js';
import { mappingOfJson, parseMap } from './map.js';
import { checkOutputs, writeOutputs, type Output } from './outputs.js';
import { quote, safeLine } from './quote.js';
import { readScheme } from './scheme.js';
import { resolveTarget } from './target.js';
import { USAGE } from './usage.js';

export { USAGE } from './usage.js';

/**
 * Where the CLI writes. When `stdout.write` returns a promise, the CLI waits for it: a rejection
 * with code `EPIPE` (the reader went away, as with `| head`) ends the run quietly with exit code 0.
 */
export interface CliIO {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean };
  /** What input `-` reads (default: `process.stdin`). */
  readonly stdin?: AsyncIterable<Uint8Array | string> & { readonly isTTY?: boolean };
}

/** `--delimiter`: one character; `tab` or `\\t` for a tab. */
function parseDelimiter(value: string): string {
  const delimiter = value === 'tab' || value === '\\t' ? '\t' : value;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new UsageError(`--delimiter takes one character (",", ";", "|", or tab written tab or \\t), got ${quote(value)}.`);
  }
  return delimiter;
}

const ENCODING_NAMES: Readonly<Record<string, Encoding>> = {
  utf8: 'utf8',
  'utf-8': 'utf8',
  utf16le: 'utf16le',
  'utf-16le': 'utf16le',
  latin1: 'latin1',
  'iso-8859-1': 'latin1',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
};

/** `--encoding`, any case, with the usual spellings (`UTF-8`, `ISO-8859-1`, `cp1252`). */
function parseEncoding(value: string): Encoding {
  const encoding = Object.prototype.hasOwnProperty.call(ENCODING_NAMES, value.toLowerCase()) ? ENCODING_NAMES[value.toLowerCase()] : undefined;
  if (encoding === undefined) throw new UsageError(`--encoding must be utf8, utf16le, latin1 or windows-1252, got ${quote(value)}.`);
  return encoding;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The short input report the CLI prints on stderr: rows read, used and rejected by reason, funnel
 * anomalies kept, blank lines skipped, missing revenue, ids that differ only by case, spaces or Unicode
 * form, and the first rejection with its line.
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
  const near = report.nearDuplicateIds ?? [];
  if (near.length > 0) {
    const groups = report.nearDuplicateIdGroups ?? near.length;
    const shown = near
      .slice(0, 3)
      .map((g) => g.ids.map((id, i) => `${quote(id, 40)} (${plural(g.rows[i]!, 'row')})`).join(' and '))
      .join('; ');
    text +=
      ` ${groups === 1 ? '1 group of ids differs' : `${groups} groups of ids differ`} only by case, spaces or Unicode form, kept apart: ` +
      `${shown}${groups > 3 ? `; and ${groups - 3} more` : ''}.`;
  }
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

/** The options `parseArgs` reads (every one is a line of {@link USAGE}). */
export const OPTIONS = {
  preset: { type: 'string' },
  scheme: { type: 'string' },
  map: { type: 'string', multiple: true },
  'map-file': { type: 'string' },
  'date-format': { type: 'string' },
  delimiter: { type: 'string' },
  encoding: { type: 'string' },
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

const isSystemError = (error: unknown): error is Error & { code: string } =>
  error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!);

/**
 * Stdin as an input that an output could overwrite: when it is a regular file (`< events.csv`), the
 * file it reads; a pipe or a terminal is no file to protect.
 */
async function stdinFile(io: CliIO): Promise<NamedPath[]> {
  if (io.stdin !== undefined || process.platform === 'win32') return [];
  const target = await resolveTarget('/dev/stdin').catch(() => null);
  return target?.kind === 'file' ? [{ option: 'the input (stdin)', path: target.real ?? '/dev/stdin' }] : [];
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
    if (!input) throw new UsageError('report needs an input CSV file (or - for stdin).');
    if (rest.length) throw new UsageError(`unexpected argument ${quote(rest[0]!)}.`);
    const preset = (values.preset ?? 'default') as PresetName;
    if (preset !== 'default' && preset !== 'classic') throw new UsageError(`--preset must be default or classic, got ${quote(preset)}.`);
    const mapped = parseMap(values.map);
    const delimiter = values.delimiter !== undefined ? parseDelimiter(values.delimiter) : undefined;
    const encoding = values.encoding !== undefined ? parseEncoding(values.encoding) : undefined;
    const fromStdin = input === '-';
    const stdin = io.stdin ?? process.stdin;
    // `-` is stdout: the summary's place by default, or the JSON report's with `--json -`.
    const outFile = values.out !== undefined && values.out !== '-' ? values.out : undefined;
    const jsonFile = values.json !== undefined && values.json !== '-' ? values.json : undefined;
    const jsonToStdout = values.json === '-';
    if (jsonToStdout && values.out === '-') throw new UsageError('--out - and --json - both name stdout: write one of them to a file.');
    const outputs: Output[] = [
      ...(outFile !== undefined ? [{ option: '--out', path: outFile }] : []),
      ...(jsonFile !== undefined ? [{ option: '--json', path: jsonFile }] : []),
    ];
    const inputs: NamedPath[] = [
      ...(fromStdin ? await stdinFile(io) : [{ option: 'the input', path: input }]),
      ...(values.scheme !== undefined ? [{ option: '--scheme', path: values.scheme }] : []),
      ...(values['map-file'] !== undefined ? [{ option: '--map-file', path: values['map-file'] }] : []),
    ];
    // Before anything is read: no output over an input or over another output, and every output writable.
    await refuseClashes(inputs, outputs);
    await checkOutputs(outputs);
    // The option files next, so that a bad one stops the run before the data is read.
    const scheme: ScoringScheme | undefined = values.scheme !== undefined ? await readScheme(values.scheme) : undefined;
    const mapFile = values['map-file'];
    const columns: ColumnMapping = { ...(mapFile !== undefined ? mappingOfJson(await readJsonFile(mapFile, '--map-file'), mapFile) : {}), ...mapped };
    const progress = !values.quiet && io.stderr.isTTY === true;
    if (fromStdin && stdin.isTTY === true && !values.quiet) say(io, 'reading CSV from the terminal; end it with Ctrl-D.');
    // Per-influencer totals carry everything the summary needs (money noise included); the JSON report's
    // trend chart also needs totals per influencer and period, so they are summed only for --json.
    const events = await aggregateEventsCSV(fromStdin ? stdin : input, {
      periods: values.json !== undefined,
      rowRates: preset === 'classic',
      columns,
      ...(values['date-format'] !== undefined && { dateFormat: values['date-format'] }),
      ...(delimiter !== undefined && { delimiter }),
      ...(encoding !== undefined && { encoding }),
      ...(progress && { onProgress: progressLine(io.stderr) }),
    }).catch((error: unknown) => {
      if (fromStdin && isSystemError(error)) throw new CliError(`cannot read stdin: ${error.message}`);
      throw error;
    });
    if (progress) io.stderr.write('\r\x1b[K');
    if (values.strict && events.report.rejected > 0) {
      if (!values.quiet) io.stderr.write(`${safeLine(describeInput(events.report, null))}\n`);
      say(io, `${events.report.rejected} row(s) rejected and --strict is set; nothing written.`);
      return 2;
    }
    const report = analyze(events, { preset, ...(scheme && { scoring: scheme }) });
    const csv = summaryCSV(report, values.excel ? { bom: true, newline: '\r\n' } : {});
    // Files first, whole or not at all; then stdout, which may close early (| head) without harm.
    const json = values.json !== undefined ? `${JSON.stringify(report, null, 2)}\n` : '';
    await writeOutputs([
      ...(outFile !== undefined ? [{ option: '--out', path: outFile, text: csv }] : []),
      ...(jsonFile !== undefined ? [{ option: '--json', path: jsonFile, text: json }] : []),
    ]);
    const stdoutText = jsonToStdout ? json : outFile === undefined ? csv : null;
    if (stdoutText !== null && !(await toStdout(io, stdoutText))) return 0;
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
