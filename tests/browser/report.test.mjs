// The readiness report in a real browser: headless Chromium (Debian's package) driven by playwright-core.
// Inputs (set by Invoke-BrowserTest.ps1): AIB_REPORT_HTML, the page Export-AibReadinessReport wrote from real
// Test-AibPrerequisite results; AIB_REPORT_EXPECTED, what those results say independently of the report code;
// AIB_REPORT_SCREENSHOT, where the PNG goes; AIB_CHROMIUM, the browser executable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const htmlPath = process.env.AIB_REPORT_HTML;
const expected = JSON.parse(readFileSync(process.env.AIB_REPORT_EXPECTED, 'utf8'));
const pageUrl = pathToFileURL(htmlPath).href;

let browser;
let page;
const requests = [];
const failedRequests = [];
const consoleErrors = [];

before(async () => {
  browser = await chromium.launch({ executablePath: process.env.AIB_CHROMIUM, headless: true });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (request) => requests.push(request.url()));
  page.on('requestfailed', (request) => failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  const response = await page.goto(pageUrl, { waitUntil: 'load' });
  assert.ok(response === null || response.ok(), `loading ${pageUrl}`);
});

after(async () => { await browser?.close(); });

test('loads with nothing failed, no console error, and nothing fetched but the page itself', async () => {
  await page.screenshot({ path: process.env.AIB_REPORT_SCREENSHOT, fullPage: true });
  assert.deepEqual(failedRequests, []);
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(requests, [pageUrl]);
});

test('shows the totals, each template, the counts per topology and the fixes', async () => {
  const tiles = (await page.locator('.totals').innerText()).replace(/\s+/g, ' ');
  const t = expected.totals;
  assert.match(tiles, new RegExp(`${t.templates} templates ${t.failed} failed ${t.warning} with warnings ${t.ready} ready`));
  const rows = page.locator('tbody tr');
  assert.equal(await rows.count(), t.templates);
  for (const template of expected.templates) {
    const row = rows.filter({ hasText: template.name });
    assert.equal(await row.count(), 1, template.name);
    assert.equal(await row.locator('.badge').innerText(), template.status, template.name);
    for (const check of template.failedChecks) assert.ok((await row.innerText()).includes(check), `${template.name}: ${check}`);
  }
  const chart = await page.locator('svg.chart').textContent();
  for (const group of expected.groups) {
    assert.ok(chart.includes(group.topology), group.topology);
    assert.ok(chart.includes(`${group.templates} (${group.failed} failed, ${group.warning} warning, ${group.ready} ready)`), JSON.stringify(group));
  }
  const fixes = await page.locator('section.fixes').innerText();
  assert.ok(fixes.includes(expected.fixText), `fix text: ${expected.fixText}`);
  // The row's link leads to its fix.
  const failed = rows.filter({ hasText: expected.fixTemplate });
  await failed.locator('a', { hasText: 'Fix' }).first().click();
  assert.ok((await page.locator('.fix:target').innerText()).includes(expected.fixText));
});

test('the status filter hides the other rows, and All shows them again', async () => {
  const rows = page.locator('tbody tr');
  const visibleNames = async () => {
    const names = [];
    for (const row of await rows.all()) if (await row.isVisible()) names.push(await row.locator('b').innerText());
    return names.sort();
  };
  const byStatus = (status) => expected.templates.filter((x) => x.status === status).map((x) => x.name).sort();

  await page.getByText(`Failed (${expected.totals.failed})`, { exact: true }).click();
  assert.deepEqual(await visibleNames(), byStatus('Failed'));
  await page.getByText(`Ready (${expected.totals.ready})`, { exact: true }).click();
  assert.deepEqual(await visibleNames(), byStatus('Ready'));
  await page.getByText(`Not ready (${expected.totals.failed + expected.totals.warning})`, { exact: true }).click();
  assert.deepEqual(await visibleNames(), [...byStatus('Failed'), ...byStatus('Warning')].sort());
  await page.getByText(`All (${expected.totals.templates})`, { exact: true }).click();
  assert.equal((await visibleNames()).length, expected.totals.templates);
  assert.deepEqual(consoleErrors, []);
});
