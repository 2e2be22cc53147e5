// A real crawl: two processes of Crawlee's CheerioCrawler under the Apify
// SDK (platform storage = `headlock serve`) on one request queue, crawling a
// static site of 500 linked pages served here on loopback. Every page must
// be handled exactly once, the dataset must hold every page, and the queue
// must report all handled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { ApifyClient } from 'apify-client';
import { startServer } from './server.mjs';

const PAGES = 500;
let server;
let site;
let siteUrl;

// Page i links to 2i+1, 2i+2 (a tree: every page reachable), i+1 and the
// start page (links already seen, which the queue must not add twice).
function page(i) {
  const links = [2 * i + 1, 2 * i + 2, i + 1, 0].filter((j) => j < PAGES)
    .map((j) => `<a href="/page/${j}">page ${j}</a>`).join('\n');
  return `<!doctype html><html><head><title>Page ${i}</title></head><body>${links}</body></html>`;
}

before(async () => {
  server = await startServer(['--token', 'crawl-token']);
  site = createServer((req, res) => {
    const m = /^\/page\/(\d+)$/.exec(req.url);
    if (!m || Number(m[1]) >= PAGES) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(Number(m[1])));
  });
  // Longer than the crawlers' keep-alive, so that no fetch meets a socket
  // the site just closed.
  site.keepAliveTimeout = 120_000;
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${site.address().port}`;
});

after(async () => {
  site?.close();
  if (server) assert.deepEqual(await server.stop(), { code: 0, signal: null });
});

function runCrawler(worker) {
  const child = spawn(process.execPath, ['crawler.mjs', `${siteUrl}/page/0`, worker], {
    cwd: new URL('.', import.meta.url).pathname,
    env: {
      ...process.env,
      APIFY_IS_AT_HOME: '1',
      APIFY_API_BASE_URL: server.url,
      APIFY_TOKEN: 'crawl-token',
      ACTOR_RUN_ID: `run-${worker}`,
      APIFY_LOG_LEVEL: 'WARNING',
      CRAWLEE_LOG_LEVEL: 'WARNING',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

test('two CheerioCrawler processes handle each of 500 pages exactly once', async () => {
  const codes = await Promise.all([runCrawler('a'), runCrawler('b')]);
  assert.deepEqual(codes, [0, 0]);

  const client = new ApifyClient({ baseUrl: server.url, token: 'crawl-token' });
  const queue = await client.requestQueue('default').get();
  assert.equal(queue.totalRequestCount, PAGES);
  assert.equal(queue.handledRequestCount, PAGES);
  assert.equal(queue.pendingRequestCount, 0);

  const { items, total } = await client.dataset('default').listItems();
  assert.equal(total, PAGES, 'one dataset item per handling');
  const urls = new Set(items.map((it) => it.url));
  assert.equal(urls.size, PAGES, 'every page handled once');
  const byWorker = { a: 0, b: 0 };
  for (const it of items) byWorker[it.worker] += 1;
  console.log(`pages handled: a ${byWorker.a}, b ${byWorker.b}`);
});
