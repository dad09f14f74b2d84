//! The chain rule from diagram points back to edges, points or distances.
//!
//! Every finite birth or death value of a Rips diagram is the length of one
//! edge (the pair's generator edges), so a gradient with respect to the
//! diagram (`[d/d birth, d/d death]` per point, in pair order, the crate's
//! convention) becomes a gradient per edge, which the metric's gradient
//! carries to the coordinates. Locally (away from ties) the pairing does not
//! change, so this is the exact gradient wherever the diagram is
//! differentiable, and a valid choice of subgradient at ties.
//!
//! Entries without an edge are ignored: the birth of an H0 class (always 0)
//! and the death of an essential class (`+inf`).

use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::persistence::distance::lower_index;
use crate::persistence::metric::Metric;
use crate::persistence::pairs::Edge;
use crate::persistence::points::PointCloud;
use crate::persistence::rips::Persistence;
use crate::persistence::sparse::SparseDistances;
use crate::scalar::Scalar;

/// A gradient per edge: `(edge, dL/d length)` with every edge once, sorted.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EdgeGradient<T> {
    n_points: usize,
    entries: Vec<(Edge, T)>,
}

impl<T: Scalar> EdgeGradient<T> {
    /// The edges with their gradients, sorted by edge.
    pub fn entries(&self) -> &[(Edge, T)] {
        &self.entries
    }

    /// Number of points of the filtration the edges come from.
    pub fn n_points(&self) -> usize {
        self.n_points
    }

    /// `dL/d(coordinates)`: one value per coordinate of `cloud`, in its
    /// row-major layout.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when the cloud does not have the number of
    /// points of the filtration, [`Error::ZeroVector`] for the cosine metric.
    pub fn to_points(&self, cloud: &PointCloud<'_, T>, metric: Metric) -> Result<Vec<T>> {
        if cloud.n_points() != self.n_points {
            return Err(Error::ShapeMismatch {
                what: "point cloud of a gradient (number of points)",
                expected: self.n_points,
                found: cloud.n_points(),
            });
        }
        metric.check_cloud(cloud)?;
        let d = cloud.dim();
        let mut out = alloc::vec![T::zero(); cloud.as_slice().len()];
        for &([a, b], g) in &self.entries {
            // a < b: split the output to borrow both rows mutably
            let (lo, hi) = out.split_at_mut(b * d);
            metric.accumulate_gradient(
                cloud.point(a),
                cloud.point(b),
                g,
                &mut lo[a * d..(a + 1) * d],
                &mut hi[..d],
            );
        }
        Ok(out)
    }

    /// `dL/d(edge weights)` of a sparse graph: one value per edge, in the
    /// order of [`SparseDistances::edges`].
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when the graph does not have the number of
    /// points of the filtration, or lacks an edge of the gradient (it is
    /// not the graph the persistence was computed from).
    pub fn to_sparse(&self, g: &SparseDistances<T>) -> Result<Vec<T>> {
        if g.n_points() != self.n_points {
            return Err(Error::ShapeMismatch {
                what: "sparse graph of a gradient (number of points)",
                expected: self.n_points,
                found: g.n_points(),
            });
        }
        // first position of the edges {i, j > i} in the order of `edges`
        let mut start = Vec::with_capacity(g.n_points() + 1);
        start.push(0usize);
        for i in 0..g.n_points() {
            let (nb, _) = g.neighbors(i);
            let above = nb.len() - nb.partition_point(|&j| j <= i);
            start.push(start[i] + above);
        }
        let mut out = alloc::vec![T::zero(); g.n_edges()];
        for &([a, b], grad) in &self.entries {
            let (nb, _) = g.neighbors(a);
            let above = &nb[nb.partition_point(|&j| j <= a)..];
            match above.binary_search(&b) {
                Ok(k) => out[start[a] + k] = grad,
                Err(_) => {
                    return Err(Error::ShapeMismatch {
                        what: "sparse graph of a gradient (an edge of the pairs is missing)",
                        expected: lower_index(a, b),
                        found: g.n_edges(),
                    })
                }
            }
        }
        Ok(out)
    }

    /// `dL/d(distance entries)` in the compressed lower-triangular layout of
    /// [`crate::persistence::distance::DistanceMatrix::values`].
    pub fn to_distances(&self) -> Vec<T> {
        let n = self.n_points;
        let mut out = alloc::vec![T::zero(); n * n.saturating_sub(1) / 2];
        for &([a, b], g) in &self.entries {
            out[lower_index(a, b)] = g;
        }
        out
    }
}

