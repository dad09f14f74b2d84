//! Persistent cohomology of a dense Rips filtration: H0 by a minimum
//! spanning forest, H1 and above by the reduction of coboundary columns.
//!
//! The techniques are those of Ripser (Bauer 2021): columns are processed
//! from the latest simplex to the earliest; clearing (a simplex that is a
//! pivot in dimension `k` is not a column in dimension `k + 1`); coboundaries
//! enumerated implicitly from simplex indices; apparent pairs skipped when
//! assembling columns, and emergent pairs taken without building the
//! coboundary; only the reduction matrix `V` is stored, and the coboundary
//! of a reduced column is recomputed when it is needed again.
//!
//! A column of degree 1 that has added many coboundaries and whose pivot is
//! past every pivot of the map ends by a sweep of the edges instead
//! ([`sweep`]): long classes (a noisy circle's, the projective space's in a
//! sample of `SO(3)` over `Z/2`) cost a pass over the edges, not one
//! coboundary per step.

use alloc::vec::Vec;
use core::cmp::Ordering;
use core::marker::PhantomData;

use crate::persistence::column::{Column, Entry, Pivot};
use crate::persistence::distance::lower_index;
use crate::persistence::field::Field;
use crate::persistence::filtration::{Filtration, Walk, MAX_VERTICES};
use crate::persistence::pairs::PersistencePair;
use crate::persistence::pivots::PivotMap;
use crate::persistence::sweep::{self, SortedEdges};
use crate::scalar::Scalar;

/// The reduction of one filtration up to `max_dim`, monomorphised over the
/// filtration (dense or sparse).
pub(crate) struct Reducer<T, F> {
    f: F,
    field: Field,
    scalar: PhantomData<T>,
    /// Entries a working column keeps ([`Column`]).
    column_cap: usize,
    /// Edges a column of degree 1 must have added before its end is swept
    /// ([`sweep`]); `usize::MAX`: never.
    sweep_after: usize,
}

/// The column of `V` being reduced: the simplex `(diam, idx)` and the
/// entries added to it, each with the walk of its coboundary (edges; see
/// [`Walk`]) for pushing it again past a window.
struct Working<T> {
    diam: T,
    idx: u64,
    own: Walk<T>,
    entries: Vec<Entry<T>>,
    walks: Vec<Walk<T>>,
}

impl<T: Scalar> Working<T> {
    fn new() -> Self {
        Self {
            diam: T::zero(),
            idx: 0,
            own: Walk::start(0, 0),
            entries: Vec::new(),
            walks: Vec::new(),
        }
    }

    /// Starts the column of the simplex `(diam, idx)` with vertices
    /// `verts` (at least two, in decreasing order).
    fn start(&mut self, diam: T, idx: u64, verts: &[usize]) {
        self.diam = diam;
        self.idx = idx;
        self.own = Walk::start(verts[0], verts[1]);
        self.entries.clear();
        self.walks.clear();
    }

    fn add(&mut self, e: Entry<T>, w: Walk<T>) {
        self.entries.push(e);
        self.walks.push(w);
    }
}

/// A persistence pair in the index form of the reduction, before generators
/// are attached.
fn pair_from<T: Scalar>(
    f: &impl Filtration<T>,
    dim: usize,
    birth: (T, u64),
    death: Option<(T, u64)>,
) -> PersistencePair<T> {
    let mut v = [0usize; MAX_VERTICES];
    f.vertices(birth.1, dim + 1, &mut v);
    let birth_edge = Some(f.longest_edge(&v[..dim + 1]));
    let (death_value, death_edge) = match death {
        Some((d, idx)) => {
            f.vertices(idx, dim + 2, &mut v);
            (d, Some(f.longest_edge(&v[..dim + 2])))
        }
        None => (T::infinity(), None),
    };
    PersistencePair {
        dim,
        birth: birth.0,
        death: death_value,
        birth_edge,
        death_edge,
    }
}

