// Point clouds for the demos, reproducible from a seed.

/** A seeded generator of uniform numbers in [0, 1) (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box–Muller). */
function normal(rand) {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export const SHAPES = {
  circle: "Circle",
  twoCircles: "Two circles",
  clusters: "Three clusters",
  noise: "Uniform noise",
  figureEight: "Figure eight",
};

/** `n` points of `shape` in the plane, as a flat Float64Array [x0, y0, x1, …]. */
export function generate(shape, n, seed = 1, noise = 0.05) {
  const rand = rng(seed);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    let x, y;
    const t = 2 * Math.PI * rand();
    switch (shape) {
      case "circle":
        [x, y] = [Math.cos(t), Math.sin(t)];
        break;
      case "twoCircles": {
        const left = i % 2 === 0;
        const r = left ? 1 : 0.6;
        [x, y] = [(left ? -1.2 : 1.1) + r * Math.cos(t), r * Math.sin(t)];
        break;
      }
      case "clusters": {
        const c = [[-1, -0.6], [1, -0.6], [0, 1]][i % 3];
        [x, y] = [c[0] + 0.25 * normal(rand), c[1] + 0.25 * normal(rand)];
        break;
      }
      case "noise":
        [x, y] = [2 * rand() - 1, 2 * rand() - 1];
        break;
      case "figureEight":
        [x, y] = [Math.sin(t), Math.sin(t) * Math.cos(t)];
        break;
      default:
        throw new Error(`unknown shape ${shape}`);
    }
    out[2 * i] = x + noise * normal(rand);
    out[2 * i + 1] = y + noise * normal(rand);
  }
  return out;
}
