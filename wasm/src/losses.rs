//! `lossStep`: the value and gradient of any topological loss on a point
//! cloud, and one step of gradient descent (for animations).

use serde::{Deserialize, Serialize};
use toporeg::{
    Batch, BottleneckLossParams, ConnectivityLossParams, DensificationLossParams,
    EntropyLossParams, LogBase, Loss, Metric, PointCloud, PushLossParams, ReininghausLossParams,
    Scalar, Sgde4LossParams,
};
use wasm_bindgen::prelude::*;

use crate::convert::{
    argument, check_matrix_size, dimension, error, to_js, DiagramIn, Floats, MetricName,
    ToTypedArray,
};

/// A loss as JavaScript describes it, `{ kind, … }` (see [`loss_step`]).
/// Public so that native code (the end-to-end tests' reference) builds the
/// very same core loss from the same JSON.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum LossSpec {
    /// `-Σ (death - birth)` over the degree-`degree` diagram.
    #[serde(rename_all = "camelCase")]
    Push {
        /// Homology degree of the diagram.
        degree: usize,
        /// Metric between points (default Euclidean; Manhattan for connectivity).
        metric: Option<MetricName>,
    },
    /// `Σ |t - eta|` over the H0 death times (Manhattan metric by default).
    #[serde(rename_all = "camelCase")]
    Connectivity {
        /// Target H0 death time η.
        eta: f64,
        /// Metric between points (default Euclidean; Manhattan for connectivity).
        metric: Option<MetricName>,
    },
    /// `Σ_classes Σ |t - beta|` over the H0 death times of each class.
    #[serde(rename_all = "camelCase")]
    Densification {
        /// Target H0 death time β within each class.
        beta: f64,
        /// One class label per point.
        labels: Vec<usize>,
        /// Metric between points (default Euclidean; Manhattan for connectivity).
        metric: Option<MetricName>,
    },
    /// Squared PSSK distance to a target diagram.
    #[serde(rename_all = "camelCase")]
    Reininghaus {
        /// Homology degree of the diagram.
        degree: usize,
        /// Kernel width σ.
        sigma: f64,
        /// The target diagram.
        target: DiagramIn,
        /// Metric between points (default Euclidean; Manhattan for connectivity).
        metric: Option<MetricName>,
    },
    /// 4SGDE difference to a target diagram on a grid.
    #[serde(rename_all = "camelCase")]
    Sgde4 {
        /// Homology degree (default 0).
        degree: Option<usize>,
        /// The target diagram.
        target: DiagramIn,
        /// Grid of the density estimate.
        grid: Vec<f64>,
        /// Kernel width σ.
        sigma: f64,
        /// Scale `s` (default 1).
        scale: Option<f64>,
        /// Average over the grid instead of summing.
        mean: Option<bool>,
        /// Metric between points (default Euclidean; Manhattan for connectivity).
        metric: Option<MetricName>,
    },
    /// Bottleneck distance to a target diagram (finite points).
    #[serde(rename_all = "camelCase")]
    Bottleneck {
        /// Homology degree of the diagram.
        degree: usize,
        /// The target diagram.
        target: DiagramIn,
        /// Metric between points (default Euclidean; Manhattan for connectivity).
        metric: Option<MetricName>,
    },
    /// Squared difference of (δ-selective) persistent entropies.
    #[serde(rename_all = "camelCase")]
    Entropy {
        /// Homology degree of the diagram.
        degree: usize,
        /// The target diagram.
        target: DiagramIn,
        /// Lifetime threshold δ of the selective entropy.
        delta: Option<f64>,
        /// Metric between points (default Euclidean; Manhattan for connectivity).
        metric: Option<MetricName>,
    },
}

/// A boxed core loss and the labels it needs, if any.
pub type Built<T> = (Box<dyn Loss<T>>, Option<Vec<usize>>);

fn metric_or(m: Option<MetricName>, default: Metric) -> Metric {
    m.map_or(default, Metric::from)
}