/// Minimum spanning forest of the pairs `(i, j)` with weight `w(i, j) <=
/// threshold`, under the strict order (weight, then larger edge index
/// first). Returns the forest edges `(finish(weight), smaller vertex, larger
/// vertex)` sorted in that order, and the number of components.
///
/// `finish` must be non-decreasing (the weights may be a monotone stand-in
/// for the real ones, such as squared distances: the forest is then a
/// minimum spanning forest of the real weights too).
pub(crate) fn spanning_forest<T: Scalar, W: Fn(usize, usize) -> T>(
    n: usize,
    threshold: T,
    w: W,
    finish: impl Fn(T) -> T,
) -> (Vec<(T, usize, usize)>, usize) {
    #[inline(always)]
    fn edge_index(i: usize, j: usize) -> usize {
        let (hi, lo) = if i > j { (i, j) } else { (j, i) };
        hi * (hi - 1) / 2 + lo
    }
    let mut edges = Vec::with_capacity(n.saturating_sub(1));
    let mut components = 0;
    // remaining vertices, with their best connection (weight, from) so far
    let mut rem: Vec<usize> = (0..n).collect();
    let mut best: Vec<T> = alloc::vec![T::infinity(); n];
    let mut from: Vec<usize> = alloc::vec![usize::MAX; n];
    let mut current = None;
    while !rem.is_empty() {
        let u = match current {
            Some(u) => u,
            None => {
                components += 1;
                let u = rem[rem.len() - 1];
                rem.pop();
                u
            }
        };
        let mut arg: Option<usize> = None;
        for (pos, &v) in rem.iter().enumerate() {
            let d = w(u, v);
            if d <= threshold {
                let (bd, bf) = (best[v], from[v]);
                if d < bd || (d == bd && (bf == usize::MAX || edge_index(u, v) > edge_index(bf, v)))
                {
                    best[v] = d;
                    from[v] = u;
                }
            }
            if from[v] != usize::MAX {
                let better = match arg {
                    None => true,
                    Some(ap) => {
                        let a = rem[ap];
                        best[v] < best[a]
                            || (best[v] == best[a]
                                && edge_index(from[v], v) > edge_index(from[a], a))
                    }
                };
                if better {
                    arg = Some(pos);
                }
            }
        }
        match arg {
            Some(pos) => {
                let v = rem.swap_remove(pos);
                let a = from[v];
                edges.push((finish(best[v]), a.min(v), a.max(v)));
                current = Some(v);
            }
            None => current = None,
        }
    }
    sort_forest(&mut edges);
    (edges, components)
}

/// Sorts forest edges `(weight, i, j)` with `i < j` in the order of
/// [`spanning_forest`]: by weight, then larger edge index first.
pub(crate) fn sort_forest<T: Scalar>(edges: &mut [(T, usize, usize)]) {
    edges.sort_unstable_by(|x, y| {
        x.0.partial_cmp(&y.0)
            .unwrap_or(Ordering::Equal)
            .then_with(|| lower_index(y.1, y.2).cmp(&lower_index(x.1, x.2)))
    });
}

/// H0 pairs of a spanning forest: a finite pair per forest edge of positive
/// weight (in order), then one essential class per component.
pub(crate) fn h0_pairs<T: Scalar>(
    edges: &[(T, usize, usize)],
    components: usize,
) -> Vec<PersistencePair<T>> {
    let mut pairs: Vec<PersistencePair<T>> = edges
        .iter()
        .filter(|e| e.0 > T::zero())
        .map(|&(d, a, b)| PersistencePair {
            dim: 0,
            birth: T::zero(),
            death: d,
            birth_edge: None,
            death_edge: Some([a, b]),
        })
        .collect();
    pairs.extend((0..components).map(|_| PersistencePair {
        dim: 0,
        birth: T::zero(),
        death: T::infinity(),
        birth_edge: None,
        death_edge: None,
    }));
    pairs
}

impl<T: Scalar, F: Filtration<T>> Reducer<T, F> {
    pub(crate) fn new(f: F, modulus: u32) -> Self {
        let column_cap = column_cap(f.n());
        let n = f.n();
        let sweep_after = if sweep::sweeps(modulus, n) {
            n
        } else {
            usize::MAX
        };
        Self {
            f,
            field: Field::new(modulus),
            scalar: PhantomData,
            column_cap,
            sweep_after,
        }
    }

    /// The same reduction with working columns that keep at most about
    /// `cap` entries (tests: forgetting and pushing again often).
    #[cfg(test)]
    fn with_column_cap(mut self, cap: usize) -> Self {
        self.column_cap = cap;
        self
    }

