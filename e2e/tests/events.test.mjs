// Events, end to end: staff create an event with one place (a wrong field first: the error
// shows beside it and the form keeps what was typed); a guest takes the place through the
// public form; a member registers and is waitlisted; the guest cancels through the ticket link
// of their confirmation e-mail and the member is promoted (the page says confirmed, and the
// promotion e-mail arrives); staff raise the capacity, register a walk-in guest and check
// people in at the door: one with the list's button, the member with the URL in their ticket's
// QR code. The calendar feed parses as iCalendar. Every page passes axe-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BASE_URL,
  MAILDIR,
  checkPage,
  launch,
  pathOf,
  people,
  submit,
  text,
  unique,
  visit,
  waitForMail,
} from '../lib.mjs';

const C = '/c/bhc';
const MEMBER = 'member@bhc.demo';
const STAFF = 'staff@bhc.demo';

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

function inDays(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

test('events: full event, waitlist, promotion on cancellation, check-in at the door', async () => {
  assert.ok(MAILDIR, 'E2E_MAILDIR is set (scripts/e2e runs the SMTP server that captures e-mail)');
  const title = unique('BHC Gosariak e2e');
  const guestEmail = `${unique('guest').toLowerCase().replace(/[^a-z0-9]/g, '')}@example.org`;
  const walkInEmail = `${unique('walkin').toLowerCase().replace(/[^a-z0-9]/g, '')}@example.org`;

  await people(browser, 'events', async (open) => {
    // 1. Staff create the event from the calendar; a bad capacity is named beside its field.
    const staff = await open(STAFF);
    await visit(staff, C);
    await submitAndCheck(staff, '#nav-events');
    assert.equal(pathOf(staff), `${C}/events`);
    await submitAndCheck(staff, '#event-new');
    await staff.selectOption('#kind', 'event');
    await staff.fill('#title_es', title);
    await staff.fill('#title_en', title);
    await staff.fill('#description_es', 'Desayuno de networking sobre salud digital.');
    await staff.fill('#start_date', inDays(14));
    await staff.fill('#start_time', '08:30');
    await staff.fill('#end_time', '10:00');
    await staff.selectOption('#time_zone', 'Europe/Madrid');
    await staff.fill('#place', 'Bilbao, Bizkaia Aretoa');
    await staff.fill('#capacity', 'one');
    await staff.fill('#guest_price', '25');
    await submitAndCheck(staff, '#event-save', { status: 422 });
    assert.equal(await staff.locator('#capacity-error').count(), 1, 'the capacity error is beside its field');
    assert.equal(await staff.inputValue('#title_es'), title, 'the form keeps what was typed');
    assert.equal(await staff.inputValue('#capacity'), 'one');
    await staff.fill('#capacity', '1');
    await submitAndCheck(staff, '#event-save');
    const eventPath = pathOf(staff);
    assert.match(eventPath, /^\/c\/bhc\/events\/\d+$/);
    assert.ok((await text(staff, '#event-when')).includes('08:30'), 'local time in the event zone');
    assert.ok((await text(staff, '#event-when')).includes('Europe/Madrid'), 'with the zone');

    // 2. A guest takes the only place through the public form.
    const guest = await open(null);
    await visit(guest, eventPath);
    await guest.fill('#name', 'Ane Guest');
    await guest.fill('#email', guestEmail);
    await guest.fill('#organisation', 'Osatek');
    await submitAndCheck(guest, '#register-submit');
    assert.ok(guest.url().includes('notice=confirmed'), guest.url());
    const confirmation = await waitForMail((m) => m.to.includes(guestEmail));
    const ticketPath = /\/tickets\/[0-9a-f]{40}/.exec(confirmation.text)?.[0];
    assert.ok(ticketPath, `the confirmation carries the ticket link: ${confirmation.text}`);

    // 3. The member registers: the event is full, so the waitlist.
    const member = await open(MEMBER);
    await visit(member, eventPath);
    assert.ok((await text(member, '#event-places')).length > 0, 'places are shown');
    await submitAndCheck(member, '#register-submit');
    assert.equal(await member.getAttribute('#my-status', 'data-status'), 'waitlisted');

    // 4. The guest cancels through the ticket link: the member is promoted and told so.
    await visit(guest, ticketPath);
    assert.equal(await guest.getAttribute('#ticket-status', 'data-status'), 'confirmed');
    assert.equal(await guest.locator('#ticket-qr svg').count(), 1, 'the ticket shows its QR code');
    await submitAndCheck(guest, '#ticket-cancel button');
    assert.equal(await guest.getAttribute('#ticket-status', 'data-status'), 'cancelled');
    await visit(member, eventPath);
    assert.equal(await member.getAttribute('#my-status', 'data-status'), 'confirmed', 'promoted from the waitlist');
    const promoted = await waitForMail((m) => m.to.includes(MEMBER) && m.text.includes(title) && m.text.includes('/tickets/') && /promot|plaza|place|libér|askatu/i.test(m.subject + m.text));
    assert.ok(promoted.subject, 'the promotion e-mail arrived');

    // 5. Staff raise the capacity and register a walk-in guest.
    await visit(staff, eventPath);
    await submitAndCheck(staff, '#event-edit');
    await staff.fill('#capacity', '2');
    await submitAndCheck(staff, '#event-save');
    await staff.fill('#name', 'Jon Walk-in');
    await staff.fill('#email', walkInEmail);
    await submitAndCheck(staff, '#register-submit');
    assert.match(pathOf(staff), /\/registrations$/);

    // 6. The door: the list's button for the walk-in, the QR URL for the member.
    await staff.fill('#q', 'walk-in');
    await submitAndCheck(staff, '#registration-search button');
    const rows = staff.locator('#registration-list tbody tr');
    assert.equal(await rows.count(), 1, 'the search finds the walk-in');
    await submitAndCheck(staff, '#registration-list tbody tr button.checkin');
    const walkIn = staff.locator(`#registration-list tbody tr:has-text("${walkInEmail}")`);
    assert.ok((await walkIn.locator('td').nth(4).textContent()).trim().length > 0, 'checked-in time shown');

    await visit(member, eventPath);
    await member.click('#my-ticket');
    await member.waitForLoadState('load');
    await checkPage(member);
    assert.equal(await member.locator('#ticket-qr svg').count(), 1);
    const checkinUrl = (await text(member, '#checkin-url')).trim();
    assert.ok(checkinUrl.includes('/c/bhc/checkin/'), checkinUrl);
    await visit(staff, new URL(checkinUrl).pathname);
    assert.equal(await staff.locator('#checkin-result').count(), 1);
    await visit(staff, `${eventPath}/registrations`);
    assert.equal(await text(staff, '#checked-in-count'), '2', 'both people are checked in');

    // 7. The cluster calendar lists the event and its feed parses as iCalendar.
    await visit(guest, `${C}/events`);
    assert.ok((await text(guest, '#event-list')).includes(title));
    const ics = await (await fetch(`${BASE_URL}${C}/events.ics`)).text();
    const parsed = execFileSync(
      'python3',
      [
        '-c',
        'import sys, icalendar\nfrom zoneinfo import ZoneInfo\ncal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())\nfor ev in cal.walk("VEVENT"):\n    print(str(ev.get("summary")) + "\\t" + ev.decoded("dtstart").astimezone(ZoneInfo("Europe/Madrid")).strftime("%H:%M"))',
      ],
      { input: ics },
    ).toString();
    const line = parsed.split('\n').find((l) => l.startsWith(title));
    assert.ok(line, `the feed has the event: ${parsed}`);
    assert.equal(line.split('\t')[1], '08:30', 'it opens at 08:30 in Madrid');

    // 8. Certificates of attendance of the demo's past workshop: a PDF with the attendees' names.
    await visit(staff, `${C}/events`);
    const workshop = staff.locator('#past-events a', { hasText: /ciberseguridad|cybersecurity|zibersegurtasun|cybersécurité/i }).first();
    const href = await workshop.getAttribute('href');
    assert.ok(href, 'the demo workshop is among the past events');
    await visit(staff, `${href}/registrations`);
    assert.equal(await staff.locator('#certificates-all').count(), 1, 'certificates can be downloaded');
    const pdf = await staff.request.get(`${BASE_URL}${href}/certificates.pdf`);
    assert.equal(pdf.status(), 200);
    const bytes = await pdf.body();
    assert.equal(bytes.subarray(0, 4).toString(), '%PDF');
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'certificates-')), 'certificates.pdf');
    await writeFile(file, bytes);
    const words = execFileSync('pdftotext', [file, '-']).toString();
    assert.ok(words.includes('Ane Etxeberria'), `the certificate names the attendee: ${words.slice(0, 300)}`);
  });
});
