// Strategy as data: the scorecard boards and their drill-down to the records behind every figure,
// recording an activity that moves a figure, the roadmap Gantt, the plan page, the annual report
// (PDF rendered to images and looked at), accessibility of every page, and who may see what.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  checkA11y,
  checkLayout,
  checkPage,
  launch,
  login,
  pathOf,
  submit,
  text,
  unique,
  url,
  visit,
  withPage,
} from '../lib.mjs';

const run = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SLUG = 'bhc';
const YEAR = '2025';
const BOARD = `/c/${SLUG}/scorecard?period=${YEAR}`;
const OPERATIONAL = `${BOARD}&level=operational`;
const TRAININGS = 'OP-TAL-1'; // operational: number of training activities (a count of activities)
const LIGHTS = ['green', 'amber', 'red', 'none'];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// A figure as shown on a board ("12", "1,234", "1.234"): an integer, or NaN for "—" and the like.
function count(s) {
  const t = String(s ?? '').replace(/[\s\u00a0\u202f]/g, '');
  return /^\d{1,3}([.,]?\d{3})*$/.test(t) ? Number(t.replace(/[.,]/g, '')) : NaN;
}

// The rows of the board on the page: code, value text, light, whether it has a chart.
async function boardRows(page) {
  return page.$$eval('table.board tbody tr[id^="ind-"]', (trs) =>
    trs.map((tr) => {
      const a = tr.querySelector('a.value');
      const light = tr.querySelector('span.light');
      return {
        code: tr.id.slice('ind-'.length),
        value: a ? a.textContent.replace(/\s+/g, ' ').trim() : null,
        href: a ? a.getAttribute('href') : null,
        light: light ? [...light.classList].filter((c) => c !== 'light').join(' ') : null,
        chart: !!tr.querySelector('svg[role="img"]'),
      };
    }),
  );
}

async function boardValue(page, code) {
  const raw = await text(page, `#ind-${code} a.value`);
  const n = count(raw);
  assert.ok(Number.isInteger(n), `${code} shows a count on the board (got ${JSON.stringify(raw)})`);
  return n;
}

// Fluent messages of one locale file (simple `key = value` lines), to check the report's language
// against the app's own translations instead of copies of them.
async function messages(lang, file = 'plan') {
  const src = await readFile(path.join(REPO, 'crates/i18n/locales', lang, `${file}.ftl`), 'utf8');
  const out = {};
  for (const line of src.split('\n')) {
    const m = /^([a-z][a-z0-9-]*)\s*=\s*(\S.*)$/.exec(line);
    if (m) out[m[1]] = m[2].trim();
  }
  return out;
}

const squash = (s) => s.replace(/\s+/g, ' ').trim();

// Share of "inked" pixels (any channel below 230) of a PNG, decoded by the browser.
async function inkRatio(page, png) {
  const data = `data:image/png;base64,${(await readFile(png)).toString('base64')}`;
  return page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3] > 0 && Math.min(px[i], px[i + 1], px[i + 2]) < 230) ink++;
    }
    return ink / (px.length / 4);
  }, data);
}

// pdftoppm -png -r DPI: the page images of a PDF, in page order.
async function renderPdf(pdf, dir, prefix, dpi = 60) {
  await run('pdftoppm', ['-png', '-r', String(dpi), pdf, path.join(dir, prefix)]);
  const files = (await readdir(dir)).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png'));
  const num = (f) => Number(/-(\d+)\.png$/.exec(f)[1]);
  return files.sort((a, b) => num(a) - num(b)).map((f) => path.join(dir, f));
}

async function pdfPageText(pdf, n) {
  const { stdout } = await run('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-']);
  return stdout;
}

// Where the report's files go: under scripts/e2e's work dir when it passes one (kept with
// E2E_KEEP=1), else a temp dir of our own, removed afterwards unless E2E_KEEP=1.
async function workDir(name) {
  const parent = process.env.E2E_WORK_DIR || os.tmpdir();
  await mkdir(parent, { recursive: true });
  const label = process.env.E2E_LABEL ? `${process.env.E2E_LABEL}-` : '';
  return mkdtemp(path.join(parent, `${label}${name}-`));
}

