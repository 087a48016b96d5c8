// What a person does in the Civitas web shell, in a real browser: sign in,
// read the interface in Arabic, invite someone who then creates an account,
// find both steps in the audit log, correct a bad form value, use the site
// with JavaScript off, and reach the content with the keyboard.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CITY, startServer, launchBrowser, newContext, signIn, switchLanguage, htmlLangDir,
  createInvitation, acceptInvitation,
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

/** Runs `body` with a fresh page in a fresh context, closing both afterwards. */
async function withPage(options, body) {
  const context = await newContext(browser, server, options);
  try {
    const page = await context.newPage();
    return await body(page, context);
  } finally {
    await context.close();
  }
}

/** The audit table's rows as text, one string per row. */
async function auditRows(page, path) {
  await page.goto(path);
  return page.locator('table.audit tbody tr').allInnerTexts();
}

test('(a) the city admin signs in and is shown as signed in', async () => {
  await withPage({}, async (page) => {
    await signIn(page, server.logins['city-admin']);
    const who = page.locator('.site-header .who');
    await assert.doesNotReject(who.waitFor(), 'no "signed in as" text in the header');
    assert.match(await who.innerText(), /Amina/i);
    assert.equal(await page.locator('form[action="/logout"] button').count(), 1, 'no sign-out button');
    await page.goto(`/cities/${CITY}`);
    assert.equal(await page.locator('h1').innerText(), 'Demo City');
    // The city admin sees the workspace links of the city.
    assert.equal(await page.locator(`a[href="/cities/${CITY}/members"]`).count(), 1);
  });
});

test('(b) switching to Arabic gives a right-to-left page and the choice sticks', async () => {
  await withPage({}, async (page) => {
    await signIn(page, server.logins['city-admin']);
    await page.goto(`/cities/${CITY}`);
    assert.deepEqual(await htmlLangDir(page), { lang: 'en', dir: 'ltr' });

    await switchLanguage(page, 'ar');
    assert.equal(new URL(page.url()).pathname, `/cities/${CITY}`, 'the switch should return to the same page');
    assert.deepEqual(await htmlLangDir(page), { lang: 'ar', dir: 'rtl' });
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
    assert.equal(await page.locator('button[name="lang"][value="ar"]').getAttribute('aria-current'), 'true');

    // Another page, reached by a link: still Arabic.
    await page.goto('/account');
    assert.deepEqual(await htmlLangDir(page), { lang: 'ar', dir: 'rtl' });
    // A brand-new page in the same session (as after a browser restart with the cookie kept).
    const again = await page.context().newPage();
    await again.goto('/');
    assert.deepEqual(await htmlLangDir(again), { lang: 'ar', dir: 'rtl' });
    await again.close();
    // The choice is saved on the account too: signing in from another browser shows Arabic.
    await withPage({}, async (elsewhere) => {
      await signIn(elsewhere, server.logins['city-admin']);
      assert.deepEqual(await htmlLangDir(elsewhere), { lang: 'ar', dir: 'rtl' }, 'the language did not follow the account');
    });

    await switchLanguage(page, 'en');
    assert.deepEqual(await htmlLangDir(page), { lang: 'en', dir: 'ltr' });
    await page.goto('/');
    assert.deepEqual(await htmlLangDir(page), { lang: 'en', dir: 'ltr' });
  });
});

test('(b2) a signed-out visitor can switch to Arabic too, and the first visit follows Accept-Language', async () => {
  await withPage({ locale: 'fr-FR' }, async (page) => {
    await page.goto('/');
    assert.equal((await htmlLangDir(page)).lang, 'fr', 'first visit should follow Accept-Language');
    await switchLanguage(page, 'ar');
    assert.deepEqual(await htmlLangDir(page), { lang: 'ar', dir: 'rtl' });
    await page.goto('/login');
    assert.deepEqual(await htmlLangDir(page), { lang: 'ar', dir: 'rtl' });
  });
});

