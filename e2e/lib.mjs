// Helpers for the browser tests. The server is started by scripts/e2e, which passes BASE_URL.
// Browser: Debian's chromium driven by playwright-core (no browser download); accessibility:
// axe-core injected into every page a test visits.
import { createRequire } from 'node:module';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const AXE_PATH = require.resolve('axe-core/axe.min.js');

export const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const PASSWORD = 'clusterhub-demo';
export const RESULTS_DIR = path.join(HERE, 'test-results');

export function url(p) {
  return new URL(p, BASE_URL + '/').toString();
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

// A fresh context (own cookies) and page. bypassCSP lets axe-core be injected on pages whose
// Content-Security-Policy forbids inline scripts; the app's own scripts are unaffected.
export async function newPage(browser, { locale = 'en-GB' } = {}) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    bypassCSP: true,
    locale,
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  page.pageErrors = [];
  page.on('pageerror', (err) => page.pageErrors.push(String(err)));
  return page;
}

// withPage(browser, name, fn): runs fn(page) in a fresh context; on failure saves a screenshot
// and the HTML under e2e/test-results/ and rethrows; always closes the context.
export async function withPage(browser, name, fn, options) {
  const page = await newPage(browser, options);
  try {
    await fn(page);
    if (page.pageErrors.length) {
      throw new Error(`JavaScript errors on the page:\n${page.pageErrors.join('\n')}`);
    }
  } catch (err) {
    await saveFailure(page, name).catch(() => {});
    throw err;
  } finally {
    await page.context().close().catch(() => {});
  }
}

async function saveFailure(page, name) {
  const label = process.env.E2E_LABEL ? `${process.env.E2E_LABEL}-` : '';
  const base = path.join(RESULTS_DIR, `${label}${name}`.replace(/[^A-Za-z0-9_.-]+/g, '_'));
  await mkdir(RESULTS_DIR, { recursive: true });
  for (const p of page.context().pages()) {
    const i = page.context().pages().indexOf(p);
    const suffix = i === 0 ? '' : `-tab${i}`;
    await p.screenshot({ path: `${base}${suffix}.png`, fullPage: true }).catch(() => {});
    await writeFile(`${base}${suffix}.html`, `<!-- ${p.url()} -->\n${await p.content()}`).catch(() => {});
  }
  console.error(`saved failure artefacts: ${base}.png / .html`);
}

// checkA11y(page): injects axe-core, runs the WCAG 2 A and AA rules and throws listing every
// violation of impact serious or critical.
export async function checkA11y(page) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  const results = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
      resultTypes: ['violations'],
    }),
  );
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const lines = bad.map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${n.target.join(' ')}  ${n.html.slice(0, 160).replace(/\s+/g, ' ')}`);
      const more = v.nodes.length > 5 ? [`      … and ${v.nodes.length - 5} more`] : [];
      return [`  - [${v.impact}] ${v.id}: ${v.help}`, ...nodes, ...more].join('\n');
    });
    throw new Error(`accessibility violations on ${page.url()}:\n${lines.join('\n')}`);
  }
  return results;
}

// The layout every page shares (the UI contract): <html lang>, a <header> with the language
// form, a <main> landmark and an h1.
export async function checkLayout(page) {
  const where = page.url();
  const lang = await page.getAttribute('html', 'lang');
  if (!lang) throw new Error(`<html> has no lang attribute on ${where}`);
  const counts = await page.evaluate(() => ({
    header: document.querySelectorAll('header').length,
    langForm: document.querySelectorAll('header form#lang-form select#lang').length,
    main: document.querySelectorAll('main').length,
    h1: document.querySelectorAll('h1').length,
  }));
  if (counts.header < 1) throw new Error(`no <header> on ${where}`);
  if (counts.langForm !== 1) throw new Error(`no header form#lang-form with select#lang on ${where}`);
  if (counts.main !== 1) throw new Error(`expected one <main> on ${where}, found ${counts.main}`);
  if (counts.h1 < 1) throw new Error(`no <h1> on ${where}`);
}

// checkPage: layout + accessibility. Call it on every page a test visits.
export async function checkPage(page) {
  await checkLayout(page);
  await checkA11y(page);
}

// visit(page, path, { status }): navigates, checks the final status (a number or a list; default
// 200) and the page. Returns the response.
export async function visit(page, p, { status = 200 } = {}) {
  const response = await page.goto(url(p));
  const wanted = Array.isArray(status) ? status : [status];
  if (!response) throw new Error(`no response for ${p}`);
  if (!wanted.includes(response.status())) {
    throw new Error(`GET ${p} answered ${response.status()} (${page.url()}), expected ${wanted.join(' or ')}`);
  }
  await checkPage(page);
  return response;
}