    /// The same reduction, sweeping the end of every column of degree 1
    /// that has added `after` edges (`usize::MAX`: never; coefficients
    /// below 256).
    #[cfg(test)]
    fn with_sweep_after(mut self, after: usize) -> Self {
        assert!(after == usize::MAX || self.field.p < 256);
        self.sweep_after = after;
        self
    }

    /// The pairs of dimensions `0..=max_dim` (`max_dim < n`).
    pub(crate) fn run(&self, max_dim: usize) -> Vec<Vec<PersistencePair<T>>> {
        let f = &self.f;
        let (forest, components) = f.spanning_forest();
        let mut out = alloc::vec![h0_pairs(&forest, components)];
        if max_dim == 0 {
            return out;
        }
        // dimension 1 columns: edges that neither kill an H0 class nor
        // belong to an apparent pair, latest first.
        let mut in_forest = alloc::vec![0u64; f.edge_id_bound() / 64 + 1];
        for &(_, a, b) in &forest {
            let e = f.edge_id(b, a);
            in_forest[e / 64] |= 1 << (e % 64);
        }
        let keep_edges = max_dim >= 2;
        let mut simplices: Vec<(T, u64)> = Vec::new();
        let mut columns: Vec<(T, u64)> = Vec::new();
        let binom = f.binom();
        f.for_each_edge(|d, a, b, e| {
            let idx = binom.get(a, 2) + b as u64;
            if keep_edges {
                simplices.push((d, idx));
            }
            if in_forest[e / 64] & (1 << (e % 64)) != 0 {
                return;
            }
            if f.edge_apparent_cofacet(d, a, b).is_none() {
                columns.push((d, idx));
            }
        });
        sort_columns(&mut columns);
        for dim in 1..=max_dim {
            let (pairs, pivots) = self.compute_pairs(&columns, dim);
            out.push(pairs);
            if dim < max_dim {
                self.assemble_columns(&mut simplices, &mut columns, &pivots, dim + 1, max_dim);
            }
        }
        out
    }

    /// Replaces `simplices` (all `dim − 1`-simplices of the filtration) by
    /// the `dim`-simplices when they are needed later, and fills `columns`
    /// with the `dim`-simplices to reduce.
    fn assemble_columns(
        &self,
        simplices: &mut Vec<(T, u64)>,
        columns: &mut Vec<(T, u64)>,
        pivots: &PivotMap,
        dim: usize,
        max_dim: usize,
    ) {
        let f = &self.f;
        columns.clear();
        let mut next = Vec::new();
        let mut v = [0usize; MAX_VERTICES];
        for &(d, idx) in simplices.iter() {
            f.vertices(idx, dim, &mut v);
            let verts = &v[..dim];
            let threshold = f.threshold();
            f.cofacets_above(d, idx, verts, |cd, cidx, w| {
                if cd > threshold {
                    return;
                }
                if dim < max_dim {
                    next.push((cd, cidx));
                }
                if pivots.contains(cidx) {
                    return;
                }
                let mut cv = [0usize; MAX_VERTICES];
                cv[0] = w;
                cv[1..=dim].copy_from_slice(verts);
                if f.apparent_cofacet(cd, cidx, &cv[..=dim]).is_some()
                    || f.apparent_facet_of(cd, cidx, &cv[..=dim]).is_some()
                {
                    return;
                }
                columns.push((cd, cidx));
            });
        }
        *simplices = next;
        sort_columns(columns);
    }

