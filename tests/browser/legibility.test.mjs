// Phone-first charts and tables (issue 16, part 3), at 390 px (a phone)
// and 1280 px (a laptop), on every page type of both outputs:
//  1. every text drawn in an <svg> renders at 12 CSS px or more: its
//     computed font size (in the SVG's units) times the scale the SVG is
//     drawn at (`getScreenCTM()`);
//  2. no two texts of one SVG overlap (their boxes intersect by more than
//     1 px both ways);
//  3. a table wider than its scroll box shows the scroll cue at the edge
//     where the columns go on (its pixels darken the right edge compared
//     with the same box without the cue, and no longer once scrolled to
//     the end), and its key columns (Förändring, Status) are visible or
//     behind that cue;
//  4. on a phone held upright (390 × 844), on the start page, the newest
//     month report and the action register of both outputs: every table
//     fits its box or shows the cue (3); a table that scrolls keeps its
//     first column (the row's label) on screen and on top, opaque, when
//     scrolled fully right; every action's Status is on screen without
//     scrolling sideways, and an action table shown as blocks is still a
//     table (rows, column and row heads) in the accessibility tree;
//  5. on both start pages at 390 × 844 the change against a year earlier
//     is on screen without scrolling (the tables show their key columns,
//     a "Visa alla kolumner" link the rest, without JavaScript);
//  6. at 1280 px no table of the action register is wider than its box.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { OUTPUTS, allRepresentatives, fileUrl, label, launch, monthReport } from './lib.mjs';

const WIDTHS = [390, 1280];
const MIN_PX = 12;
/** Header cells of the columns a reader must find: the changes and the status. */
const KEY_COLUMN = /^(Förändring|Status)\b/;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Runs in the page: text too small or overlapping in a visible SVG. */
function svgTextProblems(minPx) {
  const problems = [];
  const svgs = [...document.querySelectorAll('svg')].filter((s) => s.checkVisibility() && s.getScreenCTM());
  svgs.forEach((svg, k) => {
    const ctm = svg.getScreenCTM();
    const scale = Math.hypot(ctm.a, ctm.b);
    const name = svg.querySelector('title')?.textContent.slice(0, 40) || `svg ${k + 1}`;
    const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim() && t.checkVisibility());
    for (const t of texts) {
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (px < minPx - 0.01) problems.push(`"${name}": "${t.textContent.trim()}" is ${px.toFixed(1)} px`);
    }
    const boxes = texts.map((t) => [t.textContent.trim(), t.getBoundingClientRect()]);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [ta, a] = boxes[i];
        const [tb, b] = boxes[j];
        const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (dx > 1 && dy > 1) problems.push(`"${name}": "${ta}" overlaps "${tb}" (${dx.toFixed(1)} × ${dy.toFixed(1)} px)`);
      }
    }
  });
  return problems;
}

/** Runs in the page: how much darker the right edge of screenshot `a` is than of `b` (base64 PNGs). */
async function edgeDarkening([a, b, strip]) {
  const pixels = async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    [c.width, c.height] = [img.width, img.height];
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    return ctx.getImageData(img.width - strip, 0, strip, img.height).data;
  };
  const [pa, pb] = [await pixels(a), await pixels(b)];
  let darker = 0;
  for (let i = 0; i < pa.length; i += 4) {
    const lum = (p) => p[i] + p[i + 1] + p[i + 2];
    if (lum(pb) - lum(pa) >= 24) darker++;
  }
  return darker / (pa.length / 4);
}

/** The share of the right edge's pixels that the cue darkens, now. */
async function cueShare(tab, wrap) {
  const strip = 10;
  const withCue = await wrap.screenshot();
  await wrap.evaluate((w) => w.style.setProperty('background', 'none', 'important'));
  const without = await wrap.screenshot();
  await wrap.evaluate((w) => w.style.removeProperty('background'));
  return tab.evaluate(edgeDarkening, [withCue.toString('base64'), without.toString('base64'), strip]);
}

