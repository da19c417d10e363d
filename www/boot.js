// Boot glue: the only hand-written JavaScript, because the platform forces
// it. It checks cross-origin isolation (SharedArrayBuffer needs it), starts
// the wasm module and its Web Worker pool, then hands over to Rust.
// Nothing here throws to the console: every failure becomes a readable
// message in the page.
import init, { startPool, pool_plan, start_app, set_lang, lockstep_probe } from '../pkg/lockstep.js';

const boot = document.getElementById('boot');

// The page's language, chosen here once for the boot messages and the app
// (issue 16): the link's lang=, else the learner's remembered choice
// (src/runtime/page.rs LANG_KEY), else the browser's languages, else English.
const LANG = (() => {
  const spoken = (tag) => {
    const base = String(tag || '').toLowerCase().split(/[-_]/)[0];
    return base === 'en' || base === 'zh' ? base : null;
  };
  let stored = null;
  try { stored = localStorage.getItem('lockstep-lang'); } catch { /* storage off */ }
  const browser = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  return spoken(new URLSearchParams(location.search).get('lang')) || spoken(stored) ||
    browser.map(spoken).find(Boolean) || 'en';
})();
document.documentElement.lang = LANG === 'zh' ? 'zh-Hans' : 'en';

// The boot screen's words, before the wasm (and its catalog) is loaded.
const WORDS = {
  en: {
    starting: 'Starting Lockstep…',
    settingUp: 'Setting up threads…',
    reloading: 'Installing a service worker that enables shared memory; the page reloads once.',
    noShared: 'This page needs shared memory, which is switched off here',
    why: 'Lockstep runs real threads: Web Workers sharing one WebAssembly memory through SharedArrayBuffer. ' +
      'Browsers only allow that on pages that are "cross-origin isolated".',
    fix: 'Serve the page with the headers Cross-Origin-Opener-Policy: same-origin and ' +
      'Cross-Origin-Embedder-Policy: require-corp, or over https/localhost so the bundled service worker can add them.',
    private: 'If you are in a private window, service workers may be disabled: try a normal window.',
    failed: 'Lockstep could not start',
  },
  zh: {
    starting: '正在启动 Lockstep…',
    settingUp: '正在准备线程…',
    reloading: '正在安装启用共享内存的 service worker；页面会重新加载一次。',
    noShared: '此页面需要共享内存，但这里已被关闭',
    why: 'Lockstep 运行真实的线程：多个 Web Worker 通过 SharedArrayBuffer 共享同一块 WebAssembly 内存。' +
      '浏览器只在“跨源隔离”（cross-origin isolated）的页面上允许这样做。',
    fix: '请用响应头 Cross-Origin-Opener-Policy: same-origin 和 Cross-Origin-Embedder-Policy: require-corp 提供此页面，' +
      '或通过 https/localhost 打开，让自带的 service worker 添加它们。',
    private: '如果你在无痕窗口中，service worker 可能被禁用：请换用普通窗口。',
    failed: 'Lockstep 无法启动',
  },
}[LANG];
const starting = boot.querySelector('p');
if (starting) starting.textContent = WORDS.starting;

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
      explain(WORDS.settingUp, [WORDS.reloading]);
      return;
    }
    explain(WORDS.noShared, [WORDS.why, WORDS.fix, WORDS.private]);
    return;
  }
  try {
    // Chinese only: its catalog, fetched beside the wasm (an English visitor
    // never downloads it). Without it the page falls back to English.
    const catalog = LANG === 'zh'
      ? fetch('www/i18n/zh.txt').then(r => (r.ok ? r.text() : undefined)).catch(() => undefined)
      : undefined;
    await init();
    set_lang(LANG, await catalog);
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
    explain(WORDS.failed, [String(e && e.message ? e.message : e)]);
  }
}

main();
