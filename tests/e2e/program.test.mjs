// "My program" end to end, as a learner uses it: pick it, type Python, run
// it on the workers with the GIL and without, see the output and the
// traceback of a failing program, and share a v2 link that reopens it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { serve, browser, shot, mode, button, editor, output, openUrl, typeProgram, runToEnd } from './harness.mjs';

let server;
before(async () => { server = await serve(); });
after(() => server.stop());

const open = (b, query) => openUrl(b, server.url + query);

// Random valid parameters: a counter program with a random thread count
// and loop length; under the GIL it must print exactly threads * n.
const threads = 2 + Math.floor(Math.random() * 4);
const n = 500 + Math.floor(Math.random() * 1500);
const COUNTER = `import threading
total = 0
def work():
    global total
    for _ in range(${n}):
        total += 1
ts = [threading.Thread(target=work) for _ in range(${threads})]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("total", total)
`;

test(`my program: typed, run under the GIL on real workers (${threads} threads x ${n}), then free-threaded`, async () => {
  const b = await browser();
  try {
    await open(b, '');
    await b.page.getByRole('combobox', { name: 'Lesson' }).selectOption('python');
    await editor(b).waitFor();
    await b.page.waitForFunction(() => location.search.includes('lesson=python'));
    await typeProgram(b, COUNTER);
    await runToEnd(b);
    await output(b).getByText(`total ${threads * n}`, { exact: true }).waitFor();
    // Every thread was a lane of its own, named as Python names it.
    const names = (await b.page.locator('.lanes .lane-name').allTextContents()).map(t => t.trim());
    const want = ['MainThread', ...Array.from({ length: threads }, (_, i) => `Thread-${i + 1} (work)`)];
    assert.deepEqual(names, want);
    await shot(b.page, 'program-gil');
    // Free-threaded: the same program; the total is at most threads * n.
    await b.page.getByRole('combobox', { name: 'GIL' }).selectOption('off');
    await b.page.waitForFunction(() => location.search.includes('gil=off'));
    await runToEnd(b);
    const text = await output(b).innerText();
    const m = text.match(/total (\d+)/);
    assert.ok(m, text);
    assert.ok(Number(m[1]) <= threads * n && Number(m[1]) > 0, text);
    // Every update the total is short of is a lost update the page points
    // at (the objects panel and the metrics count the same thing).
    const lost = threads * n - Number(m[1]);
    if (lost > 0) {
      await b.page.locator('.lost', { hasText: 'lost update' }).first().waitFor();
    }
    await shot(b.page, 'program-free');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('my program: a SyntaxError and an uncaught exception are shown with their lines', async () => {
  const b = await browser();
  try {
    await open(b, '?v=2&lesson=python');
    await typeProgram(b, 'x = 1\nif x\n    print(x)\n');
    await button(b, 'Run').click();
    const err = b.page.getByRole('alert', { name: 'Python error' });
    await err.getByText(/SyntaxError: expected ':'/).waitFor({ timeout: 10000 });
    await b.page.locator('.editor .gl.error', { hasText: '2' }).waitFor();
    await typeProgram(b, 'def f(d):\n    return d["missing"]\nf({})\n');
    await runToEnd(b);
    await err.getByText(/KeyError: 'missing'/).waitFor();
    assert.match(await err.innerText(), /File "prog.py", line 2, in f/);
    await b.page.locator('.editor .gl.error', { hasText: '2' }).waitFor();
    await shot(b.page, 'program-error');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('my program: the share link (v2, code= and gil=) reopens the same program', async () => {
  const b = await browser();
  const program = `# 共享 ${Math.random().toString(36).slice(2)}\nprint("你好", ${n})\n`;
  let link;
  try {
    await open(b, '?v=2&lesson=python');
    await typeProgram(b, program);
    await b.page.getByRole('combobox', { name: 'GIL' }).selectOption('off');
    await b.page.waitForFunction(() => /code=[A-Za-z0-9_-]+/.test(location.search) && location.search.includes('gil=off'));
    link = await b.page.evaluate(() => location.search);
    assert.match(link, /v=2/);
  } finally {
    await b.close();
  }
  const b2 = await browser();
  try {
    await open(b2, link);
    await b2.page.waitForFunction(
      want => document.querySelector('textarea[aria-label="Python code"]')?.value === want, program);
    assert.equal(await b2.page.getByRole('combobox', { name: 'GIL' }).inputValue(), 'off');
    await runToEnd(b2);
    await output(b2).getByText(`你好 ${n}`).waitFor();
    assert.deepEqual(b2.problems, []);
  } finally {
    await b2.close();
  }
  // A link written by another tool (README: raw DEFLATE, base64url) opens.
  const made = zlib.deflateRawSync(Buffer.from(program, 'utf8')).toString('base64url');
  const b4 = await browser();
  try {
    await open(b4, `?v=2&lesson=python&gil=on&code=${made}`);
    await b4.page.waitForFunction(
      want => document.querySelector('textarea[aria-label="Python code"]')?.value === want, program);
  } finally {
    await b4.close();
  }
  // A broken code= loads the starter program with a notice, never a crash.
  const b3 = await browser();
  try {
    await open(b3, '?v=2&lesson=python&code=AAAA');
    await b3.page.getByRole('status', { name: 'Link notices' }).getByText(/could not be read/).waitFor();
    assert.match(await editor(b3).inputValue(), /My program: edit it/);
  } finally {
    await b3.close();
  }
});

test('my program: a run of millions of events finishes, and the page says what it kept', async () => {
  const b = await browser();
  try {
    await open(b, '?v=2&lesson=python&speed=10');
    // 1,100,000 `n += 1` at module level: 2.2 million traced events.
    await typeProgram(b, 'n = 0\nfor i in range(1100000):\n    n += 1\nprint("n", n)\n');
    await runToEnd(b, 120000);
    const notes = await b.page.locator('.notice').allInnerTexts();
    assert.ok(notes.some(t => /kept the first 2000000|trace events were dropped/.test(t)), notes.join('\n'));
    // The printed line is on the page: in the Output panel, or, when the
    // trace dropped events, in the program's whole output beside it.
    const shown = b.page.getByRole('region', { name: 'Output' }).getByText('n 1100000', { exact: true })
      .or(b.page.getByLabel('Program output').getByText('n 1100000'));
    await shown.first().waitFor();
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('my program: colours the code, and Step shows the exact expression a thread is at', async () => {
  const b = await browser();
  try {
    await open(b, '?v=2&lesson=python');
    await typeProgram(b, 'counter = 0\ndef work():\n    global counter\n    counter += 1\nwork()\nprint(counter)\n');
    await b.page.locator('.editor .hl .kw', { hasText: 'def' }).waitFor();
    await b.page.locator('.editor .hl .df', { hasText: 'work' }).waitFor();
    await b.page.locator('.editor .hl .nu', { hasText: '0' }).first().waitFor();
    // Step until the main thread's last traced operation is on line 4
    // (the load or the store of `counter += 1`): the gutter and the
    // expression are marked.
    for (let i = 0; i < 40; i++) {
      await button(b, 'Step').click();
      await b.page.waitForTimeout(60);
      if (await b.page.locator('.editor .gl.current', { hasText: '4' }).count()) break;
    }
    await b.page.locator('.editor .gl.current', { hasText: '4' }).waitFor({ timeout: 5000 });
    await b.page.locator('.editor .hl .at', { hasText: 'counter' }).waitFor();
    await shot(b.page, 'program-step');
    await button(b, 'Reset').click();
    await mode(b).getByText(/ready/).waitFor({ timeout: 5000 });
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('my program: the output follows new lines unless the learner scrolled up', async () => {
  const b = await browser();
  try {
    await open(b, '?v=2&lesson=python');
    await typeProgram(b, 'for i in range(200):\n    print("line", i)\n');
    await runToEnd(b);
    const list = b.page.locator('.console ol');
    await output(b).getByText('line 199', { exact: true }).waitFor();
    const atEnd = await list.evaluate(el => el.scrollTop + el.clientHeight >= el.scrollHeight - 4);
    assert.ok(atEnd, 'the output shows its last line');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('my program: a huge or unbounded queue draws as a count, not as boxes', async () => {
  const b = await browser();
  try {
    await open(b, '');
    await b.page.getByRole('combobox', { name: 'Lesson' }).selectOption('python');
    await editor(b).waitFor();
    const n = 30 + Math.floor(Math.random() * 200);
    await typeProgram(b, `import queue
import multiprocessing as mp
q = queue.Queue(10**9)
for i in range(${n}):
    q.put(i)
m = mp.Queue()
m.put("A")
print(q.qsize(), m.get())
`);
    await runToEnd(b);
    await output(b).getByText(`${n} A`).waitFor();
    await b.page.getByText(`+${n - 24} more`).waitFor();
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('my program: Reset stops a thread spinning in while True: pass, and the next run starts on the same workers', async () => {
  const b = await browser();
  try {
    await open(b, '');
    await b.page.getByRole('combobox', { name: 'Lesson' }).selectOption('python');
    await editor(b).waitFor();
    await typeProgram(b, `import threading
def spin():
    while True:
        pass
threading.Thread(target=spin).start()
while True:
    pass
`);
    await button(b, 'Run').click();
    await mode(b).getByText(/LIVE/).waitFor();
    await b.page.waitForTimeout(1000);
    await button(b, 'Reset').click();
    await mode(b).getByText(/ready/).waitFor({ timeout: 5000 });
    const k = 2 + Math.floor(Math.random() * 5);
    await typeProgram(b, `import threading
n = 0
def add():
    global n
    n += 1
ts = [threading.Thread(target=add) for _ in range(${k})]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("after reset", n)
`);
    await runToEnd(b);
    await output(b).getByText(`after reset ${k}`).waitFor();
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('my program: threads printing in a loop leave the page responsive; the output draws only its newest lines', async () => {
  // Before issue 17's fix each printed line cost a scan of every text
  // printed before it, and a click on Reset waited 28 s for the page.
  const b = await browser();
  try {
    await open(b, '?v=2&lesson=python&gil=off&speed=10');
    const k = 4 + Math.floor(Math.random() * 5);
    await typeProgram(b, `import threading
def spam(i):
    while True:
        print("spam", i)
for i in range(${k}):
    threading.Thread(target=spam, args=(i,)).start()
`);
    await button(b, 'Run').click();
    await mode(b).getByText(/LIVE/).waitFor();
    await b.page.getByText(/earlier lines not shown/).waitFor({ timeout: 15_000 });
    await b.page.waitForTimeout(2000);
    const drawn = await b.page.locator('.console ol li').count();
    assert.ok(drawn > 0 && drawn <= 500, `${drawn} lines drawn`);
    const t0 = Date.now();
    await button(b, 'Reset').click({ timeout: 5000 });
    await mode(b).getByText(/ready/).waitFor({ timeout: 5000 });
    const took = Date.now() - t0;
    assert.ok(took < 5000, `Reset took ${took} ms`);
    assert.equal(await b.page.evaluate(() => window.lockstepProbe().busyWorkers), 0);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('my program: Chinese text in the code survives the v2 link and prints as typed', async () => {
  const b = await browser();
  try {
    await open(b, '');
    await b.page.getByRole('combobox', { name: 'Lesson' }).selectOption('python');
    await editor(b).waitFor();
    const pid = 1000 + Math.floor(Math.random() * 9000);
    const src = `# 进程与线程\nprint("你好，世界", "进程ID：", ${pid})\n`;
    await typeProgram(b, src);
    await b.page.waitForFunction(() => /[?&]v=2&lesson=python&.*code=[A-Za-z0-9_-]{8,}/.test(location.search));
    const link = await b.page.evaluate(() => location.search);
    const c = await browser();
    try {
      await open(c, link);
      await c.page.waitForFunction(() => document.querySelector('textarea')?.value.includes('你好'));
      assert.equal(await editor(c).inputValue(), src);
      await runToEnd(c);
      await output(c).getByText(`你好，世界 进程ID： ${pid}`).waitFor();
      assert.deepEqual(c.problems, []);
    } finally {
      await c.close();
    }
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});
