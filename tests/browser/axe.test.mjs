// axe-core with the WCAG 2.0/2.1 A and AA rules on one or two pages of
// every page type of both outputs: no violation allowed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { allRepresentatives, describeViolations, fileUrl, label, launch, runAxe } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

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
        `${result.violations.length} axe violations on ${label(page)}:\n${describeViolations(result.violations)}`,
      );
    } finally {
      await tab.close();
    }
  });
}
