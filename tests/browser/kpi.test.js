// The KPI assessment from data entry to a locked, verified assessment, in a
// real browser and without any script of ours: the data editor enters a
// category of the 2025 draft (a bad value first, then the fix), the city
// admin assigns the verifier and submits, the verifier asks a question,
// marks every reported KPI verified or not and completes; the city then
// finds the assessment locked.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CITY, startServer, launchBrowser, newContext, signIn } from './support.js';

let server;
let browser;
let overviewPath; // the 2025 draft's overview

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function withPage(who, body) {
  const context = await newContext(browser, server, { context: { javaScriptEnabled: false } });
  try {
    const page = await context.newPage();
    await signIn(page, server.logins[who]);
    return await body(page);
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

test('the data editor enters a category: a bad value is shown at its field, then fixed', async () => {
  await withPage('data-editor', async (page) => {
    await page.goto(`/cities/${CITY}`);
    await page.getByRole('link', { name: 'KPI assessments' }).click();
    await page.getByRole('link', { name: 'KPI assessment 2025' }).click();
    overviewPath = new URL(page.url()).pathname;
    assert.match(overviewPath, /^\/cities\/demo-city\/assessments\/\d+$/);
    assert.match(await page.locator('.facts').innerText(), /Draft/);

    await page.locator(`a[href="${overviewPath}/categories/ICT/ICT"]`).click();
    const kpi = page.locator('fieldset.kpi', { hasText: 'EC: ICT: ICT: 1C' });
    const numerator = kpi.locator('input[name$="-numerator"]').first();
    await numerator.fill('1,5');
    await kpi.locator('input[name$="-source"]').first().fill('Household ICT survey 2025');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save this category' })), 422);

    // The message sits at the field, tied to it, and the summary links there.
    assert.equal(await numerator.inputValue(), '1,5', 'the typed value was kept');
    assert.equal(await numerator.getAttribute('aria-invalid'), 'true');
    const id = await numerator.getAttribute('id');
    const message = page.locator(`#${id}-error`);
    assert.match(await message.innerText(), /number like 12\.5/);
    assert.ok((await numerator.getAttribute('aria-describedby')).includes(`${id}-error`));
    const summaryLink = page.locator(`.error-summary a[href="#${id}"]`);
    await summaryLink.click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), id);

    // Keyboard: the field is reachable and the fix goes through.
    await numerator.fill('160000');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save this category' })), 303);
    assert.match(await page.locator('.notice').innerText(), /category has been saved/);
    const saved = page.locator('fieldset.kpi', { hasText: 'EC: ICT: ICT: 1C' });
    assert.equal(await saved.locator('input[name$="-numerator"]').first().inputValue(), '160000');
    assert.match(await saved.innerText(), /Current value/);
  });
});

test('the city admin assigns the verifier and submits', async () => {
  assert.ok(overviewPath, 'the first test found the draft');
  await withPage('city-admin', async (page) => {
    await page.goto(`${overviewPath}/settings`);
    const verifier = page.locator('#field-verifier');
    const sofia = await verifier.locator('option', { hasText: 'Sofía' }).getAttribute('value');
    await verifier.selectOption(sofia);
    await page.locator('#field-currency').fill('EUR');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save' })), 303);
    assert.match(await page.locator('.notice').innerText(), /settings have been saved/);
    assert.match(await page.locator('.facts').innerText(), /Sofía/);

    assert.equal(await submit(page, page.getByRole('button', { name: 'Submit for verification' })), 303);
    assert.match(await page.locator('.facts').innerText(), /With the verifier/);
  });
});

test('the verifier asks, marks every reported KPI and completes', async () => {
  await withPage('verifier', async (page) => {
    await page.goto(`${overviewPath}/verification`);
    // Completing too early is refused with the reason.
    assert.equal(await submit(page, page.getByRole('button', { name: 'Complete the verification' }).first()), 422);
    assert.match(await page.locator('.error-summary').innerText(), /Every reported KPI must be marked/);

    const first = page.locator('section.review-item').first();
    await first.locator('textarea[name="body"]').first().fill('Which survey wave is this figure from?');
    assert.equal(await submit(page, first.getByRole('button', { name: 'Ask the question' })), 303);
    assert.match(await page.locator('main').innerText(), /Which survey wave is this figure from\?/);

    // One decision form per reported KPI still pending; each submit reloads the page.
    let rounds = 0;
    for (;;) {
      const pending = page.locator('section.review-item', { hasText: 'Not reviewed yet' }).first();
      if (await pending.count() === 0) break;
      const decision = rounds === 0 ? 'not-verified' : 'verified';
      await pending.locator(`input[name="decision"][value="${decision}"]`).check();
      if (decision === 'not-verified') {
        await pending.locator('textarea[id$="-decision-body"]').fill('The source does not show this figure.');
      }
      assert.equal(await submit(page, pending.getByRole('button', { name: 'Record the decision' })), 303);
      rounds += 1;
      assert.ok(rounds < 200, 'too many KPIs to review');
    }
    assert.ok(rounds > 5, `only ${rounds} KPIs were reviewed`);
    assert.equal(await submit(page, page.getByRole('button', { name: 'Complete the verification' }).first()), 303);
    assert.match(await page.locator('.notice').innerText(), /verification is complete/);
    assert.match(await page.locator('.facts').innerText(), /Verified/);
  });
});

test('the city finds the verified assessment locked', async () => {
  await withPage('data-editor', async (page) => {
    await page.goto(overviewPath);
    assert.match(await page.locator('main').innerText(), /this assessment is locked/);
    assert.equal(await page.getByRole('button', { name: 'Submit for verification' }).count(), 0);
    await page.goto(`${overviewPath}/categories/ICT/ICT`);
    assert.equal(await page.locator('input[name$="-numerator"]').count(), 0, 'no field to change');
    assert.equal(await page.getByRole('button', { name: 'Save this category' }).count(), 0);
    await page.goto(`${overviewPath}/verification`);
    assert.match(await page.locator('main').innerText(), /Which survey wave is this figure from\?/);
    assert.match(await page.locator('main').innerText(), /The source does not show this figure\./);
  });
});
