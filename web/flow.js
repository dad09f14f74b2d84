// Demo 3: points moving under the push, connectivity or densification loss.
import { call, show, Status, fmt } from "./compute.js";
import { scatter, curve, squareBounds, COLORS } from "./draw.js";
import { generate } from "./points.js";

const $ = (id) => document.getElementById(id);
const status = new Status($("status"));
const state = { points: new Float64Array(0), labels: [], losses: [], steps: 0, running: false, bounds: null, lastInput: null };

/** The loss description `lossStep` takes. */
function lossSpec() {
  const t = Number($("target").value) || 0;
  switch ($("loss").value) {
    case "push": return { kind: "push", degree: 1 };
    case "connectivity": return { kind: "connectivity", eta: t };
    default: return { kind: "densification", beta: t, labels: state.labels };
  }
}

function reset() {
  state.running = false;
  $("run").textContent = "Run";
  const n = Math.max(3, Math.min(300, Number($("count").value) || 45));
  const shape = $("loss").value === "push" ? "noise" : "clusters";
  state.points = generate(shape, n, Number($("seed").value) || 0, shape === "noise" ? 0 : 0.05);
  state.labels = Array.from({ length: n }, (_, i) => i % 3);
  state.losses = [];
  state.steps = 0;
  state.bounds = squareBounds(state.points, 0.6);
  draw();
  show("steps", 0);
  show("loss-value", "", "–");
  show("grad-norm", "", "–");
  status.say("Press Run or One step.");
}

function draw() {
  const colors = $("loss").value === "densification" ? state.labels.map((l) => COLORS[l]) : undefined;
  scatter($("points"), state.points, { bounds: state.bounds, colors });
  curve($("curve"), state.losses, { label: "step" });
}

async function step() {
  const spec = lossSpec();
  const n = state.points.length / 2;
  status.start(`one gradient step of the ${spec.kind} loss on ${n} points`);
  try {
    state.lastInput = { points: Array.from(state.points), loss: spec, learningRate: Number($("rate").value) };
    const { result, ms } = await call("lossStep", state.points, 2, spec, Number($("rate").value));
    state.points = result.points;
    state.losses.push(result.loss);
    state.steps++;
    state.lastResult = { loss: result.loss, points: Array.from(result.points) };
    let g2 = 0;
    for (const g of result.gradient) g2 += g * g;
    draw();
    show("steps", state.steps);
    show("loss-value", result.loss, fmt(result.loss, 6));
    show("grad-norm", Math.sqrt(g2), fmt(Math.sqrt(g2), 6));
    status.done(`Step ${state.steps} of the ${spec.kind} loss: loss ${fmt(result.loss, 5)}, ${ms.toFixed(1)} ms.`);
    return true;
  } catch (e) {
    status.fail(e);
    state.running = false;
    $("run").textContent = "Run";
    return false;
  }
}

async function loop() {
  while (state.running) {
    if (!(await step())) break;
    await new Promise((r) => requestAnimationFrame(r));
  }
}

$("run").addEventListener("click", () => {
  state.running = !state.running;
  $("run").textContent = state.running ? "Pause" : "Run";
  if (state.running) loop();
});
$("step").addEventListener("click", () => { if (!state.running) step(); });
$("reset").addEventListener("click", reset);
$("loss").addEventListener("change", () => {
  $("target").value = $("loss").value === "connectivity" ? "0.3" : "0.1";
  $("rate").value = $("loss").value === "push" ? "0.01" : "0.005";
  reset();
});
for (const id of ["count", "seed"]) $(id).addEventListener("change", reset);
window.demo = { state };
reset();
