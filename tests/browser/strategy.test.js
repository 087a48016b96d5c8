// The strategy module from questionnaire to exported roadmap, in a real
// browser: the data editor starts a maturity round and creates a
// respondent's private link; the respondent opens it in a browser of their
// own (no account, JavaScript off), answers a few elements including "don't
// know" and submits; the city admin agrees a level, sees the gap in the
// results and plans a roadmap action from it (dates, funding, a KPI target);
// the roadmap's Gantt table lists it, the export page gives a real PDF, and
// the roadmap reads right to left in Arabic.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  CITY, startServer, launchBrowser, newContext, signIn, switchLanguage, htmlLangDir,
} from './support.js';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A fresh browser of its own; signed in as `who` unless `who` is null. */
async function withPage(who, options, body) {
  const context = await newContext(browser, server, options);
  try {
    const page = await context.newPage();
    if (who) await signIn(page, server.logins[who]);
    return await body(page, context);
  } finally {
    await context.close();
  }
}

/** Clicks a submit button and waits for the page the form leads to; returns the POST's status. */
async function submit(page, button) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return response.status();
}

test('from questionnaire to exported roadmap', async () => {
  const round = 'Browser round 2027';
  const respondent = 'Mobility department';
  const title = 'Connect the least-served districts first';

  // 1. The data editor starts a round and creates a respondent's private link.
  const { roundPath, link } = await withPage('data-editor', {}, async (page) => {
    await page.goto(`/cities/${CITY}/maturity`);
    await page.locator('#field-name').fill(round);
    await page.locator('#field-default_target').selectOption('3');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Start the round' })), 303);
    const roundPath = new URL(page.url()).pathname;
    assert.match(roundPath, new RegExp(`^/cities/${CITY}/maturity/\\d+$`));
    assert.equal(await page.locator('h1').innerText(), round);

    await page.locator('#field-name').fill(respondent);
    await page.locator('#kind-department').check();
    assert.equal(await submit(page, page.getByRole('button', { name: 'Create the private link' })), 200);
    const link = (await page.locator('code.secret').innerText()).trim();
    assert.match(link, /\/maturity\/mq_\S+$/, `not a questionnaire link: ${link}`);
    assert.equal(await page.locator('table.st-respondents tbody tr', { hasText: respondent }).count(), 1);
    return { roundPath, link };
  });

  // 2. The respondent: no account, JavaScript off, answers and submits.
  await withPage(null, { context: { javaScriptEnabled: false } }, async (page) => {
    const response = await page.goto(new URL(link, server.baseUrl).pathname);
    assert.equal(response.status(), 200);
    assert.match(await page.locator('.lead').innerText(), new RegExp(respondent));
    assert.equal(await page.locator('fieldset.st-pillar-group').count(), 5, 'a fieldset per pillar');

    await page.locator('#level-vs-people-centred-vision-1').check();
    await page.locator('#evidence-vs-people-centred-vision').fill('No written vision yet');
    await page.locator('#level-vs-baseline-needs-dont-know').check();
    await page.locator('#level-di-equitable-connectivity-1').check();
    await page.locator('#url-di-equitable-connectivity').fill('https://demo-city.example/coverage-map');
    assert.equal(await submit(page, page.locator('button[name="intent"][value="submit"]')), 303);

    const thanks = page.locator('.st-thanks');
    await thanks.waitFor();
    assert.match(await thanks.innerText(), /Thank you/);
    // The answers stay as given, "don't know" included.
    assert.ok(await page.locator('#level-vs-people-centred-vision-1').isChecked());
    assert.ok(await page.locator('#level-vs-baseline-needs-dont-know').isChecked());
    assert.ok(await page.locator('#level-di-equitable-connectivity-1').isChecked());
    assert.equal(await page.locator('#evidence-vs-people-centred-vision').inputValue(), 'No written vision yet');
  });

  // 3. The city admin agrees a level, sees the gap and plans an action from it.
  await withPage('city-admin', {}, async (page) => {
    await page.goto(`${roundPath}/results`);
    assert.match(await page.locator('.st-facts').innerText(), /1 \/ 1 respondents/);
    await page.locator('svg.st-radar').waitFor();

    const consensus = page.locator('form#element-di-equitable-connectivity');
    await consensus.locator('#level-di-equitable-connectivity').selectOption('1');
    await consensus.locator('#target-di-equitable-connectivity').selectOption('4');
    await consensus.locator('#note-di-equitable-connectivity').fill('Agreed in the steering group');
    assert.equal(await submit(page, consensus.getByRole('button', { name: 'Save the agreed level' })), 303);
    assert.match(await page.locator('.notice').first().innerText(), /agreed level is saved/);

    // Agreed 1, own target 4: the largest gap, with its KPIs and their latest values.
    const gap = page.locator('table.st-gaps tbody tr').first();
    const cells = await gap.locator('th, td').allInnerTexts();
    assert.match(cells[0], /Equitable connectivity/);
    assert.deepEqual(cells.slice(2, 5), ['1', '4', '3'], `level, target, gap: ${cells.join(' | ')}`);
    assert.match(cells[5], /EC: ICT: ICT: 1C: [\d.,]+ \(2025\)/);

    await Promise.all([
      page.waitForURL((url) => url.pathname === `/cities/${CITY}/roadmap/actions/new`),
      gap.getByRole('link', { name: 'Plan a roadmap action' }).click(),
    ]);
    // The form starts from the gap: its element ticked, its first KPI chosen.
    assert.ok(await page.locator('#element-di-equitable-connectivity').isChecked());
    assert.equal(await page.locator('#kpi-0').inputValue(), 'EC: ICT: ICT: 1C|');

    await page.locator('#field-title').fill(title);
    await page.locator('#field-owner').fill('IT department');
    await page.locator('#field-budget').fill('420000');
    await page.locator('#field-currency').fill('EUR');
    await page.locator('#field-funding_source').selectOption('grant');
    await page.locator('#field-start_date').fill('2027-03-01');
    await page.locator('#field-end_date').fill('2028-06-30');
    await page.locator('#field-status').selectOption('planned');
    await page.locator('#kpi-target-0').fill('95');
    await page.locator('#kpi-year-0').fill('2028');
    await page.locator('fieldset.st-raci-choice', { hasText: 'Neighbourhood Digital Forum' })
      .getByLabel('Consulted').check();
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save the action' })), 303);

    // 4. The roadmap: the Gantt chart and its table list the action.
    assert.equal(new URL(page.url()).pathname, `/cities/${CITY}/roadmap`);
    assert.match(await page.locator('.notice').first().innerText(), /action is saved/);
    const row = page.locator('table.st-actions-table tbody tr', { hasText: title });
    assert.equal(await row.count(), 1, 'the Gantt table lists the new action');
    const rowText = await row.innerText();
    assert.match(rowText, /2027-03-01/);
    assert.match(rowText, /2028-06-30/);
    assert.match(rowText, /420,000 EUR/);
    assert.match(rowText, /Grant/);
    const id = await row.getAttribute('data-action');
    assert.equal(await page.locator(`svg.st-gantt g[data-action="${id}"]`).count(), 1, 'a bar in the Gantt chart');
    const progress = page.locator('table.st-kpi-progress tbody tr', { hasText: title });
    assert.match(await progress.innerText(), /EC: ICT: ICT: 1C[\s\S]*95 \(2028\)/);

    // 5. The printable export and its PDF.
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/cities/${CITY}/roadmap/export`),
      page.getByRole('link', { name: 'Printable roadmap' }).click(),
    ]);
    assert.match(await page.locator('h1').innerText(), /People-Centred Digital Roadmap: Demo City/);
    assert.equal(await page.locator('.st-action-card h3', { hasText: title }).count(), 1);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the roadmap as PDF' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.pdf$/);
    const pdf = await readFile(await download.path());
    assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF', 'the download is a PDF');
    assert.ok(pdf.length > 1000, `a PDF of ${pdf.length} bytes is too small to hold the roadmap`);

    // 6. In Arabic the roadmap reads right to left, the action still listed.
    await page.goto(`/cities/${CITY}/roadmap`);
    await switchLanguage(page, 'ar');
    assert.equal(new URL(page.url()).pathname, `/cities/${CITY}/roadmap`);
    assert.deepEqual(await htmlLangDir(page), { lang: 'ar', dir: 'rtl' });
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
    assert.equal(await page.locator('table.st-actions-table tbody tr', { hasText: title }).count(), 1);
  });
});
