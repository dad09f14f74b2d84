//! The end of a long column of degree 1 over `Z/2`: a sweep of the edges
//! in filtration order instead of adding coboundaries one by one.
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
//! each `t` with `δV(t) ≠ 0`, flips `V(g)` when `t` is apparent with the
//! facet `g` and stops otherwise.
//!
//! The pass goes edge by edge, by weight. An edge `{a, b}` whose weight no
//! other edge has is the longest edge of the triangles `{a, b, x}` for the
//! `x` joined to both `a` and `b` by earlier edges, the apparent one being
//! that of the largest `x` (the first in filtration order). With the
//! earlier edges and the values of `V` kept as rows of bits, `δV` on all of
//! them is a few word operations per 64 vertices:
//! `adj[a] & adj[b] & (V[a] ^ V[b] ^ V(a, b))`. Edges of equal weight are
//! passed together, triangle by triangle in filtration order, with the
//! apparent pairs of the filtration.
//!
//! The class of the real projective space in a sample of `SO(3)` (Ripser's
//! `o3` examples) lives from the first scales to the last: its column adds
//! the coboundaries of hundreds of thousands of edges, about all of the
//! work of the whole reduction, where the pass reads `n / 64` words per edge.

use alloc::vec::Vec;

use crate::persistence::filtration::Filtration;
use crate::scalar::Scalar;

/// Largest number of vertices a sweep is made for: its rows of bits take
/// `n² / 4` bytes (64 MiB at this size).
pub(crate) const SWEEP_MAX_VERTICES: usize = 1 << 14;

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
    pub(crate) fn from<'a, F: Filtration<T>>(
        kept: &'a mut Option<Self>,
        f: &F,
        from: T,
    ) -> &'a [(T, u32)] {
        if !matches!(kept, Some(k) if k.from <= from) {
            *kept = Some(Self::of(f, from));
        }
        let edges = &kept.as_ref().expect("just made").edges;
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

/// The largest `x` whose bit is set in `word(k)` for `k < words`.
#[inline(always)]
fn last_set(words: usize, word: impl Fn(usize) -> u64) -> Option<usize> {
    (0..words).rev().find_map(|k| {
        let w = word(k);
        (w != 0).then(|| 64 * k + 63 - w.leading_zeros() as usize)
    })
}

/// What a sweep found: the pivot of the column (`None`: zero within the
/// threshold), and the edges it added to `V`, as `(weight, index)`.
pub(crate) struct Swept<T> {
    pub(crate) pivot: Option<(T, u64)>,
    pub(crate) added: Vec<(T, u64)>,
}

/// Finishes the reduction of a column of degree 1 over `Z/2` whose
/// cochain `V` has the edges `v` (indices; an edge listed twice cancels)
/// and whose pivot has diameter `from`, when no column of the pivot map can
/// be added to it any more (every pivot of the map is earlier than
/// `from`). `edges` are the edges of weight at least `from`, sorted
/// ([`SortedEdges::from`]).
pub(crate) fn finish_column<T: Scalar, F: Filtration<T>>(
    f: &F,
    edges: &[(T, u32)],
    v: impl Iterator<Item = u64>,
    from: T,
) -> Swept<T> {
    let n = f.n();
    let mut adj = Bits::new(n);
    let mut val = Bits::new(n);
    f.for_each_edge(|d, a, b, _| {
        if d < from {
            adj.flip(a, b);
        }
    });
    let mut verts = [0usize; crate::persistence::filtration::MAX_VERTICES];
    for idx in v {
        f.vertices(idx, 2, &mut verts);
        val.flip(verts[0], verts[1]);
    }
    let mut added = Vec::new();
    let mut i = 0;
    while i < edges.len() {
        let d = edges[i].0;
        let mut j = i + 1;
        while j < edges.len() && edges[j].0 == d {
            j += 1;
        }
        let pivot = if j == i + 1 {
            let (a, b) = unpack(edges[i].1, n);
            lone_edge(f, &mut adj, &mut val, &mut added, d, a, b)
        } else {
            tied_edges(f, &mut adj, &mut val, &mut added, d, &edges[i..j])
        };
        if pivot.is_some() {
            return Swept { pivot, added };
        }
        i = j;
    }
    Swept { pivot: None, added }
}

#[inline(always)]
fn unpack(packed: u32, n: usize) -> (usize, usize) {
    let p = packed as usize;
    (p / n, p % n)
}

/// The triangles of the edge `{a, b}` (`a > b`), the only edge of weight
/// `d`: the apparent one first, then `δV` on all the others at once.
fn lone_edge<T: Scalar, F: Filtration<T>>(
    f: &F,
    adj: &mut Bits,
    val: &mut Bits,
    added: &mut Vec<(T, u64)>,
    d: T,
    a: usize,
    b: usize,
) -> Option<(T, u64)> {
    let words = adj.words;
    let (ra, rb) = (adj.row(a), adj.row(b));
    if let Some(x) = last_set(words, |k| ra[k] & rb[k]) {
        let mut vab = val.get(a, b);
        if vab ^ val.get(a, x) ^ val.get(b, x) {
            val.flip(a, b);
            vab = !vab;
            added.push((d, f.index_of(&[a, b])));
        }
        let m = if vab { u64::MAX } else { 0 };
        let (va, vb) = (val.row(a), val.row(b));
        let any = (0..words).fold(0, |acc, k| acc | (ra[k] & rb[k] & (va[k] ^ vb[k] ^ m)));
        if any != 0 {
            if let Some(x) = last_set(words, |k| ra[k] & rb[k] & (va[k] ^ vb[k] ^ m)) {
                return Some((d, f.index_of(&sorted3(a, b, x))));
            }
        }
    }
    adj.flip(a, b);
    None
}

/// The triangles of diameter `d`, longest edges among the `group` (all of
/// weight `d`), one by one in filtration order.
fn tied_edges<T: Scalar, F: Filtration<T>>(
    f: &F,
    adj: &mut Bits,
    val: &mut Bits,
    added: &mut Vec<(T, u64)>,
    d: T,
    group: &[(T, u32)],
) -> Option<(T, u64)> {
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
        if !(val.get(t[0], t[1]) ^ val.get(t[0], t[2]) ^ val.get(t[1], t[2])) {
            continue;
        }
        let Some((_, pos)) = f.apparent_facet_of(d, idx, &t) else {
            return Some((d, idx));
        };
        let mut g = [0usize; 2];
        let mut m = 0;
        for (q, &u) in t.iter().enumerate() {
            if q != pos {
                g[m] = u;
                m += 1;
            }
        }
        val.flip(g[0], g[1]);
        added.push((d, f.index_of(&g)));
    }
    None
}

/// Three distinct vertices in decreasing order, `a > b`.
#[inline(always)]
fn sorted3(a: usize, b: usize, x: usize) -> [usize; 3] {
    if x > a {
        [x, a, b]
    } else if x > b {
        [a, x, b]
    } else {
        [a, b, x]
    }
}
