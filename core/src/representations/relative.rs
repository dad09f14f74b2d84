//! Relative representations: a batch described by its similarities to a set
//! of anchors, forward and backward.
//!
//! For a batch `Z` (`n × d`, row-major) and anchors `A` (`k × d`) the
//! relative transform is the `n × k` table `T_ij = s(z_i, a_j)` for a
//! similarity `s` chosen with [`Similarity`]:
//!
//! | [`Similarity`] | `s(z, a)` | invariant to (same map on `Z` and `A`) |
//! |---|---|---|
//! | `Cosine` (default) | `⟨z, a⟩ / (‖z‖_ε ‖a‖_ε)` | orthogonal maps, isotropic scaling |
//! | `Dot` | `⟨z, a⟩` | orthogonal maps |
//! | `NegativeEuclidean` | `-‖z - a‖` | orthogonal maps, translations |
//! | `InverseEuclidean` | `1 / (1 + ‖z - a‖)` | orthogonal maps, translations |
//!
//! `‖v‖_ε = max(‖v‖, norm_eps)`: a zero (or tiny) vector has cosine 0 with
//! everything and a finite gradient, never NaN. Where a Euclidean similarity
//! is not differentiable (`z = a`), the backward pass uses the subgradient 0.
//!
//! **Robust** relative transform ([`RelativeParams::robust`]): before the
//! similarity, every latent coordinate `c` of the batch is standardized over
//! the batch, `ẑ_ic = (z_ic - μ_c) / sqrt(σ²_c + var_eps)` with the batch
//! mean `μ_c` and the biased (population) variance `σ²_c`, without affine
//! parameters (batch normalization in training mode with `affine = false`);
//! the anchors are standardized the same way over the anchor set, with their
//! own statistics. The result is then also invariant, up to the relative
//! effect `var_eps / σ²_c` of the epsilon, to positive scaling of single
//! coordinates, shifts, and permutations of the coordinates. A coordinate
//! that is constant over the batch becomes 0; a batch of one row becomes the
//! zero vector (cosine 0 with every anchor).
//!
//! The backward pass ([`RelativeTransform::backward`]) is the
//! vector–Jacobian product: given `dL/dT` (`n × k`) it returns `dL/dZ`
//! (`n × d`) and `dL/dA` (`k × d`), through the standardization when robust.
//!
//! The batch and the anchors are [`PointCloud`]s with the same number of
//! coordinates; [`RelativeParams::check`] gives the checked [`Relative`],
//! whose [`Relative::forward`] computes a [`RelativeTransform`].
//!
//! ```
//! use toporeg::{relative, RelativeParams};
//! use toporeg::PointCloud;
//! let z = [1.0_f64, 0.0, 0.0, 2.0]; // two points in R²
//! let a = [3.0, 0.0, 1.0, 1.0]; // two anchors
//! let (batch, anchors) = (PointCloud::new(&z, 2)?, PointCloud::new(&a, 2)?);
//! let t = relative(&batch, &anchors, &RelativeParams::new())?;
//! let r = 0.5_f64.sqrt();
//! assert!((t[0] - 1.0).abs() < 1e-12 && (t[1] - r).abs() < 1e-12);
//! assert!((t[2] - 0.0).abs() < 1e-12 && (t[3] - r).abs() < 1e-12);
//! # Ok::<(), toporeg::Error>(())
//! ```

use alloc::vec;
use alloc::vec::Vec;

use crate::check;
use crate::error::{Error, Result};
use crate::persistence::metric::{dot, squared_euclidean};
use crate::persistence::points::PointCloud;
use crate::scalar::Scalar;

/// The similarity function of a relative transform (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Similarity {
    /// `⟨z, a⟩ / (max(‖z‖, ε) max(‖a‖, ε))`.
    #[default]
    Cosine,
    /// `⟨z, a⟩`.
    Dot,
    /// `-‖z - a‖`.
    NegativeEuclidean,
    /// `1 / (1 + ‖z - a‖)`.
    InverseEuclidean,
}

