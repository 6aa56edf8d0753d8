#!/bin/sh
# An Observable Framework data loader (src/data/summary.csv.sh in a Framework project): the summary
# CSV on stdout, the input report on stderr, a non-zero exit when the data cannot be used, which
# Framework shows as a failed loader instead of caching a wrong file.
#
# In your project:   exec npx influencer-funnel report data/events.csv.gz --quiet
# Here it runs the repository's build on the bundled sample (npm run build first).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
exec node "$root/dist/cli/main.js" report "$root/examples/data/events.csv" --quiet
