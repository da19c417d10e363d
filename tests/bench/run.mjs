// The browser half of the benchmark command (scripts/bench.sh runs the
// native half first and passes its JSON). Drives dist/bench.html and
// dist/index.html in headless Chromium, takes medians of several runs, and
// writes docs/benchmarks.json and docs/benchmarks.md.
//
//   node tests/bench/run.mjs <native.json>
//   node tests/bench/run.mjs --render    (rewrite the .md from the .json)
import fs from 'node:fs';
import zlib from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, browser, repo } from '../e2e/harness.mjs';
import { measureGrowth, program as growthProgram } from './growth.mjs';

const RUNS = Number(process.env.LOCKSTEP_BENCH_RUNS || 5);
const N = Number(process.env.LOCKSTEP_BENCH_N || 4_000_000);
const MAX_THREADS = Number(process.env.LOCKSTEP_BENCH_THREADS || 4);

const render = process.argv[2] === '--render';
const native = render ? null : JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
// The traced core's criterion medians (tests/bench/criterion.mjs), if given.
const criterion = render || !process.argv[3] ? null : JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))]; };
const log = (...a) => console.error('bench:', ...a);

async function benchPage(url) {
  const b = await browser();
  await b.page.goto(`${url}bench.html?workers=24`);
  await b.page.waitForFunction(() => window.bench, null, { timeout: 60_000 });
  return b;
}

