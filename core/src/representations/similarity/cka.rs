//! Centred kernel alignment (CKA), linear and with a Gaussian kernel.

use alloc::vec;
use alloc::vec::Vec;

use crate::check;
use crate::error::{Error, Result};
use crate::persistence::metric::dot;
use crate::persistence::points::PointCloud;
use crate::representations::similarity::{all_coincide, centered, distance_matrix, paired_rows};
use crate::scalar::Scalar;

/// `‖Mᵀ N‖_F²` for row-major `M` (`n × p`) and `N` (`n × q`): the entries
/// of `MᵀN` summed over the rows in order, then their squares in order.
/// With the `parallel` feature, blocks of rows of `MᵀN` are computed on
/// rayon's threads; each entry is the same sum in the same order, so the
/// value is the same bits.
fn cross_sq_norm<T: Scalar>(m: &[T], p: usize, nn: &[T], q: usize) -> T {
    let mut acc = vec![T::zero(); p * q];
    // rows `a0..` of `MᵀN` into `block` (`q` values per row)
    let rows = |(a0, block): (usize, &mut [T])| {
        for (mr, nr) in m.chunks_exact(p).zip(nn.chunks_exact(q)) {
            for (row, &mv) in block.chunks_exact_mut(q).zip(&mr[a0..]) {
                for (r, &nv) in row.iter_mut().zip(nr) {
                    *r = *r + mv * nv;
                }
            }
        }
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        let block = p.div_ceil(rayon::current_num_threads());
        acc.par_chunks_mut(block * q)
            .enumerate()
            .for_each(|(b, chunk)| rows((b * block, chunk)));
    }
    #[cfg(not(feature = "parallel"))]
    rows((0, &mut acc));
    acc.iter().map(|&v| v * v).fold(T::zero(), |s, v| s + v)
}

/// Row `i`'s terms of [`gram_inner`]: `K_ii L_ii` and `Σ_{j<i} K_ij L_ij`.
fn gram_row<T: Scalar>(m: &[T], p: usize, nn: &[T], q: usize, i: usize) -> (T, T) {
    let (mi, ni) = (&m[i * p..(i + 1) * p], &nn[i * q..(i + 1) * q]);
    let mut off = T::zero();
    for (mj, nj) in m.chunks_exact(p).zip(nn.chunks_exact(q)).take(i) {
        off = off + dot(mi, mj) * dot(ni, nj);
    }
    (dot(mi, mi) * dot(ni, ni), off)
}

/// `Σ_ij K_ij L_ij` for the Gram matrices `K = M Mᵀ`, `L = N Nᵀ`, computed
/// one row of `K` and `L` at a time (`O(n)` extra memory without the
/// `parallel` feature; with it, the rows' terms are computed on rayon's
/// threads and summed in row order, the same bits).
fn gram_inner<T: Scalar>(m: &[T], p: usize, nn: &[T], q: usize) -> T {
    let n = m.len() / p;
    let add = |total: T, (diag, off): (T, T)| total + diag + off + off;
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        let rows: Vec<(T, T)> = (0..n)
            .into_par_iter()
            .map(|i| gram_row(m, p, nn, q, i))
            .collect();
        rows.into_iter().fold(T::zero(), add)
    }
    #[cfg(not(feature = "parallel"))]
    (0..n)
        .map(|i| gram_row(m, p, nn, q, i))
        .fold(T::zero(), add)
}

