//! Distances, kernels and functionals of diagrams: `bottleneck`,
//! `wasserstein`, `pssk`, `entropy`.

use serde::{Deserialize, Serialize};
use toporeg::{
    bottleneck as core_bottleneck, bottleneck_approx, edge_cost, wasserstein as core_wasserstein,
    DiagramMatching, EntropyParams, Ground, LogBase, MatchedEdge, Pssk, WassersteinParams,
};
use wasm_bindgen::prelude::*;

use crate::convert::{check_table_size, diagram, error, options, to_js, Options};

/// A matching as JavaScript sees it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MatchingOut {
    /// `[i, j]`: point `i` of the first diagram with point `j` of the second.
    pairs: Vec<[usize; 2]>,
    first_to_diagonal: Vec<usize>,
    second_to_diagonal: Vec<usize>,
}

impl From<&DiagramMatching> for MatchingOut {
    fn from(m: &DiagramMatching) -> Self {
        Self {
            pairs: m.pairs.iter().map(|&(i, j)| [i, j]).collect(),
            first_to_diagonal: m.first_to_diagonal.clone(),
            second_to_diagonal: m.second_to_diagonal.clone(),
        }
    }
}

/// The edge that realises a bottleneck distance.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EdgeOut {
    /// `"pair"`, `"firstToDiagonal"` or `"secondToDiagonal"`.
    kind: &'static str,
    /// Index in the first diagram (`null` for `"secondToDiagonal"`).
    first: Option<usize>,
    /// Index in the second diagram (`null` for `"firstToDiagonal"`).
    second: Option<usize>,
    /// Its L∞ cost.
    cost: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BottleneckOut {
    distance: f64,
    matching: MatchingOut,
    longest_edge: Option<EdgeOut>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct BottleneckOptions {
    /// Relative error bound of the approximate algorithm (default: exact).
    delta: Option<f64>,
}

impl Options for BottleneckOptions {
    const KEYS: &'static [&'static str] = &["delta"];
}

