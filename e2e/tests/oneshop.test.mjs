// The one-stop shop: directory search (typos forgiven, facets, results as you type, suggestions),
// rich profiles with per-field visibility, resource maps "for you", and the service desk from a
// member's request to the partner, the outcome, the rating and the scorecard figure it moves.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkA11y,
  checkLayout,
  checkNoOverflow,
  checkPage,
  launch,
  login,
  newPageWithState,
  pathOf,
  people,
  searchDirectory,
  searchResults,
  sessionOf,
  submit,
  text,
  unique,
  visit,
  withPage,
} from '../lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const C = '/c/bhc';
const MEMBER = 'member@bhc.demo';
const STAFF = 'staff@bhc.demo';
const PARTNER = 'partner-tc@bhc.demo'; // acts for a technology centre (crates/app/src/demo_desk.rs)
// The server's day (UTC): a closed request's support activity is dated the day it closes.
const TODAY = new Date().toISOString().slice(0, 10);
const YEAR = TODAY.slice(0, 4);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// Who is who in the demo: the organisations the member and the partner users act for, and the
// member organisation's id (read once, as staff).
let cast;
async function whoIsWho() {
  if (!cast) {
    const page = await newPageWithState(browser, await sessionOf(browser, STAFF));
    try {
      const [memberOrg, partnerOrg] = await actsFor(page, [MEMBER, PARTNER]);
      assert.notEqual(memberOrg, partnerOrg);
      cast = { memberOrg, partnerOrg, memberOrgId: await orgIdByName(page, memberOrg) };
    } finally {
      await page.context().close();
    }
  }
  return cast;
}

// ------------------------------------------------------------------------------------------
// helpers

// A figure as shown on a board ("12", "1,234"): an integer, or NaN for "—" and the like.
function count(s) {
  const t = String(s ?? '').replace(/[\s\u00a0\u202f]/g, '');
  return /^\d{1,3}([.,]?\d{3})*$/.test(t) ? Number(t.replace(/[.,]/g, '')) : NaN;
}

// Fluent messages of one English locale file (simple `key = value` lines).
async function messages(file) {
  const src = await readFile(path.join(REPO, 'crates/i18n/locales/en', `${file}.ftl`), 'utf8');
  const out = {};
  for (const line of src.split('\n')) {
    const m = /^([a-z][a-z0-9_-]*)\s*=\s*(\S.*)$/.exec(line);
    if (m) out[m[1]] = m[2].trim();
  }
  return out;
}

// The BHC plan's operational indicator counting members given regulatory support.
async function regulatoryIndicator() {
  const src = await readFile(path.join(REPO, 'demo/plans/bhc-2024-2027.toml'), 'utf8');
  const found = src
    .split(/^\[\[indicator\]\]\s*$/m)
    .slice(1)
    .filter(
      (b) =>
        /^level = "operational"/m.test(b) &&
        /^measure = .*kind = "support".*subtype = "regulatory"/m.test(b),
    );
  assert.equal(found.length, 1, 'one operational indicator counts regulatory support in the BHC plan');
  return /^code = "([^"]+)"/m.exec(found[0])[1];
}

// One typo in a name: a letter in the middle of its longest word replaced by another.
function typo(name) {
  const words = name.split(' ');
  const i = words.reduce((best, w, j) => (w.length > words[best].length ? j : best), 0);
  const w = words[i];
  assert.ok(w.length >= 5, `a word of 5+ letters to misspell in ${JSON.stringify(name)}`);
  const k = Math.floor(w.length / 2);
  const swap = w[k].toLowerCase() === 'x' ? 'z' : 'x';
  words[i] = w.slice(0, k) + swap + w.slice(k + 1);
  return words.join(' ');
}

// Letters only, so the search analyzer keeps it as one word.
function token(prefix) {
  let s = '';
  for (let i = 0; i < 8; i++) s += String.fromCharCode(97 + Math.floor(Math.random() * 26));
  return `${prefix}${s}`;
}

// The users page (staff): the organisation each of these users acts for, by name.
async function actsFor(page, emails) {
  await visit(page, `${C}/users`);
  const rows = await page.$$eval('#users-table tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.replace(/\s+/g, ' ').trim())),
  );
  return emails.map((e) => {
    const row = rows.find((r) => r[1] === e);
    assert.ok(row, `${e} is listed on ${C}/users`);
    assert.ok(row[3], `${e} acts for an organisation`);
    return row[3];
  });
}

// The directory id of an organisation, found by its exact name (staff or anyone).
async function orgIdByName(page, name) {
  const rows = await searchDirectory(page, 'bhc', name, (rs) => rs.some((r) => r.name === name));
  const href = rows.find((r) => r.name === name).href;
  const m = /\/organisations\/(\d+)$/.exec(href);
  assert.ok(m, `organisation link ${href}`);
  return Number(m[1]);
}

