#!/usr/bin/env bash
# Times an on-demand backup and a point-in-time restore of a loaded table (docs/backups.md): starts one region
# (Release build, SQLite, its own data folder), loads --records items of --item-size bytes with `globaltables bench`,
# enables point-in-time recovery, then times CreateBackup until AVAILABLE (and reports the file's size), and
# RestoreTableToPointInTime (UseLatestRestorableTime) until the new table is ACTIVE, with its item count checked.
# Reports the server's CPU seconds for each step from /proc/PID/stat.
#
#   bench/backup-restore.sh [--records N] [--item-size BYTES] [--port-offset N]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RECORDS=1000000; SIZE=200; OFFSET=7300
while [[ $# -gt 0 ]]; do
  case "$1" in
    --records) RECORDS="$2"; shift 2 ;;
    --item-size) SIZE="$2"; shift 2 ;;
    --port-offset) OFFSET="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
dotnet build -c Release "$ROOT/src/GlobalTables.Cli" -v q -nologo >/dev/null
BIN="$ROOT/src/GlobalTables.Cli/bin/Release/net10.0/globaltables"
DATA="$(mktemp -d)"; LOG="$DATA.log"
"$BIN" up --data "$DATA" --only us-east-1 --port-offset "$OFFSET" --config "$ROOT" --no-latency >"$LOG" 2>&1 &
UP=$!
trap 'kill -TERM $UP 2>/dev/null; wait $UP 2>/dev/null; rm -rf "$DATA" "$LOG"' EXIT
for _ in $(seq 1 120); do grep -q "globaltables: ready" "$LOG" && break; sleep 1; done
PID=$(pgrep -f "globaltables up --data $DATA" | head -1)
ENDPOINT="http://127.0.0.1:$((8001 + OFFSET))"
export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
ddb() { aws dynamodb --endpoint-url "$ENDPOINT" --output text "$@"; }
cpu() { awk '{print ($14 + $15) / 100}' "/proc/$PID/stat"; }
now() { date +%s.%N; }

"$BIN" bench --endpoint "$ENDPOINT" --workload a --records "$RECORDS" --item-size "$SIZE" --duration 1 -c 32 --no-progress \
  --table backed-up >"$DATA.load" 2>&1 || { cat "$DATA.load"; exit 1; }
grep -iE "load" "$DATA.load" | head -3
ddb update-continuous-backups --table-name backed-up --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true >/dev/null
sleep 2

c0=$(cpu); t0=$(now)
arn=$(ddb create-backup --table-name backed-up --backup-name figures --query BackupDetails.BackupArn)
until [ "$(ddb describe-backup --backup-arn "$arn" --query BackupDescription.BackupDetails.BackupStatus)" = AVAILABLE ]; do sleep 0.2; done
t1=$(now); c1=$(cpu)
read -r size count < <(ddb describe-backup --backup-arn "$arn" --query 'BackupDescription.[BackupDetails.BackupSizeBytes,SourceTableDetails.ItemCount]')
table_size=$(ddb describe-table --table-name backed-up --query Table.TableSizeBytes)
# The bench's values are slices of one random string, so gzip finds them again and again: the file is far smaller than
# it would be for data of real entropy. TableSizeBytes is the items' size as DynamoDB counts it.
echo "backup: $count items ($table_size bytes as TableSizeBytes), file $size bytes, $(echo "$t1 - $t0" | bc) s, server CPU $(echo "$c1 - $c0" | bc) s"

c0=$(cpu); t0=$(now)
ddb restore-table-to-point-in-time --source-table-name backed-up --target-table-name restored --use-latest-restorable-time >/dev/null
until [ "$(ddb describe-table --table-name restored --query Table.TableStatus)" = ACTIVE ]; do sleep 0.5; done
t1=$(now); c1=$(cpu)
restored=$(ddb describe-table --table-name restored --query Table.ItemCount)
echo "point-in-time restore: $restored items, $(echo "$t1 - $t0" | bc) s, server CPU $(echo "$c1 - $c0" | bc) s"
[ "$restored" = "$count" ] || { echo "the restored table holds $restored items, the backup $count" >&2; exit 1; }
