//! `persistence` and `persistenceFromDistances`.

use serde::{Deserialize, Serialize};
use toporeg::{DistanceMatrix, Persistence, PointCloud, Rips, RipsParams, Scalar};
use wasm_bindgen::prelude::*;

use crate::convert::{
    check_matrix_size, dimension, error, options, to_js, Floats, MetricName, Options,
};

/// Options of `persistence` and `persistenceFromDistances`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct RipsOptions {
    /// Largest homology degree (default 1).
    max_dim: Option<f64>,
    /// Simplices longer than this never enter (default: none).
    threshold: Option<f64>,
    /// Prime `p` of the coefficients `Z/p` (default 2).
    modulus: Option<f64>,
    /// Point clouds only: the metric (default `"euclidean"`).
    metric: Option<MetricName>,
    /// Distance matrices only: `"full"` (`n × n`, the default) or `"lower"`
    /// (the strict lower triangle, row by row).
    layout: Option<Layout>,
}

impl Options for RipsOptions {
    const KEYS: &'static [&'static str] = &["maxDim", "threshold", "modulus", "metric", "layout"];
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
enum Layout {
    #[default]
    Full,
    Lower,
}

/// A whole number from a JavaScript option.
fn whole(name: &str, v: f64) -> Result<usize, JsError> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= u32::MAX as f64 {
        Ok(v as usize)
    } else {
        Err(error(format!(
            "invalid option `{name}`: {v} is not a non-negative integer"
        )))
    }
}

impl RipsOptions {
    fn rips(&self) -> Result<Rips, JsError> {
        let mut p = RipsParams::new();
        if let Some(d) = self.max_dim {
            p = p.max_dim(whole("maxDim", d)?);
        }
        if let Some(t) = self.threshold {
            p = p.threshold(t);
        }
        if let Some(m) = self.modulus {
            let m = whole("modulus", m)?;
            p = p.modulus(u32::try_from(m).unwrap_or(u32::MAX));
        }
        Ok(p.check()?)
    }
}

/// One persistence pair as JavaScript sees it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PairOut {
    birth: f64,
    death: f64,
    birth_edge: Option<[usize; 2]>,
    death_edge: Option<[usize; 2]>,
}

/// The result of a persistence computation.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PersistenceOut {
    n_points: usize,
    max_dim: usize,
    /// `diagrams[k]`: the pairs of degree `k`.
    diagrams: Vec<Vec<PairOut>>,
}

fn output<T: Scalar>(p: &Persistence<T>) -> Result<JsValue, JsError> {
    let diagrams = (0..=p.max_dim())
        .map(|k| {
            p.pairs(k)
                .iter()
                .map(|q| PairOut {
                    birth: q.birth.as_f64(),
                    death: q.death.as_f64(),
                    birth_edge: q.birth_edge,
                    death_edge: q.death_edge,
                })
                .collect()
        })
        .collect();
    to_js(&PersistenceOut {
        n_points: p.n_points(),
        max_dim: p.max_dim(),
        diagrams,
    })
}

fn cloud_persistence<T: Scalar>(
    coords: &[T],
    dim: usize,
    opts: &RipsOptions,
) -> Result<JsValue, JsError> {
    let cloud = PointCloud::new(coords, dim)?;
    let rips = opts.rips()?;
    if rips.max_dim() > 0 && cloud.n_points() > 1 {
        check_matrix_size::<T>(cloud.n_points())?;
    }
    let metric = opts.metric.unwrap_or_default().into();
    output(&rips.persistence(&cloud, metric)?)
}

fn matrix_persistence<T: Scalar>(values: Vec<T>, opts: &RipsOptions) -> Result<JsValue, JsError> {
    let dm = match opts.layout.unwrap_or_default() {
        Layout::Full => {
            let len = values.len();
            let n = (len as f64).sqrt().round() as usize;
            if n * n != len {
                return Err(error(format!(
                    "a full distance matrix needs n × n values, got {len} (use layout: \"lower\" \
                     for a lower triangle)"
                )));
            }
            DistanceMatrix::from_full(n, &values)?
        }
        Layout::Lower => DistanceMatrix::from_lower(values)?,
    };
    let rips = opts.rips()?;
    if rips.max_dim() > 0 {
        check_matrix_size::<T>(dm.n_points())?;
    }
    output(&rips.persistence_from_distances(&dm)?)
}

/// Vietoris–Rips persistence of a point cloud, with the edges behind every pair.
///
/// - `points`: the coordinates, row-major (`Float64Array`, `Float32Array`
///   — computed in single precision — or an array of numbers);
/// - `dim`: coordinates per point;
/// - `options` (optional): `{ maxDim = 1, threshold, modulus = 2, metric =
///   "euclidean" | "manhattan" | "cosine" | "chebyshev" }`.
///
/// Returns `{ nPoints, maxDim, diagrams }` where `diagrams[k]` lists the
/// pairs of degree `k` as `{ birth, death, birthEdge, deathEdge }`; an edge is
/// `[i, j]`, the indices of two points, or `null` (no birth edge in degree
/// 0, no death edge for an essential class, whose death is `Infinity`).
/// Throws an `Error` with the reason for invalid input.
#[wasm_bindgen]
pub fn persistence(points: &JsValue, dim: f64, options: &JsValue) -> Result<JsValue, JsError> {
    let dim = dimension(dim)?;
    let opts: RipsOptions = self::options(options, "persistence options")?;
    if opts.layout.is_some() {
        return Err(error(
            "invalid option `layout`: it applies to persistenceFromDistances",
        ));
    }
    match Floats::from_js(points, "points")? {
        Floats::F32(v) => cloud_persistence(&v, dim, &opts),
        Floats::F64(v) => cloud_persistence(&v, dim, &opts),
    }
}

/// Persistence of the clique filtration of a distance (weight) matrix.
///
/// - `distances`: `Float64Array`, `Float32Array` or an array of numbers,
///   either the full symmetric `n × n` matrix with a zero diagonal (default)
///   or, with `layout: "lower"`, the strict lower triangle row by row
///   (`d(1,0), d(2,0), d(2,1), …`, Ripser's lower-distance format);
///   `Infinity` marks a missing edge;
/// - `options` (optional): `{ maxDim = 1, threshold, modulus = 2, layout =
///   "full" | "lower" }`.
///
/// Returns the same shape as `persistence`.
#[wasm_bindgen(js_name = persistenceFromDistances)]
pub fn persistence_from_distances(
    distances: &JsValue,
    options: &JsValue,
) -> Result<JsValue, JsError> {
    let opts: RipsOptions = self::options(options, "persistence options")?;
    if opts.metric.is_some() {
        return Err(error(
            "invalid option `metric`: a distance matrix has its distances already",
        ));
    }
    match Floats::from_js(distances, "distances")? {
        Floats::F32(v) => matrix_persistence(v, &opts),
        Floats::F64(v) => matrix_persistence(v, &opts),
    }
}
