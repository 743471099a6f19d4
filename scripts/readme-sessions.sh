#!/usr/bin/env bash
# Runs every example session of README.md (each ```bash block right after a `<!-- session -->` line) in order, in one
# shell, as pasted. Two things are swapped so that a test can run them against any `up`: the front door's address
# (http://localhost:8000) becomes ENDPOINT, and `globaltables` is $GLOBALTABLES with `--endpoint ENDPOINT`.
# Each block starts with a "=== session N" line; a command that fails prints "readme-sessions: exit CODE: COMMAND"
# and the run goes on, as it would for someone pasting. Exits 0 once every block has run.
# Usage: scripts/readme-sessions.sh [ENDPOINT]   (default http://localhost:8000; a fresh `up`, since the sessions
#        create their tables)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
endpoint="${1:-http://localhost:8000}"
endpoint="${endpoint%/}"
if [ -z "${GLOBALTABLES:-}" ]; then
  if command -v globaltables >/dev/null 2>&1; then GLOBALTABLES=globaltables
  else GLOBALTABLES="dotnet run -c Release --project $root/src/GlobalTables.Cli --"; fi
fi
export AWS_PAGER="" GLOBALTABLES ENDPOINT="$endpoint"
script="$(mktemp)"
trap 'rm -f "$script"' EXIT
{
  echo 'globaltables() { $GLOBALTABLES "$@" --endpoint "$ENDPOINT"; }'
  echo 'trap '\''echo "readme-sessions: exit $?: $BASH_COMMAND"'\'' ERR'
  awk '
    /^<!-- session -->$/ { marked = 1; next }
    marked && /^```bash$/ { inside = 1; marked = 0; n++; print "printf \047\\n=== session " n "\\n\047"; next }
    inside && /^```$/ { inside = 0; next }
    inside { print; next }
    { marked = 0 }
  ' "$root/README.md" | sed -e "s#http://localhost:8000#$endpoint#g" -e "s#localhost:8000#${endpoint#http://}#g"
} >"$script"
bash "$script" 2>&1
echo "readme-sessions: done"