// submit(page, selector): clicks a submit control and waits for the resulting navigation
// (redirects followed). Returns the final response; the caller checks the page.
export async function submit(page, selector) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.click(selector),
  ]);
  if (!response) throw new Error(`no navigation after clicking ${selector}`);
  return response;
}

export function pathOf(page) {
  return new URL(page.url()).pathname;
}

export async function text(page, selector) {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

// login(page, email[, password]): logs in through the form; checks the login page on the way and
// the page it lands on. Throws if it stays on /login.
export async function login(page, email, password = PASSWORD) {
  await visit(page, '/login');
  await page.fill('#email', email);
  await page.fill('#password', password);
  const response = await submit(page, '#login-submit');
  if (pathOf(page) === '/login') {
    throw new Error(`login as ${email} failed: still on /login (status ${response.status()})`);
  }
  if (response.status() !== 200) {
    throw new Error(`login as ${email} landed on ${page.url()} with status ${response.status()}`);
  }
  await checkPage(page);
  return response;
}

// Directory rows as plain objects (the data-* attributes of #org-table tbody tr).
export async function orgRows(page) {
  return page.$$eval('#org-table tbody tr', (trs) =>
    trs.map((tr) => {
      const a = tr.querySelector('a.org-link');
      return {
        typology: tr.getAttribute('data-typology') ?? '',
        subsectors: (tr.getAttribute('data-subsectors') ?? '').split(/\s+/).filter(Boolean),
        entityType: tr.getAttribute('data-entity-type') ?? '',
        territory: tr.getAttribute('data-territory') ?? '',
        status: tr.getAttribute('data-status') ?? '',
        name: a ? a.textContent.replace(/\s+/g, ' ').trim() : '',
        href: a ? a.getAttribute('href') : null,
      };
    }),
  );
}

export async function resultCount(page) {
  const raw = await page.getAttribute('#result-count', 'data-count');
  const n = Number(raw);
  if (raw === null || !Number.isInteger(n) || n < 0) {
    throw new Error(`#result-count has data-count=${JSON.stringify(raw)} on ${page.url()}`);
  }
  return n;
}

// The id in /c/{slug}/organisations/{id}.
export function orgIdFromHref(href) {
  const m = /\/organisations\/([^/?#]+)/.exec(href ?? '');
  return m ? m[1] : null;
}

export function unique(prefix) {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

// eventually(fn): retries fn until it stops throwing (for things fed asynchronously, such as
// the search index behind the directory's text search).
export async function eventually(fn, { timeout = 15_000, interval = 500 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, interval));
    }
  }
}

// searchDirectory(page, slug, q): the directory filtered by the text box, through the form.
// Returns the rows. Retries while the search index catches up.
export async function searchDirectory(page, slug, q, accept = () => true) {
  return eventually(async () => {
    await visit(page, `/c/${slug}/organisations`);
    await page.fill('#f-q', q);
    await submit(page, '#filters-submit');
    await checkPage(page);
    const rows = await orgRows(page);
    if (!accept(rows)) throw new Error(`directory search for ${JSON.stringify(q)} gave ${JSON.stringify(rows)}`);
    return rows;
  });
}

// The directory search page (/c/{slug}/search, /search): the count of #search-count[data-count]
// and the hits of #search-hits as plain objects.
export async function searchResults(page) {
  const raw = await page.getAttribute('#search-count', 'data-count');
  const count = Number(raw);
  if (raw === null || !Number.isInteger(count) || count < 0) {
    throw new Error(`#search-count has data-count=${JSON.stringify(raw)} on ${page.url()}`);
  }
  const hits = await page.$$eval('#search-hits li.hit', (lis) =>
    lis.map((li) => {
      const a = li.querySelector('a.hit-link');
      return {
        org: li.getAttribute('data-org') ?? '',
        cluster: li.getAttribute('data-cluster') ?? '',
        name: a ? a.textContent.replace(/\s+/g, ' ').trim() : '',
        href: a ? a.getAttribute('href') : null,
        meta: (li.querySelector('.meta')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      };
    }),
  );
  return { count, hits };
}

// checkNoOverflow(page): nothing sticks out of the viewport sideways (the page does not scroll
// horizontally). Throws naming the offenders. Scrollable containers (.table-wrap and the like,
// overflow-x auto/scroll/hidden) may hold wider content; things parked off-screen to the left
// (skip links) do not make a page scroll.
export async function checkNoOverflow(page) {
  const found = await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
      }
      return false;
    };
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > vw + 1 && !clipped(el)) {
        const id = el.id ? `#${el.id}` : '';
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        wide.push(`${el.tagName.toLowerCase()}${id}${cls} [${Math.round(r.left)}..${Math.round(r.right)}]`);
      }
    }
    return { vw, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 8) };
  });
  if (found.scroll > found.vw + 1 || found.wide.length) {
    throw new Error(
      `horizontal overflow on ${page.url()} at ${found.vw}px (page scrollWidth ${found.scroll}):\n  ${found.wide.join('\n  ')}`,
    );
  }
}

