//! The lazy witness complex (spec §9): a small set of landmarks `L ⊆ X`
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
//! besides the inputs (never an `N × N` or `N × L` matrix). The persistence
//! of the filtration goes through the same reduction as Vietoris–Rips (see
//! [`witness_persistence`]).
//!
//! ```
//! use toporeg::witness::{select_landmarks, witness_edge_values, LandmarkSelection};
//! // the corners and edge midpoints of a square, in order around it
//! let x = [0.0, 0.0, 1.0, 0.0, 2.0, 0.0, 2.0, 1.0, 2.0, 2.0, 1.0, 2.0, 0.0, 2.0, 0.0, 1.0];
//! let landmarks = select_landmarks(&x, 2, 4, LandmarkSelection::MaxMin { seed_index: 0 })?;
//! assert_eq!(landmarks, vec![0, 4, 2, 6]); // the corners, farthest first
//! let coords: Vec<f64> = landmarks.iter().flat_map(|&i| x[2 * i..2 * i + 2].to_vec()).collect();
//! // compressed lower triangle: w(1,0), w(2,0), w(2,1), w(3,0), w(3,1), w(3,2)
//! let w = witness_edge_values(&coords, &x, 2, 0)?;
//! assert_eq!(w, vec![2.0, 1.0, 1.0, 1.0, 1.0, 2.0]); // sides witnessed by midpoints
//! # Ok::<(), toporeg::Error>(())
//! ```

use alloc::vec;
use alloc::vec::Vec;

use crate::check;
use crate::{Error, Result, Scalar};

/// How the landmarks are chosen among the points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum LandmarkSelection {
    /// Max-min (farthest point) sampling: start at `seed_index`, then
    /// repeatedly add the point farthest from the landmarks chosen so far
    /// (the smallest index among ties). `O(N · L · d)` time, `O(N)` memory.
    MaxMin {
        /// Index of the first landmark.
        seed_index: usize,
    },
    /// A uniformly random subset (partial Fisher–Yates shuffle driven by a
    /// SplitMix64 generator: the same seed gives the same landmarks on every
    /// platform). `O(N)` time and memory.
    Random {
        /// Seed of the generator.
        seed: u64,
    },
}

impl Default for LandmarkSelection {
    fn default() -> Self {
        Self::MaxMin { seed_index: 0 }
    }
}

/// SplitMix64: a tiny, portable, `no_std` generator for the random
/// landmark selection.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (`bound > 0`), by rejection (no modulo bias).
    fn below(&mut self, bound: u64) -> u64 {
        let zone = u64::MAX - u64::MAX % bound;
        loop {
            let v = self.next_u64();
            if v < zone {
                return v % bound;
            }
        }
    }
}

/// Chooses `count` landmarks among the `N` rows of `points` (`N × dim`,
/// row-major). Returns their row indices, in the order they were chosen
/// (distinct).
///
/// # Errors
/// [`Error::Empty`], [`Error::ShapeMismatch`], [`Error::NonFinite`] for the
/// points; [`Error::InvalidParameter`] for `dim == 0`, `count == 0`,
/// `count > N`, or a `seed_index` out of range.
///
/// ```
/// use toporeg::witness::{select_landmarks, LandmarkSelection};
/// let x = [0.0, 1.0, 2.0, 10.0, 11.0];
/// let l = select_landmarks(&x, 1, 3, LandmarkSelection::MaxMin { seed_index: 1 })?;
/// assert_eq!(l, vec![1, 4, 0]);
/// let r = select_landmarks(&x, 1, 3, LandmarkSelection::Random { seed: 7 })?;
/// assert_eq!(r.len(), 3);
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn select_landmarks<T: Scalar>(
    points: &[T],
    dim: usize,
    count: usize,
    selection: LandmarkSelection,
) -> Result<Vec<usize>> {
    let n = check::rows("points", points, dim)?;
    if count == 0 || count > n {
        return Err(Error::InvalidParameter {
            name: "landmarks",
            reason: alloc::format!("must be between 1 and the number of points ({n}), got {count}"),
        });
    }
    match selection {
        LandmarkSelection::MaxMin { seed_index } => {
            if seed_index >= n {
                return Err(Error::InvalidParameter {
                    name: "seed_index",
                    reason: alloc::format!("must be below the number of points ({n})"),
                });
            }
            let row = |i: usize| &points[i * dim..(i + 1) * dim];
            // Squared distance to the nearest chosen landmark; -inf once chosen.
            let mut nearest = vec![T::infinity(); n];
            let mut chosen = Vec::with_capacity(count);
            let mut next = seed_index;
            loop {
                chosen.push(next);
                nearest[next] = T::neg_infinity();
                if chosen.len() == count {
                    return Ok(chosen);
                }
                let new = row(next);
                let mut best = (T::neg_infinity(), 0);
                for (i, m) in nearest.iter_mut().enumerate() {
                    if *m != T::neg_infinity() {
                        *m = m.min(check::sq_dist(row(i), new));
                        if *m > best.0 {
                            best = (*m, i);
                        }
                    }
                }
                next = best.1;
            }
        }
        LandmarkSelection::Random { seed } => {
            let mut rng = SplitMix64(seed);
            let mut order: Vec<usize> = (0..n).collect();
            for i in 0..count {
                let j = i + rng.below((n - i) as u64) as usize;
                order.swap(i, j);
            }
            order.truncate(count);
            Ok(order)
        }
    }
}

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