test('every figure on a board links to the records behind it: OP-TAL-1 for 2025, clicked through to an activity', async () => {
  await withPage(browser, 'strategy-drilldown', async (page) => {
    await login(page, 'staff@bhc.demo');

    // the strategic board: indicators grouped by objective, each with a value, a light and a trend
    await visit(page, BOARD);
    const strategic = await boardRows(page);
    assert.ok(strategic.length >= 5, `the strategic board lists indicators (found ${strategic.length})`);
    assert.ok(!strategic.some((r) => r.code.startsWith('OP-')), 'no operational indicator on the strategic board');
    for (const r of strategic) {
      assert.ok(r.value, `${r.code} has a value link`);
      assert.ok(r.href?.startsWith(`/c/${SLUG}/scorecard/${r.code}?`), `${r.code} links to its page (${r.href})`);
      assert.ok(r.href.includes(`period=${YEAR}`), `${r.code}'s link keeps the period (${r.href})`);
      assert.ok(LIGHTS.includes(r.light), `${r.code} has a light (${r.light})`);
      assert.ok(r.chart, `${r.code} has an SVG trend chart with role=img`);
    }
    assert.ok(
      strategic.some((r) => r.value !== '—'),
      `some strategic indicator has a value for ${YEAR}: ${JSON.stringify(strategic.map((r) => [r.code, r.value]))}`,
    );
    assert.ok(strategic.some((r) => r.light !== 'none'), 'some strategic indicator has a light other than "no data"');
    const lights = await page.$$eval('#light-counts strong', (els) => els.map((e) => Number(e.textContent.trim())));
    assert.equal(lights.length, 4, 'four light counts');
    assert.ok(lights.reduce((a, b) => a + b, 0) >= strategic.length, 'the light counts cover the board');
    const current = (await page.getAttribute('nav.tabs a[aria-current="page"]', 'href')) ?? '';
    assert.ok(current.includes('level=strategic'), 'the strategic tab is the current one');

    // switch to the operational board through its tab
    await submit(page, 'nav.tabs a[href*="level=operational"]');
    await checkPage(page);
    const here = new URL(page.url());
    assert.equal(here.searchParams.get('level'), 'operational');
    assert.equal(here.searchParams.get('period'), YEAR, 'the period is kept when switching boards');
    const operational = await boardRows(page);
    assert.ok(operational.length >= 10, `the operational board lists indicators (found ${operational.length})`);
    assert.ok(operational.every((r) => r.code.startsWith('OP-')), 'only operational indicators');
    assert.ok(operational.every((r) => LIGHTS.includes(r.light) && r.chart), 'each has a light and a chart');
    const n = await boardValue(page, TRAININGS);
    assert.ok(n >= 1, `the demo history has training activities in ${YEAR} (${TRAININGS} = ${n})`);

    // click the figure: the indicator page, at its records
    await submit(page, `#ind-${TRAININGS} a.value`);
    await checkPage(page);
    const ind = new URL(page.url());
    assert.equal(ind.pathname, `/c/${SLUG}/scorecard/${TRAININGS}`);
    assert.equal(ind.searchParams.get('period'), YEAR);
    assert.equal(ind.hash, '#records');
    assert.equal(count(await text(page, '#indicator-value')), n, '#indicator-value shows the figure of the board');
    const records = page.locator('#record-list tbody tr');
    assert.equal(await records.count(), n, `#record-list lists the ${n} activities counted`);
    const links = await page.$$eval('#record-list tbody tr', (trs) =>
      trs.map((tr) => tr.querySelector('a')?.getAttribute('href') ?? null),
    );
    assert.ok(
      links.every((h) => /^\/c\/[^/]+\/activities\/\d+$/.test(h ?? '')),
      `every record links to its activity: ${JSON.stringify(links)}`,
    );

    // the first record: an activity of 2025, a training
    await submit(page, '#record-list tbody tr >> nth=0 >> a');
    await checkPage(page);
    assert.match(pathOf(page), new RegExp(`^/c/${SLUG}/activities/\\d+$`));
    assert.equal(pathOf(page), links[0]);
    assert.ok((await text(page, '#activity-facts')).includes(YEAR), `the activity's facts show a date in ${YEAR}`);
    assert.ok((await page.inputValue('#starts_on')).startsWith(`${YEAR}-`), `the activity starts in ${YEAR}`);
    assert.equal(await page.inputValue('#kind'), 'training', 'a training activity');
  });
});

