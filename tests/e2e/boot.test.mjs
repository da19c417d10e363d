// The foundation, end to end: the built page is threaded, isolated, starts
// its Web Worker pool, and explains itself when it cannot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, browser, shot, repo } from './harness.mjs';

test('the built JS creates shared memory (a threaded build)', () => {
  const js = fs.readFileSync(path.join(repo, 'dist/pkg/lockstep.js'), 'utf8');
  assert.match(js, /new WebAssembly\.Memory\(\{[^}]*shared:\s*true/);
});

test('page is isolated, starts N workers with N distinct thread ids', async () => {
  const server = await serve();
  const b = await browser();
  try {
    await b.page.goto(server.url + '?workers=8');
    await b.page.getByText('8 workers ready').waitFor({ timeout: 20000 });
    assert.equal(await b.page.evaluate(() => crossOriginIsolated), true);
    // The 8 pool workers, and the one starter worker that built the pool
    // (so the page's own thread never waits on a lock: src/runtime/pool_start.js).
    const starters = b.workers.filter(w => w.url().includes('pool_start.js'));
    assert.equal(starters.length, 1, 'one pool starter worker');
    assert.equal(b.workers.length - starters.length, 8, 'Web Workers started');
    await b.page.getByText('8 distinct thread ids').waitFor({ timeout: 20000 });
    await shot(b.page, 'boot');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    server.stop();
  }
});

test('out-of-range workers= is clamped with a visible notice', async () => {
  const server = await serve();
  const b = await browser();
  try {
    await b.page.goto(server.url + '?workers=1000000');
    await b.page.getByText('64 workers ready').waitFor({ timeout: 30000 });
    await b.page.getByText(/workers=1000000 is outside/).waitFor();
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    server.stop();
  }
});

test('a plain static host (no COOP/COEP) becomes isolated via the service worker, one reload', async () => {
  const server = await serve({ plain: true });
  const b = await browser();
  try {
    await b.page.goto(server.url);
    await b.page.getByText(/workers ready/).waitFor({ timeout: 30000 });
    assert.equal(await b.page.evaluate(() => crossOriginIsolated), true);
    assert.equal(b.loads(), 2, 'exactly one reload');
    // And it stays put: no reload loop.
    await b.page.waitForTimeout(1500);
    assert.equal(b.loads(), 2);
    await shot(b.page, 'boot-plain-host');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    server.stop();
  }
});

test('without shared memory the page explains why instead of going blank', async () => {
  const server = await serve({ plain: true });
  const b = await browser();
  try {
    // Service workers blocked (as in some private windows): no way to isolate.
    await b.context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: () => undefined });
    });
    await b.page.goto(server.url);
    await b.page.getByRole('alert').getByText('This page needs shared memory').waitFor({ timeout: 15000 });
    await shot(b.page, 'boot-no-isolation');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    server.stop();
  }
});

test('a Content-Security-Policy without unsafe-eval, and nothing violates it', async () => {
  const server = await serve();
  const b = await browser();
  try {
    await b.page.goto(server.url + '?lesson=threads&speed=10');
    const csp = await b.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.ok(csp.includes("script-src 'self' 'wasm-unsafe-eval'"), csp);
    assert.ok(!csp.includes("'unsafe-eval'") && !csp.includes("'unsafe-inline'"), csp);
    const violations = [];
    await b.page.exposeFunction('reportViolation', v => violations.push(v));
    await b.page.evaluate(() => document.addEventListener('securitypolicyviolation', e => window.reportViolation(e.violatedDirective + ' ' + e.blockedURI)));
    await b.page.getByText(/distinct thread ids/).waitFor({ timeout: 30000 });
    await b.page.getByRole('button', { name: 'Run', exact: true }).click();
    await b.page.getByRole('status', { name: 'Mode' }).getByText(/FINISHED/).waitFor({ timeout: 30000 });
    assert.deepEqual(violations, []);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    server.stop();
  }
});
