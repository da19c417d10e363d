// Reliability in the browser: deadlock-then-reset cycles and a soak (the
// queue lesson and a learner's free-threaded program alternating), sampling wasm memory, the JS heap (after a forced garbage
// collection) and the workers still busy.
//
// Quick in the default test command (10 cycles, a 20 s soak);
// scripts/test-long.sh sets LOCKSTEP_CYCLES=1000 and LOCKSTEP_SOAK_SECS=600.
// Figures go to artifacts/reliability-*.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { serve, browser, artifacts, shot } from './harness.mjs';

const CYCLES = Number(process.env.LOCKSTEP_CYCLES || 10);
const SOAK_SECS = Number(process.env.LOCKSTEP_SOAK_SECS || 20);
const MIB = 1 << 20;

let server;
before(async () => { server = await serve(); });
after(() => server.stop());

const mode = b => b.page.getByRole('status', { name: 'Mode' });
const button = (b, name) => b.page.getByRole('button', { name, exact: true });

async function open(b, query) {
  await b.page.goto(server.url + query);
  await b.page.getByText(/distinct thread ids/).waitFor({ timeout: 30000 });
}

/** Wasm memory, JS heap after a full GC, busy workers. */
async function sample(b, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const probe = await b.page.evaluate(() => window.lockstepProbe());
  return { wasm: probe.wasmMemoryBytes, heap: heap.usedSize, busy: probe.busyWorkers };
}