test('recording a training activity through the form moves OP-TAL-1 up by one; a negative amount is refused beside its field', async () => {
  await withPage(browser, 'strategy-record-activity', async (page) => {
    await login(page, 'staff@bhc.demo');
    await visit(page, OPERATIONAL);
    const before = await boardValue(page, TRAININGS);

    await visit(page, `/c/${SLUG}/activities`);
    assert.equal(await page.locator('#activity-list').count(), 1, 'the activity log is there');
    await submit(page, '#activity-new');
    assert.equal(pathOf(page), `/c/${SLUG}/activities/new`);
    await checkPage(page);
    assert.equal(await page.locator('#activity-form').count(), 1);
    assert.ok(
      (await page.$$eval('#items option', (os) => os.map((o) => o.value))).includes('talent'),
      'the plan-item picker offers the talent pillar',
    );

    const title = unique('E2E training');
    await page.selectOption('#kind', 'training');
    await page.fill('#title', title);
    await page.fill('#starts_on', `${YEAR}-06-12`);
    await page.fill('#attendees', '14');
    await page.fill('#amount', '-150');
    await page.selectOption('#items', ['talent']);

    // refused: 422, the error beside the amount, everything typed kept
    const bad = await submit(page, '#activity-submit');
    assert.equal(bad.status(), 422, 'a negative amount answers 422');
    await checkPage(page);
    assert.ok(await page.locator('#form-errors[role=alert]').isVisible(), '#form-errors (role=alert) is shown');
    assert.ok(await page.locator('#amount-error.field-error').isVisible(), '#amount-error is shown');
    assert.equal(
      await page.locator('.field:has(> #amount) > #amount-error').count(),
      1,
      'the error sits in the amount field, next to the input',
    );
    assert.equal(await page.getAttribute('#amount', 'aria-invalid'), 'true');
    const describedBy = (await page.getAttribute('#amount', 'aria-describedby')) ?? '';
    assert.ok(describedBy.split(/\s+/).includes('amount-error'), 'the error is tied to the input');
    assert.notEqual(await page.getAttribute('#title', 'aria-invalid'), 'true', 'the title is not flagged');
    assert.equal(await page.inputValue('#title'), title, 'the typed title is kept');
    assert.equal(await page.inputValue('#amount'), '-150', 'the typed amount is kept');
    assert.equal(await page.inputValue('#starts_on'), `${YEAR}-06-12`);
    assert.equal(await page.inputValue('#kind'), 'training');
    assert.deepEqual(
      await page.$$eval('#items option:checked', (os) => os.map((o) => o.value)),
      ['talent'],
      'the chosen plan item is kept',
    );

    // fixed: saved, the activity page
    await page.fill('#amount', '150');
    const good = await submit(page, '#activity-submit');
    assert.equal(good.status(), 200);
    await checkPage(page);
    assert.match(pathOf(page), new RegExp(`^/c/${SLUG}/activities/\\d+$`), 'saving goes to the activity page');
    const activityPath = pathOf(page);
    assert.equal(await text(page, 'h1'), title);
    assert.ok((await text(page, '#activity-facts')).includes('talent'), 'the activity is linked to the talent pillar');

    // the log finds it with its filters
    await visit(page, `/c/${SLUG}/activities`);
    await page.fill('#q', title);
    await page.selectOption('form.filters #kind', 'training');
    await submit(page, 'form.filters button[type=submit]');
    await checkPage(page);
    assert.deepEqual(
      await page.$$eval('#activity-list tbody tr a', (as) => as.map((a) => a.getAttribute('href'))),
      [activityPath],
      'the log filtered by its title and kind lists the new activity alone',
    );

    // the board counts it, once, and its page lists it
    await visit(page, OPERATIONAL);
    assert.equal(await boardValue(page, TRAININGS), before + 1, `${TRAININGS} went up by one (was ${before})`);
    await submit(page, `#ind-${TRAININGS} a.value`);
    await checkPage(page);
    assert.equal(count(await text(page, '#indicator-value')), before + 1);
    assert.equal(
      await page.locator(`#record-list a[href="${activityPath}"]`).count(),
      1,
      'the indicator page lists the new activity',
    );
  });
});