impl<T: Scalar> Persistence<T> {
    /// Accumulates the gradients of several diagrams into a gradient per
    /// edge. Each item is `(degree, gradient)` with one `[d/d birth, d/d
    /// death]` per pair of that degree, in pair order.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when a gradient does not have one entry per
    /// pair, [`Error::NonFinite`] for a NaN or infinite gradient entry.
    pub fn edge_gradient<G: AsRef<[[T; 2]]>>(
        &self,
        grads: &[(usize, G)],
    ) -> Result<EdgeGradient<T>> {
        let mut entries: Vec<(Edge, T)> = Vec::new();
        for (dim, g) in grads {
            let g = g.as_ref();
            let pairs = self.pairs(*dim);
            if g.len() != pairs.len() {
                return Err(Error::ShapeMismatch {
                    what: "diagram gradient (one entry per pair)",
                    expected: pairs.len(),
                    found: g.len(),
                });
            }
            for (i, (pair, gi)) in pairs.iter().zip(g).enumerate() {
                for (k, v) in gi.iter().enumerate() {
                    if !v.is_finite() {
                        return Err(Error::NonFinite {
                            what: "diagram gradient",
                            index: 2 * i + k,
                            value: v.as_f64(),
                        });
                    }
                }
                if let Some(e) = pair.birth_edge {
                    if gi[0] != T::zero() {
                        entries.push((e, gi[0]));
                    }
                }
                if let Some(e) = pair.death_edge {
                    if gi[1] != T::zero() {
                        entries.push((e, gi[1]));
                    }
                }
            }
        }
        entries.sort_unstable_by_key(|e| e.0);
        let mut merged: Vec<(Edge, T)> = Vec::with_capacity(entries.len());
        for (e, g) in entries {
            match merged.last_mut() {
                Some(last) if last.0 == e => last.1 = last.1 + g,
                _ => merged.push((e, g)),
            }
        }
        Ok(EdgeGradient {
            n_points: self.n_points(),
            entries: merged,
        })
    }

    /// The chain rule to the coordinates: `dL/d(points)` (same layout as the
    /// cloud) from gradients with respect to the diagrams of some degrees.
    ///
    /// ```
    /// use toporeg::{h0_persistence, Metric, PointCloud};
    /// let pts = [0.0, 1.0, 3.0];
    /// let cloud = PointCloud::new(&pts, 1)?;
    /// let pers = h0_persistence(&cloud, Metric::Euclidean)?;
    /// // L = sum of finite deaths = 1 + 2; essential entries are ignored
    /// let g: Vec<[f64; 2]> = pers.pairs(0).iter().map(|_| [0.0, 1.0]).collect();
    /// let grad = pers.pullback(&cloud, Metric::Euclidean, &[(0, &g)])?;
    /// assert_eq!(grad, vec![-1.0, 0.0, 1.0]);
    /// // the pairing is that of the Euclidean metric: no other is accepted
    /// assert!(matches!(
    ///     pers.pullback(&cloud, Metric::Manhattan, &[(0, &g)]),
    ///     Err(toporeg::Error::MetricMismatch { .. })
    /// ));
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::MetricMismatch`] when `metric` is not the metric the
    /// persistence was computed with ([`Persistence::metric`]; a persistence
    /// of a distance matrix has none: use
    /// [`Persistence::pullback_distances`]); those of
    /// [`Self::edge_gradient`] and [`EdgeGradient::to_points`].
    pub fn pullback<G: AsRef<[[T; 2]]>>(
        &self,
        cloud: &PointCloud<'_, T>,
        metric: Metric,
        grads: &[(usize, G)],
    ) -> Result<Vec<T>> {
        if self.metric() != Some(metric) {
            return Err(Error::MetricMismatch {
                computed: match self.metric() {
                    None => "from a distance matrix",
                    Some(Metric::Euclidean) => "with the Euclidean metric",
                    Some(Metric::Manhattan) => "with the Manhattan metric",
                    Some(Metric::Cosine) => "with the cosine metric",
                    Some(Metric::Chebyshev) => "with the Chebyshev metric",
                },
                requested: metric,
            });
        }
        self.edge_gradient(grads)?.to_points(cloud, metric)
    }

    /// The chain rule to a sparse graph input: `dL/d(edge weights)`, one
    /// value per edge in the order of [`SparseDistances::edges`].
    ///
    /// ```
    /// use toporeg::{persistence_from_sparse, RipsParams, SparseDistances};
    /// let g = SparseDistances::new(3, [(0, 1, 1.0), (1, 2, 2.0), (0, 2, 5.0)])?;
    /// let pers = persistence_from_sparse(&g, &RipsParams::new().max_dim(0))?;
    /// // L = sum of finite deaths: the two tree edges
    /// let grad: Vec<[f64; 2]> = pers.pairs(0).iter().map(|_| [0.0, 1.0]).collect();
    /// // edges in order: {0, 1}, {0, 2}, {1, 2}
    /// assert_eq!(pers.pullback_sparse(&g, &[(0, &grad)])?, vec![1.0, 0.0, 1.0]);
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Self::edge_gradient`] and [`EdgeGradient::to_sparse`].
    pub fn pullback_sparse<G: AsRef<[[T; 2]]>>(
        &self,
        g: &SparseDistances<T>,
        grads: &[(usize, G)],
    ) -> Result<Vec<T>> {
        self.edge_gradient(grads)?.to_sparse(g)
    }

    /// The chain rule to a distance matrix input: `dL/d(distance entries)`
    /// in the compressed lower-triangular layout.
    ///
    /// # Errors
    /// As [`Self::edge_gradient`].
    pub fn pullback_distances<G: AsRef<[[T; 2]]>>(&self, grads: &[(usize, G)]) -> Result<Vec<T>> {
        Ok(self.edge_gradient(grads)?.to_distances())
    }
}
