/*
 * Copyright 2022 Google Inc. All Rights Reserved.
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *     http://www.apache.org/licenses/LICENSE-2.0
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

// This file is kept similar to workerHelpers.js, but intended to be used in
// a bundlerless ES module environment (which has a few differences).

function waitForMsgType(target, type) {
  return new Promise(resolve => {
    target.addEventListener('message', function onMsg({ data }) {
      if (data == null || data.type !== type) return;
      target.removeEventListener('message', onMsg);
      resolve(data);
    });
  });
}

// We need to wait for a specific message because this file is used both
// as a Worker and as a regular script, so it might receive unrelated
// messages on the page.
waitForMsgType(self, 'wasm_bindgen_worker_init').then(async data => {
  // Lockstep: the glue from memory (see `inMemoryGlue`); from its URL if a
  // Content-Security-Policy refuses blob: scripts.
  let pkg;
  try {
    pkg = await import(data.mainBlob || data.mainJS);
  } catch (e) {
    if (!data.mainBlob) throw e;
    pkg = await import(data.mainJS);
  }
  await pkg.default(data.module, data.memory);
  postMessage({ type: 'wasm_bindgen_worker_ready' });
  pkg.wbg_rayon_start_worker(data.receiver);
});

// Note: this is never used, but necessary to prevent a bug in Firefox
// (https://bugzilla.mozilla.org/show_bug.cgi?id=1702191) where it collects
// Web Workers that have a shared WebAssembly memory with the main thread,
// but are not explicitly rooted via a `Worker` instance.
//
// By storing them in a variable, we can keep `Worker` objects around and
// prevent them from getting GC-d.
let _workers;

export async function startWorkers(module, memory, builder) {
  if (builder.numThreads() === 0) {
    throw new Error(`num_threads must be > 0.`);
  }

  const mainJS = builder.mainJS();
  const glue = await inMemoryGlue(mainJS);
  const workerInit = {
    type: 'wasm_bindgen_worker_init',
    module,
    memory,
    receiver: builder.receiver(),
    mainJS,
    mainBlob: glue.main
  };
  // Lockstep: this script is fetched once for all the workers (upstream
  // fetches it once per worker).
  const url = URL.createObjectURL(await fetch(import.meta.url).then(r => r.blob()));

  _workers = await Promise.all(
    Array.from({ length: builder.numThreads() }, async () => {
      // Self-spawn into a new Worker.
      // The script is fetched as a blob so it works even if this script is
      // hosted remotely (e.g. on a CDN). This avoids a cross-origin
      // security error.
      const worker = new Worker(url, {
        type: 'module'
      });
      worker.postMessage(workerInit);
      await waitForMsgType(worker, 'wasm_bindgen_worker_ready');
      return worker;
    })
  );
  URL.revokeObjectURL(url);
  glue.made.forEach(u => URL.revokeObjectURL(u));
  builder.build();
}

// Lockstep: wasm-bindgen's glue (`mainJS`) and the snippets it imports, as
// blob: URLs made once, for every worker to import from memory.
//
// Why: each worker is a new JS realm that loads the glue's module graph
// again: the glue and its three snippet modules, four requests per worker.
// A host that revalidates (`Cache-Control: no-cache`) answers 64 requests
// for a 16-worker pool while the workers' start-up already fills both
// cores; measured on a 2-core machine, first visit, 8 interleaved runs,
// the pool took 575 ms (median) that way and 418 ms from memory.
//
// The glue imports its snippets by relative specifiers (`from
// './snippets/...'`), which a blob: module cannot resolve: each becomes the
// blob: URL of that snippet's text. `main` is undefined (the workers then
// import `mainJS` as upstream does) if anything here fails or if the glue
// has a relative import this does not rewrite. `made`: every blob: URL
// made, to revoke once the workers are up.
const RELATIVE_IMPORT = /(\bfrom|\bimport)\s*\(?\s*['"]\.{1,2}\//;

async function inMemoryGlue(mainJS) {
  const made = [];
  const blobOf = text => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
    made.push(url);
    return url;
  };
  try {
    let glue = await fetch(mainJS).then(r => (r.ok ? r.text() : Promise.reject(new Error(r.status))));
    const specs = new Set(Array.from(glue.matchAll(/from '(\.\/snippets\/[^']+)'/g), m => m[1]));
    const texts = await Promise.all(Array.from(specs, spec => fetch(new URL(spec, mainJS))
      .then(r => (r.ok ? r.text() : Promise.reject(new Error(r.status))))));
    Array.from(specs).forEach((spec, i) => {
      // A snippet with relative imports of its own would need the same.
      if (RELATIVE_IMPORT.test(texts[i])) throw new Error(`${spec} imports by a relative path`);
      glue = glue.split(`'${spec}'`).join(`'${blobOf(texts[i])}'`);
    });
    if (RELATIVE_IMPORT.test(glue)) throw new Error('a relative import is left');
    return { main: blobOf(glue), made };
  } catch {
    made.forEach(u => URL.revokeObjectURL(u));
    return { main: undefined, made: [] };
  }
}