/** Problems of the tables that scroll sideways on the page in `tab`. */
async function tableProblems(tab) {
  const problems = [];
  for (const table of await tab.$$('table')) {
    const facts = await table.evaluate((t, keyRe) => {
      const wrap = t.parentElement;
      if (!t.checkVisibility() || !wrap) return null;
      wrap.scrollLeft = 0;
      const edge = wrap.getBoundingClientRect().right;
      const keys = [...t.querySelectorAll('thead th')]
        .filter((th) => new RegExp(keyRe).test(th.textContent.trim()))
        .map((th) => ({ text: th.textContent.trim(), shown: th.getBoundingClientRect().right <= edge + 1 }));
      const caption = (t.caption?.textContent || wrap.getAttribute('aria-label') || t.className).trim().slice(0, 40);
      return { overflows: wrap.scrollWidth > wrap.clientWidth + 1, keys, caption };
    }, KEY_COLUMN.source);
    if (!facts?.overflows) continue;
    const wrap = await table.evaluateHandle((t) => t.parentElement);
    const atStart = await cueShare(tab, wrap);
    await wrap.evaluate((w) => (w.scrollLeft = w.scrollWidth));
    const atEnd = await cueShare(tab, wrap);
    await wrap.evaluate((w) => (w.scrollLeft = 0));
    const cue = atStart >= 0.5;
    if (!cue) problems.push(`"${facts.caption}" scrolls without a cue at its right edge (${(100 * atStart).toFixed(0)} % of the edge darkened)`);
    if (atEnd >= 0.5) problems.push(`"${facts.caption}" still shows the cue when scrolled to the end`);
    for (const key of facts.keys.filter((k) => !k.shown && !cue))
      problems.push(`"${facts.caption}" hides its column "${key.text}" without a scroll cue`);
  }
  return problems;
}

for (const width of WIDTHS) {
  for (const page of allRepresentatives()) {
    test(`${width} px: ${label(page)}`, async () => {
      const tab = await browser.newPage({ viewport: { width, height: 900 } });
      try {
        await tab.goto(fileUrl(page.output, page.path));
        await tab.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        const problems = [...(await tab.evaluate(svgTextProblems, MIN_PX)), ...(await tableProblems(tab))];
        assert.deepEqual(problems, [], `at ${width} px on ${label(page)}`);
      } finally {
        await tab.close();
      }
    });
  }
}

/**
 * Runs in the page: a table that scrolls sideways, scrolled fully right,
 * whose first column is not wholly inside the window and its scroll box,
 * not on top at its centre (another cell painted over it) or not opaque.
 */
function stickyProblems() {
  const problems = [];
  const opaque = (c) => {
    const m = c.match(/rgba?\(([^)]*)\)/);
    return m && (m[1].split(/[ ,/]+/).length < 4 || parseFloat(m[1].split(/[ ,/]+/)[3]) === 1);
  };
  for (const t of document.querySelectorAll('table')) {
    const wrap = t.parentElement;
    if (!t.checkVisibility() || !wrap || wrap.scrollWidth <= wrap.clientWidth + 1) continue;
    const caption = (t.caption?.textContent || wrap.getAttribute('aria-label') || t.className).trim().slice(0, 40);
    wrap.scrollLeft = wrap.scrollWidth;
    const box = wrap.getBoundingClientRect();
    const rows = [...t.rows].filter((r) => r.cells.length && r.checkVisibility());
    for (const row of rows) {
      const cell = row.cells[0];
      const name = `"${caption}": "${cell.textContent.trim().slice(0, 30)}"`;
      const r = cell.getBoundingClientRect();
      const left = Math.max(0, box.left);
      const right = Math.min(window.innerWidth, box.right);
      if (r.left < left - 1 || r.right > right + 1) {
        problems.push(`${name} leaves the screen when scrolled right (${Math.round(r.left)}–${Math.round(r.right)} px)`);
        continue;
      }
      // On top: the element at the cell's centre is the cell or inside it.
      const y = r.top + r.height / 2 + window.scrollY;
      window.scrollTo(window.scrollX, y - window.innerHeight / 2);
      const c = cell.getBoundingClientRect();
      const hit = document.elementFromPoint(c.left + c.width / 2, c.top + c.height / 2);
      if (!hit || !cell.contains(hit)) problems.push(`${name} is covered when scrolled right`);
      if (!opaque(getComputedStyle(cell).backgroundColor)) problems.push(`${name} has no opaque background`);
    }
    wrap.scrollLeft = 0;
  }
  return problems;
}

