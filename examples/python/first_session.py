"""The README's first session with boto3: create a table, write, read, a condition that fails, delete.

Run it against a running `globaltables up`:
    python3 examples/python/first_session.py
ENDPOINT (default http://localhost:8000, the front door) and TABLE (default Music) change where it runs.
Any access key works in dev mode; the region the request is signed for picks the region.
"""
import os

import boto3
from botocore.exceptions import ClientError

endpoint = os.environ.get("ENDPOINT", "http://localhost:8000")
table = os.environ.get("TABLE", "Music")


def client(region):
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name=region,
                        aws_access_key_id="local", aws_secret_access_key="local")


ddb = client("us-east-1")
ddb.create_table(
    TableName=table,
    AttributeDefinitions=[{"AttributeName": "Artist", "AttributeType": "S"},
                          {"AttributeName": "Song", "AttributeType": "S"}],
    KeySchema=[{"AttributeName": "Artist", "KeyType": "HASH"},
               {"AttributeName": "Song", "KeyType": "RANGE"}],
    BillingMode="PAY_PER_REQUEST")
ddb.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 1})  # CREATING -> ACTIVE

key = {"Artist": {"S": "Acme Band"}, "Song": {"S": "Happy Day"}}
ddb.put_item(TableName=table, Item={**key, "Plays": {"N": "1"}})
print("get-item:", ddb.get_item(TableName=table, Key=key)["Item"]["Plays"]["N"])

# A condition that fails: ConditionalCheckFailedException, and nothing changes.
try:
    ddb.update_item(TableName=table, Key=key, UpdateExpression="SET Plays = Plays + :one",
                    ConditionExpression="Plays > :ten",
                    ExpressionAttributeValues={":one": {"N": "1"}, ":ten": {"N": "10"}})
except ClientError as error:
    print("update-item:", error.response["Error"]["Code"])
print("after the failed update:", ddb.get_item(TableName=table, Key=key)["Item"]["Plays"]["N"])

ddb.delete_item(TableName=table, Key=key)
described = ddb.describe_table(TableName=table)["Table"]
print("describe-table:", described["TableStatus"], described["ItemCount"])
print("tables in eu-west-2:", client("eu-west-2").list_tables()["TableNames"])  # another region: its own tables
