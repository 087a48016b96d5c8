// The procurement module through its four U4SSC stages, in a real browser,
// as the people who do it: the data editor plans a procurement linked to a
// roadmap action, with a KPI outcome and requirements from the people-centred
// checklist, moves it to "inform the market", publishes the prior-information
// notice and records market engagement; a resident, signed out and without
// JavaScript, reads the notice; the city admin sets the criteria and freezes
// them, assigns herself as evaluator, declares no conflict of interest,
// records two bids, scores them, agrees the consensus, reads the ranking with
// its sensitivity, awards the first-ranked bid and downloads the evaluation
// report as PDF; the data editor adds a delivery milestone, accepts it and
// marks a supplier obligation met.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { CITY, startServer, launchBrowser, newContext, signIn } from './support.js';

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

const TITLE = 'Online appointments at the civil registry';
const NOTICE = 'Market day on 2 March 2027: suppliers of booking systems are invited; questions are answered publicly.';

test('a procurement from plan to delivery', async () => {
  // 1. Plan: the data editor opens a procurement linked to a roadmap action.
  const base = await withPage('data-editor', {}, async (page) => {
    await page.goto(`/cities/${CITY}/procurement`);
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/cities/${CITY}/procurement/new`),
      page.getByRole('link', { name: 'Open a procurement' }).click(),
    ]);
    await page.locator('#field-title').fill(TITLE);
    await page.locator('#field-reference').fill('DC-2027-03');
    const action = page.locator('#field-roadmap_action_id option:not([value=""])').first();
    const actionTitle = (await action.innerText()).trim();
    await page.locator('#field-roadmap_action_id').selectOption(await action.getAttribute('value'));
    await page.locator('#field-need').fill('Residents queue for hours to book a civil-registry appointment.');
    await page.locator('#field-end_users').fill('Every resident, including those who only use a phone.');
    await page.locator('#field-procedure').selectOption('open');
    await page.locator('#field-payment_approach').selectOption('outcome-based');
    await page.locator('#field-budget').fill('60000');
    await page.locator('#field-currency').fill('EUR');
    await page.locator('#outcome_kpi_0').selectOption('EC: ICT: ICT: 1C|');
    await page.locator('#outcome_target_0').fill('92');
    await page.locator('#outcome_year_0').fill('2028');
    await page.locator('#req-exit-plan').check();
    await page.locator('#req-accessibility').check();
    await page.locator('#own_title_0').fill('Works by phone too');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save the plan' })), 303);
    const base = new URL(page.url()).pathname;
    assert.match(base, /^\/procurement\/\d+$/);
    const overview = await page.locator('main').innerText();
    assert.match(overview, /The procurement was opened/);
    assert.ok(overview.includes(actionTitle), `the roadmap action "${actionTitle}" is linked`);
    assert.match(overview, /EC: ICT: ICT: 1C/);
    assert.match(overview, /Works by phone too/);

    // 2. Inform the market: the stage, the notice published, the engagement recorded.
    assert.equal(await submit(page, page.getByRole('button', { name: 'Move to: Inform the market' })), 303);
    await page.locator('#field-notice').fill(NOTICE);
    await page.locator('#field-questions_deadline').fill('2027-03-10');
    await page.locator('#field-submission_deadline').fill('2027-03-31');
    await page.locator('#field-published').check();
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save the notice' })), 303);
    await page.locator('#field-held_on').fill('2027-03-02');
    await page.locator('#field-kind').selectOption('event');
    await page.locator('#field-participants').fill('Six suppliers, the disability council');
    await page.locator('#field-summary').fill('Suppliers asked how the exit plan will be tested.');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Record the engagement' })), 303);
    assert.match(await page.locator('main').innerText(), /how the exit plan will be tested/);
    return base;
  });
  const id = base.split('/').pop();

  // 3. The notice is public: a resident reads it signed out, without JavaScript.
  await withPage(null, { context: { javaScriptEnabled: false } }, async (page) => {
    const list = await page.goto(`/cities/${CITY}/tenders`);
    assert.equal(list.status(), 200);
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/cities/${CITY}/tenders/${id}`),
      page.getByRole('link', { name: TITLE }).click(),
    ]);
    const text = await page.locator('main').innerText();
    assert.ok(text.includes(NOTICE), 'the notice text');
    assert.match(text, /how the exit plan will be tested/, 'the market engagement');
  });

  // 4. Evaluate and award, as the city admin.
  await withPage('city-admin', {}, async (page) => {
    await page.goto(`${base}/criteria`);
    await page.locator('#field-criteria').fill(
      'criterion,weight,kind,min_score,parent\n' +
      'Accessibility and inclusion,35,quality,40,\n' +
      'Exit plan and open standards,25,quality,,\n' +
      'Whole-life cost,40,price,,\n',
    );
    await page.locator('#formula-lowest').check();
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save the criteria' })), 303);
    assert.equal(await submit(page, page.getByRole('button', { name: 'Freeze and publish the criteria' })), 303);
    assert.match(await page.locator('main').innerText(), /Frozen and published on/);

    await page.goto(base);
    assert.equal(await submit(page, page.getByRole('button', { name: 'Move to: Evaluate and award' })), 303);

    // The panel: the admin assigns herself, then declares before seeing a bid.
    await page.goto(`${base}/bids`);
    const me = page.locator('#field-user_id option', { hasText: /Amina/ });
    await page.locator('#field-user_id').selectOption(await me.getAttribute('value'));
    assert.equal(await submit(page, page.getByRole('button', { name: 'Assign', exact: true })), 303);
    await page.goto(`${base}/declaration`);
    await page.locator('#conflict-no').check();
    await page.locator('#field-declaration').fill('No links to any bidder.');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Sign the declaration' })), 303);
    assert.equal(new URL(page.url()).pathname, `${base}/bids`);

    for (const [bidder, price] of [['Queue Systems Ltd', '52000'], ['Civic Slots Cooperative', '41000']]) {
      await page.locator('#field-bidder').fill(bidder);
      await page.locator('#field-price').fill(price);
      await page.locator('#field-received_on').fill('2027-03-30');
      assert.equal(await submit(page, page.getByRole('button', { name: 'Record a bid' })), 303);
    }
    assert.equal(await page.locator('table', { hasText: 'Civic Slots Cooperative' }).count() > 0, true);

    // Her own score sheet: every bid on every quality criterion, then submit.
    const sheet = page.locator('table.pr-sheet tbody tr');
    const rows = await sheet.count();
    assert.equal(rows, 4, 'two bids × two quality criteria');
    for (let n = 0; n < rows; n += 1) {
      const row = sheet.nth(n);
      const text = await row.innerText();
      const good = text.includes('Civic Slots') ? (text.includes('Accessibility') ? '85' : '80') : '60';
      await row.locator('input[name^="score_"]').fill(good);
      await row.locator('input[name^="justification_"]').fill(`Read against the criteria (${good})`);
    }
    assert.equal(await submit(page, page.getByRole('button', { name: 'Submit my scores' })), 303);

    // Consensus: the agreed scores offered are hers; a note on each.
    const notes = page.locator('input[id^="note_"]');
    assert.equal(await notes.count(), 4);
    for (let n = 0; n < 4; n += 1) await notes.nth(n).fill('Agreed by the panel');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save the consensus' })), 303);

    // The ranking, the formulas' effect and the sensitivity.
    const main = await page.locator('main').innerText();
    for (const heading of ['Ranking under the published price formula', 'Effect of the price formula',
      'Sensitivity of the winner to the weights']) {
      assert.ok(main.includes(heading), heading);
    }
    const first = page.locator('#field-bid_id option').first();
    assert.match(await first.innerText(), /^1 – Civic Slots Cooperative/);
    await page.locator('#field-bid_id').selectOption(await first.getAttribute('value'));
    assert.equal(await submit(page, page.getByRole('button', { name: 'Award', exact: true })), 303);
    assert.match(await page.locator('main').innerText(), /Civic Slots Cooperative – awarded/);

    // The evaluation report and its PDF.
    await Promise.all([
      page.waitForURL((url) => url.pathname === `${base}/report`),
      page.getByRole('navigation', { name: 'Procurement stages' }).getByRole('link', { name: 'Evaluation report' }).click(),
    ]);
    const report = await page.locator('main').innerText();
    assert.match(report, /Awarded to Civic Slots Cooperative/);
    assert.match(report, /How points are computed/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the report as PDF' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^evaluation-report-DC-2027-03\.pdf$/);
    const pdf = await readFile(await download.path());
    assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF', 'the download is a PDF');
    assert.ok(pdf.length > 2000, `a PDF of ${pdf.length} bytes is too small to hold the report`);
  });

  // 5. Manage delivery, as the data editor.
  await withPage('data-editor', {}, async (page) => {
    await page.goto(`${base}/delivery`);
    await page.locator('#field-title').fill('Booking live for all districts');
    await page.locator('#field-due_date').fill('2027-09-01');
    await page.locator('#field-status').selectOption('planned');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Add a milestone' })), 303);
    const milestone = page.locator('tr', { hasText: 'Booking live for all districts' });
    await milestone.locator('select[name="status"]').selectOption('accepted');
    await milestone.locator('input[name="acceptance_note"]').fill('Tested with screen-reader users');
    assert.equal(await submit(page, milestone.getByRole('button', { name: 'Save' })), 303);
    const accepted = page.locator('tr', { hasText: 'Booking live for all districts' });
    assert.match(await accepted.innerText(), /Accepted/);
    assert.match(await accepted.innerText(), /Tested with screen-reader users/);

    const obligation = page.locator('tr', { hasText: 'Works by phone too' });
    await obligation.locator('select[name="status"]').selectOption('met');
    await obligation.locator('input[name="note"]').fill('Phone booking line open');
    assert.equal(await submit(page, obligation.getByRole('button', { name: 'Save' })), 303);
    const main = await page.locator('main').innerText();
    assert.match(main, /1 met · 0 not met · 2 open/);
    assert.match(main, /Phone booking line open/);
  });
});
