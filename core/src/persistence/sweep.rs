//! The end of a long column of degree 1: a sweep of the edges in filtration
//! order instead of adding coboundaries one by one.
//!
//! Reducing the column of an edge `e` builds a 1-cochain `V` (`e` and the
//! edges whose coboundaries were added to it); the column is `δV`, and its
//! pivot is the earliest triangle `t` with `δV(t) ≠ 0`. Once that pivot is
//! later than the pivot of every column reduced so far, no column can be
//! added any more: each further step finds the pivot `t` to be the apparent
//! cofacet of an edge `g` and adds `δg`, until the pivot is a triangle of no
//! apparent pair (the death of the class) or the column is zero within the
//! threshold (an essential class). As `t` is the first cofacet of `g`,
//! adding `δg` changes `δV` at `t` and later triangles only, so these steps
//! are those of one pass over the triangles in filtration order that, at
//! each `t` with `δV(t) ≠ 0`, changes `V(g)` to cancel it when `t` is
//! apparent with the facet `g` and stops otherwise.
//!
//! The pass goes edge by edge, by weight. An edge `{a, b}` whose weight no
//! other edge has is the longest edge of the triangles `{a, b, x}` for the
//! `x` joined to both `a` and `b` by earlier edges, the apparent one being
//! that of the largest `x` (the first in filtration order). The earlier
//! edges are kept as rows of bits, and so are the values of `V` over `Z/2`,
//! where `δV` on all these triangles is a few word operations per 64
//! vertices: `adj[a] & adj[b] & (V[a] ^ V[b] ^ V(a, b))`. Over `Z/p` (`p`
//! odd, below 256) the values are bytes and the triangles are checked one
//! by one. Edges of equal weight are passed together, triangle by triangle
//! in filtration order, with the apparent pairs of the filtration.
//!
//! The class of the real projective space in a sample of `SO(3)` (Ripser's
//! `o3` examples, over `Z/2`) lives from the first scales to the last: its
//! column adds the coboundaries of hundreds of thousands of edges, about
//! all of the work of the whole reduction, where the pass reads `n / 64`
//! words per edge. The class of a noisy circle is another such column, in
//! every field.

use alloc::vec::Vec;

use crate::persistence::column::Entry;
use crate::persistence::field::Field;
use crate::persistence::filtration::Filtration;
use crate::scalar::Scalar;

/// Whether a reduction over `Z/modulus` of `n` vertices sweeps its long
/// columns of degree 1: over `Z/2` up to `2^14` vertices (two matrices of
/// bits, `n² / 4` bytes: 64 MiB at that size), over `Z/p` for `p` below 256
/// up to `2^13` (a byte per pair for the values: 72 MiB).
pub(crate) fn sweeps(modulus: u32, n: usize) -> bool {
    match modulus {
        2 => n <= 1 << 14,
        p => p < 256 && n <= 1 << 13,
    }
}

/// The edges of a filtration of weight at least `from`, sorted by weight,
/// each as `(weight, a · n + b)` with `a > b`; made for the first sweep of
/// a reduction and kept for the next ones that start no earlier.
pub(crate) struct SortedEdges<T> {
    from: T,
    edges: Vec<(T, u32)>,
}

impl<T: Scalar> SortedEdges<T> {
    /// The edges of `f` of weight at least `from`, sorted.
    pub(crate) fn of<F: Filtration<T>>(f: &F, from: T) -> Self {
        let n = f.n();
        let mut edges = Vec::new();
        f.for_each_edge(|d, a, b, _| {
            if d >= from {
                edges.push((d, (a * n + b) as u32));
            }
        });
        edges.sort_unstable_by_key(|e| e.0.order_key());
        Self { from, edges }
    }

    /// The sorted edges for a sweep from `from` on, made again when the
    /// edges kept start later.
    pub(crate) fn past<'a, F: Filtration<T>>(
        kept: &'a mut Option<Self>,
        f: &F,
        from: T,
    ) -> &'a [(T, u32)] {
        if matches!(kept, Some(k) if k.from > from) {
            *kept = None;
        }
        let edges = &kept.get_or_insert_with(|| Self::of(f, from)).edges;
        let start = edges.partition_point(|e| e.0 < from);
        &edges[start..]
    }
}