test(`${CYCLES} deadlock-then-reset cycles: every worker comes back, memory stays flat`, { timeout: 60_000 + CYCLES * 10_000 }, async () => {
  const b = await browser();
  try {
    const cdp = await b.context.newCDPSession(b.page);
    await open(b, '?v=1&lesson=locks&seed=1&speed=10&p.variant=lock-twice&p.threads=10');
    const deadlock = b.page.getByRole('alert').filter({ hasText: 'Deadlock' });
    const samples = [];
    const warmAt = Math.min(5, CYCLES);
    for (let i = 1; i <= CYCLES; i++) {
      await button(b, 'Run').click();
      await deadlock.waitFor({ timeout: 15000 });
      await button(b, 'Reset to recover').click();
      await mode(b).getByText(/ready/).waitFor({ timeout: 5000 });
      // Reset is done once every thread has given its worker back.
      const busy = await b.page.evaluate(() => window.lockstepProbe().busyWorkers);
      assert.equal(busy, 0, `cycle ${i}: ${busy} workers still busy after reset`);
      if (i === warmAt || i === CYCLES || i % 25 === 0) samples.push({ cycle: i, ...(await sample(b, cdp)) });
    }
    const warm = samples.find(s => s.cycle === warmAt), end = samples.at(-1);
    const report = { cycles: CYCLES, warm, end, samples, wasmGrowth: end.wasm - warm.wasm, heapGrowth: end.heap - warm.heap };
    fs.writeFileSync(path.join(artifacts, 'reliability-deadlock.json'), JSON.stringify(report, null, 2));
    console.error(`deadlock cycles: wasm ${warm.wasm} -> ${end.wasm} bytes, JS heap ${warm.heap} -> ${end.heap} bytes`);
    // No growth of the wasm memory after warm-up (it only ever grows, in
    // 64 KiB pages); the JS heap after GC within 1 MiB.
    assert.equal(report.wasmGrowth, 0, JSON.stringify(report));
    assert.ok(report.heapGrowth < MIB, JSON.stringify(report));
    // And the same workers still run a lesson to the end.
    await open(b, '?v=1&lesson=locks&seed=1&speed=10&p.variant=rlock&p.threads=10');
    await button(b, 'Run').click();
    await mode(b).getByText(/FINISHED/).waitFor({ timeout: 30000 });
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

// The learner's own program in the soak: four free-threaded threads
// adding to a global (the counter of python.md), every load and store a
// traced event.
const COUNTER = [
  'import threading',
  'counter = 0',
  'def add():',
  '    global counter',
  '    for i in range(5000):',
  '        counter += 1',
  'ts = [threading.Thread(target=add) for _ in range(4)]',
  'for t in ts:',
  '    t.start()',
  'for t in ts:',
  '    t.join()',
  'print("counter", counter)',
  '',
].join('\n');

test(`a ${SOAK_SECS} s soak at top speed, the queue lesson and a free-threaded counter program alternating: memory flat, no trace drops`, { timeout: (SOAK_SECS + 120) * 1000 }, async () => {
  const b = await browser();
  try {
    const cdp = await b.context.newCDPSession(b.page);
    const code = zlib.deflateRawSync(Buffer.from(COUNTER), { level: 9 }).toString('base64url');
    await open(b, `?v=2&lesson=python&seed=1&speed=10&gil=off&code=${code}`);
    await b.page.getByRole('textbox', { name: 'Python code' }).waitFor();
    const picker = b.page.getByRole('combobox', { name: 'Lesson' });
    const dropped = b.page.getByText(/trace events were dropped/);
    // Odd runs the learner's program, even runs the queue lesson, switched
    // with the picker as a learner would (the program is kept meanwhile).
    const switchTo = async (run) => {
      if (run % 2 === 1) {
        if (run > 1) await picker.selectOption('python');
        await b.page.getByRole('combobox', { name: 'GIL' }).selectOption('off');
        await b.page.waitForFunction(() => document.querySelector('textarea')?.value.includes('counter += 1'));
      } else {
        await picker.selectOption('queue');
      }
    };
    const samples = [];
    const start = Date.now();
    let runs = 0;
    let nextSample = 0;
    while (Date.now() - start < SOAK_SECS * 1000) {
      await switchTo(runs + 1);
      await button(b, 'Run').click();
      await mode(b).getByText(/FINISHED/).waitFor({ timeout: 60000 });
      runs++;
      if (runs % 2 === 1) {
        const out = await b.page.getByRole('region', { name: 'Output' }).innerText();
        assert.match(out, /counter \d+/, `run ${runs}: the program printed its counter`);
      }
      assert.equal(await dropped.count(), 0, `run ${runs}: the page reports dropped trace events`);
      const failed = await b.page.locator('.checks li.fail').allInnerTexts();
      if (failed.length) await shot(b.page, 'soak-failed-check');
      assert.deepEqual(failed, [], `run ${runs}: a CPython check failed`);
      if (runs === 3 || Date.now() - start >= nextSample) {
        samples.push({ run: runs, secs: (Date.now() - start) / 1000, ...(await sample(b, cdp)) });
        nextSample = Date.now() - start + Math.max(2, SOAK_SECS / 30) * 1000;
      }
    }
    samples.push({ run: runs, secs: (Date.now() - start) / 1000, ...(await sample(b, cdp)) });
    // Warm after the first quarter: the lessons run as Python, and the
    // interpreter's first runs can take a few more pages of wasm memory
    // (seen: 3 pages by run 17, then flat for 39 runs).
    //
    // After that the heap's high-water mark can still step up once: seen
    // at stop 24, 4 pages at run 50 of 56; at stop 25 (CI), 59 pages
    // (3.7 MiB) once between runs 12 and 22, then flat for 18 runs. Not a
    // bigger trace (this program records 40,060 or 40,061 events natively,
    // `lockstep run --no-gil --stats`); the allocator placing a run's
    // large vectors (a 40k-event trace is 1.9 MB, its sort buffer and
    // views more) where fragments of earlier runs do not fit is the
    // likely cause, not pinned down. Wasm memory never shrinks, so a step
    // stays, and a bound on total growth alone either misses a small leak
    // or fails on a step.
    //
    // A leak grows by the run instead: what a run holds (its trace, its
    // interpreter heap) is many pages, so a leak raises the memory in
    // sample after sample. The test therefore allows at most two rises
    // among the samples after warm-up (about one every 2 s in CI, 30 in
    // the 10-minute soak), and at most 8 MiB in all.
    const warm = samples.find(s => s.secs >= SOAK_SECS / 4) ?? samples[0], end = samples.at(-1);
    const after = samples.slice(samples.indexOf(warm));
    const rises = after.slice(1).filter((s, i) => s.wasm > after[i].wasm).length;
    const report = { secs: SOAK_SECS, runs, warm, end, rises, samples, wasmGrowth: end.wasm - warm.wasm, heapGrowth: end.heap - warm.heap };
    fs.writeFileSync(path.join(artifacts, 'reliability-soak.json'), JSON.stringify(report, null, 2));
    console.error(`soak: ${runs} runs in ${SOAK_SECS} s; wasm ${warm.wasm} -> ${end.wasm} bytes (${rises} rises in ${after.length - 1} samples), JS heap ${warm.heap} -> ${end.heap} bytes`);
    assert.ok(after.length >= 5, `only ${after.length} samples after warm-up`);
    assert.ok(rises <= 2, JSON.stringify(report));
    assert.ok(report.wasmGrowth < 8 * MIB, JSON.stringify(report));
    assert.ok(report.heapGrowth < MIB, JSON.stringify(report));
    assert.equal(end.busy, 0);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});
