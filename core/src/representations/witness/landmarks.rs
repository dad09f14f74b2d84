//! Landmark selection for the witness complex: max-min (farthest point)
//! sampling, or a seeded uniform sample ([`SplitMix64`]).

use alloc::vec;
use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::persistence::metric::squared_euclidean;
use crate::persistence::points::PointCloud;
use crate::rng::SplitMix64;
use crate::scalar::Scalar;

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
    /// A uniformly random subset (a partial Fisher–Yates shuffle,
    /// [`SplitMix64::partial_shuffle`]: the same seed gives the same
    /// landmarks on every platform). `O(N)` time and memory.
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

/// Chooses `count` landmarks among the `N` points of `cloud`. Returns their
/// indices, in the order they were chosen (distinct).
///
/// # Errors
/// [`Error::InvalidParameter`] for `count == 0`, `count > N`, or a
/// `seed_index` out of range.
///
/// ```
/// use toporeg::{select_landmarks, LandmarkSelection};
/// use toporeg::PointCloud;
/// let x = [0.0, 1.0, 2.0, 10.0, 11.0];
/// let cloud = PointCloud::new(&x, 1)?;
/// let l = select_landmarks(&cloud, 3, LandmarkSelection::MaxMin { seed_index: 1 })?;
/// assert_eq!(l, vec![1, 4, 0]);
/// let r = select_landmarks(&cloud, 3, LandmarkSelection::Random { seed: 7 })?;
/// assert_eq!(r.len(), 3);
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn select_landmarks<T: Scalar>(
    cloud: &PointCloud<'_, T>,
    count: usize,
    selection: LandmarkSelection,
) -> Result<Vec<usize>> {
    let n = cloud.n_points();
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
                let new = cloud.point(next);
                let mut best = (T::neg_infinity(), 0);
                for (i, m) in nearest.iter_mut().enumerate() {
                    if *m != T::neg_infinity() {
                        *m = m.min(squared_euclidean(cloud.point(i), new));
                        if *m > best.0 {
                            best = (*m, i);
                        }
                    }
                }
                next = best.1;
            }
        }
        LandmarkSelection::Random { seed } => {
            let mut order: Vec<usize> = (0..n).collect();
            SplitMix64::new(seed).partial_shuffle(&mut order, count);
            order.truncate(count);
            Ok(order)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cloud(x: &[f64], dim: usize) -> PointCloud<'_, f64> {
        PointCloud::new(x, dim).unwrap()
    }

    fn dist(a: &[f64], b: &[f64]) -> f64 {
        a.iter()
            .zip(b)
            .map(|(p, q)| (p - q) * (p - q))
            .sum::<f64>()
            .sqrt()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn landmarks_are_distinct_and_maxmin_is_farthest_first(
            seed in any::<u64>(), n in 1usize..30, l in 1usize..30, dim in 1usize..3,
        ) {
            let l = l.min(n);
            let mut rng = SplitMix64::new(seed);
            let x: Vec<f64> = (0..n * dim).map(|_| (rng.next_u64() % 4) as f64).collect();
            for sel in [LandmarkSelection::MaxMin { seed_index: n - 1 }, LandmarkSelection::Random { seed }] {
                let idx = select_landmarks(&cloud(&x, dim), l, sel).unwrap();
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
    fn random_selection_is_reproducible() {
        let x: Vec<f64> = (0..50).map(f64::from).collect();
        let pc = cloud(&x, 1);
        let a = select_landmarks(&pc, 10, LandmarkSelection::Random { seed: 3 }).unwrap();
        let b = select_landmarks(&pc, 10, LandmarkSelection::Random { seed: 3 }).unwrap();
        let c = select_landmarks(&pc, 10, LandmarkSelection::Random { seed: 4 }).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let all = select_landmarks(&pc, 50, LandmarkSelection::Random { seed: 3 }).unwrap();
        let mut sorted = all.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
    }
}
