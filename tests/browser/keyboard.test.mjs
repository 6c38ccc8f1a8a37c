// Keyboard only: the first Tab reaches a skip link that moves focus to
// <main>; Tab reaches every link, button, summary and input; each shows a
// focus indicator (its computed outline or box-shadow changes on focus).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { allRepresentatives, fileUrl, label, launch } from './lib.mjs';

const CONTROLS = 'a[href], button, summary, input, select, textarea, [tabindex]:not([tabindex="-1"])';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function checkSkipLink(tab) {
  await tab.keyboard.press('Tab');
  const skip = await tab.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    return {
      tag: a.tagName,
      href: a.getAttribute('href'),
      text: a.innerText.trim(),
      onScreen: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth,
    };
  });
  assert.equal(skip.tag, 'A', 'the first Tab does not focus a link');
  assert.equal(skip.href, '#main', `the first Tab focuses ${skip.href}, not a skip link to #main`);
  assert.ok(skip.text.length > 0, 'the skip link has no text');
  assert.ok(skip.onScreen, 'the focused skip link is not visible on screen');
  await tab.keyboard.press('Enter');
  const focused = await tab.evaluate(() => document.activeElement.tagName + '#' + document.activeElement.id);
  assert.equal(focused, 'MAIN#main', 'following the skip link does not move focus to <main>');
}

/**
 * Tabs through the page until focus leaves the document or comes back,
 * recording each focused element and its focus styles in `window.__walk`
 * (a focusin listener, so Tab is pressed in batches without a round trip).
 */
async function walk(tab, limit) {
  await tab.evaluate(() => {
    window.__walk = [];
    window.__done = false;
    document.addEventListener('focusin', (e) => {
      const el = e.target;
      if (window.__walk.some((w) => w.el === el)) return (window.__done = true);
      const cs = getComputedStyle(el);
      window.__walk.push({ el, focused: [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow].join('|') });
    });
    document.addEventListener('focusout', (e) => {
      if (!e.relatedTarget) window.__done = true;
    });
  });
  for (let pressed = 0; pressed < limit; pressed += 10) {
    for (let i = 0; i < 10; i++) await tab.keyboard.press('Tab');
    if (await tab.evaluate(() => window.__done)) return;
  }
  throw new Error(`Tab did not leave the page after ${limit} presses`);
}

/**
 * Opens every <details>, tabs through the page and returns the controls
 * that Tab never reached and those that look the same focused as not.
 */
async function keyboardProblems(tab) {
  const total = await tab.evaluate((sel) => {
    document.querySelectorAll('details').forEach((d) => (d.open = true));
    return document.querySelectorAll(sel).length;
  }, CONTROLS);
  await walk(tab, total + 20);
  return tab.evaluate((sel) => {
    const describe = (el) => {
      const text = (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40);
      const href = el.getAttribute('href');
      return `${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}${href ? `[href=${href}]` : ''} "${text}"`;
    };
    const style = (el) => {
      const cs = getComputedStyle(el);
      return [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow].join('|');
    };
    document.activeElement?.blur();
    const walked = window.__walk;
    const reached = new Set(walked.map((w) => w.el));
    const controls = [...document.querySelectorAll(sel)].filter((el) => el.checkVisibility({ visibilityProperty: true }));
    return {
      controls: controls.length,
      unreachable: controls.filter((el) => !reached.has(el)).map(describe),
      noFocusStyle: walked.filter((w) => w.focused === style(w.el)).map((w) => describe(w.el)),
    };
  }, CONTROLS);
}

for (const page of allRepresentatives()) {
  test(`keyboard: ${label(page)}`, async () => {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await tab.goto(fileUrl(page.output, page.path));
      await checkSkipLink(tab);
      // A fresh load (without #main), so that Tab starts at the top again.
      await tab.goto('about:blank');
      await tab.goto(fileUrl(page.output, page.path));
      const result = await keyboardProblems(tab);
      assert.ok(result.controls > 0, 'no control found on the page');
      assert.deepEqual(result.unreachable, [], `controls not reachable by Tab on ${label(page)}`);
      assert.deepEqual(result.noFocusStyle, [], `controls without a visible focus style on ${label(page)}`);
    } finally {
      await tab.close();
    }
  });
}

test('the keyboard check finds a control out of reach and one without focus style', async () => {
  const tab = await browser.newPage();
  await tab.setContent(`<!DOCTYPE html><style>#b:focus { outline: none }</style>
    <a id="a" href="#x">a</a> <a id="b" href="#y">b</a> <a id="c" href="#z" tabindex="-1">c</a>`);
  const result = await keyboardProblems(tab);
  await tab.close();
  assert.deepEqual(result.unreachable, ['a[href=#z] "c"']);
  assert.deepEqual(result.noFocusStyle, ['a[href=#y] "b"']);
});
