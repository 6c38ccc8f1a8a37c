// Print: a month report of each output on A4 portrait. In print media
// nothing is wider than the A4 content width, charts and tables avoid page
// breaks inside them, navigation is hidden; printed to PDF, every page
// names the period and the date of the data's last update.
// The council summary: the example's last complete year report prints on
// at most 8 A4 pages, every page numbered "n / N", no page blank, no
// action id broken at its hyphens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUT, OUTPUTS, SHOTS, fileUrl, htmlFiles, launch, monthReport } from './lib.mjs';

// A4 is 210 mm wide; the theme's @page has 15 mm margins left and right.
const MM = 96 / 25.4;
const CONTENT_WIDTH = Math.floor((210 - 2 * 15) * MM);

let browser;
before(async () => {
  browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
});

/** Runs in the page (print media): layout problems, as strings. */
function printProblems(width) {
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + ` "${(el.querySelector('caption, figcaption')?.textContent ?? el.textContent).trim().slice(0, 40)}"`;
  if (document.scrollingElement.scrollWidth > width)
    problems.push(`the page is ${document.scrollingElement.scrollWidth} px wide, A4 has ${width} px`);
  for (const el of document.querySelectorAll('figure, table, svg, .table-wrap')) {
    if (el.closest('svg') && el.tagName !== 'svg') continue;
    const r = el.getBoundingClientRect();
    if (r.right > width + 1) problems.push(`${name(el)} reaches ${Math.round(r.right)} px, A4 has ${width} px`);
    if (el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'svg')
      problems.push(`${name(el)} cuts off ${el.scrollWidth - el.clientWidth} px of its content`);
  }
  // A chart and a table stay whole; a figure may break between its chart
  // and its data table (kept whole, a tall one left a page blank), and a
  // register of any length (actions, events) breaks between its rows. A
  // data table whose numbers the printed chart shows is not printed twice.
  for (const el of document.querySelectorAll('.chart-box, table')) {
    if (el.closest('.print-skip')) continue;
    const register = el.matches('table.actions, table.events');
    const avoid = getComputedStyle(register ? el.querySelector('tr') ?? el : el).breakInside === 'avoid';
    if (!avoid) problems.push(`${name(el)} has no break-inside: avoid${register ? ' on its rows' : ''}`);
    if (!el.checkVisibility()) problems.push(`${name(el)} is not printed`);
  }
  for (const s of document.querySelectorAll('summary')) {
    if (s.checkVisibility()) problems.push(`summary "${s.textContent.trim().slice(0, 30)}" is printed`);
  }
  // An id is broken when its text lies on more than one line: the tops of
  // its text's boxes (the cell's own height is the row's, which another
  // cell's wrapped text may make tall).
  for (const th of document.querySelectorAll('table.actions tbody th')) {
    if (th.getClientRects().length === 0 || !/^\S+$/.test(th.textContent.trim())) continue;
    const range = document.createRange();
    range.selectNodeContents(th);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    if (tops.size > 1) problems.push(`action id "${th.textContent.trim()}" is broken over lines`);
  }
  for (const nav of document.querySelectorAll('nav, .skip')) {
    if (nav.checkVisibility()) problems.push(`${nav.tagName.toLowerCase()} "${nav.textContent.trim().slice(0, 30)}" is printed`);
  }
  return problems;
}

/** pdftotext of each page of a PDF, whitespace folded. */
function pdfPages(file) {
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return text.split('\f').slice(0, -1).map((p) => p.replace(/\s+/g, ' '));
}

