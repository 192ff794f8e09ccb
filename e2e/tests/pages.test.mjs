// Every main page renders with the shared layout and passes the accessibility check, for the
// people who may see it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, orgRows, visit, withPage } from '../lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('public pages: home, login, directory, an organisation, the application form', async () => {
  await withPage(browser, 'pages-public', async (page) => {
    await visit(page, '/');
    await visit(page, '/login');
    await visit(page, '/c/bhc/organisations');
    const [org] = await orgRows(page);
    assert.ok(org?.href, 'the public directory lists an organisation');
    await visit(page, org.href);
    assert.equal(await page.locator('a#edit-org').count(), 0, 'no edit link for anonymous visitors');
    await visit(page, '/c/bhc/apply');
    assert.equal(await page.locator('#apply-form').count(), 1, 'the application form is there');
  });
});

test('staff pages: dashboard, people, applications, audit, groups, a group and a meeting, users, import, a person and its form', async () => {
  await withPage(browser, 'pages-staff', async (page) => {
    await login(page, 'staff@bhc.demo');
    for (const p of ['/c/bhc', '/c/bhc/people', '/c/bhc/applications', '/c/bhc/audit', '/c/bhc/groups']) {
      await visit(page, p);
    }
    const group = page.locator('main a[href^="/c/bhc/groups/"]').first();
    assert.equal(await group.count(), 1, 'the groups page links to a group');
    await visit(page, await group.getAttribute('href'));
    const meeting = page.locator('#meetings a').first();
    assert.equal(await meeting.count(), 1, 'the group page links to a meeting');
    await visit(page, await meeting.getAttribute('href'));
    for (const p of ['/c/bhc/users', '/c/bhc/import', '/c/bhc/organisations/new', '/account']) {
      await visit(page, p);
    }
    await visit(page, '/c/bhc/people');
    const person = await page.locator('#people-table a[href^="/c/bhc/people/"]').first().getAttribute('href');
    await visit(page, person);
    await visit(page, person + '/edit');
  });
});

test('the board sees the applications queue; the platform admin sees the home page', async () => {
  await withPage(browser, 'pages-board', async (page) => {
    await login(page, 'board@bhc.demo');
    await visit(page, '/c/bhc/applications');
  });
  await withPage(browser, 'pages-admin', async (page) => {
    await login(page, 'admin@clusterhub.demo');
    await visit(page, '/');
  });
});
