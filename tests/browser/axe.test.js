// axe-core on every page of the web shell, in English and in Arabic
// (right-to-left), signed out and signed in with the role that may see it,
// including forms in their error state, the confirmation pages and the
// error pages. Any violation of WCAG 2.0/2.1/2.2 A and AA rules fails the
// page's test and prints the rule id and the element.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CITY, startServer, launchBrowser, newContext, signIn, switchLanguage, htmlLangDir,
  axeViolations, formatViolations, createInvitation,
} from './support.js';

const LANGUAGES = [
  { code: 'en', dir: 'ltr' },
  { code: 'ar', dir: 'rtl' },
];

let server;
let browser;
let invitationPath; // a pending invitation, for the signed-out invitation page
let memberId; // the viewer's user id in the demo city, for the confirmation pages
let draftPath; // the demo's KPI assessments: 2025 draft, 2024 with the verifier, 2023 verified
let submittedPath;
let verifiedPath;
let evidencePath; // an evidence file of the draft, for its confirmation page
let receiptPath; // a resident's report of a pothole, followed by its receipt code
let reportId; // …and its request id, for the moderation page
let hiddenReceiptPath; // a second report, hidden by the city admin with a reason
let hiddenId;
let openRoundPath; // the demo's maturity rounds: 2026 open, 2025 closed
let closedRoundPath;
let questionnairePath; // a respondent's private link in the open round
let actionPath; // a roadmap action of the demo city
let procurementId; // the demo's procurement at evaluate-and-award
let csDemo; // consultations: the demo's open ranking, as its public path
let csTeam; // …and as the team's path
let csDraft; // a draft vote the axe run creates (team path)
let csClosed; // a vote the axe run publishes, answers by phone and closes (public path)
let csBallot; // a resident's answer to the demo (receipt path), its proposal hidden with a reason
const contexts = new Map();

/** One signed-in (or anonymous) browser per person and language, reused by the pages. */
async function pageFor(who, lang) {
  const key = `${who}/${lang}`;
  if (!contexts.has(key)) {
    const context = await newContext(browser, server);
    const page = await context.newPage();
    if (who !== 'anonymous') await signIn(page, server.logins[who]);
    else await page.goto('/');
    // Always by the button, English too: a signed-in person's choice is also saved
    // on their account, so the Arabic run would otherwise leak into the English one.
    await switchLanguage(page, lang);
    contexts.set(key, { context, page });
  }
  return contexts.get(key).page;
}

/** A resident's report of a problem, as the axe run sends it. */
const AXE_REPORT = {
  service: 'pothole',
  description: 'A deep pothole in the cycle lane by the axe test, wheels get stuck in it.',
  address: '12 Axe Street',
};

/** Fills the report form (already open) with `report`. */
async function fillReport(page, report) {
  await page.locator(`#service-${report.service}`).check();
  await page.locator('#field-description').fill(report.description);
  await page.locator('#field-address_string').fill(report.address);
}

/** Submits the form that holds `button` and waits for the answer page. */
async function submit(page, button) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    button.click(),
  ]);
  await page.waitForLoadState('load');
}

