// Demo 2 (bottleneck.html): distance, matching and realising pair.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { browser, open, idle, native, shown, screenshot, assertFitsPhone } from "./helpers.mjs";

let b;
before(async () => { b = await browser(); });
after(async () => { await b.close(); });

/** The native `MatchedEdge` as the page writes it (`kind:first:second`). */
function edgeKey(debug) {
  let m = /^Pair\((\d+), (\d+)\)$/.exec(debug);
  if (m) return `pair:${m[1]}:${m[2]}`;
  m = /^FirstToDiagonal\((\d+)\)$/.exec(debug);
  if (m) return `firstToDiagonal:${m[1]}:null`;
  m = /^SecondToDiagonal\((\d+)\)$/.exec(debug);
  if (m) return `secondToDiagonal:null:${m[1]}`;
  return "none";
}

async function checkAgainstNative(page, what) {
  const { a, b: bb } = await page.evaluate(() => window.demo.input());
  const ref = native({ op: "bottleneck", a, b: bb });
  assert.equal(Number(await shown(page, "distance")), ref.distance, `${what}: distance`);
  assert.equal(await shown(page, "edge"), edgeKey(ref.longestEdge), `${what}: realising pair`);
  const r = await page.evaluate(() => window.demo.state.result);
  // the matching is complete and its largest cost is the distance
  const seenA = new Set(), seenB = new Set();
  let largest = 0;
  const linf = (p, q) => Math.max(Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1]));
  for (const [i, j] of r.matching.pairs) { seenA.add(i); seenB.add(j); largest = Math.max(largest, linf(a[i], bb[j])); }
  for (const i of r.matching.firstToDiagonal) { seenA.add(i); largest = Math.max(largest, (a[i][1] - a[i][0]) / 2); }
  for (const j of r.matching.secondToDiagonal) { seenB.add(j); largest = Math.max(largest, (bb[j][1] - bb[j][0]) / 2); }
  assert.equal(seenA.size, a.length, `${what}: every point of A matched once`);
  assert.equal(seenB.size, bb.length, `${what}: every point of B matched once`);
  assert.ok(Math.abs(largest - ref.distance) < 1e-12, `${what}: largest cost ${largest} is the distance ${ref.distance}`);
  assert.equal(await page.$$eval("#plot line.realising", (l) => l.length), a.length + bb.length > 0 ? 1 : 0);
}

test("bottleneck demo: generated, dragged and keyboard-moved diagrams agree with native", async () => {
  const { page, errors } = await open(b, "bottleneck.html");
  await checkAgainstNative(page, "at load");
  await screenshot(page, "bottleneck");

  await page.fill("#count-a", "30");
  await page.fill("#count-b", "25");
  await page.fill("#seed", "11");
  await page.click("#generate");
  await idle(page);
  await checkAgainstNative(page, "30 and 25 points");

  // drag the first point of A
  const p = await page.locator("#plot circle[data-index='0']").boundingBox();
  await page.mouse.move(p.x + p.width / 2, p.y + p.height / 2);
  await page.mouse.down();
  await page.mouse.move(p.x - 20, p.y - 60, { steps: 4 });
  await page.mouse.up();
  await idle(page);
  await checkAgainstNative(page, "after a drag");

  // keyboard: select a point of B and move it
  await page.focus("#plot");
  for (let i = 0; i < 60 && (await shown(page, "selected")) !== "b:0"; i++) await page.keyboard.press("]");
  assert.equal(await shown(page, "selected"), "b:0", "] walks through the points of A, then B");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await idle(page);
  await checkAgainstNative(page, "after arrow keys");

  // empty diagrams
  await page.fill("#count-a", "0");
  await page.fill("#count-b", "0");
  await page.click("#generate");
  await idle(page);
  assert.equal(Number(await shown(page, "distance")), 0);

  assert.deepEqual(errors, []);
  await page.close();
});

test("bottleneck demo fits a phone screen", async () => {
  await assertFitsPhone(b, "bottleneck.html");
});
