// The README's first session with the AWS SDK for JavaScript v3: create a table, write, read, a condition that fails,
// delete. Run it against a running `globaltables up`:
//   cd examples/javascript && npm ci && node first-session.mjs
// ENDPOINT (default http://localhost:8000, the front door) and TABLE (default Music) change where it runs. Any access
// key works in dev mode; the region the request is signed for picks the region.
import {
  DynamoDBClient, CreateTableCommand, PutItemCommand, GetItemCommand, UpdateItemCommand, DeleteItemCommand,
  DescribeTableCommand, ListTablesCommand, waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";

const endpoint = process.env.ENDPOINT ?? "http://localhost:8000";
const table = process.env.TABLE ?? "Music";
const client = (region) => new DynamoDBClient({
  endpoint, region, credentials: { accessKeyId: "local", secretAccessKey: "local" },
});

const ddb = client("us-east-1");
await ddb.send(new CreateTableCommand({
  TableName: table,
  AttributeDefinitions: [{ AttributeName: "Artist", AttributeType: "S" }, { AttributeName: "Song", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "Artist", KeyType: "HASH" }, { AttributeName: "Song", KeyType: "RANGE" }],
  BillingMode: "PAY_PER_REQUEST",
}));
await waitUntilTableExists({ client: ddb, minDelay: 1, maxWaitTime: 60 }, { TableName: table }); // CREATING -> ACTIVE

const key = { Artist: { S: "Acme Band" }, Song: { S: "Happy Day" } };
await ddb.send(new PutItemCommand({ TableName: table, Item: { ...key, Plays: { N: "1" } } }));
const plays = async () => (await ddb.send(new GetItemCommand({ TableName: table, Key: key }))).Item.Plays.N;
console.log("get-item:", await plays());

// A condition that fails: ConditionalCheckFailedException, and nothing changes.
try {
  await ddb.send(new UpdateItemCommand({
    TableName: table, Key: key, UpdateExpression: "SET Plays = Plays + :one", ConditionExpression: "Plays > :ten",
    ExpressionAttributeValues: { ":one": { N: "1" }, ":ten": { N: "10" } },
  }));
} catch (error) {
  console.log("update-item:", error.name);
}
console.log("after the failed update:", await plays());

await ddb.send(new DeleteItemCommand({ TableName: table, Key: key }));
const described = (await ddb.send(new DescribeTableCommand({ TableName: table }))).Table;
console.log("describe-table:", described.TableStatus, described.ItemCount);
const other = await client("eu-west-2").send(new ListTablesCommand({})); // another region: its own tables
console.log("tables in eu-west-2:", JSON.stringify(other.TableNames));