for (const output of OUTPUTS) {
  test(`print: a month report of ${output} on A4`, async () => {
    const path = monthReport(output);
    const data = JSON.parse(readFileSync(join(OUT, output, path.replace(/index\.html$/, 'data.json')), 'utf8'));
    const tab = await browser.newPage({ viewport: { width: CONTENT_WIDTH, height: 1000 } });
    try {
      await tab.goto(fileUrl(output, path));
      await tab.emulateMedia({ media: 'print' });
      const problems = await tab.evaluate(printProblems, CONTENT_WIDTH);
      assert.deepEqual(problems, [], `print layout of ${output}/${path}`);
      // The date of the data's last update, as the page footer states it.
      const until = await tab.evaluate(() => document.querySelector('.data-until')?.textContent.trim());
      assert.ok(until, 'the page does not state the date of the last data');
      const running = await tab.evaluate(() => {
        const el = document.querySelector('.print-running');
        return el && el.checkVisibility() ? { text: el.textContent, position: getComputedStyle(el).position } : null;
      });
      assert.ok(running, 'no running head is printed');
      assert.equal(running.position, 'fixed', 'the running head is not repeated (position: fixed) on every page');

      const file = join(SHOTS, `${output}-month.pdf`);
      // As Ctrl+P in Chromium: the page's own @page size and margins.
      const pdf = await tab.pdf({ path: file, preferCSSPageSize: true });
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      const pages = Number(info.match(/^Pages:\s+(\d+)/m)[1]);
      assert.ok(pages >= 1, 'the PDF has no page');
      const [w, h] = info.match(/^Page size:\s+([\d.]+) x ([\d.]+) pts/m).slice(1).map(Number);
      assert.ok(Math.abs(w - 595) < 2 && Math.abs(h - 842) < 2, `the page is ${w} x ${h} pt, not A4 portrait`);

      const texts = pdfPages(file);
      assert.equal(texts.length, pages);
      texts.forEach((t, i) => {
        assert.ok(t.includes(data.period.label), `page ${i + 1} of ${pages} does not name the period "${data.period.label}"`);
        assert.ok(t.includes(until), `page ${i + 1} of ${pages} does not give "${until}"`);
      });
      console.log(`${file}: ${pages} A4 pages`);
    } finally {
      await tab.close();
    }
  });
}

/** The last complete year report of an output. */
function yearReport(output) {
  const years = htmlFiles(join(OUT, output))
    .filter((p) => /^reports\/year\/\d{4}\/index\.html$/.test(p))
    .filter((p) => !JSON.parse(readFileSync(join(OUT, output, p.replace(/index\.html$/, 'data.json')), 'utf8')).period.partial);
  if (years.length === 0) throw new Error(`no complete year report in ${output}`);
  return years.at(-1);
}

// Measured by hand on 2 December 2026 (one headless Chromium 156 print):
// the example's internal 2025 report printed on 12 pages before, 7 after.
for (const output of OUTPUTS) {
  test(`print: the council summary (a year report) of ${output} on at most 8 numbered A4 pages`, async () => {
    const path = yearReport(output);
    const tab = await browser.newPage({ viewport: { width: CONTENT_WIDTH, height: 1000 } });
    try {
      await tab.goto(fileUrl(output, path));
      await tab.emulateMedia({ media: 'print' });
      const problems = await tab.evaluate(printProblems, CONTENT_WIDTH);
      assert.deepEqual(problems, [], `print layout of ${output}/${path}`);
      const file = join(SHOTS, `${output}-year.pdf`);
      await tab.pdf({ path: file, preferCSSPageSize: true });
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      const pages = Number(info.match(/^Pages:\s+(\d+)/m)[1]);
      assert.ok(pages <= 8, `${output}/${path} prints on ${pages} A4 pages, at most 8 wanted`);
      const texts = pdfPages(file);
      texts.forEach((t, i) => {
        // The page-margin box: "3 / 7" (pdftotext may drop the spaces).
        assert.match(t, new RegExp(`\\b${i + 1} ?/ ?${pages}\\b`), `page ${i + 1} of ${pages} has no page number`);
        // More than the running head and the page number: not blank.
        assert.ok(t.length > 200, `page ${i + 1} of ${pages} is (nearly) blank: "${t.slice(0, 80)}"`);
      });
      console.log(`${file}: ${pages} A4 pages`);
    } finally {
      await tab.close();
    }
  });
}
