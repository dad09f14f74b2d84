//! Matchings between two persistence diagrams, as the bottleneck and
//! Wasserstein distances return them, and the ground costs they use.
//!
//! Indices refer to the points of the diagrams as given (diagonal and
//! infinite points included). Every point appears exactly once: in a pair or
//! sent to the diagonal.

use alloc::vec::Vec;

use crate::diagrams::diagram::{Diagram, PointKind};
use crate::scalar::Scalar;

/// One edge of a matching between diagrams `A` and `B`.
///
/// With the `serde` feature an edge is the pair of its point indices, the
/// diagonal written `null`: `[i, j]`, `[i, null]` or `[null, j]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(into = "[Option<usize>; 2]", try_from = "[Option<usize>; 2]")
)]
pub enum MatchedEdge {
    /// Point `.0` of `A` with point `.1` of `B`.
    Pair(usize, usize),
    /// Point of `A` sent to the diagonal.
    FirstToDiagonal(usize),
    /// Point of `B` sent to the diagonal.
    SecondToDiagonal(usize),
}

impl From<MatchedEdge> for [Option<usize>; 2] {
    fn from(e: MatchedEdge) -> Self {
        match e {
            MatchedEdge::Pair(i, j) => [Some(i), Some(j)],
            MatchedEdge::FirstToDiagonal(i) => [Some(i), None],
            MatchedEdge::SecondToDiagonal(j) => [None, Some(j)],
        }
    }
}

impl TryFrom<[Option<usize>; 2]> for MatchedEdge {
    type Error = &'static str;

    fn try_from(e: [Option<usize>; 2]) -> core::result::Result<Self, Self::Error> {
        match e {
            [Some(i), Some(j)] => Ok(MatchedEdge::Pair(i, j)),
            [Some(i), None] => Ok(MatchedEdge::FirstToDiagonal(i)),
            [None, Some(j)] => Ok(MatchedEdge::SecondToDiagonal(j)),
            [None, None] => Err("a matched edge needs at least one point index"),
        }
    }
}

/// A full matching between two diagrams augmented with the diagonal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DiagramMatching {
    /// `(i, j)`: point `i` of `A` matched with point `j` of `B`.
    pub pairs: Vec<(usize, usize)>,
    /// Points of `A` matched with the diagonal.
    pub first_to_diagonal: Vec<usize>,
    /// Points of `B` matched with the diagonal.
    pub second_to_diagonal: Vec<usize>,
}

impl DiagramMatching {
    /// Every edge of the matching.
    pub fn edges(&self) -> impl Iterator<Item = MatchedEdge> + '_ {
        self.pairs
            .iter()
            .map(|&(i, j)| MatchedEdge::Pair(i, j))
            .chain(
                self.first_to_diagonal
                    .iter()
                    .map(|&i| MatchedEdge::FirstToDiagonal(i)),
            )
            .chain(
                self.second_to_diagonal
                    .iter()
                    .map(|&j| MatchedEdge::SecondToDiagonal(j)),
            )
    }

    /// Whether every point of `a` and of `b` appears exactly once.
    pub fn is_complete(&self, a_len: usize, b_len: usize) -> bool {
        let mut seen_a = alloc::vec![false; a_len];
        let mut seen_b = alloc::vec![false; b_len];
        let mark = |seen: &mut [bool], i: usize| -> bool {
            match seen.get_mut(i) {
                Some(s) if !*s => {
                    *s = true;
                    true
                }
                _ => false,
            }
        };
        for e in self.edges() {
            let ok = match e {
                MatchedEdge::Pair(i, j) => mark(&mut seen_a, i) && mark(&mut seen_b, j),
                MatchedEdge::FirstToDiagonal(i) => mark(&mut seen_a, i),
                MatchedEdge::SecondToDiagonal(j) => mark(&mut seen_b, j),
            };
            if !ok {
                return false;
            }
        }
        seen_a.iter().all(|&s| s) && seen_b.iter().all(|&s| s)
    }
}

