// @aws-sdk/client-dynamodb and @aws-sdk/lib-dynamodb, unmodified, against
// `headlock serve`: a table with a GSI, CRUD, a conditional failure, the
// Query paginator over several pages, BatchWrite with UnprocessedItems, a
// cancelled transaction with its reasons, and throttling retried by the SDK.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DynamoDBClient, CreateTableCommand, DescribeTableCommand, ListTablesCommand,
  ConditionalCheckFailedException, TransactionCanceledException,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient, PutCommand, GetCommand, UpdateCommand, DeleteCommand,
  BatchWriteCommand, TransactWriteCommand, paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server.mjs';

const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' };
let server;
let manual;  // a server on a manual clock, for exact throttling
let db;
let doc;

function clientFor(url, extra = {}) {
  return new DynamoDBClient({ endpoint: url, region: 'eu-west-1', credentials, ...extra });
}

before(async () => {
  server = await startServer();
  manual = await startServer(['--clock', 'manual', '--start', '2026-11-02T00:00:00Z']);
  db = clientFor(server.url);
  doc = DynamoDBDocumentClient.from(db);
});

after(async () => {
  db?.destroy();
  for (const s of [server, manual]) {
    if (s) assert.deepEqual(await s.stop(), { code: 0, signal: null });
  }
});

async function createRequestsTable(client, name, billing = { BillingMode: 'PAY_PER_REQUEST' }) {
  return client.send(new CreateTableCommand({
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: 'queueId', AttributeType: 'S' },
      { AttributeName: 'id', AttributeType: 'S' },
      { AttributeName: 'orderNo', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'queueId', KeyType: 'HASH' },
      { AttributeName: 'id', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [{
      IndexName: 'queueId-orderNo',
      KeySchema: [
        { AttributeName: 'queueId', KeyType: 'HASH' },
        { AttributeName: 'orderNo', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
      ...(billing.ProvisionedThroughput ? { ProvisionedThroughput: billing.ProvisionedThroughput } : {}),
    }],
    ...billing,
  }));
}

test('a table with a GSI, CRUD and a conditional failure', async () => {
  const created = await createRequestsTable(db, 'requests');
  assert.equal(created.TableDescription.TableStatus, 'ACTIVE');
  assert.equal(created.TableDescription.GlobalSecondaryIndexes[0].IndexName, 'queueId-orderNo');
  const described = await db.send(new DescribeTableCommand({ TableName: 'requests' }));
  assert.equal(described.Table.TableName, 'requests');
  assert.ok((await db.send(new ListTablesCommand({}))).TableNames.includes('requests'));

  await doc.send(new PutCommand({ TableName: 'requests', Item: { queueId: 'q', id: 'r1', orderNo: 1000, url: 'https://a.com' } }));
  const got = await doc.send(new GetCommand({ TableName: 'requests', Key: { queueId: 'q', id: 'r1' } }));
  assert.deepEqual(got.Item, { queueId: 'q', id: 'r1', orderNo: 1000, url: 'https://a.com' });

  const updated = await doc.send(new UpdateCommand({
    TableName: 'requests', Key: { queueId: 'q', id: 'r1' },
    UpdateExpression: 'SET orderNo = :lockTo, lockByClient = :c',
    ConditionExpression: 'orderNo = :prev',
    ExpressionAttributeValues: { ':lockTo': 9000, ':c': 'client-a', ':prev': 1000 },
    ReturnValues: 'ALL_NEW',
    ReturnConsumedCapacity: 'TOTAL',
  }));
  assert.equal(updated.Attributes.lockByClient, 'client-a');
  assert.equal(updated.ConsumedCapacity.TableName, 'requests');

  await assert.rejects(
    doc.send(new UpdateCommand({
      TableName: 'requests', Key: { queueId: 'q', id: 'r1' },
      UpdateExpression: 'SET lockByClient = :c', ConditionExpression: 'orderNo = :prev',
      ExpressionAttributeValues: { ':c': 'client-b', ':prev': 1000 },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })),
    (err) => {
      assert.ok(err instanceof ConditionalCheckFailedException, err.name);
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.equal(err.Item.lockByClient.S, 'client-a');
      return true;
    });

  await doc.send(new DeleteCommand({ TableName: 'requests', Key: { queueId: 'q', id: 'r1' } }));
  const gone = await doc.send(new GetCommand({ TableName: 'requests', Key: { queueId: 'q', id: 'r1' } }));
  assert.equal(gone.Item, undefined);

  await assert.rejects(doc.send(new GetCommand({ TableName: 'missing', Key: { queueId: 'q', id: 'x' } })),
    { name: 'ResourceNotFoundException' });
  await assert.rejects(doc.send(new GetCommand({ TableName: 'requests', Key: { queueId: 'q' } })),
    { name: 'ValidationException' });
});

test('the Query paginator walks several pages, on the table and on the GSI', async () => {
  await createRequestsTable(db, 'pages');
  const items = Array.from({ length: 57 }, (_, i) => ({ queueId: 'p', id: `r${String(i).padStart(3, '0')}`, orderNo: 100 + i }));
  for (let i = 0; i < items.length; i += 25) {
    const out = await doc.send(new BatchWriteCommand({
      RequestItems: { pages: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
    }));
    assert.deepEqual(out.UnprocessedItems, {});
  }
  let pages = 0;
  const seen = [];
  for await (const page of paginateQuery({ client: doc, pageSize: 10 }, {
    TableName: 'pages', KeyConditionExpression: 'queueId = :q', ExpressionAttributeValues: { ':q': 'p' },
  })) {
    pages += 1;
    seen.push(...page.Items.map((it) => it.id));
  }
  assert.equal(pages, 6);
  assert.deepEqual(seen, items.map((it) => it.id));

  const head = [];
  for await (const page of paginateQuery({ client: doc, pageSize: 20 }, {
    TableName: 'pages', IndexName: 'queueId-orderNo',
    KeyConditionExpression: 'queueId = :q AND orderNo BETWEEN :lo AND :hi',
    ExpressionAttributeValues: { ':q': 'p', ':lo': 110, ':hi': 149 },
    ScanIndexForward: false,
  })) {
    head.push(...page.Items.map((it) => it.orderNo));
  }
  assert.equal(head.length, 40);
  assert.equal(head[0], 149);
  assert.equal(head[39], 110);
});

test('a transaction cancelled with reasons', async () => {
  await createRequestsTable(db, 'txn');
  await doc.send(new PutCommand({ TableName: 'txn', Item: { queueId: 'q', id: 'a', orderNo: 1 } }));
  await assert.rejects(
    doc.send(new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: 'txn', Item: { queueId: 'q', id: 'b', orderNo: 2 } } },
        { Update: {
          TableName: 'txn', Key: { queueId: 'q', id: 'a' }, UpdateExpression: 'SET orderNo = :n',
          ConditionExpression: 'orderNo = :old', ExpressionAttributeValues: { ':n': 5, ':old': 99 },
        } },
      ],
    })),
    (err) => {
      assert.ok(err instanceof TransactionCanceledException, err.name);
      assert.deepEqual(err.CancellationReasons.map((r) => r.Code), ['None', 'ConditionalCheckFailed']);
      return true;
    });
  const b = await doc.send(new GetCommand({ TableName: 'txn', Key: { queueId: 'q', id: 'b' } }));
  assert.equal(b.Item, undefined, 'a cancelled transaction writes nothing');
});

