//! The Wasserstein-q distance between persistence diagrams, with its optimal
//! matching and gradient.
//!
//! `W_q(A, B) = (min over matchings Σ cost^q)^{1/q}`, matching points with
//! each other or with the diagonal, for `q ≥ 1` and a ground metric L∞ or L2
//! (see [`Ground`]). Infinite points are matched among themselves, kind by
//! kind, in sorted order of their finite coordinate (optimal for a convex
//! cost); the distance is `+inf` when the counts of a kind differ.
//!
//! The finite part is an exact linear assignment. Writing `c(p)` for the
//! cost of sending `p` to the diagonal, a matching costs
//! `Σ_A c(a)^q + Σ_B c(b)^q + Σ_{matched (a,b)} w(a, b)` with
//! `w(a, b) = c(a,b)^q - c(a)^q - c(b)^q`, so only pairs with `w < 0` are
//! worth matching, and the problem is the rectangular assignment of the
//! smaller diagram into the larger with costs `min(w, 0)` — an
//! `n × m` problem instead of the usual `(n+m) × (n+m)` one with diagonal
//! copies, solved by [`crate::diagrams::assignment::solve`] in `O(n² m)`. Coordinates
//! are scaled by a power of two first (exactly), so `cost^q` neither
//! overflows nor underflows for reasonable `q`.

use alloc::vec;
use alloc::vec::Vec;

use crate::diagrams::assignment::solve;
use crate::diagrams::diagram::{Diagram, PointKind};
use crate::diagrams::matching::{
    diagonal_cost, edge_cost, edge_cost_grad, forced_matching, pair_cost, DiagramMatching, Ground,
    MatchedEdge,
};
use crate::error::{Error, Result};
use crate::scalar::Scalar;

/// Parameters of the Wasserstein distance.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WassersteinParams {
    q: f64,
    ground: Ground,
}

impl Default for WassersteinParams {
    fn default() -> Self {
        Self {
            q: 1.0,
            ground: Ground::LInf,
        }
    }
}

/// [`WassersteinParams`] after validation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wasserstein {
    q: f64,
    ground: Ground,
}

impl WassersteinParams {
    /// `W_1` with the L∞ ground metric (Hera's default).
    pub fn new() -> Self {
        Self::default()
    }

    /// The exponent `q ≥ 1` (finite; the limit `q → ∞` is the bottleneck
    /// distance).
    pub fn q(mut self, q: f64) -> Self {
        self.q = q;
        self
    }

    /// The ground metric between diagram points.
    pub fn ground(mut self, ground: Ground) -> Self {
        self.ground = ground;
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] unless `1 <= q < inf`.
    pub fn check(self) -> Result<Wasserstein> {
        if !(self.q.is_finite() && self.q >= 1.0) {
            return Err(Error::InvalidParameter {
                name: "q",
                reason: alloc::format!("must be finite and at least 1, got {}", self.q),
            });
        }
        Ok(Wasserstein {
            q: self.q,
            ground: self.ground,
        })
    }
}

/// The Wasserstein distance with the matching that achieves it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(bound = "T: Scalar"))]
pub struct WassersteinResult<T> {
    /// `W_q(A, B)` (`+inf` when the infinite points cannot be matched;
    /// written `"inf"` with the `serde` feature, as in diagrams).
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::coordinate::serde_impl::coordinate")
    )]
    pub distance: T,
    /// An optimal matching (its three lists are fields of the result itself
    /// with the `serde` feature).
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub matching: DiagramMatching,
    /// The exponent the distance was computed with.
    pub q: f64,
    /// The ground metric it was computed with.
    pub ground: Ground,
}

