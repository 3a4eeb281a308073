// End-to-end test of the bedside pages (issue 7): starts the built `cytostorm serve` on a free
// loopback port with a fresh database, drives Debian's chromium headless with playwright-core,
// enters three days of one patient through the forms, and checks the grades, the timeline chart
// with its bands, a band's drivers, the advice panel, CSV and FHIR import and export, the patient
// list and the simulation explorer. Every request the browser makes must stay on 127.0.0.1.
// Screenshots (a tablet's 1024x768 landscape and 768x1024 portrait) go to the artifacts folder.
//
// With --token the server is started with that token (as off loopback) and the test follows a
// clinician who opens the address the server printed: the server refuses every request without
// the token (the page itself included), the printed address sets the token's cookie, after which
// every request succeeds, a child's CAPD entered through the form is graded, the exports
// download through their links, and the navigation between the pages keeps the token.
//
//   node tests/e2e/bedside.mjs --cli build/h/apps/cytostorm/cytostorm --artifacts DIR [--token T]

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const CHROMIUM = '/usr/bin/chromium';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: options } = parseArgs({
  options: {
    cli: { type: 'string' },
    artifacts: { type: 'string', default: 'e2e-artifacts' },
    token: { type: 'string', default: '' },
  },
});

function setupMissing(what) {
  console.error(`bedside e2e: ${what} is missing; run \`bash scripts/setup\` (it installs it).`);
  process.exit(1);
}
if (!options.cli || !existsSync(options.cli)) {
  console.error(`bedside e2e: give the built CLI with --cli (got ${options.cli ?? 'nothing'})`);
  process.exit(1);
}
if (!existsSync(CHROMIUM)) setupMissing(`Debian's chromium (${CHROMIUM})`);
if (Number(process.versions.node.split('.')[0]) < 20) {
  console.error(`bedside e2e: playwright-core 1.64.1 needs node 20 or newer; this is node ${process.versions.node}`);
  process.exit(1);
}
let chromium;
try {
  // playwright-core is installed in web/node_modules by scripts/setup (npm ci).
  ({ chromium } = createRequire(path.join(root, 'web/package.json'))('playwright-core'));
} catch {
  setupMissing('web/node_modules/playwright-core');
}

