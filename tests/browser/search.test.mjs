// Search from file://: the index is a script file, so results appear
// without a server; the header form leads to the search page with the
// query filled in; the public index knows no place names; without
// JavaScript the page says so and points to the archive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OUT, fileUrl, launch } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Result links and the status text once the status has settled. */
async function results(tab) {
  const status = tab.locator('#search-status');
  await tab.waitForFunction(() => document.getElementById('search-status').textContent.trim() !== '');
  return {
    status: (await status.innerText()).trim(),
    links: await tab.locator('#search-results li a').allInnerTexts(),
  };
}

test('internal: ?q=torget lists the place Torget first', async () => {
  const tab = await browser.newPage();
  await tab.goto(`${fileUrl('internal', 'search/index.html')}?q=torget`);
  assert.equal(await tab.locator('#search-q').inputValue(), 'torget');
  const { status, links } = await results(tab);
  assert.ok(links.length >= 5, `few results: ${links.length} (${status})`);
  assert.equal(links[0].trim(), 'Torget');
  assert.match(status, new RegExp(`^${links.length} träffar`));
  await tab.close();
});

test('a query loads only the index files it needs', async () => {
  const tab = await browser.newPage();
  await tab.goto(`${fileUrl('internal', 'search/index.html')}?q=torget`);
  const { links } = await results(tab);
  assert.ok(links.length > 0);
  const loaded = await tab.evaluate(() => ({
    srcs: Array.from(document.scripts).map((s) => s.getAttribute('src')),
    docs: window.LAGESBILD_SEARCH.docs,
    chunk: window.LAGESBILD_SEARCH.chunk,
  }));
  // The word files of "t" or "to" ("74", "746f"), and only the document
  // files of the results shown, out of all of them.
  const words = loaded.srcs.filter((s) => s.startsWith('words/'));
  assert.ok(words.length >= 1 && words.every((s) => /^words\/74(6f)?\.js$/.test(s)), words.join());
  const docs = loaded.srcs.filter((s) => s.startsWith('docs/'));
  const all = Math.ceil(loaded.docs / loaded.chunk);
  assert.ok(docs.length >= 1 && docs.length < all, `${docs.length} of ${all} document files`);
  await tab.close();
});

test('typing without diacritics finds Sjöby, and the header form lands on the search page', async () => {
  const tab = await browser.newPage();
  await tab.goto(fileUrl('internal', 'index.html'));
  await tab.locator('#site-search-q').fill('resecentrum');
  await tab.locator('#site-search-q').press('Enter');
  await tab.waitForURL(/search\/index\.html\?q=resecentrum/);
  const first = await results(tab);
  assert.ok(first.links.length > 0, first.status);
  await tab.locator('#search-q').fill('sjoby');
  await tab.waitForTimeout(400);
  const { links } = await results(tab);
  assert.ok(links.length > 0, 'no result for "sjoby"');
  await tab.close();
});

test('public: no place names in the index, public words are found', async () => {
  const tab = await browser.newPage();
  await tab.goto(`${fileUrl('public', 'search/index.html')}?q=torget`);
  const none = await results(tab);
  assert.equal(none.links.length, 0, `public search found: ${none.links.join(', ')}`);
  await tab.locator('#search-q').fill('kvartal');
  await tab.waitForTimeout(400);
  const some = await results(tab);
  assert.ok(some.links.length > 0, some.status);
  await tab.close();
});

test('a word file missing, or of another build, is reported, never shown as no results', async () => {
  const copy = mkdtempSync(join(tmpdir(), 'lagesbild-search-'));
  try {
    cpSync(join(OUT, 'public'), copy, { recursive: true });
    const url = `${pathToFileURL(join(copy, 'search/index.html')).href}?q=kvartal`;
    const words = join(copy, 'search/words');
    const file = (key) => join(words, `${Buffer.from(key).toString('hex')}.js`);
    const manifest = readFileSync(join(copy, 'search/index.js'), 'utf8');
    const keys = JSON.parse(manifest.slice(manifest.indexOf('{'), manifest.lastIndexOf('}') + 1)).shards
      .filter((k) => k === 'k' || k === 'kv');
    assert.equal(keys.length, 1, keys.join());
    const tab = await browser.newPage();
    // Another build's file: the same words under another id.
    const text = readFileSync(file(keys[0]), 'utf8');
    writeFileSync(file(keys[0]), text.replace(/^LAGESBILD_SEARCH_WORDS\("[0-9a-f]+"/, 'LAGESBILD_SEARCH_WORDS("0000000000000000"'));
    await tab.goto(url);
    assert.match((await results(tab)).status, /kunde inte läsas/);
    // Missing.
    rmSync(file(keys[0]));
    await tab.goto(url);
    const missing = await results(tab);
    assert.match(missing.status, /kunde inte läsas/);
    assert.equal(missing.links.length, 0);
    await tab.close();
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test('without JavaScript the search page points to the archive', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const tab = await context.newPage();
  await tab.goto(fileUrl('internal', 'search/index.html'));
  const link = tab.locator('main a[href$="reports/index.html"]');
  assert.ok(await link.first().isVisible(), 'no visible link to the archive');
  await context.close();
});
