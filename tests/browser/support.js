// Shared helpers for the browser tests: a throw-away Civitas server on a fresh
// SQLite database, Debian's chromium driven by playwright-core, sign-in and
// language switching the way a person does it, and an axe-core check.
//
// Not a test file itself (node --test only picks up *.test.js).

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const here = path.dirname(fileURLToPath(import.meta.url));

export const CIVITAS_BIN = process.env.CIVITAS_BIN
  ? path.resolve(process.env.CIVITAS_BIN)
  : path.resolve(here, '../../target/debug/civitas');

export const CHROMIUM_BIN = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

// The flags the issue names: no sandbox (root in CI), no GPU, and nothing that
// reaches out to the network on its own.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const CITY = 'demo-city';

/**
 * Starts `civitas serve --demo` on a new temporary database and an address the
 * kernel picks (port 0), and reads the demo logins and the real address from
 * its standard output. Resolves once the server says it is running.
 */
export async function startServer() {
  const dir = await mkdtemp(path.join(tmpdir(), 'civitas-browser-'));
  const databaseUrl = `sqlite://${path.join(dir, 'civitas.db')}`;
  // CIVITAS_* settings of the surrounding shell (a config file, a public URL,
  // insecure cookies…) would change what is tested, so they are left out.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CIVITAS_')));
  const child = spawn(
    CIVITAS_BIN,
    ['serve', '--database-url', databaseUrl, '--bind', '127.0.0.1:0', '--demo'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`civitas did not start within 30 s.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, 30_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${CIVITAS_BIN}: ${err.message} (build it with ` +
        '`CARGO_TARGET_DIR=target cargo build -p civitas-cli` or set CIVITAS_BIN)'));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`civitas exited with ${code} before it was ready.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const running = stdout.match(/^Civitas is running at (http:\/\/\S+)/m);
      if (running) {
        clearTimeout(timer);
        resolve(running[1]);
      }
    });
  });

  let baseUrl;
  try {
    baseUrl = await ready;
  } catch (err) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw err;
  }

  // "  city-admin       amina@demo.civitas.example       password: 12c4dd8a1b0aeba0"
  const logins = {};
  for (const m of stdout.matchAll(/^\s+([a-z-]+)\s+(\S+@\S+)\s+password:\s+(\S+)\s*$/gm)) {
    logins[m[1]] = { email: m[2], password: m[3] };
  }
  for (const role of ['platform-admin', 'city-admin', 'data-editor', 'verifier', 'viewer']) {
    if (!logins[role]) throw new Error(`no demo login for ${role} in civitas output:\n${stdout}`);
  }

  return {
    baseUrl: baseUrl.replace(/\/$/, ''),
    logins,
    output: () => ({ stdout, stderr }),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM_BIN, args: CHROMIUM_ARGS });
}

/**
 * A new browser context: its own cookies, and a browser language (which sets
 * Accept-Language) of English unless told otherwise.
 */
export async function newContext(browser, server, options = {}) {
  return browser.newContext({
    baseURL: server.baseUrl,
    locale: options.locale || 'en-US',
    ...options.context,
  });
}

/** Signs in through the login form, as a person would; ends on the page after. */
export async function signIn(page, login) {
  await page.goto('/login');
  await page.getByLabel(/e-?mail/i).fill(login.email);
  await page.locator('input[name="password"]').fill(login.password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/login'),
    page.locator('main form button[type="submit"]').click(),
  ]);
}

const LANGUAGE_NAMES = { en: 'English', fr: 'Français', es: 'Español', ar: 'العربية' };

/** Presses the header's language button; the server redirects back to the same page. */
export async function switchLanguage(page, code) {
  const button = page.locator(`form.language-switch button[name="lang"][value="${code}"]`);
  await Promise.all([
    page.waitForLoadState('load'),
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/language'),
    button.click(),
  ]);
  await page.waitForFunction((lang) => document.documentElement.lang === lang, code);
  return LANGUAGE_NAMES[code];
}

export const languageName = (code) => LANGUAGE_NAMES[code];

/** The html element's lang and dir, as the browser sees them. */
export async function htmlLangDir(page) {
  return page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    dir: document.documentElement.getAttribute('dir'),
  }));
}

/**
 * Runs axe on the current page with the WCAG 2.0–2.2 A/AA tags and returns
 * the violations, formatted one line per failing element so a failure names
 * the rule and the node.
 */
export async function axeViolations(page) {
  // Legacy mode runs axe in the page itself instead of opening an extra blank
  // page per run to merge frame results: these pages have no iframes, and it
  // halves the time of a run. Only violations are read, so the details of
  // passing checks are not collected.
  const results = await new AxeBuilder({ page })
    .withTags(AXE_TAGS)
    .options({ resultTypes: ['violations'] })
    .setLegacyMode(true)
    .analyze();
  return results.violations;
}

export function formatViolations(label, violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`${label}: [${v.impact}] ${v.id} – ${v.help} (${v.helpUrl})`);
    for (const node of v.nodes) {
      lines.push(`    ${node.target.join(' ')}  ${node.html.slice(0, 160)}`);
      const why = (node.failureSummary || '').split('\n').map((s) => s.trim()).filter(Boolean).slice(1, 3);
      for (const reason of why) lines.push(`      ${reason}`);
    }
  }
  return lines.join('\n');
}

/** Creates an invitation on the members page and returns the one-time link. */
export async function createInvitation(page, email, role) {
  await page.goto(`/cities/${CITY}/members`);
  const form = page.locator('form[action$="/invitations"]');
  await form.locator('#field-email').fill(email);
  await form.locator('#field-role').selectOption(role);
  await Promise.all([
    page.waitForLoadState('load'),
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/invitations')),
    form.getByRole('button', { name: /create invitation link/i }).click(),
  ]);
  const link = (await page.locator('code.secret').textContent() || '').trim();
  if (!link) throw new Error('no invitation link shown after creating an invitation');
  return link;
}

/** Opens an invitation link and accepts it with a name and password. */
export async function acceptInvitation(page, link, name, password) {
  await page.goto(link);
  await page.locator('#field-name').fill(name);
  await page.locator('#field-password').fill(password);
  await page.locator('#field-confirm_password').fill(password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/invitations/')),
    page.locator('main form button[type="submit"]').click(),
  ]);
}