// act() makes the search page ask for results through htmx (typing, a facet); resolves once the
// answer whose query has the wanted parameters is swapped in, with the results then shown.
async function htmxSearch(page, act, want) {
  const seen = [];
  const answered = page.waitForResponse(
    (r) => {
      const u = new URL(r.url());
      if (!/\/search$/.test(u.pathname)) return false;
      const hx = r.request().headers()['hx-request'] === 'true';
      seen.push(`${r.status()} ${u.pathname}${u.search}${hx ? ' (htmx)' : ''}`);
      return hx && Object.entries(want).every(([k, v]) => (u.searchParams.get(k) ?? '') === v);
    },
    { timeout: 10_000 },
  );
  await act();
  const response = await answered.catch((err) => {
    throw new Error(`no htmx search answer with ${JSON.stringify(want)}; seen: ${JSON.stringify(seen)} (${err.message})`);
  });
  assert.equal(response.status(), 200, `htmx search ${response.url()}`);
  await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling'));
  for (const [k, v] of Object.entries(want)) {
    assert.equal(new URL(page.url()).searchParams.get(k) ?? '', v, `the URL carries ${k} (hx-push-url)`);
  }
  return searchResults(page);
}

// Moves the focus out of the search box (Tab) and waits for htmx to be idle: leaving a box whose
// text changed fires a "change" that the form also searches on.
async function leaveBox(page) {
  await page.press('#search-q', 'Tab');
  await page.waitForTimeout(100);
  await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling'));
}

// Clicks a link and waits for the page at that path (not for a same-page history entry).
async function follow(page, selector, pathname) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === pathname && r.request().isNavigationRequest()),
    page.waitForURL((u) => u.pathname === pathname, { waitUntil: 'load' }),
    page.click(selector),
  ]);
  assert.equal(response.status(), 200, `GET ${pathname}`);
  await checkPage(page);
}

// Reads a page that other spec files check for accessibility (scorecard, activity log): status
// and layout only, to keep this file quick.
async function read(page, p) {
  const response = await page.goto(p);
  assert.equal(response?.status(), 200, `GET ${p}`);
  await checkLayout(page);
}

// The values of an indicator for a period (its page: #indicator-value and the records behind it).
async function indicator(page, code, period) {
  await read(page, `${C}/scorecard/${code}?period=${encodeURIComponent(period)}`);
  const raw = await text(page, '#indicator-value');
  const value = raw === '—' || raw === '' ? 0 : count(raw);
  assert.ok(Number.isInteger(value), `${code} for ${period} shows a count (got ${JSON.stringify(raw)})`);
  const records = await page.$$eval('#record-list tbody tr a[href*="/activities/"]', (as) =>
    as.map((a) => a.getAttribute('href')),
  );
  return { value, records };
}

async function boardValue(page, code) {
  await read(page, `${C}/scorecard?period=${YEAR}&level=operational`);
  const raw = await text(page, `#ind-${code} a.value`);
  const n = count(raw);
  assert.ok(Number.isInteger(n), `${code} shows a count on the ${YEAR} board (got ${JSON.stringify(raw)})`);
  return n;
}

// Support activities of one organisation in the current year (the activity log, filtered).
async function supportActivities(page, orgId) {
  await read(page, `${C}/activities?kind=support&organisation=${orgId}&from=${YEAR}-01-01&to=${YEAR}-12-31`);
  assert.equal(await page.locator('a[rel="next"]').count(), 0, 'one page of support activities');
  return page.$$eval('#activity-list tbody tr a[href*="/activities/"]', (as) => as.map((a) => a.getAttribute('href')));
}

// The index of the first contact row of the profile form with nothing typed in it.
async function firstEmptyContact(page) {
  const rows = await page.$$eval('#contacts tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('input')].every((i) => i.value === '')),
  );
  const i = rows.indexOf(true);
  assert.ok(i >= 0, 'the profile form offers an empty contact row');
  return i;
}

const requestNumber = (page) => {
  const m = /\/desk\/requests\/(\d+)/.exec(pathOf(page));
  assert.ok(m, `on a request page (${page.url()})`);
  return Number(m[1]);
};

// ------------------------------------------------------------------------------------------
// 1. the whole story