/// The ground metric of a Wasserstein distance (the bottleneck distance
/// always uses L∞).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Ground {
    /// `max(|Δb|, |Δd|)`; a point is `(d - b)/2` from the diagonal.
    /// Written `"inf"` with the `serde` feature.
    #[default]
    #[cfg_attr(feature = "serde", serde(rename = "inf"))]
    LInf,
    /// `sqrt(Δb² + Δd²)`; a point is `(d - b)/√2` from the diagonal.
    /// Written `"2"` with the `serde` feature.
    #[cfg_attr(feature = "serde", serde(rename = "2"))]
    L2,
}

/// Difference of two coordinates, equal infinities giving 0.
#[inline]
fn coord_diff(a: f64, b: f64) -> f64 {
    if a == b {
        0.0
    } else {
        a - b
    }
}

/// Ground cost between two points (as `f64`): infinite unless both have the
/// same kind of infinite coordinates.
pub(crate) fn pair_cost(p: [f64; 2], q: [f64; 2], ground: Ground) -> f64 {
    let dx = coord_diff(p[0], q[0]);
    let dy = coord_diff(p[1], q[1]);
    let (ax, ay) = (libm::fabs(dx), libm::fabs(dy));
    match ground {
        Ground::LInf => {
            if ax >= ay {
                ax
            } else {
                ay
            }
        }
        Ground::L2 => libm::hypot(ax, ay),
    }
}

/// Half the lifetime `|d - b|/2`, without overflow for huge coordinates.
#[inline]
pub(crate) fn half_persistence(p: [f64; 2]) -> f64 {
    if p[0] == p[1] {
        return 0.0;
    }
    let h = libm::fabs(p[1] - p[0]) * 0.5;
    if h.is_finite() {
        h
    } else {
        libm::fabs(p[1] * 0.5 - p[0] * 0.5)
    }
}

/// Ground cost from a point to the diagonal (0 for diagonal points,
/// infinite for infinite ones).
pub(crate) fn diagonal_cost(p: [f64; 2], ground: Ground) -> f64 {
    let h = half_persistence(p);
    match ground {
        Ground::LInf => h,
        Ground::L2 => h * core::f64::consts::SQRT_2,
    }
}

/// Ground cost of one edge of a matching between `a` and `b`, as `f64`
/// (infinite for an infinite point sent to the diagonal or paired with a
/// point of another kind).
///
/// # Panics
/// If an index of `e` is out of range for its diagram.
///
/// ```
/// use toporeg::{edge_cost, Diagram, Ground, MatchedEdge};
/// let a = Diagram::new(vec![[0.0, 2.0]])?;
/// let b = Diagram::new(vec![[0.5, 3.0]])?;
/// assert_eq!(edge_cost(&a, &b, MatchedEdge::Pair(0, 0), Ground::LInf), 1.0);
/// assert_eq!(edge_cost(&a, &b, MatchedEdge::FirstToDiagonal(0), Ground::LInf), 1.0);
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn edge_cost<T: Scalar>(a: &Diagram<T>, b: &Diagram<T>, e: MatchedEdge, ground: Ground) -> f64 {
    let pa = |i: usize| {
        let p = a.points()[i];
        [p[0].as_f64(), p[1].as_f64()]
    };
    let pb = |j: usize| {
        let p = b.points()[j];
        [p[0].as_f64(), p[1].as_f64()]
    };
    match e {
        MatchedEdge::Pair(i, j) => pair_cost(pa(i), pb(j), ground),
        MatchedEdge::FirstToDiagonal(i) => diagonal_cost(pa(i), ground),
        MatchedEdge::SecondToDiagonal(j) => diagonal_cost(pb(j), ground),
    }
}

/// Which group an infinite off-diagonal point belongs to, and the
/// coordinate it is matched by: the group is the pair of "states" (−inf,
/// finite, +inf) of its two coordinates. `None` for finite and diagonal points.
fn infinite_group(p: [f64; 2]) -> Option<(usize, f64)> {
    if p[0] == p[1] || (p[0].is_finite() && p[1].is_finite()) {
        return None;
    }
    let state = |v: f64| -> usize {
        if v == f64::NEG_INFINITY {
            0
        } else if v == f64::INFINITY {
            2
        } else {
            1
        }
    };
    let key = if p[0].is_finite() {
        p[0]
    } else if p[1].is_finite() {
        p[1]
    } else {
        0.0
    };
    Some((state(p[0]) * 3 + state(p[1]), key))
}