/// A symmetric `n × n` matrix of bits, row by row.
struct Bits {
    words: usize,
    bits: Vec<u64>,
}

impl Bits {
    fn new(n: usize) -> Self {
        let words = n.div_ceil(64);
        Self {
            words,
            bits: alloc::vec![0; words * n],
        }
    }

    #[inline(always)]
    fn row(&self, a: usize) -> &[u64] {
        &self.bits[a * self.words..(a + 1) * self.words]
    }

    #[inline(always)]
    fn get(&self, a: usize, b: usize) -> bool {
        self.bits[a * self.words + b / 64] >> (b % 64) & 1 == 1
    }

    /// Flips the bits `(a, b)` and `(b, a)`.
    #[inline(always)]
    fn flip(&mut self, a: usize, b: usize) {
        self.bits[a * self.words + b / 64] ^= 1 << (b % 64);
        self.bits[b * self.words + a / 64] ^= 1 << (a % 64);
    }
}

/// The values of the cochain `V` on the edges, in `Z/p`.
trait Cochain {
    /// `V({a, b})`.
    fn value(&self, a: usize, b: usize) -> u32;
    /// Adds `c` to `V({a, b})`.
    fn add(&mut self, field: &Field, a: usize, b: usize, c: u32);
    /// The triangles `{a, b, x}` (`a > b`) of the edge `{a, b}`, the only
    /// edge of weight `d`, for the `x` set in both rows of earlier edges
    /// `ra` and `rb`, `first` the largest (the apparent triangle): cancels
    /// `δV` there with `V(a, b)`, then returns the earliest triangle where
    /// `δV` is not zero, with its value.
    #[allow(clippy::too_many_arguments)]
    fn lone_edge<T: Scalar, F: Filtration<T>>(
        &mut self,
        f: &F,
        field: &Field,
        rows: (&[u64], &[u64]),
        first: usize,
        added: &mut Vec<Entry<T>>,
        d: T,
        edge: (usize, usize),
    ) -> Option<Entry<T>>;
}

impl Cochain for Bits {
    #[inline(always)]
    fn value(&self, a: usize, b: usize) -> u32 {
        u32::from(self.get(a, b))
    }

    #[inline(always)]
    fn add(&mut self, _field: &Field, a: usize, b: usize, c: u32) {
        if c & 1 == 1 {
            self.flip(a, b);
        }
    }

    /// Over `Z/2`, `δV` on all the triangles at once, 64 per word.
    fn lone_edge<T: Scalar, F: Filtration<T>>(
        &mut self,
        f: &F,
        _field: &Field,
        (ra, rb): (&[u64], &[u64]),
        first: usize,
        added: &mut Vec<Entry<T>>,
        d: T,
        (a, b): (usize, usize),
    ) -> Option<Entry<T>> {
        let mut vab = self.get(a, b);
        if vab ^ self.get(a, first) ^ self.get(b, first) {
            self.flip(a, b);
            vab = !vab;
            added.push(entry(d, f.index_of(&[a, b]), 1));
        }
        let m = if vab { u64::MAX } else { 0 };
        let (va, vb) = (self.row(a), self.row(b));
        let words = self.words;
        let any = (0..words).fold(0, |acc, k| acc | (ra[k] & rb[k] & (va[k] ^ vb[k] ^ m)));
        if any == 0 {
            return None;
        }
        let x = last_set(words, |k| ra[k] & rb[k] & (va[k] ^ vb[k] ^ m))?;
        Some(entry(d, f.index_of(&sorted3(a, b, x)), 1))
    }
}

/// A symmetric `n × n` matrix of values in `Z/p`, `p < 256`.
struct Bytes {
    n: usize,
    values: Vec<u8>,
}

impl Cochain for Bytes {
    #[inline(always)]
    fn value(&self, a: usize, b: usize) -> u32 {
        u32::from(self.values[a * self.n + b])
    }

    #[inline(always)]
    fn add(&mut self, field: &Field, a: usize, b: usize, c: u32) {
        let v = field.add(self.value(a, b), c) as u8;
        self.values[a * self.n + b] = v;
        self.values[b * self.n + a] = v;
    }