/** Runs in the page: an action whose Status cell is not on screen with its table unscrolled. */
function statusProblems() {
  const problems = [];
  for (const t of document.querySelectorAll('table.actions')) {
    if (!t.checkVisibility()) continue;
    const wrap = t.parentElement;
    wrap.scrollLeft = 0;
    const heads = [...(t.tHead?.rows[0]?.cells || [])].map((c) => c.textContent.trim());
    const k = heads.indexOf('Status');
    if (k < 0) {
      problems.push(`an action table without a Status column (${heads.join(', ')})`);
      continue;
    }
    const box = wrap.getBoundingClientRect();
    for (const row of t.tBodies[0]?.rows || []) {
      const r = row.cells[k]?.getBoundingClientRect();
      const id = row.cells[0].textContent.trim();
      if (!r || r.width === 0) problems.push(`${id}: no Status cell`);
      else if (r.left < Math.max(0, box.left) - 1 || r.right > Math.min(window.innerWidth, box.right) + 1)
        problems.push(`${id}: Status at ${Math.round(r.left)}–${Math.round(r.right)} px, off screen`);
    }
  }
  return problems;
}

/** The pages a reader opens first on a phone, in both outputs. */
const PHONE_PAGES = OUTPUTS.flatMap((output) =>
  ['index.html', monthReport(output), 'actions/index.html'].map((path) => ({ output, path, type: 'phone' })),
);

for (const page of PHONE_PAGES) {
  test(`390 × 844: tables of ${page.output}/${page.path} keep their label and Status on screen`, async () => {
    const tab = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await tab.goto(fileUrl(page.output, page.path));
      await tab.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const tables = await tab.$$eval('table', (ts) => ts.filter((t) => t.checkVisibility()).length);
      assert.ok(tables > 0, `no table on ${page.output}/${page.path}`);
      const problems = [
        ...(await tableProblems(tab)),
        ...(await tab.evaluate(stickyProblems)),
        ...(await tab.evaluate(statusProblems)),
      ];
      if (page.path === 'actions/index.html') {
        const rows = await tab.$$eval('table.actions tbody tr', (rs) => rs.length);
        assert.ok(rows > 0, 'the action register has no rows');
      }
      // Shown as blocks, an action table is still a table to assistive
      // technology (Chromium's accessibility tree): column heads, row heads.
      for (const actions of await tab.locator('table.actions').all()) {
        const tree = await actions.ariaSnapshot();
        assert.match(tree, /^- table /, tree.slice(0, 200));
        assert.match(tree, /columnheader "Status"/, tree.slice(0, 400));
        assert.match(tree, /rowheader "A-\d{4}-\d+"/, tree.slice(0, 400));
      }
      assert.deepEqual(problems, [], `at 390 × 844 on ${page.output}/${page.path}`);
    } finally {
      await tab.close();
    }
  });
}

/**
 * Runs in the page: the cells of each change-against-a-year-earlier
 * column ("Förändring … i fjol") that are not on screen with their table
 * unscrolled, and how many such columns there are.
 */
