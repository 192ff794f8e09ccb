// Membership applications: staff approve one, it leaves the queue and the organisation is an
// active member in the directory; a rejection (with a reason) keeps it out of the directory.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage, launch, login, pathOf, searchDirectory, submit, visit, withPage } from '../lib.mjs';

const QUEUE = '/c/bhc/applications';
const ROWS = '#applications tr[data-org-name]';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function queueNames(page) {
  return page.$$eval(ROWS, (trs) => trs.map((tr) => tr.getAttribute('data-org-name')));
}

test('approving the first application makes the organisation an active member', async () => {
  let approved;
  await withPage(browser, 'applications-approve', async (page) => {
    await login(page, 'staff@bhc.demo');
    await visit(page, QUEUE);
    const before = await queueNames(page);
    assert.ok(before.length >= 1, 'the demo data has pending applications');
    approved = before[0];
    assert.ok(approved, 'rows carry data-org-name');

    const response = await submit(page, `${ROWS} >> nth=0 >> button.approve`);
    assert.equal(response.status(), 200);
    assert.equal(pathOf(page), QUEUE, 'approving goes back to the queue');
    await checkPage(page);
    const after = await queueNames(page);
    assert.ok(!after.includes(approved), `${approved} left the queue`);
    assert.equal(after.length, before.length - 1);

    const rows = await searchDirectory(page, 'bhc', approved, (rs) => rs.some((r) => r.name === approved));
    const row = rows.find((r) => r.name === approved);
    assert.equal(row.status, 'active', `${approved} is active in the directory`);
  });

  // anonymous visitors (active members only) now see it too
  await withPage(browser, 'applications-approve-public', async (page) => {
    await searchDirectory(page, 'bhc', approved, (rs) => rs.some((r) => r.name === approved));
  });
});

test('rejecting an application with a reason keeps the organisation out of the directory', async (t) => {
  await withPage(browser, 'applications-reject', async (page) => {
    await login(page, 'staff@bhc.demo');
    await visit(page, QUEUE);
    const before = await queueNames(page);
    if (before.length === 0) {
      t.skip('no application left to reject');
      return;
    }
    const rejected = before[0];
    const row = page.locator(ROWS).first();
    const reason = row.locator('form:has(button.reject) textarea, form:has(button.reject) input:not([type=hidden])').first();
    assert.equal(await reason.count(), 1, 'the reject form has a reason field');
    await reason.fill('Outside the cluster scope (e2e)');
    const response = await submit(page, `${ROWS} >> nth=0 >> button.reject`);
    assert.equal(response.status(), 200);
    assert.equal(pathOf(page), QUEUE);
    await checkPage(page);
    assert.ok(!(await queueNames(page)).includes(rejected), `${rejected} left the queue`);

    await page.context().clearCookies();
    const rows = await searchDirectory(page, 'bhc', rejected);
    assert.ok(!rows.some((r) => r.name === rejected), `${rejected} is not in the public directory`);
  });
});