/** `p`, or an error naming what hung and the page's errors after `ms`. */
async function within(b, what, ms, p) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s; page errors: ${b.problems.join('; ') || 'none'}`)), ms);
  });
  try { return await Promise.race([p, late]); } finally { clearTimeout(timer); }
}

function check(b, what) {
  if (b.problems.length) throw new Error(`${what}: page errors: ${b.problems.join('; ')}`);
}

process.on('unhandledRejection', e => { console.error('bench failed:', e.message || e); process.exit(1); });
if (render) {
  const r = JSON.parse(fs.readFileSync(path.join(repo, 'docs/benchmarks.json'), 'utf8'));
  fs.writeFileSync(path.join(repo, 'docs/benchmarks.md'), markdown(r));
  process.exit(0);
}
const server = await serve();
const report = { date: new Date().toISOString(), runs: RUNS, ...(criterion ? { criterion } : {}) };
try {
  // 1. The CPU-bound kernel on 1..MAX_THREADS workers, and native.
  {
    const b = await benchPage(server.url);
    await within(b, 'kernel warm-up', 60_000, b.page.evaluate(n => window.bench.kernel(2, n), N / 10)); // warm-up, untimed
    const byThreads = {};
    for (let t = 1; t <= MAX_THREADS; t++) {
      byThreads[t] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await within(b, `kernel on ${t} workers`, 120_000, b.page.evaluate(([t, n]) => window.bench.kernel(t, n), [t, N]));
        if (r.primes !== native.kernel[0].primes) throw new Error(`kernel found ${r.primes} primes on ${t} threads, native ${native.kernel[0].primes}`);
        byThreads[t].push(r.secs);
      }
      log(`kernel ${t} workers: ${byThreads[t].map(s => s.toFixed(3)).join(' ')} s`);
    }
    check(b, 'kernel');
    await b.close();
    const one = median(byThreads[1]);
    report.kernel = {
      n: N, primes: native.kernel[0].primes,
      wasm: Object.entries(byThreads).map(([t, xs]) => ({ workers: +t, median_s: median(xs), runs_s: xs, speedup: one / median(xs) })),
    };
    const nat = {};
    for (const k of native.kernel) (nat[k.threads] ||= []).push(k.secs);
    report.kernel.native = Object.entries(nat).map(([t, xs]) => ({ threads: +t, median_s: median(xs), runs_s: xs, speedup: median(nat[1]) / median(xs) }));
    report.kernel.wasm_over_native_1 = one / median(nat[1]);
  }

  // 2. Traced-event throughput and drops, 16 writers.
  {
    const b = await benchPage(server.url);
    const configs = [[0, 1], [2_000_000, 1], [2_000_000, 16]];
    report.events = [];
    for (const [rate, drain] of configs) {
      const rs = [];
      for (let i = 0; i < 3; i++) rs.push(await within(b, 'events', 60_000, b.page.evaluate(([r, d]) => window.bench.events(16, r, 1.0, d), [rate, drain])));
      log(`events rate=${rate} drain=${drain}ms: kept/s ${rs.map(r => Math.round(r.rate)).join(' ')}, dropped ${rs.map(r => r.dropped).join(' ')}`);
      const nat = native.events.filter(e => e.target_rate === rate && e.drain_ms === drain);
      report.events.push({
        target_rate: rate, drain_ms: drain, writers: 16,
        wasm: { kept_per_s: median(rs.map(r => r.rate)), dropped: rs.map(r => r.dropped), sent: rs.map(r => r.sent) },
        native: { kept_per_s: median(nat.map(r => r.rate)), dropped: nat.map(r => r.dropped), sent: nat.map(r => r.sent) },
      });
    }
    check(b, 'events');
    await b.close();
  }

  // 3. Frame times while 16 threads emit 50k events/s (a fresh page each run).
  {
    report.frames = [];
    for (let i = 0; i < 3; i++) {
      const b = await benchPage(server.url);
      const r = await within(b, 'frames', 60_000, b.page.evaluate(() => window.bench.frames(16, 50_000, 5)));
      check(b, 'frames');
      await b.close();
      const ms = r.frame_ms;
      log(`frames: ${ms.length} frames, median ${median(ms).toFixed(1)} ms, p95 ${pct(ms, 95).toFixed(1)} ms, ${r.events} events in ${r.secs.toFixed(1)} s, dropped ${r.dropped}`);
      report.frames.push({ frames: ms.length, median_ms: median(ms), p95_ms: pct(ms, 95), max_ms: Math.max(...ms), fps: 1000 / median(ms), events: r.events, secs: r.secs, events_per_s: r.events / 5, dropped: r.dropped });
    }
  }

  // 3b. Frame times while 16 Python threads run in the playground (the
  // interpreter, GIL mode) and the editor marks each thread's line: the
  // real page, opened from a v2 link, as a learner would.
  {
    const program = [
      'import threading',
      'counter = 0',
      'lock = threading.Lock()',
      'def work():',
      '    global counter',
      '    for i in range(100000):',
      '        with lock:',
      '            counter += 1',
      'threads = [threading.Thread(target=work) for _ in range(16)]',
      'for t in threads:',
      '    t.start()',
      'for t in threads:',
      '    t.join()',
      'print(counter)',
      '',
    ].join('\n');
    const code = zlib.deflateRawSync(Buffer.from(program), { level: 9 }).toString('base64url');
    report.python_frames = [];
    for (let i = 0; i < 3; i++) {
      const b = await browser();
      await b.page.goto(`${server.url}?v=2&lesson=python&gil=on&speed=1&workers=20&code=${code}`);
      await b.page.waitForFunction(() => {
        const r = document.querySelector('button[aria-label="Run"]');
        const ed = document.querySelector('textarea');
        return r && !r.disabled && ed && ed.value.includes('counter += 1');
      }, null, { polling: 'raf', timeout: 30_000 });
      await b.page.click('button[aria-label="Run"]');
      const r = await within(b, 'python frames', 60_000, b.page.evaluate(() => new Promise(done => {
        const t = [];
        let marked = 0, redraws = 0, lastNow = null;
        const tick = now => {
          t.push(now);
          // A redraw moves the lanes' "now" line: count the frames that did.
          const x = document.querySelector('.lanes line.now')?.getAttribute('x1');
          if (x !== lastNow) { redraws++; lastNow = x; }
          // Lines the editor marks as a thread's current line.
          marked = Math.max(marked, document.querySelectorAll('.editor .current, .editor [data-at], .line.current').length);
          if (now - t[0] < 5000) requestAnimationFrame(tick);
          else done({ frame_ms: t.slice(1).map((x, i) => x - t[i]), marked, redraws, lanes: document.querySelectorAll('.lane-name').length });
        };
        requestAnimationFrame(tick);
      })));
      check(b, 'python frames');
      await b.close();
      const ms = r.frame_ms;
      log(`python frames: ${ms.length} frames, median ${median(ms).toFixed(1)} ms, p95 ${pct(ms, 95).toFixed(1)} ms, ${r.redraws} redraws, lanes ${r.lanes}, marked lines ${r.marked}`);
      report.python_frames.push({ frames: ms.length, median_ms: median(ms), p95_ms: pct(ms, 95), max_ms: Math.max(...ms), fps: 1000 / median(ms), redraws_per_s: r.redraws / 5, lanes: r.lanes, marked: r.marked });
    }
  }

  // 3c. Growth over one run of ~10.5M traced events on 64 threads
  // (growth.mjs): memory, frames and scrub latency by event count.
  report.growth = await measureGrowth(server.url, (...a) => log(...a));
  if (report.growth.problems.length) throw new Error(`growth: page errors: ${report.growth.problems.join('; ')}`);

  // 4. Load to interactive (Run enabled) and the 16-worker pool.
  {
    report.load = [];
    for (let i = 0; i < RUNS; i++) {
      const b = await browser();
      await b.page.goto(`${server.url}?workers=16`);
      await b.page.waitForFunction(() => {
        const r = document.querySelector('button[aria-label="Run"]');
        return r && !r.disabled;
      }, null, { polling: 'raf', timeout: 30_000 });
      const cold = await b.page.evaluate(() => ({ interactive_ms: performance.now(), pool_ms: window.lockstepProbe().poolMs }));
      // The same page again, from the browser cache.
      await b.page.reload();
      await b.page.waitForFunction(() => {
        const r = document.querySelector('button[aria-label="Run"]');
        return r && !r.disabled && window.lockstepProbe;
      }, null, { polling: 'raf', timeout: 30_000 });
      const warm = await b.page.evaluate(() => ({ interactive_ms: performance.now(), pool_ms: window.lockstepProbe().poolMs }));
      check(b, 'load');
      await b.close();
      log(`load: cold ${cold.interactive_ms.toFixed(0)} ms (pool ${cold.pool_ms.toFixed(0)}), cached ${warm.interactive_ms.toFixed(0)} ms (pool ${warm.pool_ms.toFixed(0)})`);
      report.load.push({ cold, warm });
    }
  }
} finally {
  server.stop();
}

// 5. Size.
const wasm = fs.readFileSync(path.join(repo, 'dist/pkg/lockstep_bg.wasm'));
// Gzipped as scripts/build.sh reports it (`gzip -9`).
const gz = buf => execFileSync('gzip', ['-9', '-c', '-n'], { input: buf, maxBuffer: 1 << 26 }).length;
report.size = { raw: wasm.length, gzip: gz(wasm), zh_gzip: gz(fs.readFileSync(path.join(repo, 'dist/www/i18n/zh.txt'))) };

// The machine.
const sh = (cmd, args) => { try { return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return 'unknown'; } };
report.machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length,
  memory_gib: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()}`,
  chromium: sh('chromium', ['--version']), rustc: sh('rustc', ['--version']), node: process.version,
};
// The commit measured; "+changes" when code (anything outside docs/) differs from it.
report.commit = sh('git', ['-C', repo, 'rev-parse', '--short', 'HEAD']) +
  (sh('git', ['-C', repo, 'status', '--porcelain', '--', '.', ':!docs']) ? '+changes' : '');