test('a member finds a partner with a typo, sees resources for them, asks the desk; staff hand it to the partner, close it; the member rates it; the regulatory-support figure moves', async (t) => {
  const desk = await messages('desk');
  const code = await regulatoryIndicator();
  const { memberOrg, partnerOrg, memberOrgId } = await whoIsWho();
  await people(browser, 'oneshop-story', async (open) => {
    // ---- before: the figures
    const staff = await open(STAFF);
    const boardBefore = await boardValue(staff, code);
    const yearBefore = await indicator(staff, code, YEAR);
    assert.equal(yearBefore.value, boardBefore, 'the indicator page shows the figure of the board');
    const todayBefore = await indicator(staff, code, `${TODAY}..${TODAY}`);
    const memberActsBefore = await supportActivities(staff, memberOrgId);
    const countedInYear = yearBefore.records.some((r) => memberActsBefore.includes(r));
    assert.ok(
      !todayBefore.records.some((r) => memberActsBefore.includes(r)),
      `${memberOrg} has no regulatory support recorded today yet (fresh demo data expected)`,
    );
    // requests in the whole queue, to find one the partner was never handed
    await visit(staff, `${C}/desk?status=all`);
    const allNumbers = await staff.$$eval('#desk-list tbody tr', (trs) => trs.map((tr) => Number(tr.id.replace('request-', ''))));
    assert.ok(allNumbers.length > 0, 'the staff queue lists requests');

    // ---- the member searches with a typo
    const member = await open(MEMBER);
    await visit(member, `${C}/search`);
    const all = await searchResults(member);
    assert.ok(all.count > 20, `the unfiltered search lists the directory (${all.count})`);
    const entityFacet = await member.$$eval('#facet-entity_type label.facet-value', (ls) =>
      ls.map((l) => ({
        value: l.querySelector('input').value,
        label: l.firstChild ? [...l.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim() : '',
        count: Number(l.querySelector('.count').getAttribute('data-count')),
      })),
    );
    assert.ok(entityFacet.length >= 2, 'the entity-type facet offers values');
    assert.equal(
      entityFacet.reduce((a, f) => a + f.count, 0),
      all.count,
      'every organisation has one entity type: the facet counts add up to the total',
    );

    const misspelt = typo(partnerOrg);
    assert.notEqual(misspelt.toLowerCase(), partnerOrg.toLowerCase());
    const found = await htmxSearch(member, () => member.fill('#search-q', misspelt), { q: misspelt });
    assert.equal(found.hits[0]?.name, partnerOrg, `${partnerOrg} is the first hit for ${JSON.stringify(misspelt)}`);
    assert.ok(found.count >= 1 && found.count < all.count, `a few hits for ${misspelt} (${found.count})`);
    const partnerHit = found.hits[0];
    const facet = entityFacet.find((f) => partnerHit.meta.startsWith(f.label));
    assert.ok(facet, `the hit's entity type (${partnerHit.meta}) is one of the facet's values`);
    assert.ok(facet.count < all.count, `${facet.value} is not every organisation`);

    // back to everything, then the facet: the count becomes the facet's count
    const cleared = await htmxSearch(member, () => member.fill('#search-q', ''), { q: '' });
    assert.equal(cleared.count, all.count, 'an empty box lists everything again');
    await leaveBox(member);
    const faceted = await htmxSearch(member, () => member.check(`#facet-entity_type input[value="${facet.value}"]`), {
      q: '',
      entity_type: facet.value,
    });
    assert.equal(faceted.count, facet.count, `the count becomes the facet's ${facet.count}`);
    assert.ok(await member.isChecked(`#facet-entity_type input[value="${facet.value}"]`), 'the facet stays checked');
    assert.equal(faceted.hits.length, Math.min(facet.count, 20), 'a full first page of hits');
    for (const h of faceted.hits) assert.ok(h.meta.startsWith(facet.label), `${h.name} is a ${facet.label} (${h.meta})`);
    await checkPage(member);

    // the typo within the facet, then the partner's page
    const both = await htmxSearch(member, () => member.fill('#search-q', misspelt), { q: misspelt, entity_type: facet.value });
    assert.equal(both.hits[0]?.name, partnerOrg, 'the facet keeps the organisation found');
    assert.ok(both.count <= Math.min(found.count, facet.count), `${both.count} hits with the query and the facet`);
    await follow(member, `#search-hits a.hit-link[href="${partnerHit.href}"]`, partnerHit.href);
    assert.equal(await text(member, 'h1'), partnerOrg);
    assert.equal(await member.getAttribute('#rich-profile', 'data-level'), 'members', 'a fellow member reads the members level');
    const partnerOrgId = Number(/(\d+)$/.exec(partnerHit.href)[1]);

    // resources for them
    await visit(member, `${C}/resources`);
    const forYou = await member.$$eval('#for-you-list li.card', (lis) =>
      lis.map((li) => ({
        id: li.getAttribute('data-resource'),
        reasons: (li.querySelector('.reasons')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        because: (li.querySelector('.reasons strong')?.textContent ?? '').trim(),
      })),
    );
    assert.ok(forYou.length >= 1, 'the member gets a "for you" list');
    const catalogue = await member.$$eval('.resource-group tr[data-resource]', (trs) => trs.map((t) => t.getAttribute('data-resource')));
    for (const r of forYou) {
      assert.ok(r.because.length > 0, `resource ${r.id} says why`);
      assert.ok(r.reasons.length > r.because.length + 3, `resource ${r.id} lists its reasons: ${r.reasons}`);
      assert.ok(catalogue.includes(r.id), `resource ${r.id} is in the catalogue below`);
    }

    // a regulatory request from the desk's catalogue
    await visit(member, `${C}/desk`);
    assert.equal(pathOf(member), `${C}/desk/mine`, 'a member lands on "my requests"');
    const regulatory = desk['desk-area-regulatory'];
    const card = member.locator('#desk-catalogue li.card').filter({ has: member.locator('span.tag', { hasText: regulatory }) });
    assert.equal(await card.count(), 1, `one ${regulatory} service in the catalogue`);
    await submit(member, `#desk-catalogue li.card:has(span.tag:text-is("${regulatory}")) a[href*="/desk/new?service="]`);
    await checkPage(member);
    const service = new URL(member.url()).searchParams.get('service');
    assert.equal(await member.inputValue('#service'), service, 'the form starts with the chosen service');
    const subject = unique('E2E class IIa software');
    await member.fill('#subject', subject);
    await member.fill('#body', 'Our triage software may be class IIa under MDR rule 11. Which notified body should we talk to?');
    await submit(member, '#request-submit');
    await checkPage(member);
    const number = requestNumber(member);
    assert.ok(await member.locator('#desk-notice').isVisible(), 'the member is told the request was sent');
    assert.equal(await text(member, '#request-status'), desk['request-status-new']);
    assert.ok((await text(member, 'h1')).includes(subject));
    assert.ok((await text(member, '#request-facts')).includes(regulatory), 'the request is in the regulatory area');
    assert.ok((await text(member, '#request-facts')).includes(memberOrg), `the request is ${memberOrg}'s`);
    const reference = await text(member, 'h1 .code');
    assert.ok(reference.endsWith(`-${number}`), `reference ${reference}`);
    await visit(member, `${C}/desk/mine`);
    assert.equal(await member.locator(`#request-${number}`).count(), 1, 'the request is in "my requests"');
    assert.equal(await member.locator(`#rate-${number}`).count(), 0, 'no rating before it is closed');

    // ---- staff: the queue, an answer, an internal note, the partner
    await visit(staff, `${C}/desk`);
    const row = staff.locator(`#request-${number}`);
    assert.equal(await row.count(), 1, 'the new request is in the staff queue');
    assert.ok((await row.textContent()).includes(subject));
    assert.ok((await row.textContent()).includes(memberOrg));
    await submit(staff, `#request-${number} a`);
    await checkPage(staff);
    assert.equal(requestNumber(staff), number);
    const answer = `Rule 11 applies; we will involve a technology centre. ${unique('ans')}`;
    await staff.fill('#body', answer);
    await submit(staff, '#message-submit');
    await checkPage(staff);
    const answerId = new URL(staff.url()).hash.slice(1);
    assert.match(answerId, /^m\d+$/, 'the page opens at the new message');
    assert.ok((await text(staff, `#${answerId}`)).includes(answer));
    assert.equal(await staff.getAttribute(`#${answerId}`, 'data-internal'), null, 'the answer is not internal');
    const note = `Internal: check the budget first. ${unique('note')}`;
    await staff.fill('#body', note);
    await staff.check('#internal');
    await submit(staff, '#message-submit');
    await checkPage(staff);
    const noteId = new URL(staff.url()).hash.slice(1);
    assert.equal(await staff.getAttribute(`#${noteId}`, 'data-internal'), 'yes', 'the note is internal');

    // the partner cannot open it before it is handed over
    const partner = await open(PARTNER);
    await visit(partner, `${C}/desk?status=all`);
    const handedBefore = await partner.$$eval('#desk-list tbody tr', (trs) => trs.map((tr) => tr.id));
    assert.ok(!handedBefore.includes(`request-${number}`));
    await visit(partner, `${C}/desk/requests/${number}`, { status: 404 });

    await staff.selectOption('#triage-partner', { label: partnerOrg });
    assert.equal(await staff.inputValue('#triage-partner'), String(partnerOrgId), 'the partner picked is the organisation the member opened');
    await staff.selectOption('#triage-status', 'with_partner');
    await submit(staff, '#triage-submit');
    await checkPage(staff);
    assert.equal(await text(staff, '#request-partner'), partnerOrg);
    assert.equal(await text(staff, '#request-status'), desk['request-status-with_partner']);

    // ---- the partner now sees that request too, and only requests handed to it
    await visit(partner, `${C}/desk?status=all`);
    const handed = await partner.$$eval('#desk-list tbody tr', (trs) =>
      trs.map((tr) => ({ id: tr.id, n: Number(tr.id.replace('request-', '')), status: tr.children[4].textContent.replace(/\s+/g, ' ').trim() })),
    );
    assert.deepEqual(
      handed.map((h) => h.id).filter((id) => !handedBefore.includes(id)),
      [`request-${number}`],
      'the partner sees one more request: the one handed to it',
    );
    for (const h of handed) assert.ok(h.status.includes(partnerOrg), `request ${h.n} was handed to ${partnerOrg} (${h.status})`);
    const other = allNumbers.find((n) => !handed.some((h) => h.n === n));
    assert.ok(other, 'some request was never handed to the partner');
    await visit(partner, `${C}/desk/requests/${number}`);
    assert.ok((await text(partner, '#thread')).includes(answer), 'the partner reads the answer');
    assert.ok(!(await text(partner, '#thread')).includes(note), 'the partner does not read the internal note');
    assert.equal(await partner.locator('#triage-form, #close-form').count(), 0, 'no staff forms for the partner');
    await visit(partner, `${C}/desk/requests/${other}`, { status: 404 });

    // ---- staff close it with an outcome
    await visit(staff, `${C}/desk/requests/${number}`);
    await staff.selectOption('#outcome', 'resolved');
    await staff.fill('#note', 'Classified as IIa; introduced to the notified body.');
    await submit(staff, '#close-submit');
    await checkPage(staff);
    assert.equal(await text(staff, '#request-status'), desk['request-status-closed']);
    assert.equal(await text(staff, '#request-outcome'), desk['request-outcome-resolved']);
    const activityHref = await staff.getAttribute(`a[href^="${C}/activities/"]`, 'href');
    assert.match(activityHref ?? '', /\/activities\/\d+$/, 'the closed request links to its support activity');

    // ---- the member rates it from "my requests"
    await visit(member, `${C}/desk/mine`);
    assert.equal(await member.locator(`#rate-${number}`).count(), 1, 'a rating form once closed');
    const comment = unique('Quick and clear');
    await member.selectOption(`#rating-${number}`, '4');
    await member.fill(`#comment-${number}`, comment);
    await submit(member, `#rate-${number} button[type=submit]`);
    await checkPage(member);
    assert.equal(pathOf(member), `${C}/desk/mine`);
    assert.ok(await member.locator('#desk-rated').isVisible(), 'the member is thanked');
    assert.equal(await member.inputValue(`#rating-${number}`), '4', 'the rating is kept');
    assert.equal(await member.inputValue(`#comment-${number}`), comment, 'the comment is kept');
    await visit(member, `${C}/desk/requests/${number}`);
    assert.equal(await text(member, '#request-rating'), `4 / 5 · ${comment}`);
    assert.ok((await text(member, '#thread')).includes(answer), 'the member reads the answer');
    assert.ok(!(await text(member, '#thread')).includes(note), 'the member does not read the internal note');

    // ---- the support activity and the regulatory-support figure
    await read(staff, activityHref);
    assert.equal(await staff.inputValue('#kind'), 'support');
    assert.equal(await staff.inputValue('#subtype'), 'regulatory');
    const linked = await staff.$$eval('#organisations option:checked', (os) => os.map((o) => Number(o.value)));
    assert.deepEqual(linked, [memberOrgId], `the activity is linked to ${memberOrg}`);
    assert.ok((await staff.inputValue('#starts_on')) === TODAY, 'the activity is dated today');

    const boardAfter = await boardValue(staff, code);
    const yearAfter = await indicator(staff, code, YEAR);
    const todayAfter = await indicator(staff, code, `${TODAY}..${TODAY}`);
    assert.deepEqual(
      yearAfter.records.filter((r) => !yearBefore.records.includes(r)),
      [activityHref],
      `${code} ${YEAR} counts one more record: the request's support activity`,
    );
    assert.deepEqual(
      todayAfter.records.filter((r) => !todayBefore.records.includes(r)),
      [activityHref],
      `${code} today counts one more record`,
    );
    assert.equal(todayAfter.value, todayBefore.value + 1, `${code} for today went up by one (distinct members supported)`);
    // Distinct members: the year's figure goes up only if the member had no regulatory support yet.
    assert.equal(
      boardAfter,
      boardBefore + (countedInYear ? 0 : 1),
      `${code} for ${YEAR} on the board: ${boardBefore} before, ${memberOrg} ${countedInYear ? 'already' : 'not yet'} counted`,
    );
    assert.equal(yearAfter.value, boardAfter);
    t.diagnostic(
      `${reference}: ${memberOrg} -> ${partnerOrg}; ${code} ${YEAR} ${boardBefore} -> ${boardAfter}` +
        ` (already counted: ${countedInYear}); ${TODAY} ${todayBefore.value} -> ${todayAfter.value}`,
    );
  });
});

// ------------------------------------------------------------------------------------------
// 2. results as you type

test('typing in the search box updates the hits in place, without a page load', async () => {
  await withPage(browser, 'oneshop-as-you-type', async (page) => {
    await visit(page, `${C}/search`);
    const all = await searchResults(page);
    const target = all.hits.find((h) => h.name.split(' ')[0].length >= 5 && h.name.split(' ').length >= 2);
    assert.ok(target, 'a hit with a name of two words or more to type');

    await page.evaluate(() => {
      window.__e2eSamePage = 'still here';
    });
    let loads = 0;
    page.on('load', () => loads++);
    await page.click('#search-q');
    const typed = await htmxSearch(page, () => page.locator('#search-q').pressSequentially(target.name, { delay: 35 }), {
      q: target.name,
    });
    assert.ok(typed.hits.some((h) => h.href === target.href), `${target.name} is among the hits while typing`);
    assert.ok(typed.count < all.count, `the hits narrowed from ${all.count} to ${typed.count}`);
    assert.equal(await page.evaluate(() => window.__e2eSamePage), 'still here', 'no page load: the window kept its marker');
    assert.equal(loads, 0, 'no load event');
    assert.equal(pathOf(page), `${C}/search`, 'the path stayed');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-q', 'the box keeps the focus');
    assert.equal(await page.inputValue('#search-q'), target.name, 'nothing typed was lost to a swap');

  });
});

test('suggestions appear under the box as you type, link to organisations, and never become the page URL', async () => {
  await withPage(browser, 'oneshop-suggestions', async (page) => {
    await visit(page, `${C}/search`);
    const { hits } = await searchResults(page);
    const target = hits.find((h) => h.name.split(' ')[0].length >= 5 && h.name.split(' ').length >= 2);
    assert.ok(target, 'a hit with a name of two words or more to type');
    // every URL htmx puts in the history
    await page.evaluate(() => {
      window.__e2ePushed = [];
      for (const m of ['pushState', 'replaceState']) {
        const orig = history[m].bind(history);
        history[m] = (s, t, u) => {
          window.__e2ePushed.push(String(u));
          return orig(s, t, u);
        };
      }
    });

    await page.click('#search-q');
    await page.locator('#search-q').pressSequentially(target.name, { delay: 35 });
    const suggestion = page.locator('#suggestions #suggestion-list a', { hasText: target.name });
    try {
      await suggestion.first().waitFor({ state: 'visible', timeout: 5_000 });
    } catch {
      throw new Error(
        `no suggestion for ${JSON.stringify(target.name)} under the box; #suggestions holds ` +
          JSON.stringify(await page.$eval('#suggestions', (d) => d.innerHTML)),
      );
    }
    await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling'));
    const pushed = await page.evaluate(() => window.__e2ePushed);
    assert.deepEqual(
      pushed.filter((u) => new URL(u, 'http://x').pathname !== `/c/bhc/search`),
      [],
      'only search pages enter the history (never the suggestions fragment)',
    );
    const items = await page.$$eval('#suggestion-list a', (as) => as.map((a) => ({ name: a.textContent.trim(), href: a.getAttribute('href') })));
    assert.ok(items.length <= 8, `at most 8 suggestions (${items.length})`);
    for (const s of items) assert.match(s.href ?? '', /^\/c\/bhc\/organisations\/\d+$/, `suggestion ${s.name} links to an organisation`);
    assert.equal(items.find((s) => s.name === target.name)?.href, target.href, 'the suggestion links to the organisation typed');
    await checkA11y(page);

    // a shorter prefix suggests names with a word starting with it
    const prefix = target.name.split(' ')[0].slice(0, 4);
    const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    await page.fill('#search-q', '');
    await page.waitForFunction(() => !document.querySelector('#suggestion-list'));
    await page.locator('#search-q').pressSequentially(prefix, { delay: 35 });
    await page.waitForFunction(
      (p) => [...document.querySelectorAll('#suggestion-list a')].length > 0 && document.querySelector('#search-q').value === p,
      prefix,
    );
    await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling'));
    const short = await page.$$eval('#suggestion-list a', (as) => as.map((a) => a.textContent.trim()));
    assert.ok(short.length >= 2, `several names start like ${prefix} (${short.join(', ')})`);
    for (const n of short) {
      assert.ok(
        fold(n).split(/[^a-z0-9]+/).some((w) => w.startsWith(fold(prefix))),
        `suggestion ${JSON.stringify(n)} has a word starting with ${JSON.stringify(prefix)}`,
      );
    }

    // picking a suggestion opens the organisation
    await page.fill('#search-q', target.name);
    await suggestion.first().waitFor({ state: 'visible', timeout: 5_000 });
    await follow(page, `#suggestion-list a[href="${target.href}"]`, target.href);
    assert.equal(await text(page, 'h1'), target.name);
  });
});

test('a facet ticked right after typing stays ticked and filters the hits', async () => {
  await withPage(browser, 'oneshop-facet-after-typing', async (page) => {
    await visit(page, `${C}/search`);
    const { hits } = await searchResults(page);
    const word = hits[0].name.split(' ')[0];
    const typed = await htmxSearch(page, () => page.fill('#search-q', word), { q: word });
    const facets = await page.$$eval('#facet-entity_type label.facet-value', (ls) =>
      ls.map((l) => ({ value: l.querySelector('input').value, count: Number(l.querySelector('.count').getAttribute('data-count')) })),
    );
    const facet = facets.find((f) => f.count < typed.count) ?? facets[0];
    assert.ok(facet, 'the entity-type facet offers a value for these hits');
    // as a person clicks: the box loses the focus on mouse down, the tick comes on mouse up
    const box = `#facet-entity_type input[value="${facet.value}"]`;
    await page.click(box, { delay: 80 });
    await page.waitForTimeout(300);
    await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling'));
    const after = await searchResults(page);
    assert.deepEqual(
      {
        checked: await page.isChecked(box),
        entity_type: new URL(page.url()).searchParams.get('entity_type'),
        count: after.count,
      },
      { checked: true, entity_type: facet.value, count: facet.count },
      `ticking ${facet.value} after typing ${JSON.stringify(word)}: the tick, the URL and the count`,
    );
  });
});

// ------------------------------------------------------------------------------------------
// 3. per-field visibility

test('a profile field the member makes "staff only" is shown to staff, not to another member nor to anonymous visitors, nor found by their searches', async () => {
  await people(browser, 'oneshop-visibility', async (open) => {
    const { memberOrg, partnerOrg, memberOrgId: orgId } = await whoIsWho();
    const staff = await open(STAFF);
    const orgPage = `${C}/organisations/${orgId}`;

    // another member: a user staff grant the member role for another organisation
    const otherEmail = `e2e-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}@bhc.demo`;
    const otherPassword = 'e2e-other-member-pw';
    await visit(staff, `${C}/users`);
    const otherOrg = await staff.$$eval(
      '#grant-form #organisation option',
      (os, skip) => os.map((o) => ({ v: o.value, n: o.textContent.trim() })).find((o) => o.v && !skip.includes(o.n)),
      [memberOrg, partnerOrg],
    );
    assert.ok(otherOrg, 'another organisation to act for');
    await staff.fill('#email', otherEmail);
    await staff.fill('#name', 'E2E other member');
    await staff.selectOption('#role', 'member');
    await staff.selectOption('#grant-form #organisation', otherOrg.v);
    await staff.fill('#password', otherPassword);
    await submit(staff, '#grant-submit');
    await checkPage(staff);
    assert.ok((await text(staff, '#users-table')).includes(otherEmail), 'the other member user exists');

    const anon = await open(null);
    await visit(anon, orgPage);
    assert.equal(await anon.getAttribute('#rich-profile', 'data-level'), 'public');
    assert.equal(await anon.locator('#profile-products').count(), 1, 'products are public to begin with');

    // the member hides the products from everyone but staff, adding a word to find them by
    const member = await open(MEMBER);
    await visit(member, `${orgPage}/profile`);
    const original = {
      products: await member.inputValue('#products_en'),
      visibility: await member.inputValue('#visibility_products'),
    };
    assert.equal(original.visibility, 'public');
    const word = token('zorbix');
    await member.fill('#products_en', `${original.products}\n${word} sensor kit`.trim());
    await member.selectOption('#visibility_products', 'staff');
    const saved = await submit(member, '#profile-save');
    assert.equal(saved.status(), 200);
    await checkPage(member);
    assert.equal(pathOf(member), orgPage, 'saving goes back to the organisation page');
    assert.ok((await text(member, '#profile-products')).includes(word), 'the member still sees its products');

    const other = await open(null);
    await login(other, otherEmail, otherPassword);
    for (const [who, page, level, sees] of [
      ['staff', staff, 'staff', true],
      ['another member', other, 'members', false],
      ['an anonymous visitor', anon, 'public', false],
    ]) {
      await visit(page, orgPage);
      assert.equal(await page.getAttribute('#rich-profile', 'data-level'), level, `${who} reads at the ${level} level`);
      assert.equal(await page.locator('#profile-products').count(), sees ? 1 : 0, `${who} ${sees ? 'sees' : 'does not see'} the products`);
      assert.equal((await page.content()).includes(word), sees, `${who} ${sees ? 'reads' : 'never gets'} the hidden word`);
      // the search index keeps the field at its level too
      await visit(page, `${C}/search?q=${word}`);
      const r = await searchResults(page);
      assert.equal(r.hits.some((h) => h.org === String(orgId)), sees, `${who}'s search ${sees ? 'finds' : 'does not find'} ${memberOrg} by the hidden word`);
    }
    await visit(anon, `/search?q=${word}`);
    assert.equal((await searchResults(anon)).count, 0, 'the public cross-cluster search does not find it');

    // back as it was: public again, the word gone
    await visit(member, `${orgPage}/profile`);
    assert.equal(await member.inputValue('#visibility_products'), 'staff', 'the form shows the chosen level');
    await member.fill('#products_en', original.products);
    await member.selectOption('#visibility_products', original.visibility);
    await submit(member, '#profile-save');
    await checkPage(member);
    await visit(anon, orgPage);
    assert.equal(await anon.locator('#profile-products').count(), 1, 'public again');
    assert.ok(!(await anon.content()).includes(word));
    await visit(staff, `${C}/search?q=${word}`);
    assert.equal((await searchResults(staff)).count, 0, 'the word left the index');

    // the other member user goes again
    await visit(staff, `${C}/users`);
    await submit(staff, `#users-table tr:has(td:text-is("${otherEmail}")) button[type=submit]`);
    await checkPage(staff);
    assert.ok(!(await text(staff, '#users-table')).includes(otherEmail), 'the other member user is removed');
  });
});

// ------------------------------------------------------------------------------------------
// 4. accessibility and a narrow screen

test('search, profile form, resources and desk pages pass axe, also after htmx swaps and with errors; the search page fits a 360px screen', async () => {
  await people(browser, 'oneshop-a11y', async (open) => {
    // anonymous, on a phone-sized screen: the search page, typed into, a facet ticked
    const anon = await open(null);
    await anon.setViewportSize({ width: 360, height: 740 });
    await visit(anon, `${C}/search`);
    await checkNoOverflow(anon);
    const { hits } = await searchResults(anon);
    const word = hits[0].name.split(' ')[0];
    const typed = await htmxSearch(anon, () => anon.fill('#search-q', word), { q: word });
    assert.ok(typed.count >= 1);
    await checkPage(anon);
    await checkNoOverflow(anon);
    const value = await anon.getAttribute('#facet-entity_type input[type=checkbox]', 'value');
    await leaveBox(anon);
    await htmxSearch(anon, () => anon.check(`#facet-entity_type input[value="${value}"]`), { q: word, entity_type: value });
    await checkPage(anon);
    await checkNoOverflow(anon);
    await anon.setViewportSize({ width: 1280, height: 800 });
    await visit(anon, '/search');
    await visit(anon, `/search?q=${encodeURIComponent(word)}`);
    assert.ok((await searchResults(anon)).count >= 1, 'the public search finds it too');

    // the member: profile form (and its errors), resources, desk
    const member = await open(MEMBER);
    await visit(member, `${C}/desk/mine`);
    await visit(member, `${C}/resources`);
    assert.equal(await member.locator('#for-you').count(), 1, 'the member has a "for you" section');
    await visit(member, `${C}/desk/services`);
    await visit(member, `${C}/desk/new`);
    const refused = await submit(member, '#request-submit');
    assert.equal(refused.status(), 422, 'an empty request is refused');
    await checkPage(member);
    assert.ok(await member.locator('#form-errors').isVisible());
    assert.equal(await member.getAttribute('#subject', 'aria-invalid'), 'true', 'the subject is flagged');
    await visit(member, '/account/notifications');

    const staff = await open(STAFF);
    const { memberOrg, memberOrgId: orgId } = await whoIsWho();
    await visit(member, `${C}/organisations/${orgId}/profile`);
    const i = await firstEmptyContact(member);
    await member.fill(`#contact_${i}_topic`, 'Sales');
    await member.fill(`#contact_${i}_name`, 'E2E Contact');
    await member.fill(`#contact_${i}_email`, 'not an address');
    const bad = await submit(member, '#profile-save');
    assert.equal(bad.status(), 422, 'an invalid contact e-mail is refused');
    await checkPage(member);
    assert.ok(await member.locator('#form-errors').isVisible());
    assert.equal(await member.getAttribute(`#contact_${i}_email`, 'aria-invalid'), 'true', 'the e-mail field is flagged');
    assert.equal(await member.inputValue(`#contact_${i}_email`), 'not an address', 'what was typed is kept');

    // staff: queue, a request, catalogue, intake log, completeness, resources for a member
    await visit(staff, `${C}/desk`);
    const first = await staff.getAttribute('#desk-list tbody tr a', 'href');
    assert.ok(first, 'the queue lists a request');
    await visit(staff, first);
    await visit(staff, `${C}/desk/services`);
    await visit(staff, `${C}/desk/inbound`);
    await visit(staff, `${C}/profiles`);
    await visit(staff, `${C}/resources?organisation=${orgId}`);
    assert.ok((await staff.locator('#for-you-list li').count()) >= 1, `staff see what fits ${memberOrg}`);

    const partner = await open(PARTNER);
    await visit(partner, `${C}/desk`);
  });
});

// ------------------------------------------------------------------------------------------
// 5. a refused contact row, typed below an empty one

test('a refused contact typed below an empty row keeps its error beside what was typed, named in words', async () => {
  const { memberOrgId: orgId } = await whoIsWho();
  await people(browser, 'oneshop-contact-error', async (open) => {
    const page = await open(MEMBER);
    const form = `${C}/organisations/${orgId}/profile`;
    await visit(page, form);
    const first = await firstEmptyContact(page);
    const rows = await page.locator('#contacts tbody tr').count();
    assert.ok(rows - first >= 2, 'two empty contact rows at the end of the form');
    const i = rows - 1; // the last row, leaving the one above it empty
    await page.fill(`#contact_${i}_topic`, 'Sales');
    await page.fill(`#contact_${i}_name`, 'E2E Contact');
    await page.fill(`#contact_${i}_email`, 'not an address');
    const bad = await submit(page, '#profile-save');
    assert.equal(bad.status(), 422, 'an invalid contact e-mail is refused');
    await checkPage(page);
    const shown = await page.$$eval('#contacts tbody tr', (trs) =>
      trs.map((tr) => {
        const email = tr.querySelector('input[id$="_email"]');
        return { id: email.id, value: email.value, invalid: email.getAttribute('aria-invalid') === 'true' };
      }),
    );
    const typed = shown.find((r) => r.value === 'not an address');
    assert.ok(typed, 'the typed e-mail is shown again');
    assert.deepEqual(
      shown.filter((r) => r.invalid).map((r) => r.id),
      [typed.id],
      `the error marks the row holding what was typed: ${JSON.stringify(shown)}`,
    );
    const link = await page.getAttribute('#form-errors a[href^="#contact_"]', 'href');
    assert.equal(link, `#${typed.id}`, 'the error summary links to that field');
    const summary = await text(page, '#form-errors');
    assert.ok(!/profile-field-|contact_\d/.test(summary), `the summary names the field in words: ${summary}`);
  });
});
