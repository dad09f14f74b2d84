//! The bottleneck distance between persistence diagrams, exact or with a
//! relative error bound, with its optimal matching and the edge that
//! realises it.
//!
//! `d_B(A, B)` is the smallest `r` for which the points of `A` and `B` can be
//! matched to each other or to the diagonal with every L∞ cost at most `r`
//! (a point costs `(d - b)/2` on the diagonal). Infinite points are matched
//! among themselves by their finite coordinate, kind by kind; the distance
//! is `+inf` when the counts of a kind differ.
//!
//! # Algorithm
//!
//! For a threshold `r`, call a finite point *heavy* when it is more than `r`
//! from the diagonal: heavy points must be matched to the other diagram, light
//! ones may go to the diagonal. A matching of cost `≤ r` exists if and only
//! if the heavy points of `A` can all be matched into `B` and the heavy points
//! of `B` into `A` (the Mendelsohn–Dulmage theorem joins the two one-sided
//! matchings into one). Each side is a Hopcroft–Karp maximum matching whose
//! neighbour queries go through a 2-d tree under L∞ with removal of visited
//! points (one tree per layer in the augmenting phase, as in Hera by Kerber,
//! Morozov and Nigmetov), so no graph is ever stored. Near the answer the
//! heavy points are few, which makes each decision cheap.
//!
//! The search starts from the lower bound `max_p min(pers(p)/2, nearest
//! neighbour of p in the other diagram)`, brackets the answer by doubling and
//! bisection, and, once the bracket `(lo, hi]` is narrow, lists the candidate
//! values inside it (L∞ distances between a point and a possibly heavy point,
//! and half-lifetimes, found by range queries in the trees without ever
//! listing all `n·m` pairs) and binary-searches them. The approximate mode
//! stops the bisection when `hi <= (1 + δ) lo` and returns the matching found
//! at `hi`, whose cost is within a factor `1 + δ` of the optimum. Because the
//! exact search only needs a handful of cheap decisions near the answer, the
//! approximate mode saves little in practice (on random diagrams of 1 000
//! points both take about half a millisecond); it skips the candidate
//! enumeration and so bounds the work by `log2(1/δ)` decisions.

use alloc::vec;
use alloc::vec::Vec;

use crate::diagrams::diagram::{Diagram, PointKind};
use crate::diagrams::matching::{
    edge_cost, edge_cost_grad, forced_matching, half_persistence, DiagramMatching, Ground,
    MatchedEdge,
};
use crate::error::{Error, Result};
use crate::kdtree::KdTree;
use crate::scalar::Scalar;

const NONE: u32 = u32::MAX;

/// A finite diagram point, `[birth, death]`.
type Pt = [f64; 2];

/// The tree over the points `pts[id]` of the given ids (rebuilt in place),
/// every point alive.
fn plant(tree: &mut KdTree<f64>, pts: &[Pt], ids: impl Iterator<Item = u32>) {
    tree.rebuild(2, ids.map(|i| (i as usize, pts[i as usize])));
    tree.restore();
}

/// The bottleneck distance with the matching that achieves it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(bound = "T: Scalar"))]
pub struct BottleneckResult<T> {
    /// The distance (`+inf` when the infinite points cannot be matched). In
    /// the approximate mode, the cost of [`Self::matching`], which lies within
    /// a factor `1 + δ` of the true distance. With the `serde` feature an
    /// infinite distance is written `"inf"`, as in diagrams.
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::coordinate::serde_impl::coordinate")
    )]
    pub distance: T,
    /// A matching whose largest cost is [`Self::distance`] (its three lists
    /// are fields of the result itself with the `serde` feature).
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub matching: DiagramMatching,
    /// The edge of largest cost ("longest edge"), which realises the
    /// distance; `None` when both diagrams are empty.
    pub longest_edge: Option<MatchedEdge>,
}