/// Linear CKA of the `n × dx` matrix `X` of the points of `x` and the
/// `n × dy` matrix `Y` of those of `y`: `‖XᵀY‖_F² / (‖XᵀX‖_F ‖YᵀY‖_F)`
/// with centered columns.
///
/// Equals 1 when `Y = s X Q + b` for an orthogonal `Q`, a scale `s ≠ 0` and
/// a shift `b`; lies in `[0, 1]`. Computed from the `dx × dy` cross-covariance
/// when the dimensions are at most `n`, from the `n × n` Gram matrices (one
/// row at a time, `O(n)` extra memory) otherwise.
///
/// # Errors
/// [`Error::ShapeMismatch`] (naming `y`) when `y` does not have as many
/// points as `x`; [`Error::Degenerate`] (naming `x` or `y`) when all points
/// of a set coincide.
pub fn linear_cka<T: Scalar>(x: &PointCloud<'_, T>, y: &PointCloud<'_, T>) -> Result<T> {
    let n = paired_rows(x, y)?;
    let (dx, dy) = (x.dim(), y.dim());
    let cx = centered(x.as_slice(), dx);
    let cy = centered(y.as_slice(), dy);
    let (xy, xx, yy) = if dx.max(dy) <= n {
        (
            cross_sq_norm(&cx, dx, &cy, dy),
            cross_sq_norm(&cx, dx, &cx, dx),
            cross_sq_norm(&cy, dy, &cy, dy),
        )
    } else {
        (
            gram_inner(&cx, dx, &cy, dy),
            gram_inner(&cx, dx, &cx, dx),
            gram_inner(&cy, dy, &cy, dy),
        )
    };
    if xx <= T::zero() {
        return Err(all_coincide("x"));
    }
    if yy <= T::zero() {
        return Err(all_coincide("y"));
    }
    let denom = (xx * yy).sqrt();
    if denom.is_nan() || denom <= T::zero() {
        return Err(Error::Degenerate {
            what: "x and y",
            reason: "the CKA normalisation under- or overflows",
        });
    }
    Ok(xy / denom)
}

/// Median of the off-diagonal entries `i < j` of a symmetric `n × n`
/// matrix (the mean of the two middle values for an even count).
fn median_off_diagonal<T: Scalar>(d: &[T], n: usize) -> T {
    let mut v: Vec<T> = (0..n)
        .flat_map(|i| (0..i).map(move |j| d[i * n + j]))
        .collect();
    let m = v.len();
    let cmp = |a: &T, b: &T| a.total_cmp(b);
    let (_, &mut upper, _) = v.select_nth_unstable_by(m / 2, cmp);
    if m % 2 == 1 {
        upper
    } else {
        let lower = v[..m / 2]
            .iter()
            .copied()
            .fold(T::neg_infinity(), |a, b| a.max(b));
        (lower + upper) * T::of(0.5)
    }
}

/// Double-centres a symmetric `n × n` matrix in place: `K ← H K H` with
/// `H = I - 11ᵀ/n` (rows on rayon's threads with the `parallel` feature;
/// every entry is computed alike).
fn double_center<T: Scalar>(k: &mut [T], n: usize) {
    let inv_n = T::one() / T::of_usize(n);
    let mean = |r: &[T]| r.iter().copied().fold(T::zero(), |s, v| s + v) * inv_n;
    #[cfg(feature = "parallel")]
    let means: Vec<T> = {
        use rayon::prelude::*;
        k.par_chunks(n).map(mean).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let means: Vec<T> = k.chunks_exact(n).map(mean).collect();
    let total = means.iter().copied().fold(T::zero(), |s, v| s + v) * inv_n;
    let center = |(i, row): (usize, &mut [T])| {
        for (j, v) in row.iter_mut().enumerate() {
            *v = *v - means[i] - means[j] + total;
        }
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        k.par_chunks_mut(n).enumerate().for_each(center);
    }
    #[cfg(not(feature = "parallel"))]
    k.chunks_exact_mut(n).enumerate().for_each(center);
}

/// Centred RBF Gram matrix `H K H` with `K_ij = exp(-d_ij² / (2σ²))` and
/// `σ = fraction × median_{i<j} d_ij`; `what` names the set in errors.
fn centred_rbf_gram<T: Scalar>(
    what: &'static str,
    cloud: &PointCloud<'_, T>,
    fraction: T,
) -> Result<Vec<T>> {
    let n = cloud.n_points();
    let mut k = distance_matrix(cloud)?;
    let sigma = fraction * median_off_diagonal(&k, n);
    if sigma.is_nan() || sigma <= T::zero() {
        return Err(Error::Degenerate {
            what,
            reason: "the median pairwise distance is 0",
        });
    }
    let c = T::one() / (T::of(2.0) * sigma * sigma);
    let kernel = |v: &mut T| *v = (-(*v * *v) * c).exp();
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        k.par_iter_mut().for_each(kernel);
    }
    #[cfg(not(feature = "parallel"))]
    k.iter_mut().for_each(kernel);
    double_center(&mut k, n);
    Ok(k)
}

