// Boot glue: the only hand-written JavaScript, because the platform forces
// it. It checks cross-origin isolation (SharedArrayBuffer needs it), starts
// the wasm module and its Web Worker pool, then hands over to Rust.
// Nothing here throws to the console: every failure becomes a readable
// message in the page.
import init, { startPool, pool_plan, start_app, lockstep_probe } from '../pkg/lockstep.js';

const boot = document.getElementById('boot');

function explain(title, lines) {
  boot.replaceChildren();
  const h = document.createElement('h2');
  h.textContent = title;
  boot.append(h);
  for (const line of lines) {
    const p = document.createElement('p');
    p.textContent = line;
    boot.append(p);
  }
  boot.classList.add('boot-error');
  boot.setAttribute('role', 'alert');
}

async function main() {
  if (!self.crossOriginIsolated || typeof SharedArrayBuffer === 'undefined') {
    // coi-serviceworker.js (loaded before us) reloads the page once when it
    // can make it isolated; say so rather than showing a blank page.
    const willReload = !!navigator.serviceWorker && window.isSecureContext &&
      !sessionStorage.getItem('lockstep-coi-reloaded');
    if (willReload) {
      explain('Setting up threads…', ['Installing a service worker that enables shared memory; the page reloads once.']);
      return;
    }
    explain('This page needs shared memory, which is switched off here', [
      'Lockstep runs real threads: Web Workers sharing one WebAssembly memory through SharedArrayBuffer. ' +
      'Browsers only allow that on pages that are "cross-origin isolated".',
      'Serve the page with the headers Cross-Origin-Opener-Policy: same-origin and ' +
      'Cross-Origin-Embedder-Policy: require-corp, or over https/localhost so the bundled service worker can add them.',
      'If you are in a private window, service workers may be disabled: try a normal window.',
    ]);
    return;
  }
  try {
    await init();
    const requested = new URLSearchParams(location.search).get('workers');
    const plan = pool_plan(navigator.hardwareConcurrency || 4, requested);
    const started = performance.now();
    await startPool(plan.workers);
    const poolMs = performance.now() - started;
    boot.remove();
    // Test hook (reliability tests): wasm memory size and busy workers.
    window.lockstepProbe = () => ({ ...lockstep_probe(), poolMs });
    start_app(plan.workers, plan.notice ?? undefined, poolMs);
  } catch (e) {
    explain('Lockstep could not start', [String(e && e.message ? e.message : e)]);
  }
}

main();
