//! The lazy witness complex: a small set of landmarks `L ⊆ X`
//! whose filtration is witnessed by all the points.
//!
//! For `ν ∈ {0, 1, 2}` let `m_ν(x)` be the distance from the witness `x` to
//! its `ν`-th nearest landmark (`m_0 = 0`). The edge `[a, b]` between two
//! landmarks enters at
//!
//! ```text
//! w(a, b) = min over witnesses x of  max(d(a, x), d(b, x)) - m_ν(x)
//! ```
//!
//! and a higher simplex as soon as all its edges are in (the clique complex
//! of the witnessed edges, "lazy"); the landmarks themselves enter at 0.
//! `w ≥ 0` always: `max(d(a,x), d(b,x))` is at least the distance from `x`
//! to its second nearest landmark. With `ν = 0` and the landmarks among the
//! witnesses, `w(a, b) ≤ d(a, b)` (take `x = a`): the witness filtration
//! enters no later than the Rips filtration of the landmarks.
//!
//! [`witness_edge_values`] computes all `w(a, b)` in `O(N · L · (d + L))`
//! time for `N` witnesses and `L` landmarks in `R^d`, with `O(L²)` memory
//! besides the inputs (never an `N × N` or `N × L` matrix), and returns them
//! as a [`DistanceMatrix`] on the landmarks. The persistence of the
//! filtration ([`witness_persistence`]) goes through the same reduction as
//! Vietoris–Rips ([`crate::persistence::rips::Rips::persistence_from_distances`]), since it is
//! a clique filtration on the landmarks. Its pairs, and their generator
//! edges, are in **landmark indices** (`0..L`, the order of
//! [`WitnessPersistence::landmarks`]); [`WitnessPersistence::point_edge`]
//! and [`WitnessPersistence::pairs_in_points`] map them to point indices.
//!
//! ```
//! use toporeg::{witness_persistence, LandmarkSelection, WitnessParams};
//! use toporeg::{PointCloud, RipsParams};
//! // the corners and edge midpoints of a 2 × 2 square, in order around it
//! let x = [0.0, 0.0, 1.0, 0.0, 2.0, 0.0, 2.0, 1.0, 2.0, 2.0, 1.0, 2.0, 0.0, 2.0, 0.0, 1.0];
//! let cloud = PointCloud::new(&x, 2)?;
//! let params = WitnessParams::new(4).selection(LandmarkSelection::MaxMin { seed_index: 0 });
//! let w = witness_persistence(&cloud, &params, &RipsParams::new())?;
//! assert_eq!(w.landmarks, vec![0, 4, 2, 6]); // the corners, farthest first
//! // The sides are witnessed at 1 by the midpoints, the diagonals at 2 by
//! // the corners: one loop, born at 1, filled at 2.
//! assert_eq!(w.persistence.diagram(1).points(), &[[1.0, 2.0]]);
//! let pair = w.pairs_in_points(1)[0];
//! assert!(matches!(pair.death_edge, Some([0, 4]) | Some([2, 6]))); // a diagonal
//! # Ok::<(), toporeg::Error>(())
//! ```
//!
//! The landmarks are chosen in [`landmarks`] (max-min or seeded random
//! sampling); this file builds the filtration they span and its
//! persistence.

pub(crate) mod landmarks;

use alloc::vec;
use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::persistence::distance::DistanceMatrix;
use crate::persistence::metric::squared_euclidean;
use crate::persistence::pairs::{Edge, PersistencePair};
use crate::persistence::points::PointCloud;
use crate::persistence::rips::{Persistence, Rips, RipsParams};
use crate::representations::witness::landmarks::{select_landmarks, LandmarkSelection};
use crate::scalar::Scalar;

fn check_nu(nu: usize, landmarks: usize) -> Result<()> {
    if nu > 2 {
        return Err(Error::InvalidParameter {
            name: "nu",
            reason: alloc::format!("must be 0, 1 or 2, got {nu}"),
        });
    }
    if nu > landmarks {
        return Err(Error::InvalidParameter {
            name: "nu",
            reason: alloc::format!("needs at least {nu} landmarks, got {landmarks}"),
        });
    }
    Ok(())
}