test('roadmap: the Gantt renders, late actions stand out, statuses show and can be recorded', async () => {
  await withPage(browser, 'strategy-roadmap', async (page) => {
    await login(page, 'staff@bhc.demo');
    await visit(page, `/c/${SLUG}/roadmap`);
    assert.ok(await page.locator('#roadmap').isVisible(), 'the Gantt table is shown');
    const columns = await page.$$eval('#roadmap thead th', (ths) => ths.map((th) => th.textContent.trim()));
    assert.ok(columns.some((c) => c.startsWith(YEAR)), `a column for ${YEAR}: ${JSON.stringify(columns)}`);
    const actions = page.locator('#roadmap tr[id^="action-"]');
    assert.ok((await actions.count()) >= 10, 'the roadmap lists the plan actions');
    assert.ok((await page.locator('#roadmap td.gantt-cell.i1, #roadmap td.gantt-cell.i2, #roadmap td.gantt-cell.i3').count()) > 0, 'planned cells are shaded');

    // late rows: flagged, outlined, counted
    const late = page.locator('#roadmap tr[id^="action-"].late');
    const lateCount = await late.count();
    assert.ok(lateCount >= 1, 'the demo has late actions');
    assert.equal((await text(page, '#late-count')).match(/\d+/)?.[0], String(lateCount), '#late-count counts the late rows');
    assert.match((await page.getAttribute('#late-count', 'class')) ?? '', /\balert\b/);
    assert.equal(await page.locator('#roadmap tr.late .late-flag').count(), lateCount, 'each late row carries a flag');
    assert.ok(await late.first().locator('.late-flag').isVisible());
    assert.ok((await late.first().locator('td.gantt-cell.late').count()) >= 1, 'a late row has late cells');
    const shadow = (sel) => page.$eval(sel, (el) => getComputedStyle(el).boxShadow);
    assert.notEqual(await shadow('#roadmap tr.late th[scope=row]'), 'none', 'late rows are highlighted');
    const onTime = page.locator('#roadmap tr[id^="action-"]:not(.late)');
    if ((await onTime.count()) > 0) {
      assert.equal(await shadow('#roadmap tr[id^="action-"]:not(.late) th[scope=row]'), 'none', 'rows on time are not');
    }
    const outline = await page.$eval('#roadmap td.gantt-cell.late', (el) => getComputedStyle(el).outlineStyle);
    assert.notEqual(outline, 'none', 'late cells are outlined');

    // statuses: the legend names them all; recording one shows its mark in the cell
    const legend = await page.$$eval('ul.legend .status-mark', (els) => els.map((e) => [...e.classList].filter((c) => c !== 'status-mark')[0]));
    for (const s of ['planned', 'in_progress', 'done', 'delayed', 'dropped']) {
      assert.ok(legend.includes(s), `the legend shows the status ${s}`);
    }
    const seeded = await page.locator('#roadmap td.gantt-cell .status-mark').count();
    const anyOnTime = (await onTime.count()) > 0;
    const target = anyOnTime ? onTime.first() : actions.first();
    const code = (await target.getAttribute('id')).slice('action-'.length);
    const cols = await target.locator('select[name=col] option').evaluateAll((os) => os.map((o) => o.value));
    const col = cols[cols.length - 1];
    const colIndex = columns.indexOf(col);
    assert.ok(colIndex > 0, `the column ${col} is in the header`);
    const hadStatus = (await target.locator('td').nth(colIndex - 1).locator('.status-mark').count()) > 0;
    await target.locator('details.status-edit > summary').click();
    await target.locator('select[name=col]').selectOption(col);
    await target.locator('select[name=status]').selectOption('delayed');
    const note = unique('E2E waiting for funding');
    await target.locator('input[name=note]').fill(note);
    const saved = await submit(page, `#roadmap tr[id="action-${code}"] form button[type=submit]`);
    assert.equal(saved.status(), 200);
    assert.equal(pathOf(page), `/c/${SLUG}/roadmap`);
    await checkPage(page);
    const row = page.locator(`#roadmap tr[id="action-${code}"]`);
    // cells follow the row header: the column's cell is td number colIndex
    const cell = row.locator('td').nth(colIndex - 1);
    assert.equal(await cell.locator('.status-mark.delayed').count(), 1, `the ${col} cell of ${code} shows "delayed"`);
    assert.ok((await cell.locator('.sr-only').textContent()).trim().length > 0, 'the status is named for screen readers');
    assert.equal(await cell.getAttribute('title'), note, 'the note is on the cell');
    assert.match((await row.getAttribute('class')) ?? '', /\blate\b/, 'a delayed action is late');
    assert.equal(await page.locator('#roadmap td.gantt-cell .status-mark').count(), seeded + (hadStatus ? 0 : 1));
    const lateAfter = await page.locator('#roadmap tr[id^="action-"].late').count();
    assert.equal(lateAfter, anyOnTime ? lateCount + 1 : lateCount);
    assert.equal((await text(page, '#late-count')).match(/\d+/)?.[0], String(lateAfter));
  });
});

