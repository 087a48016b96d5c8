// Participation in a real browser. A resident on a narrow phone with
// JavaScript off reports problems without an account, keeps the receipt
// code, follows a report by it, downloads what they sent and erases a report
// after confirming; the city admin finds the reports in the moderation queue,
// hides one with a reason and closes another with a note; the resident then
// reads the reason and the note on the receipt pages. Every resident page
// fits 320 px without horizontal scrolling, in English and in Arabic, and the
// report page weighs under 100 KB.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  CITY, startServer, launchBrowser, newContext, signIn, switchLanguage, htmlLangDir,
} from './support.js';

const NARROW = { width: 320, height: 640 };

let server;
let browser;
// What the resident sent, filled in by the first test: { id, code, description }.
const hidden = {};
const closed = {};

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Runs `body` as a resident: a 320 px wide phone with JavaScript off, in `lang`. */
async function asResident(lang, body) {
  const context = await newContext(browser, server, {
    context: { javaScriptEnabled: false, viewport: NARROW },
  });
  try {
    const page = await context.newPage();
    if (lang !== 'en') {
      await page.goto('/');
      await switchLanguage(page, lang);
    }
    return await body(page);
  } finally {
    await context.close();
  }
}

/** Runs `body` signed in as the city admin, JavaScript on, at the default size. */
async function asCityAdmin(body) {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await signIn(page, server.logins['city-admin']);
    return await body(page);
  } finally {
    await context.close();
  }
}

/** The page scrolls only vertically at 320 px. */
async function assertFitsNarrow(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= NARROW.width, `${what} (${page.url()}) is ${width} px wide at ${NARROW.width} px: it scrolls sideways`);
}

/** Presses a button or link that loads another page, and waits for it. */
async function follow(page, control) {
  await Promise.all([page.waitForNavigation(), control.click()]);
}

/**
 * Sends a report through the form the way a person does it: the service by its
 * label, then the description and the place. Returns the receipt's code and id.
 */
async function report(page, { service, description, address }) {
  await page.goto(`/cities/${CITY}/report`);
  await assertFitsNarrow(page, 'the report form');
  await page.getByRole('radio', { name: service }).check();
  await page.getByLabel('What is the problem?').fill(description);
  await page.getByLabel('Where is it?').fill(address);
  await follow(page, page.getByRole('button', { name: 'Send the report' }));
  assert.match(new URL(page.url()).pathname, /^\/receipts\/[^/]+$/, `not on a receipt page after sending: ${page.url()}`);
  await assertFitsNarrow(page, 'the receipt page just after sending');
  assert.match(await page.locator('[role="status"]').first().innerText(), /Thank you, your report is saved/);
  const code = (await page.locator('.pa-code').innerText()).trim();
  assert.match(code, /\S{6,}/, `no receipt code shown: "${code}"`);
  const id = Number((await page.locator('h1').innerText()).match(/\d+/)[0]);
  return { id, code, description };
}

