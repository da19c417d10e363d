// Starts wasm-bindgen-rayon's worker pool from a Web Worker, never from the
// page's thread.
//
// Why: `initThreadPool(n)` ends in `PoolBuilder::build()`, which hands each
// worker its rayon thread through a crossbeam channel. A send that finds the
// channel's std Mutex held by a worker (registering as a receiver) waits
// with `Atomics.wait`, which traps on the page's thread ("Atomics.wait cannot
// be called in this context"), rarely, killing the page (wasm-bindgen-rayon
// issue #36). On a worker, waiting is allowed. So the page starts one
// *starter* worker on the same module and memory, and the starter calls
// `initThreadPool(n)`: it spawns the n pool workers (nested workers) and
// builds rayon's global registry, in shared memory, where the page's thread
// finds it. The starter must stay alive: closing a worker closes the
// workers it started.
//
// This file runs twice: imported by the page (startPoolFromWorker), and as
// the starter worker itself (the message listener at the bottom).

const START = 'lockstep_pool_start';

function reply(worker) {
  return new Promise((resolve, reject) => {
    worker.addEventListener('message', function onMsg({ data }) {
      if (data == null || (data.type !== 'lockstep_pool_ready' && data.type !== 'lockstep_pool_failed')) return;
      worker.removeEventListener('message', onMsg);
      if (data.type === 'lockstep_pool_ready') resolve();
      else reject(new Error(data.error));
    });
    worker.addEventListener('error', (e) => reject(new Error(`pool starter failed: ${e.message || 'could not load'}`)));
  });
}

let starter = null;

export function startPoolFromWorker(mainJS, module, memory, workers) {
  starter = new Worker(new URL(import.meta.url), { type: 'module', name: 'lockstep pool starter' });
  const ready = reply(starter);
  starter.postMessage({ type: START, mainJS, module, memory, workers });
  return ready;
}

if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  self.addEventListener('message', async function onMsg({ data }) {
    if (data == null || data.type !== START) return;
    self.removeEventListener('message', onMsg);
    try {
      const pkg = await import(data.mainJS);
      pkg.initSync({ module: data.module, memory: data.memory });
      await pkg.initThreadPool(data.workers);
      postMessage({ type: 'lockstep_pool_ready' });
    } catch (e) {
      postMessage({ type: 'lockstep_pool_failed', error: String(e && e.message ? e.message : e) });
    }
  });
}
