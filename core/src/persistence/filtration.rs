//! The Vietoris–Rips filtration of a dense weight matrix, enumerated
//! implicitly.
//!
//! A `k`-simplex with vertices `v_k > … > v_0` is identified by its index in
//! the combinatorial number system, `Σ_i C(v_i, i + 1)`, so simplices are
//! never stored: facets and cofacets are computed from indices and a table of
//! binomial coefficients, and a simplex's filtration value (its diameter) is
//! the largest weight among its edges. Simplices above the threshold are
//! not part of the filtration.
//!
//! The filtration order is: smaller diameter first, and among equal
//! diameters the larger index first (Ripser's order). Cohomology reduces the
//! columns in the reverse of that order, and the pivot of a coboundary is its
//! entry that comes first in the filtration.

use alloc::vec::Vec;
use core::cell::OnceCell;
use core::cmp::Ordering;

use crate::error::{Error, Result};
use crate::persistence::reduction::spanning_forest;
use crate::scalar::Scalar;

/// Most vertices a simplex may have (simplex dimension ≤ 31).
pub(crate) const MAX_VERTICES: usize = 32;

/// Binomial coefficients `C(j, k)` for `j ≤ n`, `k ≤ k_max`, all fitting in
/// `u64`.
#[derive(Debug, Clone)]
pub(crate) struct Binomial {
    stride: usize,
    table: Vec<u64>,
}

impl Binomial {
    /// The table for `n` vertices and simplices of up to `k_max` vertices.
    ///
    /// # Errors
    /// [`Error::IndexOverflow`] when a coefficient does not fit in `u64`.
    pub(crate) fn new(n: usize, k_max: usize) -> Result<Self> {
        let stride = n + 1;
        let mut table = alloc::vec![0u64; stride * (k_max + 1)];
        for j in 0..=n {
            table[j] = 1;
            for k in 1..=k_max.min(j) {
                let v = if k == j {
                    1
                } else {
                    table[(k - 1) * stride + j - 1]
                        .checked_add(table[k * stride + j - 1])
                        .ok_or(Error::IndexOverflow {
                            points: n,
                            dim: k_max.saturating_sub(1),
                        })?
                };
                table[k * stride + j] = v;
            }
        }
        Ok(Self { stride, table })
    }

    /// `C(j, k)`.
    #[inline(always)]
    pub(crate) fn get(&self, j: usize, k: usize) -> u64 {
        self.table[k * self.stride + j]
    }

    /// `C(j, k)` for `j < n`, as a slice indexed by `j`.
    #[inline(always)]
    pub(crate) fn row(&self, k: usize, n: usize) -> &[u64] {
        &self.table[k * self.stride..k * self.stride + n]
    }

    /// The largest `v < top` with `C(v, k) <= idx` (`k ≥ 1`).
    #[inline]
    fn max_vertex(&self, idx: u64, k: usize, top: usize) -> usize {
        if k == 1 {
            // C(v, 1) = v
            return (idx as usize).min(top - 1);
        }
        let row = &self.table[k * self.stride..k * self.stride + top];
        // row is non-decreasing, row[k - 1] = 0 <= idx.
        row.partition_point(|&c| c <= idx) - 1
    }

    /// The vertices of the simplex `idx` with `n_vertices` vertices, in
    /// decreasing order, written to `out[..n_vertices]`.
    #[inline]
    pub(crate) fn vertices(&self, mut idx: u64, n_vertices: usize, n: usize, out: &mut [usize]) {
        let mut top = n;
        for (pos, k) in (1..=n_vertices).rev().enumerate() {
            let v = self.max_vertex(idx, k, top);
            out[pos] = v;
            idx -= self.get(v, k);
            top = v;
        }
    }
}

/// The triangles `{v, a, b}` on an edge `a > b`: their diameters, indices
/// and signs in the coboundary of the edge, vertex by vertex.
pub(crate) struct Triangles<'a, T> {
    diam: T,
    ra: &'a [T],
    rb: &'a [T],
    c2: &'a [u64],
    c3: &'a [u64],
    a: usize,
    b: usize,
    above: u64,
    between: u64,
    below: u64,
}

impl<T: Scalar> Triangles<'_, T> {
    /// `(diameter, index, negative_sign)` of `{v, a, b}`, `v ∉ {a, b}`, `v < n`.
    #[inline(always)]
    pub(crate) fn get(&self, v: usize) -> (T, u64, bool) {
        let cd = self.diam.max(self.ra[v]).max(self.rb[v]);
        if v > self.a {
            (cd, self.c3[v] + self.above, false)
        } else if v > self.b {
            (cd, self.between + self.c2[v], true)
        } else {
            (cd, self.below + v as u64, false)
        }
    }
}

/// A dense filtration: the full `n × n` weight matrix, a threshold and the
/// binomial table.
pub(crate) struct Dense<'a, T> {
    pub(crate) n: usize,
    pub(crate) dist: &'a [T],
    pub(crate) threshold: T,
    pub(crate) binom: Binomial,
    /// Each vertex's list of the vertices by increasing weight, made for
    /// the first [`Walk`] that needs it.
    near: OnceCell<Near<T>>,
}

