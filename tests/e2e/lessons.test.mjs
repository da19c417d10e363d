// Issue 14: the lessons are the Python that runs. A learner opens a lesson,
// finds its Python in the editor, runs it (the lesson's checks judge the
// interpreted run), edits it (the checks step aside, the detectors stay),
// shares the edit as a link, and restores the lesson's own code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser, shot, button, editor, openUrl, typeProgram, runToEnd } from './harness.mjs';

let server;
before(async () => { server = await serve(); });
after(() => server.stop());

const open = (b, query) => openUrl(b, server.url + query);

// Random valid parameters, as a learner might pick them.
const threads = 2 + Math.floor(Math.random() * 7);

test(`a lesson is its Python: run it (${threads} threads), edit it, share the edit, restore it`, async () => {
  const b = await browser();
  try {
    await open(b, `?v=1&lesson=threads&seed=3&speed=10&p.threads=${threads}&p.named=off`);
    const code = await editor(b).inputValue();
    assert.match(code, new RegExp(`t${threads} = threading\\.Thread\\(target=run`), 'the parameters wrote the code');
    await runToEnd(b);
    assert.deepEqual(await b.page.locator('.checks li.fail').allInnerTexts(), []);
    const names = await b.page.locator('.checks li.ok', { hasText: "Python's names" }).innerText();
    assert.match(names, /Thread-1 \(run\)/, 'CPython 3.11 names, from the interpreted run');

    // Edit: the lesson's checks step aside, the parameters stop writing it.
    await editor(b).click();
    await b.page.keyboard.press('Control+End');
    await editor(b).pressSequentially('print("mine", counter * 10)\n', { delay: 0 });
    await b.page.getByRole('status', { name: 'Edited lesson' }).waitFor();
    assert.ok(await b.page.getByRole('slider', { name: /Threads/ }).isDisabled(), 'parameters off while edited');
    await b.page.waitForFunction(() => /[?&]v=2&lesson=threads&.*&code=[A-Za-z0-9_-]+/.test(location.search));
    await runToEnd(b);
    await b.page.getByRole('region', { name: 'Output' }).getByText(`mine ${threads * 10}`).waitFor();
    assert.equal(await b.page.locator('.checks li', { hasText: "Python's names" }).count(), 0, 'lesson checks off');
    await shot(b.page, 'lesson-edited');

    // The link reopens the edit in the lesson.
    const link = await b.page.evaluate(() => location.search);
    const c = await browser();
    try {
      await open(c, link);
      await c.page.getByRole('status', { name: 'Edited lesson' }).waitFor();
      assert.match(await editor(c).inputValue(), /print\("mine", counter \* 10\)/);
      assert.deepEqual(c.problems, []);
    } finally {
      await c.close();
    }

    // Restore: the lesson's own code, its checks, a v1 link.
    await button(b, "Restore the lesson's code").click();
    assert.doesNotMatch(await editor(b).inputValue(), /mine/);
    await b.page.waitForFunction(() => /[?&]v=1&lesson=threads/.test(location.search) && !/code=/.test(location.search));
    await runToEnd(b);
    assert.equal(await b.page.locator('.checks li.ok', { hasText: "Python's names" }).count(), 1);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('an edited lesson that fails shows the traceback at its line, and the lesson page stays usable', async () => {
  const b = await browser();
  try {
    await open(b, '?v=1&lesson=locks&seed=1&speed=10&p.variant=release-unlocked');
    await runToEnd(b);
    // The lesson's own program raises on purpose: CPython's traceback.
    const tb = b.page.getByRole('alert', { name: 'Python error' });
    assert.match(await tb.innerText(), /RuntimeError: release unlocked lock/);
    assert.deepEqual(await b.page.locator('.checks li.fail').allInnerTexts(), []);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

// A pool size other than the default 4, as a learner would type it.
const size = [2, 3, 5, 6, 7, 8][Math.floor(Math.random() * 6)];

test(`a parameter is its literal: type Pool(${size}) and the slider follows; the slider edits the literal in edited code`, async () => {
  const b = await browser();
  try {
    await open(b, '?v=1&lesson=pool&seed=3&speed=10&p.workers=4&p.tasks=6');
    const slider = b.page.getByRole('slider', { name: 'Pool size' });
    const code = await editor(b).inputValue();
    assert.match(code, /p = Pool\(4\)/);
    await typeProgram(b, code.replace('Pool(4)', `Pool(${size})`));
    await b.page.waitForFunction(n => {
      const q = new URLSearchParams(location.search);
      return q.get('p.workers') === String(n) && q.get('v') === '1';
    }, size);
    assert.equal(await slider.inputValue(), String(size));
    assert.equal(await b.page.getByRole('status', { name: 'Edited lesson' }).count(), 0, 'still the lesson\'s code');
    await runToEnd(b);
    assert.deepEqual(await b.page.locator('.checks li.fail').allInnerTexts(), []);
    assert.match(await b.page.locator('.checks li.ok', { hasText: 'distinct workers' }).innerText(), new RegExp(`exactly ${Math.min(size, 6)} distinct`));

    // An edit beyond the literals makes the code the learner's; the
    // slider still edits its own literal there.
    await typeProgram(b, (await editor(b).inputValue()) + '# mine\n');
    await b.page.getByRole('status', { name: 'Edited lesson' }).waitFor();
    await slider.fill('3');
    assert.match(await editor(b).inputValue(), /p = Pool\(3\)[\s\S]*# mine/);
    // Delete the literal: the slider says it has nothing to edit.
    await typeProgram(b, (await editor(b).inputValue()).replace('Pool(3)', 'Pool()'));
    await b.page.getByText('Its literal is no longer in your code.').waitFor();
    assert.ok(await slider.isDisabled());
    await runToEnd(b);
    assert.equal(await b.page.locator('.checks li', { hasText: 'distinct workers' }).count(), 0, 'lesson checks off');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});
