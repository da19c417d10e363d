// The playground end to end, driven the way a person uses it: open a share
// link, Run, Pause, Step, Reset, scrub, export the trace, share.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, browser, shot, lessonsFromPicker } from './harness.mjs';

let server;
before(async () => { server = await serve(); });
after(() => server.stop());

async function open(b, query) {
  await b.page.goto(server.url + query);
  await b.page.getByText(/distinct thread ids/).waitFor({ timeout: 30000 });
}

const mode = b => b.page.getByRole('status', { name: 'Mode' });
const button = (b, name) => b.page.getByRole('button', { name, exact: true });

async function runToEnd(b, timeout = 30000) {
  await button(b, 'Run').click();
  await mode(b).getByText(/FINISHED/).waitFor({ timeout });
}

// Every lesson, as the page's picker lists it: the tests keep no list of
// their own, so a new lesson is tested the day it is registered.
const LESSONS = (await lessonsFromPicker()).filter(id => id !== 'python');
// The fetch lessons fail requests on purpose (404s, a refused port):
// the browser logs those as console errors, which are expected there.
const expectedNetworkErrors = /Failed to load resource|ERR_CONNECTION_REFUSED|NetworkError|Failed to execute 'send' on 'XMLHttpRequest'/;

for (const id of LESSONS) {
  test(`lesson ${id}: opens from a share link, runs on real workers, matches CPython`, async () => {
    const b = await browser();
    try {
      await open(b, `?v=1&lesson=${id}&seed=3&speed=10`);
      await runToEnd(b);
      const ok = await b.page.locator('.checks li.ok').count();
      const failed = await b.page.locator('.checks li.fail').allInnerTexts();
      assert.ok(ok > 0, 'outcome checks shown');
      assert.deepEqual(failed, [], 'every outcome check passes');
      await shot(b.page, `lesson-${id}`);
      // Only the lessons that fetch can make these.
      const problems = b.problems.filter(p => !expectedNetworkErrors.test(p));
      assert.deepEqual(problems, []);
    } finally {
      await b.close();
    }
  });
}