impl<T: Scalar> BottleneckResult<T> {
    /// The subgradient of the distance with respect to the points of `a` and
    /// of `b` (the diagrams the result was computed from), through the
    /// longest edge: for a pair, `±1` on the coordinate where the L∞ distance
    /// is attained; for a point on the diagonal, `[-1/2, 1/2]`. Zero
    /// everywhere when the distance is infinite or no edge exists.
    ///
    /// ```
    /// use toporeg::{bottleneck, Diagram};
    /// let a = Diagram::new(vec![[0.0, 4.0]])?;
    /// let b = Diagram::new(vec![[1.0, 4.5]])?;
    /// let r = bottleneck(&a, &b);
    /// assert_eq!(r.distance, 1.0);
    /// let (ga, gb) = r.grad(&a, &b);
    /// assert_eq!(ga, vec![[-1.0, 0.0]]);
    /// assert_eq!(gb, vec![[1.0, 0.0]]);
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn grad(&self, a: &Diagram<T>, b: &Diagram<T>) -> (Vec<[T; 2]>, Vec<[T; 2]>) {
        let mut ga = vec![[T::zero(); 2]; a.len()];
        let mut gb = vec![[T::zero(); 2]; b.len()];
        if !self.distance.is_finite() {
            return (ga, gb);
        }
        let p64 = |p: [T; 2]| [p[0].as_f64(), p[1].as_f64()];
        let to_t = |g: [f64; 2]| [T::of(g[0]), T::of(g[1])];
        match self.longest_edge {
            Some(MatchedEdge::Pair(i, j)) if i < a.len() && j < b.len() => {
                let (x, y) =
                    edge_cost_grad(p64(a.points()[i]), Some(p64(b.points()[j])), Ground::LInf);
                ga[i] = to_t(x);
                gb[j] = to_t(y);
            }
            Some(MatchedEdge::FirstToDiagonal(i)) if i < a.len() => {
                ga[i] = to_t(edge_cost_grad(p64(a.points()[i]), None, Ground::LInf).0);
            }
            Some(MatchedEdge::SecondToDiagonal(j)) if j < b.len() => {
                gb[j] = to_t(edge_cost_grad(p64(b.points()[j]), None, Ground::LInf).0);
            }
            _ => {}
        }
        (ga, gb)
    }
}

/// The exact bottleneck distance between `a` and `b`, with an optimal
/// matching and its longest edge.
///
/// ```
/// use toporeg::{bottleneck, Diagram, MatchedEdge};
/// let a = Diagram::new(vec![[0.0, 1.0], [0.0, 10.0], [2.0, f64::INFINITY]])?;
/// let b = Diagram::new(vec![[0.0, 9.0], [2.5, f64::INFINITY]])?;
/// let r = bottleneck(&a, &b);
/// assert_eq!(r.distance, 1.0); // (0,10)-(0,9) costs 1, (0,1) to the diagonal 0.5
/// assert_eq!(r.longest_edge, Some(MatchedEdge::Pair(1, 0)));
/// assert!(r.matching.is_complete(a.len(), b.len()));
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn bottleneck<T: Scalar>(a: &Diagram<T>, b: &Diagram<T>) -> BottleneckResult<T> {
    run(a, b, None)
}

/// The bottleneck distance within a relative error `delta > 0`: the result
/// `d` satisfies `d_B <= d <= (1 + delta) d_B`, and the returned matching
/// costs exactly `d`.
///
/// # Errors
/// [`Error::InvalidParameter`] unless `delta` is positive and finite.
///
/// ```
/// use toporeg::{bottleneck_approx, Diagram};
/// let a = Diagram::new(vec![[0.0, 4.0]])?;
/// let b = Diagram::new(vec![[1.0, 4.5]])?;
/// let r = bottleneck_approx(&a, &b, 0.01)?;
/// assert!(r.distance >= 1.0 && r.distance <= 1.01);
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn bottleneck_approx<T: Scalar>(
    a: &Diagram<T>,
    b: &Diagram<T>,
    delta: f64,
) -> Result<BottleneckResult<T>> {
    let d = delta;
    if !(d.is_finite() && d > 0.0) {
        return Err(Error::InvalidParameter {
            name: "delta",
            reason: alloc::format!("must be positive and finite, got {d}"),
        });
    }
    Ok(run(a, b, Some(d)))
}

/// Just the exact distance.
///
/// ```
/// use toporeg::{bottleneck_distance, Diagram};
/// let a = Diagram::new(vec![[0.0, 2.0]])?;
/// assert_eq!(bottleneck_distance(&a, &Diagram::empty()), 1.0);
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn bottleneck_distance<T: Scalar>(a: &Diagram<T>, b: &Diagram<T>) -> T {
    bottleneck(a, b).distance
}