// newPageWithState(browser, storageState): like newPage, in a fresh context that starts with the
// cookies of a session saved by context.storageState() (to log a user in once per spec file).
export async function newPageWithState(browser, storageState, { locale = 'en-GB' } = {}) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    bypassCSP: true,
    locale,
    viewport: { width: 1280, height: 800 },
    storageState,
  });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  page.pageErrors = [];
  page.on('pageerror', (err) => page.pageErrors.push(String(err)));
  return page;
}

// ------------------------------------------------------------------------------------------
// E-mail. scripts/e2e runs a real SMTP server (aiosmtpd) that writes every message the app sends
// to a Maildir, E2E_MAILDIR. mails() reads them back, oldest first, decoded: headers (RFC 2047
// encoded words), multipart bodies, quoted-printable and base64, charsets.

export const MAILDIR = process.env.E2E_MAILDIR || '';

// "<seconds>.M<microseconds>P<pid>Q<counter>…": the microseconds are not zero-padded, so a plain
// sort misorders messages of the same second.
function deliveryOrder(name) {
  const m = /^(\d+)\.M(\d+)P\d+Q(\d+)/.exec(name);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
}

function decodeBytes(bytes, charset = 'utf-8') {
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

// Quoted-printable (RFC 2045; `q` encoded words, RFC 2047, also turn "_" into a space) to bytes.
function qpBytes(s, { word = false } = {}) {
  const t = (word ? s.replace(/_/g, ' ') : s).replace(/=\r?\n/g, '');
  const out = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(t.slice(i + 1, i + 3))) {
      out.push(parseInt(t.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(t.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(out);
}

// A header value: raw 8-bit text as UTF-8, then encoded words (adjacent ones joined).
function decodeHeader(raw) {
  const text = decodeBytes(Buffer.from(raw, 'latin1'));
  return text
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?[^?]+\?[BbQq]\?[^?]*\?=)/g, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([BbQq])\?([^?]*)\?=/g, (_, charset, enc, data) =>
      decodeBytes(enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : qpBytes(data, { word: true }), charset),
    );
}

// Header block (latin1 text) -> Map of lower-case name -> list of decoded values.
function parseHeaders(block) {
  const headers = new Map();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, []);
    headers.get(name).push(decodeHeader(line.slice(i + 1).trim()));
  }
  return headers;
}

