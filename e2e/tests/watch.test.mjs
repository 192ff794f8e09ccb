// The tender watch, end to end: a member edits its alert profile, staff import an eForms notice
// that matches it, the match shows in the member's feed with its reasons, the next digest (sent
// by staff, captured by the SMTP server scripts/e2e runs) carries it with a one-click
// List-Unsubscribe, and the member dismisses it as not relevant. Every page passes axe-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BASE_URL,
  MAILDIR,
  checkPage,
  launch,
  newPage,
  pathOf,
  people,
  submit,
  text,
  visit,
  waitForMail,
} from '../lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const C = '/c/bhc';
const MEMBER = 'member@bhc.demo';
const STAFF = 'staff@bhc.demo';

// A real eForms example notice the demo does not import (demo/eforms/ holds the eight it does):
// an open procedure for the inspection and testing of electrical equipment, CPV 71630000
// (technical inspection and testing services), a code no demo profile covers. It comes from the
// shared data folder next to the repository, like the Rust tests' notices.
const NOTICE_FILE = path.resolve(REPO, '../shared/data/eforms/examples/notices/cn_24_open.xml');
const NOTICE = {
  id: 'c4c415ee-ac08-4465-8fa6-57568cf69462',
  title: 'Term Contract for a Planned Programme of In-service Inspection and Testing of Electrical Equipment',
  cpv: '71630000',
  prefix: '7163',
  keyword: 'inspection',
};

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// A page logged in as `email` (through people()'s open), on the cluster's home page.
async function openAt(open, email) {
  const page = await open(email);
  await visit(page, C);
  return page;
}

// Clicks a submit control, waits for the page it leads to and checks that page.
async function submitAndCheck(page, selector, { status = 200 } = {}) {
  const response = await submit(page, selector);
  assert.equal(response.status(), status, `after ${selector}: ${page.url()} answered ${response.status()}`);
  await checkPage(page);
  return response;
}

