// Priority consultations in a real browser. A resident on a 320 px phone
// with JavaScript off finds the demo consultation on the city page's
// residents' menu, sends it empty (every problem named), ranks options with
// their age, gender, district and disability, keeps the receipt code, follows
// it, changes the answer, downloads it, erases what they said about
// themselves and then the answer, each after confirming; the same pages read
// right to left in Arabic without scrolling sideways, and the consultation
// page weighs under 100 KB. The city admin creates and publishes a vote,
// enters a phone answer for a resident, reads the results filtered by
// channel, downloads them as CSV, and sees who took part; then says what
// became of the demo consultation, which residents read on its page and on
// "You said, we did" beside the demo proposal's outcome.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  CITY, startServer, launchBrowser, newContext, signIn, switchLanguage, htmlLangDir,
} from './support.js';

const NARROW = { width: 320, height: 640 };
const QUESTION = 'What should our digital roadmap do first?';

let server;
let browser;
// The resident's answer, filled in by the first test: { code, path }.
const sent = {};

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

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

async function asCityAdmin(body) {
  const context = await newContext(browser, server, { context: { acceptDownloads: true } });
  try {
    const page = await context.newPage();
    await signIn(page, server.logins['city-admin']);
    return await body(page);
  } finally {
    await context.close();
  }
}

async function assertFitsNarrow(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= NARROW.width, `${what} (${page.url()}) is ${width} px wide at ${NARROW.width} px: it scrolls sideways`);
}

async function follow(page, control) {
  await Promise.all([page.waitForNavigation(), control.click()]);
}

test('a resident ranks with demographics at 320 px without JavaScript, then changes, downloads and erases', async () => {
  await asResident('en', async (page) => {
    await page.goto(`/cities/${CITY}`);
    await follow(page, page.getByRole('navigation', { name: /residents/i }).getByRole('link', { name: 'Consultations' }));
    await assertFitsNarrow(page, 'the consultations list');
    await follow(page, page.getByRole('link', { name: QUESTION }));
    sent.path = new URL(page.url()).pathname;
    await assertFitsNarrow(page, 'the consultation');
    assert.match(await page.locator('#cs-about-why').innerText(), /deleted 12 months after the consultation closes/);

    // Sent with nothing ranked and a comment: the problem is named, the text kept.
    await page.getByLabel('Your text').fill('Please keep paper forms at the library.');
    await follow(page, page.getByRole('button', { name: 'Send my answer' }));
    assert.match(await page.locator('.error-summary').innerText(), /Your answer/);
    assert.equal(await page.getByLabel('Your text').inputValue(), 'Please keep paper forms at the library.');
    await assertFitsNarrow(page, 'the consultation with its errors');

    await page.getByLabel('Digital skills courses for older residents').selectOption('1');
    await page.getByLabel('Affordable home broadband in underserved districts').selectOption('2');
    await page.getByLabel('Age', { exact: true }).selectOption({ label: '75 or older' });
    await page.getByLabel('Gender', { exact: true }).selectOption({ label: 'Woman' });
    await page.getByLabel('District where you live').selectOption({ label: 'Harbour' });
    await page.getByLabel(/disability/).selectOption({ label: 'Yes' });
    await page.getByRole('radio', { name: 'Proposal' }).check();
    await follow(page, page.getByRole('button', { name: 'Send my answer' }));
    assert.match(new URL(page.url()).pathname, /^\/ballots\/[^/]+$/);
    await assertFitsNarrow(page, 'the receipt');
    assert.match(await page.locator('[role="status"]').first().innerText(), /Thank you, your answer is saved/);
    sent.code = (await page.locator('.pa-code').innerText()).trim();
    const main = await page.locator('main').innerText();
    assert.match(main, /Digital skills courses for older residents[\s\S]*Affordable home broadband/);
    assert.match(main, /75 or older[\s\S]*Woman[\s\S]*Harbour/);
    assert.match(main, /Please keep paper forms at the library\./);

    // The same browser again: not counted, told so.
    await page.goto(sent.path);
    assert.match(await page.locator('main').innerText(), /already sent from this browser/);

    // Follow by the code, typed in lower case.
    await page.goto('/receipts');
    await page.getByLabel('Receipt code').fill(sent.code.toLowerCase());
    await follow(page, page.getByRole('button', { name: 'Show my report' }));
    assert.equal(new URL(page.url()).pathname, `/ballots/${sent.code}`);

    // Change: the form comes back as sent.
    await follow(page, page.getByRole('link', { name: 'Change my answer' }));
    await assertFitsNarrow(page, 'the change form');
    assert.equal(await page.getByLabel('Digital skills courses for older residents').inputValue(), '1');
    await page.getByLabel('Open data on city spending').selectOption('3');
    await follow(page, page.getByRole('button', { name: 'Save my changes' }));
    assert.match(await page.locator('[role="status"]').first().innerText(), /Your answer is changed/);
    assert.match(await page.locator('main').innerText(), /Open data on city spending/);

    // Download what was sent.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download everything you sent (JSON)' }).click(),
    ]);
    const data = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(data.demographics.age_band, '75-plus');
    assert.equal(data.choices.length, 3);

    // Erase what I said about myself, after confirming: the vote stays.
    await follow(page, page.getByRole('link', { name: 'Erase what I said about myself' }));
    await assertFitsNarrow(page, 'the confirmation');
    await follow(page, page.getByRole('button', { name: 'Erase them' }));
    assert.match(await page.locator('main').innerText(), /You did not say anything about yourself/);
    assert.match(await page.locator('main').innerText(), /Digital skills courses/);

    // Erase the answer, after confirming.
    await follow(page, page.getByRole('link', { name: 'Erase my answer' }));
    await follow(page, page.getByRole('link', { name: 'Cancel' }));
    assert.equal(new URL(page.url()).pathname, `/ballots/${sent.code}`);
    await follow(page, page.getByRole('link', { name: 'Erase my answer' }));
    await follow(page, page.getByRole('button', { name: 'Erase it' }));
    assert.equal(new URL(page.url()).pathname, sent.path);
    assert.match(await page.locator('[role="status"]').first().innerText(), /is erased/);
    assert.equal((await page.goto(`/ballots/${sent.code}`)).status(), 404);
  });
});

