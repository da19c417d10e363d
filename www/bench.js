// The bench page's boot: the same wasm and Web Worker pool as the
// playground, no playground. `window.bench` runs one workload at a time and
// resolves to its JSON result; tests/bench/run.mjs drives it headless.
import init, { startPool, bench_init, bench_kernel, bench_events, bench_frames } from '../bench-pkg/lockstep.js';

const boot = document.getElementById('boot');

async function main() {
  if (!self.crossOriginIsolated) {
    boot.textContent = 'The bench page needs cross-origin isolation (serve it with scripts/serve.sh).';
    return;
  }
  await init();
  const workers = Number(new URLSearchParams(location.search).get('workers')) || 24;
  const started = performance.now();
  await startPool(workers);
  const poolMs = performance.now() - started;
  bench_init();
  boot.textContent = `${workers} workers ready in ${poolMs.toFixed(0)} ms`;
  window.bench = {
    workers,
    poolMs,
    kernel: async (threads, n) => JSON.parse(await bench_kernel(threads, n)),
    events: async (writers, rate, secs, drainMs) => JSON.parse(await bench_events(writers, rate, secs, drainMs)),
    frames: async (threads, rate, secs) => JSON.parse(await bench_frames(threads, rate, secs)),
  };
}

main().catch(e => { boot.textContent = `bench page failed: ${e && e.message ? e.message : e}`; });
