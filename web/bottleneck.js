// Demo 2: two diagrams, their optimal bottleneck matching and the pair that
// realises the distance.
import { call, show, Status, latestOnly, fmt } from "./compute.js";
import { el, reset, scale, svgPoint } from "./draw.js";
import { rng } from "./points.js";

const $ = (id) => document.getElementById(id);
const status = new Status($("status"));
const SIZE = 340;
const MAX = 10;
const state = { a: [], b: [], result: null, selected: null };
const sx = scale(0, MAX, 30, SIZE - 10);
const sy = scale(0, MAX, SIZE - 30, 10);

function randomDiagram(n, rand) {
  const d = [];
  for (let i = 0; i < n; i++) {
    const birth = rand() * 6;
    d.push([birth, Math.min(MAX, birth + 0.2 + rand() * 3.5)]);
  }
  return d;
}

const point = (side, i) => (side === "a" ? state.a : state.b)[i];

function draw() {
  const svg = $("plot");
  reset(svg, SIZE, SIZE);
  el(svg, "rect", { x: 0, y: 0, width: SIZE, height: SIZE, fill: "#fff" });
  el(svg, "line", { x1: sx(0), y1: sy(0), x2: sx(MAX), y2: sy(MAX), stroke: "#999" });
  el(svg, "line", { x1: 30, y1: SIZE - 30, x2: SIZE - 10, y2: SIZE - 30, stroke: "#444" });
  el(svg, "line", { x1: 30, y1: SIZE - 30, x2: 30, y2: 10, stroke: "#444" });
  el(svg, "text", { x: SIZE / 2 - 15, y: SIZE - 10 }, "birth");
  el(svg, "text", { x: 4, y: SIZE / 2 }, "death");
  const r = state.result;
  const lines = el(svg, "g", { class: "matching" });
  const proj = ([b, d]) => [(b + d) / 2, (b + d) / 2];
  const seg = ([x1, y1], [x2, y2], attrs) =>
    el(lines, "line", { x1: sx(x1), y1: sy(y1), x2: sx(x2), y2: sy(y2), ...attrs });
  if (r) {
    for (const [i, j] of r.matching.pairs) seg(state.a[i], state.b[j], { stroke: "#888", "stroke-width": 1.5 });
    for (const i of r.matching.firstToDiagonal) seg(state.a[i], proj(state.a[i]), { stroke: "#aaa", "stroke-dasharray": "3 3" });
    for (const j of r.matching.secondToDiagonal) seg(state.b[j], proj(state.b[j]), { stroke: "#aaa", "stroke-dasharray": "3 3" });
    const e = r.longestEdge;
    if (e) {
      const from = e.first !== null ? state.a[e.first] : state.b[e.second];
      const to = e.kind === "pair" ? state.b[e.second] : proj(from);
      seg(from, to, { stroke: "var(--focus)", "stroke-width": 4, class: "realising" });
    }
  }
  const g = el(svg, "g", { class: "points" });
  state.a.forEach(([b, d], i) => {
    const sel = state.selected && state.selected.side === "a" && state.selected.index === i;
    el(g, "circle", { cx: sx(b), cy: sy(d), r: sel ? 7 : 5, fill: "var(--h0)", stroke: sel ? "var(--fg)" : "none", "stroke-width": 2, "data-side": "a", "data-index": i });
  });
  state.b.forEach(([b, d], j) => {
    const sel = state.selected && state.selected.side === "b" && state.selected.index === j;
    const s = sel ? 13 : 9;
    el(g, "rect", { x: sx(b) - s / 2, y: sy(d) - s / 2, width: s, height: s, fill: "var(--h1)", stroke: sel ? "var(--fg)" : "none", "stroke-width": 2, "data-side": "b", "data-index": j });
  });
}

function describe(e) {
  if (!e) return "–";
  const p = (side, i) => { const [b, d] = point(side, i); return `${side.toUpperCase()}${i} (${fmt(b, 2)}, ${fmt(d, 2)})`; };
  if (e.kind === "pair") return `${p("a", e.first)} ↔ ${p("b", e.second)}, cost ${fmt(e.cost)}`;
  if (e.kind === "firstToDiagonal") return `${p("a", e.first)} → diagonal, cost ${fmt(e.cost)}`;
  return `${p("b", e.second)} → diagonal, cost ${fmt(e.cost)}`;
}

