#!/usr/bin/env bash
# Installs what the tests need from Debian when it is missing: Chromium for the browser tests, and
# PostgreSQL (initdb, pg_ctl) for the SQL tests, which start a throwaway cluster of their own.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  else
    echo "chromium is missing: install Debian's chromium package (apt-get install chromium)" >&2
    exit 1
  fi
fi
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  else
    echo "postgresql is missing: install Debian's postgresql package (apt-get install postgresql)" >&2
    exit 1
  fi
fi