    /// Pushes `coef` times a cofacet `(diameter, index, negative_sign)`
    /// into the column.
    #[inline(always)]
    fn pusher<'c>(&self, coef: u32, col: &'c mut Column<T>) -> impl FnMut(T, u64, bool) + 'c {
        let field = &self.field;
        let coefs = [coef, field.mul(coef, field.signed(true))];
        move |cd, cidx, neg| {
            col.push(Entry {
                diam: cd,
                index: cidx,
                coef: coefs[usize::from(neg)],
            });
        }
    }

    /// Adds `coef · δσ` to the working coboundary; returns the walk of
    /// `δσ` past the column's window (edges).
    #[inline]
    fn add_coboundary(
        &self,
        dim: usize,
        diam: T,
        idx: u64,
        coef: u32,
        col: &mut Column<T>,
    ) -> Walk<T> {
        let mut v = [0usize; MAX_VERTICES];
        self.f.vertices(idx, dim + 1, &mut v);
        // a quick test on the diameter; the column checks the exact order
        let (lo, hi) = col.diameters(self.f.threshold());
        let push = self.pusher(coef, col);
        if dim == 1 {
            return self.f.edge_window(diam, v[0], v[1], lo, hi, push);
        }
        self.f
            .cofacets_between(diam, idx, &v[..dim + 1], lo, hi, push);
        Walk::start(0, 0)
    }

    /// Pushes the entries of `coef · δσ` in the column's window `[lo, hi]`
    /// again: edges by going on with their walk `w` (from `lo` when
    /// `continues` is false, that is when the walk did not stop at the
    /// previous window's end), higher simplices by filtering their
    /// cofacets.
    #[allow(clippy::too_many_arguments)]
    fn push_again(
        &self,
        dim: usize,
        (diam, idx, coef): (T, u64, u32),
        w: &mut Walk<T>,
        continues: bool,
        lo: T,
        col: &mut Column<T>,
    ) {
        let (_, hi) = col.diameters(self.f.threshold());
        if continues && w.next > hi {
            return;
        }
        let push = self.pusher(coef, col);
        if dim == 1 {
            if !continues {
                self.f.edge_walk_from(diam, w, lo);
            }
            self.f.edge_walk(diam, w, hi, push);
        } else {
            let mut v = [0usize; MAX_VERTICES];
            self.f.vertices(idx, dim + 1, &mut v);
            self.f
                .cofacets_between(diam, idx, &v[..dim + 1], lo, hi, push);
        }
    }

    /// The diameter up to which the coboundary of the column `v`, from
    /// diameter `lo` on, has about `target` entries (`None`: it has fewer),
    /// estimated on a sample of the simplices. Always above `lo`, so that
    /// every window brings new entries.
    fn window_end(&self, dim: usize, v: &Working<T>, lo: T, target: usize) -> Option<T> {
        const SAMPLE: usize = 256;
        let f = &self.f;
        let total = v.entries.len() + 1;
        let stride = total.div_ceil(SAMPLE);
        let mut diams: Vec<T> = Vec::new();
        let mut sampled = 0usize;
        let mut verts = [0usize; MAX_VERTICES];
        let simplices =
            core::iter::once((v.diam, v.idx)).chain(v.entries.iter().map(|e| (e.diam, e.index)));
        for (d, i) in simplices.step_by(stride) {
            sampled += 1;
            f.vertices(i, dim + 1, &mut verts);
            f.cofacets_between(d, i, &verts[..dim + 1], lo, f.threshold(), |cd, _, _| {
                if cd > lo {
                    diams.push(cd);
                }
            });
        }
        // entries of the sample that stand for `target` entries in all
        let k = target * sampled / total;
        if diams.len() <= k {
            return None;
        }
        let (_, hi, _) =
            diams.select_nth_unstable_by(k, |a, b| a.partial_cmp(b).unwrap_or(Ordering::Equal));
        Some(*hi)
    }

    /// The pivot of the working column, which is `δ` of the column `v`;
    /// when the column had to forget entries, pushes that coboundary again
    /// past what has cancelled, up to a diameter that keeps the column
    /// within its cap.
    fn next_pivot(&self, dim: usize, v: &mut Working<T>, col: &mut Column<T>) -> Option<Entry<T>> {
        loop {
            match col.get_pivot(&self.field) {
                Pivot::Entry(p) => return Some(p),
                Pivot::Zero => return None,
                Pivot::Exhausted => {
                    let continues = col.restart();
                    let (lo, _) = col.diameters(self.f.threshold());
                    if let Some(hi) = self.window_end(dim, v, lo, col.target()) {
                        col.set_limit(hi);
                    }
                    self.push_again(dim, (v.diam, v.idx, 1), &mut v.own, continues, lo, col);
                    for (e, w) in v.entries.iter().zip(v.walks.iter_mut()) {
                        self.push_again(dim, (e.diam, e.index, e.coef), w, continues, lo, col);
                    }
                }
            }
        }
    }

    /// Reduces the columns of dimension `dim`; returns the pairs and the map
    /// from pivot to column.
    fn compute_pairs(
        &self,
        columns: &[(T, u64)],
        dim: usize,
    ) -> (Vec<PersistencePair<T>>, PivotMap) {
        let f = &self.f;
        let field = &self.field;
        let mut pivots = PivotMap::with_capacity(columns.len());
        let mut pairs = Vec::new();
        // the reduction matrix V without its diagonal, column by column
        let mut v_offsets: Vec<usize> = Vec::with_capacity(columns.len() + 1);
        v_offsets.push(0);
        let mut v_entries: Vec<Entry<T>> = Vec::new();
        let mut col = Column::new(self.column_cap);
        let mut v = Working::new();
        let mut scratch: Vec<Entry<T>> = Vec::new();
        let mut verts = [0usize; MAX_VERTICES];
        // the latest pivot of the map, and the edges sorted for sweeps
        let mut latest: Option<T> = None;
        let mut sorted: Option<SortedEdges<T>> = None;
        let sweeps = dim == 1 && self.sweep_after != usize::MAX;
        for (ci, &(diam, idx)) in columns.iter().enumerate() {
            col.clear();
            f.vertices(idx, dim + 1, &mut verts);
            v.start(diam, idx, &verts[..dim + 1]);
            let mut pivot = self.init_coboundary(
                diam,
                idx,
                &verts[..dim + 1],
                dim,
                &pivots,
                &mut col,
                &mut scratch,
            );
            if pivot.is_none() {
                pivot = self.next_pivot(dim, &mut v, &mut col);
            }
            // the pivot the column ends with (`None`: it is zero)
            let end = loop {
                let Some(p) = pivot else {
                    break None;
                };
                if let Some((other, other_coef)) = pivots.get(p.index) {
                    let factor = field.neg(field.mul(p.coef, field.inverse[other_coef as usize]));
                    let (od, oidx) = columns[other];
                    let w = self.add_coboundary(dim, od, oidx, factor, &mut col);
                    v.add(
                        Entry {
                            diam: od,
                            index: oidx,
                            coef: factor,
                        },
                        w,
                    );
                    for e in &v_entries[v_offsets[other]..v_offsets[other + 1]] {
                        let c = field.mul(e.coef, factor);
                        let w = self.add_coboundary(dim, e.diam, e.index, c, &mut col);
                        v.add(Entry { coef: c, ..*e }, w);
                    }
                    pivot = self.next_pivot(dim, &mut v, &mut col);
                } else if sweeps
                    && v.entries.len() >= self.sweep_after
                    && latest.map_or(true, |l| p.diam > l)
                {
                    // no column of the map can be added any more; the edges
                    // the sweep adds to V need no walks (the column ends)
                    let edges = SortedEdges::past(&mut sorted, f, p.diam);
                    break sweep::finish_column(f, field, edges, idx, &mut v.entries, p.diam);
                } else if let Some((fidx, pos)) = f.apparent_facet(p.diam, p.index, dim + 2) {
                    // (facet, pivot) is an apparent pair: its column has the
                    // pivot p, with coefficient ±1 by the position of the
                    // vertex of p not in the facet.
                    let neg = (dim + 1 - pos) & 1 == 1;
                    let c = field.mul(field.neg(p.coef), field.signed(neg));
                    let w = self.add_coboundary(dim, p.diam, fidx, c, &mut col);
                    v.add(
                        Entry {
                            diam: p.diam,
                            index: fidx,
                            coef: c,
                        },
                        w,
                    );
                    pivot = self.next_pivot(dim, &mut v, &mut col);
                } else {
                    break Some(p);
                }
            };
            match end {
                None => pairs.push(pair_from(f, dim, (diam, idx), None)),
                Some(p) => {
                    if p.diam > diam {
                        pairs.push(pair_from(f, dim, (diam, idx), Some((p.diam, p.index))));
                    }
                    pivots.insert(p.index, (ci, p.coef));
                    latest = Some(latest.map_or(p.diam, |l| l.max(p.diam)));
                    // store V's column, with equal simplices combined
                    combine(field, &mut v.entries);
                    v_entries.extend_from_slice(&v.entries);
                }
            }
            v_offsets.push(v_entries.len());
        }
        (pairs, pivots)
    }

    /// Returns at once an emergent pivot (a cofacet of the same diameter
    /// that no other column has as pivot) without building the column, or
    /// builds the coboundary of the column and returns `None`.
    #[allow(clippy::too_many_arguments)]
    fn init_coboundary(
        &self,
        diam: T,
        idx: u64,
        verts: &[usize],
        dim: usize,
        pivots: &PivotMap,
        col: &mut Column<T>,
        scratch: &mut Vec<Entry<T>>,
    ) -> Option<Entry<T>> {
        let f = &self.f;
        let field = &self.field;
        let threshold = f.threshold();
        scratch.clear();
        let mut check_emergent = true;
        let mut emergent = None;
        f.cofacets(diam, idx, verts, |cd, cidx, neg| {
            if cd <= threshold {
                let e = Entry {
                    diam: cd,
                    index: cidx,
                    coef: field.signed(neg),
                };
                scratch.push(e);
                if check_emergent && cd == diam {
                    if !pivots.contains(cidx) && f.apparent_facet(cd, cidx, dim + 2).is_none() {
                        emergent = Some(e);
                        return false;
                    }
                    check_emergent = false;
                }
            }
            true
        });
        if emergent.is_some() {
            return emergent;
        }
        col.extend(scratch);
        None
    }
}

