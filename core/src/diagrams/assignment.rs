//! Exact linear assignment (the Hungarian method with potentials, in the
//! shortest-augmenting-path form of Jonker and Volgenant).
//!
//! Shared by the minimum Frobenius distance and the Wasserstein distance.
//! `O(rows² · cols)` time and `O(cols)` memory beyond the cost matrix.

use alloc::vec;
use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::scalar::Scalar;

/// An optimal assignment: `row_to_col[i]` is the column given to row `i`.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment<T> {
    /// Column assigned to each row (all distinct).
    pub row_to_col: Vec<usize>,
    /// Sum of the assigned costs.
    pub cost: T,
}

/// Solves `min Σ_i cost[i][σ(i)]` over injective maps σ from rows to columns.
///
/// `cost` is row-major, `rows × cols`, with `rows <= cols`; every entry must
/// be finite.
///
/// # Errors
/// [`Error::ShapeMismatch`] if `cost.len() != rows * cols` or `rows > cols`,
/// [`Error::NonFinite`] for a NaN or infinite cost.
///
/// ```
/// use toporeg::solve_assignment as solve;
/// let cost = [4.0, 1.0, 3.0,
///             2.0, 0.0, 5.0,
///             3.0, 2.0, 2.0];
/// let a = solve(&cost, 3, 3)?;
/// assert_eq!(a.row_to_col, vec![1, 0, 2]);
/// assert_eq!(a.cost, 5.0);
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn solve<T: Scalar>(cost: &[T], rows: usize, cols: usize) -> Result<Assignment<T>> {
    if cost.len() != rows * cols {
        return Err(Error::ShapeMismatch {
            what: "assignment cost matrix",
            expected: rows * cols,
            found: cost.len(),
        });
    }
    if rows > cols {
        return Err(Error::ShapeMismatch {
            what: "assignment (rows must not exceed columns)",
            expected: cols,
            found: rows,
        });
    }
    if let Some((index, v)) = cost.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(Error::NonFinite {
            what: "assignment cost matrix",
            index,
            value: v.as_f64(),
        });
    }
    // Potentials u (rows) and v (columns); column 0 is a virtual column that
    // holds the row being inserted. `owner[j]` is 1 + the row owning column j
    // (0 = free), `way[j]` the previous column on the augmenting path.
    let inf = T::infinity();
    let mut u = vec![T::zero(); rows + 1];
    let mut v = vec![T::zero(); cols + 1];
    let mut owner = vec![0usize; cols + 1];
    let mut way = vec![0usize; cols + 1];
    let mut min_slack = vec![inf; cols + 1];
    let mut used = vec![false; cols + 1];
    for row in 1..=rows {
        owner[0] = row;
        let mut j0 = 0;
        min_slack.fill(inf);
        used.fill(false);
        loop {
            used[j0] = true;
            let i0 = owner[j0];
            let row_costs = &cost[(i0 - 1) * cols..i0 * cols];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=cols {
                if used[j] {
                    continue;
                }
                let slack = row_costs[j - 1] - u[i0] - v[j];
                if slack < min_slack[j] {
                    min_slack[j] = slack;
                    way[j] = j0;
                }
                if min_slack[j] < delta {
                    delta = min_slack[j];
                    j1 = j;
                }
            }
            for j in 0..=cols {
                if used[j] {
                    u[owner[j]] = u[owner[j]] + delta;
                    v[j] = v[j] - delta;
                } else {
                    min_slack[j] = min_slack[j] - delta;
                }
            }
            j0 = j1;
            if owner[j0] == 0 {
                break;
            }
        }
        while j0 != 0 {
            let j1 = way[j0];
            owner[j0] = owner[j1];
            j0 = j1;
        }
    }
    let mut row_to_col = vec![0usize; rows];
    for j in 1..=cols {
        if owner[j] != 0 {
            row_to_col[owner[j] - 1] = j - 1;
        }
    }
    let total = row_to_col
        .iter()
        .enumerate()
        .map(|(i, &j)| cost[i * cols + j])
        .fold(T::zero(), |a, b| a + b);
    Ok(Assignment {
        row_to_col,
        cost: total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute_force(cost: &[f64], rows: usize, cols: usize) -> f64 {
        fn go(cost: &[f64], rows: usize, cols: usize, i: usize, used: &mut [bool]) -> f64 {
            if i == rows {
                return 0.0;
            }
            let mut best = f64::INFINITY;
            for j in 0..cols {
                if !used[j] {
                    used[j] = true;
                    best = best.min(cost[i * cols + j] + go(cost, rows, cols, i + 1, used));
                    used[j] = false;
                }
            }
            best
        }
        go(cost, rows, cols, 0, &mut vec![false; cols])
    }

    proptest! {
        #[test]
        fn equals_brute_force(
            (rows, cols, cost) in (1usize..=6, 0usize..=2).prop_flat_map(|(r, extra)| {
                let c = r + extra;
                (Just(r), Just(c), proptest::collection::vec(0i32..20, r * c))
            })
        ) {
            let cost: Vec<f64> = cost.into_iter().map(f64::from).collect();
            let a = solve(&cost, rows, cols).unwrap();
            let mut seen = vec![false; cols];
            for &j in &a.row_to_col {
                prop_assert!(!seen[j]);
                seen[j] = true;
            }
            prop_assert!((a.cost - brute_force(&cost, rows, cols)).abs() < 1e-9);
        }
    }

    #[test]
    fn rejects_bad_shapes_and_values() {
        assert!(matches!(
            solve(&[1.0, 2.0], 2, 2),
            Err(Error::ShapeMismatch { .. })
        ));
        assert!(matches!(
            solve(&[1.0, 2.0], 2, 1),
            Err(Error::ShapeMismatch { .. })
        ));
        assert!(matches!(
            solve(&[1.0, f64::NAN, 0.0, 1.0], 2, 2),
            Err(Error::NonFinite { index: 1, .. })
        ));
    }

    #[test]
    fn empty_problem_costs_nothing() {
        let a = solve::<f32>(&[], 0, 3).unwrap();
        assert!(a.row_to_col.is_empty());
        assert_eq!(a.cost, 0.0);
    }

    #[test]
    fn negative_costs_are_fine() {
        let a = solve(&[-1.0, -5.0, -3.0, -2.0], 2, 2).unwrap();
        assert_eq!(a.cost, -8.0);
    }
}
