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
//     behind that cue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { allRepresentatives, fileUrl, label, launch } from './lib.mjs';

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

test('the checks find small text, overlapping labels and a table scrolling without a cue', async () => {
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
  } finally {
    await tab.close();
  }
});