/// The bottleneck distance between two diagrams, with an optimal matching
/// and the edge that realises it.
///
/// - `a`, `b`: diagrams, each an array of `[birth, death]` pairs or of
///   `{ birth, death }` objects (the pairs `persistence` returns), or a flat
///   `Float64Array` `[b0, d0, b1, d1, …]`; `Infinity` marks essential classes;
/// - `options` (optional): `{ delta }` for the approximate algorithm, whose
///   result lies within a factor `1 + delta` of the distance.
///
/// Returns `{ distance, matching: { pairs: [[i, j], …], firstToDiagonal,
/// secondToDiagonal }, longestEdge: { kind, first, second, cost } | null }`.
#[wasm_bindgen]
pub fn bottleneck(a: &JsValue, b: &JsValue, options: &JsValue) -> Result<JsValue, JsError> {
    let (a, b) = (diagram(a, "first diagram")?, diagram(b, "second diagram")?);
    let opts: BottleneckOptions = self::options(options, "bottleneck options")?;
    let r = match opts.delta {
        Some(delta) => bottleneck_approx(&a, &b, delta)?,
        None => core_bottleneck(&a, &b),
    };
    let longest_edge = r.longest_edge.map(|e| {
        let (kind, first, second) = match e {
            MatchedEdge::Pair(i, j) => ("pair", Some(i), Some(j)),
            MatchedEdge::FirstToDiagonal(i) => ("firstToDiagonal", Some(i), None),
            MatchedEdge::SecondToDiagonal(j) => ("secondToDiagonal", None, Some(j)),
        };
        EdgeOut {
            kind,
            first,
            second,
            cost: edge_cost(&a, &b, e, Ground::LInf),
        }
    });
    to_js(&BottleneckOut {
        distance: r.distance,
        matching: (&r.matching).into(),
        longest_edge,
    })
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
enum GroundName {
    #[default]
    Linf,
    L2,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WassersteinOptions {
    /// The exponent `q >= 1` (default 1).
    q: Option<f64>,
    /// `"linf"` (default) or `"l2"`.
    ground: Option<GroundName>,
}

impl Options for WassersteinOptions {
    const KEYS: &'static [&'static str] = &["q", "ground"];
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WassersteinOut {
    distance: f64,
    matching: MatchingOut,
}

/// The Wasserstein-q distance between two diagrams with an optimal matching.
///
/// - `a`, `b`: diagrams as for `bottleneck`;
/// - `options` (optional): `{ q = 1, ground = "linf" | "l2" }`.
///
/// Returns `{ distance, matching }` (the matching as for `bottleneck`).
#[wasm_bindgen]
pub fn wasserstein(a: &JsValue, b: &JsValue, options: &JsValue) -> Result<JsValue, JsError> {
    let (a, b) = (diagram(a, "first diagram")?, diagram(b, "second diagram")?);
    let opts: WassersteinOptions = self::options(options, "wasserstein options")?;
    // the exact assignment works on a dense cost table
    check_table_size::<f64>(a.len(), b.len())?;
    let params = WassersteinParams::new().q(opts.q.unwrap_or(1.0)).ground(
        match opts.ground.unwrap_or_default() {
            GroundName::Linf => Ground::LInf,
            GroundName::L2 => Ground::L2,
        },
    );
    let r = core_wasserstein(&a, &b, params)?;
    to_js(&WassersteinOut {
        distance: r.distance,
        matching: (&r.matching).into(),
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PsskOut {
    kernel: f64,
    distance: f64,
}

/// The persistence scale-space kernel (PSSK, Reininghaus et al.) between two
/// diagrams at scale `sigma > 0`, and the distance it induces. Only the
/// finite points off the diagonal take part.
///
/// Returns `{ kernel, distance }`.
#[wasm_bindgen]
pub fn pssk(a: &JsValue, b: &JsValue, sigma: f64) -> Result<JsValue, JsError> {
    let (a, b) = (diagram(a, "first diagram")?, diagram(b, "second diagram")?);
    let k = Pssk::new(sigma)?;
    to_js(&PsskOut {
        kernel: k.kernel(&a, &b),
        distance: k.distance(&a, &b),
    })
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(untagged)]
enum BaseIn {
    Number(f64),
    Name(BaseName),
}

#[derive(Debug, Clone, Copy, Deserialize)]
enum BaseName {
    #[serde(rename = "e")]
    E,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct EntropyOptions {
    /// Only points with a lifetime above `delta` take part (the δ-selective
    /// entropy); default: every finite point off the diagonal.
    delta: Option<f64>,
    /// Logarithm base: `"e"` (default), `2` or any positive number but 1.
    base: Option<BaseIn>,
}

impl Options for EntropyOptions {
    const KEYS: &'static [&'static str] = &["delta", "base"];
}

/// The persistent entropy of a diagram (finite points off the diagonal),
/// `-Σ (l_i / L) log(l_i / L)` over the lifetimes `l_i` with sum `L`.
///
/// - `d`: a diagram as for `bottleneck`;
/// - `options` (optional): `{ delta, base = "e" }` (see above).
#[wasm_bindgen]
pub fn entropy(d: &JsValue, options: &JsValue) -> Result<f64, JsError> {
    let d = diagram(d, "diagram")?;
    let opts: EntropyOptions = self::options(options, "entropy options")?;
    let base = match opts.base {
        None | Some(BaseIn::Name(BaseName::E)) => LogBase::E,
        Some(BaseIn::Number(2.0)) => LogBase::Two,
        Some(BaseIn::Number(b)) => LogBase::Other(b),
    };
    let mut params = EntropyParams::new().base(base);
    if let Some(delta) = opts.delta {
        params = params.delta(delta);
    }
    let e = params.check().map_err(error)?;
    Ok(e.value(&d))
}
