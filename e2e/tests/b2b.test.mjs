// B2B matchmaking at an event, end to end: at the demo's BHC brokerage event, the member user
// (Ane Olano) asks the research-centre user (Mikel Arana) for a meeting with a message, he
// accepts it, the organiser (BHC staff) generates the slots and tables, runs the scheduler and
// publishes, and both participants' agendas show the meeting at the same slot and table. Every
// page passes checkPage (layout and axe-core).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage, launch, pathOf, people, submit, visit } from '../lib.mjs';

const C = '/c/bhc';
const A = { email: 'member@bhc.demo', name: 'Ane Olano' };
const B = { email: 'research@bhc.demo', name: 'Mikel Arana' };
const STAFF = 'staff@bhc.demo';
const MESSAGE = `Could we discuss a pilot of our home-care kit? (${Date.now().toString(36)})`;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function submitAndCheck(page, selector, { status = 200 } = {}) {
  const response = await submit(page, selector);
  assert.equal(response.status(), status, `after ${selector}: ${page.url()} answered ${response.status()}`);
  await checkPage(page);
  return response;
}

// From the cluster's list of B2B events to the demo event's hub; returns the hub's path.
async function openEvent(page) {
  await visit(page, C);
  await submitAndCheck(page, '#nav-b2b');
  assert.equal(pathOf(page), `${C}/b2b`, 'the navigation link leads to the B2B events');
  const link = page.locator('#b2b-events li[data-event] h2 a', { hasText: 'hospitals meet industry' });
  assert.equal(await link.count(), 1, 'the demo B2B event is listed');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
  await checkPage(page);
  assert.match(pathOf(page), /^\/c\/bhc\/events\/\d+\/b2b$/);
  return pathOf(page);
}

// The agenda's row with `name`: { slot, table, time }.
async function agendaRow(page, name) {
  const row = page.locator(`#b2b-agenda tr[data-with="${name}"]`);
  assert.equal(await row.count(), 1, `one meeting with ${name} in the agenda of ${page.url()}`);
  return {
    slot: await row.getAttribute('data-slot'),
    table: await row.getAttribute('data-table'),
    time: ((await row.locator('td.time').textContent()) ?? '').trim(),
  };
}

test('two participants meet: request, accept, schedule, publish, same slot and table in both agendas', async () => {
  await people(browser, 'b2b', async (open) => {
    // 1. Ane finds Mikel among the published profiles (searching) and asks for a meeting.
    const a = await open(A.email);
    const hub = await openEvent(a);
    await a.fill('#q', 'prototypes');
    await submitAndCheck(a, '#b2b-search-submit');
    const card = a.locator(`#b2b-people li[data-name="${B.name}"]`);
    assert.equal(await card.count(), 1, 'the search finds Mikel by his profile');
    const cards = await a.locator('#b2b-people li[data-participant]').count();
    assert.equal(cards, 1, 'and only him');
    await card.locator('textarea').fill(MESSAGE);
    await submitAndCheck(a, `#b2b-people li[data-name="${B.name}"] button.request`);
    assert.equal(pathOf(a), hub);
    assert.equal(await a.locator('#b2b-notice').count(), 1);
    const sent = a.locator(`#b2b-outgoing li[data-to="${B.name}"]`);
    assert.equal(await sent.getAttribute('data-status'), 'pending');

    // Asking again is refused with a clear error.
    await a.fill('#q', '');
    await submitAndCheck(a, '#b2b-search-submit');
    assert.equal(
      await a.locator(`#b2b-people li[data-name="${B.name}"] button.request`).count(),
      0,
      'no second request form for the same person',
    );

    // 2. Mikel sees the request with its message and accepts it.
    const b = await open(B.email);
    await openEvent(b);
    const incoming = b.locator(`#b2b-incoming li[data-from="${A.name}"]`);
    assert.equal(await incoming.count(), 1, 'the request arrived');
    assert.match((await incoming.textContent()) ?? '', /home-care kit/);
    await submitAndCheck(b, `#b2b-incoming li[data-from="${A.name}"] button.accept`);
    assert.equal(await b.locator(`#b2b-incoming li[data-from="${A.name}"]`).getAttribute('data-status'), 'accepted');
    // Both state their availability: every slot (the form as it comes).
    await submitAndCheck(b, '#b2b-tab-availability');
    assert.ok((await b.locator('#b2b-availability-form input[name="slot"]').count()) > 0, 'slots to choose');
    await submitAndCheck(b, '#b2b-availability-save');

    // 3. The organiser sets 6 slots of 20 minutes from 10:00 with 4 tables, runs, publishes.
    const staff = await open(STAFF);
    await visit(staff, `${hub}/organiser`);
    await staff.fill('#start', '2026-12-10T10:00');
    await staff.fill('#count', '6');
    await staff.fill('#minutes', '20');
    await staff.fill('#pause', '5');
    await staff.fill('#tables', '4');
    await submitAndCheck(staff, '#b2b-slots-save');
    assert.equal(await staff.locator('#b2b-notice').count(), 1);
    await submitAndCheck(staff, '#b2b-run-button');
    assert.ok((await staff.locator('#b2b-grid [data-meeting]').count()) > 0, 'the grid shows meetings');
    await submitAndCheck(staff, '#b2b-publish-button');
    assert.equal(await staff.locator('#b2b-notice').count(), 1, 'published');

    // 4. Both agendas show the meeting at the same slot and table, at a local time of the plan.
    await visit(a, `${hub}/agenda`);
    const atA = await agendaRow(a, B.name);
    await visit(b, `${hub}/agenda`);
    const atB = await agendaRow(b, A.name);
    assert.deepEqual(atA, atB, 'the same slot, table and time on both sides');
    const slot = Number(atA.slot);
    const start = 10 * 60 + (slot - 1) * 25;
    const hhmm = `${String(Math.floor(start / 60)).padStart(2, '0')}:${String(start % 60).padStart(2, '0')}`;
    assert.ok(atA.time.includes(hhmm), `slot ${slot} starts at ${hhmm} local time (${atA.time})`);
    assert.equal(await a.locator('#b2b-agenda-ics').count(), 1, 'the calendar file is offered');
  });
});
