// Demo 4: relative and robust relative tables under rotation, scaling,
// shift and per-axis stretching of the cloud and its anchors.
import { call, show, Status, latestOnly } from "./compute.js";
import { el, reset, scale } from "./draw.js";
import { generate } from "./points.js";

const $ = (id) => document.getElementById(id);
const status = new Status($("status"));
const N = 24;
const K = 4;
const base = generate("clusters", N, 5, 0.1);
const anchorIdx = [0, 1, 2, 9];
const state = { points: base, anchors: null, tables: null, reference: null };

/** The transform of the sliders applied to a flat 2-d array. */
function transform(p) {
  const t = (Number($("angle").value) * Math.PI) / 180;
  const s = Number($("scale").value);
  const shift = Number($("shift").value);
  const stretch = Number($("stretch").value);
  const [c, sn] = [Math.cos(t), Math.sin(t)];
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i += 2) {
    const x = s * (c * p[i] - sn * p[i + 1]);
    const y = s * (sn * p[i] + c * p[i + 1]);
    out[i] = stretch * x + shift;
    out[i + 1] = y;
  }
  return out;
}

const anchorsOf = (p) => Float64Array.from(anchorIdx.flatMap((i) => [p[2 * i], p[2 * i + 1]]));

function drawCloud(points) {
  const svg = $("cloud");
  const size = 320;
  reset(svg, size, size);
  el(svg, "rect", { x: 0, y: 0, width: size, height: size, fill: "#fff" });
  const all = [...base, ...points];
  let m = 1;
  for (const v of all) m = Math.max(m, Math.abs(v));
  const sx = scale(-m * 1.1, m * 1.1, 8, size - 8);
  const sy = scale(-m * 1.1, m * 1.1, size - 8, 8);
  const dots = (p, fill) => {
    for (let i = 0; i < p.length / 2; i++) {
      el(svg, "circle", { cx: sx(p[2 * i]), cy: sy(p[2 * i + 1]), r: 3.5, fill });
      if (anchorIdx.includes(i)) {
        el(svg, "circle", { cx: sx(p[2 * i]), cy: sy(p[2 * i + 1]), r: 7, fill: "none", stroke: fill, "stroke-width": 2 });
      }
    }
  };
  dots(base, "#bbb");
  dots(points, "var(--h0)");
}

/** A heat map of an n × k table with values in [-1, 1]. */
function drawTable(svg, values) {
  const cw = 300 / K, ch = 8;
  reset(svg, 300, N * ch);
  for (let i = 0; i < N; i++) for (let j = 0; j < K; j++) {
    const v = Math.max(-1, Math.min(1, values[i * K + j]));
    const r = v > 0 ? 255 : Math.round(255 * (1 + v));
    const b = v < 0 ? 255 : Math.round(255 * (1 - v));
    const g = Math.round(255 * (1 - Math.abs(v)));
    el(svg, "rect", { x: j * cw, y: i * ch, width: cw - 1, height: ch - 1, fill: `rgb(${r},${g},${b})` });
  }
}

const maxChange = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const verdict = (c) => (c < 1e-9 ? "stays put" : c < 1e-3 ? "stays put up to ε" : "changes");

const recompute = latestOnly(async () => {
  const points = transform(base);
  const anchors = anchorsOf(points);
  state.points = points;
  state.anchors = anchors;
  drawCloud(points);
  status.start(`the cosine and the robust relative tables of ${N} points against ${K} anchors`);
  try {
    if (!state.reference) {
      const a0 = anchorsOf(base);
      state.reference = {
        plain: (await call("relative", base, a0, 2)).result,
        robust: (await call("robustRelative", base, a0, 2)).result,
      };
    }
    const plain = (await call("relative", points, anchors, 2)).result;
    const robust = (await call("robustRelative", points, anchors, 2)).result;
    state.tables = { plain: Array.from(plain), robust: Array.from(robust) };
    drawTable($("table-plain"), plain);
    drawTable($("table-robust"), robust);
    const cp = maxChange(plain, state.reference.plain);
    const cr = maxChange(robust, state.reference.robust);
    show("change-plain", cp, `${cp.toExponential(2)} (${verdict(cp)})`);
    show("change-robust", cr, `${cr.toExponential(2)} (${verdict(cr)})`);
    status.done(`Tables computed: cosine ${verdict(cp)}, robust ${verdict(cr)}.`);
  } catch (e) {
    status.fail(e);
  }
});

function describe() {
  $("transform-text").textContent =
    `rotation ${$("angle").value}°, scale ${$("scale").value}, shift ${$("shift").value}, x-axis stretch ${$("stretch").value}`;
}

for (const id of ["angle", "scale", "shift", "stretch"]) {
  $(id).addEventListener("input", () => { describe(); recompute(); });
}
$("reset").addEventListener("click", () => {
  $("angle").value = 0; $("scale").value = 1; $("shift").value = 0; $("stretch").value = 1;
  describe();
  recompute();
});
window.demo = { state, input: () => ({ batch: Array.from(state.points), anchors: Array.from(state.anchors) }) };
describe();
recompute();
