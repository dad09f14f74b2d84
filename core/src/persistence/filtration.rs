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
}

impl<'a, T: Scalar> Dense<'a, T> {
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
            let mut tri = [v, a, b];
            tri.sort_unstable_by(|x, y| y.cmp(x));
            return Some(self.index_of(&tri));
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
        let (fidx, p) = self.zero_pivot_facet(diam, &tv[..k])?;
        let mut fv = [0usize; MAX_VERTICES];
        let mut m = 0;
        for (q, &v) in tv[..k].iter().enumerate() {
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

    #[inline(always)]
    fn cofacets<F: FnMut(T, u64, bool) -> bool>(&self, diam: T, idx: u64, verts: &[usize], f: F) {
        Dense::cofacets(self, diam, idx, verts, f);
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
        let f = Dense {
            n,
            dist: &dist,
            threshold: f64::INFINITY,
            binom: Binomial::new(n, 4).unwrap(),
        };
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
