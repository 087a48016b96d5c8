// KPI results in a real browser: the wheel and its tables, Arabic right-to-left,
// exporting the draft as CSV, importing a changed copy back (with the
// confirmation that names the counts), and downloading the City Snapshot PDF.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CITY, startServer, launchBrowser, newContext, signIn, switchLanguage, htmlLangDir,
} from './support.js';

let server;
let browser;
let dir;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  dir = await mkdtemp(path.join(tmpdir(), 'civitas-kpi-results-'));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The path of the demo city's assessment of `year`, from the list page. */
async function assessmentPath(page, year) {
  await page.goto(`/cities/${CITY}/assessments`);
  return page.getByRole('link', { name: `KPI assessment ${year}` }).getAttribute('href');
}

/** Clicks a download link and returns the file's name and bytes. */
async function download(page, link) {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const saved = path.join(dir, file.suggestedFilename());
  await file.saveAs(saved);
  return { name: file.suggestedFilename(), bytes: await readFile(saved), saved };
}

/** Uploads a file on the import page and waits for the answer. */
async function upload(page, base, name, buffer) {
  await page.goto(`${base}/import`);
  await page.locator('#import-file').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.locator('main form button[type="submit"]').last().click(),
  ]);
  await page.waitForLoadState('load');
}

test('results, Arabic, CSV export and import, Snapshot PDF', async () => {
  const context = await newContext(browser, server, { context: { acceptDownloads: true } });
  const page = await context.newPage();
  await signIn(page, server.logins['data-editor']);
  await switchLanguage(page, 'en');
  const draft = await assessmentPath(page, 2025);

  // The results: the wheel as an image with a name, the scores beside it, every KPI row.
  const response = await page.goto(`${draft}/results`);
  assert.equal(response.status(), 200);
  const wheel = page.locator('figure.kr-wheel svg[role="img"]');
  await wheel.waitFor();
  assert.match(await wheel.getAttribute('aria-labelledby'), /\S/);
  assert.ok(await page.locator('table.kr-scores tbody tr').count() > 3, 'scores are tabulated');
  const kpiRows = await page.locator('table.kr-kpis tr[data-kpi]').count();
  assert.ok(kpiRows > 20, `every reported KPI has a row (${kpiRows})`);

  // Arabic: right-to-left, same rows.
  await switchLanguage(page, 'ar');
  assert.deepEqual(await htmlLangDir(page), { lang: 'ar', dir: 'rtl' });
  assert.equal(await page.locator('table.kr-kpis tr[data-kpi]').count(), kpiRows);
  await switchLanguage(page, 'en');

  // Export as CSV.
  const csv = await download(page, page.locator('a[href$="/export.csv"]'));
  assert.match(csv.name, /^demo-city-kpi-2025-r1\.csv$/);
  const text = csv.bytes.toString('utf8');
  assert.ok(text.startsWith('\ufeffsection,item,kpi'), 'the export is the workbook CSV');

  // The unchanged file imports as "nothing to change".
  await upload(page, draft, csv.name, csv.bytes);
  await page.locator('.kr-confirm').waitFor();
  assert.equal(await page.locator('form[action*="/import/confirm"]').count(), 0, 'nothing to confirm');

  // A copy with one value changed: the counts are shown and the import asks first.
  const lines = text.split('\n');
  const header = lines[0].replace('\ufeff', '').split(',');
  const valueColumn = header.indexOf('value');
  const row = lines.findIndex((l) => l.startsWith('kpi,') && !l.includes('"') && l.split(',')[valueColumn] !== '');
  assert.ok(row > 0, 'a KPI line with a value');
  const cells = lines[row].split(',');
  const code = cells[header.indexOf('kpi')];
  const dataPoint = cells[header.indexOf('data_point')];
  cells[valueColumn] = '0.5';
  lines[row] = cells.join(',');
  const changedPath = path.join(dir, 'changed.csv');
  await writeFile(changedPath, lines.join('\n'));
  await upload(page, draft, 'changed.csv', await readFile(changedPath));
  const confirm = page.locator('.kr-confirm');
  await confirm.waitFor();
  assert.match(await confirm.locator('table').innerText(), /KPI entries\s+0\s+1\s+0/);
  await Promise.all([
    page.waitForURL((url) => url.pathname.endsWith('/results')),
    confirm.getByRole('button', { name: 'Replace the data' }).click(),
  ]);
  await page.locator('.notice').waitFor();
  const label = dataPoint ? `${code} / ${dataPoint}` : code;
  const value = await page.locator(`tr[data-kpi="${label}"] td[data-value]`).first().getAttribute('data-value');
  assert.equal(value, '0.5', `${label} now holds the imported value`);

  // A broken file names its cell and changes nothing.
  const broken = lines.slice();
  const brokenCells = broken[row].split(',');
  brokenCells[valueColumn] = 'lots';
  broken[row] = brokenCells.join(',');
  await upload(page, draft, 'broken.csv', Buffer.from(broken.join('\n')));
  const problems = page.locator('#import-problems');
  await problems.waitFor();
  assert.match(await problems.innerText(), new RegExp(`row ${row + 1}, column value`));

  // The Snapshot as PDF, from the printable page.
  await page.goto(`${draft}/snapshot`);
  const pdf = await download(page, page.locator('main a[href$="/snapshot.pdf"]').first());
  assert.match(pdf.name, /^demo-city-snapshot-2025-r1-en\.pdf$/);
  assert.equal(pdf.bytes.subarray(0, 4).toString('latin1'), '%PDF');
  await context.close();
});

test('a resident sees the verified year without signing in', async () => {
  const context = await newContext(browser, server);
  const page = await context.newPage();
  const signedIn = await browser.newContext({ baseURL: server.baseUrl });
  const adminPage = await signedIn.newPage();
  await signIn(adminPage, server.logins.viewer);
  const verified = await assessmentPath(adminPage, 2023);
  const draft = await assessmentPath(adminPage, 2025);
  await signedIn.close();
  for (const view of ['results', 'sdg', 'trends', 'snapshot']) {
    const response = await page.goto(`${verified}/${view}`);
    assert.equal(response.status(), 200, `${view} of the verified year`);
  }
  const hidden = await page.goto(`${draft}/results`);
  assert.equal(hidden.status(), 404, 'the draft stays with the city');
  await context.close();
});
