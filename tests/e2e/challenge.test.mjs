// Issue 15: challenge mode plays end to end in Chromium. A level is won by
// clicking thread buttons (its committed solution, read from the level's
// own file) and by keys; a player who makes no real choice loses; every
// level's solution, carried by a link, replays to a win; Undo replays to
// one move earlier; progress is kept across a reload and can be reset.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, browser, shot, button, openUrl, repo, lessonsFromPicker } from './harness.mjs';

let server;
before(async () => { server = await serve(); });
after(() => server.stop());

const LEVELS = await lessonsFromPicker({ levels: true });
const source = id => fs.readFileSync(path.join(repo, 'levels', `${id}.py`), 'utf8');
const solution = id => source(id).match(/^# solution: ([\d.]+)$/m)[1].split('.').map(Number);

const verdict = b => b.page.getByRole('status', { name: 'Verdict' });
// What the player's moves said (the main thread's own are dimmed, .auto).
const moves = b => b.page.getByRole('list', { name: 'Moves' }).locator('li:not(.dim):not(.auto)');
const played = async b => Number((await b.page.getByRole('status', { name: 'Moves played' }).innerText()).split(' ')[0]);
const threadButton = (b, n) => b.page.getByRole('list', { name: 'Threads' })
  .getByRole('button', { name: new RegExp(`^Step thread ${n}:`) });

/** Waits until it is the player's turn: some thread button is enabled, or
 *  the level is decided. */
async function turn(b) {
  await b.page.waitForFunction(() => {
    const v = document.querySelector('[aria-label="Verdict"]');
    const on = [...document.querySelectorAll('[aria-label="Threads"] button')].some(x => !x.disabled);
    return v || on;
  }, null, { timeout: 20000 });
}

test('at least 12 levels, in the picker', () => {
  assert.ok(LEVELS.length >= 12, `${LEVELS.length} levels: ${LEVELS.join(', ')}`);
});

test('a level is won by clicking threads, Undo steps back, and the link replays the win', async () => {
  const b = await browser();
  try {
    const id = LEVELS[0];
    await openUrl(b, `${server.url}?v=2&level=${id}`);
    await b.page.getByRole('heading', { name: /^Level 1 of/ }).waitFor();
    const sol = solution(id);
    // The first move by click; then Undo must give the same position back.
    await turn(b);
    await threadButton(b, sol[0]).click();
    await turn(b);
    assert.equal(await played(b), 1);
    const first = await moves(b).first().innerText();
    assert.match(first, /^Thread-\d/, first);
    await button(b, 'Undo').click();
    await turn(b);
    assert.equal(await played(b), 0);
    assert.equal(await moves(b).count(), 0);
    // Now the whole solution: clicks for the first half, keys 1-9 for the rest.
    for (const [i, n] of sol.entries()) {
      await turn(b);
      if (i < sol.length / 2) await threadButton(b, n).click();
      else await b.page.keyboard.press(String(n));
      await b.page.waitForFunction(k => document.querySelector('[aria-label="Moves played"]')?.textContent.startsWith(`${k} `)
        || document.querySelector('[aria-label="Verdict"]'), i + 1, { timeout: 20000 });
    }
    await verdict(b).getByText(/You broke it/).waitFor({ timeout: 20000 });
    assert.equal(await moves(b).first().innerText(), first, 'the replayed run is the same run');
    const url = b.page.url();
    assert.match(url, new RegExp(`schedule=${sol.join('\\.')}(&|$)`), url);
    await b.page.getByText(/1 of \d+ levels done/).waitFor();
    await shot(b.page, 'challenge-won');
    // The link, opened fresh, replays to the same win; progress was kept.
    await openUrl(b, url);
    await verdict(b).getByText(/You broke it/).waitFor({ timeout: 20000 });
    await b.page.getByText(/1 of \d+ levels done/).waitFor();
    await button(b, 'Reset progress').click();
    await b.page.getByText(/0 of \d+ levels done/).waitFor();
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('a player who always picks the first thread loses, and can retry', async () => {
  const b = await browser();
  try {
    const id = LEVELS[Math.floor(Math.random() * LEVELS.length)];
    await openUrl(b, `${server.url}?v=2&level=${id}`);
    for (let i = 0; i < 300; i++) {
      await turn(b);
      if (await verdict(b).count()) break;
      const first = b.page.getByRole('list', { name: 'Threads' }).locator('button:not([disabled])').first();
      await first.click();
      await b.page.waitForFunction(k => document.querySelector('[aria-label="Moves played"]')?.textContent.startsWith(`${k} `)
        || document.querySelector('[aria-label="Verdict"]'), i + 1, { timeout: 20000 });
    }
    await verdict(b).getByText(/Not broken/).waitFor({ timeout: 20000 });
    await shot(b.page, `challenge-lost-${id}`);
    await button(b, 'Retry').click();
    await turn(b);
    assert.equal(await verdict(b).count(), 0);
    assert.equal(await played(b), 0);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('every level\'s committed solution, carried by a link, replays to a win in the browser', async () => {
  const b = await browser();
  try {
    for (const id of LEVELS) {
      await openUrl(b, `${server.url}?v=2&level=${id}&schedule=${solution(id).join('.')}`);
      try {
        await verdict(b).waitFor({ timeout: 30000 });
      } catch (e) {
        await shot(b.page, `challenge-no-verdict-${id}`);
        throw new Error(`${id}: no verdict after its solution's replay: ${e.message}`);
      }
      const text = await verdict(b).innerText();
      assert.match(text, /You broke it/, `${id}: ${text}`);
    }
    await b.page.getByText(new RegExp(`${LEVELS.length} of ${LEVELS.length} levels done`)).waitFor();
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('Undo on a level that needs every worker (?workers=4) waits for the old threads, then replays', async () => {
  const b = await browser();
  try {
    // The largest level: main and three philosophers, on a 4-worker page.
    const id = LEVELS[LEVELS.length - 1];
    const sol = solution(id);
    await openUrl(b, `${server.url}?v=2&level=${id}&schedule=${sol.slice(0, -1).join('.')}&workers=4`);
    await turn(b);
    assert.equal(await played(b), sol.length - 1);
    for (let k = 2; k <= 3; k++) {
      await button(b, 'Undo').click();
      await b.page.waitForFunction(n => document.querySelector('[aria-label="Moves played"]')?.textContent.startsWith(`${n} `),
        sol.length - k, { timeout: 20000 });
      await turn(b);
    }
    // Back to where it was, and on to the win.
    for (const [i, n] of sol.slice(-3).entries()) {
      await turn(b);
      await threadButton(b, n).click();
      await b.page.waitForFunction(k => document.querySelector('[aria-label="Moves played"]')?.textContent.startsWith(`${k} `)
        || document.querySelector('[aria-label="Verdict"]'), sol.length - 2 + i, { timeout: 20000 });
    }
    await verdict(b).getByText(/You broke it/).waitFor({ timeout: 20000 });
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});