/// The lazy witness filtration values `w(a, b)` of all edges between the
/// `L` points of `landmarks`, witnessed by the points of `witnesses`, as a
/// weight matrix on the landmarks (its compressed lower triangle lists
/// `w(1,0), w(2,0), w(2,1), w(3,0), …`). The landmarks are normally points
/// of the witness set (see [`select_landmarks`]) but need not be.
///
/// `O(N · L · (dim + L))` time, `O(L²)` memory.
///
/// # Errors
/// [`Error::ShapeMismatch`] if the two clouds have different dimensions;
/// [`Error::InvalidParameter`] for `nu > 2`, or fewer than `nu` landmarks.
///
/// ```
/// use toporeg::witness_edge_values;
/// use toporeg::PointCloud;
/// let landmarks = [0.0, 4.0, 10.0];
/// let witnesses = [0.0, 2.0, 4.0, 7.0, 10.0];
/// let lm = PointCloud::new(&landmarks, 1)?;
/// let w = witness_edge_values(&lm, &PointCloud::new(&witnesses, 1)?, 0)?;
/// assert_eq!(w.values(), &[2.0, 6.0, 3.0]); // w(1,0), w(2,0), w(2,1)
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn witness_edge_values<T: Scalar>(
    landmarks: &PointCloud<'_, T>,
    witnesses: &PointCloud<'_, T>,
    nu: usize,
) -> Result<DistanceMatrix<T>> {
    let (l, dim) = (landmarks.n_points(), landmarks.dim());
    if witnesses.dim() != dim {
        return Err(Error::ShapeMismatch {
            what: "witnesses (coordinates per point, as the landmarks)",
            expected: dim,
            found: witnesses.dim(),
        });
    }
    check_nu(nu, l)?;
    let landmarks = landmarks.as_slice();
    let witnesses = witnesses.as_slice();
    let pairs = l * (l - 1) / 2;
    let scan = |chunk: &[T]| -> Vec<T> {
        let mut values = vec![T::infinity(); pairs];
        let mut d = vec![T::zero(); l];
        for x in chunk.chunks_exact(dim) {
            for (da, a) in d.iter_mut().zip(landmarks.chunks_exact(dim)) {
                *da = squared_euclidean(a, x).sqrt();
            }
            let m = nu_th_smallest(&d, nu);
            let mut start = 0;
            for a in 1..l {
                let da = d[a];
                let row = &mut values[start..start + a];
                for (w, &db) in row.iter_mut().zip(&d[..a]) {
                    *w = w.min(da.max(db) - m);
                }
                start += a;
            }
        }
        values
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        // Chunks of witnesses per task, each with its own O(L²) table.
        let per_task = (witnesses.len() / dim)
            .div_ceil(4 * rayon::current_num_threads())
            .max(256);
        let values = witnesses
            .par_chunks(per_task * dim)
            .map(scan)
            .reduce_with(|mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x = x.min(y);
                }
                a
            })
            .unwrap_or_else(|| vec![T::infinity(); pairs]);
        DistanceMatrix::from_lower(values)
    }
    #[cfg(not(feature = "parallel"))]
    DistanceMatrix::from_lower(scan(witnesses))
}

/// The `nu`-th smallest value of `d` (`nu ≤ 2`, `nu ≤ d.len()`), 0 for
/// `nu = 0`; ties count with multiplicity.
fn nu_th_smallest<T: Scalar>(d: &[T], nu: usize) -> T {
    if nu == 0 {
        return T::zero();
    }
    let (mut first, mut second) = (T::infinity(), T::infinity());
    for &v in d {
        if v < first {
            second = first;
            first = v;
        } else if v < second {
            second = v;
        }
    }
    if nu == 1 {
        first
    } else {
        second
    }
}