const recompute = latestOnly(async () => {
  status.start(`the bottleneck distance between ${state.a.length} and ${state.b.length} points, with an optimal matching`);
  try {
    const { result, ms } = await call("bottleneck", state.a, state.b);
    state.result = result;
    draw();
    show("distance", result.distance, fmt(result.distance, 6));
    const e = result.longestEdge;
    show("edge", e ? `${e.kind}:${e.first}:${e.second}` : "none", describe(e));
    show("pairs", result.matching.pairs.length);
    show("diagonal", result.matching.firstToDiagonal.length + result.matching.secondToDiagonal.length);
    status.done(`Bottleneck distance and matching computed in ${ms.toFixed(2)} ms.`);
  } catch (e) {
    status.fail(e);
  }
});

function generate() {
  const rand = rng(Number($("seed").value) || 0);
  const clamp = (v) => Math.max(0, Math.min(200, Number(v) || 0));
  state.a = randomDiagram(clamp($("count-a").value), rand);
  state.b = randomDiagram(clamp($("count-b").value), rand);
  state.selected = null;
  state.result = null; // its indices refer to the old diagrams
  draw();
  recompute();
}

function moveSelected(db, dd) {
  const s = state.selected;
  if (!s) return;
  const p = point(s.side, s.index);
  p[0] = Math.max(0, Math.min(MAX, p[0] + db));
  p[1] = Math.max(p[0], Math.min(MAX, p[1] + dd));
  selectShow();
  draw();
  recompute();
}

function selectShow() {
  const s = state.selected;
  if (!s) { show("selected", "", "–"); return; }
  const [b, d] = point(s.side, s.index);
  show("selected", `${s.side}:${s.index}`, `${s.side.toUpperCase()}${s.index} (${fmt(b, 2)}, ${fmt(d, 2)})`);
}

// pointer: drag a point (kept on or above the diagonal)
let dragging = false;
function toData(event) {
  const local = svgPoint($("plot"), event);
  return [sx.invert(local.x), sy.invert(local.y)];
}
$("plot").addEventListener("pointerdown", (event) => {
  const side = event.target.dataset?.side;
  if (!side) return;
  state.selected = { side, index: Number(event.target.dataset.index) };
  dragging = true;
  $("plot").setPointerCapture(event.pointerId);
  selectShow();
  draw();
});
$("plot").addEventListener("pointermove", (event) => {
  if (!dragging) return;
  const [b, d] = toData(event);
  const p = point(state.selected.side, state.selected.index);
  p[0] = Math.max(0, Math.min(MAX, b));
  p[1] = Math.max(p[0], Math.min(MAX, d));
  selectShow();
  draw();
  recompute();
});
$("plot").addEventListener("pointerup", () => { dragging = false; });

// keyboard: [ and ] walk through A then B; arrows move
$("plot").addEventListener("keydown", (event) => {
  const all = [...state.a.map((_, i) => ({ side: "a", index: i })), ...state.b.map((_, j) => ({ side: "b", index: j }))];
  const step = MAX / 100;
  const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
  if ((event.key === "]" || event.key === "[") && all.length) {
    const cur = state.selected ? all.findIndex((s) => s.side === state.selected.side && s.index === state.selected.index) : -1;
    const next = cur < 0 ? 0 : (cur + (event.key === "]" ? 1 : -1) + all.length) % all.length;
    state.selected = all[next];
    selectShow();
    draw();
  } else if (moves[event.key] && state.selected) {
    moveSelected(...moves[event.key]);
  } else {
    return;
  }
  event.preventDefault();
});

$("generate").addEventListener("click", generate);
for (const id of ["count-a", "count-b", "seed"]) $(id).addEventListener("change", generate);
window.demo = { state, input: () => ({ a: state.a.map((p) => [...p]), b: state.b.map((p) => [...p]) }) };
generate();
