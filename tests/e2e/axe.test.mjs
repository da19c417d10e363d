// Issue 18, item 9: accessibility measured with the standard engine.
// axe-core (npm, pinned) runs on every lesson after a run, on "My
// program", on the deadlock view, in slow motion and at 375 px; serious
// and critical violations must be 0.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, browser, repo, button, openUrl, runToEnd, lessonsFromPicker } from './harness.mjs';

const AXE = fs.readFileSync(path.join(repo, 'node_modules/axe-core/axe.min.js'), 'utf8');

let server;
before(async () => { server = await serve(); });
after(() => server.stop());

/** axe's serious and critical violations on the page as it is now, one
 *  line each with the elements they name. */
async function violations(b) {
  // Evaluated through the DevTools protocol: the page's CSP (no inline
  // scripts) does not apply to it.
  if (!(await b.page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await b.page.evaluate(`${AXE};0`);
  }
  const found = await b.page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return r.violations
      .filter(v => v.impact === 'serious' || v.impact === 'critical')
      .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(' | ')}`);
  });
  return found;
}

const LESSONS = await lessonsFromPicker();

test('axe-core: no serious or critical violation on any lesson, before and after a run', async () => {
  const b = await browser();
  const report = [];
  try {
    for (const id of LESSONS) {
      const query = id === 'python' ? '?v=2&lesson=python&code=&speed=10' : `?v=1&lesson=${id}&speed=10`;
      await openUrl(b, server.url + query);
      report.push(...(await violations(b)).map(v => `${id} (ready): ${v}`));
      await runToEnd(b, 120000);
      report.push(...(await violations(b)).map(v => `${id} (finished): ${v}`));
    }
  } finally {
    await b.close();
  }
  assert.deepEqual(report, []);
});

test('axe-core: the deadlock view, slow motion and a phone', async () => {
  const b = await browser();
  const report = [];
  try {
    // L7's Lock taken twice: the deadlock banner, its Reset, the cycle.
    await openUrl(b, `${server.url}?v=1&lesson=locks&p.variant=lock-twice&p.sleep=0`);
    await button(b, 'Run').click();
    await b.page.getByRole('button', { name: 'Reset to recover' }).waitFor({ timeout: 30000 });
    report.push(...(await violations(b)).map(v => `deadlock: ${v}`));
    await button(b, 'Reset').click();

    await openUrl(b, `${server.url}?v=1&lesson=queue`);
    await button(b, 'Slow motion').click();
    await button(b, 'Run').click();
    await b.page.locator('ol.said li.last').waitFor({ timeout: 20000 });
    report.push(...(await violations(b)).map(v => `slow motion: ${v}`));
    await button(b, 'Reset').click();

    await b.page.setViewportSize({ width: 375, height: 800 });
    await openUrl(b, `${server.url}?v=1&lesson=pool&speed=10`);
    await runToEnd(b);
    report.push(...(await violations(b)).map(v => `375 px: ${v}`));
  } finally {
    await b.close();
  }
  assert.deepEqual(report, []);
});

test('axe-core: a challenge level, mid-game and won, at 1280 and 375 px', async () => {
  const b = await browser();
  const report = [];
  try {
    const levels = await lessonsFromPicker({ levels: true });
    const id = levels[Math.floor(Math.random() * levels.length)];
    const sol = fs.readFileSync(path.join(repo, 'levels', `${id}.py`), 'utf8')
      .match(/^# solution: ([\d.]+)$/m)[1].split('.');
    for (const width of [1280, 375]) {
      await b.page.setViewportSize({ width, height: 860 });
      // Half the solution: the player's turn, threads held, hints shown.
      await openUrl(b, `${server.url}?v=2&level=${id}&schedule=${sol.slice(0, sol.length >> 1).join('.')}`);
      await b.page.getByRole('list', { name: 'Threads' }).locator('button:not([disabled])').first().waitFor({ timeout: 20000 });
      await button(b, 'Hint (0 of 3)').click();
      report.push(...(await violations(b)).map(v => `${id} mid-game at ${width}: ${v}`));
      await openUrl(b, `${server.url}?v=2&level=${id}&schedule=${sol.join('.')}`);
      await b.page.getByRole('status', { name: 'Verdict' }).waitFor({ timeout: 20000 });
      report.push(...(await violations(b)).map(v => `${id} won at ${width}: ${v}`));
    }
  } finally {
    await b.close();
  }
  assert.deepEqual(report, []);
});
