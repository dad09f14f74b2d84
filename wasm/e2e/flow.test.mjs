// Demo 3 (flow.html): gradient steps of push, connectivity, densification.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { browser, open, idle, native, shown, screenshot, assertFitsPhone } from "./helpers.mjs";

let b;
before(async () => { b = await browser(); });
after(async () => { await b.close(); });

/** One step through the page equals one native step on the same points. */
async function stepMatchesNative(page, what) {
  await page.click("#step");
  await idle(page);
  const { lastInput, lastResult } = await page.evaluate(() => window.demo.state);
  const ref = native({ op: "lossStep", dim: 2, ...lastInput });
  assert.equal(lastResult.loss, ref.loss, `${what}: loss`);
  assert.equal(Number(await shown(page, "loss-value")), ref.loss, `${what}: loss shown`);
  assert.deepEqual(lastResult.points, ref.points, `${what}: moved points`);
  return ref.loss;
}

for (const kind of ["push", "connectivity", "densification"]) {
  test(`flow demo, ${kind}: steps equal native ones and the loss goes down`, async () => {
    const { page, errors } = await open(b, "flow.html");
    await page.selectOption("#loss", kind);
    await idle(page);
    const first = await stepMatchesNative(page, `${kind} step 1`);
    await stepMatchesNative(page, `${kind} step 2`);
    // run for a while, then pause
    await page.click("#run");
    await page.waitForFunction(() => window.demo.state.steps >= 40, null, { timeout: 60000 });
    await page.click("#run");
    await idle(page);
    const losses = await page.evaluate(() => window.demo.state.losses);
    assert.ok(losses.length >= 40);
    assert.ok(losses.at(-1) < first, `${kind}: loss ${losses.at(-1)} after ${losses.length} steps, ${first} at first`);
    assert.equal(await page.$$eval("#curve path", (p) => p.length), 1, "the loss curve is drawn");
    await stepMatchesNative(page, `${kind} after running`);
    if (kind === "connectivity") await screenshot(page, "flow");
    if (kind === "push") await screenshot(page, "flow-push");
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("flow demo: the keyboard drives the controls", async () => {
  const { page, errors } = await open(b, "flow.html");
  await page.focus("#step");
  await page.keyboard.press("Enter");
  await idle(page);
  assert.equal(Number(await shown(page, "steps")), 1);
  await page.focus("#reset");
  await page.keyboard.press("Space");
  assert.equal(Number(await shown(page, "steps")), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("flow demo fits a phone screen", async () => {
  await assertFitsPhone(b, "flow.html");
});