impl LossSpec {
    /// The homology degree the loss reads (0 for the H0 losses).
    pub fn degree(&self) -> usize {
        match self {
            LossSpec::Push { degree, .. }
            | LossSpec::Reininghaus { degree, .. }
            | LossSpec::Bottleneck { degree, .. }
            | LossSpec::Entropy { degree, .. } => *degree,
            LossSpec::Sgde4 { degree, .. } => degree.unwrap_or(0),
            LossSpec::Connectivity { .. } | LossSpec::Densification { .. } => 0,
        }
    }

    /// The core loss and, for the densification loss, the labels of the batch.
    ///
    /// # Errors
    /// The core's parameter checks.
    pub fn build<T: Scalar>(&self) -> toporeg::Result<Built<T>> {
        let euclid = Metric::Euclidean;
        Ok(match self {
            LossSpec::Push { degree, metric } => (
                Box::new(
                    PushLossParams::new(*degree)
                        .metric(metric_or(*metric, euclid))
                        .check()?,
                ),
                None,
            ),
            LossSpec::Connectivity { eta, metric } => (
                Box::new(
                    ConnectivityLossParams::new(*eta)
                        .metric(metric_or(*metric, Metric::Manhattan))
                        .check()?,
                ),
                None,
            ),
            LossSpec::Densification {
                beta,
                labels,
                metric,
            } => (
                Box::new(
                    DensificationLossParams::new(*beta)
                        .metric(metric_or(*metric, euclid))
                        .check()?,
                ),
                Some(labels.clone()),
            ),
            LossSpec::Reininghaus {
                degree,
                sigma,
                target,
                metric,
            } => (
                Box::new(
                    ReininghausLossParams::new(*degree, *sigma, target.to_diagram::<T>()?)
                        .metric(metric_or(*metric, euclid))
                        .check()?,
                ),
                None,
            ),
            LossSpec::Sgde4 {
                degree,
                target,
                grid,
                sigma,
                scale,
                mean,
                metric,
            } => {
                let mut p = Sgde4LossParams::new(target.to_diagram::<T>()?, grid.clone(), *sigma)
                    .degree(degree.unwrap_or(0))
                    .mean(mean.unwrap_or(false))
                    .metric(metric_or(*metric, euclid));
                if let Some(s) = scale {
                    p = p.scale(*s);
                }
                (Box::new(p.check()?), None)
            }
            LossSpec::Bottleneck {
                degree,
                target,
                metric,
            } => (
                Box::new(
                    BottleneckLossParams::new(*degree, target.to_diagram::<T>()?)
                        .metric(metric_or(*metric, euclid))
                        .check()?,
                ),
                None,
            ),
            LossSpec::Entropy {
                degree,
                target,
                delta,
                metric,
            } => {
                let mut p = EntropyLossParams::new(*degree, target.to_diagram::<T>()?)
                    .base(LogBase::E)
                    .metric(metric_or(*metric, euclid));
                if let Some(d) = delta {
                    p = p.delta(*d);
                }
                (Box::new(p.check()?), None)
            }
        })
    }
}

#[derive(Serialize)]
struct StepOut {
    loss: f64,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    gradient: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    points: JsValue,
}

fn step<T: ToTypedArray>(
    coords: &[T],
    dim: usize,
    spec: &LossSpec,
    learning_rate: f64,
) -> Result<JsValue, JsError> {
    let cloud = PointCloud::new(coords, dim)?;
    if spec.degree() > 0 && cloud.n_points() > 1 {
        check_matrix_size::<T>(cloud.n_points())?;
    }
    let (loss, labels) = spec.build::<T>()?;
    let batch = match &labels {
        Some(l) => Batch::labelled(cloud, l)?,
        None => Batch::new(cloud),
    };
    let (value, grad) = loss.value_and_grad(batch)?;
    let lr = T::of(learning_rate);
    let moved: Vec<T> = coords
        .iter()
        .zip(&grad)
        .map(|(&x, &g)| x - lr * g)
        .collect();
    to_js(&StepOut {
        loss: value.as_f64(),
        gradient: T::typed_array(&grad),
        points: T::typed_array(&moved),
    })
}