test('export trace: Chrome Trace Event Format, one tid per real thread', async () => {
  const b = await browser();
  try {
    await open(b, '?v=1&lesson=pool&seed=3&speed=10&p.workers=3&p.tasks=6');
    await runToEnd(b);
    const [download] = await Promise.all([b.page.waitForEvent('download'), button(b, 'Export trace').click()]);
    const trace = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    const names = trace.traceEvents.filter(e => e.name === 'thread_name');
    const tids = new Set(names.map(e => e.tid));
    assert.equal(tids.size, names.length, 'one tid per thread');
    // L3 runs as Python: multiprocessing.pool's result-handler thread is
    // a thread of its own, as in CPython.
    assert.equal(names.length, 5, 'MainThread, 3 pool workers and the result handler');
    assert.ok(names.some(e => e.args.name === 'ForkPoolWorker-3'));
    const workers = new Set(names.map(e => e.args.worker));
    assert.equal(workers.size, 5, 'each on its own Web Worker');
    // The pool is named as the lesson's Python names it: `p = Pool(3)`.
    const tasks = trace.traceEvents.filter(e => e.name === 'p.task' && e.ph === 'B');
    assert.equal(tasks.length, 6);
    assert.equal(trace.otherData.run.seed, 3);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('pause holds every thread, step lets one operation through, reset recovers', async () => {
  const b = await browser();
  try {
    await open(b, '?v=1&lesson=queue&seed=1&speed=1');
    await button(b, 'Run').click();
    await b.page.waitForTimeout(700);
    await button(b, 'Pause').click();
    await mode(b).getByText(/paused/).waitFor();
    const lines = () => b.page.locator('.console li').count();
    const before = await lines();
    await b.page.waitForTimeout(800);
    assert.equal(await lines(), before, 'nothing happens while paused');
    // Keyboard shortcut s = Step; the page stays paused.
    await b.page.locator('body').press('s');
    await b.page.waitForTimeout(300);
    await mode(b).getByText(/paused/).waitFor();
    // Step one chosen thread, by keyboard on its lane name.
    const stepOne = b.page.getByRole('button', { name: 'Step Thread-3 (consumer)' });
    await stepOne.focus();
    await stepOne.press('Enter');
    await mode(b).getByText(/paused/).waitFor();
    // Scrub back while paused: the page says it is a replay.
    await b.page.getByRole('slider', { name: 'Timeline' }).fill('0');
    await mode(b).getByText(/REPLAY/).waitFor();
    await shot(b.page, 'paused-replay');
    await button(b, 'Reset').click();
    await mode(b).getByText(/ready/).waitFor({ timeout: 5000 });
    // And a new run works on the freed workers.
    await runToEnd(b, 60000);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('a self-deadlock is detected, explained, and one click resets it', async () => {
  const b = await browser();
  try {
    await open(b, '?v=1&lesson=locks&seed=1&speed=10&p.variant=lock-twice&p.threads=3');
    await button(b, 'Run').click();
    const alert = b.page.getByRole('alert').filter({ hasText: 'Deadlock' });
    await alert.waitFor({ timeout: 15000 });
    assert.match(await alert.innerText(), /waiting to acquire mutex.*already holds/s);
    // The stuck thread is shown on the nested acquire (line 11), not the
    // outer one (line 8).
    await b.page.getByLabel('Where the threads are').getByText(/line 11: Thread-\d/).waitFor();
    await shot(b.page, 'deadlock');
    const t0 = Date.now();
    await button(b, 'Reset to recover').click();
    await mode(b).getByText(/ready/).waitFor({ timeout: 5000 });
    assert.ok(Date.now() - t0 < 3000);
    // Again, on the same workers.
    await button(b, 'Run').click();
    await alert.waitFor({ timeout: 15000 });
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('changing the pool size updates the share link, which reopens the same state', async () => {
  const b = await browser();
  try {
    await open(b, '?v=1&lesson=pool&seed=9&speed=2');
    const slider = b.page.getByRole('slider', { name: 'Pool size' });
    await slider.focus();
    await slider.press('ArrowLeft');
    await slider.press('ArrowLeft');
    await b.page.waitForFunction(() => location.search.includes('p.workers=2'));
    const url = b.page.url();
    assert.match(url, /lesson=pool/);
    assert.match(url, /seed=9/);
    const b2 = await browser();
    try {
      await b2.page.goto(url);
      await b2.page.getByText(/distinct thread ids/).waitFor({ timeout: 30000 });
      assert.equal(await b2.page.getByRole('slider', { name: 'Pool size' }).inputValue(), '2');
      assert.equal(await b2.page.getByRole('spinbutton', { name: 'Seed' }).inputValue(), '9');
      assert.match(await b2.page.locator('.speed output').innerText(), /2\.0x/);
      // The parameter is the literal in the lesson's Python.
      assert.match(await b2.page.getByRole('textbox', { name: 'Python code' }).inputValue(), /p = Pool\(2\)/);
    } finally {
      await b2.close();
    }
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('a mangled link loads the nearest valid state with a notice, nothing rendered as HTML', async () => {
  const b = await browser();
  let dialogs = 0;
  b.page.on('dialog', d => { dialogs++; d.dismiss(); });
  try {
    const evil = encodeURIComponent('"><img src=x onerror=alert(1)><script>alert(2)</script>');
    await open(b, `?v=1&lesson=${evil}&seed=${evil}&speed=1e9&p.workers=1000000&p.${evil}=javascript:alert(3)`);
    const notices = b.page.getByRole('status', { name: 'Link notices' });
    await notices.waitFor();
    assert.match(await notices.innerText(), /Unknown lesson/);
    assert.equal(await b.page.locator('img[src=x]').count(), 0);
    assert.equal(await b.page.locator('#app script').count(), 0);
    // The nearest valid state: L3 with the largest pool size.
    assert.equal(await b.page.getByRole('slider', { name: 'Pool size' }).inputValue(), '8');
    await runToEnd(b);
    assert.equal(dialogs, 0);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('usable at 375 px wide', async () => {
  const b = await browser();
  try {
    await b.page.setViewportSize({ width: 375, height: 800 });
    await open(b, '?v=1&lesson=shared-value&speed=10');
    await runToEnd(b);
    const overflow = await b.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px`);
    await shot(b.page, 'narrow-375');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('the keyboard alone: Space runs and pauses from the controls without scrolling, and focus stays on them', async () => {
  const b = await browser();
  try {
    await b.page.setViewportSize({ width: 375, height: 800 });
    await open(b, '?v=1&lesson=queue&seed=1&speed=1');
    const focused = () => b.page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    const scrolled = () => b.page.evaluate(() => window.scrollY);
    await button(b, 'Run').focus();
    const y = await scrolled();
    await b.page.keyboard.press('Space');
    await mode(b).getByText(/LIVE · running/).waitFor();
    assert.equal(await focused(), 'Pause', 'Run became disabled: focus moved to Pause');
    await b.page.keyboard.press('Space');
    await mode(b).getByText(/paused/).waitFor();
    assert.equal(await focused(), 'Run', 'Pause became disabled: focus moved to Run');
    await b.page.keyboard.press('Space');
    await mode(b).getByText(/LIVE · running/).waitFor();
    assert.equal(await focused(), 'Pause');
    assert.equal(await scrolled(), y, 'Space did not scroll the page');
    await button(b, 'Reset').click();
    await mode(b).getByText(/ready/).waitFor({ timeout: 5000 });
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('fetch: real requests, at most n in flight, a 404 shown as a failure', async () => {
  const b = await browser();
  try {
    const seen = [];
    b.context.on('request', r => { if (/\/www\/site\/|127\.0\.0\.1:9/.test(r.url())) seen.push(r.url()); });
    await open(b, '?v=1&lesson=fetch&seed=2&speed=10&p.workers=2&p.urls=5&p.failures=on');
    await runToEnd(b);
    assert.deepEqual(await b.page.locator('.checks li.fail').allInnerTexts(), []);
    // 5 pages + the missing page + the unreachable host, each requested once.
    assert.equal(seen.length, 7, seen.join('\n'));
    await b.page.locator('.console').getByText('http://site.lockstep/missing.html 404').waitFor();
    assert.equal(await b.page.locator('.waterfall svg .wf-fail').count(), 2);
    await shot(b.page, 'fetch-waterfall');
    assert.deepEqual(b.problems.filter(p => !expectedNetworkErrors.test(p)), []);
  } finally {
    await b.close();
  }
});

test('crawler: the throughput sweep flattens, limits hold, every URL once', async () => {
  const b = await browser();
  try {
    const seen = [];
    b.context.on('request', r => { if (r.url().includes('/www/site/crawl/')) seen.push(r.url()); });
    await open(b, '?v=1&lesson=crawler&seed=1&speed=10&p.concurrent=8&p.per_domain=8&p.sweep=on&p.latency=0.5&p.jitter=0.5');
    await runToEnd(b, 60000);
    assert.deepEqual(await b.page.locator('.checks li.fail').allInnerTexts(), []);
    const lines = await b.page.locator('.console .text').allInnerTexts();
    assert.equal(lines.length, 4, lines.join('\n'));   // 1, 2, 4, 8
    // 21 URLs per crawl (18 pages, 3 dead links), 4 crawls, each requested once.
    assert.equal(seen.length, 84);
    console.log('throughput table:\n' + lines.join('\n'));
    await shot(b.page, 'crawler-sweep');
    assert.deepEqual(b.problems.filter(p => !expectedNetworkErrors.test(p)), []);
  } finally {
    await b.close();
  }
});

test('fetch: the learner adds a URL; it joins the share link and is really requested', async () => {
  const b = await browser();
  try {
    const seen = [];
    b.context.on('request', r => { if (r.url().startsWith('http://127.0.0.1:9/mine')) seen.push(r.url()); });
    await open(b, '?v=1&lesson=fetch&seed=2&speed=10&p.failures=off&p.urls=2');
    const field = b.page.getByRole('textbox', { name: 'Your URL (optional)' });
    // Not a URL: refused, the link does not change.
    await field.fill('javascript:alert(1)');
    await field.press('Enter');
    await field.blur();
    assert.ok(!b.page.url().includes('p.custom'), b.page.url());
    await field.fill('http://127.0.0.1:9/mine');
    await field.blur();
    await b.page.waitForFunction(() => location.search.includes('p.custom=http'));
    // The URL is in the lesson's Python, which runs.
    await b.page.waitForFunction(() => document.querySelector('textarea')?.value.includes("'http://127.0.0.1:9/mine',"));
    await runToEnd(b);
    assert.deepEqual(await b.page.locator('.checks li.fail').allInnerTexts(), []);
    // requests' ConnectionError, as CPython words it.
    await b.page.locator('.console').getByText(/http:\/\/127\.0\.0\.1:9\/mine failed: .*Max retries exceeded/).waitFor();
    assert.equal(seen.length, 1, 'requested once, from a Web Worker');
    assert.deepEqual(b.problems.filter(p => !expectedNetworkErrors.test(p)), []);
  } finally {
    await b.close();
  }
});

test('speedup lab plots measured speedup against workers and Amdahl', async () => {
  const b = await browser();
  try {
    await open(b, '?v=1&lesson=speedup&seed=1&speed=1&p.workers=2&p.kind=processes&p.numbers=300');
    await runToEnd(b, 60000);
    const plot = b.page.getByRole('img', { name: /Speedup by workers: 1 1\.00x, 2 / });
    await plot.waitFor();
    const label = await plot.getAttribute('aria-label');
    console.log('measured in the page: ' + label);
    assert.equal(await b.page.locator('.speedup circle.measured').count(), 2);
    await shot(b.page, 'speedup-plot');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

// Random valid parameters, not only the defaults: for each lesson, two sets
// drawn from the ranges its own controls offer (a new draw every run; the
// link of a failing set is in the message, to reproduce it). Every check
// the page shows must pass, the causality check of the trace included.
function draw(ctrl) {
  const pick = (lo, hi, step) => {
    const n = Math.round((hi - lo) / step);
    return +(lo + step * Math.floor(Math.random() * (n + 1))).toFixed(3);
  };
  if (ctrl.type === 'checkbox') return Math.random() < 0.5 ? 'on' : 'off';
  if (ctrl.type === 'select-one') return ctrl.options[Math.floor(Math.random() * ctrl.options.length)];
  return String(pick(ctrl.min, ctrl.max, ctrl.step));
}

for (const id of LESSONS) {
  test(`lesson ${id}: two random parameter sets keep cause before effect and pass their checks`, async () => {
    const b = await browser();
    try {
      await open(b, `?v=1&lesson=${id}`);
      const controls = await b.page.locator('[id^="param-"]').evaluateAll(els => els
        .filter(e => e.id !== 'param-seed' && e.type !== 'url')
        .map(e => ({ key: e.id.slice('param-'.length), type: e.type, min: +e.min, max: +e.max,
          step: +e.step || 1, options: e.options ? [...e.options].map(o => o.value) : [] })));
      assert.ok(controls.length > 0, 'the lesson has parameters');
      for (let k = 0; k < 2; k++) {
        const seed = Math.floor(Math.random() * 1e6);
        const link = `?v=1&lesson=${id}&seed=${seed}&speed=10&` +
          controls.map(c => `p.${c.key}=${encodeURIComponent(draw(c))}`).join('&');
        await open(b, link);
        const run = button(b, 'Run');
        if (await run.isDisabled()) {
          // More threads than the page's workers: the page says so instead.
          await b.page.getByText(/workers/).first().waitFor();
          continue;
        }
        await run.click();
        const deadlock = b.page.getByRole('alert').filter({ hasText: 'Deadlock' });
        await Promise.race([
          mode(b).getByText(/FINISHED/).waitFor({ timeout: 90000 }),
          deadlock.waitFor({ timeout: 90000 }),
        ]);
        if (await deadlock.isVisible()) {
          await button(b, 'Reset to recover').click();
          await mode(b).getByText(/ready/).waitFor({ timeout: 5000 });
          continue;
        }
        const failed = await b.page.locator('.checks li.fail').allInnerTexts();
        assert.deepEqual(failed, [], `every check passes for ${link}`);
        await b.page.locator('.checks li.ok', { hasText: 'cause before effect' }).waitFor();
      }
      // Only the lessons that fetch can make these.
      const problems = b.problems.filter(p => !expectedNetworkErrors.test(p));
      assert.deepEqual(problems, []);
    } finally {
      await b.close();
    }
  });
}
