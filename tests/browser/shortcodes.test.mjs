// Computed figures in notes: the fixture tests/fixtures/shortcodes, built
// by ./run into $LAGESBILD_SHORTCODES. Its council note (in both outputs)
// and its operative note (internal) hold a `diagram` shortcode, and the
// operative note a `tabell`: each chart must be a <figure> named by its
// <figcaption>, with an SVG that is one image named by a <title> and a
// <desc>, and the table of its numbers; the stand-alone table must have a
// caption; and each page must pass axe-core (WCAG 2.0/2.1 A and AA).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeViolations, launch, runAxe } from './lib.mjs';

const SITE = process.env.LAGESBILD_SHORTCODES;
if (!SITE) throw new Error('LAGESBILD_SHORTCODES is not set: run the suite with tests/browser/run');

// [output, page, charts, stand-alone tables, rows per chart table]
const PAGES = [
  ['internal', 'meetings/2024-04-20-radet/index.html', 1, 0, 12],
  ['public', 'meetings/2024-04-20-radet/index.html', 1, 0, 12],
  ['internal', 'meetings/2024-03-07-operativ/index.html', 1, 1, 12],
];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Runs in the page: what its note body shows, for the checks below. */
function bodyFigures() {
  const prose = document.querySelector('.prose');
  const text = (el) => el?.textContent.trim() ?? '';
  const figures = [...prose.querySelectorAll('figure')].map((fig) => {
    const svg = fig.querySelector('svg');
    const named = (svg?.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    return {
      labelledBy: text(document.getElementById(fig.getAttribute('aria-labelledby'))),
      caption: text(fig.querySelector('figcaption')),
      role: svg?.getAttribute('role'),
      title: text(svg?.querySelector('title')),
      desc: text(svg?.querySelector('desc')),
      named: named.map((id) => text(svg.querySelector(`[id="${id}"]`))),
      rows: fig.querySelectorAll('table tbody tr').length,
    };
  });
  const tables = [...prose.querySelectorAll('table')]
    .filter((t) => !t.closest('figure'))
    .map((t) => ({ caption: text(t.querySelector('caption')), rows: t.querySelectorAll('tbody tr').length }));
  // A shortcode left as text outside code (code shows them on purpose).
  const outside = prose.cloneNode(true);
  outside.querySelectorAll('code').forEach((c) => c.remove());
  return { figures, tables, source: /\{\{\s*(diagram|tabell)\(/.test(outside.textContent) };
}

for (const [output, path, charts, tables, rows] of PAGES) {
  test(`shortcodes: ${output}/${path}`, async () => {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await tab.goto(pathToFileURL(join(SITE, output, path)).href);
      await tab.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const found = await tab.evaluate(bodyFigures);
      assert.equal(found.figures.length, charts, 'charts in the body');
      for (const f of found.figures) {
        assert.ok(f.caption.startsWith('Händelser per månad'), `caption: ${f.caption}`);
        assert.equal(f.labelledBy, f.caption, 'the figure is named by its caption');
        assert.equal(f.role, 'img');
        assert.ok(f.title && f.desc, 'the SVG has a <title> and a <desc>');
        assert.deepEqual(f.named, [f.title, f.desc], 'the SVG is named by them');
        assert.equal(f.rows, rows, 'rows of the data table');
      }
      assert.equal(found.tables.length, tables, 'stand-alone tables');
      for (const t of found.tables) assert.ok(t.caption && t.rows > 0, `table ${t.caption}`);
      assert.equal(found.source, false, 'no chart or table shortcode left as text');
      const result = await runAxe(tab);
      assert.ok(result.passes.length > 0, 'axe ran no rule');
      assert.equal(result.violations.length, 0, `axe on ${output}/${path}:\n${describeViolations(result.violations)}`);
    } finally {
      await tab.close();
    }
  });
}
