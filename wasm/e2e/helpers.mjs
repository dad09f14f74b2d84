// Shared by the end-to-end tests: the browser, the page with its console
// watched, the native reference, and multiset comparison of diagrams.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

export const URL_BASE = process.env.TOPOREG_URL;
const NATIVE = process.env.TOPOREG_NATIVE;
const CHROMIUM = process.env.TOPOREG_CHROMIUM || "/usr/bin/chromium";
export const SCREENSHOTS = process.env.TOPOREG_SCREENSHOTS || "target/web-screenshots";

if (!URL_BASE || !NATIVE) {
  throw new Error("run through `cargo xtask test` (TOPOREG_URL and TOPOREG_NATIVE are not set)");
}

/** Headless Chromium of the distribution. */
export async function browser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
}

/**
 * Opens `page` of the demos; every console error, uncaught exception or
 * failed request is collected in `errors`, which the caller checks at the end.
 */
export async function open(b, path, viewport = { width: 1200, height: 900 }) {
  const page = await b.newPage({ viewport });
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on("response", (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(new URL(path, URL_BASE).href);
  await idle(page);
  return { page, errors };
}

/** Waits until the page has no computation running and has shown a result. */
export async function idle(page, timeout = 60000) {
  await page.waitForFunction(
    () => document.body.dataset.busy === "0" && !document.getElementById("status").textContent.startsWith("Loading"),
    null,
    { timeout },
  );
}

/** The same question answered by the core compiled for this machine. */
export function native(request) {
  const out = execFileSync(NATIVE, { input: JSON.stringify(request), maxBuffer: 1 << 28 });
  return JSON.parse(out.toString());
}

/** `null` (JSON's stand-in for infinity) back to Infinity. */
export const inf = (x) => (x === null ? Infinity : x);

/**
 * Asserts that two diagrams (arrays of {birth, death}) are the same multiset,
 * value for value (no tolerance: the browser must compute the same numbers).
 */
export function assertSameMultiset(browserPairs, nativePairs, what) {
  const key = (p) => `${inf(p.birth)} ${inf(p.death)}`;
  const count = new Map();
  for (const p of nativePairs) count.set(key(p), (count.get(key(p)) || 0) + 1);
  for (const p of browserPairs) {
    const k = key(p);
    assert.ok(count.get(k) > 0, `${what}: the browser has [${k}) which the native diagram lacks`);
    count.set(k, count.get(k) - 1);
  }
  const left = [...count].filter(([, c]) => c > 0).map(([k]) => k);
  assert.deepEqual(left, [], `${what}: native pairs missing in the browser`);
  assert.equal(browserPairs.length, nativePairs.length, `${what}: number of pairs`);
}

/** The full-precision value a page shows in element `id` (its data-value). */
export async function shown(page, id) {
  return page.$eval(`#${id}`, (e) => e.dataset.value);
}

/** A PNG of the page under target/web-screenshots (or $TOPOREG_SCREENSHOTS). */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

/** The page fits a phone-sized viewport without horizontal scrolling. */
export async function assertFitsPhone(b, path) {
  const { page, errors } = await open(b, path, { width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px on a 390px-wide screen`);
  await screenshot(page, `${path.replace(".html", "")}-phone`);
  assert.deepEqual(errors, []);
  await page.close();
}
