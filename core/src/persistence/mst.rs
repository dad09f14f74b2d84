//! The Euclidean minimum spanning tree of a point cloud by Borůvka's
//! algorithm over a k-d tree: `O(n log n)`-ish in low dimension, where
//! Prim's algorithm on the implicit complete graph is `O(n²)`.
//!
//! Each round, every component finds its shortest edge to another
//! component and all these edges join the tree; components at least halve
//! per round. A component's search is pruned by the best edge found so far
//! for the whole component, by subtrees that lie in the component already,
//! and each point remembers its nearest point in another component, which
//! stays nearest until the two components merge.
//!
//! With the `parallel` feature, a round's searches are split in chunks of
//! positions across rayon's threads, each pruned by the best edges it has
//! found itself, and the chunks' edges are merged in order afterwards;
//! every component still ends the round with its shortest outgoing edge,
//! so the tree is the same.
//!
//! Edges are compared in the strict order Prim uses in
//! [`spanning_forest`](crate::persistence::reduction::spanning_forest):
//! squared length, then the larger edge index `hi·(hi−1)/2 + lo`. Under a
//! strict order the minimum spanning tree is unique, so this one is the one
//! Prim finds, edge for edge, and the squared lengths are the same bits
//! (the same kernel, [`squared_euclidean`], and exact pruning bounds).

use alloc::vec::Vec;

use crate::kdtree::KdTree;
use crate::persistence::metric::squared_euclidean;
use crate::persistence::points::PointCloud;
use crate::persistence::reduction::sort_forest;
use crate::scalar::Scalar;

const NONE: usize = usize::MAX;

/// A candidate edge: squared length, edge index, and the two tree positions.
#[derive(Debug, Clone, Copy)]
struct Cand<T> {
    d2: T,
    key: u64,
    from: usize,
    to: usize,
}

impl<T: Scalar> Cand<T> {
    fn none() -> Self {
        Self {
            d2: T::infinity(),
            key: 0,
            from: NONE,
            to: NONE,
        }
    }

    /// Strictly earlier in Prim's order: shorter, then larger edge index.
    #[inline(always)]
    fn before(&self, other: &Self) -> bool {
        self.d2 < other.d2 || (self.d2 == other.d2 && self.key > other.key)
    }
}

