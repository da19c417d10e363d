// Issue 18, item 3: every lesson can be watched at 1x. Slow motion lets
// one traced operation through per beat and says it in a sentence; Step
// always moves something the learner can see; the timeline of a finished
// run spans most of the lanes' width, however short the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, browser, shot, button, openUrl, runToEnd, artifacts } from './harness.mjs';

let server;
before(async () => { server = await serve(); });
after(() => server.stop());

const said = b => b.page.getByRole('list', { name: 'What just happened' });
const lastSaid = async b => (await said(b).locator('li').allInnerTexts()).pop();

// The lessons of the notes that run as Python and need no network.
const LESSONS = ['processes', 'pool', 'shared-value', 'ipc-queue', 'threads', 'locks', 'queue'];
const pick = LESSONS[Math.floor(Math.random() * LESSONS.length)];

test(`slow motion says each operation as it happens (${pick}, 1x)`, async () => {
  const b = await browser();
  try {
    await openUrl(b, `${server.url}?v=1&lesson=${pick}&seed=${1 + Math.floor(Math.random() * 1000)}`);
    await button(b, 'Slow motion').click();
    assert.equal(await button(b, 'Slow motion').getAttribute('aria-pressed'), 'true');
    await button(b, 'Run').click();
    await b.page.getByRole('status', { name: 'Mode' }).getByText(/SLOW MOTION/).waitFor();
    // At 1x a beat is 0.7 s: within 8 s, several distinct sentences, one
    // at a time (the newest is last).
    const seen = new Set();
    const start = Date.now();
    while (Date.now() - start < 8000 && seen.size < 4) {
      const s = await lastSaid(b);
      if (s && !/will be said here/.test(s)) seen.add(s);
      await b.page.waitForTimeout(150);
    }
    assert.ok(seen.size >= 4, `sentences in 8 s: ${[...seen].join(' | ')}`);
    for (const s of seen) assert.match(s, /^(MainThread|Thread|Process|ForkPoolWorker|Producer|Consumer|[\w-]+) /, s);
    await shot(b.page, `slow-motion-${pick}`);
    // Off: the run goes on at full speed to its end.
    await button(b, 'Slow motion').click();
    await b.page.getByRole('status', { name: 'Mode' }).getByText(/FINISHED/).waitFor({ timeout: 60000 });
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('every Step press says something new, and a lane name steps that thread', async () => {
  const b = await browser();
  try {
    await openUrl(b, `${server.url}?v=1&lesson=locks&p.threads=3&p.sleep=0`);
    let previous = '';
    const step = async () => {
      const before = await said(b).locator('li').count().catch(() => 0);
      await button(b, 'Step').click();
      // Something the page shows happened: a new sentence came.
      await b.page.waitForFunction(([n, prev]) => {
        const l = document.querySelector('ol.said');
        const items = l ? [...l.querySelectorAll('li:not(.dim)')] : [];
        return items.length > 0 && (items.length > n || items[items.length - 1].textContent !== prev);
      }, [before, previous], { timeout: 10000 });
      previous = await lastSaid(b);
    };
    for (let i = 0; i < 12; i++) await step();
    // A lane's name steps that thread to its next visible operation. The
    // hard case is a thread waiting for the lock: the others must be let
    // through until it takes it, and what they say on the way does not
    // end its step (CI at stop 25 saw the holder's sentence said last).
    // Staged as a learner would: Thread-1 takes the mutex, Thread-2 is
    // stepped into waiting for it, then Thread-2 is stepped once more.
    const laneStep = async (who, until) => {
      for (let i = 0; i < 30; i++) {
        const lane = b.page.getByRole('button', { name: `Step ${who}`, exact: true });
        if (!(await lane.count())) {
          // Not started yet: MainThread starts it.
          await b.page.getByRole('button', { name: 'Step MainThread', exact: true }).click();
        } else {
          await lane.click();
        }
        await b.page.waitForTimeout(300);
        previous = await lastSaid(b);
        if (until.test(previous)) return;
      }
      assert.fail(`${who} never said ${until}: ${previous}`);
    };
    await openUrl(b, `${server.url}?v=1&lesson=locks&p.threads=3&p.sleep=0`);
    await button(b, 'Step').click();
    await laneStep('Thread-1', /^Thread-1 takes mutex/);
    await laneStep('Thread-2', /^Thread-2 waits for mutex, held by Thread-1/);
    await b.page.getByRole('button', { name: 'Step Thread-2', exact: true }).click();
    // Its sentence is among the newest, not always the last: the holder's
    // release wakes it, it takes the mutex there and then, and the holder
    // may say its own next sentence ("Thread-1 finishes.") in that frame.
    await b.page.waitForFunction(() => [...document.querySelectorAll('ol.said li')]
      .some(li => li.textContent.startsWith('Thread-2 takes mutex')), null, { timeout: 20000 });
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('a finished run fills the timeline, however short it is', async () => {
  const b = await browser();
  try {
    // L6 at full speed finishes in a few milliseconds.
    await openUrl(b, `${server.url}?v=1&lesson=threads&speed=10`);
    await runToEnd(b);
    const box = await b.page.locator('.lanes > svg').evaluate(svg => {
      const now = svg.querySelector('line.now');
      const base = svg.querySelector('line.lane-base');
      return { now: +now.getAttribute('x1'), x0: +base.getAttribute('x1'), x1: +base.getAttribute('x2') };
    });
    const fill = (box.now - box.x0) / (box.x1 - box.x0);
    assert.ok(fill > 0.75 && fill <= 1, `the run spans ${(fill * 100).toFixed(0)}% of the plot`);
  } finally {
    await b.close();
  }
});

test('layout: lanes, the code with its thread markers and the output share one 1280x860 screen; 11 px lanes at 375', async () => {
  const b = await browser();
  try {
    await openUrl(b, `${server.url}?v=1&lesson=pool&p.workers=${2 + Math.floor(Math.random() * 5)}`);
    await button(b, 'Run').click();
    await b.page.locator('.gl.current').first().waitFor({ timeout: 20000 });
    const box = sel => b.page.locator(sel).first().boundingBox();
    const [lanes, code, out, marker] = await Promise.all(
      ['.lanes', '.editor', 'section.console', '.gl.current'].map(box));
    const H = 860;
    assert.ok(lanes.y >= 0 && lanes.y + lanes.height <= H, `lanes ${JSON.stringify(lanes)}`);
    for (const [name, r] of [['code', code], ['output', out]]) {
      assert.ok(r.y >= 0 && H - r.y >= 200, `${name} shows at least 200 px: ${JSON.stringify(r)}`);
    }
    assert.ok(marker.y >= 0 && marker.y + marker.height <= H, `a thread's line marker is on screen: ${JSON.stringify(marker)}`);
    await shot(b.page, 'layout-1280-running');
    await button(b, 'Reset').click();

    await b.page.setViewportSize({ width: 375, height: 800 });
    await openUrl(b, `${server.url}?v=1&lesson=pool&speed=10`);
    await runToEnd(b);
    const px = await b.page.locator('.lanes > svg').evaluate(svg => {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return parseFloat(getComputedStyle(svg.querySelector('.lane-name')).fontSize) * scale;
    });
    assert.ok(px >= 10.9, `lane names are ${px.toFixed(1)} px at 375`);
    const overflow = await b.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`);
    const lanesOverflow = await b.page.locator('.lanes').evaluate(el => el.scrollWidth - el.clientWidth);
    assert.ok(lanesOverflow <= 1, `the lanes scroll sideways by ${lanesOverflow}px (legend or drawing cut)`);
    await shot(b.page, 'layout-375-finished');
  } finally {
    await b.close();
  }
});

test('the pool says why its makespan is not sum/n, and a waiting thread is never busy', async () => {
  const b = await browser();
  try {
    const workers = 2 + Math.floor(Math.random() * 4);
    await openUrl(b, `${server.url}?v=1&lesson=pool&speed=10&p.workers=${workers}&p.tasks=${workers * 2 + 1}`);
    await runToEnd(b);
    const story = await b.page.locator('.story').innerText();
    assert.match(story, /of work: .* per worker if \d+ workers could share it evenly/, story);
    assert.match(story, /ran tasks? [\d, and]+ \([\d.]+ s\) and finished last/, story);
    const bars = await b.page.getByRole('group', { name: 'How each thread spent the run' })
      .getByRole('img').evaluateAll(els => els.map(e => e.getAttribute('aria-label')));
    const main = bars.find(l => l.startsWith('MainThread:'));
    const busy = +main.match(/(\d+)% busy/)[1];
    assert.ok(busy < 50, `MainThread waits in join most of the run, yet ${main}`);
    for (const m of story.matchAll(/(ForkPoolWorker-\d+) for its last/g)) {
      const bar = bars.find(l => l.startsWith(m[1] + ':'));
      assert.ok(+bar.match(/(\d+)% busy/)[1] < 100, `an idle tail is not busy: ${bar}`);
    }
  } finally {
    await b.close();
  }
});

test("the picker lists the lessons in the notes' order, and Next and Previous walk them", async () => {
  const b = await browser();
  try {
    await openUrl(b, server.url);
    const labels = await b.page.getByRole('combobox', { name: 'Lesson' }).locator('option')
      .evaluateAll(os => os.map(o => o.textContent));
    const numbers = labels.filter(l => /^L\d+ ·/.test(l)).map(l => +l.match(/^L(\d+)/)[1]);
    assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), `in order: ${numbers}`);
    assert.equal(numbers[0], 1, 'L1 comes first');
    const title = () => b.page.locator('.lesson-title').innerText();
    const start = await title();
    const n = +start.match(/^L(\d+)/)[1];
    await b.page.getByRole('button', { name: /^Next lesson/ }).click();
    assert.match(await title(), new RegExp(`^L${n + 1} ·`));
    await b.page.getByRole('button', { name: /^Previous lesson/ }).click();
    assert.equal(await title(), start);
  } finally {
    await b.close();
  }
});

test('the crawler: Run says why it is off beside it; the sweep draws its curve in a page of bounded height', async () => {
  const b = await browser();
  try {
    // 24 download slots on a 16-worker page: Run is off, and why is said
    // right under the controls.
    await openUrl(b, `${server.url}?v=1&lesson=crawler&p.concurrent=24`);
    assert.ok(await button(b, 'Run').isDisabled());
    const why = b.page.getByRole('alert').filter({ hasText: /Run is off: .* needs 24 threads/ });
    const [whyBox, runBox] = await Promise.all([why.boundingBox(), button(b, 'Run').boundingBox()]);
    assert.ok(whyBox.y - runBox.y < 150, `the reason is beside Run (${whyBox.y} vs ${runBox.y})`);

    const c = [4, 6, 8, 12, 16][Math.floor(Math.random() * 5)];
    await openUrl(b, `${server.url}?v=1&lesson=crawler&speed=10&p.sweep=on&p.concurrent=${c}&p.latency=0.3&p.jitter=0.2`);
    await runToEnd(b, 120000);
    const plot = b.page.getByRole('img', { name: /^Speedup by CONCURRENT_REQUESTS: 1 1\.00x, 2 / });
    await plot.waitFor();
    const points = await b.page.locator('.speedup circle.measured').count();
    assert.equal(points, Math.ceil(Math.log2(c)) + 1, 'one point per crawl (1, 2, 4, ... and the setting)');
    // One scheduler card, not one per crawl; the page's height stays bounded.
    const cards = await b.page.locator('section.card').evaluateAll(els => els.map(e => e.getAttribute('aria-label')));
    assert.equal(cards.filter(l => l === 'Condition scheduler').length, 1, `cards: ${cards}`);
    await shot(b.page, 'crawler-sweep');
    // The requests of every crawl scroll inside their panel.
    const rows = await b.page.getByRole('group', { name: 'Requests, one row each' }).boundingBox();
    assert.ok(rows.height <= 400, `the requests' panel is ${rows.height} px tall`);
    const height = await b.page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height < 4000, `the page is ${height} px tall after a sweep (it was 5,568 px at 32)`);
  } finally {
    await b.close();
  }
});

test('a recorded run travels: export it, open the file in a fresh page, and it replays that very run', async () => {
  const b = await browser();
  try {
    const workers = 2 + Math.floor(Math.random() * 3);
    await openUrl(b, `${server.url}?v=1&lesson=pool&speed=10&seed=${Math.floor(Math.random() * 1e6)}&p.workers=${workers}`);
    await runToEnd(b);
    const lines = async () => (await b.page.getByRole('region', { name: 'Output' }).locator('li').allInnerTexts());
    const before = { lines: await lines(), story: await b.page.locator('.story').innerText() };
    const [download] = await Promise.all([b.page.waitForEvent('download'), button(b, 'Export trace').click()]);
    const file = path.join(artifacts, 'recorded-run.json');
    await download.saveAs(file);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.match(doc.otherData.lockstep, /^lockstep-trace 1\n/);

    // A fresh page, another lesson: open the file.
    await openUrl(b, `${server.url}?v=1&lesson=threads`);
    await b.page.getByLabel('Open a recorded run').setInputFiles(file);
    await b.page.getByRole('status', { name: 'Mode' }).getByText(/RECORDED · recorded-run\.json/).waitFor();
    assert.match(await b.page.locator('.lesson-title').innerText(), /^L3 ·/, 'the lesson of the run');
    assert.deepEqual(await lines(), before.lines, 'the same output, at the same times');
    assert.equal(await b.page.locator('.story').innerText(), before.story, 'the same pool, task for task');
    assert.deepEqual(await b.page.locator('.checks li.fail').allInnerTexts(), [], "the lesson's checks pass on it");
    // Replay: the timeline scrubs through it.
    await b.page.getByRole('slider', { name: 'Timeline' }).fill('300');
    await b.page.getByRole('status', { name: 'Mode' }).getByText(/REPLAY/).waitFor();
    // Something that is not a recorded run is refused with a reason.
    const junk = path.join(artifacts, 'not-a-run.json');
    fs.writeFileSync(junk, '{"traceEvents": []}');
    await b.page.getByLabel('Open a recorded run').setInputFiles(junk);
    await b.page.getByRole('alert').filter({ hasText: /Could not open not-a-run\.json: it has no Lockstep run/ }).waitFor();
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('pin a run, change one thing, run again: both shown, one above the other, with their numbers', async () => {
  const b = await browser();
  try {
    await openUrl(b, `${server.url}?v=1&lesson=pool&speed=10&seed=5&p.workers=2`);
    await runToEnd(b);
    await button(b, 'Pin this run').click();
    const pinned = b.page.getByRole('region', { name: 'Pinned run' });
    await pinned.getByText(/Pinned: L3 workers=2/).waitFor();
    await b.page.getByRole('slider', { name: /Pool size/ }).fill('4');
    await runToEnd(b);
    const rows = await b.page.getByRole('table', { name: 'Pinned run and this run' }).locator('tbody tr').allInnerTexts();
    assert.equal(rows.length, 2, rows.join(' / '));
    const makespan = r => parseFloat(r.split('\t')[1]);
    assert.ok(makespan(rows[1]) < makespan(rows[0]), `Pool(4) is faster than Pool(2): ${rows.join(' / ')}`);
    assert.equal(await pinned.getByRole('group', { name: /Timeline of \d+ threads/ }).count(), 1, 'the pinned lanes');
    await shot(b.page, 'pinned-compare');
    await pinned.getByRole('button', { name: 'Unpin' }).click();
    assert.equal(await pinned.count(), 0);
  } finally {
    await b.close();
  }
});