/// Row `a` of `vertex`: the vertices by increasing weight to `a` (`a`
/// itself among those at weight 0); row `a` of `weight`: those weights.
struct Near<T> {
    weight: Vec<T>,
    vertex: Vec<u32>,
}

/// How far the walk of the triangles on an edge `{a, b}` in order of
/// diameter has gone: the triangle `{v, a, b}` is reached at weight
/// `max(w(a, v), w(b, v))`, in the list of the vertices by weight to `a`
/// when `w(b, v) <= w(a, v)` and in that of `b` otherwise, so a walk that
/// has reached weight `h` in both lists has met exactly the triangles of
/// diameter at most `max(h, w(a, b))`.
///
/// A filtration without such lists walks from the start every time (the
/// reduction drops what it already has; see [`Filtration::edge_walk`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Walk<T> {
    /// The edge `a > b`.
    edge: [u32; 2],
    /// Positions in the lists of `a` and `b`.
    pos: [u32; 2],
    /// No triangle the walk has not met has a smaller diameter.
    pub(crate) next: T,
}

impl<T: Scalar> Walk<T> {
    /// A walk of the edge `a > b` that has met nothing and promises
    /// nothing.
    pub(crate) fn start(a: usize, b: usize) -> Self {
        Self {
            edge: [a as u32, b as u32],
            pos: [0, 0],
            next: T::neg_infinity(),
        }
    }
}

impl<'a, T: Scalar> Dense<'a, T> {
    /// The filtration of the `n × n` matrix `dist` up to `threshold`.
    pub(crate) fn new(n: usize, dist: &'a [T], threshold: T, binom: Binomial) -> Self {
        Self {
            n,
            dist,
            threshold,
            binom,
            near: OnceCell::new(),
        }
    }

    /// Vertex `a`'s list of the vertices by increasing weight, and those
    /// weights.
    #[inline]
    fn near(&self, a: usize) -> (&[T], &[u32]) {
        let n = self.n;
        let near = self.near.get_or_init(|| {
            let mut vertex: Vec<u32> = Vec::with_capacity(n * n);
            let mut weight: Vec<T> = Vec::with_capacity(n * n);
            for a in 0..n {
                let row = self.row(a);
                let start = vertex.len();
                vertex.extend(0..n as u32);
                vertex[start..].sort_unstable_by(|&x, &y| {
                    row[x as usize]
                        .partial_cmp(&row[y as usize])
                        .unwrap_or(Ordering::Equal)
                });
                weight.extend(vertex[start..].iter().map(|&v| row[v as usize]));
            }
            Near { weight, vertex }
        });
        let r = a * n..(a + 1) * n;
        (&near.weight[r.clone()], &near.vertex[r])
    }

    /// The walk of `w.edge` at positions `pos`, its weight `diam`.
    #[inline]
    fn walk_at(&self, diam: T, w: &mut Walk<T>, pos: [u32; 2]) {
        let mut next = T::infinity();
        for (u, p) in w.edge.into_iter().zip(pos) {
            if let Some(&d) = self.near(u as usize).0.get(p as usize) {
                next = next.min(d);
            }
        }
        w.pos = pos;
        w.next = next.max(diam);
    }

    /// [`Filtration::edge_walk_from`] of the dense filtration.
    fn walk_from(&self, diam: T, w: &mut Walk<T>, lo: T) {
        let pos = if diam >= lo {
            [0, 0]
        } else {
            w.edge
                .map(|u| self.near(u as usize).0.partition_point(|&d| d < lo) as u32)
        };
        self.walk_at(diam, w, pos);
    }

    /// [`Filtration::edge_walk`] of the dense filtration.
    fn walk<F: FnMut(T, u64, bool)>(&self, diam: T, w: &mut Walk<T>, hi: T, mut f: F) {
        if w.next > hi {
            return;
        }
        let [a, b] = w.edge.map(|u| u as usize);
        let tri = self.triangles(diam, a, b);
        let (ra, rb) = (self.row(a), self.row(b));
        let mut pos = w.pos;
        for (side, (u, other)) in [(a, rb), (b, ra)].into_iter().enumerate() {
            let (weights, vertices) = self.near(u);
            let start = pos[side] as usize;
            let mut p = start;
            for (&x, &v) in weights[start..].iter().zip(&vertices[start..]) {
                if x > hi {
                    break;
                }
                p += 1;
                let v = v as usize;
                // met from the list of the vertex farther from v, from a's
                // on a tie
                let y = other[v];
                let here = if side == 0 { y <= x } else { y < x };
                if here && v != a && v != b {
                    let (cd, cidx, neg) = tri.get(v);
                    f(cd, cidx, neg);
                }
            }
            pos[side] = p as u32;
        }
        self.walk_at(diam, w, pos);
    }