test('(c, d) the city admin invites a data editor, who accepts; the audit log shows both', async (t) => {
  const email = `new.editor.${Date.now()}@example.org`;
  const name = 'Nadia Editor';
  const password = 'a long and quite secret phrase 42';

  const link = await withPage({}, async (page) => {
    await signIn(page, server.logins['city-admin']);
    const link = await createInvitation(page, email, 'data-editor');
    assert.match(link, /\/invitations\/[^/\s]+$/, `unexpected invitation link ${link}`);
    assert.ok(link.startsWith(server.baseUrl), `link ${link} should point at this server (${server.baseUrl})`);
    // The pending invitation is listed.
    assert.match(await page.locator('main').innerText(), new RegExp(email.replace(/\./g, '\\.')));
    return link;
  });

  // The invited person: a different browser with no cookies.
  await withPage({}, async (page) => {
    await page.goto(link);
    assert.match(await page.locator('main').innerText(), /Demo City/);
    assert.match(await page.locator('main').innerText(), new RegExp(email.replace(/\./g, '\\.')));
    await acceptInvitation(page, link, name, password);
    const who = page.locator('.site-header .who');
    await who.waitFor();
    assert.match(await who.innerText(), new RegExp(name));
    // They can open their city and see it as a member.
    await page.goto(`/cities/${CITY}`);
    assert.equal(await page.locator('h1').innerText(), 'Demo City');
    // The link works once only.
    await page.context().clearCookies();
    const reuse = await page.goto(link);
    assert.ok(reuse.status() >= 400, `a used invitation link answered ${reuse.status()}`);
  });

  // The new person can sign in again with the password they chose.
  await withPage({}, async (page) => {
    await signIn(page, { email, password });
    assert.match(await page.locator('.site-header .who').innerText(), new RegExp(name));
  });

  // (d) The city admin sees the member, and both steps in the audit log.
  await withPage({}, async (page) => {
    await signIn(page, server.logins['city-admin']);
    await page.goto(`/cities/${CITY}/members`);
    const row = page.locator('table').first().locator('tbody tr', { hasText: email });
    assert.equal(await row.count(), 1, `${email} is not listed among the members`);
    assert.equal(await row.locator('select').inputValue(), 'data-editor');

    const rows = await auditRows(page, `/cities/${CITY}/audit`);
    const invitationRows = rows.filter((r) => /invitation/i.test(r));
    const created = invitationRows.find((r) => /create|invite|add/i.test(r) && r.includes(email));
    const accepted = invitationRows.find((r) => /accept/i.test(r) && r.includes(email));
    assert.ok(created, `no audit entry for creating the invitation; rows:\n${rows.slice(0, 8).join('\n')}`);
    assert.ok(accepted, `no audit entry for accepting the invitation; rows:\n${rows.slice(0, 8).join('\n')}`);
    // Who did it: the city admin created it.
    assert.match(created, /Amina|amina@/i, `creation entry does not name the city admin: ${created}`);
    const membership = rows.find((r) => /membership/i.test(r) && /data-editor/.test(r) && !/demo loader/.test(r));
    assert.ok(membership, `no audit entry for the new membership; rows:\n${rows.slice(0, 8).join('\n')}`);
    for (const line of [created, accepted, membership]) t.diagnostic(`audit: ${line.replace(/\s+/g, ' ')}`);
  });
});