/// Parameters of a relative transform, checked into a [`Relative`] by
/// [`RelativeParams::check`].
///
/// ```
/// use toporeg::{RelativeParams, Similarity};
/// let p = RelativeParams::new().robust(true).similarity(Similarity::Cosine).var_eps(1e-6);
/// let relative = p.check()?;
/// assert!(relative.robust() && relative.var_eps() == 1e-6);
/// assert!(RelativeParams::new().norm_eps(0.0).check().is_err());
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RelativeParams {
    /// Similarity function (default [`Similarity::Cosine`]).
    pub similarity: Similarity,
    /// Standardize the coordinates first (default `false`).
    pub robust: bool,
    /// Lower bound on the norms in the cosine (default `1e-8`; `> 0`).
    pub norm_eps: f64,
    /// Added to the variance in the robust standardization (default `1e-5`,
    /// as in batch normalization; `> 0`).
    pub var_eps: f64,
}

impl Default for RelativeParams {
    fn default() -> Self {
        Self {
            similarity: Similarity::Cosine,
            robust: false,
            norm_eps: 1e-8,
            var_eps: 1e-5,
        }
    }
}

impl RelativeParams {
    /// The defaults: plain cosine relative transform.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the similarity function.
    pub fn similarity(mut self, similarity: Similarity) -> Self {
        self.similarity = similarity;
        self
    }

    /// Switches the robust (standardized) transform on or off.
    pub fn robust(mut self, robust: bool) -> Self {
        self.robust = robust;
        self
    }

    /// Sets the lower bound on norms in the cosine.
    pub fn norm_eps(mut self, eps: f64) -> Self {
        self.norm_eps = eps;
        self
    }

    /// Sets the epsilon added to the variance of the robust standardization.
    pub fn var_eps(mut self, eps: f64) -> Self {
        self.var_eps = eps;
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] if an epsilon is not finite and positive.
    pub fn check(self) -> Result<Relative> {
        check::positive("norm_eps", self.norm_eps)?;
        check::positive("var_eps", self.var_eps)?;
        Ok(Relative { params: self })
    }
}

/// Checked [`RelativeParams`]: the relative transform itself.
///
/// ```
/// use toporeg::RelativeParams;
/// use toporeg::PointCloud;
/// let z = [1.0, 2.0, -1.0, 0.5, 0.0, 3.0];
/// let a = [1.0, 0.0, 0.0, 1.0];
/// let relative = RelativeParams::new().robust(true).check()?;
/// let t = relative.forward(&PointCloud::new(&z, 2)?, &PointCloud::new(&a, 2)?)?;
/// assert_eq!((t.rows(), t.anchors()), (3, 2));
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Relative {
    params: RelativeParams,
}

impl Relative {
    /// The similarity function.
    pub fn similarity(&self) -> Similarity {
        self.params.similarity
    }

    /// Whether the coordinates are standardized first.
    pub fn robust(&self) -> bool {
        self.params.robust
    }

    /// The lower bound on norms in the cosine.
    pub fn norm_eps(&self) -> f64 {
        self.params.norm_eps
    }

    /// The epsilon added to the variance of the robust standardization.
    pub fn var_eps(&self) -> f64 {
        self.params.var_eps
    }