    /// [`Filtration::edge_window`] of the dense filtration: walks when the
    /// lists hold few vertices in the window, else scans the rows.
    #[allow(clippy::too_many_arguments)]
    fn window<F: FnMut(T, u64, bool)>(
        &self,
        diam: T,
        a: usize,
        b: usize,
        lo: T,
        hi: T,
        mut f: F,
    ) -> Walk<T> {
        let mut w = Walk::start(a, b);
        if hi >= self.threshold {
            self.edge_cofacets_between(diam, a, b, lo, hi, f);
            return w;
        }
        self.walk_from(diam, &mut w, lo);
        if w.next > hi {
            return w;
        }
        let end = w
            .edge
            .map(|u| self.near(u as usize).0.partition_point(|&d| d <= hi) as u32);
        let span = (end[0] - w.pos[0]) as usize + (end[1] - w.pos[1]) as usize;
        if span <= self.n / 4 {
            self.walk(diam, &mut w, hi, f);
        } else {
            self.edge_cofacets_between(diam, a, b, lo, hi, &mut f);
            self.walk_at(diam, &mut w, end);
        }
        w
    }

    /// Weight of the pair `(i, j)`.
    #[inline(always)]
    pub(crate) fn d(&self, i: usize, j: usize) -> T {
        self.dist[i * self.n + j]
    }

