//! Vietoris–Rips persistence with generators, forward and back.
//!
//! Data flows down this list and gradients flow back up it:
//!
//! 1. points ([`points`]: a checked, borrowed `n × d` cloud);
//! 2. distances ([`metric`]: the vectorised kernels every subject of the
//!    crate measures with, and their gradients; [`distance`]: the
//!    compressed lower triangle, its index formula, the full matrix the
//!    reduction reads and the enclosing radius);
//! 3. filtration ([`filtration`]: simplices numbered in the combinatorial
//!    number system, in clique-filtration order, and the trait the
//!    reduction reads a filtration through; the dense filtration of a full
//!    matrix there, the sparse one of neighbour lists in [`sparse`], built
//!    from an edge list or from the pairs of a cloud within a threshold,
//!    found by radius queries on the k-d tree of `crate::kdtree`);
//! 4. reduction ([`reduction`], generic over the filtration: a minimum
//!    spanning forest for degree 0 (dense Prim, or Kruskal on sparse edges),
//!    cohomology with clearing and apparent pairs above, over coefficients
//!    in [`field`], a working [`column`] and a map of [`pivots`]; the end
//!    of a long column of degree 1 over `Z/2` by a [`sweep`] of the edges);
//! 5. pairs with the edges that create and kill them ([`pairs`]), gathered
//!    with the metric and threshold used into a `Persistence` ([`rips`]);
//! 6. back: a gradient per pair becomes a gradient per edge, then per
//!    coordinate ([`backprop`]).
//!
//! Nothing here depends on the other subjects: diagrams are made from the
//! pairs in [`crate::diagrams`].

pub(crate) mod backprop;
pub(crate) mod budget;
pub(crate) mod column;
pub(crate) mod distance;
pub(crate) mod field;
pub(crate) mod filtration;
pub(crate) mod metric;
pub(crate) mod mst;
pub(crate) mod pairs;
pub(crate) mod pivots;
pub(crate) mod points;
pub(crate) mod reduction;
pub(crate) mod rips;
pub(crate) mod sparse;
pub(crate) mod sweep;
