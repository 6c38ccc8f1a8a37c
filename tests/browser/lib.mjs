// Shared helpers of the browser suite: where the built site is, which
// pages stand for each page type, and a Chromium launched the way this
// machine allows (Debian's binary, no downloads, no network services).
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The folder holding `internal/` and `public/`, set by `./run`. */
export const OUT = process.env.LAGESBILD_OUT;
if (!OUT) {
  throw new Error('LAGESBILD_OUT is not set: run the suite with tests/browser/run');
}

/** Where screenshots and the printed PDF go (git-ignored under target/). */
export const SHOTS = process.env.LAGESBILD_SHOTS || join(OUT, 'screenshots');

export const OUTPUTS = ['internal', 'public'];

/** Every `.html` file below `dir`, as paths relative to it with `/`. */
export function htmlFiles(dir) {
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.html')) found.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return found;
}

/**
 * The page type of a path: the path with its last folder made a wildcard
 * when it lies two or more folders deep (`reports/month/2024-03/index.html`
 * → `reports/month/*`, `meetings/x/index.html` → `meetings/*`); a page one
 * folder deep (`places/index.html`) or at the root is a type of its own.
 * New page types (search, place pages) are found the same way.
 */
export function pageType(path) {
  const dirs = path.split('/').slice(0, -1);
  if (dirs.length === 0) return path;
  if (dirs.length === 1) return `${dirs[0]}/`;
  return `${dirs.slice(0, -1).join('/')}/*`;
}

/**
 * One or two pages per page type of one output: the first and the last in
 * path order (for reports: the oldest, without comparisons, and the
 * newest, often a period still running).
 */
export function representatives(output) {
  const groups = new Map();
  for (const path of htmlFiles(join(OUT, output))) {
    const type = pageType(path);
    if (!groups.has(type)) groups.set(type, []);
    groups.get(type).push(path);
  }
  const pages = [];
  for (const [type, paths] of [...groups].sort()) {
    const chosen = paths.length > 1 ? [paths[0], paths.at(-1)] : [paths[0]];
    for (const path of chosen) pages.push({ output, type, path });
  }
  return pages;
}

/** Representative pages of both outputs. */
export function allRepresentatives() {
  return OUTPUTS.flatMap(representatives);
}

/** The newest month report of an output. */
export function monthReport(output) {
  const months = htmlFiles(join(OUT, output)).filter((p) => p.startsWith('reports/month/'));
  if (months.length === 0) throw new Error(`no month report in ${output}`);
  return months.at(-1);
}

export function fileUrl(output, path) {
  return pathToFileURL(join(OUT, output, path)).href;
}

/** Launches Debian's Chromium; Playwright gives it a fresh, temporary profile. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** `name` of a page for test titles. */
export function label(page) {
  return `${page.output}/${page.path} [${page.type}]`;
}

/** One violation per line: rule, impact, help and the failing nodes. */
export function describeViolations(violations) {
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
export async function runAxe(tab) {
  await tab.addScriptTag({ path: AXE });
  return tab.evaluate((values) => window.axe.run(document, { runOnly: { type: 'tag', values } }), TAGS);
}
