//! The persistence scale-space kernel of Reininghaus et al. (PSSK) and its
//! pseudo-distance, with gradients, Gram and distance matrices.
//!
//! For bounded off-diagonal points only, with `q̄ = (q2, q1)`:
//!
//! ```text
//! k_σ(F, G) = 1/(8πσ) Σ_{p∈F, q∈G} [exp(-|p-q|²/(8σ)) - exp(-|p-q̄|²/(8σ))]
//! d_σ(F, G) = sqrt(k_σ(F,F) + k_σ(G,G) - 2 k_σ(F,G))
//! ```
//!
//! Points on the diagonal contribute exactly zero (`p = p̄`), points with an
//! infinite coordinate are skipped and get a zero gradient. Sums run in `f64`
//! whatever the scalar type, with an exponential accurate to a few ulps that
//! the compiler can vectorize.
//!
//! GUDHI's `PersistenceScaleSpaceKernel(bandwidth = h)` is the same kernel
//! with `σ = h²/4`, times the constant `8πσ / (sqrt(2π) h)`.

use alloc::vec;
use alloc::vec::Vec;

use crate::diagrams::diagram::{Diagram, PointKind};
use crate::error::{Error, Result};
use crate::scalar::Scalar;

/// A validated PSSK with scale σ > 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pssk {
    sigma: f64,
}

/// The finite points of a diagram as two coordinate arrays, with the index
/// of each in the diagram.
#[derive(Debug, Clone, Default, PartialEq)]
struct Prepared {
    x: Vec<f64>,
    y: Vec<f64>,
    index: Vec<usize>,
}

impl Prepared {
    fn new<T: Scalar>(d: &Diagram<T>) -> Self {
        let mut p = Prepared::default();
        for (i, &[b, e]) in d.points().iter().enumerate() {
            // Diagonal points add exactly zero; keep only the ones that matter.
            if PointKind::of([b, e]) == PointKind::Finite {
                p.x.push(b.as_f64());
                p.y.push(e.as_f64());
                p.index.push(i);
            }
        }
        p
    }

    /// The points as `[x, y]` pairs, for [`fused`].
    fn pairs(&self) -> Vec<[f64; 2]> {
        self.x.iter().zip(&self.y).map(|(&x, &y)| [x, y]).collect()
    }

    /// Scatters one-sided gradients of the prepared points, times `scale`,
    /// to a gradient over the `len` points of the diagram.
    fn scatter<T: Scalar>(&self, len: usize, grad: &[[f64; 2]], scale: f64) -> Vec<[T; 2]> {
        let mut out = vec![[T::zero(); 2]; len];
        for (&i, g) in self.index.iter().zip(grad) {
            out[i] = [T::of(scale * g[0]), T::of(scale * g[1])];
        }
        out
    }
}

/// `exp(x)` for `x <= 0`, relative error below `2^-51`; branch-free so that
/// loops over it vectorize. Arguments below -708 give 0 (the true value is
/// below `4e-308`).
#[inline(always)]
pub(crate) fn exp_neg(x: f64) -> f64 {
    const LOG2E: f64 = core::f64::consts::LOG2_E;
    const LN2_HI: f64 = 0.693_147_180_369_123_8;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    const SHIFT: f64 = 6_755_399_441_055_744.0; // 1.5 · 2^52
    let keep = if x >= -708.0 { 1.0 } else { 0.0 };
    let x = if x >= -708.0 { x } else { -708.0 };
    let kd = x * LOG2E + SHIFT;
    let bits = kd.to_bits();
    let k = kd - SHIFT;
    let r = x - k * LN2_HI - k * LN2_LO;
    // exp(r) on |r| <= ln2/2 by its Taylor series to degree 13 (Horner);
    // the remainder is below 5e-18.
    let mut p = 1.0 / 6_227_020_800.0;
    p = p * r + 1.0 / 479_001_600.0;
    p = p * r + 1.0 / 39_916_800.0;
    p = p * r + 1.0 / 3_628_800.0;
    p = p * r + 1.0 / 362_880.0;
    p = p * r + 1.0 / 40_320.0;
    p = p * r + 1.0 / 5_040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // The low bits of `bits` hold k (two's complement); 2^k from them.
    let scale = f64::from_bits(bits.wrapping_add(1023) << 52);
    p * scale * keep
}