test('in Arabic the consultation pages read right to left and fit 320 px', async () => {
  await asResident('ar', async (page) => {
    await page.goto(sent.path);
    assert.deepEqual(await htmlLangDir(page), { lang: 'ar', dir: 'rtl' });
    await assertFitsNarrow(page, 'the consultation, in Arabic');
    await follow(page, page.locator('#ballot-form button[type="submit"]'));
    await page.locator('.error-summary').waitFor();
    await assertFitsNarrow(page, 'the consultation with its errors, in Arabic');
    await page.locator('select[name^="rank-"]').first().selectOption('1');
    await follow(page, page.locator('#ballot-form button[type="submit"]'));
    assert.match(new URL(page.url()).pathname, /^\/ballots\//);
    assert.deepEqual(await htmlLangDir(page), { lang: 'ar', dir: 'rtl' });
    await assertFitsNarrow(page, 'the receipt, in Arabic');
    await page.goto(`/cities/${CITY}/consultations`);
    await assertFitsNarrow(page, 'the list, in Arabic');
  });
});

test('the consultation page weighs under 100 KB (HTML and CSS, as transferred)', async () => {
  const context = await newContext(browser, server, { context: { javaScriptEnabled: false, viewport: NARROW } });
  try {
    const page = await context.newPage();
    const finished = [];
    page.on('requestfinished', (request) => finished.push(request));
    await page.goto(sent.path, { waitUntil: 'load' });
    const sizes = await Promise.all(finished.map(async (request) => {
      const s = await request.sizes();
      return s.responseHeadersSize + s.responseBodySize;
    }));
    const total = sizes.reduce((a, b) => a + b, 0);
    console.log(`consultation page weight: ${total} B`);
    assert.ok(total < 100 * 1024, `the consultation page weighs ${total} bytes`);
  } finally {
    await context.close();
  }
});

test('the city admin creates and publishes a vote, enters a phone answer, reads and exports the results', async () => {
  await asCityAdmin(async (page) => {
    await page.goto(`/cities/${CITY}`);
    await follow(page, page.getByRole('link', { name: 'Consultations and who took part' }));
    await follow(page, page.getByRole('link', { name: 'New consultation' }));
    await page.getByLabel('Question').fill('Which library should open on Sundays?');
    await page.getByLabel('Explanation for residents').fill('One vote each. The winner opens from March.');
    await page.getByRole('radio', { name: 'Vote for one option' }).check();
    await page.getByLabel('Options', { exact: true }).fill('Central library | by the station\nHarbour library\nNorth Hills library');
    await follow(page, page.getByRole('button', { name: 'Save the draft' }));
    assert.match(await page.locator('[role="status"]').first().innerText(), /draft is saved/);
    assert.match(await page.locator('main dl').innerText(), /Draft/);
    await follow(page, page.getByRole('button', { name: 'Publish' }));
    assert.match(await page.locator('[role="status"]').first().innerText(), /Published/);
    const overview = page.url();

    // A resident phones in: the answer is entered for them, flagged by channel.
    await follow(page, page.getByRole('link', { name: 'Enter an answer for a resident' }));
    await follow(page, page.getByRole('button', { name: 'Save the answer' }));
    assert.match(await page.locator('.error-summary').innerText(), /How the answer was given/);
    await page.getByRole('radio', { name: 'Phone' }).check();
    await page.getByRole('radio', { name: 'Harbour library' }).check();
    await page.getByLabel('Age', { exact: true }).selectOption({ label: '65 to 74' });
    await follow(page, page.getByRole('button', { name: 'Save the answer' }));
    assert.match(await page.locator('[role="status"]').first().innerText(), /The answer is saved/);
    assert.match((await page.locator('.pa-code').innerText()).trim(), /\S{4}-\S{4}/);

    // Results, filtered by channel; small groups are not shown.
    await page.goto(overview);
    await follow(page, page.getByRole('link', { name: 'Results' }));
    assert.match(await page.locator('main').innerText(), /1 answers/);
    await page.getByLabel('Answers given').selectOption({ label: 'Phone' });
    await follow(page, page.getByRole('button', { name: 'Show' }));
    assert.match(new URL(page.url()).search, /channel=phone/);
    assert.match(await page.locator('main').innerText(), /fewer than 5/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download as CSV' }).click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    assert.match(csv, /^table,group,option,count,borda_points,note/);
    assert.match(csv, /channel=phone/);

    // The demo consultation: who took part, with groups to reach out to.
    await page.goto(`/cities/${CITY}/participation/consultations`);
    await follow(page, page.getByRole('link', { name: QUESTION }));
    await follow(page, page.getByRole('link', { name: 'Who took part' }));
    const text = await page.locator('main').innerText();
    assert.match(text, /Population: demo/);
    assert.match(text, /Under-represented/);
    await follow(page, page.getByRole('link', { name: 'Population profile' }));
    assert.equal(await page.getByLabel('Source').inputValue(), 'demo');
  });
});

test('the city admin says what became of the consultation; residents read it on its page and on "You said, we did"', async () => {
  await asCityAdmin(async (page) => {
    await page.goto(`/cities/${CITY}/participation/consultations`);
    await follow(page, page.getByRole('link', { name: QUESTION }));
    await follow(page, page.getByRole('link', { name: 'What the city did with the result (you said, we did)' }));
    await page.getByLabel('Decision', { exact: true }).selectOption({ label: 'Done' });
    await page.getByLabel('Roadmap action').selectOption({ label: 'Digital skills hubs in public libraries' });
    await page.getByLabel('What the city decided').fill('The council adopted the ranking: skills hubs first.');
    await follow(page, page.getByRole('button', { name: 'Save the answer' }));
    assert.match(await page.locator('[role="status"]').first().innerText(), /saved/i);
    assert.match(await page.locator('main ol.pa-timeline').innerText(), /Done/);
  });
  await asResident('en', async (page) => {
    await page.goto(`/cities/${CITY}/consultations`);
    await follow(page, page.getByRole('link', { name: QUESTION }));
    const text = await page.locator('main').innerText();
    assert.match(text, /What the city did with the answers/);
    assert.match(text, /skills hubs first/);
    await assertFitsNarrow(page, 'the consultation page with its outcome');
    await follow(page, page.getByRole('link', { name: 'You said, we did' }));
    const said = await page.locator('main').innerText();
    assert.match(said, /Lend tablets from the library/);
    assert.match(said, /Digital skills hubs in public libraries/);
    await assertFitsNarrow(page, '"You said, we did"');
  });
});