/// The value and gradient of a topological loss on a point cloud, and the
/// points after one gradient-descent step `x ← x - learningRate · ∇loss`.
///
/// - `points`, `dim`: as for `persistence` (`Float32Array` computes in
///   single precision);
/// - `loss`: one of
///   - `{ kind: "push", degree }`: `-Σ (death - birth)`, lengthens bars;
///   - `{ kind: "connectivity", eta }`: `Σ |t - eta|` over the H0 deaths
///     (Manhattan metric by default, as in COREL);
///   - `{ kind: "densification", beta, labels }`: the same per class, one
///     integer label per point;
///   - `{ kind: "reininghaus", degree, sigma, target }`: squared PSSK
///     distance to `target`;
///   - `{ kind: "sgde4", target, grid, sigma, degree = 0, scale = 1, mean =
///     false }`: the 4SGDE difference on the `grid` values;
///   - `{ kind: "bottleneck", degree, target }`: bottleneck distance to the
///     finite part of `target`;
///   - `{ kind: "entropy", degree, target, delta }`: squared difference of
///     persistent entropies;
///
///   each with an optional `metric` (`"euclidean"`, `"manhattan"`,
///   `"cosine"`, `"chebyshev"`); targets are diagrams as for `bottleneck`;
/// - `learningRate`: the step size (0 leaves the points where they are).
///
/// Returns `{ loss, gradient, points }`: the loss before the step, its
/// gradient and the moved points, typed arrays of the input's precision.
#[wasm_bindgen(js_name = lossStep)]
pub fn loss_step(
    points: &JsValue,
    dim: f64,
    loss: &JsValue,
    learning_rate: f64,
) -> Result<JsValue, JsError> {
    let dim = dimension(dim)?;
    let spec: LossSpec = argument(loss, "loss")?;
    if !learning_rate.is_finite() {
        return Err(error(format!(
            "learningRate must be a finite number, got {learning_rate}"
        )));
    }
    match Floats::from_js(points, "points")? {
        Floats::F32(v) => step(&v, dim, &spec, learning_rate),
        Floats::F64(v) => step(&v, dim, &spec, learning_rate),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: &str) -> LossSpec {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
    }

    #[test]
    fn every_kind_parses_and_builds() {
        let target = "[[0, 1], [0, 2]]";
        for json in [
            r#"{"kind": "push", "degree": 1}"#.to_string(),
            r#"{"kind": "connectivity", "eta": 0.5, "metric": "euclidean"}"#.to_string(),
            r#"{"kind": "densification", "beta": 0.7, "labels": [0, 1]}"#.to_string(),
            format!(r#"{{"kind": "reininghaus", "degree": 1, "sigma": 0.5, "target": {target}}}"#),
            format!(
                r#"{{"kind": "sgde4", "target": {target}, "grid": [0, 1], "sigma": 0.5, "mean": true}}"#
            ),
            format!(r#"{{"kind": "bottleneck", "degree": 0, "target": {target}}}"#),
            format!(r#"{{"kind": "entropy", "degree": 0, "target": {target}, "delta": 0.1}}"#),
        ] {
            let s = spec(&json);
            let (_, labels) = s.build::<f64>().unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(labels.is_some(), json.contains("labels"));
            assert!(s.build::<f32>().is_ok());
        }
        assert_eq!(spec(r#"{"kind": "push", "degree": 2}"#).degree(), 2);
        assert_eq!(spec(r#"{"kind": "connectivity", "eta": 1}"#).degree(), 0);
    }

    #[test]
    fn bad_specs_are_errors() {
        assert!(serde_json::from_str::<LossSpec>(r#"{"kind": "push"}"#).is_err());
        assert!(
            serde_json::from_str::<LossSpec>(r#"{"kind": "push", "degree": 1, "eta": 2}"#).is_err()
        );
        assert!(spec(r#"{"kind": "push", "degree": 99}"#)
            .build::<f64>()
            .is_err());
        let below = r#"{"kind": "bottleneck", "degree": 0, "target": [[2, 1]]}"#;
        assert!(spec(below).build::<f64>().is_err());
    }
}
