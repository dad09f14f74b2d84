// The Web Worker that runs toporeg: every heavy call happens here, so the
// page never freezes. Messages: { id, fn, args } in; { id, ok, result, ms }
// or { id, ok: false, message, fatal } out.
import init, * as toporeg from "./pkg/toporeg_wasm.js";

const ready = init();
const allowed = new Set([
  "persistence", "persistenceFromDistances", "bottleneck", "wasserstein",
  "pssk", "entropy", "relative", "robustRelative", "lossStep", "version",
]);

self.onmessage = async (event) => {
  const { id, fn, args } = event.data;
  try {
    await ready;
    if (!allowed.has(fn)) throw new Error(`unknown function ${fn}`);
    const start = performance.now();
    const result = toporeg[fn](...args);
    const ms = performance.now() - start;
    self.postMessage({ id, ok: true, result, ms });
  } catch (e) {
    // An `Error` is the core's message; anything else (a trap) means the
    // module cannot be trusted any more and the page starts a new worker.
    const fatal = !(e instanceof Error) || e instanceof WebAssembly.RuntimeError;
    self.postMessage({ id, ok: false, message: String(e && e.message ? e.message : e), fatal });
  }
};