test('a resident reports problems at 320 px without JavaScript, follows one by its code and downloads it', async () => {
  await asResident('en', async (page) => {
    // The form first sent empty: every problem is named, nothing is lost.
    await page.goto(`/cities/${CITY}/report`);
    await page.getByLabel('Where is it?').fill('Corner of Elm Street');
    await follow(page, page.getByRole('button', { name: 'Send the report' }));
    await assertFitsNarrow(page, 'the report form with its errors');
    const summary = page.locator('.error-summary');
    assert.match(await summary.innerText(), /What is it about\?|service/i);
    assert.equal(await page.locator('#field-description').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Where is it?').inputValue(), 'Corner of Elm Street', 'the typed address was lost');

    Object.assign(hidden, await report(page, {
      service: 'Pothole or damaged road',
      description: 'A deep pothole in the cycle lane on Elm Street; two cyclists fell this week.',
      address: 'Corner of Elm Street and Mill Road',
    }));
    Object.assign(closed, await report(page, {
      service: 'Streetlight not working',
      description: 'The third lamp on Canal Walk flickers and goes out every evening.',
      address: 'Canal Walk',
    }));

    // Following by the code, typed the way a person may: lower case, with spaces around.
    await page.goto('/receipts');
    await assertFitsNarrow(page, 'the follow-by-code page');
    await page.getByLabel('Receipt code').fill(`  ${hidden.code.toLowerCase()} `);
    await follow(page, page.getByRole('button', { name: 'Show my report' }));
    assert.equal(new URL(page.url()).pathname, `/receipts/${hidden.code}`);
    await assertFitsNarrow(page, 'the receipt page');
    assert.match(await page.locator('main').innerText(), /two cyclists fell this week/);
    assert.match(await page.locator('.pa-timeline').innerText(), /Report received/);

    // Download everything sent, as JSON.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download everything you sent (JSON)' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.json$/);
    const sent = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(String(sent.service_request_id), String(hidden.id));
    assert.equal(sent.description, hidden.description);
    assert.equal(sent.address, 'Corner of Elm Street and Mill Road');
  });
});

test('a resident erases a report after confirming, and its code no longer finds it', async () => {
  await asResident('en', async (page) => {
    const gone = await report(page, {
      service: 'Missed waste collection',
      description: 'The recycling bins on Oak Lane were not emptied on Monday.',
      address: 'Oak Lane 4',
    });
    await follow(page, page.getByRole('link', { name: 'Erase this report' }));
    assert.equal(new URL(page.url()).pathname, `/receipts/${gone.code}/erase`);
    await assertFitsNarrow(page, 'the erase confirmation');
    // Cancelling keeps it.
    await follow(page, page.getByRole('link', { name: 'Cancel' }));
    assert.equal(new URL(page.url()).pathname, `/receipts/${gone.code}`);
    await follow(page, page.getByRole('link', { name: 'Erase this report' }));
    await follow(page, page.getByRole('button', { name: 'Erase it' }));
    assert.equal(new URL(page.url()).pathname, '/receipts');
    await assertFitsNarrow(page, 'the follow page after erasing');
    assert.match(await page.locator('[role="status"]').innerText(), /erased/);

    const response = await page.goto(`/receipts?code=${gone.code}`);
    assert.equal(response.status(), 404);
    assert.match(await page.locator('.field-error').innerText(), /No report has this code/);
    assert.equal(await page.getByLabel('Receipt code').getAttribute('aria-invalid'), 'true');
    assert.equal((await page.goto(`/receipts/${gone.code}/download`)).status(), 404);
  });
});

test('the city admin hides a report with a reason and closes another with a note', async () => {
  await asCityAdmin(async (page) => {
    await page.goto(`/cities/${CITY}/participation`);
    const row = (r) => page.locator('tbody tr').filter({ has: page.getByRole('link', { name: `Request ${r.id}`, exact: true }) });
    assert.match(await row(hidden).innerText(), /Pothole or damaged road[\s\S]*Open[\s\S]*Public/);
    assert.match(await row(closed).innerText(), /Streetlight not working/);

    // Hide the first: without a reason it is refused, with one it is hidden.
    await follow(page, page.getByRole('link', { name: `Request ${hidden.id}`, exact: true }));
    assert.match(await page.locator('main dl').innerText(), /two cyclists fell this week/);
    await follow(page, page.getByRole('button', { name: 'Hide it' }));
    assert.equal(await page.getByLabel('Reason').getAttribute('aria-invalid'), 'true', 'hiding without a reason was not refused');
    await page.getByLabel('Reason').fill('It names a neighbour; please send it again without the name.');
    await follow(page, page.getByRole('button', { name: 'Hide it' }));
    assert.match(await page.locator('[role="status"]').innerText(), /Saved/);
    assert.match(await page.locator('main dl').innerText(), /Hidden – It names a neighbour/);
    assert.equal(await page.getByRole('button', { name: 'Show it again' }).count(), 1);

    // Close the second with a note for the resident.
    await page.getByRole('link', { name: "Residents' reports" }).click();
    await page.waitForURL((url) => url.pathname === `/cities/${CITY}/participation`);
    assert.match(await row(hidden).innerText(), /Hidden/);
    await follow(page, page.getByRole('link', { name: `Request ${closed.id}`, exact: true }));
    await page.getByRole('radio', { name: 'Closed' }).check();
    await page.getByLabel('Note for the resident (public)').fill('Lamp replaced on Canal Walk.');
    await follow(page, page.getByRole('button', { name: 'Save the status' }));
    assert.match(await page.locator('main dl').innerText(), /Closed – Lamp replaced on Canal Walk\./);
    await page.goto(`/cities/${CITY}/participation`);
    assert.match(await row(closed).innerText(), /Closed/);
  });
});

test('the resident reads the reason and the note on the receipt pages', async () => {
  await asResident('en', async (page) => {
    await page.goto(`/receipts/${hidden.code}`);
    await assertFitsNarrow(page, 'the receipt of a hidden report');
    const notice = await page.locator('main [role="status"]').innerText();
    assert.match(notice, /hidden from the public by a moderator/);
    assert.match(notice, /Reason: It names a neighbour; please send it again without the name\./);
    assert.match(await page.locator('.pa-timeline').innerText(), /Hidden by a moderator: It names a neighbour/);

    await page.goto(`/receipts/${closed.code}`);
    assert.match(await page.locator('main dl').innerText(), /Closed – Lamp replaced on Canal Walk\./);
    assert.match(await page.locator('.pa-timeline').innerText(), /Closed: Lamp replaced on Canal Walk\./);
  });
});

test('in Arabic the resident pages read right to left and fit 320 px', async () => {
  await asResident('ar', async (page) => {
    const pages = [
      [`/cities/${CITY}/report`, 'the report form'],
      [`/receipts/${hidden.code}`, 'a hidden report\'s receipt'],
      [`/receipts/${closed.code}`, 'a closed report\'s receipt'],
      [`/receipts/${closed.code}/erase`, 'the erase confirmation'],
      ['/receipts', 'the follow page'],
      ['/receipts?code=NOT-A-CODE', 'the follow page with an unknown code'],
    ];
    for (const [path, what] of pages) {
      await page.goto(path);
      assert.deepEqual(await htmlLangDir(page), { lang: 'ar', dir: 'rtl' }, `${what} is not in Arabic`);
      await assertFitsNarrow(page, `${what}, in Arabic`);
    }
    // The form's error state too.
    await page.goto(`/cities/${CITY}/report`);
    await follow(page, page.locator('main form button[type="submit"]'));
    await page.locator('.error-summary').waitFor();
    await assertFitsNarrow(page, 'the report form with its errors, in Arabic');
  });
});

test('the report page weighs under 100 KB (HTML and CSS, as transferred)', async () => {
  const context = await newContext(browser, server, { context: { javaScriptEnabled: false, viewport: NARROW } });
  try {
    const page = await context.newPage();
    const finished = [];
    page.on('requestfinished', (request) => finished.push(request));
    await page.goto(`/cities/${CITY}/report`, { waitUntil: 'load' });
    const loaded = await Promise.all(finished.map(async (request) => {
      const sizes = await request.sizes();
      return { url: request.url(), type: request.resourceType(), bytes: sizes.responseHeadersSize + sizes.responseBodySize };
    }));
    const types = new Set(loaded.map((r) => r.type));
    assert.ok(types.has('document') && types.has('stylesheet'), `the page loaded ${[...types].join(', ')}`);
    const total = loaded.reduce((sum, r) => sum + r.bytes, 0);
    const list = loaded.map((r) => `${r.type} ${new URL(r.url).pathname} ${r.bytes} B`).join('\n');
    console.log(`report page weight: ${total} B\n${list}`);
    assert.ok(total < 100 * 1024, `the report page weighs ${total} bytes:\n${list}`);
  } finally {
    await context.close();
  }
});
