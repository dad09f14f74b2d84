//! `relative` and `robustRelative`: relative representations.

use serde::Deserialize;
use toporeg::{PointCloud, RelativeParams, Similarity};
use wasm_bindgen::prelude::*;

use crate::convert::{check_table_size, dimension, error, options, Floats, Options, ToTypedArray};

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
enum SimilarityName {
    Cosine,
    Dot,
    NegativeEuclidean,
    InverseEuclidean,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct RelativeOptions {
    similarity: Option<SimilarityName>,
    robust: Option<bool>,
    norm_eps: Option<f64>,
    var_eps: Option<f64>,
}

impl Options for RelativeOptions {
    const KEYS: &'static [&'static str] = &["similarity", "robust", "normEps", "varEps"];
}

impl RelativeOptions {
    fn params(&self) -> RelativeParams {
        let mut p = RelativeParams::new().robust(self.robust.unwrap_or(false));
        if let Some(s) = self.similarity {
            p = p.similarity(match s {
                SimilarityName::Cosine => Similarity::Cosine,
                SimilarityName::Dot => Similarity::Dot,
                SimilarityName::NegativeEuclidean => Similarity::NegativeEuclidean,
                SimilarityName::InverseEuclidean => Similarity::InverseEuclidean,
            });
        }
        if let Some(e) = self.norm_eps {
            p = p.norm_eps(e);
        }
        if let Some(e) = self.var_eps {
            p = p.var_eps(e);
        }
        p
    }
}

fn transform<T: ToTypedArray>(
    batch: &[T],
    anchors: &[T],
    dim: usize,
    params: &RelativeParams,
) -> Result<JsValue, JsError> {
    let batch = PointCloud::new(batch, dim).map_err(|e| error(format!("batch: {e}")))?;
    let anchors = PointCloud::new(anchors, dim).map_err(|e| error(format!("anchors: {e}")))?;
    check_table_size::<T>(batch.n_points(), anchors.n_points())?;
    let t = params.check()?.forward(&batch, &anchors)?;
    Ok(T::typed_array(t.values()))
}

/// The transform of JavaScript arrays, in the precision they come in.
fn run(
    batch: &JsValue,
    anchors: &JsValue,
    dim: f64,
    params: &RelativeParams,
) -> Result<JsValue, JsError> {
    let dim = dimension(dim)?;
    match (
        Floats::from_js(batch, "batch")?,
        Floats::from_js(anchors, "anchors")?,
    ) {
        (Floats::F32(z), Floats::F32(a)) => transform(&z, &a, dim, params),
        (Floats::F64(z), Floats::F64(a)) => transform(&z, &a, dim, params),
        _ => Err(error(
            "batch and anchors must have the same precision (both Float32Array or both Float64Array)",
        )),
    }
}

/// The relative representation of a batch: its similarities to a set of
/// anchors, the `n × k` table `T[i·k + j] = s(z_i, a_j)`.
///
/// - `batch` (`n × dim`) and `anchors` (`k × dim`): row-major coordinates,
///   both `Float32Array` or both `Float64Array` (or arrays of numbers);
/// - `options` (optional): `{ similarity = "cosine" | "dot" |
///   "negativeEuclidean" | "inverseEuclidean", robust = false, normEps =
///   1e-8, varEps = 1e-5 }`. With `robust: true` every coordinate is first
///   standardised over the batch (and over the anchors), which makes the
///   table also invariant to scaling single axes.
///
/// Returns a typed array of the input's precision. The cosine table does not
/// change when the same rotation or scaling is applied to batch and anchors.
#[wasm_bindgen]
pub fn relative(
    batch: &JsValue,
    anchors: &JsValue,
    dim: f64,
    options: &JsValue,
) -> Result<JsValue, JsError> {
    let opts: RelativeOptions = self::options(options, "relative options")?;
    run(batch, anchors, dim, &opts.params())
}

/// The robust relative representation: `relative` with `robust: true` and
/// the cosine similarity, which is also invariant to scaling single axes and
/// to shifts.
#[wasm_bindgen(js_name = robustRelative)]
pub fn robust_relative(batch: &JsValue, anchors: &JsValue, dim: f64) -> Result<JsValue, JsError> {
    run(batch, anchors, dim, &RelativeParams::new().robust(true))
}
