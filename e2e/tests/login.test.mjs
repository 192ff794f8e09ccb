// Logging in and out.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage, launch, login, pathOf, submit, text, visit, withPage } from '../lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a wrong password shows an alert and stays on /login', async () => {
  await withPage(browser, 'login-bad-password', async (page) => {
    await visit(page, '/login');
    await page.fill('#email', 'staff@bhc.demo');
    await page.fill('#password', 'not-the-password');
    const response = await submit(page, '#login-submit');
    assert.ok([200, 401].includes(response.status()), `status ${response.status()}`);
    assert.equal(pathOf(page), '/login');
    await checkPage(page);
    const alert = page.locator('[role=alert]');
    assert.ok((await alert.count()) >= 1, 'an element with role=alert is shown');
    assert.ok(await alert.first().isVisible(), 'the alert is visible');
    assert.notEqual(await text(page, '[role=alert]'), '', 'the alert says something');
    // no session was opened: a private page still sends us to the login form
    await page.goto('/c/bhc/people');
    assert.equal(pathOf(page), '/login');
    await checkPage(page);
  });
});

test('an unknown account gets the same alert', async () => {
  await withPage(browser, 'login-unknown', async (page) => {
    await visit(page, '/login');
    await page.fill('#email', 'nobody@nowhere.demo');
    await page.fill('#password', 'clusterhub-demo');
    const response = await submit(page, '#login-submit');
    assert.ok([200, 401].includes(response.status()), `status ${response.status()}`);
    assert.equal(pathOf(page), '/login');
    await checkPage(page);
    assert.ok((await page.locator('[role=alert]').count()) >= 1);
  });
});

test('staff log in to their cluster dashboard and can log out', async () => {
  await withPage(browser, 'login-staff', async (page) => {
    await login(page, 'staff@bhc.demo');
    assert.equal(pathOf(page), '/c/bhc');
    assert.match(await text(page, 'h1'), /Basque Health Cluster/);
    assert.equal(await page.locator('#logout-form').count(), 1, 'a logout form is shown');
    await submit(page, '#logout-form [type=submit], #logout-form button');
    await checkPage(page);
    await page.goto('/c/bhc/people');
    assert.equal(pathOf(page), '/login', 'after logout a private page asks to log in again');
    await checkPage(page);
  });
});

test('users of other clusters land on their own cluster; the platform admin on /', async () => {
  const cases = [
    ['member@bhc.demo', '/c/bhc'],
    ['staff@cpb.demo', '/c/cpb'],
    ['staff@gnp.demo', '/c/gnp'],
    ['admin@clusterhub.demo', '/'],
  ];
  for (const [email, landing] of cases) {
    await withPage(browser, `login-${email}`, async (page) => {
      await login(page, email);
      assert.equal(pathOf(page), landing, `${email} lands on ${landing}`);
    });
  }
});
