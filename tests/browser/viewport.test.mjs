// 390 px (a phone) and 1280 px (a laptop): the page never scrolls
// sideways, wide tables scroll inside their own box, nothing is cut off.
// Also takes the screenshots that a person looks at (see README).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUTS, SHOTS, allRepresentatives, fileUrl, label, launch, monthReport } from './lib.mjs';

const WIDTHS = [390, 1280];

let browser;
before(async () => {
  browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
});

/** Runs in the page: what overflows, as strings. */
function overflowProblems() {
  const width = window.innerWidth;
  const problems = [];
  const scrollWidth = document.scrollingElement.scrollWidth;
  if (scrollWidth > width) problems.push(`the page is ${scrollWidth} px wide in a ${width} px window`);
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const inScrollBox = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (scrolls(p)) return true;
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') + ` "${(el.textContent || '').trim().slice(0, 30)}"`;

  for (const table of document.querySelectorAll('table')) {
    if (!table.checkVisibility()) continue;
    const wrap = table.parentElement;
    if (!wrap || !scrolls(wrap)) {
      problems.push(`${name(table)} is not inside a box that scrolls sideways`);
      continue;
    }
    const r = wrap.getBoundingClientRect();
    if (r.right > width + 1 || r.left < -1) problems.push(`the scroll box of ${name(table)} reaches outside the window`);
    if (wrap.scrollWidth > wrap.clientWidth && wrap.tabIndex < 0)
      problems.push(`the scroll box of ${name(table)} scrolls but cannot be focused to scroll by keyboard`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg') || !el.checkVisibility()) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    // Wholly left of the window is hiding on purpose (the skip link).
    const out = r.right > width + 1 || (r.left < -1 && r.right > 0);
    if (out && !inScrollBox(el))
      problems.push(`${name(el)} reaches outside the window (${Math.round(r.left)}–${Math.round(r.right)} px)`);
    const cs = getComputedStyle(el);
    const visuallyHidden = el.clientWidth <= 1; // clipped to 1 px on purpose
    if (['hidden', 'clip'].includes(cs.overflowX) && el.scrollWidth > el.clientWidth + 1 && !visuallyHidden)
      problems.push(`${name(el)} cuts off its content (${el.scrollWidth} px in ${el.clientWidth} px)`);
  }
  return problems;
}

for (const width of WIDTHS) {
  for (const page of allRepresentatives()) {
    test(`${width} px: ${label(page)}`, async () => {
      const tab = await browser.newPage({ viewport: { width, height: 900 } });
      try {
        await tab.goto(fileUrl(page.output, page.path));
        // Check the contents of closed <details> too.
        await tab.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        const problems = await tab.evaluate(overflowProblems);
        assert.deepEqual(problems, [], `overflow at ${width} px on ${label(page)}`);
      } finally {
        await tab.close();
      }
    });
  }
}

test('the overflow check finds a wide table outside a scroll box', async () => {
  const tab = await browser.newPage({ viewport: { width: 390, height: 600 } });
  await tab.setContent('<!DOCTYPE html><table><tr><td><div style="width:600px">wide</div></td></tr></table>');
  const problems = await tab.evaluate(overflowProblems);
  await tab.close();
  assert.ok(problems.some((p) => p.startsWith('the page is')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('not inside a box that scrolls')), problems.join('\n'));
});

test('screenshots of the start page and a month report', async () => {
  let taken = 0;
  for (const output of OUTPUTS) {
    for (const [name, path] of [['start', 'index.html'], ['month', monthReport(output)]]) {
      for (const width of WIDTHS) {
        const tab = await browser.newPage({ viewport: { width, height: 900 } });
        await tab.goto(fileUrl(output, path));
        const file = join(SHOTS, `${output}-${name}-${width}.png`);
        const png = await tab.screenshot({ path: file, fullPage: true });
        await tab.close();
        assert.ok(png.length > 10_000, `${file} is almost empty`);
        taken++;
      }
    }
  }
  assert.equal(taken, 8);
  console.log(`screenshots in ${SHOTS}`);
});
