// Switching the interface language with the header's language form.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage, launch, pathOf, submit, text, visit, withPage } from '../lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function switchTo(page, lang) {
  await page.selectOption('#lang', lang);
  const response = await submit(page, '#lang-submit');
  assert.equal(response.status(), 200);
  await checkPage(page);
  assert.equal(await page.getAttribute('html', 'lang'), lang, `<html lang> is ${lang}`);
  assert.equal(await page.inputValue('#lang'), lang, `the language select shows ${lang}`);
}

for (const start of ['/c/bhc/organisations', '/login']) {
  test(`the language form switches ${start} to eu, fr, es and back to en`, async () => {
    await withPage(browser, `language${start.replace(/\//g, '-')}`, async (page) => {
      await visit(page, start);
      const seen = [{ lang: await page.getAttribute('html', 'lang'), h1: await text(page, 'h1'), main: await text(page, 'main') }];
      assert.equal(seen[0].lang, 'en', 'an English browser gets English');

      for (const lang of ['eu', 'fr', 'es', 'en']) {
        await switchTo(page, lang);
        assert.equal(pathOf(page), start, 'the switch returns to the same page');
        const now = { lang, h1: await text(page, 'h1'), main: await text(page, 'main') };
        const prev = seen[seen.length - 1];
        assert.notEqual(now.h1, prev.h1, `the heading changes from ${prev.lang} (${prev.h1}) to ${lang}`);
        if (lang !== 'en') {
          for (const s of seen) assert.notEqual(now.main, s.main, `${lang} text differs from ${s.lang}`);
        }
        seen.push(now);
      }
      assert.equal(seen.at(-1).h1, seen[0].h1, 'back to English gives the English heading again');
    });
  });
}

test('the chosen language sticks across pages', async () => {
  await withPage(browser, 'language-sticky', async (page) => {
    await visit(page, '/login');
    await switchTo(page, 'fr');
    await visit(page, '/c/bhc/organisations');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    await switchTo(page, 'eu');
    await visit(page, '/login');
    assert.equal(await page.getAttribute('html', 'lang'), 'eu');
  });
});
