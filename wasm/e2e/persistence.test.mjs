// Demo 1 (persistence.html): points → diagram and barcode, generator edges.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { browser, open, idle, native, inf, assertSameMultiset, shown, screenshot, assertFitsPhone } from "./helpers.mjs";

let b;
before(async () => { b = await browser(); });
after(async () => { await b.close(); });

/** Compares everything the page shows with the native persistence of its points. */
async function checkAgainstNative(page, what) {
  const points = await page.evaluate(() => window.demo.input());
  const result = await page.evaluate(() => window.demo.state.result);
  const ref = native({ op: "persistence", points, dim: 2, maxDim: 1 });
  assert.equal(Number(await shown(page, "n-points")), points.length / 2, `${what}: points`);
  for (const k of [0, 1]) {
    assertSameMultiset(result.diagrams[k], ref.diagrams[k], `${what}: H${k}`);
    // same pairs with the same generator edges, in the same order
    assert.deepEqual(
      result.diagrams[k].map((p) => [p.birthEdge, p.deathEdge]),
      ref.diagrams[k].map((p) => [p.birthEdge, p.deathEdge]),
      `${what}: generator edges of H${k}`,
    );
  }
  assert.equal(Number(await shown(page, "h0-count")), ref.diagrams[0].length);
  assert.equal(Number(await shown(page, "h1-count")), ref.diagrams[1].length);
  const lengths = ref.diagrams[1].map((p) => inf(p.death) - p.birth);
  const max = lengths.length ? Math.max(...lengths) : 0;
  const total = lengths.reduce((a, c) => a + c, 0);
  assert.equal(Number(await shown(page, "h1-max")), max, `${what}: longest H1 bar`);
  assert.equal(Number(await shown(page, "h1-total")), total, `${what}: total H1 persistence`);
  return ref;
}

test("persistence demo: generated shapes, clicks, drags, keyboard and hover agree with native", async () => {
  const { page, errors } = await open(b, "persistence.html");
  await checkAgainstNative(page, "circle at load");

  // a different shape and size
  await page.selectOption("#shape", "twoCircles");
  await page.fill("#count", "60");
  await page.press("#count", "Enter");
  await page.click("#generate");
  await idle(page);
  const ref = await checkAgainstNative(page, "two circles");
  assert.ok(ref.diagrams[1].some((p) => inf(p.death) - p.birth > 0.5), "two circles have two long H1 bars");

  // click on an empty spot adds a point
  const box = await page.locator("#points").boundingBox();
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.9);
  await idle(page);
  assert.equal(Number(await shown(page, "n-points")), 61);
  await checkAgainstNative(page, "after a click");

  // drag a point
  const circle = page.locator("#points circle[data-index='0']");
  const c = await circle.boundingBox();
  await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2);
  await page.mouse.down();
  await page.mouse.move(c.x + 40, c.y + 25, { steps: 5 });
  await page.mouse.up();
  await idle(page);
  await checkAgainstNative(page, "after a drag");

  // keyboard: select the next point, move it, delete one
  await page.focus("#points");
  await page.keyboard.press("]");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowUp");
  await idle(page);
  await checkAgainstNative(page, "after arrow keys");
  await page.keyboard.press("Delete");
  await idle(page);
  assert.equal(Number(await shown(page, "n-points")), 60);
  await checkAgainstNative(page, "after Delete");

  // hovering the longest H1 bar draws its two generator edges on the points
  const ref2 = native({ op: "persistence", points: await page.evaluate(() => window.demo.input()), dim: 2, maxDim: 1 });
  const longest = ref2.diagrams[1].reduce((best, p, i, d) =>
    inf(p.death) - p.birth > inf(d[best].death) - d[best].birth ? i : best, 0);
  await page.hover(`#barcode rect[data-dim='1'][data-index='${longest}']`);
  const lines = await page.$$eval("#points line.edge-generator", (ls) => ls.length);
  assert.equal(lines, 2, "a H1 bar has a birth edge and a death edge");
  const p = ref2.diagrams[1][longest];
  const text = await page.textContent("#selected");
  assert.ok(text.includes(`birth edge [${p.birthEdge.join(", ")}]`), text);
  assert.ok(text.includes(`death edge [${p.deathEdge.join(", ")}]`), text);
  await screenshot(page, "persistence");

  // the same with the keyboard: tab onto a bar
  await page.focus("#barcode rect[data-dim='0'][data-index='0']");
  assert.equal(await page.$$eval("#points line.edge-generator", (ls) => ls.length), 1, "a H0 bar has a death edge");

  assert.deepEqual(errors, []);
  await page.close();
});

test("persistence demo: clearing every point leaves a message, no error", async () => {
  const { page, errors } = await open(b, "persistence.html");
  await page.click("#clear");
  await idle(page);
  assert.match(await page.textContent("#status"), /Add points/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("persistence demo fits a phone screen", async () => {
  await assertFitsPhone(b, "persistence.html");
});
