//! # toporeg-wasm — toporeg in the browser
//!
//! A small JavaScript API over the `toporeg` core, built with
//! `wasm-bindgen --target web` (see `wasm/README.md` and `cargo xtask web`).
//! Every function validates and converts its arguments, calls the core and
//! converts the result back; every failure is a thrown JavaScript `Error`
//! whose message is the core's (or says which argument is wrong).
//!
//! | JavaScript | computes |
//! |---|---|
//! | `persistence(points, dim, options)` | Vietoris–Rips diagrams of a point cloud, with generator edges |
//! | `persistenceFromDistances(distances, options)` | the same from a distance matrix |
//! | `bottleneck(a, b, options)` | bottleneck distance, optimal matching, realising edge |
//! | `wasserstein(a, b, options)` | Wasserstein-q distance and optimal matching |
//! | `pssk(a, b, sigma)` | persistence scale-space kernel and its distance |
//! | `entropy(diagram, options)` | (δ-selective) persistent entropy |
//! | `relative(batch, anchors, dim, options)` | relative representation |
//! | `robustRelative(batch, anchors, dim)` | robust (standardised) relative representation |
//! | `lossStep(points, dim, loss, learningRate)` | loss value, gradient, one descent step |
//! | `version()` | the crate version |
//!
//! Point clouds are row-major `Float64Array`s (computed in `f64`) or
//! `Float32Array`s (computed in `f32`); diagrams are arrays of `[birth,
//! death]` pairs or of `{ birth, death }` objects, `Infinity` for essential
//! classes.
//!
//! No input aborts the module: the core returns errors instead of panicking,
//! and the dense tables that could exhaust the memory of the module (a
//! distance matrix, a relative table, a Wasserstein cost table of more than
//! 1 GiB) are refused with an error before they are allocated. Not bounded
//! in advance: the memory of the reduction in degree 2 and above.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod convert;
mod diagrams;
mod losses;
mod persistence;
mod relative;

pub use convert::{DiagramIn, MetricName, PointIn};
pub use diagrams::{bottleneck, entropy, pssk, wasserstein};
pub use losses::{loss_step, Built, LossSpec};
pub use persistence::{persistence, persistence_from_distances};
pub use relative::{relative, robust_relative};

use wasm_bindgen::prelude::*;

/// The version of the crate (`toporeg-wasm`), for display.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