    /// Over `Z/p`, `p` odd, the triangles one by one, the earliest
    /// (largest `x`) first.
    fn lone_edge<T: Scalar, F: Filtration<T>>(
        &mut self,
        f: &F,
        field: &Field,
        (ra, rb): (&[u64], &[u64]),
        first: usize,
        added: &mut Vec<Entry<T>>,
        d: T,
        (a, b): (usize, usize),
    ) -> Option<Entry<T>> {
        let (n, p) = (self.n, field.p);
        let signed = |v: u32, neg: bool| if neg { field.neg(v) } else { v };
        let s = SIGNS[position(a, b, first)];
        let c = field.add(
            signed(self.value(a, b), s[0]),
            field.add(
                signed(self.value(a, first), s[1]),
                signed(self.value(b, first), s[2]),
            ),
        );
        if c != 0 {
            let add = signed(field.neg(c), s[0]);
            self.add(field, a, b, add);
            added.push(entry(d, f.index_of(&[a, b]), add));
        }
        let vab = self.value(a, b);
        let (va, vb) = (
            &self.values[a * n..(a + 1) * n],
            &self.values[b * n..(b + 1) * n],
        );
        // δV = 0 at x: sa·V(a, x) + sb·V(b, x) = −sab·V(a, b), on each of
        // the three ranges of x
        let target = |neg_ab: bool| if neg_ab { vab } else { field.neg(vab) };
        for k in (0..ra.len()).rev() {
            let mut w = ra[k] & rb[k];
            while w != 0 {
                let j = 63 - w.leading_zeros() as usize;
                w &= !(1 << j);
                let x = 64 * k + j;
                let s = SIGNS[position(a, b, x)];
                let (u, v) = (u32::from(va[x]), u32::from(vb[x]));
                let sum = match (s[1], s[2]) {
                    (false, true) => u + p - v,
                    (true, false) => v + p - u,
                    _ => u + v,
                } % p;
                if sum != target(s[0]) {
                    let c = field.add(sum, signed(vab, s[0]));
                    return Some(entry(d, f.index_of(&sorted3(a, b, x)), c));
                }
            }
        }
        None
    }
}

/// The largest `x` whose bit is set in `word(k)` for `k < words`.
#[inline(always)]
fn last_set(words: usize, word: impl Fn(usize) -> u64) -> Option<usize> {
    (0..words).rev().find_map(|k| {
        let w = word(k);
        (w != 0).then(|| 64 * k + 63 - w.leading_zeros() as usize)
    })
}

/// Finishes the reduction of the column of the edge `own` over `field`,
/// whose cochain `V` is `own` plus the entries of `v` (an edge listed twice
/// has the sum) and whose pivot has diameter `from`, when no column of the
/// pivot map can be added to it any more (every pivot of the map is earlier
/// than `from`). Appends to `v` the edges it adds to `V` and returns the
/// pivot (`None`: the column is zero within the threshold). `edges` are the
/// edges of weight at least `from`, sorted ([`SortedEdges::past`]); the
/// field is one [`sweeps`] allows.
pub(crate) fn finish_column<T: Scalar, F: Filtration<T>>(
    f: &F,
    field: &Field,
    edges: &[(T, u32)],
    own: u64,
    v: &mut Vec<Entry<T>>,
    from: T,
) -> Option<Entry<T>> {
    let n = f.n();
    let mut adj = Bits::new(n);
    f.for_each_edge(|d, a, b, _| {
        if d < from {
            adj.flip(a, b);
        }
    });
    if field.p == 2 {
        sweep(f, field, edges, own, v, adj, Bits::new(n))
    } else {
        let val = Bytes {
            n,
            values: alloc::vec![0; n * n],
        };
        sweep(f, field, edges, own, v, adj, val)
    }
}

