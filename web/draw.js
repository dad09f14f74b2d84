// Drawing shared by the demos: SVG scatter plots, persistence diagrams,
// barcodes, matchings and curves. Every function (re)fills an <svg> element.

const NS = "http://www.w3.org/2000/svg";
export const COLORS = ["var(--h0)", "var(--h1)", "var(--accent)"];

/** Creates an SVG element with attributes and appends it to `parent`. */
export function el(parent, name, attrs = {}, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

/** Empties `svg` and sets its viewBox to `w × h`. */
export function reset(svg, w, h) {
  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
}

/** A linear map from [lo, hi] onto [a, b]. */
export function scale(lo, hi, a, b) {
  const span = hi - lo || 1;
  const f = (x) => a + ((x - lo) / span) * (b - a);
  f.invert = (y) => lo + ((y - a) / (b - a)) * span;
  return f;
}

/** Bounds of 2-d points (flat array), padded, as a square box. */
export function squareBounds(points, pad = 0.1) {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < points.length; i += 2) {
    x0 = Math.min(x0, points[i]); x1 = Math.max(x1, points[i]);
    y0 = Math.min(y0, points[i + 1]); y1 = Math.max(y1, points[i + 1]);
  }
  if (!isFinite(x0)) [x0, x1, y0, y1] = [-1, 1, -1, 1];
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const r = Math.max(x1 - x0, y1 - y0, 1e-9) / 2 * (1 + 2 * pad);
  return { x0: cx - r, x1: cx + r, y0: cy - r, y1: cy + r };
}

/**
 * A scatter plot of 2-d points in a square `size` box; returns the maps
 * { sx, sy } so that callers can draw edges or invert mouse positions.
 */
export function scatter(svg, points, { size = 320, bounds, colors, selected = -1, highlight = [] } = {}) {
  reset(svg, size, size);
  const b = bounds || squareBounds(points);
  const sx = scale(b.x0, b.x1, 8, size - 8);
  const sy = scale(b.y0, b.y1, size - 8, 8);
  el(svg, "rect", { x: 0, y: 0, width: size, height: size, fill: "#fff" });
  const edges = el(svg, "g", { class: "edges" });
  for (const [i, j, cls] of highlight) {
    el(edges, "line", {
      x1: sx(points[2 * i]), y1: sy(points[2 * i + 1]),
      x2: sx(points[2 * j]), y2: sy(points[2 * j + 1]),
      class: cls || "edge-generator",
    });
  }
  const g = el(svg, "g", { class: "points" });
  for (let i = 0; i < points.length / 2; i++) {
    el(g, "circle", {
      cx: sx(points[2 * i]), cy: sy(points[2 * i + 1]),
      r: i === selected ? 6 : 4,
      fill: colors ? colors[i] : "#333",
      stroke: i === selected ? "var(--focus)" : "none",
      "stroke-width": 2,
      "data-index": i,
    });
  }
  return { sx, sy, bounds: b };
}

/** Largest finite death over diagrams of pairs ({birth, death}). */
export function finiteMax(diagrams) {
  let m = 0;
  for (const d of diagrams) for (const p of d) {
    if (isFinite(p.death)) m = Math.max(m, p.death);
    if (isFinite(p.birth)) m = Math.max(m, p.birth);
  }
  return m > 0 ? m : 1;
}

/**
 * A persistence diagram: `diagrams[k]` drawn in COLORS[k]; infinite deaths
 * on a dashed line at the top. Returns { sx, sy, top } for overlays.
 */
export function diagramPlot(svg, diagrams, { size = 300, max, labels, marks = [] } = {}) {
  reset(svg, size, size);
  const m = (max || finiteMax(diagrams)) * 1.05;
  const pad = 30;
  const sx = scale(0, m, pad, size - 10);
  const sy = scale(0, m, size - pad, 18);
  const top = 10;
  el(svg, "rect", { x: 0, y: 0, width: size, height: size, fill: "#fff" });
  el(svg, "line", { x1: sx(0), y1: sy(0), x2: sx(m), y2: sy(m), stroke: "#999" });
  el(svg, "line", { x1: sx(0), y1: top, x2: sx(m), y2: top, stroke: "#999", "stroke-dasharray": "3 3" });
  el(svg, "text", { x: sx(0) + 2, y: top - 1 }, "∞");
  el(svg, "line", { x1: pad, y1: size - pad, x2: size - 10, y2: size - pad, stroke: "#444" });
  el(svg, "line", { x1: pad, y1: size - pad, x2: pad, y2: 10, stroke: "#444" });
  el(svg, "text", { x: size / 2 - 15, y: size - 8 }, "birth");
  el(svg, "text", { x: 2, y: size / 2, transform: `rotate(-90 10 ${size / 2})` }, "death");
  el(svg, "text", { x: sx(m) - 30, y: size - pad + 14 }, m.toPrecision(3));
  for (const mark of marks) mark({ svg, sx, sy, top });
  diagrams.forEach((d, k) => {
    const g = el(svg, "g", { class: `dim${k}` });
    d.forEach((p, i) => {
      el(g, "circle", {
        cx: sx(p.birth), cy: isFinite(p.death) ? sy(p.death) : top, r: 3.5,
        fill: COLORS[k % COLORS.length], "fill-opacity": 0.8,
        "data-dim": k, "data-index": i,
      });
    });
  });
  if (labels) {
    labels.forEach((text, k) => {
      el(svg, "circle", { cx: sx(0) + 10, cy: 28 + 14 * k, r: 4, fill: COLORS[k % COLORS.length] });
      el(svg, "text", { x: sx(0) + 18, y: 32 + 14 * k }, text);
    });
  }
  return { sx, sy, top };
}

