// axe-core with the WCAG 2.0/2.1 A and AA rules on one or two pages of
// every page type of both outputs: no violation allowed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { allRepresentatives, fileUrl, label, launch } from './lib.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** One violation per line: rule, impact, help and the failing nodes. */
function describe(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`)
        .join('\n');
      const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
      return `  ${v.id} (${v.impact}): ${v.help}\n${nodes}${more}`;
    })
    .join('\n');
}

/** axe-core's result for the page loaded in `tab`, with the WCAG A/AA tags. */
async function runAxe(tab) {
  await tab.addScriptTag({ path: AXE });
  return tab.evaluate((values) => window.axe.run(document, { runOnly: { type: 'tag', values } }), TAGS);
}

test('axe finds a planted violation', async () => {
  const tab = await browser.newPage();
  await tab.setContent('<!DOCTYPE html><html lang="sv"><title>t</title><main><img src="x.png"></main></html>');
  const result = await runAxe(tab);
  await tab.close();
  assert.deepEqual(result.violations.map((v) => v.id), ['image-alt']);
});

for (const page of allRepresentatives()) {
  test(`axe: ${label(page)}`, async () => {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await tab.goto(fileUrl(page.output, page.path));
      // Check what closed <details> hide, too.
      await tab.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const result = await runAxe(tab);
      assert.ok(result.passes.length > 0, 'axe ran no rule');
      assert.equal(
        result.violations.length,
        0,
        `${result.violations.length} axe violations on ${label(page)}:\n${describe(result.violations)}`,
      );
    } finally {
      await tab.close();
    }
  });
}
