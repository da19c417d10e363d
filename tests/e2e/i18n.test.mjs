// Issue 16: the page in Chinese and English. Every lesson (and a challenge
// level, won) opened with lang=zh and lang=en, run to its end, and read the
// way a learner reads it: no English sentence left in the Chinese page, no
// Chinese in the English one (Python's code and output excepted: they are
// what Python prints), no sideways scrolling at 375 px. Then the language
// as a learner meets it: from the browser, switched, remembered, in links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, browser, shot, repo, openUrl, lessonsFromPicker } from './harness.mjs';

let server;
before(async () => { server = await serve(); });
after(() => server.stop());

// The few names the test needs in each language (the page's own words).
const WORDS = {
  en: { run: 'Run', finished: /FINISHED/ },
  zh: { run: '运行', finished: /已结束/ },
};

const LESSONS = await lessonsFromPicker();
const LEVELS = await lessonsFromPicker({ levels: true });

/** Text the learner sees that is in the wrong language: in Chinese, a
 *  sentence with English function words; in English, any Chinese. Python
 *  stays as Python prints it, so code, output, tracebacks and quoted
 *  program text are not read; nor is the switch's name of the other
 *  language (marked with its own `lang`). */
async function wrongLanguage(page, lang) {
  return page.evaluate((lang) => {
    const skip = 'pre, code, textarea, script, style, noscript, .console, .stdout, .traceback, .editor, [translate="no"]';
    // Words that only a sentence has: none is a Python keyword or a name the
    // lessons' programs use.
    const english = new Set(('the of to are was were its this that these those each every than which when who ' +
      'what will would has have had but can may must only also here there their they them your you does ' +
      'done runs waits holds gets sees starts finished ready press drag one two after before into onto ' +
      'because why how until about between against without within per more less most least').split(' '));
    const found = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(skip)) continue;
      const other = el.closest('[lang]');
      if (other && !other.lang.startsWith(lang) && other !== document.documentElement) continue;
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue;
      // Quoted program text ("counter is 2", “子进程开始”) is Python's.
      const text = n.textContent.replace(/"[^"]*"|“[^”]*”|'[^']*'|`[^`]*`/g, ' ');
      const bad = lang === 'zh'
        ? (text.match(/[A-Za-z_][A-Za-z0-9_']*/g) || []).some(w => english.has(w.toLowerCase()))
        : /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/.test(text);
      if (bad) found.push(`${el.tagName.toLowerCase()}.${el.className || ''}: ${n.textContent.trim().slice(0, 120)}`);
    }
    // The SVG's accessible names and titles speak too.
    for (const el of document.querySelectorAll('[aria-label], [title]')) {
      if (el.closest(skip) || (el.closest('[lang]') && !el.closest('[lang]').lang.startsWith(lang) && el.closest('[lang]') !== document.documentElement)) continue;
      for (const v of [el.getAttribute('aria-label'), el.getAttribute('title')]) {
        if (!v) continue;
        const text = v.replace(/"[^"]*"|“[^”]*”|'[^']*'|`[^`]*`/g, ' ');
        const bad = lang === 'zh'
          ? (text.match(/[A-Za-z_][A-Za-z0-9_']*/g) || []).some(w => english.has(w.toLowerCase()))
          : /[\u3400-\u9fff]/.test(text);
        if (bad) found.push(`[label] ${el.tagName.toLowerCase()}: ${v.slice(0, 120)}`);
      }
    }
    return [...new Set(found)];
  }, lang);
}

async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

for (const lang of ['zh', 'en']) {
  test(`every lesson in ${lang}: nothing in the other language, before and after a run, and no overflow at 375 px`, async () => {
    const b = await browser();
    const report = [];
    try {
      for (const id of LESSONS) {
        const query = id === 'python'
          ? `?v=2&lesson=python&code=&speed=10&lang=${lang}`
          : `?v=1&lesson=${id}&speed=10&lang=${lang}`;
        await b.page.setViewportSize({ width: 1280, height: 860 });
        await openUrl(b, server.url + query);
        assert.equal(await b.page.evaluate(() => document.documentElement.lang), lang === 'zh' ? 'zh-Hans' : 'en');
        report.push(...(await wrongLanguage(b.page, lang)).map(x => `${id} (ready): ${x}`));
        await b.page.getByRole('button', { name: WORDS[lang].run, exact: true }).click();
        await b.page.getByRole('status', { name: lang === 'zh' ? '模式' : 'Mode' })
          .getByText(WORDS[lang].finished).waitFor({ timeout: 120000 });
        report.push(...(await wrongLanguage(b.page, lang)).map(x => `${id} (finished): ${x}`));
        await b.page.setViewportSize({ width: 375, height: 800 });
        const over = await overflow(b.page);
        if (over > 0) report.push(`${id}: ${over} px wider than a 375 px screen`);
        if (lang === 'zh' && ['pool', 'locks', 'crawler'].includes(id)) {
          await b.page.setViewportSize({ width: 1280, height: 860 });
          await shot(b.page, `zh-${id}`);
        }
      }
      assert.deepEqual(b.problems, []);
    } finally {
      await b.close();
    }
    assert.deepEqual(report, []);
  });
}

/** A level's winning schedule, from its header. */
function solution(id) {
  const text = fs.readFileSync(path.join(repo, 'levels', `${id}.py`), 'utf8');
  return text.match(/^# solution: (.*)$/m)[1].trim();
}

test('every challenge level in Chinese: story, goal, hints and a won verdict, at 1280 and 375 px', async () => {
  const b = await browser();
  const report = [];
  try {
    for (const id of LEVELS) {
      await b.page.setViewportSize({ width: 1280, height: 860 });
      await openUrl(b, `${server.url}?v=2&level=${id}&lang=zh&schedule=${solution(id)}`);
      await b.page.getByRole('status', { name: '结果' }).getByText('你把它弄坏了').waitFor({ timeout: 60000 });
      // Every hint shown, as a stuck player would.
      const hint = b.page.getByRole('button', { name: /^提示/ });
      while (await hint.isEnabled()) await hint.click();
      report.push(...(await wrongLanguage(b.page, 'zh')).map(x => `${id}: ${x}`));
      if (id === LEVELS[6]) await shot(b.page, 'zh-level');
      await b.page.setViewportSize({ width: 375, height: 800 });
      const over = await overflow(b.page);
      if (over > 0) report.push(`${id}: ${over} px wider than a 375 px screen`);
    }
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
  assert.deepEqual(report, []);
});

test('the language follows the browser, switches, is remembered and travels in links', async () => {
  // A Chinese browser opening a link without lang= gets Chinese.
  const b = await browser({ locale: 'zh-CN' });
  try {
    await openUrl(b, `${server.url}?v=1&lesson=locks`);
    assert.equal(await b.page.evaluate(() => document.documentElement.lang), 'zh-Hans');
    await b.page.getByRole('button', { name: '运行', exact: true }).waitFor();
    await b.page.waitForFunction(() => /[?&]lang=zh\b/.test(location.search), null, { timeout: 5000 });

    // Switch to English: the same lesson, its parameters kept.
    await b.page.getByRole('slider', { name: /线程/ }).first().waitFor();
    await b.page.getByRole('navigation', { name: '语言' }).getByRole('link', { name: 'English' }).click();
    await openUrl(b, b.page.url());
    assert.equal(await b.page.evaluate(() => document.documentElement.lang), 'en');
    assert.match(b.page.url(), /lesson=locks/);
    assert.match(b.page.url(), /[?&]lang=en\b/);
    await b.page.getByRole('button', { name: 'Run', exact: true }).waitFor();

    // Remembered: a link without lang= now opens in English in this browser,
    // and a link that says lang=zh still opens in Chinese.
    await openUrl(b, `${server.url}?v=1&lesson=queue`);
    await b.page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    await openUrl(b, `${server.url}?v=1&lesson=queue&lang=zh`);
    await b.page.getByRole('button', { name: '运行', exact: true }).waitFor();
    // The shared link carries the language.
    assert.match(await b.page.evaluate(() => location.search), /[?&]lang=zh\b/);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
  }
});

test('the boot screen speaks the language too: no shared memory, in Chinese', async () => {
  const plain = await serve({ plain: true });
  const b = await browser();
  try {
    // Service workers blocked (as in some private windows): no way to isolate.
    await b.context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: () => undefined });
    });
    await b.page.goto(`${plain.url}?lang=zh`);
    const alert = b.page.getByRole('alert');
    await alert.waitFor({ timeout: 20000 });
    const text = await alert.innerText();
    assert.match(text, /共享内存/);
    assert.equal(await b.page.evaluate(() => document.documentElement.lang), 'zh-Hans');
  } finally {
    await b.close();
    plain.stop();
  }
});
