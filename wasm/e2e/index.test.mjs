// index.html: the list of demos loads the module and links to every page.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { browser, open, assertFitsPhone } from "./helpers.mjs";

let b;
before(async () => { b = await browser(); });
after(async () => { await b.close(); });

test("index: the module loads and every demo is linked", async () => {
  const { page, errors } = await open(b, "index.html");
  assert.match(await page.textContent("#status"), /^toporeg-wasm \d+\.\d+\.\d+/);
  const links = await page.$$eval("a", (as) => as.map((a) => a.getAttribute("href")));
  for (const demo of ["persistence.html", "bottleneck.html", "flow.html", "relative.html", "bench.html"]) {
    assert.ok(links.includes(demo), `index links to ${demo}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("index fits a phone screen", async () => {
  await assertFitsPhone(b, "index.html");
});
