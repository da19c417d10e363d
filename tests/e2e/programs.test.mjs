// Random concurrent programs in one page, one after another, as a learner
// pastes and runs them: each one's output must be CPython's (run here,
// beside it), a program that deadlocks on purpose must be shown as a
// deadlock and recovered by Reset, every worker must be back after each
// Reset, and the page's memory must stay flat across the lot.
//
// LOCKSTEP_PROGRAMS sets how many (default 24; scripts/test-long.sh: 1000),
// LOCKSTEP_PROGRAMS_START the first seed (default: random, printed, so a
// failure reproduces). The generator is programs.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, browser, artifacts, mode, button, editor, output, openUrl, shot } from './harness.mjs';
import { program } from './programs.mjs';

const COUNT = Number(process.env.LOCKSTEP_PROGRAMS || 24);
const START = Number(process.env.LOCKSTEP_PROGRAMS_START ?? Math.floor(Math.random() * 1e6));
const MIB = 1 << 20;

let server;
before(async () => { server = await serve(); });
after(() => server.stop());

/** What CPython 3.11 prints for it (stdout; it must not fail). */
function cpython(src) {
  const file = path.join(artifacts, 'program-cpython.py');
  fs.writeFileSync(file, src);
  return execFileSync('python3', [file], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function sample(b, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const probe = await b.page.evaluate(() => window.lockstepProbe());
  return { wasm: probe.wasmMemoryBytes, heap: heap.usedSize, busy: probe.busyWorkers };
}

test(`${COUNT} random concurrent programs in one page (seeds ${START}..${START + COUNT - 1}): CPython's output, deadlocks recovered, every worker back, memory flat`, { timeout: 120_000 + COUNT * 30_000 }, async () => {
  const b = await browser();
  const samples = [];
  const kinds = { ok: 0, deadlock: 0, gilOff: 0 };
  try {
    const cdp = await b.context.newCDPSession(b.page);
    await openUrl(b, `${server.url}?v=2&lesson=python&speed=10`);
    await editor(b).waitFor();
    const gil = b.page.getByRole('combobox', { name: 'GIL' });
    const deadlock = b.page.getByRole('alert').filter({ hasText: 'Deadlock' });
    for (let i = 0; i < COUNT; i++) {
      const p = program(START + i);
      const where = `seed ${p.seed} (gil=${p.gil})`;
      // Pasted, as a learner pastes a program (typing 1,000 of them key by
      // key is what the other editor tests do for one).
      await editor(b).fill(p.src);
      if ((await gil.inputValue()) !== p.gil) await gil.selectOption(p.gil);
      await button(b, 'Run').click();
      try {
        if (p.deadlock) {
          await deadlock.waitFor({ timeout: 60_000 });
          await button(b, 'Reset to recover').click();
          kinds.deadlock++;
        } else {
          const want = cpython(p.src);
          await mode(b).getByText(/FINISHED/).waitFor({ timeout: 60_000 });
          // The printed text of each line (the panel also shows when and
          // which thread printed it); stderr lines are not stdout.
          const got = (await output(b).locator('li:not(.error) .text').allInnerTexts()).join('\n').replace(/\n+$/, '');
          assert.equal(got, want.replace(/\n+$/, ''), `${where}: the page's output is not CPython's`);
          await button(b, 'Reset').click();
          kinds.ok++;
        }
      } catch (e) {
        fs.writeFileSync(path.join(artifacts, 'program-failed.py'), p.src);
        await shot(b.page, 'program-failed');
        throw new Error(`${where}, saved as artifacts/program-failed.py: ${e.message}`);
      }
      if (p.gil === 'off') kinds.gilOff++;
      await mode(b).getByText(/ready/).waitFor({ timeout: 10_000 });
      const busy = await b.page.evaluate(() => window.lockstepProbe().busyWorkers);
      assert.equal(busy, 0, `${where}: ${busy} workers still busy after Reset`);
      if (i === 4 || i === COUNT - 1 || (i + 1) % 10 === 0) samples.push({ program: i + 1, ...(await sample(b, cdp)) });
    }
    // As in the soak (reliability.test.mjs): a leak raises the memory
    // sample after sample; the heap's high-water mark steps up when a
    // program needs more at once than any before (more workers, a bigger
    // trace), which new kinds of programs do early on. So: at most two
    // rises over the second half of the samples, 8 MiB in all after the
    // first five programs.
    const after = samples.filter(s => s.program >= Math.min(COUNT, 5));
    const half = after.slice(Math.floor(after.length / 2));
    const rises = half.slice(1).filter((s, j) => s.wasm > half[j].wasm).length;
    const first = after[0], end = after.at(-1);
    const report = { start: START, count: COUNT, kinds, rises, samples, wasmGrowth: end.wasm - first.wasm, heapGrowth: end.heap - first.heap };
    fs.writeFileSync(path.join(artifacts, 'reliability-programs.json'), JSON.stringify(report, null, 2));
    console.error(`programs: ${COUNT} from seed ${START} (${kinds.ok} compared with CPython, ${kinds.deadlock} deadlocks, ${kinds.gilOff} free-threaded); wasm ${first.wasm} -> ${end.wasm} bytes (${rises} rises in the last ${half.length - 1} of ${after.length - 1} samples), JS heap ${first.heap} -> ${end.heap}`);
    assert.ok(rises <= 2 && report.wasmGrowth < 8 * MIB, JSON.stringify(report));
    assert.ok(report.heapGrowth < MIB, JSON.stringify(report));
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});