/// The lazy witness filtration values of all landmark edges, in compressed
/// lower-triangular order: `w(1,0), w(2,0), w(2,1), w(3,0), …` (the entry
/// of the pair `a > b` is at `a (a - 1) / 2 + b`, the layout of
/// [`crate::DistanceMatrix`]). `landmarks` (`L × dim`) and `witnesses`
/// (`N × dim`) are row-major point sets; the landmarks are normally rows of
/// the witness set (see [`select_landmarks`]) but need not be.
///
/// `O(N · L · (dim + L))` time, `O(L²)` memory.
///
/// # Errors
/// Those of the point sets; [`Error::InvalidParameter`] for `nu > 2`, or
/// fewer than `nu` landmarks.
pub fn witness_edge_values<T: Scalar>(
    landmarks: &[T],
    witnesses: &[T],
    dim: usize,
    nu: usize,
) -> Result<Vec<T>> {
    let l = check::rows("landmarks", landmarks, dim)?;
    check::rows("witnesses", witnesses, dim)?;
    check_nu(nu, l)?;
    let pairs = l * (l - 1) / 2;
    let scan = |chunk: &[T]| -> Vec<T> {
        let mut values = vec![T::infinity(); pairs];
        let mut d = vec![T::zero(); l];
        for x in chunk.chunks_exact(dim) {
            for (da, a) in d.iter_mut().zip(landmarks.chunks_exact(dim)) {
                *da = check::sq_dist(a, x).sqrt();
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
        Ok(witnesses
            .par_chunks(per_task * dim)
            .map(scan)
            .reduce_with(|mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x = x.min(y);
                }
                a
            })
            .unwrap_or_else(|| vec![T::infinity(); pairs]))
    }
    #[cfg(not(feature = "parallel"))]
    Ok(scan(witnesses))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relative::tests::Rng;
    use proptest::prelude::*;

    fn dist(a: &[f64], b: &[f64]) -> f64 {
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y) * (x - y))
            .sum::<f64>()
            .sqrt()
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

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn edge_values_equal_the_brute_force_construction(
            seed in any::<u64>(), n in 2usize..25, l in 2usize..8, dim in 1usize..4,
            nu in 0usize..3, maxmin in any::<bool>(), integer in any::<bool>(),
        ) {
            let l = l.min(n);
            let mut rng = Rng::new(seed);
            // Integer coordinates give ties and repeated points.
            let x: Vec<f64> = (0..n * dim)
                .map(|_| if integer { (rng.next_u64() % 3) as f64 } else { rng.normal() })
                .collect();
            let selection = if maxmin {
                LandmarkSelection::MaxMin { seed_index: (seed % n as u64) as usize }
            } else {
                LandmarkSelection::Random { seed }
            };
            let idx = select_landmarks(&x, dim, l, selection).unwrap();
            let lm = rows_of(&x, dim, &idx);
            let w = witness_edge_values(&lm, &x, dim, nu).unwrap();
            let b = brute_force_edges(&lm, &x, dim, nu);
            prop_assert_eq!(w.len(), l * (l - 1) / 2);
            for (p, q) in w.iter().zip(&b) {
                prop_assert!((p - q).abs() < 1e-12 && *p >= 0.0, "{} vs {}", p, q);
            }
            // Witnesses that are not the points work the same way.
            let other: Vec<f64> = (0..7 * dim).map(|_| rng.normal()).collect();
            let w = witness_edge_values(&lm, &other, dim, nu).unwrap();
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
            let mut rng = Rng::new(seed);
            let x = rng.normals(n * dim);
            let idx = select_landmarks(&x, dim, l, LandmarkSelection::Random { seed }).unwrap();
            let lm = rows_of(&x, dim, &idx);
            let w = witness_edge_values(&lm, &x, dim, 0).unwrap();
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
        fn landmarks_are_distinct_and_maxmin_is_farthest_first(
            seed in any::<u64>(), n in 1usize..30, l in 1usize..30, dim in 1usize..3,
        ) {
            let l = l.min(n);
            let mut rng = Rng::new(seed);
            let x: Vec<f64> = (0..n * dim).map(|_| (rng.next_u64() % 4) as f64).collect();
            for sel in [LandmarkSelection::MaxMin { seed_index: n - 1 }, LandmarkSelection::Random { seed }] {
                let idx = select_landmarks(&x, dim, l, sel).unwrap();
                let mut sorted = idx.clone();
                sorted.sort_unstable();
                sorted.dedup();
                prop_assert_eq!(sorted.len(), l);
                prop_assert!(idx.iter().all(|&i| i < n));
                if let LandmarkSelection::MaxMin { .. } = sel {
                    prop_assert_eq!(idx[0], n - 1);
                    // each new landmark is a farthest point from the previous ones
                    for k in 1..l {
                        let gap = |i: usize| idx[..k]
                            .iter()
                            .map(|&j| dist(&x[i * dim..(i + 1) * dim], &x[j * dim..(j + 1) * dim]))
                            .fold(f64::INFINITY, f64::min);
                        let far = (0..n).filter(|i| !idx[..k].contains(i)).map(gap).fold(0.0, f64::max);
                        prop_assert_eq!(gap(idx[k]), far);
                    }
                }
            }
        }
    }

    #[test]
    fn many_witnesses_match_the_brute_force_construction() {
        // Enough witnesses to be split over several tasks with `parallel`.
        let mut rng = Rng::new(9);
        let x = rng.normals(3000 * 2);
        let idx = select_landmarks(&x, 2, 6, LandmarkSelection::default()).unwrap();
        let lm = rows_of(&x, 2, &idx);
        for nu in 0..3 {
            let w = witness_edge_values(&lm, &x, 2, nu).unwrap();
            assert_eq!(w, brute_force_edges(&lm, &x, 2, nu));
        }
    }

    #[test]
    fn random_selection_is_reproducible() {
        let x: Vec<f64> = (0..50).map(f64::from).collect();
        let a = select_landmarks(&x, 1, 10, LandmarkSelection::Random { seed: 3 }).unwrap();
        let b = select_landmarks(&x, 1, 10, LandmarkSelection::Random { seed: 3 }).unwrap();
        let c = select_landmarks(&x, 1, 10, LandmarkSelection::Random { seed: 4 }).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let all = select_landmarks(&x, 1, 50, LandmarkSelection::Random { seed: 3 }).unwrap();
        let mut sorted = all.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn bad_input_gives_typed_errors() {
        let x = [0.0, 1.0, 2.0, 3.0];
        let mm = LandmarkSelection::MaxMin { seed_index: 0 };
        assert!(matches!(
            select_landmarks(&x, 2, 3, mm),
            Err(Error::InvalidParameter {
                name: "landmarks",
                ..
            })
        ));
        assert!(matches!(
            select_landmarks(&x, 2, 0, mm),
            Err(Error::InvalidParameter { .. })
        ));
        assert!(matches!(
            select_landmarks(&x, 2, 1, LandmarkSelection::MaxMin { seed_index: 2 }),
            Err(Error::InvalidParameter {
                name: "seed_index",
                ..
            })
        ));
        assert!(matches!(
            select_landmarks::<f64>(&[], 2, 1, mm),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(
            select_landmarks(&[0.0, f64::NAN], 2, 1, mm),
            Err(Error::NonFinite { .. })
        ));
        assert!(matches!(
            witness_edge_values(&x, &x, 2, 3),
            Err(Error::InvalidParameter { name: "nu", .. })
        ));
        assert!(matches!(
            witness_edge_values(&x[..2], &x, 2, 2),
            Err(Error::InvalidParameter { name: "nu", .. })
        ));
        assert!(matches!(
            witness_edge_values(&x, &x[..3], 2, 0),
            Err(Error::ShapeMismatch { .. })
        ));
        assert!(matches!(
            witness_edge_values(&x, &[1.0, f64::INFINITY], 2, 0),
            Err(Error::NonFinite { .. })
        ));
    }
}