    /// Row `i` of the weight matrix.
    #[inline(always)]
    pub(crate) fn row(&self, i: usize) -> &'a [T] {
        &self.dist[i * self.n..(i + 1) * self.n]
    }

    /// Diameter of a simplex given by its vertices.
    #[cfg(test)]
    #[inline]
    pub(crate) fn diameter(&self, verts: &[usize]) -> T {
        let mut d = T::zero();
        for (p, &a) in verts.iter().enumerate() {
            for &b in &verts[p + 1..] {
                d = d.max(self.d(a, b));
            }
        }
        d
    }

    /// [`Dense::cofacets`] of the edge `a > b` of weight `diam`: the
    /// triangles `{v, a, b}`, by decreasing `v` (decreasing index).
    #[inline(always)]
    pub(crate) fn edge_cofacets<F>(&self, diam: T, a: usize, b: usize, mut f: F)
    where
        F: FnMut(T, u64, bool) -> bool,
    {
        let tri = self.triangles(diam, a, b);
        for v in (0..self.n).rev() {
            if v != a && v != b {
                let (cd, cidx, neg) = tri.get(v);
                if !f(cd, cidx, neg) {
                    return;
                }
            }
        }
    }

    /// The cofacets of the simplex (`diam`, `idx`, vertices `verts` in
    /// decreasing order, at least three) with diameter in `[lo, hi]`, as
    /// [`Filtration::cofacets_between`]: diameters of 32 cofacets at a time
    /// (vector maxima and compares), indices and signs only for those in
    /// range.
    #[allow(clippy::too_many_arguments)]
    fn simplex_cofacets_between<F>(
        &self,
        diam: T,
        idx: u64,
        verts: &[usize],
        lo: T,
        hi: T,
        mut f: F,
    ) where
        F: FnMut(T, u64, bool),
    {
        const BLOCK: usize = 32;
        if diam > hi || diam.is_nan() {
            return;
        }
        let k = verts.len();
        // the index of σ ∪ {v} with t vertices of σ above v:
        // above[t] + C(v, k + 1 - t) + below[t]
        let mut above = [0u64; MAX_VERTICES + 1];
        let mut below = [0u64; MAX_VERTICES + 1];
        for (t, &u) in verts.iter().enumerate() {
            above[t + 1] = above[t] + self.binom.get(u, k + 1 - t);
        }
        below[0] = idx;
        for (t, &u) in verts.iter().enumerate() {
            below[t + 1] = below[t] - self.binom.get(u, k - t);
        }
        let low = diam >= lo;
        let mut start = 0;
        while start < self.n {
            let end = (start + BLOCK).min(self.n);
            let mut cd = [diam; BLOCK];
            for &u in verts {
                for (c, &x) in cd.iter_mut().zip(&self.row(u)[start..end]) {
                    *c = c.max(x);
                }
            }
            let mut mask = 0u32;
            for (j, &c) in cd[..end - start].iter().enumerate() {
                mask |= u32::from((c <= hi) & (low | (c >= lo))) << j;
            }
            for &u in verts {
                if (start..end).contains(&u) {
                    mask &= !(1 << (u - start));
                }
            }
            while mask != 0 {
                let j = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                let v = start + j;
                let t = verts.partition_point(|&u| u > v);
                let cidx = above[t] + self.binom.get(v, k + 1 - t) + below[t];
                f(cd[j], cidx, (k - t) & 1 == 1);
            }
            start = end;
        }
    }

    /// Calls `f(diameter, index, negative_sign)` for the triangles `{v, a,
    /// b}` on the edge `a > b` of weight `diam` whose diameter is in `[lo,
    /// hi]`, by increasing `v`: the weights are compared a block of 32
    /// vertices at a time, and only the triangles in range are built.
    #[inline]
    pub(crate) fn edge_cofacets_between<F>(
        &self,
        diam: T,
        a: usize,
        b: usize,
        lo: T,
        hi: T,
        mut f: F,
    ) where
        F: FnMut(T, u64, bool),
    {
        const BLOCK: usize = 32;
        if diam > hi || diam.is_nan() {
            return;
        }
        let tri = self.triangles(diam, a, b);
        let (ra, rb) = (self.row(a), self.row(b));
        let low = diam >= lo;
        let in_range = |x: T, y: T| (x <= hi) & (y <= hi) & (low | (x >= lo) | (y >= lo));
        let mut emit = |start: usize, mut mask: u32| {
            for u in [a, b] {
                if (start..start + BLOCK).contains(&u) {
                    mask &= !(1 << (u - start));
                }
            }
            while mask != 0 {
                let v = start + mask.trailing_zeros() as usize;
                mask &= mask - 1;
                let (cd, cidx, neg) = tri.get(v);
                f(cd, cidx, neg);
            }
        };
        // whole blocks of fixed size, which compile to vector compares
        let (ca, cb) = (ra.chunks_exact(BLOCK), rb.chunks_exact(BLOCK));
        let (ta, tb) = (ca.remainder(), cb.remainder());
        let whole = self.n / BLOCK;
        for (i, (xa, xb)) in ca.zip(cb).enumerate() {
            let mut mask = 0u32;
            for (k, (&x, &y)) in xa.iter().zip(xb).enumerate() {
                mask |= u32::from(in_range(x, y)) << k;
            }
            if mask != 0 {
                emit(i * BLOCK, mask);
            }
        }
        let mut mask = 0u32;
        for (k, (&x, &y)) in ta.iter().zip(tb).enumerate() {
            mask |= u32::from(in_range(x, y)) << k;
        }
        emit(whole * BLOCK, mask);
    }

    /// The triangles on the edge `a > b` of weight `diam`.
    #[inline(always)]
    pub(crate) fn triangles(&self, diam: T, a: usize, b: usize) -> Triangles<'_, T> {
        let n = self.n;
        let c2 = self.binom.row(2, n);
        let c3 = self.binom.row(3, n);
        Triangles {
            diam,
            ra: self.row(a),
            rb: self.row(b),
            c2: &c2[..n],
            c3: &c3[..n],
            a,
            b,
            above: c2[a] + b as u64,
            between: c3[a] + b as u64,
            below: c3[a] + c2[b],
        }
    }

    /// The largest vertex `v` other than `a` and `b` within `diam` of both:
    /// the triangle `{v, a, b}` is the zero-persistence pivot of the edge
    /// `{a, b}` of weight `diam`. Scans blocks of 16 vertices from the top.
    #[inline]
    pub(crate) fn edge_zero_pivot_vertex(&self, diam: T, a: usize, b: usize) -> Option<usize> {
        const BLOCK: usize = 16;
        let (ra, rb) = (self.row(a), self.row(b));
        let mut hi = self.n;
        while hi > 0 {
            let lo = hi.saturating_sub(BLOCK);
            let mut mask = 0u32;
            for (k, (&x, &y)) in ra[lo..hi].iter().zip(&rb[lo..hi]).enumerate() {
                mask |= u32::from((x <= diam) & (y <= diam)) << k;
            }
            for u in [a, b] {
                if (lo..hi).contains(&u) {
                    mask &= !(1 << (u - lo));
                }
            }
            if mask != 0 {
                return Some(lo + 31 - mask.leading_zeros() as usize);
            }
            hi = lo;
        }
        None
    }

    /// Calls `f(diameter, index, negative_sign)` for every cofacet of the
    /// simplex (`diam`, `idx`, vertices `verts` in decreasing order), in
    /// decreasing order of index, until `f` returns `false`. The threshold
    /// is not applied. The sign of the cofacet `σ ∪ {v}` is `(−1)^(number of
    /// vertices of σ below v)`.
    #[inline(always)]
    pub(crate) fn cofacets<F>(&self, diam: T, idx: u64, verts: &[usize], mut f: F)
    where
        F: FnMut(T, u64, bool) -> bool,
    {
        if let [a, b] = *verts {
            return self.edge_cofacets(diam, a, b, f);
        }
        let k = verts.len();
        let mut idx_below = idx;
        let mut idx_above = 0u64;
        let mut next = 0usize;
        let mut v = self.n;
        while v > 0 {
            v -= 1;
            if next < k && verts[next] == v {
                let kk = k - next;
                idx_below -= self.binom.get(v, kk);
                idx_above += self.binom.get(v, kk + 1);
                next += 1;
                continue;
            }
            let below = k - next;
            let cidx = idx_above + self.binom.get(v, below + 1) + idx_below;
            let mut cd = diam;
            for &u in verts {
                cd = cd.max(self.d(u, v));
            }
            if !f(cd, cidx, below & 1 == 1) {
                return;
            }
        }
    }
}

/// What the reduction needs from a filtration: its vertices and threshold,
/// the numbering of its simplices, its edges, and the cofacets of a
/// simplex with their diameters. Implemented by [`Dense`] (a full weight
/// matrix) and by the sparse filtration of an edge list
/// ([`crate::persistence::sparse::Sparse`]); the reduction is
/// monomorphised over it.
///
/// Every enumeration is of simplices of the clique filtration of the edges
/// present (dense: every finite entry); the threshold is applied by the
/// reduction where it says so. `d(a, b)` is only asked of an edge of a
/// simplex of the filtration.
pub(crate) trait Filtration<T: Scalar> {
    /// Number of vertices.
    fn n(&self) -> usize;