function yearChangeProblems() {
  const problems = [];
  let columns = 0;
  for (const t of document.querySelectorAll('table')) {
    if (!t.checkVisibility()) continue;
    const wrap = t.parentElement;
    wrap.scrollLeft = 0;
    const heads = [...(t.tHead?.rows[0]?.cells || [])];
    const k = heads.findIndex((c) => /^Förändring\b.*i fjol/s.test(c.textContent.trim()));
    if (k < 0) continue;
    columns++;
    const box = wrap.getBoundingClientRect();
    const [left, right] = [Math.max(0, box.left), Math.min(window.innerWidth, box.right)];
    for (const row of t.rows) {
      const cell = row.cells[k];
      const r = cell?.getBoundingClientRect();
      const name = `"${(t.caption?.textContent || '').trim()}": ${row.cells[0].textContent.trim().slice(0, 30)}`;
      if (!r || r.width === 0) problems.push(`${name}: no change cell`);
      else if (r.left < left - 1 || r.right > right + 1)
        problems.push(`${name}: the change at ${Math.round(r.left)}–${Math.round(r.right)} px, off screen`);
    }
  }
  return { problems, columns };
}

for (const output of OUTPUTS) {
  test(`390 × 844: the start page of ${output} shows the change against a year earlier without scrolling, every column behind a link`, async () => {
    const tab = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await tab.goto(fileUrl(output, 'index.html'));
      const { problems, columns } = await tab.evaluate(yearChangeProblems);
      assert.ok(columns >= 1, 'no change column against a year earlier on the start page');
      assert.deepEqual(problems, []);
      // The priority tables fit their box: nothing to scroll to.
      const wide = await tab.$$eval('.priority table', (ts) =>
        ts.filter((t) => t.parentElement.scrollWidth > t.parentElement.clientWidth + 1).map((t) => t.className),
      );
      assert.deepEqual(wide, [], 'a priority table scrolls on a phone');
      // Each "Visa alla kolumner" link shows the columns left out (no JS:
      // the link's fragment targets the table's wrapper).
      const links = await tab.locator('.priority .show-all a').all();
      assert.ok(links.length >= 2, `${links.length} links to every column`);
      for (const link of links) {
        const id = (await link.getAttribute('href')).slice(1);
        const hidden = () => tab.$$eval(`#${id} .opt`, (cs) => cs.filter((c) => !c.checkVisibility()).length);
        assert.ok((await hidden()) > 0, `#${id}: no column left out before the link`);
        await link.click();
        assert.equal(await hidden(), 0, `#${id}: columns still left out after the link`);
      }
    } finally {
      await tab.close();
    }
  });
}

/** Runs in the page: each visible table wider than the box it sits in. */
function widerThanBox() {
  return [...document.querySelectorAll('table')]
    .filter((t) => t.checkVisibility())
    .map((t) => [t, t.parentElement])
    .filter(([t, box]) => t.getBoundingClientRect().width > box.clientWidth + 1)
    .map(([t, box]) => `"${(t.caption?.textContent || t.className).trim().slice(0, 40)}": ${Math.round(t.getBoundingClientRect().width)} px in ${box.clientWidth} px`);
}

for (const output of OUTPUTS) {
  test(`1280 px: no table of the action register of ${output} is wider than its box`, async () => {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await tab.goto(fileUrl(output, 'actions/index.html'));
      const tables = await tab.$$eval('table', (ts) => ts.filter((t) => t.checkVisibility()).length);
      assert.ok(tables > 0, `no table on ${output}/actions/index.html`);
      assert.deepEqual(await tab.evaluate(widerThanBox), []);
    } finally {
      await tab.close();
    }
  });
}

