// Benchmark page: persistence (H0, H1) of Ripser's o3_1024 in the worker.
import { call, show, Status } from "./compute.js";

const $ = (id) => document.getElementById(id);
const status = new Status($("status"));
const state = { points: null, dim: 0, result: null, times: [] };

/** Fetches a gzipped, whitespace-separated point cloud and parses it. */
async function load(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot fetch ${url}: HTTP ${response.status}`);
  // the whole body first: a decompression that ends as the last bytes
  // arrive would cancel a request still open (net::ERR_ABORTED)
  const gz = new Blob([await response.arrayBuffer()]);
  const text = await new Response(gz.stream().pipeThrough(new DecompressionStream("gzip"))).text();
  const rows = text.split("\n").filter((l) => l.trim() !== "").map((l) => l.trim().split(/\s+/).map(Number));
  const dim = rows[0].length;
  return { points: Float64Array.from(rows.flat()), dim };
}

async function run() {
  const runs = Math.max(1, Math.min(20, Number($("runs").value) || 3));
  status.start(`Rips persistence (H0, H1) of o3_1024, ${runs} runs`);
  try {
    if (!state.points) Object.assign(state, await load("data/ripser/o3_1024.txt.gz"));
    state.times = [];
    for (let i = 0; i < runs; i++) {
      const { result, ms } = await call("persistence", state.points, state.dim, { maxDim: 1 });
      state.result = result;
      state.times.push(ms);
    }
    const best = Math.min(...state.times);
    show("n-points", state.result.nPoints);
    show("h0-count", state.result.diagrams[0].length);
    show("h1-count", state.result.diagrams[1].length);
    show("best-ms", best, best.toFixed(1));
    show("all-ms", state.times.join(","), state.times.map((t) => t.toFixed(1)).join(", "));
    status.done(`Done: ${runs} runs, best ${best.toFixed(1)} ms.`);
  } catch (e) {
    status.fail(e);
  }
}

const asked = new URLSearchParams(location.search).get("runs");
if (asked) $("runs").value = asked;
$("run").addEventListener("click", run);
window.demo = { state };
run();