    /// Computes the relative transform of `batch` (`n` points) with respect
    /// to `anchors` (`k` points), keeping what the backward pass needs.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] (naming `anchors`) when the anchors do not
    /// have as many coordinates as the points of the batch. Empty, ragged or
    /// non-finite inputs are rejected earlier, by [`PointCloud::new`].
    pub fn forward<T: Scalar>(
        &self,
        batch: &PointCloud<'_, T>,
        anchors: &PointCloud<'_, T>,
    ) -> Result<RelativeTransform<T>> {
        let params = &self.params;
        let dim = batch.dim();
        if anchors.dim() != dim {
            return Err(Error::ShapeMismatch {
                what: "anchors (coordinates per point, as the batch)",
                expected: dim,
                found: anchors.dim(),
            });
        }
        let (z, anchors) = (batch.as_slice(), anchors.as_slice());
        let (n, k) = (z.len() / dim, anchors.len() / dim);
        let (zz, z_std, aa, a_std) = if params.robust {
            let eps = T::of(params.var_eps);
            let sz = standardize(z, dim, eps);
            let sa = standardize(anchors, dim, eps);
            (sz.rows, Some(sz.scale), sa.rows, Some(sa.scale))
        } else {
            (z.to_vec(), None, anchors.to_vec(), None)
        };
        let eps = T::of(params.norm_eps);
        let norms = |m: &[T]| -> Vec<T> {
            if params.similarity == Similarity::Cosine {
                m.chunks_exact(dim)
                    .map(|r| dot(r, r).sqrt().max(eps))
                    .collect()
            } else {
                Vec::new()
            }
        };
        let z_norm = norms(&zz);
        let a_norm = norms(&aa);
        let mut values = Vec::with_capacity(n * k);
        for (i, zi) in zz.chunks_exact(dim).enumerate() {
            for (j, aj) in aa.chunks_exact(dim).enumerate() {
                let v = match params.similarity {
                    Similarity::Cosine => dot(zi, aj) / (z_norm[i] * a_norm[j]),
                    Similarity::Dot => dot(zi, aj),
                    Similarity::NegativeEuclidean => -squared_euclidean(zi, aj).sqrt(),
                    Similarity::InverseEuclidean => {
                        T::one() / (T::one() + squared_euclidean(zi, aj).sqrt())
                    }
                };
                values.push(v);
            }
        }
        Ok(RelativeTransform {
            params: *params,
            dim,
            n,
            k,
            z: zz,
            a: aa,
            z_std,
            a_std,
            z_norm,
            a_norm,
            values,
        })
    }
}

/// Gradients of a loss with respect to the inputs of a relative transform.
#[derive(Debug, Clone, PartialEq)]
pub struct RelativeGradient<T> {
    /// `dL/dZ`, `n × d` row-major.
    pub batch: Vec<T>,
    /// `dL/dA`, `k × d` row-major.
    pub anchors: Vec<T>,
}

/// Per-coordinate standardization of a set of rows: the standardized rows
/// and `sqrt(σ² + eps)` per coordinate (kept for the backward pass).
#[derive(Debug, Clone)]
struct Standardized<T> {
    rows: Vec<T>,
    scale: Vec<T>,
}

fn standardize<T: Scalar>(data: &[T], dim: usize, eps: T) -> Standardized<T> {
    let n = data.len() / dim;
    let inv_n = T::one() / T::of_usize(n);
    let mut mean = vec![T::zero(); dim];
    for row in data.chunks_exact(dim) {
        for (m, &v) in mean.iter_mut().zip(row) {
            *m = *m + v;
        }
    }
    for m in &mut mean {
        *m = *m * inv_n;
    }
    let mut var = vec![T::zero(); dim];
    for row in data.chunks_exact(dim) {
        for ((s, &v), &m) in var.iter_mut().zip(row).zip(&mean) {
            *s = *s + (v - m) * (v - m);
        }
    }
    let scale: Vec<T> = var.iter().map(|&s| (s * inv_n + eps).sqrt()).collect();
    let mut rows = Vec::with_capacity(data.len());
    for row in data.chunks_exact(dim) {
        rows.extend(
            row.iter()
                .zip(&mean)
                .zip(&scale)
                .map(|((&v, &m), &s)| (v - m) / s),
        );
    }
    Standardized { rows, scale }
}