// Every page, with how to reach the state that is checked. `expect` is the
// HTTP status the page must answer, so a page that silently redirected to
// the login form does not pass as "the admin page".
const PAGES = [
  // Signed out.
  { who: 'anonymous', name: 'home', path: '/' },
  { who: 'anonymous', name: 'login', path: '/login' },
  {
    who: 'anonymous', name: 'login, wrong password (error state)', path: '/login',
    async then(page) {
      await page.locator('#field-email').fill(server.logins.viewer.email);
      await page.locator('#field-password').fill('wrong password');
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('.error-summary, .field-error').first().waitFor();
    },
  },
  {
    who: 'anonymous', name: 'login, empty fields (error state)', path: '/login',
    async then(page) {
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('[aria-invalid="true"]').first().waitFor();
    },
  },
  { who: 'anonymous', name: 'public city page', path: `/cities/${CITY}` },
  { who: 'anonymous', name: 'invitation', path: () => invitationPath },
  {
    who: 'anonymous', name: 'invitation, passwords differ (error state)', path: () => invitationPath,
    async then(page) {
      await page.locator('#field-name').fill('Test Person');
      await page.locator('#field-password').fill('first long password 1');
      await page.locator('#field-confirm_password').fill('another long password 2');
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('[aria-invalid="true"]').first().waitFor();
    },
  },
  { who: 'anonymous', name: 'error page (404)', path: '/no-such-page', expect: 404 },
  { who: 'anonymous', name: 'unknown invitation link (error page)', path: '/invitations/not-a-real-token', expectError: true },

  // Signed in as the city admin.
  { who: 'city-admin', name: 'home, signed in', path: '/' },
  { who: 'city-admin', name: 'account', path: '/account' },
  {
    who: 'city-admin', name: 'account, wrong current password (error state)', path: '/account',
    async then(page) {
      const form = page.locator('form[action="/account/password"]');
      await form.locator('#field-current_password').fill('not my password');
      await form.locator('#field-new_password').fill('a brand new long password');
      await form.locator('#field-confirm_password').fill('a different new password');
      await submit(page, form.locator('button[type="submit"]'));
      await page.locator('[aria-invalid="true"]').first().waitFor();
    },
  },
  {
    who: 'city-admin', name: 'account, new API token shown', path: '/account',
    async then(page, lang) {
      const form = page.locator('form[action="/account/tokens"]');
      await form.locator('#field-name').fill(`axe ${lang}`);
      await submit(page, form.locator('button[type="submit"]'));
      await page.locator('code.secret').waitFor();
    },
  },
  { who: 'city-admin', name: 'city page, signed in', path: `/cities/${CITY}` },
  { who: 'city-admin', name: 'members', path: `/cities/${CITY}/members` },
  {
    who: 'city-admin', name: 'members, invitation with a bad e-mail (error state)', path: `/cities/${CITY}/members`,
    async then(page) {
      const form = page.locator('form[action$="/invitations"]');
      await form.locator('#field-email').fill('not-an-email');
      await submit(page, form.getByRole('button').last());
      await page.locator('#field-email[aria-invalid="true"]').waitFor();
    },
  },
  {
    who: 'city-admin', name: 'members, new invitation link shown', path: `/cities/${CITY}/members`,
    async then(page, lang) {
      const form = page.locator('form[action$="/invitations"]');
      await form.locator('#field-email').fill(`axe.${lang}.${Date.now()}@example.org`);
      await form.locator('#field-role').selectOption('viewer');
      await submit(page, form.getByRole('button').last());
      await page.locator('code.secret').waitFor();
    },
  },
  { who: 'city-admin', name: 'city settings', path: `/cities/${CITY}/settings` },
  {
    who: 'city-admin', name: 'city settings, bad population (error state)', path: `/cities/${CITY}/settings`,
    async then(page) {
      await page.locator('#field-population').fill('lots of people');
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('#field-population[aria-invalid="true"]').waitFor();
    },
  },
  { who: 'city-admin', name: 'city audit log', path: `/cities/${CITY}/audit` },
  { who: 'city-admin', name: 'confirm removing a member', path: () => `/cities/${CITY}/members/${memberId}/remove` },
  { who: 'city-admin', name: 'confirm disabling a member', path: () => `/cities/${CITY}/members/${memberId}/disable` },
  { who: 'city-admin', name: 'error page (404), signed in', path: '/no-such-page', expect: 404 },
  { who: 'city-admin', name: 'error page (403): platform admin page', path: '/admin', expectError: true },

  // Signed in as the platform admin.
  { who: 'platform-admin', name: 'platform admin', path: '/admin' },
  {
    who: 'platform-admin', name: 'platform admin, new city with bad values (error state)', path: '/admin',
    async then(page) {
      const form = page.locator('form[action="/admin/cities"]');
      await form.locator('#field-slug').fill('Not A Slug!');
      await form.locator('#field-population').fill('-5');
      await submit(page, form.locator('button[type="submit"]'));
      await page.locator('[aria-invalid="true"]').first().waitFor();
    },
  },
  { who: 'platform-admin', name: 'platform audit log', path: '/admin/audit' },
  { who: 'platform-admin', name: 'confirm disabling a user', path: () => `/admin/users/${memberId}/disable` },

  // Knowledge base.
  { who: 'anonymous', name: 'knowledge base search', path: '/knowledge' },
  { who: 'anonymous', name: 'knowledge base results with filters and marks', path: '/knowledge?q=open+data&kind=solution&pillar=multi-level-governance' },
  { who: 'anonymous', name: 'knowledge base results shown in English, page 2', path: '/knowledge?q=data&lang=es&page=2' },
  { who: 'anonymous', name: 'knowledge base browse', path: '/knowledge/browse' },
  { who: 'anonymous', name: 'knowledge base entry', path: '/knowledge/accessible-digital-services' },
  { who: 'anonymous', name: 'knowledge base entry, English fallback', path: '/knowledge/wcag-22-accessibility?lang=es' },
  { who: 'platform-admin', name: 'knowledge base edits', path: '/knowledge/edits' },
  { who: 'platform-admin', name: 'knowledge base new entry', path: '/knowledge/new' },
  { who: 'platform-admin', name: 'knowledge base edit', path: '/knowledge/accessible-digital-services/edit' },
  {
    who: 'platform-admin', name: 'knowledge base edit, bad file (error state)', path: '/knowledge/accessible-digital-services/edit',
    async then(page) {
      const area = page.locator('#field-toml');
      await area.fill((await area.inputValue()).replace('sdgs = [10, 11]', 'sdgs = [10, 18]'));
      await submit(page, page.locator('button[name="action"][value="save"]'));
      await page.locator('#field-toml[aria-invalid="true"]').waitFor();
    },
  },
  {
    who: 'platform-admin', name: 'knowledge base edit, preview', path: '/knowledge/accessible-digital-services/edit',
    async then(page) {
      await submit(page, page.locator('button[name="action"][value="preview"]'));
      await page.locator('.kb-preview').waitFor();
    },
  },
  {
    who: 'platform-admin', name: 'knowledge base edit, saved with history', path: '/knowledge/accessible-digital-services/edit',
    async then(page) {
      const area = page.locator('#field-toml');
      await area.fill((await area.inputValue()).replace('title = "Make city', 'title = "Axe-checked: make city'));
      await submit(page, page.locator('button[name="action"][value="save"]'));
      await page.locator('a[href$="/revert"]').waitFor();
    },
  },
  { who: 'platform-admin', name: 'knowledge base revert confirmation', path: '/knowledge/accessible-digital-services/revert' },

  // KPI data entry and verification.
  { who: 'city-admin', name: 'KPI assessments', path: `/cities/${CITY}/assessments` },
  {
    who: 'city-admin', name: 'KPI assessments, bad year (error state)', path: `/cities/${CITY}/assessments`,
    async then(page) {
      await page.locator('#field-year').fill('twenty');
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('#field-year[aria-invalid="true"]').waitFor();
    },
  },
  { who: 'city-admin', name: 'KPI overview (draft)', path: () => draftPath },
  { who: 'city-admin', name: 'KPI overview (verified)', path: () => verifiedPath },
  { who: 'city-admin', name: 'KPI city inputs', path: () => `${draftPath}/inputs` },
  {
    who: 'city-admin', name: 'KPI city inputs, bad value (error state)', path: () => `${draftPath}/inputs`,
    async then(page) {
      await page.locator('#in-population-value').fill('many');
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('#in-population-value[aria-invalid="true"]').waitFor();
    },
  },
  { who: 'city-admin', name: 'KPI city inputs (read only)', path: () => `${verifiedPath}/inputs` },
  { who: 'data-editor', name: 'KPI category form', path: () => `${draftPath}/categories/ICT/ICT` },
  {
    who: 'data-editor', name: 'KPI category form, bad values (error state)', path: () => `${draftPath}/categories/ICT/ICT`,
    async then(page) {
      await page.locator('input[name$="-numerator"]').first().fill('1,5');
      await page.locator('input[name$="-not_reported"]').nth(1).check();
      await submit(page, page.locator('main form button[type="submit"]').last());
      await page.locator('.error-summary').waitFor();
    },
  },
  { who: 'data-editor', name: 'KPI category form with a yes/no KPI', path: () => `${draftPath}/categories/SH/SA` },
  { who: 'viewer', name: 'KPI category (read only)', path: () => `${verifiedPath}/categories/ICT/ICT` },
  { who: 'city-admin', name: 'KPI assessment settings', path: () => `${draftPath}/settings` },
  {
    who: 'city-admin', name: 'KPI assessment settings, bad currency (error state)', path: () => `${draftPath}/settings`,
    async then(page) {
      await page.locator('#field-currency').fill('euro');
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('#field-currency[aria-invalid="true"]').waitFor();
    },
  },
  { who: 'city-admin', name: 'KPI new revision (confirmation)', path: () => `${verifiedPath}/revision` },
  {
    who: 'city-admin', name: 'KPI new revision, no reason (error state)', path: () => `${verifiedPath}/revision`,
    async then(page) {
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('#field-reason[aria-invalid="true"]').waitFor();
    },
  },
  { who: 'data-editor', name: 'KPI evidence files', path: () => `${draftPath}/evidence` },
  {
    who: 'data-editor', name: 'KPI evidence, no file (error state)', path: () => `${draftPath}/evidence`,
    async then(page) {
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('.error-summary').waitFor();
    },
  },
  { who: 'data-editor', name: 'KPI evidence, confirm deleting', path: () => `${evidencePath}/delete` },
  { who: 'verifier', name: 'KPI verification (verifier)', path: () => `${submittedPath}/verification` },
  {
    who: 'verifier', name: 'KPI verification, empty question (error state)', path: () => `${submittedPath}/verification`,
    async then(page) {
      await submit(page, page.locator('section.review-item').first().getByRole('button').first());
      await page.locator('[aria-invalid="true"]').first().waitFor();
    },
  },
  {
    who: 'verifier', name: 'KPI verification, completing too early (error state)', path: () => `${submittedPath}/verification`,
    async then(page) {
      await submit(page, page.locator('form[action$="/verification/complete"] button').first());
      await page.locator('.error-summary').waitFor();
    },
  },
  { who: 'data-editor', name: 'KPI verification (city answers)', path: () => `${submittedPath}/verification` },
  { who: 'viewer', name: 'KPI verification (read only, verified)', path: () => `${verifiedPath}/verification` },

  // KPI results, snapshot, import and export.
  { who: 'anonymous', name: 'KPI results (public, verified)', path: () => `${verifiedPath}/results` },
  { who: 'anonymous', name: 'KPI SDG view (public)', path: () => `${verifiedPath}/sdg` },
  { who: 'anonymous', name: 'KPI trends (public)', path: () => `${verifiedPath}/trends` },
  { who: 'anonymous', name: 'KPI similar cities (public)', path: () => `${verifiedPath}/peers` },
  { who: 'anonymous', name: 'City Snapshot (public)', path: () => `${verifiedPath}/snapshot` },
  { who: 'city-admin', name: 'KPI results (draft)', path: () => `${draftPath}/results` },
  { who: 'city-admin', name: 'KPI trends, signed in', path: () => `${draftPath}/trends` },
  { who: 'data-editor', name: 'KPI import', path: () => `${draftPath}/import` },
  {
    who: 'data-editor', name: 'KPI import, bad cells (error state)', path: () => `${draftPath}/import`,
    async then(page) {
      const csv = 'section,item,kpi,data_point,numerator,denominator,value,source,note,quality,not_reported,not_reported_reason\n' +
        'about,year,,,,,twenty,,,,,\nkpi,,EC: ICT: ICT: 1C,,12,0,,,,great,,\n';
      await page.locator('#import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await submit(page, page.locator('main form button[type="submit"]').last());
      await page.locator('#import-problems').waitFor();
    },
  },
  {
    who: 'data-editor', name: 'KPI import, confirm replacing (confirmation)', path: () => `${draftPath}/import`,
    async then(page) {
      const text = await page.evaluate(async (url) => (await fetch(url)).text(), `${draftPath}/export.csv`);
      const lines = text.split('\n');
      const header = lines[0].replace('\ufeff', '').split(',');
      const value = header.indexOf('value');
      const row = lines.findIndex((l) => l.startsWith('kpi,') && !l.includes('"') && l.split(',')[value] !== '');
      const cells = lines[row].split(',');
      cells[value] = String(Number(cells[value]) + 1);
      lines[row] = cells.join(',');
      await page.locator('#import-file').setInputFiles({ name: 'changed.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
      await submit(page, page.locator('main form button[type="submit"]').last());
      await page.locator('form[action*="/import/confirm"]').waitFor();
    },
  },
  { who: 'city-admin', name: 'KPI target sets', path: `/cities/${CITY}/targets` },
  {
    who: 'city-admin', name: 'KPI target sets, bad file (error state)', path: `/cities/${CITY}/targets`,
    async then(page, lang) {
      await page.locator('#field-name').fill(`axe targets ${lang}`);
      await page.locator('#field-file').setInputFiles({
        name: 'targets.csv', mimeType: 'text/csv',
        buffer: Buffer.from('kpi,data_point,target,source\nNO SUCH KPI,,12,WHO\nEC: ICT: ICT: 1C,,lots,\n'),
      });
      await submit(page, page.locator('main form button[type="submit"]').last());
      await page.locator('.error-summary').waitFor();
    },
  },
  { who: 'platform-admin', name: 'KPI framework versions', path: '/admin/frameworks' },
  {
    who: 'platform-admin', name: 'KPI framework versions, bad file (error state)', path: '/admin/frameworks',
    async then(page) {
      await page.locator('#field-file').setInputFiles({ name: 'framework.toml', mimeType: 'application/toml', buffer: Buffer.from('not = [valid') });
      await submit(page, page.locator('main form button[type="submit"]').last());
      await page.locator('.error-summary').waitFor();
    },
  },
  // Digital divide: the demo survey is 1 (published), the plan's actions 1 and 2.
  { who: 'anonymous', name: 'digital divide, published surveys', path: `/cities/${CITY}/divide` },
  { who: 'anonymous', name: 'digital divide, public results with map and plan', path: `/cities/${CITY}/divide/1/public` },
  { who: 'data-editor', name: 'digital divide, surveys and upload form', path: `/cities/${CITY}/divide` },
  {
    who: 'data-editor', name: 'digital divide, malformed CSV (error state)', path: `/cities/${CITY}/divide`,
    async then(page) {
      await page.locator('#field-name').fill('Broken file');
      await page.locator('#field-year').fill('2025');
      await page.locator('#field-file').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n3\n') });
      await submit(page, page.locator('main form[enctype] button[type="submit"]'));
      await page.locator('#dv-problems').waitFor();
    },
  },
  { who: 'data-editor', name: 'digital divide, design and mapping', path: `/cities/${CITY}/divide/1/declare` },
  {
    who: 'data-editor', name: 'digital divide, mapping with a value the column never takes (error state)', path: `/cities/${CITY}/divide/1/declare`,
    async then(page) {
      await page.locator('[id="yes-internet-use"]').fill('yes');
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('#dv-problems').waitFor();
    },
  },
  { who: 'data-editor', name: 'digital divide, results', path: `/cities/${CITY}/divide/1` },
  { who: 'viewer', name: 'digital divide, district map', path: `/cities/${CITY}/divide/1/map?indicator=home-internet` },
  { who: 'viewer', name: 'digital divide, taxonomy by people affected', path: `/cities/${CITY}/divide/1/taxonomy?rank=people` },
  { who: 'data-editor', name: 'digital divide, district boundaries', path: `/cities/${CITY}/divide/boundaries` },
  { who: 'data-editor', name: 'digital divide, inclusion plan', path: `/cities/${CITY}/divide/plan` },
  { who: 'data-editor', name: 'digital divide, new inclusion action', path: `/cities/${CITY}/divide/plan/new?gap=internet-use%2Fage_group%2F65%2B` },
  {
    who: 'data-editor', name: 'digital divide, inclusion action without owner (error state)', path: `/cities/${CITY}/divide/plan/new`,
    async then(page) {
      await page.locator('#field-title').fill('Tablets on loan');
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('.error-summary').waitFor();
    },
  },
  { who: 'data-editor', name: 'digital divide, confirm deleting an action', path: `/cities/${CITY}/divide/plan/1/delete` },
  { who: 'viewer', name: 'digital divide, printable plan', path: `/cities/${CITY}/divide/plan/export` },
  { who: 'city-admin', name: 'digital divide, confirm unpublishing', path: `/cities/${CITY}/divide/1/unpublish` },

  // Participation: a resident's report, receipt and erasure; the city's moderation.
  { who: 'anonymous', name: 'participation, report a problem', path: `/cities/${CITY}/report` },
  {
    who: 'anonymous', name: 'participation, report sent empty (error state)', path: `/cities/${CITY}/report`,
    async then(page) {
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('.error-summary').waitFor();
    },
  },
  {
    who: 'anonymous', name: 'participation, report like an earlier one (duplicate notice)', path: `/cities/${CITY}/report`,
    async then(page) {
      await fillReport(page, AXE_REPORT);
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('input[name="confirm_duplicate"]').waitFor({ state: 'attached' });
    },
  },
  { who: 'anonymous', name: 'participation, receipt just after sending', path: () => `${receiptPath}?notice=submitted` },
  { who: 'anonymous', name: 'participation, receipt', path: () => receiptPath },
  { who: 'anonymous', name: 'participation, receipt of a hidden report with the reason', path: () => hiddenReceiptPath },
  { who: 'anonymous', name: 'participation, follow by receipt code', path: '/receipts' },
  { who: 'anonymous', name: 'participation, follow with an unknown code (error state)', path: '/receipts?code=NOPE-NOPE', expect: 404 },
  { who: 'anonymous', name: 'participation, follow after erasing', path: '/receipts?notice=erased' },
  { who: 'anonymous', name: 'participation, confirm erasing', path: () => `${receiptPath}/erase` },
  { who: 'city-admin', name: 'participation, moderation queue', path: `/cities/${CITY}/participation` },
  {
    who: 'city-admin', name: 'participation, new client app key shown', path: `/cities/${CITY}/participation`,
    async then(page, lang) {
      await page.locator('#field-name').fill(`Axe app ${lang}`);
      await submit(page, page.locator('form[action$="/apps"] button[type="submit"]'));
      await page.locator('.notice code').waitFor();
    },
  },
  {
    who: 'city-admin', name: 'participation, client app without a name (error state)', path: `/cities/${CITY}/participation`,
    async then(page) {
      await submit(page, page.locator('form[action$="/apps"] button[type="submit"]'));
      await page.locator('#field-name[aria-invalid="true"]').waitFor();
    },
  },
  { who: 'city-admin', name: 'participation, request with status and hide forms', path: () => `/cities/${CITY}/participation/requests/${reportId}` },
  {
    who: 'city-admin', name: 'participation, status saved with a note', path: () => `/cities/${CITY}/participation/requests/${reportId}`,
    async then(page, lang) {
      await page.locator('#status-open').check();
      await page.locator('#field-notes').fill(`Checked by the axe run (${lang}).`);
      await submit(page, page.locator('form:has(#field-notes) button[type="submit"]'));
      await page.locator('.notice[role="status"]').waitFor();
    },
  },
  {
    who: 'city-admin', name: 'participation, hiding without a reason (error state)', path: () => `/cities/${CITY}/participation/requests/${reportId}`,
    async then(page) {
      await submit(page, page.locator('form:has(#field-reason) button[type="submit"]'));
      await page.locator('#field-reason[aria-invalid="true"]').waitFor();
    },
  },
  { who: 'city-admin', name: 'participation, hidden request', path: () => `/cities/${CITY}/participation/requests/${hiddenId}` },
  // "You said, we did": the public page, the city's answer to a request and
  // the resident's receipt showing it; the retention period.
  { who: 'anonymous', name: 'participation, you said, we did', path: `/cities/${CITY}/you-said-we-did` },
  { who: 'city-admin', name: 'participation, the answer to a request', path: () => `/cities/${CITY}/participation/requests/${reportId}/outcome` },
  {
    who: 'city-admin', name: 'participation, answer with an unknown status (error state)', path: () => `/cities/${CITY}/participation/requests/${reportId}/outcome`,
    async then(page) {
      await page.locator('#field-status').evaluate((select) => { select.options[0].value = 'someday'; select.selectedIndex = 0; });
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('#field-status[aria-invalid="true"]').waitFor();
    },
  },
  {
    who: 'city-admin', name: 'participation, answer saved with a roadmap action', path: () => `/cities/${CITY}/participation/requests/${reportId}/outcome`,
    async then(page, lang) {
      await page.locator('#field-status').selectOption('planned');
      await page.locator('#field-roadmap_action').selectOption({ index: 1 });
      await page.locator('#field-decision').fill(`Planned by the axe run (${lang}).`);
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('.notice[role="status"]').waitFor();
    },
  },
  { who: 'anonymous', name: 'participation, receipt with what the city did', path: () => receiptPath },
  { who: 'city-admin', name: 'participation, retention period', path: `/cities/${CITY}/participation/retention` },
  {
    who: 'city-admin', name: 'participation, retention period of 0 months (error state)', path: `/cities/${CITY}/participation/retention`,
    async then(page) {
      await page.locator('#field-months').fill('0');
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('#field-months[aria-invalid="true"]').waitFor();
    },
  },
  {
    // Last: it spends the connection's submissions, after which every report
    // answers 429 until the window passes.
    who: 'anonymous', name: 'participation, too many reports (429)', path: `/cities/${CITY}/report`, last: true,
    async then(page, lang) {
      for (let n = 0; ; n += 1) {
        await page.goto(`/cities/${CITY}/report`);
        await fillReport(page, { ...AXE_REPORT, description: `Axe ${lang} ${n}: a bench is broken near the ${n}th tree.` });
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST'),
          page.locator('main form button[type="submit"]').click(),
        ]);
        await page.waitForLoadState('load');
        if (response.status() === 429) break;
        assert.ok(n < 6, `no 429 after ${n + 1} reports`);
      }
      await page.locator('.notice[role="alert"]').waitFor();
    },
  },
  // Strategy: maturity rounds, the questionnaire behind a private link, the roadmap.
  { who: 'city-admin', name: 'maturity rounds', path: `/cities/${CITY}/maturity` },
  {
    who: 'city-admin', name: 'maturity rounds, new round without a name (error state)', path: `/cities/${CITY}/maturity`,
    async then(page) {
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('#field-name[aria-invalid="true"]').waitFor();
    },
  },
  { who: 'city-admin', name: 'maturity round (open)', path: () => openRoundPath },
  {
    who: 'city-admin', name: 'maturity round, new private link shown', path: () => openRoundPath,
    async then(page, lang) {
      await page.locator('#field-name').fill(`Axe link ${lang} ${Date.now()}`);
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('code.secret').waitFor();
    },
  },
  {
    who: 'city-admin', name: 'maturity round, respondent without a name (error state)', path: () => openRoundPath,
    async then(page) {
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('#field-name[aria-invalid="true"]').waitFor();
    },
  },
  { who: 'viewer', name: 'maturity round (closed, read only)', path: () => closedRoundPath },
  { who: 'city-admin', name: 'maturity results with radar and consensus forms', path: () => `${openRoundPath}/results` },
  {
    who: 'city-admin', name: 'maturity results, consensus without a level (error state)', path: () => `${openRoundPath}/results`,
    async then(page) {
      await submit(page, page.locator('form#element-vs-baseline-needs button[type="submit"]'));
      await page.locator('#level-vs-baseline-needs[aria-invalid="true"]').waitFor();
    },
  },
  { who: 'viewer', name: 'maturity results (closed round, read only)', path: () => `${closedRoundPath}/results` },
  { who: 'city-admin', name: 'maturity round, confirm closing', path: () => `${openRoundPath}/close` },
  { who: 'anonymous', name: 'maturity questionnaire (private link)', path: () => questionnairePath },
  {
    who: 'anonymous', name: 'maturity questionnaire, bad evidence link (error state)', path: () => questionnairePath,
    async then(page) {
      await page.locator('#level-vs-people-centred-vision-2').check();
      await page.locator('#url-vs-people-centred-vision').fill('ftp://nowhere');
      await submit(page, page.locator('button[name="intent"][value="save"]'));
      await page.locator('.error-summary').waitFor();
    },
  },
  {
    who: 'anonymous', name: 'maturity questionnaire, thank-you', path: () => questionnairePath,
    async then(page) {
      await page.locator('#level-vs-people-centred-vision-2').check();
      await page.locator('#level-vs-baseline-needs-dont-know').check();
      await submit(page, page.locator('button[name="intent"][value="submit"]'));
      await page.locator('.st-thanks').waitFor();
    },
  },
  { who: 'city-admin', name: 'roadmap with its views', path: `/cities/${CITY}/roadmap` },
  { who: 'viewer', name: 'roadmap (read only)', path: `/cities/${CITY}/roadmap` },
  { who: 'data-editor', name: 'roadmap new action', path: `/cities/${CITY}/roadmap/actions/new?element=di-equitable-connectivity&kpi=EC%3A+ICT%3A+ICT%3A+1C` },
  { who: 'data-editor', name: 'roadmap action form (edit)', path: () => actionPath },
  {
    who: 'data-editor', name: 'roadmap action form, bad date (error state)', path: () => actionPath,
    async then(page) {
      await page.locator('#field-start_date').fill('2026-02-30');
      await submit(page, page.locator('button[name="intent"][value="save"]'));
      await page.locator('#field-start_date[aria-invalid="true"]').waitFor();
    },
  },
  { who: 'data-editor', name: 'roadmap action, confirm deleting', path: () => `${actionPath}/delete` },
  { who: 'city-admin', name: 'stakeholder map', path: `/cities/${CITY}/roadmap/stakeholders` },
  {
    who: 'city-admin', name: 'stakeholder map, new stakeholder without a name (error state)', path: `/cities/${CITY}/roadmap/stakeholders`,
    async then(page) {
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('#field-name[aria-invalid="true"]').waitFor();
    },
  },
  { who: 'viewer', name: 'roadmap export (printable)', path: `/cities/${CITY}/roadmap/export` },
  // Procurement: the demo's procurement at evaluate-and-award. The city admin
  // has declared and submitted her scores; the data editor has not declared.
  { who: 'city-admin', name: 'procurement list', path: `/cities/${CITY}/procurement` },
  { who: 'city-admin', name: 'procurement plan form (new)', path: `/cities/${CITY}/procurement/new` },
  {
    who: 'city-admin', name: 'procurement plan form, no title (error state)', path: `/cities/${CITY}/procurement/new`,
    async then(page) {
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('#field-title[aria-invalid="true"]').waitFor();
    },
  },
  { who: 'city-admin', name: 'procurement plan form (edit)', path: () => `/procurement/${procurementId}/plan` },
  { who: 'city-admin', name: 'procurement overview', path: () => `/procurement/${procurementId}` },
  { who: 'city-admin', name: 'procurement criteria', path: () => `/procurement/${procurementId}/criteria` },
  { who: 'city-admin', name: 'procurement bids and evaluation (declared, submitted)', path: () => `/procurement/${procurementId}/bids` },
  { who: 'data-editor', name: 'procurement declaration (not declared)', path: () => `/procurement/${procurementId}/declaration` },
  {
    who: 'data-editor', name: 'procurement declaration, no answer (error state)', path: () => `/procurement/${procurementId}/declaration`,
    async then(page) {
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('.error-summary').waitFor();
    },
  },
  { who: 'data-editor', name: 'procurement bids before declaring (error page, 403)', path: () => `/procurement/${procurementId}/bids`, expectError: true },
  { who: 'city-admin', name: 'procurement evaluation report', path: () => `/procurement/${procurementId}/report` },
  { who: 'city-admin', name: 'procurement delivery', path: () => `/procurement/${procurementId}/delivery` },
  // Consultations: a resident answers the demo ranking, keeps a receipt,
  // changes and erases; the team drafts, publishes, enters assisted answers,
  // reads results and who took part, and keeps the population profile.
  { who: 'anonymous', name: 'consultations list', path: `/cities/${CITY}/consultations` },
  { who: 'anonymous', name: 'consultation, ranking form', path: () => csDemo },
  {
    who: 'anonymous', name: 'consultation, sent empty (error state)', path: () => csDemo,
    async then(page) {
      await submit(page, page.locator('#ballot-form button[type="submit"]'));
      await page.locator('.error-summary').waitFor();
    },
  },
  {
    who: 'anonymous', name: 'consultation, second answer from this browser (duplicate notice)', path: () => csDemo,
    async then(page) {
      await page.locator('select[name^="rank-"]').first().selectOption('1');
      await submit(page, page.locator('#ballot-form button[type="submit"]'));
      await page.goto(csDemo);
      await page.locator('select[name^="rank-"]').first().selectOption('1');
      await submit(page, page.locator('#ballot-form button[type="submit"]'));
      await page.locator('input[name="confirm_duplicate"]').waitFor({ state: 'attached' });
    },
  },
  { who: 'anonymous', name: 'consultation, after erasing an answer', path: () => `${csDemo}?notice=erased` },
  { who: 'anonymous', name: 'consultation, closed with its public result', path: () => csClosed },
  { who: 'anonymous', name: 'consultation receipt just sent, proposal hidden with a reason, what became of it and of the consultation', path: () => `${csBallot}?notice=sent` },
  { who: 'anonymous', name: 'consultation, change the answer', path: () => `${csBallot}/change` },
  {
    who: 'anonymous', name: 'consultation, change with two equal ranks (error state)', path: () => `${csBallot}/change`,
    async then(page) {
      const selects = page.locator('select[name^="rank-"]');
      await selects.nth(0).selectOption('1');
      await selects.nth(1).selectOption('1');
      await submit(page, page.locator('#ballot-form button[type="submit"]'));
      await page.locator('.error-summary').waitFor();
    },
  },
  { who: 'anonymous', name: 'consultation, confirm erasing the answer', path: () => `${csBallot}/erase` },
  { who: 'anonymous', name: 'consultation, confirm erasing the demographics', path: () => `${csBallot}/demographics/erase` },
  { who: 'city-admin', name: 'consultations, the team\'s list', path: `/cities/${CITY}/participation/consultations` },
  { who: 'city-admin', name: 'consultation, new draft form', path: `/cities/${CITY}/participation/consultations/new` },
  {
    who: 'city-admin', name: 'consultation, new draft without a question (error state)', path: `/cities/${CITY}/participation/consultations/new`,
    async then(page) {
      await page.locator('#field-options').fill('Only one option');
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('.error-summary').waitFor();
    },
  },
  { who: 'city-admin', name: 'consultation, edit a draft', path: () => `${csDraft}/edit` },
  { who: 'city-admin', name: 'consultation, a draft\'s overview', path: () => csDraft },
  { who: 'city-admin', name: 'consultation, a draft\'s preview', path: () => csDraft.replace('/participation/consultations/', '/consultations/') },
  { who: 'city-admin', name: 'consultation overview with proposals to moderate', path: () => csTeam },
  {
    who: 'city-admin', name: 'consultation, hiding a proposal without a reason (error state)', path: () => csTeam,
    async then(page) {
      await submit(page, page.locator('article.cs-comment form.pa-form button[type="submit"]').first());
      await page.locator('.cs-comment [aria-invalid="true"]').waitFor();
    },
  },
  // "You said, we did" for the consultation and its proposals.
  { who: 'city-admin', name: 'consultation, what became of it (the city\'s answer)', path: () => `${csTeam}/outcome` },
  {
    who: 'city-admin', name: 'consultation, answer with an unknown status (error state)', path: () => `${csTeam}/outcome`,
    async then(page) {
      await page.locator('#field-status').evaluate((select) => { select.options[0].value = 'someday'; select.selectedIndex = 0; });
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('#field-status[aria-invalid="true"]').waitFor();
    },
  },
  {
    who: 'city-admin', name: 'consultation, what became of a proposal, saved', path: () => csTeam,
    async then(page, lang) {
      await page.goto(await page.locator('a[href*="/proposals/"]').first().getAttribute('href'));
      await page.locator('#field-status').selectOption('under-consideration');
      await page.locator('#field-note').fill(`Read by the axe run (${lang}).`);
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('.notice[role="status"]').waitFor();
    },
  },
  { who: 'city-admin', name: 'consultation, assisted entry', path: () => `${csTeam}/assisted` },
  {
    who: 'city-admin', name: 'consultation, assisted entry without a channel (error state)', path: () => `${csTeam}/assisted`,
    async then(page) {
      await submit(page, page.locator('#ballot-form button[type="submit"]'));
      await page.locator('.error-summary').waitFor();
    },
  },
  {
    who: 'city-admin', name: 'consultation, assisted answer saved with its receipt code', path: () => `${csTeam}/assisted`,
    async then(page) {
      await page.locator('#channel-paper').check();
      await page.locator('select[name^="rank-"]').first().selectOption('1');
      await submit(page, page.locator('#ballot-form button[type="submit"]'));
      await page.locator('.pa-code').waitFor();
    },
  },
  { who: 'city-admin', name: 'consultation results', path: () => `${csTeam}/results` },
  { who: 'city-admin', name: 'consultation results, phone answers only', path: () => `${csTeam}/results?channel=phone` },
  { who: 'city-admin', name: 'consultation, who took part', path: () => `${csTeam}/representation` },
  { who: 'city-admin', name: 'population profile', path: `/cities/${CITY}/participation/population` },
  {
    who: 'city-admin', name: 'population profile, shares not adding up (error state)', path: `/cities/${CITY}/participation/population`,
    async then(page) {
      await page.locator('#share-gender-woman').fill('80');
      await submit(page, page.locator('main form button[type="submit"]'));
      await page.locator('.error-summary').waitFor();
    },
  },
  { who: 'anonymous', name: 'procurement public tenders', path: `/cities/${CITY}/tenders` },
  { who: 'anonymous', name: 'procurement public tender notice', path: () => `/cities/${CITY}/tenders/${procurementId}` },
  {
    // Declaring changes what both languages see, so this comes last: the
    // English run declares no conflict, the Arabic one finds it declared.
    who: 'data-editor', name: 'procurement score sheet, after declaring', path: () => `/procurement/${procurementId}/declaration`, last: true,
    async then(page) {
      if (await page.locator('#conflict-no').count()) {
        await page.locator('#conflict-no').check();
        await submit(page, page.locator('main form button[type="submit"]'));
      }
      await page.goto(`/procurement/${procurementId}/bids`);
      await page.locator('table.pr-sheet').waitFor();
    },
  },
];

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // A pending invitation and a member to aim the confirmation pages at.
  const context = await newContext(browser, server);
  const page = await context.newPage();
  await signIn(page, server.logins['city-admin']);
  const link = await createInvitation(page, 'axe.invitee@example.org', 'data-editor');
  invitationPath = new URL(link).pathname;
  await page.goto(`/cities/${CITY}/members`);
  const href = await page
    .locator('tbody tr', { hasText: server.logins.viewer.email })
    .locator('a[href$="/remove"]')
    .getAttribute('href');
  memberId = href.match(/members\/([^/]+)\/remove/)[1];
  // The demo's KPI assessments, and an evidence file on the draft.
  await page.goto(`/cities/${CITY}/assessments`);
  const yearPath = async (year) => page.getByRole('link', { name: `KPI assessment ${year}` }).getAttribute('href');
  [draftPath, submittedPath, verifiedPath] = [await yearPath(2025), await yearPath(2024), await yearPath(2023)];
  await page.goto(`${draftPath}/evidence`);
  await page.locator('#field-kpi').selectOption({ index: 1 });
  await page.locator('#field-file').setInputFiles({ name: 'axe-evidence.txt', mimeType: 'text/plain', buffer: Buffer.from('evidence') });
  await submit(page, page.locator('main form button[type="submit"]'));
  evidencePath = await page.locator('a[download]', { hasText: 'axe-evidence.txt' }).first().getAttribute('href');
  // The demo's maturity rounds, a private link added through the round page, a roadmap action.
  await page.goto(`/cities/${CITY}/maturity`);
  const roundPath = async (name) => page.locator('table.st-rounds th a', { hasText: name }).getAttribute('href');
  [openRoundPath, closedRoundPath] = [await roundPath('2026 maturity'), await roundPath('2025 maturity')];
  await page.goto(openRoundPath);
  await page.locator('#field-name').fill('Axe respondent');
  await page.locator('#kind-external').check();
  await submit(page, page.locator('main form button[type="submit"]'));
  questionnairePath = new URL((await page.locator('code.secret').innerText()).trim(), server.baseUrl).pathname;
  await page.goto(`/cities/${CITY}/roadmap`);
  const action = await page.locator('table.st-actions-table tbody tr').first().getAttribute('data-action');
  actionPath = `/cities/${CITY}/roadmap/actions/${action}`;
  // The demo's procurement, from the city's procurement list.
  await page.goto(`/cities/${CITY}/procurement`);
  const procurementHref = await page.locator('main table th a', { hasText: 'Accessible open data platform' }).getAttribute('href');
  procurementId = procurementHref.split('/').pop();
  // Two reports by a resident, one of them hidden by the city admin with a reason.
  const sendReport = async (report) => {
    await page.goto(`/cities/${CITY}/report`);
    await fillReport(page, report);
    await submit(page, page.locator('main form button[type="submit"]'));
    const path = new URL(page.url()).pathname;
    const sent = await page.evaluate(async (url) => (await fetch(url)).json(), `${path}/download`);
    return [path, sent.service_request_id];
  };
  [receiptPath, reportId] = await sendReport(AXE_REPORT);
  [hiddenReceiptPath, hiddenId] = await sendReport({
    service: 'waste', description: 'Advert for a shop pasted over the whole form.', address: 'Market Street',
  });
  await page.goto(`/cities/${CITY}/participation/requests/${hiddenId}`);
  await page.locator('#field-reason').fill('Advertising, not a report about the city.');
  await submit(page, page.locator('form:has(#field-reason) button[type="submit"]'));
  // Consultations: the demo's ranking, a draft, a closed vote, and a
  // resident's answer whose proposal the city admin hides with a reason.
  await page.goto(`/cities/${CITY}/consultations`);
  csDemo = await page.locator('main ul.cs-list a').first().getAttribute('href');
  csTeam = csDemo.replace('/consultations/', '/participation/consultations/');
  const draftConsultation = async (question) => {
    await page.goto(`/cities/${CITY}/participation/consultations/new`);
    await page.locator('#field-question').fill(question);
    await page.locator('#mode-vote').check();
    await page.locator('#field-options').fill('Central library\nHarbour library');
    await submit(page, page.locator('main form button[type="submit"]'));
    return new URL(page.url()).pathname;
  };
  csDraft = await draftConsultation('Axe draft: which library opens on Sundays?');
  const closing = await draftConsultation('Axe closed vote: which park first?');
  await submit(page, page.locator('form[action$="/state"] button[type="submit"]'));
  await page.goto(`${closing}/assisted`);
  await page.locator('#channel-phone').check();
  await page.locator('input[name="choice"]').first().check();
  await submit(page, page.locator('#ballot-form button[type="submit"]'));
  await page.goto(closing);
  await submit(page, page.locator('form[action$="/state"] button[type="submit"]'));
  csClosed = closing.replace('/participation/consultations/', '/consultations/');
  await page.goto(csDemo);
  await page.locator('select[name^="rank-"]').first().selectOption('1');
  await page.locator('#comment-kind-proposal').check();
  await page.locator('#field-comment').fill('Axe proposal: free courses, and the clerk Mr X is lazy.');
  await page.locator('#field-age_band').selectOption('65-74');
  await submit(page, page.locator('#ballot-form button[type="submit"]'));
  csBallot = new URL(page.url()).pathname;
  // What the city made of that proposal (set before hiding it, so its author
  // reads both on the receipt).
  await page.goto(csTeam);
  await page.goto(await page.locator('article.cs-comment', { hasText: 'Axe proposal' })
    .locator('a[href$="/outcome"]').getAttribute('href'));
  await page.locator('#field-status').selectOption('planned');
  await page.locator('#field-roadmap_action').selectOption({ index: 1 });
  await page.locator('#field-decision').fill('Free courses are part of the skills hubs.');
  await submit(page, page.locator('main form button[type="submit"]'));
  await page.goto(csTeam);
  const mine = page.locator('article.cs-comment', { hasText: 'Axe proposal' });
  await mine.locator('input[name="reason"]').fill('It names a member of staff.');
  await submit(page, mine.locator('button[type="submit"]'));
  await context.close();
});

