// JavaScript off: the content, every chart figure with its SVG, its text
// and its data table are there, and a data table opens with its summary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { allRepresentatives, fileUrl, label, launch, representatives } from './lib.mjs';

let browser, context;
before(async () => {
  browser = await launch();
  context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
});
after(async () => {
  await browser?.close();
});

test('the context runs no script of a page', async () => {
  const tab = await context.newPage();
  await tab.setContent('<p id="p">off</p><script>document.getElementById("p").textContent = "on"</script>');
  assert.equal(await tab.locator('#p').textContent(), 'off');
  await tab.close();
});

for (const page of allRepresentatives()) {
  test(`no JavaScript: ${label(page)}`, async () => {
    const tab = await context.newPage();
    try {
      await tab.goto(fileUrl(page.output, page.path));
      const main = tab.locator('main');
      await main.waitFor({ state: 'visible' });
      assert.ok((await tab.locator('main h1').innerText()).trim().length > 0, 'no visible <h1> in <main>');
      assert.ok((await main.innerText()).trim().length > 40, 'almost no text in <main>');

      const figures = tab.locator('figure');
      const count = await figures.count();
      for (let i = 0; i < count; i++) {
        const fig = figures.nth(i);
        const name = `figure ${i + 1} of ${count}`;
        assert.ok((await fig.locator('figcaption').innerText()).trim().length > 0, `${name}: no caption`);
        const svg = fig.locator('svg');
        assert.equal(await svg.count(), 1, `${name}: no SVG`);
        const box = await svg.boundingBox();
        assert.ok(box && box.width > 100 && box.height > 50, `${name}: the SVG is not shown (${JSON.stringify(box)})`);
        assert.ok((await svg.locator('title').textContent()).trim().length > 0, `${name}: SVG without <title>`);
        const table = fig.locator('table');
        assert.equal(await table.count(), 1, `${name}: no data table`);
        // A table inside a closed <details> opens from its summary, which
        // needs no script.
        const summary = fig.locator('details > summary');
        if ((await summary.count()) > 0 && !(await table.isVisible())) await summary.click();
        assert.ok(await table.isVisible(), `${name}: the data table cannot be shown`);
        assert.ok((await table.locator('tbody tr').count()) > 0, `${name}: the data table has no rows`);
      }

      // Every table outside a closed <details> is visible as it is.
      const hidden = await tab.evaluate(() =>
        [...document.querySelectorAll('table')]
          .filter((t) => !t.closest('details:not([open])'))
          .filter((t) => !t.checkVisibility())
          .map((t) => t.querySelector('caption')?.textContent ?? t.outerHTML.slice(0, 80)),
      );
      assert.deepEqual(hidden, [], 'tables not shown without JavaScript');
    } finally {
      await tab.close();
    }
  });
}

// The public area pages are among the pages every check visits (axe,
// keyboard, no JavaScript): the chooser and the first and last area.
test('the public area pages are checked', () => {
  const types = new Set(representatives('public').map((p) => p.type));
  assert.ok(types.has('areas/'), 'areas/index.html is not among the checked pages');
  assert.ok(types.has('areas/*'), 'no area page is among the checked pages');
});

// "Mitt område" on the start page: a plain list of links that leads to
// an area's page from file:// with JavaScript off.
test('no JavaScript: the start page chooser leads to an area page', async () => {
  const tab = await context.newPage();
  try {
    await tab.goto(fileUrl('public', 'index.html'));
    const links = tab.locator('section[aria-labelledby="my-area-h"] ul.area-list a');
    const n = await links.count();
    assert.ok(n > 0, 'no area links on the start page');
    const name = (await links.first().innerText()).trim();
    await links.first().click();
    await tab.waitForLoadState();
    assert.ok(tab.url().startsWith('file://') && tab.url().includes('/areas/'), tab.url());
    assert.equal((await tab.locator('main h1').innerText()).trim(), name);
    // The period table, then the table per category and year.
    const tables = tab.locator('main table.counts');
    assert.equal(await tables.count(), 2, 'a period table and one per category');
    for (const [table, what] of [[tables.nth(0), 'period'], [tables.nth(1), 'category']]) {
      assert.ok(await table.isVisible(), `the ${what} table of the area is not shown`);
      assert.ok((await table.locator('caption').innerText()).includes(name));
      assert.ok((await table.locator('tbody tr').count()) > 0, `the ${what} table has no rows`);
    }
    assert.ok((await tables.nth(1).locator('caption').innerText()).includes('kategori'));
  } finally {
    await tab.close();
  }
});