fs.mkdirSync(path.join(repo, 'docs'), { recursive: true });
fs.writeFileSync(path.join(repo, 'docs/benchmarks.json'), JSON.stringify(report, null, 2) + '\n');
fs.writeFileSync(path.join(repo, 'docs/benchmarks.md'), markdown(report));
log('wrote docs/benchmarks.json and docs/benchmarks.md');

function markdown(r) {
  const f = (x, d = 2) => x.toFixed(d);
  const k = r.kernel, w2 = k.wasm.find(x => x.workers === 2);
  const ev = (rate, d) => r.events.find(e => e.target_rate === rate && e.drain_ms === d);
  const fr = median(r.frames.map(x => x.fps));
  const pyfr = median(r.python_frames.map(x => x.fps));
  const cold = median(r.load.map(l => l.cold.interactive_ms)), warm = median(r.load.map(l => l.warm.interactive_ms));
  const pool = median(r.load.map(l => l.cold.pool_ms));
  const yes = ok => ok ? 'met' : '**missed**';
  const rows = [
    ['Kernel speedup, 2 workers / 1 (headless Chromium)', `${f(w2.speedup)}x`, '>= 1.85x', yes(w2.speedup >= 1.85)],
    ['Kernel, 1 thread: wasm time / native time', `${f(k.wasm_over_native_1)}x`, '<= 1.25x', yes(k.wasm_over_native_1 <= 1.25)],
    ['Traced events, 16 writers at 2M/s, reader every 1 ms: dropped', ev(2e6, 1).wasm.dropped.join(', '), '0', yes(ev(2e6, 1).wasm.dropped.every(d => d === 0))],
    ['Traced events, 16 writers flat out: kept per second', `${f(ev(0, 1).wasm.kept_per_s / 1e6)}M`, '(reported)', ''],
    ['Frames while 16 threads emit 50k events/s: median fps', f(fr, 1), '>= 55', yes(fr >= 55)],
    ['Frames while 16 Python threads run (GIL) and the editor marks their lines: median fps', f(pyfr, 1), '>= 55', yes(pyfr >= 55)],
    ['Load to interactive (first visit, Run enabled)', `${f(cold, 0)} ms`, '<= 1000 ms', yes(cold <= 1000)],
    ['16-worker pool ready (first visit)', `${f(pool, 0)} ms`, '<= 400 ms', yes(pool <= 400)],
    ...(r.criterion ? [
      ['Traced event, natively: `Ctx::emit`, both clocks read and recorded (criterion, median)', `${f(r.criterion.emit_ns, 1)} ns (recording alone ${f(r.criterion.record_ns, 1)} ns)`, '<= 25 ns', yes(r.criterion.emit_ns <= 25)],
      ['Traced uncontended Lock acquire+release / raw `std::sync::Mutex`, natively (criterion, medians)', `${f(r.criterion.traced_lock_ns, 1)} / ${f(r.criterion.mutex_ns, 1)} ns = ${f(r.criterion.traced_lock_ns / r.criterion.mutex_ns, 1)}x`, '<= 2x', yes(r.criterion.traced_lock_ns <= 2 * r.criterion.mutex_ns)],
    ] : []),
    ['wasm gzipped (the playground with the interpreter)', `${r.size.gzip.toLocaleString('en')} bytes`, '<= 600 KB (600,000 bytes)', yes(r.size.gzip <= 600_000)],
    ...(r.growth ? (() => {
      const g = r.growth, a = g.samples[0], z = g.samples.at(-1);
      return [
        [`Growth, ${g.threads} threads free-threaded: events drained of those recorded`, `${g.drained.toLocaleString('en')}`, 'every one (see the growth table)', g.dropped_note ? '**missed**' : 'met'],
        ['Growth: wasm memory / JS heap, first sample to last', `${(a.wasm / 2 ** 20).toFixed(0)} -> ${(z.wasm / 2 ** 20).toFixed(0)} MiB / ${(a.heap / 2 ** 20).toFixed(1)} -> ${(z.heap / 2 ** 20).toFixed(1)} MiB`, '(reported: how cost grows)', ''],
        ['Growth: timeline scrub, first sample to last', `${a.scrub_ms.toFixed(0)} -> ${z.scrub_ms.toFixed(0)} ms`, '(reported: how cost grows)', ''],
      ];
    })() : []),
    ['The Chinese catalog, fetched only by a page in Chinese (gzipped)', `${r.size.zh_gzip.toLocaleString('en')} bytes`, '(reported)', ''],
  ];
  return `# Benchmarks

Generated by \`scripts/bench.sh\` (the native half: \`cargo run --release -p lockstep-core --example bench_native\`; the browser half: \`node tests/bench/run.mjs\` against \`dist/bench.html\` and \`dist/index.html\` in headless Chromium). Raw figures: \`docs/benchmarks.json\`. Do not edit by hand: rerun the command.

Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC at commit \`${r.commit ?? 'unknown'}\` on: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memory_gib} GiB, ${r.machine.os}; ${r.machine.chromium} (headless, \`--no-sandbox --disable-gpu\`); ${r.machine.rustc}; node ${r.machine.node}. Medians of ${r.runs} runs unless a row says otherwise.

| Figure | Measured | Target | |
|---|---|---|---|
${rows.map(x => `| ${x.join(' | ')} |`).join('\n')}

## Kernel: counting primes below ${k.n.toLocaleString('en')} (${k.primes} primes), blocks of 10,000 from a shared counter

The work runs on the bench page's Web Workers (one per thread) with no UI drawing; timed from the moment every thread is at the start barrier until the last is done.

| Workers | wasm median (s) | wasm speedup | native median (s) | native speedup |
|---|---|---|---|---|
${k.wasm.map(x => { const n = k.native.find(y => y.threads === x.workers); return `| ${x.workers} | ${f(x.median_s, 3)} | ${f(x.speedup)}x | ${n ? f(n.median_s, 3) : '-'} | ${n ? f(n.speedup) + 'x' : '-'} |`; }).join('\n')}

## Traced events: 16 writer threads, one reader

Each event is a full \`Ctx::emit\` (both clocks read, then recorded in the run's bounded queue of ${(1 << 16).toLocaleString('en')} events). The reader drains every 1 ms (a worker) or every 16 ms (as the page does once per frame). Three 1-second runs each.

| Writers' rate | Reader | wasm kept/s | wasm dropped | native kept/s | native dropped |
|---|---|---|---|---|---|
${r.events.map(e => `| ${e.target_rate ? (e.target_rate / 1e6) + 'M/s' : 'flat out'} | ${e.drain_ms} ms | ${f(e.wasm.kept_per_s / 1e6)}M | ${e.wasm.dropped.join(', ')} | ${f(e.native.kept_per_s / 1e6)}M | ${e.native.dropped.join(', ')} |`).join('\n')}

## Frame times: the playground's lanes, objects, output and metrics drawing a live run

16 threads doing \`with lock: counter.value += 1\`, paced on the recorder's count to 50,000 events/s, for 5 s; each animation frame drains the trace, reduces it and redraws, as the playground does. A fresh page per run.

| Run | Frames | Median frame (ms) | fps (median) | p95 frame (ms) | Worst (ms) | Events | Dropped |
|---|---|---|---|---|---|---|---|
${r.frames.map((x, i) => `| ${i + 1} | ${x.frames} | ${f(x.median_ms, 1)} | ${f(x.fps, 1)} | ${f(x.p95_ms, 1)} | ${f(x.max_ms, 0)} | ${x.events} | ${x.dropped} |`).join('\n')}

## Frame times: 16 Python threads in the playground

The real page (\`index.html?v=2&lesson=python&workers=20\`), a program of 16 threads each doing 100,000 \`with lock: counter += 1\` under the GIL, run at 1x; frames counted for the first 5 s of the run by \`requestAnimationFrame\`, while the lanes, the objects, the output and the editor (each thread's current line marked) follow the live run. A fresh page per run.

Frames are the page's animation frames (what scrolling, typing and the controls get); redraws are the frames in which the lanes, objects and editor marks were redrawn from the live run. A redraw that costs more than a frame is spaced by three times its script cost (\`src/ui/app.rs\`, \`REDRAW_SPACING\`); a frame drains at most 6 ms of events (\`src/ui/session.rs\`). The mean frame is longer than the median: about one frame in three carries a redraw.

| Run | Frames | Median frame (ms) | fps (median) | fps (mean: frames / 5 s) | p95 frame (ms) | Worst (ms) | Redraws/s | Lanes | Lines marked at once (most) |
|---|---|---|---|---|---|---|---|---|---|
${r.python_frames.map((x, i) => `| ${i + 1} | ${x.frames} | ${f(x.median_ms, 1)} | ${f(x.fps, 1)} | ${f(x.frames / 5, 1)} | ${f(x.p95_ms, 1)} | ${f(x.max_ms, 0)} | ${x.redraws_per_s == null ? '-' : f(x.redraws_per_s, 1)} | ${x.lanes} | ${x.marked} |`).join('\n')}

${r.growth ? growthSection(r.growth) : ''}## Load

\`index.html?workers=16\` in a fresh browser profile (first visit), then reloaded (cached). Interactive = the Run button enabled, which needs the wasm started, the 16 workers up and the start-up pool check passed. Pool = \`initThreadPool(16)\`.

| Run | First visit (ms) | Pool (ms) | Cached (ms) | Pool, cached (ms) |
|---|---|---|---|---|
${r.load.map((l, i) => `| ${i + 1} | ${f(l.cold.interactive_ms, 0)} | ${f(l.cold.pool_ms, 0)} | ${f(l.warm.interactive_ms, 0)} | ${f(l.warm.pool_ms, 0)} |`).join('\n')}

Median: first visit ${f(cold, 0)} ms, cached ${f(warm, 0)} ms.

## Size

\`dist/pkg/lockstep_bg.wasm\`: ${r.size.raw.toLocaleString('en')} bytes raw, ${r.size.gzip.toLocaleString('en')} gzipped (\`gzip -9\`).
${['docs/benchmarks-python.md', 'docs/benchmarks-notes.md'].filter(f => fs.existsSync(path.join(repo, f))).map(f => '\n' + fs.readFileSync(path.join(repo, f), 'utf8')).join('')}`;
}