test('the annual report: the PDF renders to readable pages in the chosen language; XLSX and evidence CSV download', async () => {
  const dir = await workDir('report');
  let keep = process.env.E2E_KEEP === '1';
  try {
    await withPage(browser, 'strategy-report', async (page) => {
      // the blankness check itself, on a blank PDF printed by chromium: it must say "blank"
      await page.setContent('<!doctype html><html lang="en"><title>blank</title><body></body></html>');
      const blankPdf = path.join(dir, 'blank.pdf');
      await page.pdf({ path: blankPdf, format: 'A4' });
      const [blankPng] = await renderPdf(blankPdf, dir, 'blank');
      const blankInk = await inkRatio(page, blankPng);
      assert.ok(blankInk < 0.001, `a blank page is seen as blank (ink ${blankInk})`);

      await login(page, 'staff@bhc.demo');
      await visit(page, `/c/${SLUG}/reports`);
      assert.ok((await page.$$eval('#year option', (os) => os.map((o) => o.value))).includes(YEAR));
      await page.selectOption('#year', YEAR);
      await page.selectOption('#lang-report', 'es');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#report-pdf')]);
      assert.equal(download.suggestedFilename(), `${SLUG}-${YEAR}.pdf`);
      const pdf = path.join(dir, `annual-${YEAR}-es.pdf`);
      await download.saveAs(pdf);
      assert.equal((await readFile(pdf)).subarray(0, 5).toString(), '%PDF-');

      const pngs = await renderPdf(pdf, dir, 'page');
      assert.ok(pngs.length >= 4, `at least 4 pages (got ${pngs.length})`);
      const cover = await inkRatio(page, pngs[0]);
      assert.ok(cover > 0.02, `the cover is not blank (ink ${cover})`);
      for (const [i, png] of pngs.entries()) {
        const ink = await inkRatio(page, png);
        assert.ok(ink > 0.002, `page ${i + 1} is not blank (ink ${ink}, ${(await stat(png)).size} bytes)`);
      }

      // the language asked for, the app's own words, no message key left untranslated
      const es = await messages('es');
      const en = await messages('en');
      const first = squash(await pdfPageText(pdf, 1));
      assert.ok(first.includes(es['report-annual-title']), `the cover has the Spanish title: ${first.slice(0, 200)}`);
      assert.ok(first.includes(YEAR), 'the cover has the year');
      let scorecardPage = 0;
      const leaks = new Set();
      for (let i = 1; i <= pngs.length; i++) {
        const t = squash(await pdfPageText(pdf, i));
        if (!scorecardPage && i > 1 && t.includes(es['scorecard-title'])) scorecardPage = i;
        for (const m of t.matchAll(/\b(?:report|indicator|scorecard|roadmap|light|unit|action)-[a-z][a-z-]+\b/g)) leaks.add(m[0]);
      }
      assert.ok(scorecardPage > 0, `a page titled "${es['scorecard-title']}"`);
      assert.deepEqual([...leaks], [], 'no message key shows instead of its text');
      const sc = squash(await pdfPageText(pdf, scorecardPage));
      assert.ok(/\bE1\b/.test(sc), 'the scorecard page lists the strategic indicators');

      // the same report in English
      const enRes = await page.request.get(url(`/c/${SLUG}/reports/annual.pdf?year=${YEAR}&lang=en`));
      assert.equal(enRes.status(), 200);
      assert.match(enRes.headers()['content-type'] ?? '', /application\/pdf/);
      const enPdf = path.join(dir, `annual-${YEAR}-en.pdf`);
      await writeFile(enPdf, await enRes.body());
      const enFirst = squash(await pdfPageText(enPdf, 1));
      assert.ok(enFirst.includes(en['report-annual-title']), `the English cover has the English title: ${enFirst.slice(0, 200)}`);
      assert.ok(!enFirst.includes(es['report-annual-title']), 'and not the Spanish one');

      // the other two buttons of the form
      const xlsx = await page.request.get(url(`/c/${SLUG}/reports/annual.xlsx?year=${YEAR}&lang=es`));
      assert.equal(xlsx.status(), 200);
      assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK', 'the XLSX is a zip');
      const csv = await page.request.get(url(`/c/${SLUG}/reports/evidence.csv?year=${YEAR}&lang=es`));
      assert.equal(csv.status(), 200);
      const lines = (await csv.text()).split(/\r?\n/).filter(Boolean);
      assert.ok(lines.length >= 2, 'the evidence CSV has a header and rows');
      assert.equal(await page.getAttribute('#report-xlsx', 'formaction'), `/c/${SLUG}/reports/annual.xlsx`);
      assert.equal(await page.getAttribute('#report-evidence', 'formaction'), `/c/${SLUG}/reports/evidence.csv`);

      if (process.env.SCREENSHOTS === '1') {
        const out = path.resolve(process.env.SCREENSHOT_DIR || path.join(REPO, 'docs/screenshots'));
        await mkdir(out, { recursive: true });
        await copyFile(pngs[0], path.join(out, 'report-cover.png'));
        await copyFile(pngs[scorecardPage - 1], path.join(out, 'report-scorecard.png'));
        console.log(`saved ${path.join(out, 'report-cover.png')} and report-scorecard.png (page ${scorecardPage})`);
      }
      console.log(`report: ${pngs.length} pages, scorecard on page ${scorecardPage}, cover ink ${cover.toFixed(3)}`);
    });
  } catch (err) {
    keep = true;
    throw err;
  } finally {
    if (keep) console.log(`report files kept in ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
});

// An amount in euros as the app writes it in `lang` (crates/i18n/src/format.rs): es groups with
// dots except four-digit numbers, en is "€1,234", fr groups with a narrow no-break space.
function wellFormedEuros(lang, s) {
  const t = s.trim();
  if (lang === 'en') return /^-?€(\d{1,3}(,\d{3})*)(\.\d{2})?$/.test(t);
  const m = /^(-?[\d.,\u202f]+)[\s\u00a0]€$/.exec(t);
  if (!m) return false;
  const n = m[1].replace(/^-/, '');
  if (lang === 'es') return /^(\d{1,4}|\d{2,3}\.\d{3}|\d{1,3}(\.\d{3}){2,})(,\d{2})?$/.test(n);
  if (lang === 'fr') return /^\d{1,3}(\u202f\d{3})*(,\d{2})?$/.test(n);
  return /^\d{1,3}(\.\d{3})*(,\d{2})?$/.test(n);
}

// The number an amount in euros written in `lang` stands for.
function euros(lang, s) {
  const t = s.replace(/[€\s\u00a0\u202f]/g, '');
  return Number(lang === 'en' ? t.replace(/,/g, '') : t.replace(/\./g, '').replace(',', '.'));
}

test('amounts in euros are written the reader\'s way: strategic board in es, en, eu, fr and the PDF report in es', async () => {
  const bad = [];
  await withPage(browser, 'strategy-money', async (page) => {
    await login(page, 'staff@bhc.demo');
    const english = new Map(); // "E2 1" (code, column) -> the amount read on the English board
    for (const lang of ['en', 'es', 'eu', 'fr']) {
      await visit(page, `${BOARD}&lang=${lang}`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      const cells = await page.$$eval('table.board tbody tr[id^="ind-"]', (trs) =>
        trs.flatMap((tr) => [...tr.querySelectorAll('td.num')].map((td, i) => [`${tr.id.slice(4)} ${i}`, td.textContent.trim()])),
      );
      const amounts = cells.filter(([, v]) => v.includes('€'));
      assert.ok(amounts.length >= 2, `the strategic board has amounts in euros (${lang})`);
      for (const [key, v] of amounts) {
        const [code, col] = key.split(' ');
        const what = `board (${lang}) ${code} ${col === '0' ? 'value' : 'target'}: ${JSON.stringify(v)}`;
        if (lang === 'en') english.set(key, euros('en', v));
        const wrongNumber = lang !== 'en' && english.has(key) && euros(lang, v) !== english.get(key);
        if (!wellFormedEuros(lang, v) || wrongNumber) bad.push(`${what}${wrongNumber ? ` (the English board says ${english.get(key)})` : ''}`);
      }
    }
    const res = await page.request.get(url(`/c/${SLUG}/reports/annual.pdf?year=${YEAR}&lang=es`));
    assert.equal(res.status(), 200);
    const dir = await workDir('money');
    try {
      const pdf = path.join(dir, 'annual-es.pdf');
      await writeFile(pdf, await res.body());
      const { stdout } = await run('pdftotext', ['-layout', pdf, '-']);
      const amounts = stdout.match(/-?\d[\d.,\u202f]*[ \u00a0]€/g) ?? [];
      assert.ok(amounts.length >= 5, 'the report has amounts in euros');
      for (const a of new Set(amounts)) {
        if (!wellFormedEuros('es', a)) bad.push(`PDF (es): ${JSON.stringify(a)}`);
      }
    } finally {
      if (process.env.E2E_KEEP !== '1') await rm(dir, { recursive: true, force: true });
    }
  });
  assert.deepEqual(bad, [], `badly written amounts:\n${bad.join('\n')}`);
});

test('accessibility: scorecard boards, indicator, activities, activity form (also with errors), roadmap, plan, reports', async () => {
  const problems = [];
  // visits every page and collects all the violations instead of stopping at the first
  async function audit(page, p, { status = 200 } = {}) {
    const response = await page.goto(url(p));
    assert.equal(response?.status(), status, `GET ${p}`);
    await checkLayout(page);
    try {
      await checkA11y(page);
    } catch (err) {
      problems.push(err.message);
    }
  }
  await withPage(browser, 'strategy-a11y-staff', async (page) => {
    await login(page, 'staff@bhc.demo');
    await audit(page, BOARD);
    await audit(page, OPERATIONAL);
    await audit(page, `/c/${SLUG}/scorecard?period=${YEAR}-S1&level=operational`);
    await audit(page, `/c/${SLUG}/scorecard/${TRAININGS}?period=${YEAR}-01-01..${YEAR}-03-31`);
    await audit(page, `/c/${SLUG}/scorecard/${TRAININGS}?period=${YEAR}`);
    const firstStrategic = await (async () => {
      await page.goto(url(BOARD));
      return (await boardRows(page))[0]?.code;
    })();
    if (firstStrategic) await audit(page, `/c/${SLUG}/scorecard/${firstStrategic}?period=${YEAR}`);
    await audit(page, `/c/${SLUG}/activities`);
    await audit(page, `/c/${SLUG}/activities?kind=training&from=${YEAR}-01-01&to=${YEAR}-12-31`);
    const activity = await page.locator('#activity-list tbody a').first().getAttribute('href').catch(() => null);
    if (activity) await audit(page, activity);
    await audit(page, `/c/${SLUG}/activities/new`);
    // the form with errors shown
    await page.fill('#title', '');
    await page.fill('#amount', '-1');
    await submit(page, '#activity-submit');
    await checkLayout(page);
    assert.ok(await page.locator('#form-errors').isVisible(), 'the form shows its errors');
    try {
      await checkA11y(page);
    } catch (err) {
      problems.push(`(activity form with errors) ${err.message}`);
    }
    await audit(page, `/c/${SLUG}/roadmap`);
    await audit(page, `/c/${SLUG}/plan`);
    await audit(page, `/c/${SLUG}/reports`);
  });
  await withPage(browser, 'strategy-a11y-board', async (page) => {
    await login(page, 'board@bhc.demo');
    await audit(page, OPERATIONAL);
    await audit(page, `/c/${SLUG}/roadmap`);
    await audit(page, `/c/${SLUG}/activities`);
  });
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('the figures of the tables sit in their own columns (the board, the roadmap, the activity log)', async () => {
  const broken = [];
  await withPage(browser, 'strategy-table-layout', async (page) => {
    await login(page, 'staff@bhc.demo');
    for (const p of [OPERATIONAL, `/c/${SLUG}/roadmap`, `/c/${SLUG}/activities`]) {
      await visit(page, p);
      // every cell of a table is a table cell, so that the header and each row line up
      const bad = await page.$$eval('main table th, main table td', (cells) =>
        cells
          .map((c) => ({ c, d: getComputedStyle(c).display }))
          .filter(({ d }) => d !== 'table-cell')
          .map(({ c, d }) => `${c.tagName.toLowerCase()}.${[...c.classList].join('.')} display:${d}`),
      );
      if (bad.length) broken.push(`${p}: ${bad.length} cells are not table cells, e.g. ${[...new Set(bad)].slice(0, 3).join(', ')}`);
    }
    // and on the board the value and the target are side by side in one row
    await visit(page, OPERATIONAL);
    const [value, target] = await page.$$eval(`#ind-${TRAININGS} td.num`, (tds) => tds.map((td) => td.getBoundingClientRect().toJSON()));
    if (!(target.left >= value.right - 1 && Math.abs(target.top - value.top) < 2)) {
      broken.push(`${OPERATIONAL}: the target of ${TRAININGS} is not beside its value (value ${JSON.stringify(value)}, target ${JSON.stringify(target)})`);
    }
  });
  assert.deepEqual(broken, [], broken.join('\n'));
});