test('the checks find small text, overlapping labels, a table scrolling without a cue or its label, Status off screen', async () => {
  const tab = await browser.newPage({ viewport: { width: 390, height: 600 } });
  try {
    await tab.setContent(`<!DOCTYPE html>
      <svg viewBox="0 0 720 100" style="width:360px"><title>t</title>
        <text x="10" y="50" font-size="16">halved</text>
        <text x="300" y="50" font-size="30">one</text><text x="310" y="55" font-size="30">two</text></svg>
      <div style="overflow-x:auto;background:#fff"><table><thead><tr><th>Kategori</th>
        <th><div style="width:600px">Antal</div></th><th>Förändring</th></tr></thead></table></div>`);
    const svg = await tab.evaluate(svgTextProblems, MIN_PX);
    assert.ok(svg.some((p) => p.includes('"halved" is 8.0 px')), svg.join('\n'));
    assert.ok(svg.some((p) => p.includes('"one" overlaps "two"')), svg.join('\n'));
    assert.ok(!svg.some((p) => p.includes('"halved" overlaps')), svg.join('\n'));
    const tables = await tableProblems(tab);
    assert.ok(tables.some((p) => p.includes('without a cue')), tables.join('\n'));
    assert.ok(tables.some((p) => p.includes('hides its column "Förändring"')), tables.join('\n'));
    const sticky = await tab.evaluate(stickyProblems);
    assert.ok(sticky.some((p) => p.includes('"Kategori" leaves the screen')), sticky.join('\n'));
    await tab.setContent(`<!DOCTYPE html><div class="table-wrap" style="overflow-x:auto"><table class="actions">
      <thead><tr><th>Id</th><th>Vad</th><th>Status</th></tr></thead>
      <tbody><tr><th>A-1</th><td><div style="width:600px">lång</div></td><td>Pågår</td></tr></tbody></table></div>
      <div style="overflow-x:auto"><table><thead><tr><th style="position:sticky;left:0;background:#fff">Kategori</th>
        <th><div style="width:600px">Antal</div></th></tr></thead></table></div>
      <div style="overflow-x:auto"><table><thead><tr><th style="position:sticky;left:0">Genomskinlig</th>
        <th><div style="width:600px">Antal</div></th></tr></thead></table></div>`);
    const wide = await tab.evaluate(widerThanBox);
    assert.ok(wide.some((p) => p.includes('px in 3')), wide.join('\n'));
    const year = await tab.evaluate(yearChangeProblems);
    assert.equal(year.columns, 0, 'a table without a change column');
    await tab.setContent(`<!DOCTYPE html><div style="overflow-x:auto"><table><caption>c</caption>
      <thead><tr><th>Kategori</th><th><div style="width:600px">Antal</div></th><th>Förändring <br>mot i fjol</th></tr></thead>
      <tbody><tr><th>Klotter</th><td>5</td><td>+1</td></tr></tbody></table></div>`);
    const off = await tab.evaluate(yearChangeProblems);
    assert.equal(off.columns, 1);
    assert.ok(off.problems.some((p) => p.includes('Klotter: the change at')), off.problems.join('\n'));
    await tab.setContent(`<!DOCTYPE html><div class="table-wrap" style="overflow-x:auto"><table class="actions">
      <thead><tr><th>Id</th><th>Vad</th><th>Status</th></tr></thead>
      <tbody><tr><th>A-1</th><td><div style="width:600px">lång</div></td><td>Pågår</td></tr></tbody></table></div>
      <div style="overflow-x:auto"><table><thead><tr><th style="position:sticky;left:0;background:#fff">Kategori</th>
        <th><div style="width:600px">Antal</div></th></tr></thead></table></div>
      <div style="overflow-x:auto"><table><thead><tr><th style="position:sticky;left:0">Genomskinlig</th>
        <th><div style="width:600px">Antal</div></th></tr></thead></table></div>`);
    const status = await tab.evaluate(statusProblems);
    assert.ok(status.some((p) => p.startsWith('A-1: Status at')), status.join('\n'));
    const kept = await tab.evaluate(stickyProblems);
    assert.ok(!kept.some((p) => p.includes('"Kategori"')), kept.join('\n'));
    assert.ok(kept.some((p) => p.includes('"Genomskinlig" has no opaque background')), kept.join('\n'));
  } finally {
    await tab.close();
  }
});