/// Backward pass of [`standardize`]: turns `dL/dẑ` into `dL/dz` in place,
/// `dL/dz_ic = (g_ic - mean_i g_ic - ẑ_ic mean_i(g_ic ẑ_ic)) / s_c`.
fn standardize_backward<T: Scalar>(grad: &mut [T], rows: &[T], scale: &[T], dim: usize) {
    let n = grad.len() / dim;
    let inv_n = T::one() / T::of_usize(n);
    let mut mean_g = vec![T::zero(); dim];
    let mut mean_gz = vec![T::zero(); dim];
    for (g, z) in grad.chunks_exact(dim).zip(rows.chunks_exact(dim)) {
        for c in 0..dim {
            mean_g[c] = mean_g[c] + g[c];
            mean_gz[c] = mean_gz[c] + g[c] * z[c];
        }
    }
    for c in 0..dim {
        mean_g[c] = mean_g[c] * inv_n;
        mean_gz[c] = mean_gz[c] * inv_n;
    }
    for (g, z) in grad.chunks_exact_mut(dim).zip(rows.chunks_exact(dim)) {
        for c in 0..dim {
            g[c] = (g[c] - mean_g[c] - z[c] * mean_gz[c]) / scale[c];
        }
    }
}

/// A computed relative transform ([`Relative::forward`]), holding what its
/// backward pass needs.
///
/// ```
/// use toporeg::RelativeParams;
/// use toporeg::PointCloud;
/// let z = [1.0, 2.0, -1.0, 0.5, 0.0, 3.0];
/// let a = [1.0, 0.0, 0.0, 1.0];
/// let (batch, anchors) = (PointCloud::new(&z, 2)?, PointCloud::new(&a, 2)?);
/// let t = RelativeParams::new().robust(true).check()?.forward(&batch, &anchors)?;
/// assert_eq!((t.rows(), t.anchors()), (3, 2));
/// let g = t.backward(&[1.0; 6])?; // dL/dT for L = sum of all entries
/// assert_eq!((g.batch.len(), g.anchors.len()), (6, 4));
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct RelativeTransform<T> {
    params: RelativeParams,
    dim: usize,
    n: usize,
    k: usize,
    /// The batch as the similarity sees it (standardized when robust).
    z: Vec<T>,
    /// The anchors as the similarity sees them.
    a: Vec<T>,
    z_std: Option<Vec<T>>,
    a_std: Option<Vec<T>>,
    /// `max(‖z_i‖, ε)` and `max(‖a_j‖, ε)` (cosine only).
    z_norm: Vec<T>,
    a_norm: Vec<T>,
    values: Vec<T>,
}

impl<T: Scalar> RelativeTransform<T> {
    /// The `n × k` table, row-major: `values()[i * k + j] = s(z_i, a_j)`.
    pub fn values(&self) -> &[T] {
        &self.values
    }

    /// The table, consumed.
    pub fn into_values(self) -> Vec<T> {
        self.values
    }

    /// Number of rows of the batch (`n`).
    pub fn rows(&self) -> usize {
        self.n
    }

    /// Number of anchors (`k`).
    pub fn anchors(&self) -> usize {
        self.k
    }