impl<T: Scalar> WassersteinResult<T> {
    /// The gradient of the distance with respect to the points of `a` and of
    /// `b` (the diagrams it was computed from), through the optimal matching:
    /// `∇W = Σ_edges (c_e / W)^{q-1} ∇c_e`. Zero when the distance is 0 or
    /// infinite.
    ///
    /// ```
    /// use toporeg::{wasserstein, Diagram, WassersteinParams};
    /// let a = Diagram::new(vec![[0.0, 4.0]])?;
    /// let b = Diagram::new(vec![[1.0, 4.5]])?;
    /// let r = wasserstein(&a, &b, WassersteinParams::new().q(2.0))?;
    /// assert_eq!(r.distance, 1.0);
    /// let (ga, gb) = r.grad(&a, &b);
    /// assert_eq!(ga, vec![[-1.0, 0.0]]);
    /// assert_eq!(gb, vec![[1.0, 0.0]]);
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn grad(&self, a: &Diagram<T>, b: &Diagram<T>) -> (Vec<[T; 2]>, Vec<[T; 2]>) {
        let mut ga = vec![[0.0f64; 2]; a.len()];
        let mut gb = vec![[0.0f64; 2]; b.len()];
        let w = self.distance.as_f64();
        let to_t = |v: Vec<[f64; 2]>| -> Vec<[T; 2]> {
            v.into_iter().map(|[x, y]| [T::of(x), T::of(y)]).collect()
        };
        if !(w.is_finite() && w > 0.0) {
            return (to_t(ga), to_t(gb));
        }
        let p64 = |p: [T; 2]| [p[0].as_f64(), p[1].as_f64()];
        for e in self.matching.edges() {
            let c = edge_cost(a, b, e, self.ground);
            if !(c.is_finite() && c > 0.0) {
                continue;
            }
            let f = libm::pow(c / w, self.q - 1.0);
            match e {
                MatchedEdge::Pair(i, j) => {
                    let (x, y) =
                        edge_cost_grad(p64(a.points()[i]), Some(p64(b.points()[j])), self.ground);
                    for k in 0..2 {
                        ga[i][k] += f * x[k];
                        gb[j][k] += f * y[k];
                    }
                }
                MatchedEdge::FirstToDiagonal(i) => {
                    let (x, _) = edge_cost_grad(p64(a.points()[i]), None, self.ground);
                    for k in 0..2 {
                        ga[i][k] += f * x[k];
                    }
                }
                MatchedEdge::SecondToDiagonal(j) => {
                    let (y, _) = edge_cost_grad(p64(b.points()[j]), None, self.ground);
                    for k in 0..2 {
                        gb[j][k] += f * y[k];
                    }
                }
            }
        }
        (to_t(ga), to_t(gb))
    }
}

/// The Wasserstein-q distance between `a` and `b` with an optimal matching.
///
/// # Errors
/// [`Error::InvalidParameter`] for `q < 1` or a non-finite `q`.
///
/// ```
/// use toporeg::{wasserstein, Diagram, Ground, WassersteinParams};
/// let a = Diagram::new(vec![[0.0, 2.0], [0.0, 10.0]])?;
/// let b = Diagram::new(vec![[0.0, 9.0]])?;
/// // (0,10)-(0,9) costs 1, (0,2) to the diagonal costs 1.
/// let r = wasserstein(&a, &b, WassersteinParams::new().q(1.0).ground(Ground::LInf))?;
/// assert_eq!(r.distance, 2.0);
/// let r2 = wasserstein(&a, &b, WassersteinParams::new().q(2.0).ground(Ground::LInf))?;
/// assert!((r2.distance - 2f64.sqrt()).abs() < 1e-15);
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn wasserstein<T: Scalar>(
    a: &Diagram<T>,
    b: &Diagram<T>,
    params: WassersteinParams,
) -> Result<WassersteinResult<T>> {
    let w = params.check()?;
    Ok(w.compute(a, b))
}