fn run<T: Scalar>(a: &Diagram<T>, b: &Diagram<T>, delta: Option<f64>) -> BottleneckResult<T> {
    let mut matching = forced_matching(a, b);
    let finite = |d: &Diagram<T>| -> (Vec<Pt>, Vec<usize>) {
        let mut pts = Vec::new();
        let mut idx = Vec::new();
        for (i, &p) in d.points().iter().enumerate() {
            if PointKind::of(p) == PointKind::Finite {
                pts.push([p[0].as_f64(), p[1].as_f64()]);
                idx.push(i);
            }
        }
        (pts, idx)
    };
    let (pa, ia) = finite(a);
    let (pb, ib) = finite(b);
    let (pairs, to_diag_a, to_diag_b) = finite_part(&pa, &pb, delta);
    matching
        .pairs
        .extend(pairs.iter().map(|&(i, j)| (ia[i as usize], ib[j as usize])));
    matching
        .first_to_diagonal
        .extend(to_diag_a.iter().map(|&i| ia[i as usize]));
    matching
        .second_to_diagonal
        .extend(to_diag_b.iter().map(|&j| ib[j as usize]));
    matching.pairs.sort_unstable();
    matching.first_to_diagonal.sort_unstable();
    matching.second_to_diagonal.sort_unstable();
    let mut distance = 0.0;
    let mut longest = None;
    for e in matching.edges() {
        let c = edge_cost(a, b, e, Ground::LInf);
        if longest.is_none() || c > distance {
            distance = c;
            longest = Some(e);
        }
    }
    BottleneckResult {
        distance: T::of(distance),
        matching,
        longest_edge: longest,
    }
}

/// The bottleneck matching of two sets of finite off-diagonal points:
/// `(pairs, a to diagonal, b to diagonal)` as local indices.
#[allow(clippy::type_complexity)]
fn finite_part(a: &[Pt], b: &[Pt], delta: Option<f64>) -> (Vec<(u32, u32)>, Vec<u32>, Vec<u32>) {
    let ha: Vec<f64> = a.iter().map(|p| half_persistence(*p)).collect();
    let hb: Vec<f64> = b.iter().map(|p| half_persistence(*p)).collect();
    let mut s = Search {
        ab: Side::new(a, &ha, b),
        ba: Side::new(b, &hb, a),
    };
    let r = s.optimal_threshold(delta);
    let (m1, ok1) = s.ab.max_matching(r);
    let (m2, ok2) = s.ba.max_matching(r);
    debug_assert!(ok1 && ok2);
    let _ = (ok1, ok2);
    join(&m1, &m2, a.len(), b.len())
}

/// One direction of the problem: matching the heavy points of `own` into
/// `other` (indexed by a tree over `other`).
struct Side<'a> {
    own: &'a [Pt],
    half: &'a [f64],
    other: &'a [Pt],
    /// Own points by decreasing half-lifetime, so the heavy ones at `r` are a prefix.
    by_half: Vec<u32>,
    tree: KdTree<f64>,
    layers: Vec<KdTree<f64>>,
}

/// A maximum matching of the heavy points: `mate[i]` for the heavy points
/// `by_half[..k]` (local order), as indices of `other`.
struct OneSided {
    heavy: Vec<u32>,
    mate: Vec<u32>,
}

impl<'a> Side<'a> {
    fn new(own: &'a [Pt], half: &'a [f64], other: &'a [Pt]) -> Self {
        let mut by_half: Vec<u32> = (0..own.len() as u32).collect();
        by_half.sort_by(|&i, &j| half[j as usize].total_cmp(&half[i as usize]));
        let mut tree = KdTree::default();
        plant(&mut tree, other, 0..other.len() as u32);
        Self {
            own,
            half,
            other,
            by_half,
            tree,
            layers: Vec::new(),
        }
    }

    /// Number of own points more than `r` from the diagonal.
    fn heavy_count(&self, r: f64) -> usize {
        self.by_half.partition_point(|&i| self.half[i as usize] > r)
    }

