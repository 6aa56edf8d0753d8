#!/bin/sh
# An Observable Framework data loader (src/data/report.json.sh): the full report as JSON on stdout,
# for the charts (report.charts.*): `--json -` puts the report on stdout instead of the summary CSV.
# (Not --json /dev/stdout: Framework, like any Node parent, hands loaders a socket there, which
# cannot be opened by name.)
#
# In your project:   exec npx influencer-funnel report data/events.csv --quiet --json -
# Here it runs the repository's build on the bundled sample (npm run build first).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
exec node "$root/dist/cli/main.js" report "$root/examples/data/events.csv" --quiet --json -