/**
 * A barcode: one focusable bar per pair, longest first within each degree.
 * `onSelect(k, i)` runs when a bar is hovered or focused (null, null when
 * the pointer leaves). Returns the bar elements.
 */
export function barcode(svg, diagrams, { width = 300, max, onSelect } = {}) {
  const rows = [];
  diagrams.forEach((d, k) => {
    const order = d.map((p, i) => i).sort((a, b) =>
      (d[b].death - d[b].birth) - (d[a].death - d[a].birth) || a - b);
    for (const i of order) rows.push([k, i]);
  });
  const h = 6;
  const height = Math.max(40, rows.length * (h + 2) + 24);
  reset(svg, width, height);
  const m = (max || finiteMax(diagrams)) * 1.05;
  const sx = scale(0, m, 10, width - 20);
  el(svg, "rect", { x: 0, y: 0, width, height, fill: "#fff" });
  el(svg, "text", { x: width - 40, y: height - 4 }, m.toPrecision(3));
  const bars = [];
  rows.forEach(([k, i], r) => {
    const p = diagrams[k][i];
    const x1 = sx(p.birth);
    const x2 = isFinite(p.death) ? sx(p.death) : width - 4;
    const bar = el(svg, "rect", {
      x: x1, y: 6 + r * (h + 2), width: Math.max(1, x2 - x1), height: h,
      fill: COLORS[k % COLORS.length], class: "bar", tabindex: 0,
      "data-dim": k, "data-index": i, role: "button",
      "aria-label": `H${k} bar from ${p.birth.toFixed(3)} to ${isFinite(p.death) ? p.death.toFixed(3) : "infinity"}`,
    });
    if (onSelect) {
      bar.addEventListener("pointerenter", () => onSelect(k, i, bar));
      bar.addEventListener("focus", () => onSelect(k, i, bar));
      bar.addEventListener("pointerleave", () => onSelect(null, null, null));
      bar.addEventListener("blur", () => onSelect(null, null, null));
    }
    bars.push(bar);
  });
  return bars;
}

/** A line chart of `values` (e.g. a loss curve). */
export function curve(svg, values, { width = 300, height = 160, label = "" } = {}) {
  reset(svg, width, height);
  el(svg, "rect", { x: 0, y: 0, width, height, fill: "#fff" });
  if (values.length === 0) return;
  let lo = Math.min(...values), hi = Math.max(...values);
  if (hi === lo) { hi += 1; lo -= 1; }
  const sx = scale(0, Math.max(1, values.length - 1), 36, width - 8);
  const sy = scale(lo, hi, height - 20, 10);
  el(svg, "line", { x1: 36, y1: height - 20, x2: width - 8, y2: height - 20, stroke: "#444" });
  el(svg, "line", { x1: 36, y1: 10, x2: 36, y2: height - 20, stroke: "#444" });
  el(svg, "text", { x: 2, y: 14 }, hi.toPrecision(3));
  el(svg, "text", { x: 2, y: height - 20 }, lo.toPrecision(3));
  el(svg, "text", { x: width / 2 - 30, y: height - 4 }, label);
  const d = values.map((v, i) => `${i ? "L" : "M"}${sx(i).toFixed(1)},${sy(v).toFixed(1)}`).join("");
  el(svg, "path", { d, fill: "none", stroke: "var(--h1)", "stroke-width": 2 });
}

/** The position of a pointer event in the coordinates of `svg`'s viewBox. */
export function svgPoint(svg, event) {
  const pt = svg.createSVGPoint();
  pt.x = event.clientX;
  pt.y = event.clientY;
  return pt.matrixTransform(svg.getScreenCTM().inverse());
}