/// Parameters of a lazy witness complex on a point cloud, checked into a
/// [`Witness`] by [`WitnessParams::check`].
///
/// ```
/// use toporeg::{LandmarkSelection, WitnessParams};
/// let p = WitnessParams::new(100).nu(1).selection(LandmarkSelection::Random { seed: 3 });
/// assert_eq!(p.check()?.nu(), 1);
/// assert!(WitnessParams::new(100).nu(3).check().is_err());
/// assert!(WitnessParams::new(0).check().is_err());
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WitnessParams {
    /// Number of landmarks `L` (at least 1, at most the number of points).
    pub landmarks: usize,
    /// `ν ∈ {0, 1, 2}` (default 0).
    pub nu: usize,
    /// How the landmarks are chosen (default max-min from point 0).
    pub selection: LandmarkSelection,
}

impl WitnessParams {
    /// `landmarks` landmarks by max-min selection from point 0, `ν = 0`.
    pub fn new(landmarks: usize) -> Self {
        Self {
            landmarks,
            nu: 0,
            selection: LandmarkSelection::default(),
        }
    }

    /// Sets `ν`.
    pub fn nu(mut self, nu: usize) -> Self {
        self.nu = nu;
        self
    }

    /// Sets the landmark selection.
    pub fn selection(mut self, selection: LandmarkSelection) -> Self {
        self.selection = selection;
        self
    }

    /// Checks what can be checked without the points (that there are at
    /// least as many points as landmarks is checked with them).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for `landmarks == 0`, `nu > 2` or
    /// `landmarks < nu`.
    pub fn check(self) -> Result<Witness> {
        if self.landmarks == 0 {
            return Err(Error::InvalidParameter {
                name: "landmarks",
                reason: alloc::string::String::from("at least one landmark is needed"),
            });
        }
        check_nu(self.nu, self.landmarks)?;
        Ok(Witness { params: self })
    }
}

/// Checked [`WitnessParams`]: the lazy witness filtration of a point cloud
/// and its persistence.
///
/// ```
/// use toporeg::WitnessParams;
/// use toporeg::{PointCloud, RipsParams};
/// let x = [0.0, 0.0, 2.0, 0.0, 2.0, 2.0, 0.0, 2.0, 1.0, 1.0];
/// let cloud = PointCloud::new(&x, 2)?;
/// let witness = WitnessParams::new(4).check()?;
/// let f = witness.filtration(&cloud)?;
/// assert_eq!(f.landmarks.len(), 4);
/// let w = witness.persistence(&cloud, &RipsParams::new().check()?)?;
/// assert_eq!(w.landmarks, f.landmarks);
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Witness {
    params: WitnessParams,
}

impl Witness {
    /// Number of landmarks.
    pub fn landmarks(&self) -> usize {
        self.params.landmarks
    }

    /// `ν`.
    pub fn nu(&self) -> usize {
        self.params.nu
    }

    /// How the landmarks are chosen.
    pub fn selection(&self) -> LandmarkSelection {
        self.params.selection
    }

    /// Chooses the landmarks of `cloud` and computes the witness filtration
    /// values of their edges, with all points as witnesses.
    /// `O(N · L · (d + L))` time, `O(N + L²)` memory.
    ///
    /// # Errors
    /// Those of [`select_landmarks`] (more landmarks than points, a
    /// `seed_index` out of range).
    pub fn filtration<T: Scalar>(&self, cloud: &PointCloud<'_, T>) -> Result<WitnessFiltration<T>> {
        let params = &self.params;
        let landmarks = select_landmarks(cloud, params.landmarks, params.selection)?;
        let coords: Vec<T> = landmarks
            .iter()
            .flat_map(|&i| cloud.point(i).iter().copied())
            .collect();
        let lm = PointCloud::new(&coords, cloud.dim())?;
        let edges = witness_edge_values(&lm, cloud, params.nu)?;
        Ok(WitnessFiltration { landmarks, edges })
    }

