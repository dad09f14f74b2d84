//! Conversions between JavaScript values and the core's types, and the
//! checks that keep every input from aborting the module.

use js_sys::{Array, Float32Array, Float64Array};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use toporeg::{Diagram, Metric, Scalar};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Largest dense distance matrix the module builds (bytes). Past it the
/// browser would run out of memory and trap; a clear error is thrown instead.
pub(crate) const MAX_MATRIX_BYTES: usize = 1 << 30;

/// Refuses a dense `n × n` matrix of `T` above [`MAX_MATRIX_BYTES`].
pub(crate) fn check_matrix_size<T>(n: usize) -> Result<(), JsError> {
    if table_fits::<T>(n, n) {
        return Ok(());
    }
    Err(error(format!(
        "{n} points need a {n} × {n} distance matrix, more than the {} MiB the module allows; \
         use maxDim: 0 (no matrix) or fewer points",
        MAX_MATRIX_BYTES >> 20
    )))
}

/// Whether a dense `rows × cols` table of `T` stays within [`MAX_MATRIX_BYTES`].
fn table_fits<T>(rows: usize, cols: usize) -> bool {
    rows.checked_mul(cols)
        .and_then(|m| m.checked_mul(core::mem::size_of::<T>()))
        .is_some_and(|b| b <= MAX_MATRIX_BYTES)
}

/// Refuses a dense `rows × cols` table of `T` above [`MAX_MATRIX_BYTES`].
pub(crate) fn check_table_size<T>(rows: usize, cols: usize) -> Result<(), JsError> {
    if table_fits::<T>(rows, cols) {
        return Ok(());
    }
    Err(error(format!(
        "a {rows} × {cols} table is more than the {} MiB the module allows",
        MAX_MATRIX_BYTES >> 20
    )))
}

/// A thrown JavaScript `Error` with `message`.
pub(crate) fn error(message: impl core::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

/// Coordinates or distances as the caller gave them: `Float32Array` computes
/// in `f32`, `Float64Array` or a plain array of numbers in `f64`.
pub(crate) enum Floats {
    F32(Vec<f32>),
    F64(Vec<f64>),
}

impl Floats {
    /// Reads a `Float32Array`, a `Float64Array` or an array of numbers.
    pub(crate) fn from_js(value: &JsValue, what: &str) -> Result<Self, JsError> {
        if let Some(a) = value.dyn_ref::<Float32Array>() {
            Ok(Floats::F32(a.to_vec()))
        } else if let Some(a) = value.dyn_ref::<Float64Array>() {
            Ok(Floats::F64(a.to_vec()))
        } else if Array::is_array(value) {
            serde_wasm_bindgen::from_value(value.clone())
                .map(Floats::F64)
                .map_err(|e| error(format!("{what}: {e}")))
        } else {
            Err(error(format!(
                "{what} must be a Float32Array, a Float64Array or an array of numbers"
            )))
        }
    }
}

/// Values back to JavaScript as a typed array of the same precision.
pub(crate) trait ToTypedArray: Scalar {
    /// A `Float32Array` or `Float64Array` copy of `values`.
    fn typed_array(values: &[Self]) -> JsValue;
}

impl ToTypedArray for f32 {
    fn typed_array(values: &[Self]) -> JsValue {
        Float32Array::from(values).into()
    }
}

impl ToTypedArray for f64 {
    fn typed_array(values: &[Self]) -> JsValue {
        Float64Array::from(values).into()
    }
}

/// A positive dimension from a JavaScript number.
pub(crate) fn dimension(dim: f64) -> Result<usize, JsError> {
    if dim.is_finite() && dim >= 1.0 && dim.fract() == 0.0 && dim <= u32::MAX as f64 {
        Ok(dim as usize)
    } else {
        Err(error(format!(
            "dim must be a positive integer (coordinates per point), got {dim}"
        )))
    }
}

/// An options object of a JavaScript function.
pub(crate) trait Options: DeserializeOwned + Default {
    /// The option names (serde-wasm-bindgen reads only the fields it knows,
    /// so unknown keys are caught by comparing with this list).
    const KEYS: &'static [&'static str];
}

