// Charts for everyone: each chart SVG is one labelled image whose text is
// hidden from screen readers (the data table carries it); every mark and
// axis has at least 3:1 contrast against the chart's background, text at
// least 4.5:1 against what it is drawn on (a cell, a halo, the
// background); and where marks differ by colour, each one is named in text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { allRepresentatives, fileUrl, label, launch } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Runs in the page: the problems of every chart figure, as strings. */
function chartProblems() {
  const rgb = (s) => {
    const m = s.match(/rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/);
    return m ? { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] } : null;
  };
  const over = (c, alpha, bg) => ['r', 'g', 'b'].reduce((o, k) => ({ ...o, [k]: c[k] * alpha + bg[k] * (1 - alpha) }), {});
  const lum = (c) => {
    const ch = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const hex = (c) => '#' + ['r', 'g', 'b'].map((k) => Math.round(c[k]).toString(16).padStart(2, '0')).join('');

  const problems = [];
  const figures = [...document.querySelectorAll('figure')];
  figures.forEach((fig, i) => {
    const name = `figure ${i + 1} (${fig.querySelector('figcaption')?.textContent.trim()})`;
    const svg = fig.querySelector('svg');
    if (!svg) return problems.push(`${name}: no SVG`);
    if (svg.getAttribute('role') !== 'img') problems.push(`${name}: the SVG has no role="img"`);
    const ids = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    if (ids.length === 0 || ids.some((id) => !svg.querySelector(`[id="${id}"]`)?.textContent.trim()))
      problems.push(`${name}: aria-labelledby does not name a <title> and <desc> with text`);
    const spoken = [...svg.querySelectorAll('text')].filter((t) => !t.closest('[aria-hidden="true"]'));
    if (spoken.length) problems.push(`${name}: ${spoken.length} <text> not aria-hidden (the table carries them)`);

    // The background: the page behind the SVG, then a full-size first rect.
    let bg = { r: 255, g: 255, b: 255 };
    const first = svg.querySelector('rect');
    const vb = svg.viewBox.baseVal;
    const full = first && first.width.baseVal.value >= vb.width && first.height.baseVal.value >= vb.height;
    if (full) bg = rgb(getComputedStyle(first).fill) ?? bg;

    // The shapes drawn on the chart, in document order (patterns apart).
    const shapes = [...svg.querySelectorAll('rect, circle, path, polyline, polygon')].filter(
      (el) => !(el === first && full) && !el.closest('defs, pattern, clipPath, mask'),
    );
    // What a text is read against: its own halo (a stroke painted under
    // the fill), else whatever was drawn before it under its centre, else
    // the background. A number written on a dark cell is thus checked
    // against that cell, not against the white around the chart. Returns
    // null over a pattern, whose colours cannot be told.
    const behind = (t) => {
      const cs = getComputedStyle(t);
      const halo = rgb(cs.stroke);
      if (halo && halo.a > 0 && cs.paintOrder.startsWith('stroke') && parseFloat(cs.strokeWidth) >= 2)
        return over(halo, halo.a * +cs.opacity, bg);
      const box = t.getBBox();
      const centre = new DOMPoint(box.x + box.width / 2, box.y + box.height / 2).matrixTransform(t.getScreenCTM());
      let under = bg;
      for (const el of shapes) {
        if (!(el.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
        if (!el.isPointInFill(centre.matrixTransform(el.getScreenCTM().inverse()))) continue;
        const fill = getComputedStyle(el).fill;
        if (fill.startsWith('url(')) under = null;
        const c = rgb(fill);
        if (c && c.a > 0) under = over(c, c.a * +getComputedStyle(el).opacity, under ?? bg);
      }
      return under;
    };

    const colours = new Set();
    for (const el of [...shapes, ...svg.querySelectorAll('text')]) {
      const cs = getComputedStyle(el);
      const opacity = +cs.opacity;
      if (el.tagName === 'text') {
        if (!el.textContent.trim()) continue;
        const c = rgb(cs.fill);
        if (!c || c.a === 0) continue;
        const under = behind(el);
        if (!under) {
          problems.push(`${name}: text "${el.textContent.trim()}" lies on a pattern without a halo`);
          continue;
        }
        const seen = over(c, c.a * opacity, under);
        const r = ratio(seen, under);
        if (r < 4.5)
          problems.push(`${name}: text "${el.textContent.trim()}" ${hex(seen)} on ${hex(under)} has contrast ${r.toFixed(2)}:1 < 4.5:1`);
        continue;
      }
      for (const prop of ['fill', 'stroke']) {
        const c = rgb(cs[prop]);
        if (!c || c.a === 0 || cs[prop] === 'none') continue;
        const seen = over(c, c.a * opacity, bg);
        const r = ratio(seen, bg);
        if (r < 1.01) continue; // invisible against the background: draws nothing
        if (r < 3) problems.push(`${name}: ${el.tagName} ${prop} ${hex(seen)} has contrast ${r.toFixed(2)}:1 < 3:1`);
        if (el.tagName !== 'polyline') colours.add(hex(seen));
      }
    }
    // Marks in more than one colour: each category must be named in the
    // chart itself, so colour is never the only key.
    if (colours.size > 1) {
      const words = svg.textContent.replace(/\s+/g, ' ');
      for (const th of fig.querySelectorAll('tbody th')) {
        const label = th.textContent.trim();
        if (!words.includes(label)) problems.push(`${name}: marks differ by colour, but "${label}" is not written in the chart`);
      }
    }
  });
  return { figures: figures.length, problems };
}

for (const page of allRepresentatives()) {
  test(`charts: ${label(page)}`, async () => {
    const tab = await browser.newPage();
    try {
      await tab.goto(fileUrl(page.output, page.path));
      const { problems } = await tab.evaluate(chartProblems);
      assert.deepEqual(problems, [], `chart problems on ${label(page)}`);
    } finally {
      await tab.close();
    }
  });
}

test('charts: the contrast check finds a pale colour', async () => {
  const tab = await browser.newPage();
  await tab.setContent(`<figure><figcaption>x</figcaption>
    <svg viewBox="0 0 100 100" role="img" aria-labelledby="t"><title id="t">x</title>
    <rect x="0" y="0" width="100" height="100" fill="#FFFFFF"/>
    <rect x="0" y="0" width="50" height="10" fill="#FFD700"/>
    <rect x="0" y="20" width="50" height="10" fill="#1F4E79"/>
    <text>A</text></svg><table><tbody><tr><th>A</th></tr><tr><th>B</th></tr></tbody></table></figure>`);
  const { problems } = await tab.evaluate(chartProblems);
  await tab.close();
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems.join('\n'), /#ffd700 has contrast 1\.4\d:1 < 3:1/);
  assert.match(problems.join('\n'), /not aria-hidden/);
  assert.match(problems.join('\n'), /"B" is not written/);
});

test('charts: text is checked against the cell it is written on', async () => {
  const tab = await browser.newPage();
  await tab.setContent(`<figure><figcaption>x</figcaption>
    <svg viewBox="0 0 100 100" role="img" aria-labelledby="t"><title id="t">x</title>
    <defs><pattern id="h" width="4" height="4" patternUnits="userSpaceOnUse"><rect width="4" height="4" fill="#fff"/></pattern></defs>
    <g aria-hidden="true">
    <rect x="0" y="0" width="50" height="20" fill="#6594c6"/><text x="25" y="14" fill="#fff">1</text>
    <rect x="50" y="0" width="50" height="20" fill="#6594c6"/><text x="75" y="14" fill="#1b1b1b">2</text>
    <rect x="0" y="30" width="50" height="20" fill="#0b2d4d"/><text x="25" y="44" fill="#fff">3</text>
    <rect x="50" y="30" width="50" height="20" fill="url(#h)"/><text x="75" y="44" fill="#000">4</text>
    <rect x="0" y="60" width="50" height="20" fill="url(#h)"/><text x="25" y="74" fill="#000" stroke="#fff" stroke-width="3" paint-order="stroke">5</text>
    <text x="75" y="74" fill="#fff">6</text>
    </g></svg></figure>`);
  const { problems } = await tab.evaluate(chartProblems);
  await tab.close();
  // White on the lightest blue (3.2:1), text on a pattern, white on white.
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems[0], /text "1" #ffffff on #6594c6 has contrast 3\.1\d:1 < 4\.5:1/);
  assert.match(problems[1], /text "4" lies on a pattern without a halo/);
  assert.match(problems[2], /text "6" #ffffff on #ffffff has contrast 1\.00:1/);
});