after(async () => {
  for (const { context } of contexts.values()) await context.close();
  await browser?.close();
  await server?.stop();
});

test('axe itself runs on these pages and reports a broken control', async () => {
  // Guards against a check that silently passes: the page's CSP, say, blocking axe.
  const page = await pageFor('anonymous', 'en');
  await page.goto('/login');
  await page.evaluate(() => document.querySelector('label[for="field-email"]').remove());
  const violations = await axeViolations(page);
  assert.ok(
    violations.some((v) => v.id === 'label' && v.nodes.some((n) => n.target.join(' ').includes('field-email'))),
    `axe did not report the unlabelled field; it reported: ${violations.map((v) => v.id).join(', ') || 'nothing'}`,
  );
});

/** Opens the page of `spec` in language `code`, brings it to its state, and runs axe. */
async function checkPage(spec, code, dir) {
  const page = await pageFor(spec.who, code);
  const path = typeof spec.path === 'function' ? spec.path() : spec.path;
  const response = await page.goto(path);
  if (spec.expectError) {
    assert.ok(response.status() >= 400, `${path} answered ${response.status()}, expected an error page`);
  } else {
    assert.equal(response.status(), spec.expect || 200, `${path} answered ${response.status()}`);
  }
  if (spec.then) await spec.then(page, code);
  assert.deepEqual(await htmlLangDir(page), { lang: code, dir }, `${page.url()} is not in ${code}/${dir}`);

  const violations = await axeViolations(page);
  const label = `${spec.name} [${spec.who}, ${code}] ${new URL(page.url()).pathname}`;
  if (violations.length) console.log(formatViolations(label, violations));
  assert.equal(
    violations.length, 0,
    `axe found ${violations.length} violation(s) on ${label}:\n${formatViolations(label, violations)}`,
  );
}

// The two languages run side by side, each in its own browser contexts.
describe('axe on every page', { concurrency: LANGUAGES.length }, () => {
for (const { code, dir } of LANGUAGES) {
  // Within a language the pages share browser contexts, so they go one after another.
  describe(`axe, ${code}`, { concurrency: 1 }, () => {
    for (const spec of PAGES.filter((p) => !p.last)) {
      test(`${spec.name} [${spec.who}, ${code}]`, async () => {
        await checkPage(spec, code, dir);
      });
    }
  });
}
});

// Pages whose state spends something shared by both languages (the rate limit
// of the one address the browser connects from) come after all the others,
// one language after the other.
describe('axe on the pages that come last', { concurrency: 1 }, () => {
  for (const { code, dir } of LANGUAGES) {
    for (const spec of PAGES.filter((p) => p.last)) {
      test(`${spec.name} [${spec.who}, ${code}]`, async () => {
        await checkPage(spec, code, dir);
      });
    }
  }
});
