// bench.html: Ripser's o3_1024 in the browser equals the native diagram;
// prints the browser / native time ratio.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { browser, open, native, assertSameMultiset, shown, screenshot } from "./helpers.mjs";

let b;
before(async () => { b = await browser(); });
after(async () => { await b.close(); });

test("o3_1024 (dims 0-1): the browser's diagram is the native one; time ratio", async () => {
  const { page, errors } = await open(b, "bench.html?runs=3", { width: 1000, height: 700 });
  const result = await page.evaluate(() => window.demo.state.result);
  assert.ok(result, await page.textContent("#status"));
  const ref = native({ op: "ripserFile", path: "tests/data/ripser/o3_1024.txt.gz", maxDim: 1, repeats: 5 });
  assert.equal(result.nPoints, 1024);
  assert.equal(ref.nPoints, 1024);
  for (const k of [0, 1]) assertSameMultiset(result.diagrams[k], ref.diagrams[k], `o3_1024 H${k}`);
  const wasmMs = Number(await shown(page, "best-ms"));
  const nativeMs = Math.min(...ref.seconds) * 1000;
  console.log(
    `o3_1024 dims 0-1: ${ref.diagrams[0].length} + ${ref.diagrams[1].length} pairs, equal; ` +
    `wasm ${wasmMs.toFixed(1)} ms (best of 3, in the worker), native ${nativeMs.toFixed(1)} ms (best of 5), ` +
    `ratio ${(wasmMs / nativeMs).toFixed(2)}`,
  );
  await screenshot(page, "bench");
  assert.deepEqual(errors, []);
  await page.close();
});