    /// Vector–Jacobian product: from `dL/dT` (`n × k`, row-major) to
    /// `dL/dZ` and `dL/dA`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] if `grad.len() != n * k`,
    /// [`Error::NonFinite`] for NaN or infinite entries (both naming `grad`).
    pub fn backward(&self, grad: &[T]) -> Result<RelativeGradient<T>> {
        check::len("grad (n × k entries)", self.n * self.k, grad.len())?;
        check::finite("grad", grad)?;
        let (dim, k) = (self.dim, self.k);
        let mut gz = vec![T::zero(); self.n * dim];
        let mut ga = vec![T::zero(); k * dim];
        let eps = T::of(self.params.norm_eps);
        for (i, zi) in self.z.chunks_exact(dim).enumerate() {
            let gzi = &mut gz[i * dim..(i + 1) * dim];
            for (j, aj) in self.a.chunks_exact(dim).enumerate() {
                let g = grad[i * k + j];
                if g == T::zero() {
                    continue;
                }
                let t = self.values[i * k + j];
                let gaj = &mut ga[j * dim..(j + 1) * dim];
                match self.params.similarity {
                    Similarity::Cosine => {
                        let (nz, na) = (self.z_norm[i], self.a_norm[j]);
                        // d/dz [⟨z,a⟩ / (‖z‖_ε ‖a‖_ε)] = a/(‖z‖_ε‖a‖_ε) - T z/‖z‖² (the
                        // second term only where the norm is not clamped).
                        let cz = if nz > eps { t / (nz * nz) } else { T::zero() };
                        let ca = if na > eps { t / (na * na) } else { T::zero() };
                        let c = g / (nz * na);
                        for t in 0..dim {
                            gzi[t] = gzi[t] + c * aj[t] - g * cz * zi[t];
                            gaj[t] = gaj[t] + c * zi[t] - g * ca * aj[t];
                        }
                    }
                    Similarity::Dot => {
                        for c in 0..dim {
                            gzi[c] = gzi[c] + g * aj[c];
                            gaj[c] = gaj[c] + g * zi[c];
                        }
                    }
                    Similarity::NegativeEuclidean | Similarity::InverseEuclidean => {
                        let r = squared_euclidean(zi, aj).sqrt();
                        if r == T::zero() {
                            continue;
                        }
                        // dT/dr: -1 for -r, -T² for 1/(1+r); dr/dz = (z-a)/r.
                        let dt_dr = if self.params.similarity == Similarity::NegativeEuclidean {
                            -T::one()
                        } else {
                            -t * t
                        };
                        let c = g * dt_dr / r;
                        for t in 0..dim {
                            let diff = zi[t] - aj[t];
                            gzi[t] = gzi[t] + c * diff;
                            gaj[t] = gaj[t] - c * diff;
                        }
                    }
                }
            }
        }
        if let (Some(sz), Some(sa)) = (&self.z_std, &self.a_std) {
            standardize_backward(&mut gz, &self.z, sz, dim);
            standardize_backward(&mut ga, &self.a, sa, dim);
        }
        Ok(RelativeGradient {
            batch: gz,
            anchors: ga,
        })
    }
}

/// The relative transform of `batch` (`n` points) with respect to `anchors`
/// (`k` points): the `n × k` table, row-major. Shorthand for
/// `params.check()?.forward(batch, anchors)?.into_values()`; the errors are
/// those of [`RelativeParams::check`] and [`Relative::forward`].
pub fn relative<T: Scalar>(
    batch: &PointCloud<'_, T>,
    anchors: &PointCloud<'_, T>,
    params: &RelativeParams,
) -> Result<Vec<T>> {
    Ok(params.check()?.forward(batch, anchors)?.into_values())
}

