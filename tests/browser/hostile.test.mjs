// The hostile fixture (tests/fixtures/hostile: script, handlers, javascript:
// links, <base>, <form>, <iframe>, remote images and formulas in every text
// that reaches a page or a download), built by ./run into
// $LAGESBILD_HOSTILE and opened with JavaScript on: no payload runs, no
// request leaves the site folder, no element can run one later, and no
// CSV cell would run as a spreadsheet formula.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './lib.mjs';

const HOSTILE = process.env.LAGESBILD_HOSTILE;
if (!HOSTILE) throw new Error('LAGESBILD_HOSTILE is not set: run the suite with tests/browser/run');

function files(dir, ext) {
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(ext)) found.push(p);
    }
  };
  walk(dir);
  return found;
}

let browser, context;
before(async () => {
  browser = await launch();
  context = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 1280, height: 900 } });
});
after(async () => {
  await browser?.close();
});

const pages = files(HOSTILE, '.html');

test('the hostile fixture was built', () => {
  assert.ok(pages.some((p) => p.includes(`${sep}public${sep}meetings${sep}`)), 'no public note page');
  assert.ok(pages.some((p) => p.includes(`${sep}public${sep}pages${sep}`)), 'no public free page');
});

for (const path of pages) {
  const name = relative(HOSTILE, path).split(sep).join('/');
  test(`hostile: ${name}`, async () => {
    const tab = await context.newPage();
    const dialogs = [];
    const outside = [];
    tab.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    tab.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith('file:') && !url.startsWith('data:') && !url.startsWith('about:')) outside.push(url);
    });
    try {
      await tab.goto(pathToFileURL(path).href);
      await tab.waitForLoadState('load');
      // Click every heading and link that stays on the page: a handler
      // that survived would run now.
      for (const el of await tab.locator('main h1, main h2, main h3, main a[href^="#"]').all()) {
        await el.click({ timeout: 2000 }).catch(() => {});
      }
      await tab.waitForTimeout(100);
      const found = await tab.evaluate(() => {
        const bad = [];
        for (const el of document.querySelectorAll('*')) {
          for (const a of el.attributes) {
            if (/^on/i.test(a.name)) bad.push(`${el.tagName} ${a.name}`);
            if (/^\s*javascript:/i.test(a.value)) bad.push(`${el.tagName} ${a.name}=javascript:`);
          }
        }
        for (const el of document.querySelectorAll('base, iframe, object, embed, main style, main svg:not(figure svg)')) {
          bad.push(el.tagName);
        }
        // The site's own scripts are files of the site (search); a script
        // written inline or loaded from elsewhere is not.
        const remote = (u) => /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(u || '');
        for (const el of document.querySelectorAll('script')) {
          if (!el.getAttribute('src') || remote(el.getAttribute('src'))) bad.push(`script ${el.outerHTML.slice(0, 60)}`);
        }
        // The site's own search form stays on the site.
        for (const el of document.querySelectorAll('form')) {
          if (remote(el.getAttribute('action'))) bad.push(`form ${el.getAttribute('action')}`);
        }
        for (const img of document.querySelectorAll('img')) {
          if (/^(https?:)?\/\//i.test(img.getAttribute('src') || '')) bad.push(`img ${img.getAttribute('src')}`);
        }
        return bad;
      });
      assert.deepEqual(dialogs, [], 'a payload ran');
      assert.deepEqual(outside, [], 'a request left the site folder');
      assert.deepEqual(found, [], 'active or remote content on the page');
    } finally {
      await tab.close();
    }
  });
}

test('hostile: no CSV cell runs as a formula', () => {
  const csvs = files(HOSTILE, '.csv');
  assert.ok(csvs.length > 0, 'no CSV written');
  const bad = [];
  for (const file of csvs) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      // Cells as a spreadsheet splits them (quotes removed).
      const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? [];
      for (let cell of cells) {
        cell = cell.replace(/,$/, '');
        if (cell.startsWith('"')) cell = cell.slice(1, -1).replaceAll('""', '"');
        if (/^[=+@\t\r]/.test(cell) || (/^-/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell))) {
          bad.push(`${relative(HOSTILE, file)}: ${cell}`);
        }
      }
    }
  }
  assert.deepEqual(bad, []);
});
