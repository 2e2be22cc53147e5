// One crawler process of crawl.test.mjs: Crawlee's CheerioCrawler under the
// Apify SDK, which believes it runs on the platform (APIFY_IS_AT_HOME=1,
// APIFY_API_BASE_URL, APIFY_TOKEN, ACTOR_RUN_ID from the test), so its
// default request queue, dataset and key-value store are Headlock's.
// Usage: node crawler.mjs START_URL WORKER_NAME
import { Actor } from 'apify';
import { CheerioCrawler } from '@crawlee/cheerio';

const [startUrl, worker] = process.argv.slice(2);
await Actor.init();
const crawler = new CheerioCrawler({
  maxConcurrency: 10,
  maxRequestRetries: 3,
  async requestHandler({ request, $, enqueueLinks }) {
    await Actor.pushData({ url: request.url, title: $('title').text(), worker });
    await enqueueLinks({ selector: 'a' });
  },
});
await crawler.run([startUrl]);
await Actor.exit();