/// The part of every optimal matching that needs no search: the points at
/// infinity matched among themselves ([`match_infinite`]) and the points on
/// the diagonal sent to it, at no cost.
pub(crate) fn forced_matching<T: Scalar>(a: &Diagram<T>, b: &Diagram<T>) -> DiagramMatching {
    let mut matching = DiagramMatching::default();
    match_infinite(a, b, &mut matching);
    matching
        .first_to_diagonal
        .extend(a.indices_of(PointKind::Diagonal));
    matching
        .second_to_diagonal
        .extend(b.indices_of(PointKind::Diagonal));
    matching
}

/// Matches the infinite points of `a` and `b` group by group in sorted
/// order of their finite coordinate (optimal for every cost increasing in
/// `|x - y|`); points left over go to the diagonal (at infinite cost).
pub(crate) fn match_infinite<T: Scalar>(a: &Diagram<T>, b: &Diagram<T>, out: &mut DiagramMatching) {
    let groups = |d: &Diagram<T>| -> [Vec<(usize, f64)>; 9] {
        let mut g: [Vec<(usize, f64)>; 9] = Default::default();
        for (i, &p) in d.points().iter().enumerate() {
            if let Some((k, key)) = infinite_group([p[0].as_f64(), p[1].as_f64()]) {
                g[k].push((i, key));
            }
        }
        for part in g.iter_mut() {
            part.sort_by(|x, y| x.1.total_cmp(&y.1).then(x.0.cmp(&y.0)));
        }
        g
    };
    let ga = groups(a);
    let gb = groups(b);
    for (xa, xb) in ga.iter().zip(gb.iter()) {
        let k = xa.len().min(xb.len());
        for t in 0..k {
            out.pairs.push((xa[t].0, xb[t].0));
        }
        out.first_to_diagonal
            .extend(xa[k..].iter().map(|&(i, _)| i));
        out.second_to_diagonal
            .extend(xb[k..].iter().map(|&(j, _)| j));
    }
}

/// The subgradient of the ground cost of one edge with respect to its
/// points: `(d cost / d a_point, d cost / d b_point)`. Zero for infinite costs.
pub(crate) fn edge_cost_grad(
    p: [f64; 2],
    q: Option<[f64; 2]>,
    ground: Ground,
) -> ([f64; 2], [f64; 2]) {
    match q {
        None => {
            if !half_persistence(p).is_finite() || p[0] == p[1] || PointKind::of(p).is_infinite() {
                return ([0.0; 2], [0.0; 2]);
            }
            let mut s = match ground {
                Ground::LInf => 0.5,
                Ground::L2 => core::f64::consts::FRAC_1_SQRT_2,
            };
            if p[1] < p[0] {
                s = -s;
            }
            ([-s, s], [0.0; 2])
        }
        Some(q) => {
            let dx = coord_diff(p[0], q[0]);
            let dy = coord_diff(p[1], q[1]);
            if !(dx.is_finite() && dy.is_finite()) {
                return ([0.0; 2], [0.0; 2]);
            }
            let g = match ground {
                Ground::LInf => {
                    let sign = |v: f64| {
                        if v > 0.0 {
                            1.0
                        } else if v < 0.0 {
                            -1.0
                        } else {
                            0.0
                        }
                    };
                    if libm::fabs(dx) >= libm::fabs(dy) {
                        [sign(dx), 0.0]
                    } else {
                        [0.0, sign(dy)]
                    }
                }
                Ground::L2 => {
                    let n = libm::hypot(dx, dy);
                    if n > 0.0 {
                        [dx / n, dy / n]
                    } else {
                        [0.0, 0.0]
                    }
                }
            };
            (g, [-g[0], -g[1]])
        }
    }
}
