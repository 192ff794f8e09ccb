// The organisation directory: filters narrow the list and every row shown matches them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkPage,
  launch,
  login,
  orgRows,
  resultCount,
  searchDirectory,
  submit,
  visit,
  withPage,
} from '../lib.mjs';

const DIRECTORY = '/c/bhc/organisations';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const FILTERS = [
  { select: '#f-subsector', param: 'subsector', values: (r) => r.subsectors },
  { select: '#f-typology', param: 'typology', values: (r) => [r.typology] },
  { select: '#f-entity-type', param: 'entity_type', values: (r) => [r.entityType] },
];

async function optionValues(page, select) {
  return page.$$eval(`${select} option`, (os) => os.map((o) => o.value).filter((v) => v !== ''));
}

// A value offered by the select that some, but not all, of the listed rows have: filtering on
// it must shrink the list and keep at least one row.
function pickValue(options, rows, valuesOf) {
  const freq = new Map();
  for (const r of rows) for (const v of new Set(valuesOf(r))) freq.set(v, (freq.get(v) ?? 0) + 1);
  const candidates = options
    .filter((v) => (freq.get(v) ?? 0) > 0 && freq.get(v) < rows.length)
    .sort((a, b) => freq.get(b) - freq.get(a));
  return candidates[0];
}

async function applyFilter(page, filter, value) {
  await page.selectOption(filter.select, value);
  const response = await submit(page, '#filters-submit');
  assert.equal(response.status(), 200);
  await checkPage(page);
  assert.equal(new URL(page.url()).searchParams.get(filter.param), value, `URL carries ${filter.param}`);
  assert.equal(await page.inputValue(filter.select), value, `${filter.select} keeps the chosen value`);
}

async function checkRows(page, count, matches, what) {
  const rows = await orgRows(page);
  assert.ok(rows.length > 0, `some rows for ${what}`);
  assert.ok(rows.length <= count, `${rows.length} rows shown, count says ${count}`);
  for (const r of rows) {
    assert.ok(matches(r), `row ${JSON.stringify(r)} does not match ${what}`);
    assert.match(r.href ?? '', /^\/c\/bhc\/organisations\/[^/]+$/, `row link of ${r.name}`);
  }
  return rows;
}

for (const filter of FILTERS) {
  test(`filtering by ${filter.param} narrows the list to matching rows`, async () => {
    await withPage(browser, `directory-${filter.param}`, async (page) => {
      await visit(page, DIRECTORY);
      const total = await resultCount(page);
      const rows = await checkRows(page, total, () => true, 'no filter');
      const value = pickValue(await optionValues(page, filter.select), rows, filter.values);
      assert.ok(value, `${filter.select} offers a value that only some listed organisations have`);

      await applyFilter(page, filter, value);
      const count = await resultCount(page);
      assert.ok(count < total, `count went from ${total} to ${count}`);
      assert.ok(count > 0, 'the chosen value has matches');
      await checkRows(page, count, (r) => filter.values(r).includes(value), `${filter.param}=${value}`);
    });
  });
}

test('filters combine, and staff can also filter by status', async () => {
  await withPage(browser, 'directory-combined', async (page) => {
    await login(page, 'staff@bhc.demo');
    await visit(page, DIRECTORY);
    assert.equal(await page.locator('#f-status').count(), 1, 'staff see the status filter');
    const total = await resultCount(page);
    let rows = await checkRows(page, total, () => true, 'no filter');

    const typology = pickValue(await optionValues(page, '#f-typology'), rows, (r) => [r.typology]);
    assert.ok(typology, 'a typology to filter on');
    await applyFilter(page, FILTERS[1], typology);
    const afterTypology = await resultCount(page);
    rows = await checkRows(page, afterTypology, (r) => r.typology === typology, 'typology');

    // add the most common subsector among the remaining rows (may or may not shrink further)
    const freq = new Map();
    for (const r of rows) for (const s of r.subsectors) freq.set(s, (freq.get(s) ?? 0) + 1);
    const offered = await optionValues(page, '#f-subsector');
    const subsector = [...freq.keys()].filter((s) => offered.includes(s)).sort((a, b) => freq.get(b) - freq.get(a))[0];
    assert.ok(subsector, 'a subsector among the typology results');
    await applyFilter(page, FILTERS[0], subsector);
    assert.equal(new URL(page.url()).searchParams.get('typology'), typology, 'the first filter is kept');
    const both = await resultCount(page);
    assert.ok(both <= afterTypology, `count ${both} <= ${afterTypology}`);
    await checkRows(page, both, (r) => r.typology === typology && r.subsectors.includes(subsector), 'both filters');

    // status filter (staff only): every row has the chosen status
    await visit(page, DIRECTORY);
    const statuses = await optionValues(page, '#f-status');
    assert.ok(statuses.includes('active'), `#f-status offers active (has ${statuses.join(', ')})`);
    await page.selectOption('#f-status', 'active');
    await submit(page, '#filters-submit');
    await checkPage(page);
    const active = await resultCount(page);
    assert.ok(active > 0 && active <= total);
    await checkRows(page, active, (r) => r.status === 'active', 'status=active');
  });
});

test('anonymous visitors see active members only and no status filter', async () => {
  await withPage(browser, 'directory-anonymous', async (page) => {
    await visit(page, DIRECTORY);
    assert.equal(await page.locator('#f-status').count(), 0, 'no status filter for anonymous visitors');
    const count = await resultCount(page);
    await checkRows(page, count, (r) => r.status === '' || r.status === 'active', 'active only');
  });
});

test('text search finds an organisation by name', async () => {
  await withPage(browser, 'directory-search', async (page) => {
    await visit(page, DIRECTORY);
    const total = await resultCount(page);
    const rows = await orgRows(page);
    const target = rows[Math.floor(rows.length / 2)];
    await searchDirectory(page, 'bhc', target.name, (rs) => rs.some((r) => r.name === target.name));
    assert.equal(await page.inputValue('#f-q'), target.name, 'the search box keeps the query');
    const count = await resultCount(page);
    assert.ok(count >= 1 && count <= total, `count ${count}`);
    const names = (await orgRows(page)).map((r) => r.name);
    assert.ok(names.includes(target.name), `${target.name} is in ${JSON.stringify(names)}`);

    // every sort option keeps the same result set
    for (const sort of await optionValues(page, '#f-sort')) {
      await page.selectOption('#f-sort', sort);
      await submit(page, '#filters-submit');
      await checkPage(page);
      assert.equal(await resultCount(page), count, `sort=${sort} keeps the count`);
    }
  });
});