// "text/plain; charset=utf-8; boundary=\"x\"" -> { type, params }
function contentType(value) {
  const [type, ...rest] = (value || 'text/plain').split(';');
  const params = {};
  for (const p of rest) {
    const m = /^\s*([^=\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/.exec(p);
    if (m) params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return { type: type.trim().toLowerCase(), params };
}

// One MIME entity (latin1 text): its leaf parts as { type, text } in document order.
function mimeParts(raw) {
  const cut = /\r?\n\r?\n/.exec(raw);
  const head = cut ? raw.slice(0, cut.index) : raw;
  const body = cut ? raw.slice(cut.index + cut[0].length) : '';
  const headers = parseHeaders(head);
  const first = (n) => (headers.get(n) || [])[0] || '';
  const { type, params } = contentType(first('content-type'));
  if (type.startsWith('multipart/') && params.boundary) {
    const delim = `--${params.boundary}`;
    const parts = [];
    let rest = body;
    let i = rest.indexOf(delim);
    while (i >= 0) {
      rest = rest.slice(i + delim.length);
      if (rest.startsWith('--')) break;
      const next = rest.indexOf(`\n${delim}`);
      const chunk = (next >= 0 ? rest.slice(0, next) : rest).replace(/^[ \t]*\r?\n/, '').replace(/\r$/, '');
      parts.push(...mimeParts(chunk));
      if (next < 0) break;
      rest = rest.slice(next + 1);
      i = 0;
    }
    return parts;
  }
  const cte = first('content-transfer-encoding').toLowerCase();
  const bytes =
    cte === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : cte === 'quoted-printable'
        ? qpBytes(body)
        : Buffer.from(body, 'latin1');
  return [{ type, text: decodeBytes(bytes, params.charset || 'utf-8').replace(/\r\n/g, '\n') }];
}

// Every message captured so far, oldest first: { file, headers (Map of lower-case name -> list),
// subject, from, to, rcpt (the envelope recipients aiosmtpd records), listUnsubscribe,
// listUnsubscribePost, text (the text/plain part), html }.
export async function mails() {
  if (!MAILDIR) throw new Error('E2E_MAILDIR is not set: scripts/e2e starts the SMTP server that captures e-mail');
  const files = [];
  for (const sub of ['new', 'cur']) {
    let names = [];
    try {
      names = await readdir(path.join(MAILDIR, sub));
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
    for (const name of names) files.push({ name, file: path.join(MAILDIR, sub, name) });
  }
  files.sort((a, b) => {
    const x = deliveryOrder(a.name);
    const y = deliveryOrder(b.name);
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  const out = [];
  for (const { file } of files) {
    const raw = (await readFile(file)).toString('latin1');
    const cut = /\r?\n\r?\n/.exec(raw);
    const headers = parseHeaders(cut ? raw.slice(0, cut.index) : raw);
    const first = (n) => (headers.get(n) || [])[0] ?? '';
    const parts = mimeParts(raw);
    const part = (t) => parts.find((p) => p.type === t)?.text ?? '';
    out.push({
      file,
      headers,
      subject: first('subject'),
      from: first('from'),
      to: first('to'),
      rcpt: first('x-rcptto'),
      listUnsubscribe: first('list-unsubscribe'),
      listUnsubscribePost: first('list-unsubscribe-post'),
      text: part('text/plain'),
      html: part('text/html'),
    });
  }
  return out;
}

// waitForMail(accept, { timeout }): the first captured message accept(mail) takes, waiting for
// it to arrive; the error lists what did arrive.
export async function waitForMail(accept, { timeout = 15_000 } = {}) {
  return eventually(
    async () => {
      const all = await mails();
      const found = all.find(accept);
      if (!found) {
        const seen = all.map((m) => `  ${m.to} | ${m.subject}`).join('\n') || '  (none)';
        throw new Error(`no such e-mail among the ${all.length} captured in ${MAILDIR}:\n${seen}`);
      }
      return found;
    },
    { timeout },
  );
}

// One login per user and browser; later pages reuse the session (storage state).
const sessionsByBrowser = new WeakMap();
export async function sessionOf(browser, email) {
  if (!sessionsByBrowser.has(browser)) sessionsByBrowser.set(browser, new Map());
  const sessions = sessionsByBrowser.get(browser);
  if (!sessions.has(email)) {
    const page = await newPage(browser);
    try {
      await login(page, email);
      sessions.set(email, await page.context().storageState());
    } finally {
      await page.context().close();
    }
  }
  return sessions.get(email);
}

// people(browser, name, fn): several browsers side by side (one per person) for a test. fn gets
// open(email), a page logged in as that user (open(null): an anonymous one). On failure every
// page is saved under e2e/test-results/; JavaScript errors fail the test; all are closed after.
export async function people(browser, name, fn) {
  const pages = [];
  const open = async (email) => {
    const page = email ? await newPageWithState(browser, await sessionOf(browser, email)) : await newPage(browser);
    pages.push(page);
    return page;
  };
  try {
    await fn(open);
    for (const p of pages) {
      if (p.pageErrors.length) throw new Error(`JavaScript errors on ${p.url()}:\n${p.pageErrors.join('\n')}`);
    }
  } catch (err) {
    const label = process.env.E2E_LABEL ? `${process.env.E2E_LABEL}-` : '';
    await mkdir(RESULTS_DIR, { recursive: true });
    for (const [i, p] of pages.entries()) {
      await p.screenshot({ path: path.join(RESULTS_DIR, `${label}${name}-${i}.png`), fullPage: true }).catch(() => {});
      await writeFile(path.join(RESULTS_DIR, `${label}${name}-${i}.html`), `<!-- ${p.url()} -->\n${await p.content().catch(() => '')}`).catch(() => {});
    }
    throw err;
  } finally {
    for (const p of pages) await p.context().close().catch(() => {});
  }
}
