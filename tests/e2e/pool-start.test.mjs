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

// The pool's workers import wasm-bindgen's glue from memory (blob: URLs the
// starter makes once, vendor/wasm-bindgen-rayon), not each from the host:
// 16 workers used to make 64 requests, which a revalidating host answers
// while the workers' start-up fills the cores. Where a CSP header refuses
// blob: scripts, each worker falls back to the glue's URL, and the pool
// still starts.
const glueLoads = server => server.requests.filter(p => p.endsWith('/pkg/lockstep.js')).length;

for (const csp of [false, true]) {
  test(csp ? 'with a CSP header refusing blob: scripts, the workers fetch the glue themselves and the pool starts'
    : 'the 16 workers import the glue from memory: it is fetched a few times, not once per worker', async () => {
    const server = await serve({ csp });
    const b = await browser();
    try {
      await b.page.goto(server.url + '?lesson=threads&speed=10&workers=16');
      await b.page.getByText('16 distinct thread ids').waitFor({ timeout: 30000 });
      await b.page.getByRole('button', { name: 'Run', exact: true }).click();
      await b.page.getByRole('status', { name: 'Mode' }).getByText(/FINISHED/).waitFor({ timeout: 30000 });
      // The page, the starter and the starter's one fetch for the workers;
      // 16 more when each worker imports it.
      const loads = glueLoads(server);
      if (csp) assert.ok(loads >= 16, `glue requested ${loads} times`);
      else assert.ok(loads <= 4, `glue requested ${loads} times`);
      assert.deepEqual(b.problems, []);
    } finally {
      await b.close();
      server.stop();
    }
  });
}