    /// Hopcroft–Karp: a maximum matching of the heavy points at `r` into the
    /// other diagram, and whether it matches them all.
    fn max_matching(&mut self, r: f64) -> (OneSided, bool) {
        let k = self.heavy_count(r);
        let heavy: Vec<u32> = self.by_half[..k].to_vec();
        let mut mate = vec![NONE; k];
        if k == 0 {
            return (OneSided { heavy, mate }, true);
        }
        if k > self.other.len() {
            return (OneSided { heavy, mate }, false);
        }
        let q: Vec<Pt> = heavy.iter().map(|&i| self.own[i as usize]).collect();
        let mut mate_other = vec![NONE; self.other.len()];
        // Greedy start.
        self.tree.restore();
        let mut matched = 0;
        for (i, &qi) in q.iter().enumerate() {
            if let Some(pos) = self.tree.find_any(&qi, r) {
                let y = self.tree.id(pos) as u32;
                self.tree.remove(pos);
                mate[i] = y;
                mate_other[y as usize] = i as u32;
                matched += 1;
            }
        }
        let mut layer = vec![u32::MAX; k];
        let mut frontier: Vec<u32> = Vec::new();
        let mut next: Vec<u32> = Vec::new();
        let mut layer_ys: Vec<Vec<u32>> = Vec::new();
        let mut stack: Vec<u32> = Vec::new();
        let mut path: Vec<u32> = Vec::new();
        while matched < k {
            // Breadth-first layering from the free heavy points.
            layer.fill(u32::MAX);
            frontier.clear();
            for i in 0..k {
                if mate[i] == NONE {
                    layer[i] = 0;
                    frontier.push(i as u32);
                }
            }
            self.tree.restore();
            let mut depth = 0usize;
            let mut found = false;
            for l in layer_ys.iter_mut() {
                l.clear();
            }
            loop {
                if layer_ys.len() <= depth {
                    layer_ys.push(Vec::new());
                }
                next.clear();
                let ys = &mut layer_ys[depth];
                for &x in &frontier {
                    let start = ys.len();
                    self.tree.take_all(&q[x as usize], r, |y| ys.push(y as u32));
                    for &y in &ys[start..] {
                        let m = mate_other[y as usize];
                        if m == NONE {
                            found = true;
                        } else {
                            layer[m as usize] = depth as u32 + 1;
                            next.push(m);
                        }
                    }
                }
                if found {
                    ys.retain(|&y| mate_other[y as usize] == NONE);
                    break;
                }
                if next.is_empty() {
                    break;
                }
                core::mem::swap(&mut frontier, &mut next);
                depth += 1;
            }
            if !found {
                break;
            }
            // One tree per layer of the other side's points.
            while self.layers.len() <= depth {
                self.layers.push(KdTree::default());
            }
            for (t, ys) in self.layers.iter_mut().zip(&layer_ys).take(depth + 1) {
                plant(t, self.other, ys.iter().copied());
            }
            // Depth-first search for vertex-disjoint shortest augmenting paths.
            for root in 0..k {
                if mate[root] != NONE || layer[root] != 0 {
                    continue;
                }
                stack.clear();
                path.clear();
                stack.push(root as u32);
                while let Some(&x) = stack.last() {
                    let lx = layer[x as usize] as usize;
                    let tree = &mut self.layers[lx];
                    match tree.find_any(&q[x as usize], r) {
                        Some(pos) => {
                            let y = tree.id(pos) as u32;
                            tree.remove(pos);
                            if lx == depth {
                                path.push(y);
                                for (&xi, &yi) in stack.iter().zip(&path) {
                                    mate[xi as usize] = yi;
                                    mate_other[yi as usize] = xi;
                                }
                                matched += 1;
                                break;
                            }
                            path.push(y);
                            stack.push(mate_other[y as usize]);
                        }
                        None => {
                            stack.pop();
                            path.pop();
                        }
                    }
                }
            }
        }
        (OneSided { heavy, mate }, matched == k)
    }

    /// Appends the candidate values in `(lo, hi]` that involve own points
    /// possibly heavy in that range; false when more than `cap` were found.
    fn candidates(&mut self, lo: f64, hi: f64, cap: usize, out: &mut Vec<f64>) -> bool {
        let k = self.heavy_count(lo);
        for &i in &self.by_half[..k] {
            let h = self.half[i as usize];
            if h <= hi {
                out.push(h);
            }
            if !self
                .tree
                .linf_between(&self.own[i as usize], lo, hi, cap, out)
            {
                return false;
            }
        }
        out.len() <= cap
    }