impl Wasserstein {
    /// The distance and an optimal matching.
    pub fn compute<T: Scalar>(&self, a: &Diagram<T>, b: &Diagram<T>) -> WassersteinResult<T> {
        let mut matching = forced_matching(a, b);
        // An exact power-of-two scale that brings every finite coordinate into [-2, 2].
        let max_abs = a
            .points()
            .iter()
            .chain(b.points())
            .flat_map(|p| [p[0].as_f64(), p[1].as_f64()])
            .filter(|v| v.is_finite())
            .fold(0.0f64, |m, v| {
                let v = libm::fabs(v);
                if v > m {
                    v
                } else {
                    m
                }
            });
        let scale = if max_abs > 0.0 {
            // Capped at 2^1023 (the largest power of two).
            libm::exp2(libm::ceil(libm::log2(max_abs)).min(1023.0))
        } else {
            1.0
        };
        let scaled = |d: &Diagram<T>| -> (Vec<[f64; 2]>, Vec<usize>) {
            let mut pts = Vec::new();
            let mut idx = Vec::new();
            for (i, &p) in d.points().iter().enumerate() {
                if PointKind::of(p) == PointKind::Finite {
                    pts.push([p[0].as_f64() / scale, p[1].as_f64() / scale]);
                    idx.push(i);
                }
            }
            (pts, idx)
        };
        let (pa, ia) = scaled(a);
        let (pb, ib) = scaled(b);
        let (pairs, da, db) = self.finite_part(&pa, &pb);
        matching
            .pairs
            .extend(pairs.iter().map(|&(i, j)| (ia[i], ib[j])));
        matching.first_to_diagonal.extend(da.iter().map(|&i| ia[i]));
        matching
            .second_to_diagonal
            .extend(db.iter().map(|&j| ib[j]));
        matching.pairs.sort_unstable();
        matching.first_to_diagonal.sort_unstable();
        matching.second_to_diagonal.sort_unstable();
        // Σ (cost/scale)^q over every edge, then undo the scale.
        let mut total = 0.0;
        for e in matching.edges() {
            let c = edge_cost(a, b, e, self.ground) / scale;
            total += libm::pow(c, self.q);
        }
        let distance = if total.is_finite() {
            scale * libm::pow(total, 1.0 / self.q)
        } else {
            f64::INFINITY
        };
        WassersteinResult {
            distance: T::of(distance),
            matching,
            q: self.q,
            ground: self.ground,
        }
    }

