// Demo 1: points → live persistence diagram and barcode, with the generator
// edges of the hovered or focused bar drawn on the points.
import { call, show, Status, latestOnly, fmt } from "./compute.js";
import { scatter, diagramPlot, barcode, squareBounds, svgPoint } from "./draw.js";
import { generate, SHAPES } from "./points.js";

const $ = (id) => document.getElementById(id);
const status = new Status($("status"));
const state = { points: new Float64Array(0), selected: -1, result: null, bar: null, bounds: null };
let maps = null;

for (const [value, label] of Object.entries(SHAPES)) {
  $("shape").append(new Option(label, value));
}

function drawPoints() {
  const highlight = [];
  if (state.bar && state.result) {
    const p = state.result.diagrams[state.bar.dim][state.bar.index];
    if (p.birthEdge) highlight.push([...p.birthEdge, "edge-generator birth"]);
    if (p.deathEdge) highlight.push([...p.deathEdge, "edge-generator"]);
  }
  maps = scatter($("points"), state.points, {
    bounds: state.bounds, selected: state.selected, highlight,
  });
  for (const line of $("points").querySelectorAll("line.birth")) {
    line.setAttribute("stroke-dasharray", "6 4");
  }
}

function selectBar(dim, index) {
  state.bar = dim === null ? null : { dim, index };
  if (state.bar) {
    const p = state.result.diagrams[dim][index];
    const e = (edge) => (edge ? `[${edge.join(", ")}]` : "none");
    show("selected", `${dim}:${index}`,
      `H${dim} [${fmt(p.birth)}, ${fmt(p.death)}), birth edge ${e(p.birthEdge)}, death edge ${e(p.deathEdge)}`);
  } else {
    show("selected", "", "–");
  }
  drawPoints();
}

const recompute = latestOnly(async () => {
  const n = state.points.length / 2;
  if (n === 0) {
    state.result = { nPoints: 0, maxDim: 1, diagrams: [[], []] };
    render();
    status.say("Add points to see their persistence.");
    return;
  }
  status.start(`Vietoris–Rips persistence (H0 and H1) of ${n} points`);
  try {
    const { result, ms } = await call("persistence", state.points, 2, { maxDim: 1 });
    state.result = result;
    state.bar = null;
    render();
    status.done(`Persistence of ${n} points (H0 and H1) computed in ${ms.toFixed(1)} ms.`);
  } catch (e) {
    status.fail(e);
  }
});

function render() {
  const r = state.result;
  const [h0, h1] = r.diagrams;
  diagramPlot($("diagram"), r.diagrams, { labels: ["H0", "H1"] });
  barcode($("barcode"), r.diagrams, { onSelect: selectBar });
  const lengths = h1.map((p) => p.death - p.birth);
  const max = lengths.length ? Math.max(...lengths) : 0;
  const total = lengths.reduce((a, b) => a + b, 0);
  show("n-points", r.nPoints);
  show("h0-count", h0.length);
  show("h1-count", h1.length);
  show("h1-max", max, fmt(max, 6));
  show("h1-total", total, fmt(total, 6));
  show("selected", "", "–");
  drawPoints();
}

function regenerate() {
  const n = Math.max(3, Math.min(400, Number($("count").value) || 40));
  state.points = generate($("shape").value, n, Number($("seed").value) || 0, Number($("noise").value) || 0);
  state.bounds = squareBounds(state.points, 0.15);
  state.selected = -1;
  drawPoints();
  recompute();
}

function setPoints(points) {
  state.points = points;
  drawPoints();
  recompute();
}

// ---- pointer: click adds, drag moves
let dragging = -1;
function toData(event) {
  const local = svgPoint($("points"), event);
  return [maps.sx.invert(local.x), maps.sy.invert(local.y)];
}
$("points").addEventListener("pointerdown", (event) => {
  const idx = event.target.dataset?.index;
  if (idx !== undefined && event.target.tagName === "circle") {
    dragging = Number(idx);
    state.selected = dragging;
    $("points").setPointerCapture(event.pointerId);
  } else {
    const [x, y] = toData(event);
    const next = new Float64Array(state.points.length + 2);
    next.set(state.points);
    next[state.points.length] = x;
    next[state.points.length + 1] = y;
    state.selected = next.length / 2 - 1;
    setPoints(next);
  }
});
$("points").addEventListener("pointermove", (event) => {
  if (dragging < 0) return;
  const [x, y] = toData(event);
  const next = state.points.slice();
  next[2 * dragging] = x;
  next[2 * dragging + 1] = y;
  setPoints(next);
});
$("points").addEventListener("pointerup", () => { dragging = -1; });

// ---- keyboard on the point cloud
$("points").addEventListener("keydown", (event) => {
  const n = state.points.length / 2;
  const step = (state.bounds.x1 - state.bounds.x0) / 50;
  const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
  if (event.key === "]" || event.key === "[") {
    if (n === 0) return;
    state.selected = ((state.selected < 0 ? 0 : state.selected + (event.key === "]" ? 1 : -1)) + n) % n;
    drawPoints();
  } else if (moves[event.key] && state.selected >= 0) {
    const next = state.points.slice();
    next[2 * state.selected] += moves[event.key][0];
    next[2 * state.selected + 1] += moves[event.key][1];
    setPoints(next);
  } else if ((event.key === "Delete" || event.key === "Backspace") && state.selected >= 0) {
    const next = new Float64Array(state.points.length - 2);
    next.set(state.points.subarray(0, 2 * state.selected));
    next.set(state.points.subarray(2 * state.selected + 2), 2 * state.selected);
    state.selected = Math.min(state.selected, next.length / 2 - 1);
    setPoints(next);
  } else if (event.key === "+") {
    const next = new Float64Array(state.points.length + 2);
    next.set(state.points);
    next[state.points.length] = (state.bounds.x0 + state.bounds.x1) / 2;
    next[state.points.length + 1] = (state.bounds.y0 + state.bounds.y1) / 2;
    state.selected = next.length / 2 - 1;
    setPoints(next);
  } else {
    return;
  }
  event.preventDefault();
});

$("generate").addEventListener("click", regenerate);
$("clear").addEventListener("click", () => { state.selected = -1; setPoints(new Float64Array(0)); });
for (const id of ["shape", "count", "noise", "seed"]) $(id).addEventListener("change", regenerate);

// For the end-to-end tests: the exact input and output of the last computation.
window.demo = { state, input: () => Array.from(state.points) };
regenerate();
