// The pool starts on every load: the page's thread never calls
// `initThreadPool` (whose channel send could wait with Atomics.wait and trap
// there, wasm-bindgen-rayon #36); a starter worker does. Each load is a fresh
// browser profile, as a first visit. LOCKSTEP_LOADS sets the count (20 here;
// scripts/test-long.sh runs 500).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser } from './harness.mjs';

const LOADS = Number(process.env.LOCKSTEP_LOADS || 20);

test(`${LOADS} fresh page loads each start the pool and pass the start-up check`, async () => {
  const server = await serve();
  const failures = [];
  const started = Date.now();
  try {
    for (let i = 0; i < LOADS; i++) {
      const b = await browser();
      try {
        await b.page.goto(server.url + '?workers=16');
        await b.page.getByText('16 distinct thread ids').waitFor({ timeout: 30000 });
        if (b.problems.length) failures.push(`load ${i}: ${b.problems.join('; ')}`);
      } catch (e) {
        failures.push(`load ${i}: ${e.message.split('\n')[0]} ${b.problems.join('; ')}`);
      } finally {
        await b.close();
      }
    }
  } finally {
    server.stop();
  }
  console.log(`pool start: ${LOADS} loads, ${failures.length} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  assert.deepEqual(failures, []);
});