    /// Optimal matching of finite point sets: `(pairs, a to diagonal, b to diagonal)`.
    #[allow(clippy::type_complexity)]
    fn finite_part(
        &self,
        a: &[[f64; 2]],
        b: &[[f64; 2]],
    ) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
        let q = self.q;
        let pow = |c: f64| libm::pow(c, q);
        let ca: Vec<f64> = a
            .iter()
            .map(|&p| pow(diagonal_cost(p, self.ground)))
            .collect();
        let cb: Vec<f64> = b
            .iter()
            .map(|&p| pow(diagonal_cost(p, self.ground)))
            .collect();
        // Rows: the smaller side.
        let swap = a.len() > b.len();
        let (rows, cols, cr, cc) = if swap {
            (b, a, &cb, &ca)
        } else {
            (a, b, &ca, &cb)
        };
        let (n, m) = (rows.len(), cols.len());
        let mut cost = vec![0.0; n * m];
        for i in 0..n {
            for j in 0..m {
                let w = pow(pair_cost(rows[i], cols[j], self.ground)) - cr[i] - cc[j];
                // Non-finite only for overflowing costs: never worth matching.
                cost[i * m + j] = if w < 0.0 && w.is_finite() { w } else { 0.0 };
            }
        }
        let mut row_mate = vec![usize::MAX; n];
        if n > 0 {
            // Every cost is finite and rows <= cols, so this cannot fail.
            if let Ok(assign) = solve(&cost, n, m) {
                for (i, &j) in assign.row_to_col.iter().enumerate() {
                    if cost[i * m + j] < 0.0 {
                        row_mate[i] = j;
                    }
                }
            }
        }
        let mut col_used = vec![false; m];
        let mut pairs = Vec::new();
        let mut rows_diag = Vec::new();
        for (i, &j) in row_mate.iter().enumerate() {
            if j == usize::MAX {
                rows_diag.push(i);
            } else {
                col_used[j] = true;
                pairs.push(if swap { (j, i) } else { (i, j) });
            }
        }
        let cols_diag: Vec<usize> = (0..m).filter(|&j| !col_used[j]).collect();
        if swap {
            (pairs, cols_diag, rows_diag)
        } else {
            (pairs, rows_diag, cols_diag)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::hera_point;
    use proptest::prelude::*;

    /// Minimum of Σ cost^q over every partial injection of A into B.
    fn brute(a: &[[f64; 2]], b: &[[f64; 2]], q: f64, ground: Ground) -> f64 {
        let da = Diagram::new_any_order(a.to_vec()).unwrap();
        let db = Diagram::new_any_order(b.to_vec()).unwrap();
        let c = |e| libm::pow(edge_cost(&da, &db, e, ground), q);
        fn go(i: usize, used: &mut Vec<bool>, n: usize, c: &dyn Fn(MatchedEdge) -> f64) -> f64 {
            if i == n {
                return (0..used.len())
                    .filter(|&j| !used[j])
                    .map(|j| c(MatchedEdge::SecondToDiagonal(j)))
                    .sum();
            }
            let mut best = c(MatchedEdge::FirstToDiagonal(i)) + go(i + 1, used, n, c);
            for j in 0..used.len() {
                if !used[j] {
                    used[j] = true;
                    let v = c(MatchedEdge::Pair(i, j)) + go(i + 1, used, n, c);
                    used[j] = false;
                    best = best.min(v);
                }
            }
            best
        }
        libm::pow(go(0, &mut vec![false; b.len()], a.len(), &c), 1.0 / q)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn equals_brute_force(
            a in proptest::collection::vec(hera_point(16, 0.25), 0..=5),
            b in proptest::collection::vec(hera_point(16, 0.25), 0..=5),
            q in prop_oneof![Just(1.0), Just(2.0), 1.0f64..4.0],
            l2 in any::<bool>(),
        ) {
            let ground = if l2 { Ground::L2 } else { Ground::LInf };
            let da = Diagram::new_any_order(a.clone()).unwrap();
            let db = Diagram::new_any_order(b.clone()).unwrap();
            let want = brute(&a, &b, q, ground);
            let got = wasserstein(&da, &db, WassersteinParams::new().q(q).ground(ground)).unwrap();
            prop_assert!(got.matching.is_complete(a.len(), b.len()));
            if want.is_infinite() {
                prop_assert_eq!(got.distance, want);
            } else {
                prop_assert!((got.distance - want).abs() <= 1e-12 * (1.0 + want), "{} vs {}", got.distance, want);
                // The matching achieves the distance.
                let achieved: f64 = got.matching.edges()
                    .map(|e| libm::pow(edge_cost(&da, &db, e, ground), q))
                    .sum();
                prop_assert!((libm::pow(achieved, 1.0 / q) - want).abs() <= 1e-12 * (1.0 + want));
            }
        }
    }

    #[test]
    fn degenerate_inputs_and_parameters() {
        let e = Diagram::<f64>::empty();
        let p = WassersteinParams::default();
        assert_eq!(wasserstein(&e, &e, p).unwrap().distance, 0.0);
        let ess = Diagram::new(vec![[0.0, f64::INFINITY]]).unwrap();
        assert_eq!(wasserstein(&ess, &e, p).unwrap().distance, f64::INFINITY);
        let huge = Diagram::new(vec![[-1e308, 1e308]]).unwrap();
        let r = wasserstein(
            &huge,
            &e,
            WassersteinParams::new().q(2.0).ground(Ground::LInf),
        )
        .unwrap();
        assert_eq!(r.distance, 1e308);
        let tiny = Diagram::new(vec![[0.0, 1e-300], [1e-300, 3e-300]]).unwrap();
        let r = wasserstein(
            &tiny,
            &e,
            WassersteinParams::new().q(2.0).ground(Ground::LInf),
        )
        .unwrap();
        assert!((r.distance / 1e-300 - libm::sqrt(0.25 + 1.0)).abs() < 1e-12);
        assert!(WassersteinParams::new()
            .q(0.5)
            .ground(Ground::L2)
            .check()
            .is_err());
        assert!(WassersteinParams::new()
            .q(f64::INFINITY)
            .ground(Ground::L2)
            .check()
            .is_err());
    }
}