    /// Persistence of the lazy witness complex of `cloud` (degrees,
    /// threshold and coefficients from `rips`), through the Vietoris–Rips
    /// reduction of the landmark weight matrix. Time `O(N · L · (d + L))`
    /// for the filtration plus the reduction on `L` vertices; memory
    /// `O(N + L²)` plus the reduction's.
    ///
    /// # Errors
    /// Those of [`Witness::filtration`] and
    /// [`Rips::persistence_from_distances`].
    pub fn persistence<T: Scalar>(
        &self,
        cloud: &PointCloud<'_, T>,
        rips: &Rips,
    ) -> Result<WitnessPersistence<T>> {
        let f = self.filtration(cloud)?;
        Ok(WitnessPersistence {
            persistence: rips.persistence_from_distances(&f.edges)?,
            landmarks: f.landmarks,
        })
    }
}

/// The lazy witness filtration of a point cloud: the landmarks and the
/// filtration values of the edges between them.
#[derive(Debug, Clone, PartialEq)]
pub struct WitnessFiltration<T> {
    /// Point index of every landmark; landmark `i` is point `landmarks[i]`.
    pub landmarks: Vec<usize>,
    /// `w(a, b)` for landmarks `a`, `b` (landmark indices).
    pub edges: DistanceMatrix<T>,
}

/// The witness filtration of `cloud`: shorthand for
/// `params.check()?.filtration(cloud)` (see [`Witness::filtration`]).
///
/// # Errors
/// Those of [`WitnessParams::check`] and [`Witness::filtration`].
pub fn witness_filtration<T: Scalar>(
    cloud: &PointCloud<'_, T>,
    params: &WitnessParams,
) -> Result<WitnessFiltration<T>> {
    params.check()?.filtration(cloud)
}

/// Persistence of a lazy witness filtration, in landmark indices.
#[derive(Debug, Clone, PartialEq)]
pub struct WitnessPersistence<T> {
    /// The pairs; vertices and generator edges are landmark indices.
    pub persistence: Persistence<T>,
    /// Point index of every landmark; landmark `i` is point `landmarks[i]`.
    pub landmarks: Vec<usize>,
}

impl<T: Scalar> WitnessPersistence<T> {
    /// The edge between landmarks `[a, b]` as an edge between point indices
    /// (smaller first).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] if `a` or `b` is not a landmark index.
    pub fn point_edge(&self, edge: Edge) -> Result<Edge> {
        let map = |v: usize| {
            self.landmarks
                .get(v)
                .copied()
                .ok_or_else(|| Error::InvalidParameter {
                    name: "edge",
                    reason: alloc::format!(
                        "{v} is not a landmark index (there are {})",
                        self.landmarks.len()
                    ),
                })
        };
        let (a, b) = (map(edge[0])?, map(edge[1])?);
        Ok([a.min(b), a.max(b)])
    }

    /// The pairs of degree `dim` with their generator edges in point indices.
    pub fn pairs_in_points(&self, dim: usize) -> Vec<PersistencePair<T>> {
        let map = |e: Option<Edge>| {
            e.map(|[a, b]| {
                let (a, b) = (self.landmarks[a], self.landmarks[b]);
                [a.min(b), a.max(b)]
            })
        };
        self.persistence
            .pairs(dim)
            .iter()
            .map(|p| PersistencePair {
                birth_edge: map(p.birth_edge),
                death_edge: map(p.death_edge),
                ..*p
            })
            .collect()
    }
}

