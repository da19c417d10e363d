// Shared end-to-end helpers: serve dist/ and drive Debian's Chromium with
// playwright-core the way a person would.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');
export const artifacts = path.join(repo, 'artifacts');
fs.mkdirSync(artifacts, { recursive: true });

let nextPort = 8700 + Math.floor(Math.random() * 200);

/** Starts scripts/serve.mjs on a free port; resolves to { url, stop,
 *  requests } (requests: the path of each request served, in order; `csp`
 *  sends the page's CSP as a header too).
 *  A port something else holds (another test run's server) is skipped:
 *  up to 10 ports are tried. */
export async function serve({ plain = false, csp = false } = {}) {
  let last;
  for (let attempt = 0; attempt < 10; attempt++) {
    const port = nextPort++;
    const args = [path.join(repo, 'scripts/serve.mjs'), '--port', String(port), '--dir', path.join(repo, 'dist')];
    if (plain) args.push('--plain');
    if (csp) args.push('--csp');
    args.push('--log');
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', d => { err += String(d); });
    try {
      await new Promise((resolve, reject) => {
        child.stdout.on('data', d => String(d).includes('serving') && resolve());
        child.on('exit', code => reject(new Error(`server exited ${code}: ${err.trim().split('\n')[0]}`)));
      });
      child.stderr.on('data', d => process.stderr.write(d));
      // Each request's path, in order (serve.mjs --log).
      const requests = [];
      let partial = '';
      child.stdout.on('data', d => {
        const lines = (partial + d).split('\n');
        partial = lines.pop();
        for (const l of lines) if (l.startsWith('request ')) requests.push(l.slice(8));
      });
      return { url: `http://localhost:${port}/`, stop: () => child.kill(), requests };
    } catch (e) {
      last = e;
      if (!/EADDRINUSE/.test(err)) throw e;
    }
  }
  throw last;
}

/** A fresh headless Chromium profile (its languages: `locale`); collects
 *  page errors and console errors. */
export async function browser({ locale = 'en-US' } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // The browser's language decides the page's (issue 16): English unless
    // a test asks for another, whatever this machine's own locale is.
    locale,
    viewport: { width: 1280, height: 860 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  const problems = [];
  const workers = [];
  page.on('pageerror', e => problems.push(`pageerror: ${e.message}`));
  page.on('console', m => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  page.on('worker', w => workers.push(w));
  // Document loads of the top frame: navigation requests (a reload
  // mid-load still counts; history.replaceState does not).
  let loads = 0;
  page.on('request', r => { if (r.isNavigationRequest() && r.frame() === page.mainFrame()) loads++; });
  return {
    context, page, problems, workers,
    loads: () => loads,
    close: async () => { await context.close(); fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

/** Saves a screenshot outside git (artifacts/ is ignored). */
export async function shot(page, name) {
  const file = path.join(artifacts, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// What a learner reaches for, by its accessible name (design.md's hooks).
export const mode = b => b.page.getByRole('status', { name: 'Mode' });
export const button = (b, name) => b.page.getByRole('button', { name, exact: true });
export const editor = b => b.page.getByRole('textbox', { name: 'Python code' });
export const output = b => b.page.getByRole('region', { name: 'Output' });

/** Opens a page URL and waits for the worker pool's start-up check. */
export async function openUrl(b, url) {
  await b.page.goto(url);
  await poolChecked(b.page);
}

/** Waits for the worker pool's start-up check to pass, in any language. */
export async function poolChecked(page) {
  await page.locator('p.pool[data-check="passed"]').waitFor({ timeout: 30000 });
}

/** Replaces the editor's text the way a person would: select all, type. */
export async function typeProgram(b, text) {
  await editor(b).click();
  await b.page.keyboard.press('Control+A');
  await b.page.keyboard.press('Delete');
  // Typed line by line: the editor keeps the learner's indentation as is.
  await editor(b).pressSequentially(text, { delay: 0 });
}

/** Run, then wait for the run to finish. */
export async function runToEnd(b, timeout = 60000) {
  await button(b, 'Run').click();
  await mode(b).getByText(/FINISHED/).waitFor({ timeout });
}

/** Every lesson id, as the page's picker lists it (My program included;
 *  with `levels`, every challenge level's id instead):
 *  the tests keep no list of their own, so a new lesson is tested the day
 *  it is registered. */
export async function lessonsFromPicker({ levels = false } = {}) {
  const s = await serve();
  const b = await browser();
  try {
    await b.page.goto(s.url);
    await poolChecked(b.page);
    // Challenge levels are their own optgroup: `levels` lists them instead.
    const group = levels ? 'optgroup[label^="Challenge"]' : 'optgroup:not([label^="Challenge"])';
    return await b.page.getByRole('combobox', { name: 'Lesson' }).locator(`${group} option`)
      .evaluateAll(os => os.map(o => o.value));
  } finally {
    await b.close();
    s.stop();
  }
}