    /// Largest diameter of a simplex of the filtration.
    fn threshold(&self) -> T;

    /// The binomial table that numbers the simplices.
    fn binom(&self) -> &Binomial;

    /// Weight of the edge `{a, b}` (`a ≠ b`, an edge of the filtration).
    fn d(&self, a: usize, b: usize) -> T;

    /// The minimum spanning forest of the edges under the threshold, under
    /// the strict order (weight, then larger edge index first), as
    /// [`crate::persistence::reduction::spanning_forest`] returns it.
    fn spanning_forest(&self) -> (Vec<(T, usize, usize)>, usize);

    /// A bound on the numbers [`Filtration::edge_id`] gives edges.
    fn edge_id_bound(&self) -> usize;

    /// A number below [`Filtration::edge_id_bound`] for the edge `a > b`,
    /// distinct for distinct edges.
    fn edge_id(&self, a: usize, b: usize) -> usize;

    /// Calls `f(weight, a, b, edge_id)` for every edge `a > b` of weight at
    /// most the threshold.
    fn for_each_edge<F: FnMut(T, usize, usize, usize)>(&self, f: F);

    /// The largest vertex `v` other than `a` and `b` within `diam` of both:
    /// the triangle `{v, a, b}` is the zero-persistence pivot of the edge
    /// `{a, b}` of weight `diam`.
    fn edge_zero_pivot_vertex(&self, diam: T, a: usize, b: usize) -> Option<usize>;

    /// Calls `f(diameter, index, negative_sign)` for every triangle on the
    /// edge `a > b` of weight `diam` whose diameter is in `[lo, hi]`, in any
    /// order.
    fn edge_cofacets_between<F: FnMut(T, u64, bool)>(
        &self,
        diam: T,
        a: usize,
        b: usize,
        lo: T,
        hi: T,
        f: F,
    );

    /// Calls `f(diameter, index, negative_sign)` for the cofacets of the
    /// simplex (`diam`, `idx`, vertices `verts` in decreasing order) whose
    /// diameter is in `[lo, hi]`, in any order: edges by
    /// [`Filtration::edge_cofacets_between`], higher simplices by filtering
    /// [`Filtration::cofacets`].
    #[allow(clippy::too_many_arguments)]
    fn cofacets_between<F: FnMut(T, u64, bool)>(
        &self,
        diam: T,
        idx: u64,
        verts: &[usize],
        lo: T,
        hi: T,
        mut f: F,
    ) {
        if let [a, b] = *verts {
            self.edge_cofacets_between(diam, a, b, lo, hi, f);
            return;
        }
        self.cofacets(diam, idx, verts, |cd, cidx, neg| {
            if cd <= hi && cd >= lo {
                f(cd, cidx, neg);
            }
            true
        });
    }

    /// Calls `f` as [`Filtration::edge_cofacets_between`] does, for the
    /// triangles on the edge `a > b` of weight `diam` with diameter in
    /// `[lo, hi]` (and maybe earlier ones), and returns the walk of its
    /// coboundary past `hi` (or one that promises nothing when `hi` is the
    /// threshold).
    #[allow(clippy::too_many_arguments)]
    fn edge_window<F: FnMut(T, u64, bool)>(
        &self,
        diam: T,
        a: usize,
        b: usize,
        lo: T,
        hi: T,
        f: F,
    ) -> Walk<T> {
        self.edge_cofacets_between(diam, a, b, lo, hi, f);
        Walk::start(a, b)
    }

    /// Moves the walk of the triangles on its edge, of weight `diam`, to
    /// where it has met those of diameter below `lo` and no other
    /// (filtrations without lists: to the start).
    fn edge_walk_from(&self, _diam: T, w: &mut Walk<T>, _lo: T) {
        let [a, b] = w.edge;
        *w = Walk::start(a as usize, b as usize);
    }

    /// Calls `f(diameter, index, negative_sign)` for the triangles on the
    /// edge of the walk `w`, of weight `diam`, that it has not met, of
    /// diameter at most `hi`, and moves the walk past them. Filtrations
    /// without lists call `f` for every triangle of diameter at most `hi`.
    fn edge_walk<F: FnMut(T, u64, bool)>(&self, diam: T, w: &mut Walk<T>, hi: T, f: F) {
        let [a, b] = w.edge.map(|u| u as usize);
        self.edge_cofacets_between(diam, a, b, T::neg_infinity(), hi, f);
    }

    /// Calls `f(diameter, index, negative_sign)` for every cofacet of the
    /// simplex (`diam`, `idx`, vertices `verts` in decreasing order), in
    /// decreasing order of index, until `f` returns `false`. The threshold
    /// is not applied. The sign of the cofacet `σ ∪ {v}` is `(−1)^(number of
    /// vertices of σ below v)`.
    fn cofacets<F: FnMut(T, u64, bool) -> bool>(&self, diam: T, idx: u64, verts: &[usize], f: F);

