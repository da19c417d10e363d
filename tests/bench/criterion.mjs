// The traced core's own costs, from criterion's output of
// `cargo bench -p lockstep-core --bench trace` (scripts/bench.sh runs it
// first): prints a JSON object of medians in ns per iteration, which
// tests/bench/run.mjs puts in the report beside their targets (issue 3):
// a traced event <= 25 ns; an uncontended traced Lock acquire+release <= 2x
// a raw std::sync::Mutex.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const root = path.join(process.env.CARGO_TARGET_DIR || path.join(repo, 'target'), 'criterion');

// Every benchmark criterion has a result for: "group/function" -> median ns.
const found = {};
const walk = dir => {
  for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
    if (!e.isDirectory()) continue;
    const here = path.join(dir, e.name);
    const meta = path.join(here, 'new', 'benchmark.json');
    if (fs.existsSync(meta)) {
      const b = JSON.parse(fs.readFileSync(meta, 'utf8'));
      const est = JSON.parse(fs.readFileSync(path.join(here, 'new', 'estimates.json'), 'utf8'));
      found[`${b.group_id}/${b.function_id}`] = {
        median_ns: est.median.point_estimate,
        at: fs.statSync(path.join(here, 'new', 'estimates.json')).mtime.toISOString(),
      };
    } else walk(here);
  }
};
walk(root);
const pick = id => {
  if (!found[id]) throw new Error(`criterion has no result for "${id}" under ${root}`);
  return found[id];
};
const emit = pick('event/Ctx::emit (timestamped and recorded)');
const record = pick('event/Recorder::record (prebuilt event)');
const mutex = pick('lock acquire+release/std::sync::Mutex, 1 threads');
const traced = pick('lock acquire+release/traced Lock, 1 threads');
console.log(JSON.stringify({
  command: 'cargo bench -p lockstep-core --bench trace',
  emit_ns: emit.median_ns,
  record_ns: record.median_ns,
  mutex_ns: mutex.median_ns,
  traced_lock_ns: traced.median_ns,
  measured_at: [emit, record, mutex, traced].map(x => x.at).sort()[0],
}, null, 2));