const artifacts = path.resolve(options.artifacts);
mkdirSync(artifacts, { recursive: true });
rmSync(path.join(artifacts, 'failure.png'), { force: true });
const scratch = mkdtempSync(path.join(os.tmpdir(), 'cytostorm-e2e-'));

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `cytostorm serve` (with `token` when given) and waits until /api/health answers. */
async function startServer(token) {
  const port = await freePort();
  const server = spawn(options.cli,
    ['serve', '--host', '127.0.0.1', '--port', String(port), '--db', path.join(scratch, 'bedside.db'),
      ...(token ? ['--token', token] : [])],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout.on('data', (d) => { log += d; });
  server.stderr.on('data', (d) => { log += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; ++i) {
    if (server.exitCode !== null) throw new Error(`cytostorm serve exited (${server.exitCode}):\n${log}`);
    try {
      const headers = token ? { Authorization: `Bearer ${token}` } : {};
      const health = await (await fetch(`${base}/api/health`, { headers })).json();
      // The address the server printed for the pages (only with a token).
      const open = /^open (\S+)$/m.exec(log)?.[1] ?? '';
      if (health.status === 'ok') return { server, base, open, log: () => log };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  server.kill();
  throw new Error(`cytostorm serve did not answer on ${base} within 30 s:\n${log}`);
}

let step = 'start';
const checks = [];
function check(what, condition) {
  assert.ok(condition, `${step}: ${what}`);
  checks.push(`${step}: ${what}`);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/** Waits until `selector`'s text equals `text` (the pages refresh after each save). */
async function expectText(page, selector, text) {
  try {
    await page.waitForFunction(([s, t]) => document.querySelector(s)?.textContent.trim() === t,
      [selector, text], { timeout: 15000 });
  } catch {
    const got = await page.locator(selector).textContent().catch(() => '(absent)');
    assert.fail(`${step}: expected ${selector} to read "${text}", it reads "${got}"`);
  }
  checks.push(`${step}: ${selector} reads "${text}"`);
}

/** Waits until `selector` matches `count` elements. */
async function expectRows(page, selector, count) {
  try {
    await page.waitForFunction(([s, n]) => document.querySelectorAll(s).length === n, [selector, count], { timeout: 15000 });
  } catch {
    assert.fail(`${step}: expected ${count} of ${selector}, there are ${await page.locator(selector).count()}`);
  }
  checks.push(`${step}: ${count} of ${selector}`);
}

/** Opens one entry form, fills it (field name -> value; selects by value) and saves it. */
async function enter(page, form, fields, expect = 'ok') {
  const card = page.locator(`details[data-form="${form}"]`);
  if (!(await card.evaluate((d) => d.open))) await card.locator('summary').click();
  for (const [name, value] of Object.entries(fields)) {
    const control = card.locator(`[name="${name}"]`);
    const tag = await control.evaluate((e) => e.tagName);
    if (tag === 'SELECT') await control.selectOption(String(value));
    else if (typeof value === 'boolean') await control.setChecked(value);
    else await control.fill(String(value));
  }
  const status = card.locator('.status');
  await status.evaluate((s) => { s.textContent = ''; });
  await card.locator('button[type="submit"]').click();
  await page.waitForFunction((s) => s.textContent !== '', await status.elementHandle(), { timeout: 15000 });
  const cls = await status.getAttribute('class');
  const text = await status.textContent();
  check(`${form} form answers ${expect} ("${text}")`, cls.includes(expect));
  return text;
}

async function setTime(page, time) {
  await page.locator('#entry-time').fill(String(time));
}

/** A tablet-sized browser tab whose requests, refused answers and script errors are recorded. */
async function openTab(browser) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, acceptDownloads: true });
  const seen = { requests: [], refused: [], pageErrors: [] };
  context.on('request', (r) => seen.requests.push(r.url()));
  const page = await context.newPage();
  page.on('pageerror', (e) => seen.pageErrors.push(e.message));
  // A 4xx answer is logged by the browser as a console error: those are counted by `refused`.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) seen.pageErrors.push(m.text());
  });
  context.on('response', (r) => {
    if (r.status() >= 400) seen.refused.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  return { page, seen };
}

/** No request left 127.0.0.1, only the `expected` answers were refused, no script failed. */
function checkTraffic(seen, expected) {
  step = 'requests';
  const away = seen.requests.filter((u) => new URL(u).hostname !== '127.0.0.1');
  check(`every one of ${seen.requests.length} requests went to 127.0.0.1${away.length ? `, not ${away.join(' ')}` : ''}`, away.length === 0);
  step = 'answers';
  check(`only the expected requests were refused (${seen.refused.join(', ')})`, seen.refused.join() === expected.join());
  step = 'page errors';
  check(`no script error in the pages${seen.pageErrors.length ? `: ${seen.pageErrors.join('; ')}` : ''}`, seen.pageErrors.length === 0);
}

async function run(browser, base) {
  const { page, seen } = await openTab(browser);

  step = 'patient list';
  await page.goto(`${base}/`);
  await page.waitForSelector('#list-status');
  await page.fill('#new-id', 'E2E01');
  await page.fill('#new-age', '54');
  await page.fill('#new-weight', '80');
  await page.click('#create-form button[type="submit"]');
  await page.waitForURL(/\/patient\.html\?id=E2E01$/);

  step = 'patient page';
  await expectText(page, '#patient-title', 'Patient E2E01');
  await page.waitForSelector('#forms details[data-form="vitals"]');
  check('every form of the issue is there',
    (await page.locator('#forms details').evaluateAll((ds) => ds.map((d) => d.dataset.form))).join() ===
      'vitals,oxygen,vasopressor,fluids,ice,capd,consciousness,seizure,neuroimaging,signs,medication,infusion');

  step = 'bad input';
  await setTime(page, 6);
  const error = await enter(page, 'vitals', { temperature: 50 }, 'error');
  check('the server\'s message names the row and the range', /request:\d+/.test(error) && /out of range/.test(error));
  await expectRows(page, '#events tbody tr', 0);
  await setTime(page, '');
  await enter(page, 'fluids', { volume: 500 }, 'error');

  step = 'day 0';
  await setTime(page, 0);
  await enter(page, 'infusion', { product: 'axi-cel' });

  step = 'day 1';  // fever alone: ASTCT CRS grade 1
  await setTime(page, 30);
  await enter(page, 'vitals', { temperature: 39.0, heart_rate: 112, sbp: 118, dbp: 70, spo2: 97 });
  await expectText(page, '#crs-max', '1');
  await expectText(page, '#icans-max', '0');

  step = 'day 2';  // fever + hypotension on one vasopressor + low-flow cannula 2 L/min: grade 3
  await setTime(page, 54);
  await enter(page, 'vitals', { temperature: 38.6, sbp: 82, dbp: 48, map: 59, spo2: 91, hypotension: 'present' });
  await enter(page, 'oxygen', { device: 'nasal_cannula', flow: 2 });
  await enter(page, 'fluids', { volume: 1000 });
  await enter(page, 'vasopressor', { drug: 'norepinephrine', dose: 8, dose_unit: 'ug/min' });
  await expectText(page, '#crs-max', '3');
  await expectText(page, '#crs-now', '3');

  step = 'day 3';  // afebrile, pressor stopped, room air: CRS 0; ICE 5 (3-6), alert: ICANS grade 2
  await setTime(page, 78);
  await enter(page, 'vitals', { temperature: 37.2, map: 78, spo2: 97 });
  await enter(page, 'vasopressor', { drug: 'norepinephrine', dose: 0 });
  await enter(page, 'oxygen', { device: 'room_air' });
  const incomplete = await enter(page, 'ice', { orientation: 2, naming: 2, commands: 1, writing: 'NA', attention: 0 }, 'error');
  check('a not-assessable item needs its reason', /reason/.test(incomplete));
  await page.locator('#form-ice [name="writing"]').selectOption('0');
  check('the live ICE total', (await page.locator('#form-ice output').textContent()) === 'ICE total 5 / 10');
  await enter(page, 'ice', {});
  await enter(page, 'consciousness', { level: 'alert' });
  await expectText(page, '#icans-max', '2');
  await expectText(page, '#icans-now', '2');
  await expectText(page, '#crs-now', '0');
  await expectText(page, '#crs-max', '3');
  // infusion; day 1 vitals 5; day 2 vitals 5 + hypotension, oxygen, fluid, pressor; day 3 vitals
  // 3, pressor stop, room air, ICE 5 items, consciousness.
  const entered = 1 + 5 + (6 + 3) + (3 + 2 + 5 + 1);
  await expectRows(page, '#events tbody tr', entered);

  step = 'timeline chart';
  check('the chart is drawn on a canvas', (await page.locator('#chart canvas').count()) >= 1);
  const bands = await page.locator('#chart .band').evaluateAll((bs) => bs.map((b) => `${b.dataset.syndrome}${b.dataset.grade}@${b.dataset.hours}`));
  check(`CRS bands 1, 3, 0 and an ICANS band 2 (${bands.join(' ')})`,
    ['crs1@30', 'crs3@54', 'crs0@78', 'icans2@78'].every((b) => bands.includes(b)));
  const series = await page.locator('#chart .u-legend .u-series').allTextContents();
  check(`temperature, MAP, SpO2 and ICE are plotted (${series.join(' | ')})`,
    ['Temperature', 'MAP', 'SpO2', 'ICE'].every((s) => series.some((t) => t.includes(s))));
  await page.locator('#chart .band[data-syndrome="crs"][data-grade="3"]').click();
  await page.waitForSelector('#drivers:not([hidden])');
  const crsDrivers = await page.locator('#drivers').textContent();
  check(`the CRS 3 band shows its drivers (${crsDrivers})`,
    /CRS grade 3 from 54 h/.test(crsDrivers) && /norepinephrine|vasopressor/i.test(crsDrivers) &&
      /observed at 54 h/.test(crsDrivers) && /ASTCT/.test(crsDrivers));
  await shot(page, 'patient-crs-drivers-1024x768');
  await page.locator('#chart .band[data-syndrome="icans"][data-grade="2"]').click();
  const icansDrivers = await page.locator('#drivers').textContent();
  check(`the ICANS 2 band shows its drivers (${icansDrivers})`,
    /ICANS grade 2 from 78 h/.test(icansDrivers) && /ICE/.test(icansDrivers) && /observed at 78 h/.test(icansDrivers));

  step = 'advice panel';
  const advice = await page.locator('#advice').textContent();
  check('the advice says "decision support, not a prescription"', advice.includes('decision support, not a prescription'));
  const rows = await page.locator('#advice .suggestion .row').allTextContents();
  check(`every suggestion shows its guideline row (${rows.length})`, rows.length > 0 && rows.every((r) => r.replace('Guideline row:', '').trim() !== ''));
  await shot(page, 'patient-1024x768');

  step = 'export';
  const exported = await page.evaluate(async () => {
    const csv = await (await fetch(document.querySelector('#export-csv').href)).text();
    const fhir = await (await fetch(document.querySelector('#export-fhir').href)).json();
    return { csv, fhir };
  });
  check('the CSV export is the event table', exported.csv.startsWith('patient_id,time,kind,item,value,unit,note') &&
    exported.csv.includes('E2E01,54,vasopressor,norepinephrine,8,ug/min'));
  check('the FHIR export is a Bundle', exported.fhir.resourceType === 'Bundle' && exported.fhir.entry.length > 0);

  step = 'CSV import';
  await page.goto(`${base}/`);
  await page.fill('#new-id', 'E2E02');
  await page.click('#create-form button[type="submit"]');
  await page.waitForURL(/id=E2E02$/);
  const upload = (name, text) => page.locator('#import-file').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  await upload('bad.csv', 'patient_id,time,kind,item,value,unit,note\nE2E02,10,vital,temperature,38.5,K,\n');
  await page.click('#import-form button[type="submit"]');
  await page.waitForSelector('#import-status.error');
  const importError = await page.locator('#import-status').textContent();
  check(`a bad CSV is refused with its line and column (${importError})`, /bad\.csv: .*:2: unit/.test(importError));
  await upload('e2e02.csv', readFileSync(path.join(root, 'tests/e2e/bipap.csv'), 'utf8'));
  await page.click('#import-form button[type="submit"]');
  await page.waitForSelector('#import-status.ok');
  await expectText(page, '#crs-max', '4');  // fever + BiPAP: grade 4

  step = 'FHIR import';
  await page.goto(`${base}/`);
  await page.fill('#new-id', 'p07');
  await page.click('#create-form button[type="submit"]');
  await page.waitForURL(/id=p07$/);
  await page.locator('#import-file').setInputFiles(path.join(root, 'data/examples/fhir/patient-p07.json'));
  await page.click('#import-form button[type="submit"]');
  await page.waitForSelector('#import-status.ok');
  await page.waitForSelector('#chart .band');
  check('a FHIR Bundle with ISO times draws its chart', (await page.locator('#chart canvas').count()) >= 1);

  step = 'patient list';
  await page.goto(`${base}/`);
  await page.waitForSelector('#patients tbody tr');
  const listed = await page.locator('#patients tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent).slice(0, 4).join(',')));
  check(`the list shows each patient's maximum grades (${listed.join(' | ')})`, listed.includes(`E2E01,${entered},3,2`));
  await shot(page, 'patients-1024x768');

  step = 'portrait tablet';
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(`${base}/patient.html?id=E2E01`);
  await page.waitForSelector('#chart .band');
  await page.locator('#chart .band[data-syndrome="crs"][data-grade="3"]').tap();
  await page.waitForSelector('#drivers:not([hidden])');
  const portrait = await page.evaluate(() => document.documentElement.scrollWidth);
  check(`nothing is wider than the screen (${portrait} px)`, portrait <= 768);
  await shot(page, 'patient-768x1024');

  step = 'simulation explorer';
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(`${base}/simulate.html`);
  await page.waitForSelector('#sim-product option[value="axi-cel"]', { state: 'attached' });
  check('the policies are offered', (await page.locator('#sim-policy option').count()) >= 1);
  await page.selectOption('#sim-product', 'axi-cel');
  await page.fill('#sim-burden', '2');
  await page.fill('#sim-days', '14');
  await page.click('#simulate-form button[type="submit"]');
  await page.waitForSelector('#sim-status.ok, #sim-status.error', { timeout: 120000 });
  check(`the simulation runs (${await page.locator('#sim-status').textContent()})`,
    (await page.locator('#sim-status').getAttribute('class')).includes('ok'));
  check('both plots are drawn', (await page.locator('#sim-timeline canvas').count()) >= 1 &&
    (await page.locator('#sim-biology canvas').count()) >= 1);
  check('the grades of the course are shown', /^\d$/.test(await page.locator('#crs-max').textContent()));
  await shot(page, 'simulate-1024x768');

  // Only the two bad inputs were refused.
  checkTraffic(seen, ['400 POST /api/patients/E2E01/events', '400 POST /api/patients/E2E02/events']);
}

/** Downloads what the link `selector` points at, as the browser does on a click. */
async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFileSync(await file.path(), 'utf8');
}

async function runWithToken(browser, server, token) {
  const { base, open } = server;
  step = 'token: the address to open';
  check(`the server prints the address with its token (${open})`, open === `${base}/?token=${token}`);

  step = 'token: API without it';
  for (const [what, headers] of [['no token', {}], ['a wrong token', { Authorization: `Bearer ${token}x` }]]) {
    const answer = await fetch(`${base}/api/patients`, { headers });
    check(`a request with ${what} is refused with 401`, answer.status === 401 && /token/.test((await answer.json()).error));
  }
  const exportWithout = await fetch(`${base}/api/patients/KID01/events.csv`);
  check('an export without the token is refused with 401', exportWithout.status === 401);

  const { page, seen } = await openTab(browser);
  step = 'token: the page without it';
  const refused = await page.goto(`${base}/`);
  check(`the server refuses the page with 401 (${refused.status()})`, refused.status() === 401);
  const refusal = (await page.locator('body').textContent()).trim();
  check(`the page says what to open (${refusal})`,
    /needs its token/.test(refusal) && refusal.includes('http://HOST:PORT/?token=TOKEN'));
  check('no cookie before the printed address', (await page.context().cookies()).length === 0);
  const refusedBefore = seen.refused.length;

  step = 'token: the printed address';
  const opened = await page.goto(open);
  check(`the printed address opens the page (${opened.status()})`, opened.status() === 200);
  await expectText(page, '#list-status', 'No patients yet: create one.');
  const cookies = await page.context().cookies();
  check(`the server sets the token's cookie (${cookies.map((c) => c.name).join()})`, cookies.length === 1 &&
    cookies[0].name === 'cytostorm_token' && cookies[0].value === token && cookies[0].path === '/' &&
    cookies[0].httpOnly && cookies[0].sameSite === 'Strict');
  check('the navigation links carry the token',
    (await page.locator('header a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).every((h) => h.endsWith(`token=${token}`)));
  await page.fill('#new-id', 'KID01');
  await page.fill('#new-age', '8');
  await page.click('#create-form button[type="submit"]');
  await page.waitForURL(`${base}/patient.html?id=KID01&token=${token}`);

  step = 'token: a child\'s CAPD';  // CAPD 10 (positive) and alert: ICANS grade 3
  await page.waitForSelector('#forms details[data-form="capd"]');
  await setTime(page, 0);
  await enter(page, 'infusion', { product: 'axi-cel' });
  await setTime(page, 100);
  const card = page.locator('details[data-form="capd"]');
  await card.locator('summary').click();
  const answers = {
    eye_contact: 'never', purposeful: 'never', aware: 'sometimes', communicates: 'always',
    restless: 'never', inconsolable: 'never', underactive: 'never', slow_response: 'never',
  };
  for (const [item, answer] of Object.entries(answers)) await card.locator(`[name="${item}"]`).selectOption(answer);
  const summary = await card.locator('output').textContent();
  check(`the live CAPD total (${summary})`, summary === 'CAPD 10 / 32 (8 of 8 answered): positive delirium screen');
  await enter(page, 'capd', {});
  await enter(page, 'consciousness', { level: 'alert' });
  await expectText(page, '#icans-max', '3');
  await expectText(page, '#icans-now', '3');
  const stored = await page.locator('#events tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent).join(',')));
  check('a CAPD answer is stored as written, never = 0 ... always = 4',
    stored.includes('100,capd,eye_contact,0,,') && stored.includes('100,capd,communicates,4,,'));
  await shot(page, 'token-patient-1024x768');

  step = 'token: export links';
  for (const selector of ['#export-csv', '#export-fhir']) {
    check(`${selector} carries the token`, (await page.locator(selector).getAttribute('href')).endsWith(`?token=${token}`));
  }
  const csv = await download(page, '#export-csv');
  check('the CSV export downloads through its link', csv.startsWith('patient_id,time,kind,item,value,unit,note') &&
    csv.includes('KID01,100,capd,eye_contact,0,,'));
  const fhir = JSON.parse(await download(page, '#export-fhir'));
  check('the FHIR export downloads through its link', fhir.resourceType === 'Bundle' && fhir.entry.length > 0);

  step = 'token: navigation';
  await page.click('header nav a[href^="/simulate.html"]');
  await page.waitForURL(`${base}/simulate.html?token=${token}`);
  await page.waitForSelector('#sim-product option[value="axi-cel"]', { state: 'attached' });
  check('the simulation page reads the API', (await page.locator('#sim-policy option').count()) >= 1);
  await page.click('header a.brand');
  await page.waitForURL(`${base}/?token=${token}`);
  await page.waitForSelector('#patients tbody tr');
  await page.click('#patients a.patient-link');
  await page.waitForURL(`${base}/patient.html?id=KID01&token=${token}`);
  await expectText(page, '#icans-max', '3');

  step = 'token: kept for the tab';
  await page.goto(`${base}/patient.html?id=KID01`);
  await expectText(page, '#icans-max', '3');
  check('an address without the token still works in the same tab', !page.url().includes('token='));

  step = 'token: the cookie alone';  // a new tab keeps nothing of the first one but the cookie
  const other = await page.context().newPage();
  const direct = await other.goto(`${base}/patient.html?id=KID01`);
  check(`a new tab opens an address without the token (${direct.status()})`, direct.status() === 200);
  await expectText(other, '#icans-max', '3');
  check('its export link has no token and downloads with the cookie',
    (await other.locator('#export-csv').getAttribute('href')) === '/api/patients/KID01/events.csv' &&
    (await download(other, '#export-csv')).includes('KID01,100,capd,eye_contact,0,,'));
  await other.close();

  // After the printed address was opened, every request the browser made succeeded.
  check(`no request failed after the printed address (${seen.refused.slice(refusedBefore).join(', ')})`,
    seen.refused.length === refusedBefore);
  // Only the page opened without the token was refused.
  checkTraffic(seen, ['401 GET /']);
}

let server;
let browser;
let failed = false;
try {
  server = await startServer(options.token);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  if (options.token) await runWithToken(browser, server, options.token);
  else await run(browser, server.base);
  console.log(checks.map((c) => `ok  ${c}`).join('\n'));
  console.log(`bedside e2e: ${checks.length} checks passed; screenshots in ${artifacts}`);
} catch (error) {
  failed = true;
  console.log(checks.map((c) => `ok  ${c}`).join('\n'));
  console.error(`FAILED ${error.message}`);
  for (const context of browser?.contexts() ?? []) {
    for (const p of context.pages()) await p.screenshot({ path: path.join(artifacts, 'failure.png'), fullPage: true }).catch(() => {});
  }
  if (server) console.error(`--- cytostorm serve output ---\n${server.log()}`);
} finally {
  await browser?.close();
  server?.server.kill();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