test('(e) a bad e-mail re-renders the form with the message at the field and the value kept', async () => {
  await withPage({}, async (page) => {
    await signIn(page, server.logins['city-admin']);
    await page.goto(`/cities/${CITY}/members`);
    const form = page.locator('form[action$="/invitations"]');
    await form.locator('#field-email').fill('not-an-email');
    await form.locator('#field-role').selectOption('verifier');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/invitations')),
      form.getByRole('button', { name: /create invitation link/i }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(response.status(), 422, 'a form with errors should answer 422 Unprocessable Content');

    const input = page.locator('#field-email');
    assert.equal(await input.inputValue(), 'not-an-email', 'the typed value was not kept');
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#field-role').inputValue(), 'verifier', 'the chosen role was not kept');

    // The message sits in the same field group as the input and is tied to it.
    const message = page.locator('.field:has(#field-email) .field-error');
    assert.equal(await message.count(), 1, 'no error message next to the e-mail field');
    const text = (await message.innerText()).trim();
    assert.ok(text.length > 0);
    const describedBy = (await input.getAttribute('aria-describedby') || '').split(/\s+/);
    assert.ok(describedBy.includes(await message.getAttribute('id')), 'the message is not in aria-describedby');

    // The summary at the top links to the field.
    const summaryLink = page.locator('.error-summary a[href="#field-email"]');
    assert.equal(await summaryLink.count(), 1, 'no link to the field in the error summary');
    await summaryLink.click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-email');

    // No invitation was created.
    assert.equal(await page.locator('code.secret').count(), 0);
  });
});

test('(e2) a wrong password on the login form keeps the e-mail and marks the form', async () => {
  await withPage({}, async (page) => {
    await page.goto('/login');
    await page.locator('#field-email').fill(server.logins.viewer.email);
    await page.locator('#field-password').fill('not the password');
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
      page.locator('main form button[type="submit"]').click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.locator('#field-email').inputValue(), server.logins.viewer.email);
    assert.equal(await page.locator('#field-password').inputValue(), '', 'a password must never be echoed back');
    assert.ok(await page.locator('.error-summary, .field-error').count() > 0, 'no error message shown');
    assert.equal(await page.locator('.site-header .who').count(), 0, 'signed in with a wrong password');
  });
});

test('(f) with JavaScript disabled a person signs in, sees the city page and switches language', async () => {
  await withPage({ context: { javaScriptEnabled: false } }, async (page) => {
    await signIn(page, server.logins['city-admin']);
    assert.match(await page.locator('.site-header .who').innerText(), /Amina/i);
    await page.goto(`/cities/${CITY}`);
    assert.equal(await page.locator('h1').innerText(), 'Demo City');
    assert.ok(await page.locator('main table tbody tr').count() > 0, 'the districts table is empty');
    // Language switch is a plain form, so it works without scripts too.
    await page.locator('button[name="lang"][value="ar"]').click();
    await page.waitForURL((url) => url.pathname === `/cities/${CITY}`);
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    await page.locator('button[name="lang"][value="en"]').click();
    await page.waitForURL((url) => url.pathname === `/cities/${CITY}`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    // Invitation form, also without scripts.
    await page.goto(`/cities/${CITY}/members`);
    const form = page.locator('form[action$="/invitations"]');
    await form.locator('#field-email').fill(`nojs.${Date.now()}@example.org`);
    await form.locator('#field-role').selectOption('viewer');
    await form.getByRole('button', { name: /create invitation link/i }).click();
    await page.locator('code.secret').waitFor();
    // Signing out is a form too.
    await page.locator('form[action="/logout"] button').click();
    await page.waitForLoadState('load');
    assert.equal(await page.locator('.site-header .who').count(), 0, 'still signed in after signing out');
  });
});

test('(g) the skip link is the first Tab stop and moves focus to the main content', async () => {
  for (const lang of ['en', 'ar']) {
    await withPage({}, async (page) => {
      await page.goto('/');
      if (lang !== 'en') await switchLanguage(page, lang);
      // A page whose main content has controls, so the Tab after the skip link has somewhere to go.
      await page.goto('/login');
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => ({
        cls: document.activeElement?.className,
        href: document.activeElement?.getAttribute('href'),
        text: document.activeElement?.textContent?.trim(),
      }));
      assert.equal(first.cls, 'skip-link', `${lang}: first Tab stop is ${JSON.stringify(first)}`);
      assert.equal(first.href, '#main');
      // It becomes visible when focused (not left off-screen).
      const box = await page.locator('.skip-link').boundingBox();
      assert.ok(box && box.y >= 0 && box.height > 0, `${lang}: the focused skip link is not on screen: ${JSON.stringify(box)}`);
      const viewport = page.viewportSize();
      assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, `${lang}: the skip link is outside the viewport horizontally`);

      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', `${lang}: focus did not move to main`);
      // The next Tab continues inside main, not back in the header.
      await page.keyboard.press('Tab');
      assert.equal(
        await page.evaluate(() => document.activeElement?.id),
        'field-email',
        `${lang}: Tab after the skip link should reach the first field of the main content`,
      );
    });
  }
});