/// One term of the kernel sum (without the constant factor).
#[inline(always)]
fn term(px: f64, py: f64, qx: f64, qy: f64, c: f64) -> f64 {
    let (dx, dy) = (px - qx, py - qy);
    let (mx, my) = (px - qy, py - qx);
    exp_neg(c * (dx * dx + dy * dy)) - exp_neg(c * (mx * mx + my * my))
}

/// `Σ_q term(p, q)`, in four independent lanes so that the compiler can
/// vectorize it (a single running sum would forbid reordering).
fn row_sum(px: f64, py: f64, gx: &[f64], gy: &[f64], c: f64) -> f64 {
    const LANES: usize = 4;
    let mut acc = [0.0f64; LANES];
    let mut xs = gx.chunks_exact(LANES);
    let mut ys = gy.chunks_exact(LANES);
    for (x, y) in (&mut xs).zip(&mut ys) {
        for l in 0..LANES {
            acc[l] += term(px, py, x[l], y[l], c);
        }
    }
    let mut tail = 0.0;
    for (&qx, &qy) in xs.remainder().iter().zip(ys.remainder()) {
        tail += term(px, py, qx, qy, c);
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

impl Pssk {
    /// A kernel with scale `sigma`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] unless `sigma` is positive and finite.
    pub fn new(sigma: f64) -> Result<Self> {
        let s = sigma;
        if !(s.is_finite() && s > 0.0) {
            return Err(Error::InvalidParameter {
                name: "sigma",
                reason: alloc::format!("must be positive and finite, got {s}"),
            });
        }
        Ok(Self { sigma: s })
    }

    /// The scale σ.
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// `-1/(8σ)`, the factor of the squared distances in the exponents.
    fn exponent(&self) -> f64 {
        -1.0 / (8.0 * self.sigma)
    }

    /// `1/(8πσ)`, the constant in front of the sums.
    fn norm(&self) -> f64 {
        1.0 / (8.0 * core::f64::consts::PI * self.sigma)
    }

    /// `k_σ(F, G)` with its gradient with respect to the points of `F`, in
    /// one pass over the pairs ([`Pssk::kernel`] and [`Pssk::kernel_grad`]
    /// together, each exponential evaluated once).
    ///
    /// ```
    /// use toporeg::{Diagram, Pssk};
    /// let k = Pssk::new(0.25)?;
    /// let f = Diagram::new(vec![[0.0, 1.0], [0.5, 2.0]])?;
    /// let g = Diagram::new(vec![[2.0, 3.0]])?;
    /// let (v, grad): (f64, _) = k.kernel_and_grad(&f, &g);
    /// assert!((v - k.kernel(&f, &g)).abs() < 1e-15);
    /// for (a, b) in grad.iter().zip(&k.kernel_grad(&f, &g)) {
    ///     assert!((a[0] - b[0]).abs() < 1e-15 && (a[1] - b[1]).abs() < 1e-15);
    /// }
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn kernel_and_grad<T: Scalar>(&self, f: &Diagram<T>, g: &Diagram<T>) -> (T, Vec<[T; 2]>) {
        let (pf, pg) = (Prepared::new(f), Prepared::new(g));
        let (k, grad) = fused(self.exponent(), &pf.pairs(), Some(&pg.pairs()));
        let norm = self.norm();
        (T::of(k * norm), pf.scatter(f.len(), &grad, norm))
    }

    /// `g` as the fixed second argument of repeated evaluations
    /// ([`PsskTarget`]): its finite points and `k_σ(G, G)` computed once.
    pub fn target<T: Scalar>(&self, g: &Diagram<T>) -> PsskTarget {
        let points = Prepared::new(g);
        PsskTarget {
            kernel: *self,
            self_kernel: self.raw(&points, &points),
            pairs: points.pairs(),
            points,
        }
    }

    fn raw(&self, f: &Prepared, g: &Prepared) -> f64 {
        let c = -1.0 / (8.0 * self.sigma);
        let mut total = 0.0;
        for (&px, &py) in f.x.iter().zip(&f.y) {
            total += row_sum(px, py, &g.x, &g.y, c);
        }
        total / (8.0 * core::f64::consts::PI * self.sigma)
    }

    /// Gradient of `k_σ(F, G)` with respect to the points of `F`, as `f64`.
    fn raw_grad(&self, f: &Prepared, g: &Prepared, len: usize) -> Vec<[f64; 2]> {
        let c = -1.0 / (8.0 * self.sigma);
        let norm = 1.0 / (8.0 * core::f64::consts::PI * self.sigma);
        let mut out = vec![[0.0; 2]; len];
        for ((&px, &py), &i) in f.x.iter().zip(&f.y).zip(&f.index) {
            let (mut gx, mut gy) = (0.0, 0.0);
            for (&qx, &qy) in g.x.iter().zip(&g.y) {
                let (dx, dy) = (px - qx, py - qy);
                let (mx, my) = (px - qy, py - qx);
                let e1 = exp_neg(c * (dx * dx + dy * dy));
                let e2 = exp_neg(c * (mx * mx + my * my));
                // d/dp exp(c|p-q|²) = 2c (p-q) exp(c|p-q|²).
                gx += 2.0 * c * (e1 * dx - e2 * mx);
                gy += 2.0 * c * (e1 * dy - e2 * my);
            }
            out[i] = [gx * norm, gy * norm];
        }
        out
    }

    /// `k_σ(F, G)`.
    ///
    /// ```
    /// use toporeg::{Diagram, Pssk};
    /// let k = Pssk::new(0.25)?;
    /// let f = Diagram::new(vec![[0.0, 1.0]])?;
    /// let g = Diagram::new(vec![[2.0, 3.0]])?;
    /// let d2: f64 = k.kernel(&f, &f) + k.kernel(&g, &g) - 2.0 * k.kernel(&f, &g);
    /// assert!((d2 - 0.197525).abs() < 1e-6);
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn kernel<T: Scalar>(&self, f: &Diagram<T>, g: &Diagram<T>) -> T {
        T::of(self.raw(&Prepared::new(f), &Prepared::new(g)))
    }

    /// `d_σ(F, G)²`, clamped at 0 against rounding.
    pub fn distance_squared<T: Scalar>(&self, f: &Diagram<T>, g: &Diagram<T>) -> T {
        let (pf, pg) = (Prepared::new(f), Prepared::new(g));
        T::of(self.d2(&pf, &pg))
    }

    fn d2(&self, f: &Prepared, g: &Prepared) -> f64 {
        (self.raw(f, f) + self.raw(g, g) - 2.0 * self.raw(f, g)).max(0.0)
    }

    /// The pseudo-distance `d_σ(F, G)`.
    ///
    /// ```
    /// use toporeg::{Diagram, Pssk};
    /// let k = Pssk::new(0.25)?;
    /// let f = Diagram::new(vec![[0.0, 1.0]])?;
    /// let g = Diagram::new(vec![[2.0, 3.0]])?;
    /// assert!((k.distance(&f, &g) - 0.197525f64.sqrt()).abs() < 1e-6);
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn distance<T: Scalar>(&self, f: &Diagram<T>, g: &Diagram<T>) -> T {
        T::of(libm::sqrt(self.distance_squared(f, g).as_f64()))
    }

    /// Gradient of `k_σ(F, G)` with respect to the points of `F` (by
    /// symmetry, `kernel_grad(g, f)` is the gradient with respect to `G`).
    pub fn kernel_grad<T: Scalar>(&self, f: &Diagram<T>, g: &Diagram<T>) -> Vec<[T; 2]> {
        to_t(self.raw_grad(&Prepared::new(f), &Prepared::new(g), f.len()))
    }

    /// `d_σ(F, G)²` with its gradients with respect to the points of `F` and
    /// of `G`: `∇_F d² = 2 (∇₁k(F,F) - ∇₁k(F,G))`, where `∇₁` differentiates
    /// the first argument only (the kernel is symmetric).
    pub fn distance_squared_and_grad<T: Scalar>(
        &self,
        f: &Diagram<T>,
        g: &Diagram<T>,
    ) -> (T, Vec<[T; 2]>, Vec<[T; 2]>) {
        let (pf, pg) = (Prepared::new(f), Prepared::new(g));
        let d2 = self.d2(&pf, &pg);
        let gf = combine(
            &self.raw_grad(&pf, &pf, f.len()),
            &self.raw_grad(&pf, &pg, f.len()),
        );
        let gg = combine(
            &self.raw_grad(&pg, &pg, g.len()),
            &self.raw_grad(&pg, &pf, g.len()),
        );
        (T::of(d2), to_t(gf), to_t(gg))
    }

    /// `d_σ(F, G)` with its gradients with respect to `F` and `G`
    /// (`∇d = ∇d² / (2d)`; zero gradients when `d = 0`).
    pub fn distance_and_grad<T: Scalar>(
        &self,
        f: &Diagram<T>,
        g: &Diagram<T>,
    ) -> (T, Vec<[T; 2]>, Vec<[T; 2]>) {
        let (d2, gf, gg) = self.distance_squared_and_grad(f, g);
        let d = libm::sqrt(d2.as_f64());
        let s = if d > 0.0 { 0.5 / d } else { 0.0 };
        let scale = |v: Vec<[T; 2]>| -> Vec<[T; 2]> {
            v.into_iter()
                .map(|[a, b]| [T::of(a.as_f64() * s), T::of(b.as_f64() * s)])
                .collect()
        };
        (T::of(d), scale(gf), scale(gg))
    }

    /// The Gram matrix `K[i][j] = k_σ(D_i, D_j)`, row-major `n × n`
    /// (symmetric; each pair computed once). Runs on all cores with the
    /// `parallel` feature.
    ///
    /// ```
    /// use toporeg::{Diagram, Pssk};
    /// let ds = vec![Diagram::new(vec![[0.0, 1.0]])?, Diagram::new(vec![[2.0, 3.0]])?];
    /// let k = Pssk::new(0.25)?;
    /// let gram = k.gram(&ds);
    /// assert_eq!(gram.len(), 4);
    /// assert_eq!(gram[1], gram[2]);
    /// assert_eq!(gram[1], k.kernel(&ds[0], &ds[1]));
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn gram<T: Scalar>(&self, diagrams: &[Diagram<T>]) -> Vec<T> {
        let prepared: Vec<Prepared> = diagrams.iter().map(Prepared::new).collect();
        self.gram_f64(&prepared).into_iter().map(T::of).collect()
    }

    fn gram_f64(&self, p: &[Prepared]) -> Vec<f64> {
        let n = p.len();
        let row = |i: usize| -> Vec<f64> { (i..n).map(|j| self.raw(&p[i], &p[j])).collect() };
        #[cfg(feature = "parallel")]
        let upper: Vec<Vec<f64>> = {
            use rayon::prelude::*;
            (0..n).into_par_iter().map(row).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let upper: Vec<Vec<f64>> = (0..n).map(row).collect();
        let mut out = vec![0.0; n * n];
        for (i, r) in upper.iter().enumerate() {
            for (k, &v) in r.iter().enumerate() {
                let j = i + k;
                out[i * n + j] = v;
                out[j * n + i] = v;
            }
        }
        out
    }

    /// The matrix of pseudo-distances `d_σ(D_i, D_j)`, row-major `n × n`,
    /// from one Gram matrix.
    pub fn distance_matrix<T: Scalar>(&self, diagrams: &[Diagram<T>]) -> Vec<T> {
        let prepared: Vec<Prepared> = diagrams.iter().map(Prepared::new).collect();
        let n = prepared.len();
        let k = self.gram_f64(&prepared);
        let mut out = vec![T::zero(); n * n];
        for i in 0..n {
            for j in 0..n {
                if i != j {
                    let d2 = k[i * n + i] + k[j * n + j] - 2.0 * k[i * n + j];
                    out[i * n + j] = T::of(libm::sqrt(d2.max(0.0)));
                }
            }
        }
        out
    }
}

/// A diagram `G` fixed as the second argument of the PSSK pseudo-distance
/// (the target of a loss), from [`Pssk::target`]: its finite points and
/// `k_σ(G, G)` are computed once, so that each evaluation against a new `F`
/// costs only `k_σ(F, F)` and `k_σ(F, G)`.
///
/// ```
/// use toporeg::{Diagram, Pssk};
/// let k = Pssk::new(0.25)?;
/// let f = Diagram::new(vec![[0.0, 1.0], [0.5, 2.0]])?;
/// let g = Diagram::new(vec![[2.0, 3.0]])?;
/// let target = k.target(&g);
/// let (d2, grad): (f64, _) = target.distance_squared_and_grad(&f);
/// let (want, want_grad, _) = k.distance_squared_and_grad(&f, &g);
/// assert!((d2 - want).abs() < 1e-15);
/// assert!((target.distance_squared(&f) - want).abs() < 1e-15);
/// for (a, b) in grad.iter().zip(&want_grad) {
///     assert!((a[0] - b[0]).abs() < 1e-14 && (a[1] - b[1]).abs() < 1e-14);
/// }
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PsskTarget {
    kernel: Pssk,
    points: Prepared,
    pairs: Vec<[f64; 2]>,
    self_kernel: f64,
}

impl PsskTarget {
    /// The kernel.
    pub fn kernel(&self) -> Pssk {
        self.kernel
    }

    /// `k_σ(G, G)`.
    pub fn self_kernel(&self) -> f64 {
        self.self_kernel
    }

    /// `d_σ(F, G)²`, clamped at 0 against rounding.
    pub fn distance_squared<T: Scalar>(&self, f: &Diagram<T>) -> T {
        let pf = Prepared::new(f);
        let k = &self.kernel;
        T::of((k.raw(&pf, &pf) + self.self_kernel - 2.0 * k.raw(&pf, &self.points)).max(0.0))
    }

    /// `d_σ(F, G)²` (clamped at 0) with its gradient with respect to the
    /// points of `F`, `∇_F d² = 2 (∇₁k(F,F) - ∇₁k(F,G))`, in one pass over
    /// the pairs of `F` and one over `F × G`.
    pub fn distance_squared_and_grad<T: Scalar>(&self, f: &Diagram<T>) -> (T, Vec<[T; 2]>) {
        let (c, norm) = (self.kernel.exponent(), self.kernel.norm());
        let pf = Prepared::new(f);
        let pts = pf.pairs();
        let (kff, own) = fused(c, &pts, None);
        let (kfg, cross) = fused(c, &pts, Some(&self.pairs));
        let value = ((kff - 2.0 * kfg) * norm + self.self_kernel).max(0.0);
        let grad: Vec<[f64; 2]> = own
            .iter()
            .zip(&cross)
            .map(|(a, b)| [a[0] - b[0], a[1] - b[1]])
            .collect();
        (T::of(value), pf.scatter(f.len(), &grad, 2.0 * norm))
    }
}

/// `8πσ · k_σ(F, G)` and `8πσ · ∇₁k_σ(F, G)` (the gradient with respect to
/// the first argument only) in one pass over the pairs, with `G = F` when
/// `g` is `None`, where each unordered pair is visited once (both terms of
/// the kernel are symmetric in `p, q`: `|q - p̄| = |p - q̄|`).
///
/// This is [`Pssk::kernel`] and [`Pssk::kernel_grad`] fused, for
/// [`Pssk::kernel_and_grad`] and [`PsskTarget::distance_squared_and_grad`]
/// (the gradient path of the Reininghaus loss), which need both
/// and would otherwise evaluate every exponential four times; the unit tests
/// check it against them. Pairs go one row at a time, the exponents and then
/// the exponentials (the branch-free [`exp_neg`]) in loops that vectorize,
/// then the sums.
fn fused(c: f64, f: &[[f64; 2]], g: Option<&[[f64; 2]]>) -> (f64, Vec<[f64; 2]>) {
    let born_at_zero = |d: &[[f64; 2]]| d.iter().all(|p| p[0] == 0.0);
    if born_at_zero(f) && g.map_or(true, born_at_zero) {
        return fused_born_at_zero(c, f, g);
    }
    let c2 = 2.0 * c;
    let mut grad = vec![[0.0; 2]; f.len()];
    let mut value = 0.0;
    // one row of pairs at a time: exponents, then exponentials (loops that
    // vectorize), then the sums
    let width = g.map_or(f.len(), <[_]>::len);
    let mut row1 = vec![0.0; width];
    let mut row2 = vec![0.0; width];
    for i in 0..f.len() {
        let p = f[i];
        // against G, or against F from p on (p itself once, later points
        // once for both ends of the pair)
        let qs = g.unwrap_or(&f[i..]);
        let e1 = &mut row1[..qs.len()];
        let e2 = &mut row2[..qs.len()];
        for ((a, b), q) in e1.iter_mut().zip(e2.iter_mut()).zip(qs) {
            let (dx, dy) = (p[0] - q[0], p[1] - q[1]);
            let (mx, my) = (p[0] - q[1], p[1] - q[0]);
            *a = c * (dx * dx + dy * dy);
            *b = c * (mx * mx + my * my);
        }
        for x in e1.iter_mut() {
            *x = exp_neg(*x);
        }
        for x in e2.iter_mut() {
            *x = exp_neg(*x);
        }
        let (mut gx, mut gy) = (0.0, 0.0);
        if g.is_some() {
            for ((&a, &b), q) in e1.iter().zip(e2.iter()).zip(qs) {
                let (dx, dy) = (p[0] - q[0], p[1] - q[1]);
                let (mx, my) = (p[0] - q[1], p[1] - q[0]);
                value += a - b;
                // d/dp exp(c|p-q|²) = 2c (p-q) exp(c|p-q|²)
                gx += c2 * (a * dx - b * mx);
                gy += c2 * (a * dy - b * my);
            }
        } else {
            // q = p: e1 = 1 with no gradient, only the mirror term
            let (mx, my) = (p[0] - p[1], p[1] - p[0]);
            value += e1[0] - e2[0];
            gx -= c2 * e2[0] * mx;
            gy -= c2 * e2[0] * my;
            let later = grad[i + 1..].iter_mut().zip(&qs[1..]);
            for ((gj, q), (&a, &b)) in later.zip(e1[1..].iter().zip(&e2[1..])) {
                let (dx, dy) = (p[0] - q[0], p[1] - q[1]);
                let (mx, my) = (p[0] - q[1], p[1] - q[0]);
                value += 2.0 * (a - b);
                gx += c2 * (a * dx - b * mx);
                gy += c2 * (a * dy - b * my);
                // for q: q - p = -(dx, dy) and q - p̄ = (-my, -mx)
                gj[0] += c2 * (b * my - a * dx);
                gj[1] += c2 * (b * mx - a * dy);
            }
        }
        grad[i][0] += gx;
        grad[i][1] += gy;
    }
    (value, grad)
}

/// [`fused`] for diagrams whose points are all born at 0 (H0 of a
/// Rips filtration). With `p = (0, u)` and `q = (0, v)`, the mirror term
/// factors, `exp(c|p - q̄|²) = exp(c u²) exp(c v²)`, so its sums over `q`
/// are computed once and only `exp(c (u - v)²)` is needed per pair.
fn fused_born_at_zero(c: f64, f: &[[f64; 2]], g: Option<&[[f64; 2]]>) -> (f64, Vec<[f64; 2]>) {
    let c2 = 2.0 * c;
    let u: Vec<f64> = f.iter().map(|p| p[1]).collect();
    let a: Vec<f64> = u.iter().map(|&x| exp_neg(c * x * x)).collect();
    // the direct term: Σ_q exp(c (u - v)²) and Σ_q (u - v) exp(c (u - v)²)
    let mut direct = 0.0;
    let mut slope = vec![0.0; u.len()];
    let (v, b): (Vec<f64>, Vec<f64>) = match g {
        Some(g) => {
            let v: Vec<f64> = g.iter().map(|q| q[1]).collect();
            let b = v.iter().map(|&x| exp_neg(c * x * x)).collect();
            let mut row = vec![0.0; v.len()];
            for (si, &ui) in slope.iter_mut().zip(&u) {
                for (e, &vj) in row.iter_mut().zip(&v) {
                    let d = ui - vj;
                    *e = exp_neg(c * d * d);
                }
                for (&e, &vj) in row.iter().zip(&v) {
                    direct += e;
                    *si += (ui - vj) * e;
                }
            }
            (v, b)
        }
        None => {
            direct = u.len() as f64;
            let mut row = vec![0.0; u.len()];
            for i in 0..u.len() {
                let rest = &u[i + 1..];
                let row = &mut row[..rest.len()];
                for (e, &uj) in row.iter_mut().zip(rest) {
                    let d = u[i] - uj;
                    *e = exp_neg(c * d * d);
                }
                let mut si = 0.0;
                for (k, (&e, &uj)) in row.iter().zip(rest).enumerate() {
                    let de = (u[i] - uj) * e;
                    direct += 2.0 * e;
                    si += de;
                    slope[i + 1 + k] -= de;
                }
                slope[i] += si;
            }
            (u.clone(), a.clone())
        }
    };
    // the mirror term: Σ_q exp(c|p - q̄|²) = a_p Σ_q b_q, with p - q̄ = (-v, u)
    let sum_b: f64 = b.iter().sum();
    let sum_bv: f64 = b.iter().zip(&v).map(|(x, y)| x * y).sum();
    let sum_a: f64 = a.iter().sum();
    let value = direct - sum_a * sum_b;
    let grad = (0..u.len())
        .map(|i| [c2 * a[i] * sum_bv, c2 * (slope[i] - a[i] * u[i] * sum_b)])
        .collect();
    (value, grad)
}

/// `2 (self_grad - cross_grad)`: the gradient of `k(F,F) - 2k(F,G)` from the
/// one-sided gradients (k(F,F) depends on F through both arguments).
fn combine(self_grad: &[[f64; 2]], cross: &[[f64; 2]]) -> Vec<[f64; 2]> {
    self_grad
        .iter()
        .zip(cross)
        .map(|(a, b)| [2.0 * (a[0] - b[0]), 2.0 * (a[1] - b[1])])
        .collect()
}

fn to_t<T: Scalar>(v: Vec<[f64; 2]>) -> Vec<[T; 2]> {
    v.into_iter().map(|[a, b]| [T::of(a), T::of(b)]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SplitMix64;
    use crate::testing::TestData;

    #[test]
    fn fast_exp_is_accurate() {
        let mut x = 0.0;
        while x > -710.0 {
            let want = libm::exp(x);
            let got = exp_neg(x);
            if x >= -708.0 {
                assert!(
                    (got - want).abs() <= 4.0 * f64::EPSILON * want,
                    "{x}: {got} vs {want}"
                );
            } else {
                assert!(got == 0.0 && want < 4e-308);
            }
            x -= 0.013_7;
        }
        assert_eq!(exp_neg(0.0), 1.0);
        assert_eq!(exp_neg(-1e300), 0.0);
        assert_eq!(exp_neg(f64::NEG_INFINITY), 0.0);
    }

    #[test]
    fn reference_value() {
        let k = Pssk::new(0.25).unwrap();
        let f = Diagram::new(vec![[0.0, 1.0]]).unwrap();
        let g = Diagram::new(vec![[2.0, 3.0]]).unwrap();
        assert!((k.distance_squared(&f, &g) - 0.197_525_f64).abs() < 1e-6);
        let (d2, _, _) = k.distance_squared_and_grad(&f, &g);
        assert!((d2 - 0.197_525_f64).abs() < 1e-6);
    }

    #[test]
    fn ignores_diagonal_and_infinite_points_and_rejects_bad_sigma() {
        let k = Pssk::new(0.5).unwrap();
        let f = Diagram::new(vec![[0.0, 1.0], [2.0, 2.0], [0.0, f64::INFINITY]]).unwrap();
        let g = Diagram::new(vec![[0.0, 1.0]]).unwrap();
        assert_eq!(k.distance_squared(&f, &g), 0.0);
        assert_eq!(k.kernel_grad(&f, &g)[2], [0.0, 0.0]);
        assert!(Pssk::new(0.0).is_err());
        assert!(Pssk::new(f64::NAN).is_err());
        assert_eq!(k.kernel(&Diagram::<f64>::empty(), &g), 0.0);
    }

    #[test]
    fn matrices_agree_with_pairwise_values() {
        let k = Pssk::new(0.2).unwrap();
        let ds = vec![
            Diagram::new(vec![[0.1, 0.8], [0.4, 1.3]]).unwrap(),
            Diagram::new(vec![[0.0, 0.9]]).unwrap(),
            Diagram::<f64>::empty(),
        ];
        let gram = k.gram(&ds);
        let dist = k.distance_matrix(&ds);
        for i in 0..3 {
            for j in 0..3 {
                assert!((gram[i * 3 + j] - k.kernel(&ds[i], &ds[j])).abs() < 1e-15);
                assert!((dist[i * 3 + j] - k.distance(&ds[i], &ds[j])).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn fused_pass_equals_the_separate_kernels() {
        // H0 against H0 (births at 0), H1 against H1, H0 against H1
        let diagram = |seed: u64, n: usize, degree: usize| {
            let pts = SplitMix64::new(seed).cloud(n, 3);
            let cloud = crate::persistence::points::PointCloud::new(&pts, 3).unwrap();
            crate::persistence::rips::RipsParams::new()
                .max_dim(degree)
                .check()
                .unwrap()
                .persistence(&cloud, crate::persistence::metric::Metric::Euclidean)
                .unwrap()
                .diagram(degree)
        };
        for (seed, p, q) in [(61, 0, 0), (62, 1, 1), (63, 0, 1)] {
            let f = diagram(seed, 30, p);
            let g = diagram(seed + 1, 25, q);
            let k = Pssk::new(0.02).unwrap();
            let target = k.target(&g);
            let (v, grad): (f64, _) = target.distance_squared_and_grad(&f);
            let (want, want_grad, _) = k.distance_squared_and_grad(&f, &g);
            assert!(
                (v - want).abs() <= 1e-12 * want.abs().max(1e-3),
                "{v} vs {want}"
            );
            let v2: f64 = target.distance_squared(&f);
            assert!((v2 - want).abs() <= 1e-12 * want.abs().max(1e-3));
            let scale = want_grad
                .iter()
                .flatten()
                .fold(0.0f64, |m, x| m.max(x.abs()));
            for (a, b) in grad.iter().zip(&want_grad) {
                for k in 0..2 {
                    assert!((a[k] - b[k]).abs() <= 1e-12 * scale, "{a:?} vs {b:?}");
                }
            }
            let (kv, kgrad): (f64, _) = k.kernel_and_grad(&f, &g);
            let kwant: f64 = k.kernel(&f, &g);
            assert!((kv - kwant).abs() <= 1e-12 * kwant.abs().max(1e-3));
            let kwant_grad = k.kernel_grad(&f, &g);
            let scale = kwant_grad
                .iter()
                .flatten()
                .fold(0.0f64, |m, x| m.max(x.abs()));
            for (a, b) in kgrad.iter().zip(&kwant_grad) {
                for k in 0..2 {
                    assert!((a[k] - b[k]).abs() <= 1e-12 * scale, "{a:?} vs {b:?}");
                }
            }
        }
    }
}