#[inline(always)]
fn edge_key(i: usize, j: usize) -> u64 {
    let (hi, lo) = if i > j { (i, j) } else { (j, i) };
    let hi = hi as u64;
    hi * hi.saturating_sub(1) / 2 + lo as u64
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// The minimum spanning tree of the cloud under the Euclidean distance, as
/// `(squared length, i, j)` edges with `i < j` cloud indices, in no
/// particular order.
pub(crate) fn euclidean_mst<T: Scalar>(cloud: &PointCloud<'_, T>) -> Vec<(T, usize, usize)> {
    let n = cloud.n_points();
    let tree = KdTree::build(cloud);
    let mut edges = Vec::with_capacity(n.saturating_sub(1));
    let mut parent: Vec<usize> = (0..n).collect();
    // per position: its component (a root of `parent`), refreshed each round
    let mut comp: Vec<usize> = (0..n).collect();
    // per node: the component of its whole subtree, NONE when mixed
    let mut node_comp: Vec<usize> = alloc::vec![NONE; n];
    // per position: its nearest point in another component, when known
    let mut nearest: Vec<Cand<T>> = alloc::vec![Cand::none(); n];
    // per position: a lower bound of the squared distance to its nearest
    // point in another component (which only grows as components merge)
    let mut lower: Vec<T> = alloc::vec![T::zero(); n];
    // per component root: its best outgoing edge this round
    let mut best: Vec<Cand<T>> = alloc::vec![Cand::none(); n];
    let mut scratch = alloc::vec![T::zero(); cloud.dim()];
    let mut components = n;
    while components > 1 {
        for (pos, c) in comp.iter_mut().enumerate() {
            *c = find(&mut parent, pos);
        }
        uniform_components(&comp, &mut node_comp, 0, n);
        // points whose nearest point is still in another component offer it
        for pos in 0..n {
            let (c, known) = (comp[pos], nearest[pos]);
            if known.to == NONE {
                continue;
            }
            if comp[known.to] == c {
                nearest[pos].to = NONE;
            } else if known.before(&best[c]) {
                best[c] = known;
            }
        }
        // the others search, unless their lower bound is past the
        // component's best edge
        let round = Round {
            tree: &tree,
            comp: &comp,
            node_comp: &node_comp,
        };
        #[cfg(feature = "parallel")]
        if rayon::current_num_threads() > 1 {
            round.search_parallel(&mut nearest, &mut lower, &mut best);
        } else {
            round.search(
                0,
                &mut nearest,
                &mut lower,
                best.as_mut_slice(),
                &mut scratch,
            );
        }
        #[cfg(not(feature = "parallel"))]
        round.search(
            0,
            &mut nearest,
            &mut lower,
            best.as_mut_slice(),
            &mut scratch,
        );
        let mut added = 0;
        for pos in 0..n {
            if comp[pos] != pos {
                continue;
            }
            let e = best[pos];
            best[pos] = Cand::none();
            if e.to == NONE {
                continue;
            }
            let (a, b) = (find(&mut parent, e.from), find(&mut parent, e.to));
            if a != b {
                parent[a] = b;
                let (i, j) = (tree.id(e.from), tree.id(e.to));
                edges.push((e.d2, i.min(j), i.max(j)));
                added += 1;
            }
        }
        components -= added;
        if added == 0 {
            break;
        }
    }
    edges
}

/// The minimum spanning forest of the cloud's edges of length at most
/// `threshold`, as [`spanning_forest`](crate::persistence::reduction::spanning_forest)
/// returns it for the Euclidean distance: `(length, i, j)` edges sorted by
/// length then larger edge index, and the number of components. (The
/// forest of a threshold is the tree's edges under it.)
pub(crate) fn euclidean_forest<T: Scalar>(
    cloud: &PointCloud<'_, T>,
    threshold: T,
) -> (Vec<(T, usize, usize)>, usize) {
    let mut edges: Vec<(T, usize, usize)> = euclidean_mst(cloud)
        .into_iter()
        .map(|(d2, i, j)| (d2.sqrt(), i, j))
        .filter(|e| e.0 <= threshold)
        .collect();
    sort_forest(&mut edges);
    let components = cloud.n_points() - edges.len();
    (edges, components)
}

/// Whether Borůvka over a k-d tree ([`euclidean_mst`]) beats Prim on the
/// complete graph for `n` points of dimension `dim`.
///
/// Measured on 2 cores (uniform points in the unit cube, f32, Borůvka time
/// over Prim time): in the plane Borůvka wins from about 400 points (5× at
/// 4 096); in dimensions 3 and 4 from about 1 000 (3× at 4 096); in
/// dimension 6 from about 3 000; in dimension 8 it is still 0.7× at 4 096,
/// and above that a k-d tree prunes too little (0.4× at 4 096 in dimension
/// 10), so Prim stays.
pub(crate) fn prefers_boruvka(n: usize, dim: usize) -> bool {
    let min_points = match dim {
        0..=2 => 512,
        3..=4 => 1536,
        5..=6 => 4096,
        7..=8 => 8192,
        _ => return false,
    };
    n >= min_points
}

/// Where a round's searches read and improve the best edge of each
/// component: the shared table itself when one thread searches every
/// position in order, or a chunk's own copy of the best edges it found.
trait Bests<T> {
    /// The best edge known for component `c`: the searches of its points
    /// are pruned by its length.
    fn get(&mut self, c: usize) -> Cand<T>;
    /// A better edge of component `c` (the last one read with [`Bests::get`]).
    fn set(&mut self, c: usize, cand: Cand<T>);
}

impl<T: Copy> Bests<T> for [Cand<T>] {
    #[inline(always)]
    fn get(&mut self, c: usize) -> Cand<T> {
        self[c]
    }

    #[inline(always)]
    fn set(&mut self, c: usize, cand: Cand<T>) {
        self[c] = cand;
    }
}

/// A chunk's bests: the shared table of the round (read-only) and the best
/// edge of the run of consecutive positions in the same component; the
/// runs' improvements are kept in `found`, merged into the table after the
/// round's searches. (Points of a component are mostly consecutive in tree
/// order; a component met again in a later run starts from the table's
/// edge, which only prunes less.)
#[cfg(feature = "parallel")]
struct RunBests<'a, T> {
    shared: &'a [Cand<T>],
    c: usize,
    best: Cand<T>,
    improved: bool,
    found: Vec<(usize, Cand<T>)>,
}