function growthSection(g) {
  const mb = x => (x / 2 ** 20).toFixed(1);
  const f1 = x => x == null ? '-' : x.toFixed(1);
  return `## Growth: one run of ${g.threads} threads and about 10.5 million traced events

The real page, free-threaded at 10x, running this program (every \`x += 1\` is a traced load and store):

\`\`\`python
${growthProgram.trimEnd()}
\`\`\`

At each mark (events the page has drained), the run is paused there (as the timeline needs): a timeline scrub (the slider's \`input\` to the next painted frame), the wasm memory and the JS heap after a forced GC; then the run is resumed and the median and p95 animation-frame interval are taken over the next half second, while it goes on. The page keeps the first 2,000,000 events for replay and export (\`MAX_KEPT\`); past them it still applies every event to the live view. ${g.kept_note ? `It said: "${g.kept_note.trim()}".` : ''}

| Events drained | At (s) | wasm memory (MiB) | JS heap (MiB) | Frame median (ms) | Frame p95 (ms) | Scrub (ms) |
|---|---|---|---|---|---|---|
${g.samples.map(s => `| ${s.events.toLocaleString('en')} | ${f1(s.secs)} | ${mb(s.wasm)} | ${mb(s.heap)} | ${f1(s.frame_ms)} | ${f1(s.frame_p95_ms)} | ${s.scrub_ms == null ? '-' : s.scrub_ms.toFixed(0)} |`).join('\n')}

`;
}
