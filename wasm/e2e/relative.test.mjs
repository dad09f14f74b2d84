// Demo 4 (relative.html): invariances of the relative tables.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { browser, open, idle, native, shown, screenshot, assertFitsPhone } from "./helpers.mjs";

let b;
before(async () => { b = await browser(); });
after(async () => { await b.close(); });

async function set(page, values) {
  for (const [id, v] of Object.entries(values)) {
    await page.$eval(`#${id}`, (e, v) => { e.value = v; e.dispatchEvent(new Event("input")); }, String(v));
  }
  await idle(page);
}

/** The tables shown equal the native transform of the transformed cloud. */
async function tablesMatchNative(page, what) {
  const { batch, anchors } = await page.evaluate(() => window.demo.input());
  const tables = await page.evaluate(() => window.demo.state.tables);
  const plain = native({ op: "relative", batch, anchors, dim: 2, robust: false });
  const robust = native({ op: "relative", batch, anchors, dim: 2, robust: true });
  assert.deepEqual(tables.plain, plain.values, `${what}: cosine table`);
  assert.deepEqual(tables.robust, robust.values, `${what}: robust table`);
}

test("relative demo: rotation and scaling leave the cosine table, shifts and stretches the robust one", async () => {
  const { page, errors } = await open(b, "relative.html");
  await tablesMatchNative(page, "identity");
  assert.equal(Number(await shown(page, "change-plain")), 0);

  await set(page, { angle: 70, scale: 2.5 });
  await tablesMatchNative(page, "rotation and scale");
  assert.ok(Number(await shown(page, "change-plain")) < 1e-12, "cosine table under rotation and scale");

  await set(page, { angle: 0, scale: 1, shift: 2, stretch: 3 });
  await tablesMatchNative(page, "shift and stretch");
  assert.ok(Number(await shown(page, "change-plain")) > 1e-2, "the cosine table changes under a stretch");
  assert.ok(Number(await shown(page, "change-robust")) < 1e-3, "the robust table stays (up to its ε)");
  await screenshot(page, "relative");

  // keyboard: a focused slider moves with the arrow keys
  await page.click("#reset");
  await idle(page);
  await page.focus("#angle");
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
  await idle(page);
  assert.equal(await page.$eval("#angle", (e) => e.value), "5");
  await tablesMatchNative(page, "after arrow keys");
  assert.deepEqual(errors, []);
  await page.close();
});

test("relative demo fits a phone screen", async () => {
  await assertFitsPhone(b, "relative.html");
});
