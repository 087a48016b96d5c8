// The digital-divide module in a real browser: the data editor uploads the
// demo household survey (2,400 respondents, with the upload script's progress
// bar), declares its design and maps two indicators, reads the results with a
// suppressed cell that shows only its reason, switches to Arabic and opens the
// district map, adds an action to the inclusion plan and exports it (page and
// PDF); an anonymous resident reads the demo city's published results.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CITY, startServer, launchBrowser, newContext, signIn, switchLanguage, htmlLangDir } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SURVEY = path.resolve(here, '../../crates/service/src/demo_data/ict-survey-2025.csv');

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Clicks a submit button and waits for the page the form leads to. */
async function submit(page, button) {
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), button.click()]);
}

/** The text of every suppressed cell of the page, which must hold no digit. */
async function suppressedCells(page) {
  const cells = await page.locator('td.dv-suppressed').allInnerTexts();
  for (const text of cells) {
    assert.doesNotMatch(text, /[0-9\u0660-\u0669]/, `a suppressed cell shows a number: ${text}`);
  }
  return cells;
}

test('from upload to a declared survey, its map and an exported inclusion plan', async () => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await signIn(page, server.logins['data-editor']);

    // Upload: the script sends the form itself and shows its progress bar.
    await page.goto(`/cities/${CITY}/divide`);
    await page.locator('#field-name').fill('Browser wave');
    await page.locator('#field-year').fill('2026');
    await page.locator('#field-file').setInputFiles({
      name: 'browser-wave.csv', mimeType: 'text/csv', buffer: await readFile(SURVEY),
    });
    await Promise.all([
      page.waitForURL(/\/divide\/\d+\/declare/),
      page.locator('main form[enctype] button[type="submit"]').click(),
    ]);
    assert.equal(await page.locator('#dv-progress').isVisible(), false, 'the new page has no bar showing');
    const declare = new URL(page.url()).pathname;
    const results = declare.replace(/\/declare$/, '');

    // Declare: the design's columns are guessed; map two indicators.
    assert.equal(await page.locator('#field-weight').inputValue(), 'weight');
    assert.equal(await page.locator('#field-strata').inputValue(), 'stratum');
    await page.locator('[id="col-internet-use"]').selectOption('internet_use');
    await page.locator('[id="col-home-internet"]').selectOption('home_internet');
    await page.locator('[id="yes-internet-use"]').fill('yes');
    await submit(page, page.locator('main form button[type="submit"]'));
    // A value the column never takes is refused, naming it.
    await page.locator('#dv-problems').waitFor();
    assert.match(await page.locator('#dv-problems').innerText(), /never takes the value `yes`/);
    await page.locator('[id="yes-internet-use"]').fill('1');
    await submit(page, page.locator('main form button[type="submit"]'));
    assert.equal(new URL(page.url()).pathname, results);

    // Results: estimates, parity, and suppressed cells in words only.
    await page.getByRole('heading', { name: 'Gender parity' }).waitFor();
    const suppressed = await suppressedCells(page);
    assert.ok(suppressed.length > 0, 'small groups of 2,400 respondents are suppressed');
    assert.match(suppressed[0], /Suppressed/);

    // Arabic: right to left; the district map with its table beside it.
    await switchLanguage(page, 'ar');
    assert.deepEqual(await htmlLangDir(page), { lang: 'ar', dir: 'rtl' });
    await page.goto(`${results}/map?indicator=internet-use`);
    await page.locator('figure.dv-map svg[role="img"]').waitFor();
    assert.ok(await page.locator('table.dv-map-table tbody tr').count() >= 5);
    await suppressedCells(page);

    // An action for the gap of the oldest group, then the plan exported.
    await page.goto(`/cities/${CITY}/divide/plan/new?gap=internet-use%2Fage_group%2F65%2B`);
    await page.locator('#field-title').fill('Tablets on loan');
    await page.locator('#field-owner').fill('Public libraries');
    await page.locator('#field-budget').fill('12000');
    await page.locator('#field-currency').fill('EUR');
    await page.locator('#field-delivery').selectOption('community-network');
    await page.locator('#field-finance_model').fill('City budget');
    await page.locator('#field-start_date').fill('2026-03-01');
    await page.locator('#field-end_date').fill('2026-12-31');
    await page.locator('#field-target').fill('80');
    await submit(page, page.locator('main form button[type="submit"]'));
    assert.match(new URL(page.url()).pathname, /\/divide\/plan$/);
    await page.locator('table.dv-plan', { hasText: 'Tablets on loan' }).waitFor();
    await page.goto(`/cities/${CITY}/divide/plan/export`);
    await page.getByRole('heading', { name: 'Tablets on loan' }).waitFor();
    const pdf = await page.evaluate(async (url) => {
      const r = await fetch(url);
      const bytes = new Uint8Array(await r.arrayBuffer());
      return { status: r.status, type: r.headers.get('content-type'), head: String.fromCharCode(...bytes.slice(0, 5)) };
    }, `/cities/${CITY}/divide/plan.pdf`);
    assert.deepEqual(pdf, { status: 200, type: 'application/pdf', head: '%PDF-' });
  } finally {
    await context.close();
  }
});

test('an anonymous resident reads the published results, without any script', async () => {
  const context = await newContext(browser, server, { context: { javaScriptEnabled: false } });
  try {
    const page = await context.newPage();
    await page.goto(`/cities/${CITY}/divide`);
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('link', { name: 'Public view' }).first().click(),
    ]);
    assert.match(new URL(page.url()).pathname, /\/divide\/\d+\/public$/);
    await page.getByRole('heading', { name: 'Gender parity' }).waitFor();
    assert.ok((await suppressedCells(page)).length > 0);
    await page.locator('svg[role="img"]').first().waitFor();
    await page.getByText('Digital helpers in every library').first().waitFor();
    // The team's pages stay closed.
    const response = await page.goto(`/cities/${CITY}/divide/plan`);
    assert.match(new URL(page.url()).pathname, /^\/login/, `answered ${response.status()}`);
  } finally {
    await context.close();
  }
});