    /// Calls `f(diameter, index, w)` for every cofacet `σ ∪ {w}` with `w`
    /// above every vertex of `σ` (each simplex of the next dimension is
    /// reached this way from exactly one facet); the threshold is not
    /// applied.
    fn cofacets_above<F: FnMut(T, u64, usize)>(&self, diam: T, idx: u64, verts: &[usize], f: F);

    /// Decodes the vertices of a simplex with `k` vertices.
    #[inline]
    fn vertices(&self, idx: u64, k: usize, out: &mut [usize; MAX_VERTICES]) {
        self.binom().vertices(idx, k, self.n(), out);
    }

    /// The index of a simplex from its vertices in decreasing order.
    #[inline]
    fn index_of(&self, verts: &[usize]) -> u64 {
        let k = verts.len();
        verts
            .iter()
            .enumerate()
            .map(|(p, &v)| self.binom().get(v, k - p))
            .sum()
    }

    /// The index of the cofacet `σ ∪ {v}` of the simplex with vertices
    /// `verts` (decreasing), `v` not among them.
    #[inline]
    fn cofacet_index(&self, verts: &[usize], v: usize) -> u64 {
        let k = verts.len();
        let above = verts.partition_point(|&u| u > v);
        let mut all = [0usize; MAX_VERTICES];
        all[..above].copy_from_slice(&verts[..above]);
        all[above] = v;
        all[above + 1..=k].copy_from_slice(&verts[above..]);
        self.index_of(&all[..=k])
    }

    /// The longest edge of a simplex (the first one, in vertex order, whose
    /// weight is the diameter), smaller vertex first.
    fn longest_edge(&self, verts: &[usize]) -> [usize; 2] {
        let mut best = [verts[verts.len() - 1], verts[0]];
        let mut d = T::neg_infinity();
        for (p, &a) in verts.iter().enumerate() {
            for &b in &verts[p + 1..] {
                if self.d(a, b) > d {
                    d = self.d(a, b);
                    best = [b, a];
                }
            }
        }
        best
    }

    /// [`Filtration::apparent_cofacet`] of the edge `a > b` of weight `diam`.
    #[inline]
    fn edge_apparent_cofacet(&self, diam: T, a: usize, b: usize) -> Option<u64> {
        let v = self.edge_zero_pivot_vertex(diam, a, b)?;
        let (x, y, z) = if v > a {
            (v, a, b)
        } else if v > b {
            (a, v, b)
        } else {
            (a, b, v)
        };
        // the facet of smallest index with the same weight: {y, z} before
        // {x, z} before {x, y}
        let first = if self.d(y, z) == diam {
            (y, z)
        } else if self.d(x, z) == diam {
            (x, z)
        } else {
            (x, y)
        };
        (first == (a, b)).then(|| self.index_of(&[x, y, z]))
    }

    /// The first cofacet (largest index) with the same diameter as the
    /// simplex: the pivot of its coboundary when that pivot has zero
    /// persistence.
    #[inline]
    fn zero_pivot_cofacet(&self, diam: T, idx: u64, verts: &[usize]) -> Option<u64> {
        if let [a, b] = *verts {
            let v = self.edge_zero_pivot_vertex(diam, a, b)?;
            return Some(self.cofacet_index(verts, v));
        }
        let mut found = None;
        self.cofacets(diam, idx, verts, |cd, cidx, _| {
            if cd == diam {
                found = Some(cidx);
                false
            } else {
                true
            }
        });
        found
    }

    /// The first facet (smallest index) with the same diameter as the
    /// simplex, with the position of the removed vertex.
    #[inline]
    fn zero_pivot_facet(&self, diam: T, verts: &[usize]) -> Option<(u64, usize)> {
        let k = verts.len();
        for p in 0..k {
            let mut fd = T::zero();
            for a in 0..k {
                if a == p {
                    continue;
                }
                for b in a + 1..k {
                    if b != p {
                        fd = fd.max(self.d(verts[a], verts[b]));
                    }
                }
            }
            if fd == diam {
                let mut fidx = 0u64;
                for (q, &v) in verts.iter().enumerate() {
                    if q < p {
                        fidx += self.binom().get(v, k - q - 1);
                    } else if q > p {
                        fidx += self.binom().get(v, k - q);
                    }
                }
                return Some((fidx, p));
            }
        }
        None
    }

    /// The facet `σ` of `τ` such that `(σ, τ)` is an apparent pair, with the
    /// position of the vertex of `τ` not in `σ`.
    #[inline]
    fn apparent_facet(&self, diam: T, idx: u64, k: usize) -> Option<(u64, usize)> {
        let mut tv = [0usize; MAX_VERTICES];
        self.vertices(idx, k, &mut tv);
        self.apparent_facet_of(diam, idx, &tv[..k])
    }