/// Sorts `entries` by index and sums the coefficients of equal simplices,
/// dropping those that sum to zero.
fn combine<T: Scalar>(field: &Field, entries: &mut Vec<Entry<T>>) {
    entries.sort_unstable_by_key(|e| e.index);
    let mut out = 0;
    let mut i = 0;
    while i < entries.len() {
        let mut e = entries[i];
        let mut j = i + 1;
        while j < entries.len() && entries[j].index == e.index {
            e.coef = field.add(e.coef, entries[j].coef);
            j += 1;
        }
        if e.coef != 0 {
            entries[out] = e;
            out += 1;
        }
        i = j;
    }
    entries.truncate(out);
}

/// How many entries a working column keeps before it forgets its latest
/// ones: the coboundaries of a thousand columns (64 MB of `f32` entries at
/// 4 096 points), at least 2^18 entries. Fewer would push the windows of a
/// long column again more often; more would make the column sort entries
/// that cancel later (measured on Ripser's o3 and sphere examples).
fn column_cap(n: usize) -> usize {
    (1 << 18).max(1024 * n)
}

/// Sorts columns latest first: larger diameter first, then smaller index.
fn sort_columns<T: Scalar>(columns: &mut [(T, u64)]) {
    columns.sort_unstable_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(Ordering::Equal)
            .then(a.1.cmp(&b.1))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persistence::distance::FullMatrix;
    use crate::persistence::filtration::{Binomial, Dense};
    use crate::persistence::metric::Metric;
    use crate::persistence::points::PointCloud;
    use crate::persistence::sparse::{Sparse, SparseDistances};
    use crate::rng::SplitMix64;
    use crate::testing::TestData;

    /// Working columns that forget entries and push them again give the
    /// same pairs as columns that keep everything: on clouds with long
    /// bars (noisy circles in R^3, where the columns of the long classes
    /// add many coboundaries) and on a grid with ties, in Z/2 and Z/3.
    #[test]
    fn forgetting_columns_give_the_same_pairs() {
        fn reduce_capped<F: Filtration<f64>>(
            f: F,
            modulus: u32,
            cap: Option<usize>,
        ) -> Vec<Vec<PersistencePair<f64>>> {
            let r = Reducer::new(f, modulus);
            match cap {
                Some(cap) => r.with_column_cap(cap).run(2),
                None => r.run(2),
            }
        }

        let mut rng = SplitMix64::new(5);
        let mut clouds: Vec<(Vec<f64>, usize)> = Vec::new();
        for n in [24usize, 40] {
            let noise = rng.normals(3 * n);
            let mut c = Vec::new();
            for i in 0..n {
                let t = 2.0 * core::f64::consts::PI * i as f64 / n as f64;
                c.extend([libm::cos(t), libm::sin(t), libm::sin(2.0 * t) * 0.3]);
            }
            clouds.push((c.iter().zip(&noise).map(|(x, e)| x + 0.1 * e).collect(), 3));
        }
        clouds.push((rng.cloud(30, 4), 4));
        // points of a 4 × 4 × 2 grid: many equal distances
        clouds.push((
            (0..32)
                .flat_map(|i| [f64::from(i % 4), f64::from((i / 4) % 4), f64::from(i / 16)])
                .collect(),
            3,
        ));
        let mut long_bars = 0;
        for (coords, dim) in &clouds {
            let cloud = PointCloud::new(coords, *dim).unwrap();
            let full = FullMatrix::from_points(&cloud, Metric::Euclidean).unwrap();
            let n = full.n();
            for modulus in [2, 3] {
                let reducer = |cap: Option<usize>| {
                    let f = Dense::new(
                        n,
                        full.values(),
                        f64::INFINITY,
                        Binomial::new(n, 4).unwrap(),
                    );
                    reduce_capped(f, modulus, cap)
                };
                let expected = reducer(None);
                long_bars += expected[1]
                    .iter()
                    .filter(|p| p.death - p.birth > 0.5)
                    .count();
                for cap in [2, 5, 64] {
                    assert_eq!(reducer(Some(cap)), expected, "cap {cap}, modulus {modulus}");
                }
                // the sparse filtration of the same weights, under a
                // threshold that keeps most edges
                let edges: Vec<(usize, usize, f64)> = (0..n)
                    .flat_map(|i| (0..i).map(move |j| (i, j)))
                    .map(|(i, j)| (i, j, full.values()[i * n + j]))
                    .collect();
                let graph = SparseDistances::new(n, edges).unwrap();
                let threshold = 1.5;
                let sparse = |cap: Option<usize>| {
                    let f = Sparse {
                        g: &graph,
                        threshold,
                        binom: Binomial::new(n, 4).unwrap(),
                    };
                    reduce_capped(f, modulus, cap)
                };
                let expected = sparse(None);
                for cap in [2, 5, 64] {
                    assert_eq!(
                        sparse(Some(cap)),
                        expected,
                        "sparse, cap {cap}, modulus {modulus}"
                    );
                }
            }
        }
        assert!(long_bars >= 4);
    }

    /// Pairs of the dense and sparse filtrations of the weights `full`
    /// (`n × n`), over `Z/2` and `Z/3`, by the plain reduction and by one
    /// that sweeps the end of every column of degree 1 (and with a small
    /// column cap).
    fn assert_sweeps_agree(full: &FullMatrix<f64>, threshold: f64) {
        let n = full.n();
        let dense = || Dense::new(n, full.values(), threshold, Binomial::new(n, 4).unwrap());
        let edges: Vec<(usize, usize, f64)> = (0..n)
            .flat_map(|i| (0..i).map(move |j| (i, j)))
            .map(|(i, j)| (i, j, full.values()[i * n + j]))
            .collect();
        let graph = SparseDistances::new(n, edges).unwrap();
        let sparse = || Sparse {
            g: &graph,
            threshold,
            binom: Binomial::new(n, 4).unwrap(),
        };
        for modulus in [2, 3] {
            let expected = Reducer::new(dense(), modulus)
                .with_sweep_after(usize::MAX)
                .run(2);
            let swept = Reducer::new(dense(), modulus).with_sweep_after(0).run(2);
            assert_eq!(swept, expected, "dense, Z/{modulus}, threshold {threshold}");
            let capped = Reducer::new(dense(), modulus)
                .with_sweep_after(3)
                .with_column_cap(5)
                .run(2);
            assert_eq!(
                capped, expected,
                "dense, Z/{modulus}, capped, threshold {threshold}"
            );
            let expected = Reducer::new(sparse(), modulus)
                .with_sweep_after(usize::MAX)
                .run(2);
            let swept = Reducer::new(sparse(), modulus).with_sweep_after(0).run(2);
            assert_eq!(
                swept, expected,
                "sparse, Z/{modulus}, threshold {threshold}"
            );
        }
    }

    /// Rotations from unit quaternions: a sample of `SO(3)`, whose class of
    /// `Z/2` lives from the first scales to the last.
    fn rotations(rng: &mut SplitMix64, n: usize) -> Vec<f64> {
        let mut out = Vec::with_capacity(9 * n);
        for _ in 0..n {
            let q = rng.normals(4);
            let norm = libm::sqrt(q.iter().map(|x| x * x).sum::<f64>());
            let [w, x, y, z] = [q[0] / norm, q[1] / norm, q[2] / norm, q[3] / norm];
            out.extend([
                1.0 - 2.0 * (y * y + z * z),
                2.0 * (x * y - w * z),
                2.0 * (x * z + w * y),
                2.0 * (x * y + w * z),
                1.0 - 2.0 * (x * x + z * z),
                2.0 * (y * z - w * x),
                2.0 * (x * z - w * y),
                2.0 * (y * z + w * x),
                1.0 - 2.0 * (x * x + y * y),
            ]);
        }
        out
    }

    /// Sweeping the end of a column gives the pairs, with their edges, of
    /// the reduction that adds coboundaries one by one: on samples of
    /// `SO(3)` and of the projective plane (long classes of `Z/2`), on a
    /// noisy circle (a long class in every field), on a
    /// grid (edges of equal weight, swept together), on random points, with
    /// and without a threshold (classes still alive at the threshold: the
    /// sweep ends without a pivot).
    #[test]
    fn sweeps_give_the_pairs_of_the_reduction() {
        let mut rng = SplitMix64::new(11);
        let mut clouds: Vec<(Vec<f64>, usize)> = Vec::new();
        clouds.push((rotations(&mut rng, 70), 9));
        // the projective plane: the Veronese map of points on the sphere
        let sphere = rng.normals(3 * 60);
        let veronese: Vec<f64> = sphere
            .chunks(3)
            .flat_map(|p| {
                let r = libm::sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
                let [x, y, z] = [p[0] / r, p[1] / r, p[2] / r];
                let s = core::f64::consts::SQRT_2;
                [x * x, y * y, z * z, s * x * y, s * x * z, s * y * z]
            })
            .collect();
        clouds.push((veronese, 6));
        let noise = rng.normals(3 * 50);
        let circle: Vec<f64> = (0..50)
            .flat_map(|i| {
                let t = 2.0 * core::f64::consts::PI * f64::from(i) / 50.0;
                [libm::cos(t), libm::sin(t), 0.0]
            })
            .zip(&noise)
            .map(|(x, e)| x + 0.05 * e)
            .collect();
        clouds.push((circle, 3));
        clouds.push((
            (0..36)
                .flat_map(|i| [f64::from(i % 4), f64::from((i / 4) % 3), f64::from(i / 12)])
                .collect(),
            3,
        ));
        clouds.push((rng.cloud(40, 3), 3));
        let mut long = 0;
        for (coords, dim) in &clouds {
            let cloud = PointCloud::new(coords, *dim).unwrap();
            let full = FullMatrix::from_points(&cloud, Metric::Euclidean).unwrap();
            let pairs = Reducer::new(
                Dense::new(
                    full.n(),
                    full.values(),
                    f64::INFINITY,
                    Binomial::new(full.n(), 4).unwrap(),
                ),
                2,
            )
            .run(1);
            let longest = pairs[1]
                .iter()
                .map(|p| p.death - p.birth)
                .fold(0.0, f64::max);
            let max = full.values().iter().fold(0.0f64, |m, &v| m.max(v));
            if longest > max / 3.0 {
                long += 1;
            }
            for threshold in [f64::INFINITY, max / 2.0, max / 4.0] {
                assert_sweeps_agree(&full, threshold);
            }
        }
        // the rotations, the projective plane and the circle have their
        // long class
        assert!(long >= 3, "{long}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

        /// The same on random small clouds of integer points (many equal
        /// distances) under random thresholds.
        #[test]
        fn sweeps_agree_on_tied_clouds(
            coords in proptest::collection::vec(0i32..4, 3 * 14..=3 * 22),
            cut in 1u32..=6,
        ) {
            let coords: Vec<f64> = coords[..coords.len() / 3 * 3].iter().map(|&c| f64::from(c)).collect();
            let cloud = PointCloud::new(&coords, 3).unwrap();
            let full = FullMatrix::from_points(&cloud, Metric::Euclidean).unwrap();
            assert_sweeps_agree(&full, f64::from(cut) * 0.75);
        }
    }
}