/// The pass over the edges, with the values of `V` in `val`.
fn sweep<T: Scalar, F: Filtration<T>, V: Cochain>(
    f: &F,
    field: &Field,
    edges: &[(T, u32)],
    own: u64,
    v: &mut Vec<Entry<T>>,
    mut adj: Bits,
    mut val: V,
) -> Option<Entry<T>> {
    let n = f.n();
    let mut verts = [0usize; crate::persistence::filtration::MAX_VERTICES];
    let initial = core::iter::once((own, 1)).chain(v.iter().map(|e| (e.index, e.coef)));
    for (idx, c) in initial {
        f.vertices(idx, 2, &mut verts);
        val.add(field, verts[0], verts[1], c);
    }
    for group in edges.chunk_by(|x, y| x.0 == y.0) {
        let d = group[0].0;
        let pivot = if let [(_, packed)] = *group {
            let (a, b) = unpack(packed, n);
            let rows = (adj.row(a), adj.row(b));
            let pivot = last_set(adj.words, |k| rows.0[k] & rows.1[k])
                .and_then(|first| val.lone_edge(f, field, rows, first, v, d, (a, b)));
            adj.flip(a, b);
            pivot
        } else {
            tied_edges(f, field, &mut adj, &mut val, v, d, group)
        };
        if pivot.is_some() {
            return pivot;
        }
    }
    None
}

/// An entry of a column or of `V`.
#[inline(always)]
fn entry<T>(diam: T, index: u64, coef: u32) -> Entry<T> {
    Entry { diam, index, coef }
}

#[inline(always)]
fn unpack(packed: u32, n: usize) -> (usize, usize) {
    let p = packed as usize;
    (p / n, p % n)
}

/// `δV({a, b, x})` for `a > b` over `Z/p`: the signs of `V(a, b)`,
/// `V(a, x)` and `V(b, x)` (negative when `true`) by the [`position`] of
/// `x`, so that `δV(t) = V(yz) − V(xz) + V(xy)` for `t = {x > y > z}`.
const SIGNS: [[bool; 3]; 3] = [
    [false, false, true],
    [true, false, false],
    [false, true, false],
];

/// The triangles of diameter `d`, longest edges among the `group` (all of
/// weight `d`), one by one in filtration order.
fn tied_edges<T: Scalar, F: Filtration<T>, V: Cochain>(
    f: &F,
    field: &Field,
    adj: &mut Bits,
    val: &mut V,
    added: &mut Vec<Entry<T>>,
    d: T,
    group: &[(T, u32)],
) -> Option<Entry<T>> {
    let n = f.n();
    for &(_, p) in group {
        let (a, b) = unpack(p, n);
        adj.flip(a, b);
    }
    let mut triangles: Vec<(u64, [usize; 3])> = Vec::new();
    for &(_, p) in group {
        let (a, b) = unpack(p, n);
        let (ra, rb) = (adj.row(a), adj.row(b));
        for k in 0..adj.words {
            let mut w = ra[k] & rb[k];
            while w != 0 {
                let x = 64 * k + w.trailing_zeros() as usize;
                w &= w - 1;
                let t = sorted3(a, b, x);
                triangles.push((f.index_of(&t), t));
            }
        }
    }
    // the filtration order of equal diameters: larger index first
    triangles.sort_unstable_by_key(|t| core::cmp::Reverse(t.0));
    triangles.dedup_by_key(|t| t.0);
    for (idx, t) in triangles {
        // δV(t) = V(yz) − V(xz) + V(xy)
        let c = field.add(
            field.add(val.value(t[1], t[2]), field.neg(val.value(t[0], t[2]))),
            val.value(t[0], t[1]),
        );
        if c == 0 {
            continue;
        }
        let Some((_, pos)) = f.apparent_facet_of(d, idx, &t) else {
            return Some(entry(d, idx, c));
        };
        let mut g = [0usize; 2];
        let mut m = 0;
        for (q, &u) in t.iter().enumerate() {
            if q != pos {
                g[m] = u;
                m += 1;
            }
        }
        // cancel c with the facet's sign in t (negative at position 1)
        let add = if pos == 1 { c } else { field.neg(c) };
        val.add(field, g[0], g[1], add);
        added.push(entry(d, f.index_of(&g), add));
    }
    None
}

/// Where `x` goes among `a > b` in decreasing order: 0 (first), 1 or 2.
#[inline(always)]
fn position(a: usize, b: usize, x: usize) -> usize {
    usize::from(x < a) + usize::from(x < b)
}

/// Three distinct vertices in decreasing order, `a > b`.
#[inline(always)]
fn sorted3(a: usize, b: usize, x: usize) -> [usize; 3] {
    match position(a, b, x) {
        0 => [x, a, b],
        1 => [a, x, b],
        _ => [a, b, x],
    }
}