    /// [`Filtration::apparent_facet`] of the simplex `τ` given with its
    /// vertices `tv` in decreasing order.
    #[inline]
    fn apparent_facet_of(&self, diam: T, idx: u64, tv: &[usize]) -> Option<(u64, usize)> {
        let k = tv.len();
        let (fidx, p) = self.zero_pivot_facet(diam, tv)?;
        let mut fv = [0usize; MAX_VERTICES];
        let mut m = 0;
        for (q, &v) in tv.iter().enumerate() {
            if q != p {
                fv[m] = v;
                m += 1;
            }
        }
        (self.zero_pivot_cofacet(diam, fidx, &fv[..k - 1]) == Some(idx)).then_some((fidx, p))
    }

    /// The cofacet `τ` of `σ` such that `(σ, τ)` is an apparent pair.
    #[inline]
    fn apparent_cofacet(&self, diam: T, idx: u64, verts: &[usize]) -> Option<u64> {
        let cidx = self.zero_pivot_cofacet(diam, idx, verts)?;
        let k = verts.len() + 1;
        let mut tv = [0usize; MAX_VERTICES];
        self.vertices(cidx, k, &mut tv);
        let (fidx, _) = self.zero_pivot_facet(diam, &tv[..k])?;
        (fidx == idx).then_some(cidx)
    }
}

