// apify-client, unmodified, against `headlock serve`: the request-queue life
// cycle with two clientKeys, key-value records of 1 KB and 2 MB (the client
// brotli-compresses bodies of 1 KB and more), a dataset push and list, and
// --token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApifyClient } from 'apify-client';
import { startServer } from './server.mjs';

let server;
let client;

before(async () => {
  server = await startServer(['--token', 'local-token']);
  client = new ApifyClient({ baseUrl: server.url, token: 'local-token', maxRetries: 2, minDelayBetweenRetriesMillis: 50 });
});

after(async () => {
  if (server) assert.deepEqual(await server.stop(), { code: 0, signal: null });
});

const request = (i) => ({ url: `https://example.com/${i}`, uniqueKey: `https://example.com/${i}`, userData: { i } });

test('request-queue life cycle with two clientKeys', async () => {
  const queue = await client.requestQueues().getOrCreate('crawl');
  assert.equal(queue.name, 'crawl');
  assert.ok(queue.createdAt instanceof Date);
  const again = await client.requestQueues().getOrCreate('crawl');
  assert.equal(again.id, queue.id);

  const a = client.requestQueue(queue.id, { clientKey: 'client-a' });
  const b = client.requestQueue(queue.id, { clientKey: 'client-b' });

  const first = await a.addRequest(request(0));
  assert.equal(first.wasAlreadyPresent, false);
  const dup = await a.addRequest(request(0));
  assert.equal(dup.wasAlreadyPresent, true);
  assert.equal(dup.requestId, first.requestId);
  const front = await a.addRequest(request('front'), { forefront: true });

  const batch = await a.batchAddRequests(Array.from({ length: 30 }, (_, i) => request(i + 1)));
  assert.equal(batch.processedRequests.length, 30);  // the client sends chunks of 25
  assert.deepEqual(batch.unprocessedRequests, []);

  const head = await a.listHead({ limit: 5 });
  assert.equal(head.items[0].id, front.requestId, 'forefront first');
  assert.equal(head.items.length, 5);

  const lockedA = await a.listAndLockHead({ limit: 3, lockSecs: 60 });
  assert.equal(lockedA.items.length, 3);
  assert.equal(lockedA.queueHasLockedRequests, true);
  assert.ok(lockedA.items[0].lockExpiresAt instanceof Date);
  const lockedB = await b.listAndLockHead({ limit: 25, lockSecs: 60 });
  assert.equal(lockedB.items.length, 25);
  const idsA = new Set(lockedA.items.map((r) => r.id));
  assert.ok(lockedB.items.every((r) => !idsA.has(r.id)), 'no request locked twice');
  assert.equal(lockedB.hadMultipleClients, true);

  const mine = lockedA.items[1];
  const prolonged = await a.prolongRequestLock(mine.id, { lockSecs: 120 });
  assert.ok(prolonged.lockExpiresAt.getTime() > lockedA.items[1].lockExpiresAt.getTime());
  await assert.rejects(b.prolongRequestLock(mine.id, { lockSecs: 10 }),
    (err) => err.statusCode === 409 && err.type === 'request-handled-or-locked');

  await a.deleteRequestLock(lockedA.items[2].id);
  const relocked = await b.listAndLockHead({ limit: 10, lockSecs: 60 });
  assert.ok(relocked.items.some((r) => r.id === lockedA.items[2].id), 'an unlocked request goes to b');

  const full = await a.getRequest(mine.id);
  assert.equal(full.url, mine.url);
  assert.equal(full.loadedUrl, undefined, 'null fields are omitted');
  await assert.rejects(b.updateRequest({ ...full, handledAt: new Date().toISOString() }),
    (err) => err.statusCode === 409);
  const handled = await a.updateRequest({ ...full, handledAt: new Date().toISOString() });
  assert.equal(handled.wasAlreadyHandled, false);

  const list = await a.listRequests({ limit: 10 });
  assert.equal(list.items.length, 10);
  const all = [];
  let exclusiveStartId;
  for (;;) {
    const page = await a.listRequests({ limit: 7, exclusiveStartId });
    all.push(...page.items);
    if (page.items.length < 7) break;
    exclusiveStartId = page.items.at(-1).id;
  }
  assert.equal(all.length, 32);

  const unlocked = await b.unlockRequests();
  assert.ok(unlocked.unlockedCount >= 25);

  const info = await a.get();
  assert.equal(info.totalRequestCount, 32);
  assert.equal(info.handledRequestCount, 1);
  assert.equal(info.pendingRequestCount, 31);

  await a.deleteRequest(first.requestId);
  assert.equal(await a.getRequest(first.requestId), undefined);
  const deleted = await a.batchDeleteRequests([{ uniqueKey: request(1).uniqueKey }]);
  assert.equal(deleted.processedRequests.length, 1);

  const listed = await client.requestQueues().list();
  assert.ok(listed.items.some((q) => q.id === queue.id));
  await client.requestQueue(queue.id).delete();
  assert.equal(await client.requestQueue(queue.id).get(), undefined);
});

test('key-value records of 1 KB and 2 MB', async () => {
  const store = await client.keyValueStores().getOrCreate('state');
  const kv = client.keyValueStore(store.id);
  const small = { text: 'x'.repeat(1000) };
  await kv.setRecord({ key: 'SMALL', value: small });
  const got = await kv.getRecord('SMALL');
  assert.deepEqual(got.value, small);
  assert.match(got.contentType, /^application\/json/);

  const big = 'y'.repeat(2 * 1024 * 1024);
  await kv.setRecord({ key: 'BIG', value: big, contentType: 'text/plain; charset=utf-8' });
  const gotBig = await kv.getRecord('BIG');
  assert.equal(gotBig.value.length, big.length);
  assert.equal(gotBig.value, big);

  const bytes = Buffer.from([0, 1, 2, 250, 255]);
  await kv.setRecord({ key: 'BIN', value: bytes, contentType: 'application/octet-stream' });
  assert.deepEqual((await kv.getRecord('BIN')).value, bytes);

  assert.equal(await kv.recordExists('BIG'), true);
  assert.equal(await kv.recordExists('NOPE'), false);
  assert.equal(await kv.getRecord('NOPE'), undefined);
  const keys = await kv.listKeys({ limit: 2 });
  assert.deepEqual(keys.items.map((k) => k.key), ['BIG', 'BIN']);
  assert.equal(keys.isTruncated, true);
  await kv.deleteRecord('BIN');
  assert.equal(await kv.recordExists('BIN'), false);
});

test('a dataset: push and list', async () => {
  const ds = await client.datasets().getOrCreate('results');
  const dataset = client.dataset(ds.id);
  await dataset.pushItems({ url: 'https://example.com/0' });
  await dataset.pushItems(Array.from({ length: 99 }, (_, i) => ({ url: `https://example.com/${i + 1}`, n: i + 1 })));
  const page = await dataset.listItems({ offset: 10, limit: 5 });
  assert.equal(page.total, 100);
  assert.equal(page.count, 5);
  assert.deepEqual(page.items.map((it) => it.n), [10, 11, 12, 13, 14]);
  const last = await dataset.listItems({ desc: true, limit: 1, fields: ['url'] });
  assert.deepEqual(last.items, [{ url: 'https://example.com/99' }]);
  assert.equal((await dataset.get()).itemCount, 100);
});

test('without the token: 401 in Apify\'s error shape', async () => {
  const anonymous = new ApifyClient({ baseUrl: server.url, maxRetries: 0 });
  await assert.rejects(anonymous.requestQueues().list(),
    (err) => err.statusCode === 401 && err.type === 'token-not-provided');
});
