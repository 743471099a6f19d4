#!/usr/bin/env bash
# The README's first session with the AWS CLI, checked: create-table, put-item, get-item,
# update-item with a condition that fails, delete-item and describe-table; then a stream on the
# table, read with aws dynamodbstreams.
# Usage: scripts/smoke-awscli.sh [ENDPOINT]   (default http://localhost:8000, the front door)
set -euo pipefail
endpoint="${1:-http://localhost:8000}"
table="smoke-$$-$RANDOM"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-local}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-local}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}" AWS_PAGER=""
ddb() { aws dynamodb --endpoint-url "$endpoint" --output json "$@"; }
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

ddb create-table --table-name "$table" \
  --attribute-definitions AttributeName=Artist,AttributeType=S AttributeName=Song,AttributeType=S \
  --key-schema AttributeName=Artist,KeyType=HASH AttributeName=Song,KeyType=RANGE \
  --billing-mode PAY_PER_REQUEST >/dev/null
ddb wait table-exists --table-name "$table"

ddb put-item --table-name "$table" \
  --item '{"Artist":{"S":"Acme Band"},"Song":{"S":"Happy Day"},"Plays":{"N":"1"}}'

got=$(ddb get-item --table-name "$table" --key '{"Artist":{"S":"Acme Band"},"Song":{"S":"Happy Day"}}' \
  --query 'Item.Plays.N' --output text)
[ "$got" = "1" ] || fail "get-item returned Plays=$got"

if err=$(ddb update-item --table-name "$table" \
    --key '{"Artist":{"S":"Acme Band"},"Song":{"S":"Happy Day"}}' \
    --update-expression 'SET Plays = Plays + :one' --condition-expression 'Plays > :ten' \
    --expression-attribute-values '{":one":{"N":"1"},":ten":{"N":"10"}}' 2>&1); then
  fail "the conditional update should have failed"
fi
grep -q "ConditionalCheckFailedException" <<<"$err" || fail "unexpected error: $err"

got=$(ddb get-item --table-name "$table" --key '{"Artist":{"S":"Acme Band"},"Song":{"S":"Happy Day"}}' \
  --query 'Item.Plays.N' --output text)
[ "$got" = "1" ] || fail "the failed update changed Plays to $got"

ddb delete-item --table-name "$table" --key '{"Artist":{"S":"Acme Band"},"Song":{"S":"Happy Day"}}'
got=$(ddb get-item --table-name "$table" --key '{"Artist":{"S":"Acme Band"},"Song":{"S":"Happy Day"}}' --output text)
[ -z "$got" ] || fail "the item is still there: $got"

status=$(ddb describe-table --table-name "$table" --query 'Table.[TableStatus,ItemCount]' --output text)
[ "$status" = "$(printf 'ACTIVE\t0')" ] || fail "describe-table says $status"

ddb update-table --table-name "$table" --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES >/dev/null
ddb wait table-exists --table-name "$table"
ddb put-item --table-name "$table" --item '{"Artist":{"S":"Acme Band"},"Song":{"S":"Encore"},"Plays":{"N":"2"}}'
streams() { aws dynamodbstreams --endpoint-url "$endpoint" --output text "$@"; }
arn=$(streams list-streams --table-name "$table" --query 'Streams[0].StreamArn')
[ "$arn" = "$(ddb describe-table --table-name "$table" --query 'Table.LatestStreamArn' --output text)" ] || fail "list-streams gave $arn"
found=""
for shard in $(streams describe-stream --stream-arn "$arn" --query 'StreamDescription.Shards[].ShardId'); do
  iterator=$(streams get-shard-iterator --stream-arn "$arn" --shard-id "$shard" --shard-iterator-type TRIM_HORIZON --query ShardIterator)
  found=$(streams get-records --shard-iterator "$iterator" --query 'Records[].[eventName,dynamodb.NewImage.Song.S]')
  [ -n "$found" ] && break
done
[ "$found" = "$(printf 'INSERT\tEncore')" ] || fail "the stream holds '$found'"

ddb delete-table --table-name "$table" >/dev/null
echo "smoke: ok ($endpoint)"