#[cfg(feature = "parallel")]
impl<'a, T: Scalar> RunBests<'a, T> {
    fn new(shared: &'a [Cand<T>]) -> Self {
        Self {
            shared,
            c: NONE,
            best: Cand::none(),
            improved: false,
            found: Vec::new(),
        }
    }

    fn flush(&mut self) {
        if self.improved {
            self.found.push((self.c, self.best));
            self.improved = false;
        }
    }

    fn finish(mut self) -> Vec<(usize, Cand<T>)> {
        self.flush();
        self.found
    }
}

#[cfg(feature = "parallel")]
impl<T: Scalar> Bests<T> for RunBests<'_, T> {
    #[inline(always)]
    fn get(&mut self, c: usize) -> Cand<T> {
        if c != self.c {
            self.flush();
            self.c = c;
            self.best = self.shared[c];
        }
        self.best
    }

    #[inline(always)]
    fn set(&mut self, c: usize, cand: Cand<T>) {
        debug_assert_eq!(c, self.c);
        self.best = cand;
        self.improved = true;
    }
}

/// What the searches of one round share, read-only.
struct Round<'a, T> {
    tree: &'a KdTree<T>,
    comp: &'a [usize],
    node_comp: &'a [usize],
}

impl<T: Scalar> Round<'_, T> {
    /// The searches of the positions `start..start + nearest.len()` (whose
    /// `nearest` and `lower` entries are given): each point whose nearest
    /// point in another component is unknown, and whose lower bound is not
    /// past its component's best edge, looks for a point of another
    /// component nearer than that edge.
    fn search<B: Bests<T> + ?Sized>(
        &self,
        start: usize,
        nearest: &mut [Cand<T>],
        lower: &mut [T],
        bests: &mut B,
        scratch: &mut [T],
    ) {
        for (k, (near, low)) in nearest.iter_mut().zip(lower.iter_mut()).enumerate() {
            if near.to != NONE {
                continue;
            }
            let pos = start + k;
            let c = self.comp[pos];
            let bound = bests.get(c);
            if *low > bound.d2 {
                continue;
            }
            let mut search = Search {
                tree: self.tree,
                comp: self.comp,
                node_comp: self.node_comp,
                q: self.tree.point(pos),
                qid: self.tree.id(pos),
                c,
                scratch: &mut *scratch,
                found: bound,
            };
            search.visit(0, self.tree.len());
            let mut found = search.found;
            // every point of another component is at least as far as what
            // was found; a point found below the component's bound is the
            // point's own nearest
            *low = found.d2;
            if found.to != NONE && found.from == NONE {
                found.from = pos;
                *near = found;
                bests.set(c, found);
            }
        }
    }

    /// [`Round::search`] over every position, in chunks on rayon's threads;
    /// then the edges each chunk found are merged into `best` in chunk
    /// order. The component's best edge after the merge is the shortest
    /// edge leaving it (in the strict order), as after a sequential
    /// search, so the tree is the same edge for edge; only the pruning
    /// (and the points' cached nearest points) may differ.
    #[cfg(feature = "parallel")]
    fn search_parallel(&self, nearest: &mut [Cand<T>], lower: &mut [T], best: &mut [Cand<T>]) {
        use rayon::prelude::*;
        let n = nearest.len();
        let dim = self.tree.point(0).len();
        let chunk = (n / (8 * rayon::current_num_threads())).max(1024);
        let shared: &[Cand<T>] = best;
        let found: Vec<Vec<(usize, Cand<T>)>> = nearest
            .par_chunks_mut(chunk)
            .zip(lower.par_chunks_mut(chunk))
            .enumerate()
            .map(|(i, (near, low))| {
                let mut bests = RunBests::new(shared);
                let mut scratch = alloc::vec![T::zero(); dim];
                self.search(i * chunk, near, low, &mut bests, &mut scratch);
                bests.finish()
            })
            .collect();
        for (c, cand) in found.into_iter().flatten() {
            if cand.before(&best[c]) {
                best[c] = cand;
            }
        }
    }
}

