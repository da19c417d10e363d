// Growth over one long run (issue 17): a free-threaded CPU-bound program
// of 63 threads and MainThread (64, the most the page's pool allows)
// records about 10.5 million traced events in the real playground. At
// 1M, 3M and 10M events drained, and at the start: the wasm memory, the
// JS heap (after a forced GC) and the timeline-scrub latency (the run
// paused at the mark, as a learner pauses it to scrub; from the slider's
// input event to the next painted frame), then, the run resumed, the frame
// time (median rAF interval over half a second).
//
// scripts/bench.sh runs it through run.mjs; alone:
//   node tests/bench/growth.mjs          (needs dist/ from scripts/build.sh)
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { serve, browser } from '../e2e/harness.mjs';

const THREADS = 63;
const PER_THREAD = 83_400; // 2 traced events per iteration: 10.5M in all
const MARKS = [0, 1e6, 3e6, 10e6];

export const program = [
  'import threading',
  'x = 0',
  'def spin(n):',
  '    global x',
  '    for i in range(n):',
  '        x += 1',
  `ts = [threading.Thread(target=spin, args=(${PER_THREAD},)) for _ in range(${THREADS})]`,
  'for t in ts:',
  '    t.start()',
  'for t in ts:',
  '    t.join()',
  'print("x", x)',
  '',
].join('\n');

/** One run; resolves to the samples at each mark. */
export async function measureGrowth(url, log = console.error) {
  const code = zlib.deflateRawSync(Buffer.from(program), { level: 9 }).toString('base64url');
  const b = await browser();
  try {
    const cdp = await b.context.newCDPSession(b.page);
    await b.page.goto(`${url}?v=2&lesson=python&gil=off&speed=10&workers=64&code=${code}`);
    await b.page.waitForFunction(() => {
      const r = document.querySelector('button[aria-label="Run"]');
      const ed = document.querySelector('textarea');
      return r && !r.disabled && ed && ed.value.includes('x += 1');
    }, null, { timeout: 60_000 });
    const samples = [];
    const started = Date.now();
    await b.page.click('button[aria-label="Run"]');
    for (const mark of MARKS) {
      // Wait for the mark (or the end of the run).
      let events = 0;
      for (;;) {
        const p = await b.page.evaluate(() => window.lockstepProbe());
        events = p.eventsDrained;
        const done = await b.page.evaluate(() => /FINISHED/.test(document.querySelector('[aria-label="Mode"]')?.textContent ?? ''));
        if (events >= mark || done) break;
        if (Date.now() - started > 600_000) throw new Error(`growth: stuck at ${events} events`);
        await b.page.waitForTimeout(50);
      }
      const at = (Date.now() - started) / 1000;
      const reached = events;
      // At the mark: pause (the timeline is there only paused or finished),
      // then a scrub to the middle of what is recorded, timed to the next
      // paint, then memory. Paused first so that these are the mark's, not
      // those of wherever the run got to while the frames were counted.
      const pause = b.page.getByRole('button', { name: 'Pause', exact: true });
      if (await pause.isEnabled()) await pause.click();
      await b.page.locator('input[aria-label="Timeline"]').waitFor({ timeout: 30_000 });
      const scrub_ms = await b.page.evaluate(() => new Promise(done => {
        const s = document.querySelector('input[aria-label="Timeline"]');
        if (!s) return done(null);
        const t0 = performance.now();
        s.value = '500';
        s.dispatchEvent(new Event('input', { bubbles: true }));
        requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
      }));
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
      const probe = await b.page.evaluate(() => window.lockstepProbe());
      // Resume, unless the run is over.
      if (scrub_ms != null) {
        const over = await b.page.getByRole('status', { name: 'Mode' }).getByText(/FINISHED/).count();
        if (!over) await b.page.getByRole('button', { name: 'Run', exact: true }).click();
      }
      // Frames for half a second, while the run goes on (half, not a whole
      // second: at 1M+ events a second, a second would carry the run past
      // the next mark before it is looked for).
      const frames = await b.page.evaluate(() => new Promise(done => {
        const t = [];
        const tick = now => { t.push(now); if (now - t[0] < 500) requestAnimationFrame(tick); else done(t.slice(1).map((x, i) => x - t[i])); };
        requestAnimationFrame(tick);
      }));
      frames.sort((x, y) => x - y);
      const s = {
        mark, events: reached, secs: at, wasm: probe.wasmMemoryBytes, heap,
        frame_ms: frames[frames.length >> 1], frame_p95_ms: frames[Math.floor(frames.length * 0.95)], scrub_ms,
      };
      log(`growth: ${s.events} events at ${at.toFixed(1)} s: wasm ${s.wasm}, heap ${heap}, frame ${s.frame_ms?.toFixed(1)} ms, scrub ${scrub_ms == null ? '-' : scrub_ms.toFixed(0)} ms`);
      samples.push(s);
    }
    await b.page.getByRole('status', { name: 'Mode' }).getByText(/FINISHED/).waitFor({ timeout: 600_000 });
    const out = await b.page.getByRole('region', { name: 'Output' }).innerText();
    const notes = await b.page.locator('.notice, [role=status]').allInnerTexts();
    const final = await b.page.evaluate(() => window.lockstepProbe());
    return {
      threads: THREADS + 1, samples, output: out.split('\n').at(-1), drained: final.eventsDrained,
      kept_note: notes.find(t => /kept the first/.test(t)) ?? null,
      dropped_note: notes.find(t => /dropped/.test(t)) ?? null, problems: b.problems,
    };
  } finally {
    await b.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve();
  try {
    console.log(JSON.stringify(await measureGrowth(server.url), null, 2));
  } finally {
    server.stop();
  }
}
