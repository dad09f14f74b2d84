// The page side of the worker: promises for calls, a status line that says
// what is being computed, and "latest only" scheduling for live updates.

let worker = null;
let nextId = 1;
const pending = new Map();

function startWorker() {
  worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  worker.onmessage = (event) => {
    const { id, ok, result, ms, message, fatal } = event.data;
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (fatal) {
      worker.terminate();
      worker = null;
    }
    if (ok) p.resolve({ result, ms });
    else p.reject(new Error(message));
  };
}

/** Calls `fn(...args)` of the wasm module in the worker; resolves to { result, ms }. */
export function call(fn, ...args) {
  if (!worker) startWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, fn, args });
  });
}

/** The status line: `what` while running, then the time or the error. */
export class Status {
  constructor(element) {
    this.el = element;
    this.busy = 0;
    document.body.dataset.busy = "0";
  }
  say(text) {
    this.el.classList.remove("error");
    this.el.textContent = text;
  }
  start(what) {
    this.busy++;
    document.body.dataset.busy = String(this.busy);
    this.el.classList.remove("error");
    this.el.textContent = `Computing ${what}…`;
  }
  done(text) {
    this.busy--;
    document.body.dataset.busy = String(this.busy);
    this.el.textContent = text;
  }
  fail(error) {
    this.busy--;
    document.body.dataset.busy = String(this.busy);
    this.el.classList.add("error");
    this.el.textContent = `Error: ${error.message}`;
  }
}

/**
 * Runs `task()` now, or, if one is running, once it ends; calls made in the
 * meantime collapse into the last one (dragging a point sends one request per
 * frame at most).
 */
export function latestOnly(task) {
  let running = false;
  let again = false;
  return async function schedule() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await task();
      } while (again);
    } finally {
      running = false;
    }
  };
}

/** Formats a number for display (Infinity as ∞). */
export function fmt(x, digits = 4) {
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "-∞";
  return Number(x).toFixed(digits);
}

/**
 * Shows `text` (default: `value`) in the element with id `id`, and keeps the
 * full-precision `value` in its `data-value` (which the tests compare).
 */
export function show(id, value, text) {
  const e = document.getElementById(id);
  e.textContent = text ?? String(value);
  e.dataset.value = String(value);
}