/// RBF (Gaussian kernel) CKA: `⟨HKH, HLH⟩_F / (‖HKH‖_F ‖HLH‖_F)` with
/// `K_ij = exp(-‖x_i - x_j‖² / (2σ_x²))` and likewise `L` for `y`.
///
/// The bandwidth of each set is `σ = sigma_fraction × (median of its
/// pairwise distances over the pairs i < j)`, so the value is invariant to
/// orthogonal maps, isotropic scaling and shifts of either set. (Kornblith et
/// al.'s reference code takes the median of all `n²` squared distances,
/// diagonal zeros included; for large `n` the two agree closely.) Uses
/// `O(n²)` memory.
///
/// # Errors
/// As [`linear_cka`](crate::representations::similarity::cka::linear_cka), plus [`Error::InvalidParameter`] if `sigma_fraction`
/// is not finite and positive, [`Error::Degenerate`] (naming `x` or `y`) if
/// a median distance is 0 (which includes `n = 1`).
///
/// ```
/// use toporeg::rbf_cka;
/// use toporeg::PointCloud;
/// let xs = [0.0, 0.0, 1.0, 0.0, 0.0, 2.0, 3.0, 1.0];
/// let ys: Vec<f64> = xs.iter().map(|v| 4.0 * v + 1.0).collect();
/// let (x, y) = (PointCloud::new(&xs, 2)?, PointCloud::new(&ys, 2)?);
/// assert!((rbf_cka(&x, &y, 0.5)? - 1.0).abs() < 1e-12);
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn rbf_cka<T: Scalar>(
    x: &PointCloud<'_, T>,
    y: &PointCloud<'_, T>,
    sigma_fraction: f64,
) -> Result<T> {
    check::positive("sigma_fraction", sigma_fraction)?;
    paired_rows(x, y)?;
    let f = T::of(sigma_fraction);
    let k = centred_rbf_gram("x", x, f)?;
    let l = centred_rbf_gram("y", y, f)?;
    let kl = dot(&k, &l);
    let (kk, ll) = (dot(&k, &k), dot(&l, &l));
    let zero_kernel = |what| Error::Degenerate {
        what,
        reason: "its centred kernel matrix is 0",
    };
    if kk <= T::zero() {
        return Err(zero_kernel("x"));
    }
    if ll <= T::zero() {
        return Err(zero_kernel("y"));
    }
    let denom = (kk * ll).sqrt();
    if denom.is_nan() || denom <= T::zero() {
        return Err(Error::Degenerate {
            what: "x and y",
            reason: "the CKA normalisation under- or overflows",
        });
    }
    Ok(kl / denom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::representations::relative::tests::{matmul, random_orthogonal};
    use crate::representations::similarity::test_data::*;
    use crate::rng::SplitMix64;
    use crate::testing::TestData;
    use proptest::prelude::*;

    #[test]
    fn cka_matches_numpy() {
        assert!((linear_cka(&pc(&X, 3), &pc(&Y, 3)).unwrap() - NUMPY_LINEAR_CKA).abs() < 1e-12);
        assert!((rbf_cka(&pc(&X, 3), &pc(&Y, 3), 0.8).unwrap() - NUMPY_RBF_CKA).abs() < 1e-12);
    }

    /// CKA straight from the definition with `n × n` centring matrices.
    fn naive_linear_cka(x: &[f64], dx: usize, y: &[f64], dy: usize) -> f64 {
        let n = x.len() / dx;
        let gram = |m: &[f64], d: usize| -> Vec<f64> {
            let mut k = vec![0.0; n * n];
            for i in 0..n {
                for j in 0..n {
                    k[i * n + j] = (0..d).map(|t| m[i * d + t] * m[j * d + t]).sum();
                }
            }
            let h: Vec<f64> = (0..n * n)
                .map(|e| f64::from(u8::from(e / n == e % n)) - 1.0 / n as f64)
                .collect();
            matmul(&matmul(&h, &k, n, n), &h, n, n)
        };
        let k = gram(x, dx);
        let l = gram(y, dy);
        let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(p, q)| p * q).sum::<f64>();
        dot(&k, &l) / (dot(&k, &k) * dot(&l, &l)).sqrt()
    }

    /// The Gram sums and the centring are the sequential loops' values bit
    /// for bit (with the `parallel` feature, whatever the thread count).
    #[test]
    fn grams_are_the_sequential_sums_bit_for_bit() {
        let mut rng = SplitMix64::new(5);
        for (n, p, q) in [(37, 5, 7), (9, 40, 23), (1, 3, 2)] {
            let m = rng.normals(n * p);
            let nn = rng.normals(n * q);
            let mut acc = vec![0.0; p * q];
            for (mr, nr) in m.chunks_exact(p).zip(nn.chunks_exact(q)) {
                for (a, &mv) in mr.iter().enumerate() {
                    for (b, &nv) in nr.iter().enumerate() {
                        acc[a * q + b] += mv * nv;
                    }
                }
            }
            let cross = acc.iter().fold(0.0, |s, v| s + v * v);
            let mut inner = 0.0;
            for i in 0..n {
                let (mi, ni) = (&m[i * p..(i + 1) * p], &nn[i * q..(i + 1) * q]);
                inner += dot(mi, mi) * dot(ni, ni);
                let mut off = 0.0;
                for j in 0..i {
                    off += dot(mi, &m[j * p..(j + 1) * p]) * dot(ni, &nn[j * q..(j + 1) * q]);
                }
                inner = inner + off + off;
            }
            let mut k = rng.normals(n * n);
            let means: Vec<f64> = k
                .chunks_exact(n)
                .map(|r| r.iter().fold(0.0, |s, v| s + v) * (1.0 / n as f64))
                .collect();
            let total = means.iter().fold(0.0, |s, v| s + v) * (1.0 / n as f64);
            let centred: Vec<u64> = (0..n * n)
                .map(|e| (k[e] - means[e / n] - means[e % n] + total).to_bits())
                .collect();
            let check = |k: &mut Vec<f64>| {
                assert_eq!(cross_sq_norm(&m, p, &nn, q).to_bits(), cross.to_bits());
                assert_eq!(gram_inner(&m, p, &nn, q).to_bits(), inner.to_bits());
                let mut c = k.clone();
                double_center(&mut c, n);
                assert_eq!(c.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), centred);
            };
            check(&mut k);
            #[cfg(feature = "parallel")]
            for threads in [1, 3] {
                crate::testing::thread_pool(threads).install(|| check(&mut k));
            }
        }
    }

    /// CKA on 1 and 3 threads: the same bits.
    #[cfg(feature = "parallel")]
    #[test]
    fn cka_on_threads_is_the_same_bits() {
        let mut rng = SplitMix64::new(8);
        let (x, y) = (rng.normals(300 * 6), rng.normals(300 * 4));
        let (wx, wy) = (rng.normals(20 * 50), rng.normals(20 * 30));
        let run = |threads| {
            crate::testing::thread_pool(threads).install(|| {
                [
                    linear_cka(&pc(&x, 6), &pc(&y, 4)).unwrap(),
                    linear_cka(&pc(&wx, 50), &pc(&wy, 30)).unwrap(),
                    rbf_cka(&pc(&x, 6), &pc(&y, 4), 0.7).unwrap(),
                ]
                .map(f64::to_bits)
            })
        };
        assert_eq!(run(1), run(3));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn cka_is_one_under_scaled_orthogonal_maps(
            seed in any::<u64>(), n in 3usize..15, d in 1usize..6, s in 0.01f64..50.0,
        ) {
            let mut rng = SplitMix64::new(seed);
            let x = rng.normals(n * d);
            let q = random_orthogonal(d, &mut rng);
            let y: Vec<f64> = matmul(&x, &q, d, d).iter().map(|v| s * v + 1.5).collect();
            prop_assert!((linear_cka(&pc(&x, d), &pc(&y, d)).unwrap() - 1.0).abs() < 1e-10);
            prop_assert!((rbf_cka(&pc(&x, d), &pc(&y, d), 0.7).unwrap() - 1.0).abs() < 1e-10);
        }

        #[test]
        fn linear_cka_agrees_with_the_definition_in_both_forms(
            seed in any::<u64>(), n in 2usize..8, dx in 1usize..12, dy in 1usize..12,
        ) {
            let mut rng = SplitMix64::new(seed);
            let x = rng.normals(n * dx);
            let y = rng.normals(n * dy);
            let v = linear_cka(&pc(&x, dx), &pc(&y, dy)).unwrap();
            prop_assert!((v - naive_linear_cka(&x, dx, &y, dy)).abs() < 1e-10);
            prop_assert!((-1e-12..=1.0 + 1e-12).contains(&v));
        }
    }
}