test('the board sees the scorecard but cannot record activities; a member user is refused (403)', async () => {
  await withPage(browser, 'strategy-board', async (page) => {
    await login(page, 'board@bhc.demo');
    await visit(page, OPERATIONAL);
    assert.ok((await boardRows(page)).length >= 10, 'the board sees the operational scorecard');
    const noRecordLink = async (where) => {
      assert.equal(await page.locator('#activity-new').count(), 0, `no #activity-new on ${where}`);
      assert.equal(await page.locator('a[href$="/activities/new"]').count(), 0, `no link to the activity form on ${where}`);
    };
    await noRecordLink('the scorecard');
    await submit(page, `#ind-${TRAININGS} a.value`);
    await checkPage(page);
    assert.ok(count(await text(page, '#indicator-value')) >= 0, 'the board sees the figure');
    await noRecordLink('the indicator page');
    assert.equal(await page.locator('#value-form').count(), 0, 'no form to enter values');
    await visit(page, `/c/${SLUG}/activities`);
    await noRecordLink('the activity log');
    const activity = await page.locator('#activity-list tbody a').first().getAttribute('href');
    await visit(page, activity);
    assert.equal(await page.locator('#activity-form').count(), 0, 'no edit form on an activity');
    assert.equal(await page.locator('#activity-delete').count(), 0, 'no delete button');
    await visit(page, `/c/${SLUG}/roadmap`);
    assert.equal(await page.locator('#roadmap details.status-edit').count(), 0, 'no status forms on the roadmap');

    // and the server refuses a hand-made post with a valid CSRF token (the header's forms carry
    // one) for want of the right, not for the token: its page differs from a bad token's
    const csrf = await page.locator('header input[name=csrf], input[name=csrf]').first().getAttribute('value');
    assert.ok(csrf, 'the page carries a CSRF token');
    const post = (token) =>
      page.request.post(url(`/c/${SLUG}/activities`), {
        form: { csrf: token, kind: 'training', title: 'E2E board post', starts_on: `${YEAR}-05-05` },
        maxRedirects: 0,
      });
    const h1 = async (res) => /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(await res.text())?.[1].trim();
    const refused = await post(csrf);
    const badToken = await post('not-the-token');
    assert.equal(refused.status(), 403, 'the board cannot record an activity');
    assert.equal(badToken.status(), 403);
    assert.notEqual(await h1(refused), await h1(badToken), 'refused for the role, not for the CSRF token');
  });

  await withPage(browser, 'strategy-member', async (page) => {
    await login(page, 'member@bhc.demo');
    await visit(page, `/c/${SLUG}/scorecard`, { status: 403 });
    await visit(page, BOARD, { status: 403 });
    for (const p of [
      `/c/${SLUG}/scorecard/${TRAININGS}`,
      `/c/${SLUG}/activities`,
      `/c/${SLUG}/roadmap`,
      `/c/${SLUG}/plan`,
      `/c/${SLUG}/reports`,
      `/c/${SLUG}/reports/annual.pdf?year=${YEAR}&lang=es`,
    ]) {
      const res = await page.request.get(url(p), { maxRedirects: 0 });
      assert.equal(res.status(), 403, `a member gets 403 on ${p}`);
    }
  });
});