/// Persistence of the lazy witness complex of `cloud` (landmarks and `ν`
/// from `params`, degrees, threshold and coefficients from `rips`):
/// shorthand for `params.check()?.persistence(cloud, &rips.check()?)` (see
/// [`Witness::persistence`]), checking `rips` first.
///
/// # Errors
/// Those of [`RipsParams::check`], [`WitnessParams::check`] and
/// [`Witness::persistence`].
pub fn witness_persistence<T: Scalar>(
    cloud: &PointCloud<'_, T>,
    params: &WitnessParams,
    rips: &RipsParams,
) -> Result<WitnessPersistence<T>> {
    let rips = rips.check()?;
    params.check()?.persistence(cloud, &rips)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SplitMix64;
    use crate::testing::TestData;
    use proptest::prelude::*;

    fn dist(a: &[f64], b: &[f64]) -> f64 {
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y) * (x - y))
            .sum::<f64>()
            .sqrt()
    }

    fn cloud(x: &[f64], dim: usize) -> PointCloud<'_, f64> {
        PointCloud::new(x, dim).unwrap()
    }

    fn edges(lm: &[f64], wit: &[f64], dim: usize, nu: usize) -> Vec<f64> {
        witness_edge_values(&cloud(lm, dim), &cloud(wit, dim), nu)
            .unwrap()
            .values()
            .to_vec()
    }

    /// The definition, edge by edge and witness by witness.
    fn brute_force_edges(lm: &[f64], wit: &[f64], dim: usize, nu: usize) -> Vec<f64> {
        let l = lm.len() / dim;
        let mut out = Vec::new();
        for a in 1..l {
            for b in 0..a {
                let mut best = f64::INFINITY;
                for x in wit.chunks_exact(dim) {
                    let mut all: Vec<f64> = lm.chunks_exact(dim).map(|p| dist(p, x)).collect();
                    all.sort_by(f64::total_cmp);
                    let m = if nu == 0 { 0.0 } else { all[nu - 1] };
                    let a_x = dist(&lm[a * dim..(a + 1) * dim], x);
                    let b_x = dist(&lm[b * dim..(b + 1) * dim], x);
                    best = best.min(a_x.max(b_x) - m);
                }
                out.push(best);
            }
        }
        out
    }

    fn rows_of(points: &[f64], dim: usize, idx: &[usize]) -> Vec<f64> {
        idx.iter()
            .flat_map(|&i| points[i * dim..(i + 1) * dim].to_vec())
            .collect()
    }

    /// Brute-force diagrams (degrees 0 and 1, zero persistence dropped,
    /// sorted) of the clique filtration of the weights `w` (compressed lower
    /// triangle) on `l` vertices: every vertex, edge and triangle listed,
    /// the Z/2 boundary matrix reduced column by column.
    fn brute_force_diagrams(w: &[f64], l: usize) -> [Vec<[f64; 2]>; 2] {
        let weight = |a: usize, b: usize| {
            let (hi, lo) = (a.max(b), a.min(b));
            w[hi * (hi - 1) / 2 + lo]
        };
        let mut simplices: Vec<(f64, Vec<usize>)> = (0..l).map(|v| (0.0, vec![v])).collect();
        for a in 0..l {
            for b in a + 1..l {
                simplices.push((weight(a, b), vec![a, b]));
                for c in b + 1..l {
                    let v = weight(a, b).max(weight(a, c)).max(weight(b, c));
                    simplices.push((v, vec![a, b, c]));
                }
            }
        }
        simplices.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.len().cmp(&y.1.len())));
        let index = |s: &[usize]| simplices.iter().position(|t| t.1 == s).unwrap();
        let mut columns: Vec<Vec<usize>> = simplices
            .iter()
            .map(|(_, s)| {
                let mut col: Vec<usize> = if s.len() == 1 {
                    Vec::new()
                } else {
                    (0..s.len())
                        .map(|i| {
                            let mut face = s.clone();
                            face.remove(i);
                            index(&face)
                        })
                        .collect()
                };
                col.sort_unstable();
                col
            })
            .collect();
        let mut owner_of_low = std::collections::HashMap::new();
        let mut paired = vec![false; simplices.len()];
        let mut out = [Vec::new(), Vec::new()];
        for j in 0..columns.len() {
            while let Some(&low) = columns[j].last() {
                let Some(&k) = owner_of_low.get(&low) else {
                    break;
                };
                let other: &Vec<usize> = &columns[k];
                let mut sum: Vec<usize> = columns[j]
                    .iter()
                    .filter(|r| !other.contains(r))
                    .chain(other.iter().filter(|r| !columns[j].contains(r)))
                    .copied()
                    .collect();
                sum.sort_unstable();
                columns[j] = sum;
            }
            if let Some(&low) = columns[j].last() {
                owner_of_low.insert(low, j);
                paired[low] = true;
                paired[j] = true;
                let (birth, deg) = (simplices[low].0, simplices[low].1.len() - 1);
                if deg <= 1 && simplices[j].0 > birth {
                    out[deg].push([birth, simplices[j].0]);
                }
            }
        }
        for (i, (v, s)) in simplices.iter().enumerate() {
            if !paired[i] && s.len() <= 2 {
                out[s.len() - 1].push([*v, f64::INFINITY]);
            }
        }
        for d in &mut out {
            d.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn edge_values_equal_the_brute_force_construction(
            seed in any::<u64>(), n in 2usize..25, l in 2usize..8, dim in 1usize..4,
            nu in 0usize..3, maxmin in any::<bool>(), integer in any::<bool>(),
        ) {
            let l = l.min(n);
            let mut rng = SplitMix64::new(seed);
            // Integer coordinates give ties and repeated points.
            let x: Vec<f64> = (0..n * dim)
                .map(|_| if integer { (rng.next_u64() % 3) as f64 } else { rng.gaussian() })
                .collect();
            let selection = if maxmin {
                LandmarkSelection::MaxMin { seed_index: (seed % n as u64) as usize }
            } else {
                LandmarkSelection::Random { seed }
            };
            let idx = select_landmarks(&cloud(&x, dim), l, selection).unwrap();
            let lm = rows_of(&x, dim, &idx);
            let w = edges(&lm, &x, dim, nu);
            let b = brute_force_edges(&lm, &x, dim, nu);
            prop_assert_eq!(w.len(), l * (l - 1) / 2);
            for (p, q) in w.iter().zip(&b) {
                prop_assert!((p - q).abs() < 1e-12 && *p >= 0.0, "{} vs {}", p, q);
            }
            // Witnesses that are not the points work the same way.
            let other: Vec<f64> = (0..7 * dim).map(|_| rng.gaussian()).collect();
            let w = edges(&lm, &other, dim, nu);
            let b = brute_force_edges(&lm, &other, dim, nu);
            for (p, q) in w.iter().zip(&b) {
                prop_assert!((p - q).abs() < 1e-12 && *p >= 0.0);
            }
        }

        #[test]
        fn nu_zero_edges_enter_no_later_than_rips(
            seed in any::<u64>(), n in 2usize..40, l in 2usize..10, dim in 1usize..4,
        ) {
            let l = l.min(n);
            let mut rng = SplitMix64::new(seed);
            let x = rng.normals(n * dim);
            let idx = select_landmarks(&cloud(&x, dim), l, LandmarkSelection::Random { seed }).unwrap();
            let lm = rows_of(&x, dim, &idx);
            let w = edges(&lm, &x, dim, 0);
            let mut k = 0;
            for a in 1..l {
                for b in 0..a {
                    let rips = dist(&lm[a * dim..(a + 1) * dim], &lm[b * dim..(b + 1) * dim]);
                    prop_assert!(w[k] <= rips, "edge ({}, {}): {} > {}", a, b, w[k], rips);
                    k += 1;
                }
            }
        }

        #[test]
        fn persistence_equals_the_brute_force_reduction(
            seed in any::<u64>(), n in 3usize..30, l in 2usize..8, dim in 1usize..4,
            nu in 0usize..3, integer in any::<bool>(),
        ) {
            let l = l.min(n);
            let mut rng = SplitMix64::new(seed);
            let x: Vec<f64> = (0..n * dim)
                .map(|_| if integer { (rng.next_u64() % 4) as f64 } else { rng.gaussian() })
                .collect();
            let params = WitnessParams::new(l).nu(nu).selection(LandmarkSelection::Random { seed });
            let pc = cloud(&x, dim);
            let wp = witness_persistence(&pc, &params, &RipsParams::new()).unwrap();
            let f = witness_filtration(&pc, &params).unwrap();
            prop_assert_eq!(&wp.landmarks, &f.landmarks);
            let expected = brute_force_diagrams(f.edges.values(), l);
            for (deg, exp) in expected.iter().enumerate() {
                let mut got: Vec<[f64; 2]> = wp.persistence.diagram(deg).points().to_vec();
                got.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
                prop_assert_eq!(&got, exp, "degree {}", deg);
            }
            // Generators: in landmark indices, their weights are the values;
            // mapped to point indices they are edges between landmarks.
            for deg in 0..2 {
                for (p, q) in wp.persistence.pairs(deg).iter().zip(wp.pairs_in_points(deg)) {
                    if let Some(e) = p.death_edge {
                        prop_assert_eq!(f.edges.get(e[0], e[1]), p.death);
                        prop_assert_eq!(Some(wp.point_edge(e).unwrap()), q.death_edge);
                        let [a, b] = q.death_edge.unwrap();
                        prop_assert!(a < b && wp.landmarks.contains(&a) && wp.landmarks.contains(&b));
                    }
                    if let Some(e) = p.birth_edge {
                        prop_assert_eq!(f.edges.get(e[0], e[1]), p.birth);
                    }
                }
            }
        }

    }

    #[test]
    fn many_witnesses_match_the_brute_force_construction() {
        // Enough witnesses to be split over several tasks with `parallel`.
        let mut rng = SplitMix64::new(9);
        let x = rng.normals(3000 * 2);
        let idx = select_landmarks(&cloud(&x, 2), 6, LandmarkSelection::default()).unwrap();
        let lm = rows_of(&x, 2, &idx);
        for nu in 0..3 {
            assert_eq!(edges(&lm, &x, 2, nu), brute_force_edges(&lm, &x, 2, nu));
        }
    }

    #[test]
    fn a_single_landmark_has_one_essential_class() {
        let x = [0.0, 1.0, 5.0];
        let w =
            witness_persistence(&cloud(&x, 1), &WitnessParams::new(1), &RipsParams::new()).unwrap();
        assert_eq!(w.persistence.diagram(0).points(), &[[0.0, f64::INFINITY]]);
        assert!(w.persistence.pairs(1).is_empty());
    }

    #[test]
    fn bad_input_gives_typed_errors() {
        let x = [0.0, 1.0, 2.0, 3.0];
        let pc = cloud(&x, 2);
        let mm = LandmarkSelection::MaxMin { seed_index: 0 };
        let rips = RipsParams::new();
        assert!(matches!(
            select_landmarks(&pc, 3, mm),
            Err(Error::InvalidParameter {
                name: "landmarks",
                ..
            })
        ));
        assert!(matches!(
            witness_persistence(&pc, &WitnessParams::new(3), &rips),
            Err(Error::InvalidParameter {
                name: "landmarks",
                ..
            })
        ));
        assert!(matches!(
            witness_persistence(&pc, &WitnessParams::new(0), &rips),
            Err(Error::InvalidParameter { .. })
        ));
        assert!(matches!(
            select_landmarks(&pc, 1, LandmarkSelection::MaxMin { seed_index: 2 }),
            Err(Error::InvalidParameter {
                name: "seed_index",
                ..
            })
        ));
        assert!(matches!(
            witness_persistence(&pc, &WitnessParams::new(2).nu(3), &rips),
            Err(Error::InvalidParameter { name: "nu", .. })
        ));
        assert!(matches!(
            witness_edge_values(&cloud(&x[..2], 2), &pc, 2),
            Err(Error::InvalidParameter { name: "nu", .. })
        ));
        assert!(matches!(
            witness_edge_values(&pc, &cloud(&x[..3], 1), 0),
            Err(Error::ShapeMismatch { .. })
        ));
        assert!(matches!(
            witness_persistence(&pc, &WitnessParams::new(2), &rips.modulus(4)),
            Err(Error::InvalidParameter { .. })
        ));
        // NaN, empty and ragged input are refused when the cloud is built.
        assert!(matches!(
            PointCloud::new(&[0.0, f64::NAN], 2),
            Err(Error::NonFinite { .. })
        ));
        assert!(matches!(
            PointCloud::<f64>::new(&[], 2),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(
            PointCloud::new(&x[..3], 2),
            Err(Error::ShapeMismatch { .. })
        ));
        let w = witness_persistence(&pc, &WitnessParams::new(2), &rips).unwrap();
        assert!(matches!(
            w.point_edge([0, 2]),
            Err(Error::InvalidParameter { name: "edge", .. })
        ));
    }
}
