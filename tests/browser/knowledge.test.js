// The knowledge base in a real browser: search in French and see the matches
// marked, narrow the results to one pillar (a GET form, so the address can be
// shared and it works without JavaScript), open an entry and follow its chain,
// and, as the platform admin, edit an entry, have a bad edit refused, save a
// good one and find the new words by searching; then revert it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newContext, signIn, switchLanguage } from './support.js';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function withPage(options, body) {
  const context = await newContext(browser, server, options);
  try {
    const page = await context.newPage();
    return await body(page, context);
  } finally {
    await context.close();
  }
}

/** Clicks a control that loads a new page and waits for it. */
async function go(page, control) {
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), control.click()]);
}

test('search in French, filter by pillar, open an entry and follow its links', async () => {
  await withPage({}, async (page) => {
    await page.goto('/');
    await go(page, page.locator('.site-header nav a[href="/knowledge"]'));
    await switchLanguage(page, 'fr');
    assert.equal(await page.locator('h1').innerText(), 'Base de connaissances');

    await page.getByLabel('Mots à chercher').fill('données ouvertes');
    await page.getByLabel('Langue des résultats').selectOption('fr');
    await go(page, page.locator('form.kb-search button[type="submit"]'));
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('q'), 'données ouvertes');
    const results = page.locator('.kb-result');
    assert.ok(await results.count() > 0, 'no result for « données ouvertes »');
    const marks = await page.locator('.kb-result mark').allInnerTexts();
    assert.ok(marks.some((m) => /donn[ée]es|ouvert/i.test(m)), `marked: ${marks.join(', ')}`);
    assert.equal(await results.first().locator('h3').getAttribute('lang'), 'fr');

    // One pillar: open the filters, tick it, search again.
    await page.locator('details.kb-filters summary').click();
    const pillar = page.locator('input[name="pillar"][value="multi-level-governance"]');
    await pillar.check();
    await go(page, page.locator('form.kb-search button[type="submit"]'));
    assert.deepEqual(new URL(page.url()).searchParams.getAll('pillar'), ['multi-level-governance']);
    assert.ok(await page.locator('input[name="pillar"][value="multi-level-governance"]').isChecked());
    const filtered = await page.locator('.kb-result').count();
    assert.ok(filtered > 0 && filtered <= await results.count() + 10);

    // The address is the search: opening it fresh gives the same page.
    const shared = page.url();
    const firstTitle = await page.locator('.kb-result h3').first().innerText();
    await page.goto(shared);
    assert.equal(await page.locator('.kb-result h3').first().innerText(), firstTitle);

    // Open the first result, then follow a link of its chain and come back through the other direction.
    await go(page, page.locator('.kb-result h3 a').first());
    assert.match(new URL(page.url()).pathname, /^\/knowledge\/[a-z0-9-]+$/);
    const entryPath = new URL(page.url()).pathname;
    assert.ok(await page.locator('.kb-entry h1').innerText());
    await page.locator('#kb-provenance').waitFor();
    const chain = page.locator('ul.kb-links a').first();
    await go(page, chain);
    const back = page.locator(`ul.kb-links a[href^="${entryPath}"]`);
    assert.equal(await back.count(), 1, 'the linked entry links back');
  });
});

test('Spanish readers see English text marked as such', async () => {
  await withPage({}, async (page) => {
    await page.goto('/knowledge?q=datos+abiertos&lang=es');
    await switchLanguage(page, 'es');
    const fallback = page.locator('.kb-result .kb-fallback').first();
    assert.equal(await fallback.innerText(), 'Se muestra en inglés');
  });
});

test('the platform admin edits an entry, a bad edit is refused, the saved words are found', async () => {
  await withPage({}, async (page) => {
    await signIn(page, server.logins['platform-admin']);
    await page.goto('/knowledge/accessible-digital-services');
    await go(page, page.locator('a[href="/knowledge/accessible-digital-services/edit"]'));
    const area = page.locator('#field-toml');
    const original = await area.inputValue();

    await area.fill(original.replace('topics = ["digital-inclusion"]', 'topics = ["digital-inclusoin"]'));
    await go(page, page.locator('button[name="action"][value="save"]'));
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /solution\/accessible-digital-services\.toml/);
    assert.match(await summary.innerText(), /topics\[0\].*digital-inclusoin/);
    assert.equal(await page.locator('#field-toml').getAttribute('aria-invalid'), 'true');

    const edited = original.replace(
      'title = "Make city digital services accessible',
      'title = "Quetzal kiosks: make city digital services accessible',
    );
    await page.locator('#field-toml').fill(edited);
    await go(page, page.locator('button[name="action"][value="preview"]'));
    assert.match(await page.locator('.kb-preview h3').innerText(), /^Quetzal kiosks/);
    await go(page, page.locator('button[name="action"][value="save"]'));
    assert.equal(new URL(page.url()).searchParams.get('notice'), 'saved');

    await page.goto('/knowledge');
    await page.getByLabel('Words to look for').fill('quetzal');
    await go(page, page.locator('form.kb-search button[type="submit"]'));
    const hit = page.locator('.kb-result h3 a[href^="/knowledge/accessible-digital-services"]');
    assert.equal(await hit.count(), 1, 'the edited entry is found');
    assert.equal(await hit.locator('mark').first().innerText(), 'Quetzal');

    // The edit is listed with its history, and reverting brings the shipped text back.
    await page.goto('/knowledge/edits');
    assert.equal(await page.locator('a[href="/knowledge/accessible-digital-services/edit"]').count(), 1);
    await page.goto('/knowledge/accessible-digital-services/edit');
    await go(page, page.locator('a[href="/knowledge/accessible-digital-services/revert"]'));
    await go(page, page.locator('main form button[type="submit"]'));
    assert.equal(await page.locator('#field-toml').inputValue(), original);
    await page.goto('/knowledge?q=quetzal');
    assert.equal(await page.locator('.kb-result').count(), 0);
  });
});