test('BatchWrite returns UnprocessedItems when a provisioned table runs out (manual clock)', async () => {
  const client = clientFor(manual.url, { maxAttempts: 1 });
  const mdoc = DynamoDBDocumentClient.from(client);
  await createRequestsTable(client, 'prov', {
    BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
  });
  // Without a GSI entry (no orderNo) a small put costs 1 unit; the table
  // holds 300 s of its 1 unit/s as burst: 290 writes, then a batch of 25.
  const put = (i) => ({ PutRequest: { Item: { queueId: 'q', id: `r${i}` } } });
  for (let i = 0; i < 290; i += 25) {
    const size = Math.min(25, 290 - i);  // 11 batches of 25, then 15
    const done = await mdoc.send(new BatchWriteCommand({
      RequestItems: { prov: Array.from({ length: size }, (_, k) => put(i + k)) },
    }));
    assert.deepEqual(done.UnprocessedItems, {});
  }
  const batch = Array.from({ length: 25 }, (_, k) => put(1000 + k));
  const out = await mdoc.send(new BatchWriteCommand({ RequestItems: { prov: batch } }));
  assert.equal(out.UnprocessedItems.prov.length, 15);
  // Every item throttled: the whole call fails as DynamoDB's does.
  await assert.rejects(mdoc.send(new BatchWriteCommand({ RequestItems: out.UnprocessedItems })),
    (err) => err instanceof ProvisionedThroughputExceededException);
  const advanced = await fetch(`${manual.url}/headlock/clock/advance?millis=60000`, { method: 'POST' });
  assert.equal(advanced.status, 200);
  const retried = await mdoc.send(new BatchWriteCommand({ RequestItems: out.UnprocessedItems }));
  assert.deepEqual(retried.UnprocessedItems, {});
  client.destroy();
});

test('throttling is met and retried by the SDK on a provisioned table', async () => {
  const client = clientFor(server.url, { maxAttempts: 10 });
  const tdoc = DynamoDBDocumentClient.from(client);
  await createRequestsTable(client, 'throttled', {
    BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
  });
  // 300 s of burst at 1 unit/s, then 1 write a second: 310 writes at once
  // (unless they took over 10 s) meet ProvisionedThroughputExceededException,
  // which the SDK retries until the bucket refills.
  const results = await Promise.all(Array.from({ length: 310 }, (_, i) =>
    tdoc.send(new PutCommand({ TableName: 'throttled', Item: { queueId: 'q', id: `r${i}` } }))));
  const attempts = results.reduce((sum, r) => sum + r.$metadata.attempts, 0);
  assert.ok(attempts > 310, `expected retries, got ${attempts} attempts for 310 writes`);
  client.destroy();
});

test('every answered write survives kill -9 (on disk)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'headlock-serve-'));
  try {
    let s = await startServer([], { db: dir });
    let client = clientFor(s.url);
    let ddb = DynamoDBDocumentClient.from(client);
    await createRequestsTable(client, 'durable');
    for (let i = 0; i < 20; i += 1) {
      await ddb.send(new PutCommand({ TableName: 'durable', Item: { queueId: 'q', id: `r${i}`, orderNo: i } }));
    }
    client.destroy();
    assert.deepEqual(await s.kill(), { code: null, signal: 'SIGKILL' });

    s = await startServer([], { db: dir });
    client = clientFor(s.url);
    ddb = DynamoDBDocumentClient.from(client);
    const ids = [];
    for await (const page of paginateQuery({ client: ddb, pageSize: 7 }, {
      TableName: 'durable', IndexName: 'queueId-orderNo',
      KeyConditionExpression: 'queueId = :q', ExpressionAttributeValues: { ':q': 'q' },
    })) {
      ids.push(...page.Items.map((it) => it.id));
    }
    assert.deepEqual(ids, Array.from({ length: 20 }, (_, i) => `r${i}`));
    client.destroy();
    assert.deepEqual(await s.stop(), { code: 0, signal: null });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
