// Cross-cluster isolation: people of one cluster see nothing private of another.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage, launch, login, orgIdFromHref, orgRows, pathOf, visit, withPage } from '../lib.mjs';

let browser;
let cpbOnlyOrg; // { id, name } of an organisation listed by CPB's public directory but not BHC's

before(async () => {
  browser = await launch();
  await withPage(browser, 'isolation-setup', async (page) => {
    await visit(page, '/c/bhc/organisations');
    const bhcIds = new Set((await orgRows(page)).map((r) => orgIdFromHref(r.href)));
    await visit(page, '/c/cpb/organisations');
    const cpb = await orgRows(page);
    assert.ok(cpb.length > 0, 'the CPB public directory lists organisations');
    for (const r of cpb) {
      assert.match(r.href ?? '', /^\/c\/cpb\/organisations\//, 'CPB rows link inside CPB');
      assert.ok(r.status === '' || r.status === 'active', `anonymous visitors see active members only (${r.name}: ${r.status})`);
    }
    const row = cpb.find((r) => !bhcIds.has(orgIdFromHref(r.href)));
    assert.ok(row, 'an organisation that only CPB lists');
    cpbOnlyOrg = { id: orgIdFromHref(row.href), name: row.name };
  });
});
after(async () => {
  await browser?.close();
});

const PRIVATE = () => [
  '/c/cpb/people',
  '/c/cpb/applications',
  '/c/cpb/audit',
  '/c/cpb/groups',
  `/c/cpb/organisations/${cpbOnlyOrg.id}/edit`,
];

async function assertNothingPrivate(page, where) {
  const leaks = await page.evaluate(() => ({
    forms: document.querySelectorAll('#org-form, #applications, form button.approve, form button.reject').length,
    tables: document.querySelectorAll('main table').length,
    text: document.body.innerText,
  }));
  assert.equal(leaks.forms, 0, `${where}: no private forms`);
  assert.equal(leaks.tables, 0, `${where}: no tables of records`);
  assert.ok(!/@cpb\.demo/i.test(leaks.text), `${where}: no CPB e-mail addresses`);
}

for (const email of ['member@bhc.demo', 'staff@bhc.demo']) {
  test(`${email} gets 403 or 404 on CPB's private pages`, async () => {
    await withPage(browser, `isolation-${email}`, async (page) => {
      await login(page, email);
      for (const p of PRIVATE()) {
        const response = await visit(page, p, { status: [403, 404] });
        assert.equal(pathOf(page), p, `${p} is answered in place (status ${response.status()})`);
        await assertNothingPrivate(page, p);
      }
      // the public profile of the CPB organisation is fine to see, but without an edit link
      await visit(page, `/c/cpb/organisations/${cpbOnlyOrg.id}`);
      assert.equal(await page.locator('a#edit-org').count(), 0, 'no edit link on another cluster\'s organisation');
    });
  });
}

test('CPB staff do see their own private pages', async () => {
  await withPage(browser, 'isolation-cpb-staff', async (page) => {
    await login(page, 'staff@cpb.demo');
    for (const p of PRIVATE()) {
      await visit(page, p);
    }
  });
});

test('anonymous visitors are sent to /login from private pages', async () => {
  await withPage(browser, 'isolation-anonymous', async (page) => {
    for (const p of ['/c/bhc/people', '/c/cpb/audit', '/c/cpb/applications']) {
      const response = await page.goto(p);
      assert.equal(response.status(), 200);
      assert.equal(pathOf(page), '/login', `${p} redirects to /login`);
      await checkPage(page);
    }
  });
});