// The feed's cards as plain objects.
async function feedItems(page) {
  return page.$$eval('#watch-feed li.match', (lis) =>
    lis.map((li) => ({
      id: li.getAttribute('data-opportunity'),
      state: li.getAttribute('data-state'),
      title: (li.querySelector('h3')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      reasons: [...li.querySelectorAll('.reason')].map((r) => r.textContent.replace(/\s+/g, ' ').trim()),
    })),
  );
}

// The staff overview's figures, in order: members with a profile, profiles, matches, dismissed.
async function overview(page) {
  await visit(page, `${C}/watch`);
  const dds = await page.$$eval('#watch-overview dl.facts dd', (els) => els.map((e) => e.textContent.replace(/[^\d]/g, '')));
  assert.equal(dds.length, 4, 'the staff overview shows four figures');
  return dds.map(Number);
}

// The reasons shown for the notice: the CPV code under the profile's prefix, and the keyword.
function checkReasons(reasons, where) {
  const all = reasons.join(' | ');
  assert.ok(
    reasons.some((r) => r.includes(NOTICE.cpv) && r.includes(NOTICE.prefix) && r.indexOf(NOTICE.prefix, r.indexOf(NOTICE.cpv) + NOTICE.cpv.length) > 0),
    `${where}: a reason names CPV ${NOTICE.cpv} and the profile's prefix ${NOTICE.prefix}: ${all}`,
  );
  // (The CPV label, "Technical inspection and testing services", has the word too.)
  assert.ok(
    reasons.some((r) => r.toLowerCase().includes(NOTICE.keyword) && !r.includes(NOTICE.cpv)),
    `${where}: a reason names the keyword ${JSON.stringify(NOTICE.keyword)}: ${all}`,
  );
}

test('tender watch: profile, import, feed with reasons, digest e-mail, dismissal', async () => {
  assert.ok(MAILDIR, 'E2E_MAILDIR is set (scripts/e2e runs the SMTP server that captures e-mail)');
  await access(NOTICE_FILE).catch(() => {
    throw new Error(`the eForms example notice ${NOTICE_FILE} is missing (the shared data folder next to the repository)`);
  });
  const xml = await readFile(NOTICE_FILE, 'utf8');
  assert.ok(xml.includes(NOTICE.id) && xml.includes(NOTICE.title) && xml.includes(`>${NOTICE.cpv}<`), `${NOTICE_FILE} is the notice this test expects`);
  for (const f of await readdir(path.join(REPO, 'demo/eforms'))) {
    if (!f.endsWith('.xml')) continue;
    const demo = await readFile(path.join(REPO, 'demo/eforms', f), 'utf8');
    assert.ok(!demo.includes(NOTICE.id), `the demo does not import the notice already (demo/eforms/${f})`);
  }

  await people(browser, 'watch', async (open) => {
    // 1. The member edits its alert profile (or saves the first one proposed): the notice's CPV
    //    prefix and a keyword of its title, on top of what the profile already holds.
    const member = await openAt(open, MEMBER);
    await submitAndCheck(member, '#nav-watch');
    assert.equal(pathOf(member), `${C}/watch`, 'the navigation link leads to the tender watch');
    assert.equal(await member.locator('#watch-overview').count(), 0, 'members do not see the staff overview');
    await submitAndCheck(member, '#watch-profiles');
    assert.equal(pathOf(member), `${C}/watch/profiles`);
    const existing = member.locator('#watch-profile-list li[data-profile] h2 a');
    if ((await existing.count()) > 0) {
      await submitAndCheck(member, '#watch-profile-list li[data-profile] h2 a >> nth=0');
      assert.match(pathOf(member), /\/watch\/profiles\/\d+\/edit$/);
    } else {
      await submitAndCheck(member, '#watch-profile-new');
      assert.equal(await member.locator('#watch-proposed').count(), 1, 'the first profile is proposed');
    }
    const cpv = (await member.inputValue('#cpv')).trim();
    const keywords = (await member.inputValue('#keywords')).trim();
    assert.ok(!cpv.split(/\s+/).some((c) => c && NOTICE.cpv.startsWith(c)), `the profile does not cover CPV ${NOTICE.cpv} yet (${cpv})`);
    if (!(await member.inputValue('#name')).trim()) await member.fill('#name', 'Tenders');
    await member.fill('#cpv', `${cpv} ${NOTICE.prefix}`.trim());
    await member.fill('#keywords', `${keywords}\n${NOTICE.keyword}`.trim());
    await submitAndCheck(member, '#watch-profile-save');
    assert.equal(pathOf(member), `${C}/watch`, 'saving the profile leads back to the feed');
    assert.ok(!(await feedItems(member)).some((i) => i.title === NOTICE.title), 'the notice is not in the feed before it is imported');
    await visit(member, `${C}/watch/profiles`);
    const saved = await text(member, '#watch-profile-list');
    assert.ok(saved.includes(NOTICE.prefix) && saved.includes(NOTICE.keyword), `the profile list shows the new CPV prefix and keyword: ${saved}`);

    // 2. Staff import the notice through the opportunities page.
    const staff = await openAt(open, STAFF);
    const [, , matchesBefore, dismissedBefore] = await overview(staff);
    await visit(staff, `${C}/opportunities`);
    await staff.click('#opportunity-import > summary');
    await staff.setInputFiles('#file', NOTICE_FILE);
    await submitAndCheck(staff, '#opportunity-import-submit');
    const report = await text(staff, '#import-report');
    assert.match(report, /New:\s*1\b/, `the import report counts the notice as new: ${report}`);
    assert.match(report, /Rejected:\s*0\b/i, `nothing rejected: ${report}`);
    await staff.fill('#q', NOTICE.cpv);
    await submitAndCheck(staff, '#opportunity-filters button[type=submit]');
    const row = staff.locator('#opportunity-list tbody tr', { hasText: NOTICE.title });
    assert.equal(await row.count(), 1, 'the opportunities list finds the imported notice by its CPV code');
    const opportunity = await row.getAttribute('data-opportunity');
    await visit(staff, `${C}/opportunities/${opportunity}`);
    assert.ok((await text(staff, 'main')).includes(NOTICE.title), 'the notice page shows its title');
    const [, , matchesAfter] = await overview(staff);
    assert.ok(matchesAfter > matchesBefore, `the import made matches (${matchesBefore} -> ${matchesAfter})`);

    // 3. The member's feed shows the match, new, with its reasons.
    await visit(member, `${C}/watch`);
    const item = (await feedItems(member)).find((i) => i.id === opportunity);
    assert.ok(item, `the notice is in the member's feed (#watch-feed li.match[data-opportunity=${opportunity}])`);
    assert.equal(item.title, NOTICE.title);
    assert.equal(item.state, 'new');
    checkReasons(item.reasons, 'the feed');
    await visit(member, `${C}/opportunities/${opportunity}`);
    const why = await text(member, '#opportunity-reasons');
    checkReasons(why.replace(/^[^:]*:\s*/, '').split(/;\s*/), 'the notice page');

    // 4. Staff send the digest now; the member's e-mail carries the notice and its reasons.
    await visit(staff, `${C}/watch`);
    await submitAndCheck(staff, '#watch-digest-now');
    const notice = await text(staff, '#watch-notice');
    const sent = Number(/\((\d+)\)/.exec(notice)?.[1]);
    assert.ok(sent >= 1, `the digest went to at least one member user: ${notice}`);
    const mail = await waitForMail((m) => m.to.includes(MEMBER) && m.text.includes(NOTICE.title));
    assert.ok(mail.subject, 'the digest has a subject');
    assert.ok(mail.rcpt.includes(MEMBER), `delivered to ${MEMBER} (envelope: ${mail.rcpt})`);
    assert.ok(
      mail.listUnsubscribe.startsWith(`<${BASE_URL}/watch/unsubscribe/`) && mail.listUnsubscribe.endsWith('>'),
      `List-Unsubscribe points at the one-click unsubscribe: ${mail.listUnsubscribe}`,
    );
    assert.equal(mail.listUnsubscribePost, 'List-Unsubscribe=One-Click');
    assert.ok(mail.text.includes(`${BASE_URL}${C}/opportunities/${opportunity}`), 'the e-mail links to the notice');
    const block = mail.text.slice(mail.text.indexOf(NOTICE.title)).split('\n\n')[0];
    checkReasons(block.split('\n').slice(1).join('; ').split(/;\s*/), 'the e-mail');
    assert.ok(mail.html.includes(NOTICE.title), 'the HTML part has the notice too');
    // The unsubscribe link opens a confirmation page (GET changes nothing).
    const anonymous = await newPage(browser);
    try {
      await visit(anonymous, mail.listUnsubscribe.slice(1, -1).slice(BASE_URL.length));
    } finally {
      await anonymous.context().close();
    }

    // 5. The member dismisses the match as not relevant: gone from the default view, listed
    //    under "Dismissed", and counted in the staff overview.
    await visit(member, `${C}/watch`);
    const card = `#watch-feed li.match[data-opportunity="${opportunity}"]`;
    await member.selectOption(`${card} select[name=verdict]`, 'not_relevant');
    await submitAndCheck(member, `${card} button.dismiss`);
    assert.equal(pathOf(member), `${C}/watch`);
    assert.ok(!(await feedItems(member)).some((i) => i.id === opportunity), 'the dismissed match left the default view');
    await submitAndCheck(member, 'nav.tabs a[href*="state=dismissed"]');
    const dismissed = (await feedItems(member)).find((i) => i.id === opportunity);
    assert.ok(dismissed, 'the match is listed under "Dismissed"');
    assert.equal(dismissed.state, 'dismissed');
    assert.equal(await member.locator(`${card} button.restore`).count(), 1, 'a dismissed match can be restored');
    const [, , , dismissedAfter] = await overview(staff);
    assert.equal(dismissedAfter, dismissedBefore + 1, 'the staff overview counts the verdict');
  });
});

test('tender watch pages pass the accessibility check: feed, profiles, profile forms, opportunities, bulletins', async () => {
  await people(browser, 'watch-pages', async (open) => {
    const member = await openAt(open, MEMBER);
    for (const p of [`${C}/watch`, `${C}/watch?state=all`, `${C}/watch/profiles`, `${C}/watch/profiles/new`, `${C}/opportunities`]) {
      await visit(member, p);
    }
    assert.equal(await member.locator('#opportunity-import').count(), 0, 'members have no import form');
    await visit(member, `${C}/watch/profiles`);
    const profiles = member.locator('#watch-profile-list li[data-profile] h2 a');
    if ((await profiles.count()) > 0) await visit(member, await profiles.first().getAttribute('href'));
    // A profile form sent back with errors.
    await visit(member, `${C}/watch/profiles/new`);
    await member.fill('#cpv', 'not-a-code');
    await submitAndCheck(member, '#watch-profile-save', { status: 422 });
    assert.equal(await member.locator('#form-errors').count(), 1, 'the errors are summarised');

    const staff = await openAt(open, STAFF);
    for (const p of [`${C}/watch`, `${C}/opportunities`, `${C}/opportunities/new`, `${C}/bulletins`, `${C}/bulletins/new`]) {
      await visit(staff, p);
    }
    // The import form, opened.
    await visit(staff, `${C}/opportunities`);
    await staff.click('#opportunity-import > summary');
    await checkPage(staff);
  });
});