    /// The largest of `min(half-lifetime, nearest neighbour distance)`.
    fn lower_bound(&self) -> f64 {
        let mut lb = 0.0;
        for (&p, &h) in self.own.iter().zip(self.half) {
            if h <= lb {
                continue;
            }
            let nn = self.tree.nearest_linf(&p);
            let v = if nn < h { nn } else { h };
            if v > lb {
                lb = v;
            }
        }
        lb
    }
}

struct Search<'a> {
    ab: Side<'a>,
    ba: Side<'a>,
}

/// A value strictly between `lo` and `hi` (non-negative, `lo < hi`),
/// arithmetic when they are close, geometric in the bit patterns otherwise.
fn midpoint(lo: f64, hi: f64) -> f64 {
    if lo > 0.0 && hi <= 2.0 * lo {
        lo + (hi - lo) * 0.5
    } else {
        f64::from_bits((lo.to_bits() + hi.to_bits()) / 2)
    }
}

impl Search<'_> {
    fn decide(&mut self, r: f64) -> bool {
        if self.ab.heavy_count(r) > self.ba.own.len() || self.ba.heavy_count(r) > self.ab.own.len()
        {
            return false;
        }
        self.ab.max_matching(r).1 && self.ba.max_matching(r).1
    }

    fn optimal_threshold(&mut self, delta: Option<f64>) -> f64 {
        let lb = {
            let x = self.ab.lower_bound();
            let y = self.ba.lower_bound();
            if x > y {
                x
            } else {
                y
            }
        };
        if self.decide(lb) {
            return lb;
        }
        let mut hi = self
            .ab
            .half
            .iter()
            .chain(self.ba.half)
            .fold(0.0, |m: f64, &h| if h > m { h } else { m });
        let mut lo = lb;
        // Doubling from the lower bound.
        if lo > 0.0 {
            loop {
                let t = lo * 2.0;
                if t >= hi {
                    break;
                }
                if self.decide(t) {
                    hi = t;
                    break;
                }
                lo = t;
            }
        }
        let n = self.ab.own.len() + self.ba.own.len();
        let cap = 4 * n + 64;
        let mut cands = Vec::new();
        loop {
            match delta {
                Some(d) => {
                    if hi <= lo * (1.0 + d) {
                        return hi;
                    }
                }
                None => {
                    if hi - lo <= 0.125 * hi {
                        cands.clear();
                        if self.ab.candidates(lo, hi, cap, &mut cands)
                            && self.ba.candidates(lo, hi, cap, &mut cands)
                        {
                            return self.search_candidates(&mut cands, hi);
                        }
                    }
                }
            }
            let mid = midpoint(lo, hi);
            if mid <= lo || mid >= hi {
                // No float strictly inside: `hi` is the smallest feasible value.
                return hi;
            }
            if self.decide(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
    }

    /// The smallest feasible candidate (all in `(lo, hi]`, `hi` feasible).
    fn search_candidates(&mut self, cands: &mut Vec<f64>, hi: f64) -> f64 {
        cands.sort_unstable_by(f64::total_cmp);
        cands.dedup();
        if cands.is_empty() {
            return hi;
        }
        let (mut l, mut h) = (0usize, cands.len() - 1);
        if !self.decide(cands[h]) {
            // Cannot happen with exact candidates; `hi` stays correct.
            return hi;
        }
        while l < h {
            let m = (l + h) / 2;
            if self.decide(cands[m]) {
                h = m;
            } else {
                l = m + 1;
            }
        }
        cands[h]
    }
}

/// Joins a matching `m1` that covers the heavy points of `A` and a matching
/// `m2` that covers those of `B` into one matching covering both
/// (Mendelsohn–Dulmage): in every path of `m1 ∪ m2` at most one end needs
/// covering and the edges of its matching are taken; in cycles, `m1`'s.
#[allow(clippy::type_complexity)]
fn join(
    m1: &OneSided,
    m2: &OneSided,
    na: usize,
    nb: usize,
) -> (Vec<(u32, u32)>, Vec<u32>, Vec<u32>) {
    // Vertices: A as 0..na, B as na..na+nb. Partners in m1 and m2.
    let total = na + nb;
    let mut p1 = vec![NONE; total];
    let mut p2 = vec![NONE; total];
    let mut needs = vec![false; total];
    for (&a, &b) in m1.heavy.iter().zip(&m1.mate) {
        needs[a as usize] = true;
        if b != NONE {
            p1[a as usize] = na as u32 + b;
            p1[na + b as usize] = a;
        }
    }
    for (&b, &a) in m2.heavy.iter().zip(&m2.mate) {
        needs[na + b as usize] = true;
        if a != NONE {
            p2[na + b as usize] = a;
            p2[a as usize] = na as u32 + b;
        }
    }
    let mut taken = vec![NONE; total];
    let mut visited = vec![false; total];
    let degree = |v: usize| -> usize {
        let (x, y) = (p1[v], p2[v]);
        match (x == NONE, y == NONE) {
            (true, true) => 0,
            (false, false) if x != y => 2,
            _ => 1,
        }
    };
    let mut seq: Vec<u32> = Vec::new();
    for start in 0..total {
        if visited[start] || degree(start) != 1 {
            continue;
        }
        // Walk the path from this end, alternating between m1 and m2.
        seq.clear();
        seq.push(start as u32);
        visited[start] = true;
        let first_in_m1 = p1[start] != NONE;
        let mut use_m1 = first_in_m1;
        let mut cur = start;
        loop {
            let nxt = if use_m1 { p1[cur] } else { p2[cur] };
            if nxt == NONE || visited[nxt as usize] {
                break;
            }
            cur = nxt as usize;
            visited[cur] = true;
            seq.push(cur as u32);
            use_m1 = !use_m1;
        }
        let last = cur;
        // Class of the last edge: edges alternate starting with `first_in_m1`.
        let edges = seq.len() - 1;
        let last_in_m1 = if edges % 2 == 1 {
            first_in_m1
        } else {
            !first_in_m1
        };
        let take_m1 = if needs[start] {
            first_in_m1
        } else if needs[last] {
            last_in_m1
        } else {
            first_in_m1
        };
        for t in 0..edges {
            let in_m1 = (t % 2 == 0) == first_in_m1;
            if in_m1 == take_m1 {
                let (u, v) = (seq[t], seq[t + 1]);
                taken[u as usize] = v;
                taken[v as usize] = u;
            }
        }
    }
    // What is left are even cycles: take m1 there.
    for v in 0..total {
        if !visited[v] && p1[v] != NONE && taken[v] == NONE {
            let u = p1[v];
            taken[v] = u;
            taken[u as usize] = v as u32;
        }
    }
    let mut pairs = Vec::new();
    let mut da = Vec::new();
    let mut db = Vec::new();
    for (a, &t) in taken[..na].iter().enumerate() {
        match t {
            NONE => da.push(a as u32),
            b => pairs.push((a as u32, b - na as u32)),
        }
    }
    for b in 0..nb {
        if taken[na + b] == NONE {
            db.push(b as u32);
        }
    }
    (pairs, da, db)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagrams::matching::edge_cost;
    use crate::testing::hera_point;
    use proptest::prelude::*;

    /// Minimum over all matchings of the maximum cost, by enumerating every
    /// partial injection of `A` into `B` (the rest going to the diagonal).
    fn brute(a: &[[f64; 2]], b: &[[f64; 2]]) -> f64 {
        let da = Diagram::new_any_order(a.to_vec()).unwrap();
        let db = Diagram::new_any_order(b.to_vec()).unwrap();
        let c = |e| edge_cost(&da, &db, e, Ground::LInf);
        fn go(i: usize, used: &mut Vec<bool>, n: usize, c: &dyn Fn(MatchedEdge) -> f64) -> f64 {
            if i == n {
                return (0..used.len())
                    .filter(|&j| !used[j])
                    .map(|j| c(MatchedEdge::SecondToDiagonal(j)))
                    .fold(0.0, f64::max);
            }
            let mut best = c(MatchedEdge::FirstToDiagonal(i)).max(go(i + 1, used, n, c));
            for j in 0..used.len() {
                if !used[j] {
                    used[j] = true;
                    let v = c(MatchedEdge::Pair(i, j)).max(go(i + 1, used, n, c));
                    used[j] = false;
                    best = best.min(v);
                }
            }
            best
        }
        go(0, &mut vec![false; b.len()], a.len(), &c)
    }

    fn check(a: &[[f64; 2]], b: &[[f64; 2]]) -> core::result::Result<(), TestCaseError> {
        let da = Diagram::new_any_order(a.to_vec()).unwrap();
        let db = Diagram::new_any_order(b.to_vec()).unwrap();
        let want = brute(a, b);
        let got = bottleneck(&da, &db);
        prop_assert_eq!(got.distance, want, "{:?} {:?}", a, b);
        prop_assert!(got.matching.is_complete(a.len(), b.len()));
        let realised = got
            .matching
            .edges()
            .map(|e| edge_cost(&da, &db, e, Ground::LInf))
            .fold(0.0, |m: f64, c| if c > m { c } else { m });
        prop_assert_eq!(realised, want);
        if let Some(e) = got.longest_edge {
            prop_assert_eq!(edge_cost(&da, &db, e, Ground::LInf), want);
        }
        let approx = bottleneck_approx(&da, &db, 0.1).unwrap();
        prop_assert!(approx.distance >= want && approx.distance <= want * 1.1 + 1e-12);
        prop_assert!(approx.matching.is_complete(a.len(), b.len()));
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn equals_brute_force(
            a in proptest::collection::vec(hera_point(8, 0.5), 0..=4),
            b in proptest::collection::vec(hera_point(8, 0.5), 0..=4),
        ) {
            check(&a, &b)?;
        }

        #[test]
        fn equals_brute_force_on_finite_points(
            a in proptest::collection::vec((0.0f64..4.0, 0.0f64..3.0), 0..=6),
            b in proptest::collection::vec((0.0f64..4.0, 0.0f64..3.0), 0..=6),
        ) {
            let a: Vec<[f64; 2]> = a.into_iter().map(|(x, l)| [x, x + l]).collect();
            let b: Vec<[f64; 2]> = b.into_iter().map(|(x, l)| [x, x + l]).collect();
            check(&a, &b)?;
        }
    }

    #[test]
    fn degenerate_inputs() {
        let e = Diagram::<f64>::empty();
        let r = bottleneck(&e, &e);
        assert_eq!(r.distance, 0.0);
        assert_eq!(r.longest_edge, None);
        let diag = Diagram::new(vec![[1.0, 1.0], [2.0, 2.0]]).unwrap();
        assert_eq!(bottleneck(&diag, &e).distance, 0.0);
        let ess = Diagram::new(vec![[1.0, f64::INFINITY]]).unwrap();
        assert_eq!(bottleneck(&ess, &e).distance, f64::INFINITY);
        assert_eq!(bottleneck(&ess, &ess).distance, 0.0);
        let neg = Diagram::new(vec![[f64::NEG_INFINITY, 3.0]]).unwrap();
        let neg2 = Diagram::new(vec![[f64::NEG_INFINITY, 5.0]]).unwrap();
        assert_eq!(bottleneck(&neg, &neg2).distance, 2.0);
        assert_eq!(bottleneck(&neg, &ess).distance, f64::INFINITY);
        let huge = Diagram::new(vec![[-1e308, 1e308], [1e300, 1e301]]).unwrap();
        let huge2 = Diagram::new(vec![[1e308, 1.5e308]]).unwrap();
        let r = bottleneck(&huge, &huge2);
        assert_eq!(r.distance, 1e308);
        assert!(r.matching.is_complete(2, 1));
        let dup = Diagram::new(vec![[0.0, 1.0]; 50]).unwrap();
        let dup2 = Diagram::new(vec![[0.0, 1.0]; 49]).unwrap();
        assert_eq!(bottleneck(&dup, &dup2).distance, 0.5);
        assert_eq!(bottleneck(&dup, &dup).distance, 0.0);
        assert!(bottleneck_approx(&dup, &dup, 0.0).is_err());
    }

    #[test]
    fn gradient_through_the_diagonal() {
        let a = Diagram::new(vec![[0.0, 4.0], [1.0, 1.5]]).unwrap();
        let r = bottleneck(&a, &Diagram::empty());
        assert_eq!(r.distance, 2.0);
        let (ga, gb) = r.grad(&a, &Diagram::empty());
        assert_eq!(ga, vec![[-0.5, 0.5], [0.0, 0.0]]);
        assert!(gb.is_empty());
    }
}