/// Fills `node_comp` for the subtree `[lo, hi)`; returns its component,
/// `NONE` when mixed and `NONE - 1` when empty.
fn uniform_components(comp: &[usize], node_comp: &mut [usize], lo: usize, hi: usize) -> usize {
    const EMPTY: usize = NONE - 1;
    if lo >= hi {
        return EMPTY;
    }
    let mid = (lo + hi) / 2;
    let c = comp[mid];
    let l = uniform_components(comp, node_comp, lo, mid);
    let r = uniform_components(comp, node_comp, mid + 1, hi);
    let u = if (l == c || l == EMPTY) && (r == c || r == EMPTY) {
        c
    } else {
        NONE
    };
    node_comp[mid] = u;
    u
}

/// One nearest-other-component search. `found.from` stays `NONE` while the
/// best candidate is the bound the search started with.
struct Search<'a, T> {
    tree: &'a KdTree<T>,
    comp: &'a [usize],
    node_comp: &'a [usize],
    q: &'a [T],
    qid: usize,
    c: usize,
    scratch: &'a mut [T],
    found: Cand<T>,
}

impl<T: Scalar> Search<'_, T> {
    #[inline(always)]
    fn offer(&mut self, pos: usize) {
        if self.comp[pos] != self.c {
            let cand = Cand {
                d2: squared_euclidean(self.tree.point(pos), self.q),
                key: edge_key(self.tree.id(pos), self.qid),
                from: NONE,
                to: pos,
            };
            if cand.before(&self.found) {
                self.found = cand;
            }
        }
    }

    fn visit(&mut self, lo: usize, hi: usize) {
        if lo >= hi {
            return;
        }
        let mid = (lo + hi) / 2;
        if self.node_comp[mid] == self.c
            || self.tree.box_sq_dist(mid, self.q, self.scratch) > self.found.d2
        {
            return;
        }
        if self.tree.is_leaf(mid) {
            for pos in lo..hi {
                self.offer(pos);
            }
            return;
        }
        self.offer(mid);
        if self.tree.lower_side(mid, self.q) {
            self.visit(lo, mid);
            self.visit(mid + 1, hi);
        } else {
            self.visit(mid + 1, hi);
            self.visit(lo, mid);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persistence::reduction::spanning_forest;
    use crate::rng::SplitMix64;

    fn prim<T: Scalar>(cloud: &PointCloud<'_, T>) -> Vec<(T, usize, usize)> {
        spanning_forest(
            cloud.n_points(),
            T::infinity(),
            |i, j| squared_euclidean(cloud.point(i), cloud.point(j)),
            |d| d,
        )
        .0
    }

    fn sorted<T: Scalar>(mut e: Vec<(T, usize, usize)>) -> Vec<(T, usize, usize)> {
        e.sort_unstable_by_key(|a| (a.1, a.2));
        e
    }

    #[test]
    fn equals_prim_edge_for_edge() {
        let mut rng = SplitMix64::new(11);
        for (n, dim, grid) in [(1, 2, 0), (2, 1, 0), (50, 1, 4), (300, 3, 0), (200, 2, 5)] {
            let coords: Vec<f64> = (0..n * dim)
                .map(|_| {
                    let x = rng.next_f64();
                    if grid > 0 {
                        (x * grid as f64).floor()
                    } else {
                        x
                    }
                })
                .collect();
            let cloud = PointCloud::new(&coords, dim).unwrap();
            assert_eq!(
                sorted(euclidean_mst(&cloud)),
                sorted(prim(&cloud)),
                "n {n} dim {dim}"
            );
        }
    }

    /// A cloud of `n` points: uniform in `[0, 1)`, or on an integer grid
    /// of side `grid` (ties everywhere), with every third point repeated
    /// when `dups`.
    fn cloud<T: Scalar>(seed: u64, n: usize, dim: usize, grid: u32, dups: bool) -> Vec<T> {
        let mut rng = SplitMix64::new(seed);
        let mut coords = Vec::with_capacity(n * dim);
        for i in 0..n {
            if dups && i % 3 == 2 {
                let j = (rng.below(i as u64) as usize) * dim;
                let p: Vec<T> = coords[j..j + dim].to_vec();
                coords.extend(p);
                continue;
            }
            for _ in 0..dim {
                let x = rng.next_f64();
                coords.push(T::of(if grid > 0 {
                    (x * f64::from(grid)).floor()
                } else {
                    x * 10.0 - 5.0
                }));
            }
        }
        coords
    }

    fn same_as_prim<T: Scalar>(coords: &[T], dim: usize, threshold: T) {
        let cloud = PointCloud::new(coords, dim).unwrap();
        let prim = spanning_forest(
            cloud.n_points(),
            T::infinity(),
            |i, j| squared_euclidean(cloud.point(i), cloud.point(j)),
            |d| d.sqrt(),
        )
        .0;
        let (forest, components) = euclidean_forest(&cloud, threshold);
        // without a threshold, the same tree edge for edge, in the same order
        let (tree, one) = euclidean_forest(&cloud, T::infinity());
        assert_eq!(tree, prim);
        assert_eq!(one, 1);
        // under a threshold: the tree's edges below it, and the deaths of
        // Prim run on the thresholded distances (its ties among equal square
        // roots may pick other edges of the same lengths)
        let (thresholded, comps) = spanning_forest(
            cloud.n_points(),
            threshold,
            |i, j| squared_euclidean(cloud.point(i), cloud.point(j)).sqrt(),
            |d| d,
        );
        assert_eq!(components, comps);
        let deaths = |f: &[(T, usize, usize)]| f.iter().map(|e| e.0).collect::<Vec<T>>();
        assert_eq!(deaths(&forest), deaths(&thresholded));
        for &(d, i, j) in &forest {
            assert_eq!(d, squared_euclidean(cloud.point(i), cloud.point(j)).sqrt());
            assert!(d <= threshold && i < j);
        }
    }

    /// Rounds split across threads give the tree of one thread, in the
    /// same order and the same bits (ties and repeated points included).
    #[cfg(feature = "parallel")]
    #[test]
    fn parallel_rounds_equal_one_thread() {
        let pool = crate::testing::thread_pool;
        let (one, two, three) = (pool(1), pool(2), pool(3));
        for (seed, n, dim, grid, dups) in [
            (1, 20_000, 3, 0, false),
            (2, 9_000, 2, 40, true),
            (3, 5_000, 4, 3, false),
            (4, 3_000, 1, 0, true),
        ] {
            let coords = cloud::<f32>(seed, n, dim, grid, dups);
            let pc = PointCloud::new(&coords, dim).unwrap();
            let serial = one.install(|| euclidean_mst(&pc));
            let bits = |e: &[(f32, usize, usize)]| {
                e.iter()
                    .map(|&(d, i, j)| (d.to_bits(), i, j))
                    .collect::<Vec<_>>()
            };
            assert_eq!(serial.len(), n - 1);
            for pool in [&two, &three] {
                let parallel = pool.install(|| euclidean_mst(&pc));
                assert_eq!(bits(&parallel), bits(&serial), "seed {seed}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        #[test]
        fn forests_equal_prim_f64(
            seed in 0u64..1 << 40,
            n in 1usize..160,
            dim in 1usize..5,
            grid in 0u32..5,
            dups in proptest::bool::ANY,
            t in 0.0f64..6.0,
        ) {
            same_as_prim::<f64>(&cloud(seed, n, dim, grid, dups), dim, t);
        }

        #[test]
        fn forests_equal_prim_f32(
            seed in 0u64..1 << 40,
            n in 1usize..160,
            dim in 1usize..9,
            grid in 0u32..4,
            dups in proptest::bool::ANY,
            t in 0.0f32..6.0,
        ) {
            same_as_prim::<f32>(&cloud(seed, n, dim, grid, dups), dim, t);
        }
    }
}