/// [`relative`] with the robust (standardized) cosine transform and default
/// epsilons.
pub fn robust_relative<T: Scalar>(
    batch: &PointCloud<'_, T>,
    anchors: &PointCloud<'_, T>,
) -> Result<Vec<T>> {
    relative(batch, anchors, &RelativeParams::new().robust(true))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::error::Error;
    use crate::rng::SplitMix64;
    use crate::testing::TestData;
    use proptest::prelude::*;

    /// A random orthogonal `d × d` matrix (row-major): the product of `d`
    /// Householder reflections `I - 2 v vᵀ / ‖v‖²` with Gaussian `v`.
    pub(crate) fn random_orthogonal(d: usize, rng: &mut SplitMix64) -> Vec<f64> {
        let mut q = vec![0.0; d * d];
        for i in 0..d {
            q[i * d + i] = 1.0;
        }
        for _ in 0..d {
            let v = rng.normals(d);
            let vv: f64 = v.iter().map(|x| x * x).sum();
            // q <- q (I - 2 v vᵀ / vv)
            for r in 0..d {
                let qv: f64 = (0..d).map(|c| q[r * d + c] * v[c]).sum();
                for c in 0..d {
                    q[r * d + c] -= 2.0 * qv * v[c] / vv;
                }
            }
        }
        q
    }

    /// `x` (`n × d`) times `m` (`d × e`), row-major.
    pub(crate) fn matmul(x: &[f64], m: &[f64], d: usize, e: usize) -> Vec<f64> {
        x.chunks_exact(d)
            .flat_map(|row| (0..e).map(move |c| (0..d).map(|t| row[t] * m[t * e + c]).sum()))
            .collect()
    }

    fn cloud<T: Scalar>(x: &[T], d: usize) -> PointCloud<'_, T> {
        PointCloud::new(x, d).unwrap()
    }

    /// The transform of two row-major slices with `d` columns, the clouds
    /// built here so that their errors show too.
    fn rel<T: Scalar>(z: &[T], a: &[T], d: usize, p: &RelativeParams) -> Result<Vec<T>> {
        relative(&PointCloud::new(z, d)?, &PointCloud::new(a, d)?, p)
    }

    fn max_diff(a: &[f64], b: &[f64]) -> f64 {
        assert_eq!(a.len(), b.len());
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max)
    }

    #[test]
    fn orthogonal_matrix_is_orthogonal() {
        let d = 5;
        let q = random_orthogonal(d, &mut SplitMix64::new(3));
        let mut qt = vec![0.0; d * d];
        for r in 0..d {
            for c in 0..d {
                qt[c * d + r] = q[r * d + c];
            }
        }
        let id = matmul(&q, &qt, d, d);
        for r in 0..d {
            for c in 0..d {
                let e = if r == c { 1.0 } else { 0.0 };
                assert!((id[r * d + c] - e).abs() < 1e-12);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn cosine_is_invariant_to_rotations_and_scaling(
            seed in any::<u64>(), n in 1usize..12, k in 1usize..6, d in 1usize..7,
            scale in 0.01f64..100.0,
        ) {
            let mut rng = SplitMix64::new(seed);
            let z = rng.normals(n * d);
            let a = rng.normals(k * d);
            let q = random_orthogonal(d, &mut rng);
            let zq: Vec<f64> = matmul(&z, &q, d, d).iter().map(|v| v * scale).collect();
            let aq: Vec<f64> = matmul(&a, &q, d, d).iter().map(|v| v * scale).collect();
            let p = RelativeParams::new();
            let t0 = rel(&z, &a, d, &p).unwrap();
            let t1 = rel(&zq, &aq, d, &p).unwrap();
            prop_assert!(max_diff(&t0, &t1) < 1e-10);
            // The Euclidean and dot similarities are invariant to the rotation alone.
            let zr = matmul(&z, &q, d, d);
            let ar = matmul(&a, &q, d, d);
            for s in [Similarity::Dot, Similarity::NegativeEuclidean, Similarity::InverseEuclidean] {
                let p = RelativeParams::new().similarity(s);
                let t0 = rel(&z, &a, d, &p).unwrap();
                let t1 = rel(&zr, &ar, d, &p).unwrap();
                prop_assert!(max_diff(&t0, &t1) < 1e-10);
            }
        }

        #[test]
        fn robust_is_invariant_to_coordinate_scaling_shifts_and_permutations(
            seed in any::<u64>(), n in 2usize..12, k in 2usize..6, d in 1usize..7,
        ) {
            let mut rng = SplitMix64::new(seed);
            let z = rng.normals(n * d);
            let a = rng.normals(k * d);
            let q = random_orthogonal(d, &mut rng);
            let scales: Vec<f64> = (0..d).map(|_| (4.0 * rng.next_f64() - 2.0).exp()).collect();
            let shifts: Vec<f64> = (0..d).map(|_| 10.0 * rng.gaussian()).collect();
            let mut perm: Vec<usize> = (0..d).collect();
            for i in (1..d).rev() {
                perm.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
            }
            let map = |m: &[f64], sc: f64| -> Vec<f64> {
                m.chunks_exact(d)
                    .flat_map(|r| perm.iter().map(|&c| sc * (scales[c] * r[c] + shifts[c])).collect::<Vec<_>>())
                    .collect()
            };
            // A tiny variance epsilon: exact invariance up to rounding.
            let p = RelativeParams::new().robust(true).var_eps(1e-30);
            let t0 = rel(&z, &a, d, &p).unwrap();
            let t1 = rel(&map(&z, 1.0), &map(&a, 1.0), d, &p).unwrap();
            prop_assert!(max_diff(&t0, &t1) < 1e-10, "{}", max_diff(&t0, &t1));
            // Isotropic scaling and rotations as for the plain transform.
            let zq: Vec<f64> = matmul(&z, &q, d, d).iter().map(|v| v * 3.0).collect();
            let aq: Vec<f64> = matmul(&a, &q, d, d).iter().map(|v| v * 3.0).collect();
            let p = RelativeParams::new();
            prop_assert!(max_diff(&rel(&z, &a, d, &p).unwrap(), &rel(&zq, &aq, d, &p).unwrap()) < 1e-10);
        }
    }

    #[test]
    fn robust_with_default_eps_is_invariant_up_to_the_eps() {
        let mut rng = SplitMix64::new(11);
        let (n, k, d) = (20, 4, 3);
        let z = rng.normals(n * d);
        let a = rng.normals(k * d);
        let z2: Vec<f64> = z.iter().map(|v| 0.5 * v).collect();
        let a2: Vec<f64> = a.iter().map(|v| 0.5 * v).collect();
        let t0 = robust_relative(&cloud(&z, d), &cloud(&a, d)).unwrap();
        let t1 = robust_relative(&cloud(&z2, d), &cloud(&a2, d)).unwrap();
        let diff = max_diff(&t0, &t1);
        assert!(diff < 1e-3, "{diff}");
    }

    #[test]
    fn standardized_batch_has_zero_mean_unit_variance() {
        let mut rng = SplitMix64::new(5);
        let (n, d) = (30, 4);
        let z: Vec<f64> = rng.normals(n * d).iter().map(|v| 3.0 * v + 7.0).collect();
        let s = standardize(&z, d, 1e-30);
        for c in 0..d {
            let col: Vec<f64> = s.rows.iter().skip(c).step_by(d).copied().collect();
            let mean = col.iter().sum::<f64>() / n as f64;
            let var = col.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n as f64;
            assert!(mean.abs() < 1e-12 && (var - 1.0).abs() < 1e-12);
        }
    }

    fn finite_difference_check(params: RelativeParams, seed: u64) {
        let mut rng = SplitMix64::new(seed);
        let (n, k, d) = (5, 3, 4);
        let z = rng.normals(n * d);
        let a = rng.normals(k * d);
        let g = rng.normals(n * k);
        let loss = |z: &[f64], a: &[f64]| -> f64 {
            let t = rel(z, a, d, &params).unwrap();
            t.iter().zip(&g).map(|(x, y)| x * y).sum()
        };
        let grad = params
            .check()
            .unwrap()
            .forward(&cloud(&z, d), &cloud(&a, d))
            .unwrap()
            .backward(&g)
            .unwrap();
        let h = 1e-6;
        for (which, base, analytic) in [(0, &z, &grad.batch), (1, &a, &grad.anchors)] {
            for idx in 0..base.len() {
                let mut plus = base.clone();
                let mut minus = base.clone();
                plus[idx] += h;
                minus[idx] -= h;
                let numeric = if which == 0 {
                    (loss(&plus, &a) - loss(&minus, &a)) / (2.0 * h)
                } else {
                    (loss(&z, &plus) - loss(&z, &minus)) / (2.0 * h)
                };
                let err = (numeric - analytic[idx]).abs();
                assert!(
                    err < 1e-6 * (1.0 + numeric.abs()),
                    "{params:?} input {which} index {idx}: numeric {numeric} analytic {}",
                    analytic[idx]
                );
            }
        }
    }

    #[test]
    fn backward_matches_central_differences() {
        for (seed, s) in [
            Similarity::Cosine,
            Similarity::Dot,
            Similarity::NegativeEuclidean,
            Similarity::InverseEuclidean,
        ]
        .into_iter()
        .enumerate()
        {
            for robust in [false, true] {
                let p = RelativeParams::new().similarity(s).robust(robust);
                finite_difference_check(p, 100 + seed as u64);
            }
        }
    }

    #[test]
    fn zero_vectors_give_finite_values_and_gradients() {
        let z = [0.0, 0.0, 1.0, 1.0];
        let a = [0.0, 0.0, 2.0, 0.0];
        let t = RelativeParams::new()
            .check()
            .unwrap()
            .forward(&cloud(&z, 2), &cloud(&a, 2))
            .unwrap();
        assert_eq!(t.values()[0], 0.0);
        assert!(t.values().iter().all(|v: &f64| v.is_finite()));
        let g = t.backward(&[1.0; 4]).unwrap();
        assert!(g
            .batch
            .iter()
            .chain(&g.anchors)
            .all(|v: &f64| v.is_finite()));
        // A batch of one row is the zero vector after standardization.
        let t = robust_relative(&cloud(&[1.0, 2.0], 2), &cloud(&a, 2)).unwrap();
        assert_eq!(t, vec![0.0, 0.0]);
    }

    #[test]
    fn works_in_f32() {
        let z = [1.0_f32, 0.0, 0.0, 2.0];
        let a = [3.0_f32, 0.0];
        let t = rel(&z, &a, 2, &RelativeParams::new()).unwrap();
        assert!((t[0] - 1.0).abs() < 1e-6 && t[1].abs() < 1e-6);
    }

    #[test]
    fn bad_input_gives_typed_errors() {
        let p = RelativeParams::new();
        let z = [1.0, 2.0, 3.0, 4.0];
        assert!(matches!(
            rel(&z, &[1.0, 2.0, 3.0], 2, &p),
            Err(Error::ShapeMismatch { .. })
        ));
        assert!(matches!(
            rel(&z, &[1.0, f64::NAN], 2, &p),
            Err(Error::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            rel::<f64>(&[], &[1.0, 2.0], 2, &p),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(
            rel(&z, &[1.0, 2.0], 0, &p),
            Err(Error::InvalidParameter { name: "dim", .. })
        ));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                rel(&z, &[1.0, 2.0], 2, &p.norm_eps(bad)),
                Err(Error::InvalidParameter {
                    name: "norm_eps",
                    ..
                })
            ));
            assert!(matches!(
                rel(&z, &[1.0, 2.0], 2, &p.var_eps(bad)),
                Err(Error::InvalidParameter {
                    name: "var_eps",
                    ..
                })
            ));
        }
        // Anchors with another number of coordinates than the batch.
        assert!(matches!(
            relative(&cloud(&z, 2), &cloud(&[1.0, 2.0, 3.0], 3), &p),
            Err(Error::ShapeMismatch {
                what: "anchors (coordinates per point, as the batch)",
                expected: 2,
                found: 3,
            })
        ));
        let t = p
            .check()
            .unwrap()
            .forward(&cloud(&z, 2), &cloud(&[1.0, 2.0], 2))
            .unwrap();
        assert!(matches!(
            t.backward(&[1.0]),
            Err(Error::ShapeMismatch { what, .. }) if what.starts_with("grad")
        ));
        assert!(matches!(
            t.backward(&[1.0, f64::INFINITY]),
            Err(Error::NonFinite { what: "grad", .. })
        ));
    }
}
