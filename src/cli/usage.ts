/**
 * The CLI's help text: every option on one line, and the exit codes.
 * @module
 */
import { EVENT_FIELDS } from '../contract/fields.js';

export const USAGE = `Usage: influencer-funnel report <input.csv|-> [options]

Reads events CSV from a file, a pipe or a FIFO, or stdin with -; gzip is recognised by its first bytes
and decompressed. Writes the summary CSV to stdout (or --out) and a short input report to stderr.

Options:
  --preset default|classic   scoring preset (default: default)
  --scheme FILE              scoring scheme as JSON {"metrics": [...], "missing": ...}, instead of the preset's
  --map field=column,...     read fields from other columns (repeatable); a name with a comma: cost="Spend, USD"
  --map-file FILE            JSON object of field -> column name; --map wins for a field in both
  --date-format FMT          date column format: YYYY-MM-DD (default), DD-MM-YYYY, MM/DD/YYYY, M/D/YY...
  --delimiter C              field delimiter: , ; | or tab (default: the one the header line uses)
  --encoding NAME            utf8 (default; UTF-16 by its byte-order mark), utf16le, latin1, windows-1252
  --out FILE                 write the summary CSV there (default, or -: stdout)
  --json FILE                write the full report as JSON; - puts it on stdout instead of the summary
  --excel                    write the summary CSV for Excel: UTF-8 byte-order mark and CRLF line ends
  --strict                   exit 2 without writing anything if any row is rejected
  --quiet                    no input report or progress on stderr
  -h, --help                 show this help and exit
  -v, --version              print the version and exit

Fields: ${EVENT_FIELDS.join(', ')}
Outputs are written whole or not at all, and never over an input.

Exit codes:
  0  success (a closed stdout, as with | head, too)
  1  bad usage, an unreadable input or option file, no usable row, or an output that cannot be written
  2  rows rejected under --strict (nothing written)`;