/// Options object (`undefined` or `null` give the defaults; unknown keys are
/// rejected, so that a misspelt option is not silently ignored).
pub(crate) fn options<O: Options>(value: &JsValue, what: &str) -> Result<O, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(O::default());
    }
    let Some(object) = value
        .dyn_ref::<js_sys::Object>()
        .filter(|_| !Array::is_array(value))
    else {
        return Err(error(format!("{what} must be an object")));
    };
    for key in js_sys::Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !O::KEYS.contains(&key.as_str()) {
            return Err(error(format!(
                "{what}: unknown option `{key}`, expected one of {}",
                O::KEYS.join(", ")
            )));
        }
    }
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| error(format!("{what}: {e}")))
}

/// A required object argument.
pub(crate) fn argument<O: DeserializeOwned>(value: &JsValue, what: &str) -> Result<O, JsError> {
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| error(format!("{what}: {e}")))
}

/// A Rust value as a plain JavaScript object (`None` as `null`).
pub(crate) fn to_js<S: Serialize>(value: &S) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true))
        .map_err(|e| error(format!("cannot convert the result: {e}")))
}

/// The metric between points, by name.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MetricName {
    /// Euclidean (L2).
    #[default]
    Euclidean,
    /// Manhattan (L1).
    Manhattan,
    /// Cosine distance.
    Cosine,
    /// Chebyshev (L∞).
    Chebyshev,
}

impl From<MetricName> for Metric {
    fn from(m: MetricName) -> Self {
        match m {
            MetricName::Euclidean => Metric::Euclidean,
            MetricName::Manhattan => Metric::Manhattan,
            MetricName::Cosine => Metric::Cosine,
            MetricName::Chebyshev => Metric::Chebyshev,
        }
    }
}

/// One point of a diagram as JavaScript writes it: `[birth, death]` or an
/// object with `birth` and `death` (the pairs that `persistence` returns).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(untagged)]
pub enum PointIn {
    /// `[birth, death]`.
    Pair([f64; 2]),
    /// `{ birth, death, ... }`.
    Object {
        /// Birth value.
        birth: f64,
        /// Death value (`Infinity` for an essential class).
        death: f64,
    },
}

/// A diagram as JavaScript writes it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct DiagramIn(pub Vec<PointIn>);

impl DiagramIn {
    /// The checked core diagram.
    ///
    /// # Errors
    /// [`toporeg::Error`] for NaN or a death before its birth.
    pub fn to_diagram<T: Scalar>(&self) -> toporeg::Result<Diagram<T>> {
        Diagram::new(
            self.0
                .iter()
                .map(|p| match *p {
                    PointIn::Pair([b, d]) | PointIn::Object { birth: b, death: d } => {
                        [T::of(b), T::of(d)]
                    }
                })
                .collect(),
        )
    }
}

/// A diagram from a JavaScript argument: an array of `[birth, death]`
/// pairs or `{birth, death}` objects, or a flat typed array
/// `[b0, d0, b1, d1, ...]`.
pub(crate) fn diagram(value: &JsValue, what: &str) -> Result<Diagram<f64>, JsError> {
    let points: Vec<[f64; 2]> =
        if value.is_instance_of::<Float64Array>() || value.is_instance_of::<Float32Array>() {
            let flat = match Floats::from_js(value, what)? {
                Floats::F32(v) => v.into_iter().map(f64::from).collect(),
                Floats::F64(v) => v,
            };
            if flat.len() % 2 != 0 {
                return Err(error(format!(
                    "{what}: a flat diagram needs an even number of values (birth, death), got {}",
                    flat.len()
                )));
            }
            flat.chunks_exact(2).map(|c| [c[0], c[1]]).collect()
        } else {
            let d: DiagramIn = argument(value, what)?;
            return d.to_diagram().map_err(|e| error(format!("{what}: {e}")));
        };
    Diagram::new(points).map_err(|e| error(format!("{what}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_above_the_limit_are_refused_without_overflow() {
        assert!(table_fits::<f64>(1000, 1000));
        assert!(!table_fits::<f64>(1 << 14, 1 << 14));
        assert!(!table_fits::<f32>(usize::MAX, 2));
        assert!(table_fits::<f64>(11_585, 11_585));
        assert!(!table_fits::<f64>(11_586, 11_586));
    }
}
