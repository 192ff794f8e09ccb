// Editing an organisation profile: a validation error keeps what was typed and saves nothing;
// once fixed, the new name is saved.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkPage,
  launch,
  login,
  orgRows,
  pathOf,
  searchDirectory,
  submit,
  text,
  unique,
  visit,
  withPage,
} from '../lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('an invalid website is refused with the typed values kept, then the fixed form saves', async () => {
  await withPage(browser, 'edit-profile', async (page) => {
    await login(page, 'staff@bhc.demo');
    await visit(page, '/c/bhc/organisations');
    const [first] = await orgRows(page);
    assert.ok(first?.href, 'the directory lists an organisation');
    const orgPath = first.href;

    await visit(page, orgPath);
    const originalName = await text(page, 'h1');
    assert.ok(originalName.length > 0);
    assert.equal(await page.locator('a#edit-org').count(), 1, 'staff get an edit link');
    await submit(page, 'a#edit-org');
    assert.equal(pathOf(page), `${orgPath}/edit`);
    await checkPage(page);
    assert.equal(await page.inputValue('#name'), originalName, 'the form starts with the saved name');
    assert.equal(await page.locator('#org-form input[type=hidden]').count() >= 1, true, 'a hidden csrf field');

    const newName = unique('E2E Renamed');
    await page.fill('#name', newName);
    await page.fill('#website', 'not a url');
    // If the input is type=url the browser would refuse to submit; this test is about the
    // server's validation, so switch the browser's own check off.
    await page.$eval('#org-form', (f) => {
      f.noValidate = true;
    });
    const bad = await submit(page, '#org-save');
    assert.equal(bad.status(), 422, 'an invalid form answers 422');
    await checkPage(page);
    assert.ok(await page.locator('#form-errors[role=alert]').isVisible(), '#form-errors (role=alert) is shown');
    assert.ok(await page.locator('#website-error').isVisible(), '#website-error is shown');
    assert.ok(await page.locator('#website-error.field-error').count(), '#website-error has class field-error');
    assert.equal(await page.getAttribute('#website', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#name'), newName, 'the typed name is kept');
    assert.equal(await page.inputValue('#website'), 'not a url', 'the typed website is kept');
    assert.notEqual(await page.getAttribute('#name', 'aria-invalid'), 'true', 'the name is not flagged');
    const describedBy = (await page.getAttribute('#website', 'aria-describedby')) ?? '';
    assert.ok(describedBy.split(/\s+/).includes('website-error'), 'the error is tied to the input (aria-describedby)');

    // nothing was saved: the organisation page (in another tab) still has the old name
    const other = await page.context().newPage();
    await visit(other, orgPath);
    assert.equal(await text(other, 'h1'), originalName, 'the name is unchanged after the refused save');
    await other.close();

    // fix the website and save
    await page.fill('#website', 'https://example.org');
    const good = await submit(page, '#org-save');
    assert.equal(good.status(), 200);
    assert.equal(pathOf(page), orgPath, 'a valid save goes back to the organisation page');
    await checkPage(page);
    assert.equal(await text(page, 'h1'), newName, 'the organisation page shows the new name');

    // and the directory lists it under the new name
    await searchDirectory(page, 'bhc', newName, (rows) => rows.some((r) => r.name === newName && r.href === orgPath));
  });
});
