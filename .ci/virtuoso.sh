#!/usr/bin/env bash
# Start a throw-away Virtuoso Open Source on loopback for the il7onto interoperability tests.
#
# Usage (as root, Debian/Ubuntu):   source .ci/virtuoso.sh      # exports IL7ONTO_VIRTUOSO_* vars
#                             or:   eval "$(.ci/virtuoso.sh --print-env)"
# Stop it:                          .ci/virtuoso.sh --stop
#
# What it does: apt-get installs virtuoso-opensource (if virtuoso-t is missing), creates a fresh
# database in $IL7ONTO_VIRTUOSO_DIR (default /tmp/il7onto-virtuoso), binds the ISQL port and the
# HTTP server to 127.0.0.1 only, starts virtuoso-t, creates the test user with SPARQL_UPDATE (which
# is what the SPARQL 1.1 Graph Store endpoint /sparql-graph-crud-auth checks, with HTTP digest
# auth) and exports:
#   IL7ONTO_VIRTUOSO_URL       SPARQL query endpoint    http://127.0.0.1:$HTTP_PORT/sparql
#   IL7ONTO_VIRTUOSO_GSP       Graph Store endpoint     http://127.0.0.1:$HTTP_PORT/sparql-graph-crud-auth
#   IL7ONTO_VIRTUOSO_USER / IL7ONTO_VIRTUOSO_PASSWORD   the test user (not the dba account)
set -euo pipefail 2>/dev/null || true

VDIR="${IL7ONTO_VIRTUOSO_DIR:-/tmp/il7onto-virtuoso}"
ISQL_PORT="${IL7ONTO_VIRTUOSO_ISQL_PORT:-11111}"
HTTP_PORT="${IL7ONTO_VIRTUOSO_HTTP_PORT:-18890}"
TEST_USER="${IL7ONTO_VIRTUOSO_USER:-il7test}"
TEST_PASSWORD="${IL7ONTO_VIRTUOSO_PASSWORD:-il7test-secret}"
DBA_PASSWORD=dba   # a fresh database's dba password; the server only listens on 127.0.0.1

_il7_virtuoso_env() {
  echo "export IL7ONTO_VIRTUOSO_URL=http://127.0.0.1:${HTTP_PORT}/sparql"
  echo "export IL7ONTO_VIRTUOSO_GSP=http://127.0.0.1:${HTTP_PORT}/sparql-graph-crud-auth"
  echo "export IL7ONTO_VIRTUOSO_USER=${TEST_USER}"
  echo "export IL7ONTO_VIRTUOSO_PASSWORD=${TEST_PASSWORD}"
}

_il7_virtuoso_stop() {
  if [ -f "$VDIR/virtuoso.lck" ] || pgrep -f "virtuoso-t .*$VDIR/virtuoso.ini" >/dev/null 2>&1; then
    isql-vt "127.0.0.1:${ISQL_PORT}" dba "$DBA_PASSWORD" exec="shutdown;" >/dev/null 2>&1 || true
  fi
}

_il7_virtuoso_start() {
  if ! command -v virtuoso-t >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends virtuoso-opensource >&2
  fi
  _il7_virtuoso_stop
  rm -rf "$VDIR"
  mkdir -p "$VDIR"
  sed -e "s#/var/lib/virtuoso-opensource-7/db/#$VDIR/#g" \
      -e "s#^ServerPort *= *1111#ServerPort = 127.0.0.1:${ISQL_PORT}#" \
      -e "s#^ServerPort *= *8890#ServerPort = 127.0.0.1:${HTTP_PORT}#" \
      -e "s#^DirsAllowed *=.*#DirsAllowed = ., $VDIR#" \
      -e "s#^MaxQueryCostEstimationTime *=.*#MaxQueryCostEstimationTime = 0 ; off: test queries must not be refused on estimates#" \
      /etc/virtuoso-opensource-7/virtuoso.ini > "$VDIR/virtuoso.ini"
  (cd "$VDIR" && virtuoso-t +configfile "$VDIR/virtuoso.ini" +wait >"$VDIR/start.log" 2>&1)
  for _ in $(seq 1 60); do
    if isql-vt "127.0.0.1:${ISQL_PORT}" dba "$DBA_PASSWORD" exec="status();" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  isql-vt "127.0.0.1:${ISQL_PORT}" dba "$DBA_PASSWORD" >"$VDIR/setup.log" 2>&1 <<SQL
DB.DBA.USER_CREATE ('${TEST_USER}', '${TEST_PASSWORD}');
GRANT SPARQL_SELECT TO "${TEST_USER}";
GRANT SPARQL_UPDATE TO "${TEST_USER}";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('${TEST_USER}', 7);
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 1);
SQL
  if grep -q "Error" "$VDIR/setup.log"; then
    echo "virtuoso.sh: user setup failed, see $VDIR/setup.log" >&2
    return 1
  fi
}

case "${1:-}" in
  --stop) _il7_virtuoso_stop ;;
  --print-env) _il7_virtuoso_start; _il7_virtuoso_env ;;
  *) _il7_virtuoso_start && eval "$(_il7_virtuoso_env)" && _il7_virtuoso_env >&2 ;;
esac
