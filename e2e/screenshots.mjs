// Screenshots of the main pages for the docs (run by scripts/screenshots, which starts the
// server on freshly seeded demo data and passes BASE_URL and SCREENSHOT_DIR).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { checkPage, launch, login, newPage, orgRows, submit, visit } from './lib.mjs';

const OUT = path.resolve(process.env.SCREENSHOT_DIR || 'docs/screenshots');
await mkdir(OUT, { recursive: true });

const browser = await launch();
const page = await newPage(browser);
const saved = [];
async function shot(name) {
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file }); // the 1280x800 viewport
  saved.push(file);
}

try {
  await login(page, 'staff@bhc.demo');

  await visit(page, '/c/bhc');
  await shot('dashboard');

  await visit(page, '/c/bhc/organisations');
  await shot('directory');

  const [org] = await orgRows(page);
  if (!org?.href) throw new Error('the directory lists no organisation');
  await visit(page, org.href);
  await shot('organisation');

  await visit(page, `${org.href}/edit`);
  await page.fill('#website', 'not a url');
  await page.$eval('#org-form', (f) => {
    f.noValidate = true;
  });
  const response = await submit(page, '#org-save');
  if (response.status() !== 422) throw new Error(`expected 422 from the invalid form, got ${response.status()}`);
  await checkPage(page);
  // bring the first error into view
  await page.locator('#form-errors').scrollIntoViewIfNeeded().catch(() => {});
  await shot('edit-validation-error');

  await visit(page, '/c/bhc/applications');
  await shot('applications');

  await visit(page, '/c/bhc/groups');
  await shot('groups');

  // strategy as data: the operational board, one indicator, the roadmap
  await visit(page, '/c/bhc/scorecard?period=2025&level=operational');
  await shot('scorecard');

  await visit(page, '/c/bhc/scorecard/OP-TAL-1?period=2025');
  await shot('indicator');

  await visit(page, '/c/bhc/roadmap');
  await shot('roadmap');

  // the one-stop shop: search with facets, resources that fit a member, the service desk
  await visit(page, '/c/bhc/search?q=implant');
  await shot('search');

  await visit(page, '/c/bhc/resources');
  const fits = await page.$$eval('#organisation option', (os) => os.map((o) => [o.value, o.textContent.trim()]));
  const [pick] = fits.filter(([v, n]) => v && n === 'Gaitek Labs').concat(fits.filter(([v]) => v));
  if (!pick) throw new Error('the resources page offers no member to show the fit for');
  await visit(page, `/c/bhc/resources?organisation=${pick[0]}`);
  await shot('resources');

  await visit(page, `/c/bhc/organisations/${pick[0]}/profile`);
  await page.locator('#visibility').scrollIntoViewIfNeeded().catch(() => {});
  await shot('profile-visibility');

  await visit(page, '/c/bhc/desk');
  await shot('desk');

  const request = await page.getAttribute('#desk-list tbody tr a', 'href');
  if (!request) throw new Error('the desk queue lists no request');
  await visit(page, request);
  await page.locator('#thread').scrollIntoViewIfNeeded().catch(() => {});
  await shot('request');
} finally {
  await browser.close();
}

for (const f of saved) console.log(`saved ${path.relative(process.cwd(), f)}`);