impl<T: Scalar> Filtration<T> for Dense<'_, T> {
    #[inline(always)]
    fn n(&self) -> usize {
        self.n
    }

    #[inline(always)]
    fn threshold(&self) -> T {
        self.threshold
    }

    #[inline(always)]
    fn binom(&self) -> &Binomial {
        &self.binom
    }

    #[inline(always)]
    fn d(&self, a: usize, b: usize) -> T {
        Dense::d(self, a, b)
    }

    fn spanning_forest(&self) -> (Vec<(T, usize, usize)>, usize) {
        spanning_forest(self.n, self.threshold, |i, j| self.d(i, j), |d| d)
    }

    #[inline]
    fn edge_id_bound(&self) -> usize {
        self.n * self.n.saturating_sub(1) / 2
    }

    #[inline]
    fn edge_id(&self, a: usize, b: usize) -> usize {
        a * (a - 1) / 2 + b
    }

    #[inline(always)]
    fn for_each_edge<F: FnMut(T, usize, usize, usize)>(&self, mut f: F) {
        for a in 1..self.n {
            let row = self.row(a);
            for (b, &d) in row[..a].iter().enumerate() {
                if d <= self.threshold {
                    f(d, a, b, a * (a - 1) / 2 + b);
                }
            }
        }
    }

    #[inline]
    fn edge_zero_pivot_vertex(&self, diam: T, a: usize, b: usize) -> Option<usize> {
        Dense::edge_zero_pivot_vertex(self, diam, a, b)
    }

    #[inline(always)]
    fn edge_cofacets_between<F: FnMut(T, u64, bool)>(
        &self,
        diam: T,
        a: usize,
        b: usize,
        lo: T,
        hi: T,
        f: F,
    ) {
        Dense::edge_cofacets_between(self, diam, a, b, lo, hi, f);
    }

    #[inline]
    fn edge_window<F: FnMut(T, u64, bool)>(
        &self,
        diam: T,
        a: usize,
        b: usize,
        lo: T,
        hi: T,
        f: F,
    ) -> Walk<T> {
        self.window(diam, a, b, lo, hi, f)
    }

    #[inline]
    fn edge_walk_from(&self, diam: T, w: &mut Walk<T>, lo: T) {
        self.walk_from(diam, w, lo);
    }

    #[inline]
    fn edge_walk<F: FnMut(T, u64, bool)>(&self, diam: T, w: &mut Walk<T>, hi: T, f: F) {
        self.walk(diam, w, hi, f);
    }

    #[inline(always)]
    fn cofacets<F: FnMut(T, u64, bool) -> bool>(&self, diam: T, idx: u64, verts: &[usize], f: F) {
        Dense::cofacets(self, diam, idx, verts, f);
    }

    #[inline]
    fn zero_pivot_cofacet(&self, diam: T, _idx: u64, verts: &[usize]) -> Option<u64> {
        if let [a, b] = *verts {
            let v = self.edge_zero_pivot_vertex(diam, a, b)?;
            return Some(self.cofacet_index(verts, v));
        }
        // the largest vertex within diam of every vertex: only weights
        // compared until it is found
        let k = verts.len();
        let mut above = 0;
        let mut v = self.n;
        while v > 0 {
            v -= 1;
            if above < k && verts[above] == v {
                above += 1;
                continue;
            }
            if verts.iter().all(|&u| self.d(u, v) <= diam) {
                return Some(self.cofacet_index(verts, v));
            }
        }
        None
    }

    #[inline(always)]
    fn cofacets_between<F: FnMut(T, u64, bool)>(
        &self,
        diam: T,
        idx: u64,
        verts: &[usize],
        lo: T,
        hi: T,
        f: F,
    ) {
        if let [a, b] = *verts {
            Dense::edge_cofacets_between(self, diam, a, b, lo, hi, f);
        } else {
            self.simplex_cofacets_between(diam, idx, verts, lo, hi, f);
        }
    }

    #[inline(always)]
    fn cofacets_above<F: FnMut(T, u64, usize)>(
        &self,
        diam: T,
        idx: u64,
        verts: &[usize],
        mut f: F,
    ) {
        let k = verts.len();
        for w in verts[0] + 1..self.n {
            let mut cd = diam;
            for &u in verts {
                cd = cd.max(self.d(u, w));
            }
            f(cd, self.binom.get(w, k + 1) + idx, w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Walks of the triangles on an edge meet exactly the triangles of
    /// each window once, against the list of all of them: from a start
    /// below any window, after a window (a scan or a walk), on weights with
    /// many ties (integer points) and without.
    #[test]
    fn walks_meet_each_window_once() {
        use crate::rng::SplitMix64;
        let mut rng = SplitMix64::new(11);
        for ties in [true, false] {
            let n = 28;
            let pts: Vec<[f64; 2]> = (0..n)
                .map(|_| {
                    let (x, y) = (rng.next_f64() * 4.0, rng.next_f64() * 4.0);
                    if ties {
                        [libm::floor(x), libm::floor(y)]
                    } else {
                        [x, y]
                    }
                })
                .collect();
            let dist: Vec<f64> = (0..n * n)
                .map(|k| {
                    let (p, q) = (pts[k / n], pts[k % n]);
                    libm::fabs(p[0] - q[0]).max(libm::fabs(p[1] - q[1]))
                })
                .collect();
            let mut values: Vec<f64> = dist.clone();
            values.sort_by(|x, y| x.partial_cmp(y).unwrap());
            let top = values[values.len() - 1];
            let f = Dense::new(n, &dist, top, Binomial::new(n, 4).unwrap());
            for _ in 0..300 {
                let a = 1 + rng.below(n as u64 - 1) as usize;
                let b = rng.below(a as u64) as usize;
                let diam = f.d(a, b);
                let mut h = [0.0; 3];
                for x in &mut h {
                    *x = values[rng.below(values.len() as u64) as usize];
                }
                h.sort_by(|x, y| x.partial_cmp(y).unwrap());
                let [lo, mid, hi] = h;
                let tri = f.triangles(diam, a, b);
                let between = |l: f64, r: f64, low_open: bool| {
                    let mut all: Vec<(u64, bool)> = (0..n)
                        .filter(|&v| v != a && v != b)
                        .map(|v| tri.get(v))
                        .filter(|&(cd, _, _)| (cd > l || (!low_open && cd == l)) && cd <= r)
                        .map(|(_, i, s)| (i, s))
                        .collect();
                    all.sort_unstable();
                    all
                };
                let met = |w: &mut Walk<f64>, r: f64| {
                    let mut got = Vec::new();
                    f.walk(diam, w, r, |_, i, s| got.push((i, s)));
                    got.sort_unstable();
                    got
                };
                let mut w = Walk::start(a, b);
                f.walk_from(diam, &mut w, lo);
                assert_eq!(met(&mut w, mid), between(lo, mid, false));
                assert_eq!(met(&mut w, hi), between(mid, hi, true));
                assert_eq!(met(&mut w, hi), Vec::new());
                let mut got = Vec::new();
                let mut w = f.window(diam, a, b, lo, mid, |_, i, s| got.push((i, s)));
                got.sort_unstable();
                assert_eq!(got, between(lo, mid, false));
                if mid < top {
                    assert_eq!(met(&mut w, hi), between(mid, hi, true));
                }
            }
        }
    }

    #[test]
    fn binomials_and_vertices() {
        let b = Binomial::new(10, 4).unwrap();
        assert_eq!(b.get(10, 3), 120);
        assert_eq!(b.get(2, 3), 0);
        let mut out = [0usize; MAX_VERTICES];
        // {7, 4, 1}: C(7,3) + C(4,2) + C(1,1) = 35 + 6 + 1
        b.vertices(42, 3, 10, &mut out);
        assert_eq!(&out[..3], &[7, 4, 1]);
        assert!(matches!(
            Binomial::new(100_000, 6),
            Err(Error::IndexOverflow { .. })
        ));
    }

    #[test]
    fn cofacet_indices_decode() {
        let n = 6;
        let dist: Vec<f64> = (0..n * n)
            .map(|k| {
                if k / n == k % n {
                    0.0
                } else {
                    ((k / n) + (k % n)) as f64
                }
            })
            .collect();
        let f = Dense::new(n, &dist, f64::INFINITY, Binomial::new(n, 4).unwrap());
        let verts = [4usize, 2];
        let idx = f.index_of(&verts);
        let mut seen = Vec::new();
        f.cofacets(f.diameter(&verts), idx, &verts, |cd, cidx, _| {
            let mut out = [0usize; MAX_VERTICES];
            f.vertices(cidx, 3, &mut out);
            assert_eq!(cd, f.diameter(&out[..3]));
            assert!(out[..3].contains(&4) && out[..3].contains(&2));
            seen.push(cidx);
            true
        });
        assert_eq!(seen.len(), 4);
        assert!(seen.windows(2).all(|w| w[0] > w[1]));
    }
}
