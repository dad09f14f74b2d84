//! Topological losses on point clouds, with exact gradients.
//!
//! A loss maps a batch of points (model outputs or latent vectors, `n × d`
//! row-major) to a number, and [`Loss::value_and_grad`] also returns its
//! gradient with respect to every coordinate, in the same layout. The seven
//! losses of the spec (§4):
//!
//! | type | value | default metric |
//! |---|---|---|
//! | [`PushLoss`] | `-Σ_{B_p(P)} (d - b)` | Euclidean |
//! | [`ReininghausLoss`] | `d_σ²(B_p(P), D0)` ([`Pssk`]) | Euclidean |
//! | [`Sgde4Loss`] | `Σ_i [E4(B_p(P); x_i) - E4(D0; x_i)]²` (or the mean over `i`) | Euclidean |
//! | [`BottleneckLoss`] | `d_∞(B_p(P), D0)` over the finite points | Euclidean |
//! | [`EntropyLoss`] | `(G_δ(B_p(P)) - G_δ(D0))²` | Euclidean |
//! | [`DensificationLoss`] | `Σ_classes Σ_{t ∈ H0 deaths of the class} |t - β|` | Euclidean |
//! | [`ConnectivityLoss`] | `Σ_{t ∈ H0 deaths} |t - η|` | Manhattan (COREL) |
//!
//! `B_p(P)` is the degree-`p` Vietoris–Rips diagram of the batch and `D0` a
//! fixed target diagram (see [`target_diagram`] and [`rescale`]). Every loss
//! runs the same path, forward and back: points → persistence pairs with
//! their edges ([`crate::persistence::rips`]; degree 0 takes the `O(n)`-memory spanning
//! tree pass, never a distance matrix) → diagram → functional or distance
//! ([`crate::diagrams::functional`], [`crate::diagrams::kernel`], [`mod@crate::diagrams::bottleneck`]) →
//! gradient per diagram point → gradient per edge → gradient per coordinate
//! ([`crate::persistence::backprop`]). Away from ties the pairing is locally constant, so
//! the gradient is exact; at ties it is one valid subgradient.
//!
//! Losses compose: [`WeightedSum`] adds weighted terms and computes the
//! persistence of the batch once for all terms that share a metric. The
//! regularizer parts of the TopoVAE totals (spec §5) are then one-liners:
//!
//! ```
//! use toporeg::{target_diagrams, EntropyLossParams, Loss, ReininghausLossParams, WeightedSum};
//! use toporeg::{Metric, PointCloud};
//! // the input batch gives the targets, the output batch is regularised
//! let input = [0.0, 0.0, 1.0, 0.1, 0.9, 1.0, 0.1, 0.8, 0.5, 0.4];
//! let output = [0.1, 0.0, 1.1, 0.0, 1.0, 1.1, 0.0, 0.9, 0.6, 0.5];
//! let d0 = target_diagrams(&PointCloud::new(&input, 2)?, Metric::Euclidean, 1)?;
//! // T3 = L0 + 1 · entropy_0(δ = 0.05) + 2 · Reininghaus_1(σ = 0.1)
//! let t3 = WeightedSum::new()
//!     .term(1.0, EntropyLossParams::new(0, d0[0].clone()).delta(0.05).check()?)?
//!     .term(2.0, ReininghausLossParams::new(1, 0.1, d0[1].clone()).check()?)?;
//! let (value, grad) = t3.value_and_grad(PointCloud::new(&output, 2)?.into())?;
//! assert!(value >= 0.0);
//! assert_eq!(grad.len(), output.len());
//! # Ok::<(), toporeg::Error>(())
//! ```
//!
//! The other totals, with `bottleneck_k`, `entropy_k`, `rh_1` and `sgde_0`
//! built the same way from [`BottleneckLossParams`], [`EntropyLossParams`],
//! [`ReininghausLossParams`] and [`Sgde4LossParams`]:
//!
//! ```text
//! T1 = WeightedSum::new().term(w0, bottleneck_0)?.term(w1, bottleneck_1)?
//! T2 = WeightedSum::new().term(w0, entropy_0)?.term(w1, entropy_1)?
//! T4 = WeightedSum::new().term(w0, sgde_0)?.term(w1, rh_1)?
//! Z1 = T1 on the latent batch, against rescale(&d0[k], factor) targets
//! ```
//!
//! (The VAE part `L0 = KLD + BCE` belongs to the training loop.)

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

use crate::diagrams::bottleneck::bottleneck;
use crate::diagrams::functional::{
    push, push_grad, Entropy, EntropyParams, LogBase, Sgde4, Sgde4Params,
};
use crate::diagrams::kernel::PsskTarget;
use crate::persistence::rips::MAX_DIM;
use crate::{
    Diagram, Error, Metric, Persistence, PointCloud, PointKind, Pssk, Result, RipsParams, Scalar,
};

/// A batch of points, with class labels for the losses that need them
/// ([`DensificationLoss`]).
///
/// ```
/// use toporeg::{loss::Batch, PointCloud};
/// let pts = [0.0, 0.0, 1.0, 0.0, 5.0, 5.0];
/// let cloud = PointCloud::new(&pts, 2)?;
/// let plain: Batch<'_, f64> = cloud.into();
/// assert!(plain.labels().is_none());
/// let labelled = Batch::labelled(cloud, &[0, 0, 1])?;
/// assert_eq!(labelled.labels(), Some(&[0, 0, 1][..]));
/// assert!(Batch::labelled(cloud, &[0, 1]).is_err());
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Batch<'a, T> {
    cloud: PointCloud<'a, T>,
    labels: Option<&'a [usize]>,
}

impl<'a, T: Scalar> Batch<'a, T> {
    /// A batch without labels.
    pub fn new(cloud: PointCloud<'a, T>) -> Self {
        Self {
            cloud,
            labels: None,
        }
    }

    /// A batch with one class label per point.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] unless there is one label per point.
    pub fn labelled(cloud: PointCloud<'a, T>, labels: &'a [usize]) -> Result<Self> {
        if labels.len() != cloud.n_points() {
            return Err(Error::ShapeMismatch {
                what: "labels of a batch (one per point)",
                expected: cloud.n_points(),
                found: labels.len(),
            });
        }
        Ok(Self {
            cloud,
            labels: Some(labels),
        })
    }

    /// The points.
    pub fn cloud(&self) -> PointCloud<'a, T> {
        self.cloud
    }

    /// The labels, if any.
    pub fn labels(&self) -> Option<&'a [usize]> {
        self.labels
    }
}

impl<'a, T: Scalar> From<PointCloud<'a, T>> for Batch<'a, T> {
    fn from(cloud: PointCloud<'a, T>) -> Self {
        Self::new(cloud)
    }
}

/// A differentiable function of a batch of points.
pub trait Loss<T: Scalar> {
    /// The loss value.
    ///
    /// # Errors
    /// Those of the persistence computation ([`Error::ZeroVector`] under the
    /// cosine metric, [`Error::IndexOverflow`]), and the loss's own (missing
    /// labels, for example).
    fn value(&self, batch: Batch<'_, T>) -> Result<T>;

    /// The loss value and its gradient with respect to the coordinates of
    /// the batch (`n · d` values, row-major like the batch).
    ///
    /// # Errors
    /// As [`Loss::value`].
    fn value_and_grad(&self, batch: Batch<'_, T>) -> Result<(T, Vec<T>)>;

    /// The loss as a function of one diagram of the batch, when it is one;
    /// [`WeightedSum`] uses it to compute the persistence once for several
    /// terms.
    fn as_diagram_loss(&self) -> Option<&dyn DiagramLoss<T>> {
        None
    }
}

/// A loss that is a function of the degree-[`DiagramLoss::degree`] diagram of
/// the batch under [`DiagramLoss::metric`].
pub trait DiagramLoss<T: Scalar> {
    /// The homology degree `p` of the diagram.
    fn degree(&self) -> usize;

    /// The metric between points.
    fn metric(&self) -> Metric;

    /// The loss of a diagram.
    fn diagram_value(&self, diagram: &Diagram<T>) -> T;

    /// The loss of a diagram and its gradient, `[d/d birth, d/d death]` per
    /// point in the diagram's order.
    fn diagram_value_and_grad(&self, diagram: &Diagram<T>) -> (T, Vec<[T; 2]>);
}

/// Persistence of the batch up to degree `degree` (the spanning-tree fast
/// path for degree 0).
fn persistence_of<T: Scalar>(
    cloud: &PointCloud<'_, T>,
    metric: Metric,
    degree: usize,
) -> Result<Persistence<T>> {
    RipsParams::new()
        .max_dim(degree)
        .check()?
        .persistence(cloud, metric)
}

fn diagram_value<T: Scalar>(l: &dyn DiagramLoss<T>, cloud: &PointCloud<'_, T>) -> Result<T> {
    let pers = persistence_of(cloud, l.metric(), l.degree())?;
    Ok(l.diagram_value(&pers.diagram(l.degree())))
}

fn diagram_value_and_grad<T: Scalar>(
    l: &dyn DiagramLoss<T>,
    cloud: &PointCloud<'_, T>,
) -> Result<(T, Vec<T>)> {
    let pers = persistence_of(cloud, l.metric(), l.degree())?;
    let (v, g) = l.diagram_value_and_grad(&pers.diagram(l.degree()));
    let grad = pers.pullback(cloud, l.metric(), &[(l.degree(), g)])?;
    Ok((v, grad))
}

/// Implements [`Loss`] for a [`DiagramLoss`] type.
macro_rules! loss_through_diagram {
    ($($ty:tt)*) => {
        impl<T: Scalar> Loss<T> for $($ty)* {
            fn value(&self, batch: Batch<'_, T>) -> Result<T> {
                diagram_value(self, &batch.cloud())
            }
            fn value_and_grad(&self, batch: Batch<'_, T>) -> Result<(T, Vec<T>)> {
                diagram_value_and_grad(self, &batch.cloud())
            }
            fn as_diagram_loss(&self) -> Option<&dyn DiagramLoss<T>> {
                Some(self)
            }
        }
    };
}

fn check_degree(degree: usize) -> Result<()> {
    if degree > MAX_DIM {
        return Err(Error::InvalidParameter {
            name: "degree",
            reason: alloc::format!("{degree} is above the largest supported {MAX_DIM}"),
        });
    }
    Ok(())
}

/// A target must be a persistence diagram: no point below the diagonal
/// (which [`Diagram::new_any_order`] and Hera's format allow).
fn check_target<T: Scalar>(target: &Diagram<T>) -> Result<()> {
    if let Some(i) = target.points().iter().position(|p| p[1] < p[0]) {
        return Err(Error::InvalidParameter {
            name: "target",
            reason: alloc::format!("point {i} lies below the diagonal (death before birth)"),
        });
    }
    Ok(())
}

/// The checks of every loss against a target: the degree bound
/// ([`check_degree`]) and a target that is a diagram ([`check_target`]).
fn check_degree_and_target<T: Scalar>(degree: usize, target: &Diagram<T>) -> Result<()> {
    check_degree(degree)?;
    check_target(target)
}

fn check_non_negative(name: &'static str, v: f64) -> Result<()> {
    if !(v.is_finite() && v >= 0.0) {
        return Err(Error::InvalidParameter {
            name,
            reason: alloc::format!("must be finite and non-negative, got {v}"),
        });
    }
    Ok(())
}

/// The target without its points at infinity (see [`BottleneckLoss`]).
fn finite_part<T: Scalar>(d: &Diagram<T>) -> Diagram<T> {
    let pts = d
        .points()
        .iter()
        .copied()
        .filter(|&p| !PointKind::of(p).is_infinite())
        .collect();
    // a subset of a valid diagram is valid
    Diagram::new(pts).unwrap_or_default()
}

// ---------------------------------------------------------------- push

/// Parameters of [`PushLoss`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PushLossParams {
    degree: usize,
    metric: Metric,
}

impl PushLossParams {
    /// The push loss of degree `degree`, Euclidean metric.
    pub fn new(degree: usize) -> Self {
        Self {
            degree,
            metric: Metric::Euclidean,
        }
    }

    /// The metric between points.
    pub fn metric(mut self, metric: Metric) -> Self {
        self.metric = metric;
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a degree above [`MAX_DIM`].
    pub fn check(self) -> Result<PushLoss> {
        check_degree(self.degree)?;
        Ok(PushLoss {
            degree: self.degree,
            metric: self.metric,
        })
    }
}

/// The push regularizer `-Σ_{B_p(P)} (d - b)`: descending it lengthens every
/// finite bar of degree `p`.
///
/// ```
/// use toporeg::{Loss, PushLossParams};
/// use toporeg::PointCloud;
/// // four corners of a unit square: one H1 bar [1, √2)
/// let square = [0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
/// let push = PushLossParams::new(1).check()?;
/// let (v, g) = push.value_and_grad(PointCloud::new(&square, 2)?.into())?;
/// assert!((v - (1.0 - 2f64.sqrt())).abs() < 1e-15);
/// assert_eq!(g.len(), 8);
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PushLoss {
    degree: usize,
    metric: Metric,
}

impl<T: Scalar> DiagramLoss<T> for PushLoss {
    fn degree(&self) -> usize {
        self.degree
    }
    fn metric(&self) -> Metric {
        self.metric
    }
    fn diagram_value(&self, diagram: &Diagram<T>) -> T {
        -push(diagram)
    }
    fn diagram_value_and_grad(&self, diagram: &Diagram<T>) -> (T, Vec<[T; 2]>) {
        let g = push_grad(diagram)
            .into_iter()
            .map(|[a, b]| [-a, -b])
            .collect();
        (-push(diagram), g)
    }
}
loss_through_diagram!(PushLoss);

// ---------------------------------------------------------------- Reininghaus

/// Parameters of [`ReininghausLoss`].
#[derive(Debug, Clone, PartialEq)]
pub struct ReininghausLossParams<T> {
    degree: usize,
    sigma: f64,
    target: Diagram<T>,
    metric: Metric,
}

impl<T: Scalar> ReininghausLossParams<T> {
    /// The squared PSSK distance of degree `degree` to `target`, at scale
    /// `sigma`, Euclidean metric.
    pub fn new(degree: usize, sigma: f64, target: Diagram<T>) -> Self {
        Self {
            degree,
            sigma,
            target,
            metric: Metric::Euclidean,
        }
    }

    /// The metric between points.
    pub fn metric(mut self, metric: Metric) -> Self {
        self.metric = metric;
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a degree above [`MAX_DIM`], σ not
    /// positive and finite, or a target point below the diagonal.
    pub fn check(self) -> Result<ReininghausLoss<T>> {
        check_degree_and_target(self.degree, &self.target)?;
        let pssk = Pssk::new(self.sigma)?.target(&self.target);
        Ok(ReininghausLoss {
            degree: self.degree,
            pssk,
            target: self.target,
            metric: self.metric,
        })
    }
}

/// The Reininghaus regularizer `d_σ²(B_p(P), D0)`, the squared
/// pseudo-distance of the persistence scale-space kernel ([`Pssk`]); only
/// finite off-diagonal points count. `k_σ(D0, D0)` is computed once.
///
/// ```
/// use toporeg::{Loss, ReininghausLossParams};
/// use toporeg::{Diagram, PointCloud};
/// let pts = [0.0, 1.0, 3.0];
/// let target = Diagram::new(vec![[0.0, 1.0], [0.0, 1.0]])?;
/// let rh = ReininghausLossParams::new(0, 0.5, target).check()?;
/// let (v, g) = rh.value_and_grad(PointCloud::new(&pts, 1)?.into())?;
/// assert!(v > 0.0);
/// // the bar [0, 2) is too long: descent moves the last point closer
/// assert!(g[2] > 0.0);
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ReininghausLoss<T> {
    degree: usize,
    pssk: PsskTarget,
    target: Diagram<T>,
    metric: Metric,
}

impl<T: Scalar> ReininghausLoss<T> {
    /// The target diagram.
    pub fn target(&self) -> &Diagram<T> {
        &self.target
    }
}

impl<T: Scalar> DiagramLoss<T> for ReininghausLoss<T> {
    fn degree(&self) -> usize {
        self.degree
    }
    fn metric(&self) -> Metric {
        self.metric
    }
    fn diagram_value(&self, diagram: &Diagram<T>) -> T {
        self.pssk.distance_squared(diagram)
    }
    fn diagram_value_and_grad(&self, diagram: &Diagram<T>) -> (T, Vec<[T; 2]>) {
        self.pssk.distance_squared_and_grad(diagram)
    }
}
loss_through_diagram!(ReininghausLoss<T>);

// ---------------------------------------------------------------- 4SGDE

/// Evenly spaced grid `lo, …, hi` of `m` values (just `lo` when `m == 1`),
/// for [`Sgde4LossParams`].
///
/// ```
/// assert_eq!(toporeg::linspace(0.0, 1.0, 3), vec![0.0, 0.5, 1.0]);
/// ```
pub fn linspace<T: Scalar>(lo: T, hi: T, m: usize) -> Vec<T> {
    match m {
        0 => Vec::new(),
        1 => vec![lo],
        _ => (0..m)
            .map(|i| lo + (hi - lo) * T::of_usize(i) / T::of_usize(m - 1))
            .collect(),
    }
}

/// Parameters of [`Sgde4Loss`].
#[derive(Debug, Clone, PartialEq)]
pub struct Sgde4LossParams<T> {
    degree: usize,
    target: Diagram<T>,
    grid: Vec<T>,
    sigma: T,
    scale: T,
    mean: bool,
    metric: Metric,
}

impl<T: Scalar> Sgde4LossParams<T> {
    /// The 4SGDE loss against `target` on the grid `x_1..x_m` with width
    /// `sigma`; degree 0 (as in the spec), scale `s = 1`, a sum over the
    /// grid, Euclidean metric.
    pub fn new(target: Diagram<T>, grid: Vec<T>, sigma: T) -> Self {
        Self {
            degree: 0,
            target,
            grid,
            sigma,
            scale: T::one(),
            mean: false,
            metric: Metric::Euclidean,
        }
    }

    /// The homology degree (default 0).
    pub fn degree(mut self, degree: usize) -> Self {
        self.degree = degree;
        self
    }

    /// The scale `s` (default 1; the TopoVAE thesis plots use `1e-4`).
    pub fn scale(mut self, scale: T) -> Self {
        self.scale = scale;
        self
    }

    /// Average over the grid instead of summing (default: sum).
    pub fn mean(mut self, mean: bool) -> Self {
        self.mean = mean;
        self
    }

    /// The metric between points.
    pub fn metric(mut self, metric: Metric) -> Self {
        self.metric = metric;
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a degree above [`MAX_DIM`], σ not
    /// positive and finite, a non-finite scale or a target point below the
    /// diagonal; [`Error::Empty`] and
    /// [`Error::NonFinite`] for the grid.
    pub fn check(self) -> Result<Sgde4Loss<T>> {
        check_degree_and_target(self.degree, &self.target)?;
        let sgde = Sgde4Params {
            sigma: self.sigma,
            scale: self.scale,
        }
        .check(self.grid)?;
        let target_values = sgde.values(&self.target);
        Ok(Sgde4Loss {
            degree: self.degree,
            sgde,
            target_values,
            mean: self.mean,
            metric: self.metric,
        })
    }
}

/// The 4SGDE regularizer `Σ_i [E4(B_p(P); x_i) - E4(D0; x_i)]²` (or the mean
/// over the grid), with `E4(D, x) = s Σ (d-b)^4 exp(-((d-x)/σ)²)`. The
/// target's values on the grid are computed once.
///
/// ```
/// use toporeg::{linspace, Loss, Sgde4LossParams};
/// use toporeg::{Diagram, PointCloud};
/// let pts = [0.0, 1.0, 3.0];
/// let target = Diagram::new(vec![[0.0, 1.0], [0.0, 1.0], [0.0, f64::INFINITY]])?;
/// let loss = Sgde4LossParams::new(target, linspace(0.0, 2.0, 5), 0.5).check()?;
/// let (v, g) = loss.value_and_grad(PointCloud::new(&pts, 1)?.into())?;
/// assert!(v > 0.0 && g.len() == 3);
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Sgde4Loss<T> {
    degree: usize,
    sgde: Sgde4<T>,
    target_values: Vec<T>,
    mean: bool,
    metric: Metric,
}

impl<T: Scalar> DiagramLoss<T> for Sgde4Loss<T> {
    fn degree(&self) -> usize {
        self.degree
    }
    fn metric(&self) -> Metric {
        self.metric
    }
    fn diagram_value(&self, diagram: &Diagram<T>) -> T {
        // one target value per grid value by construction
        self.sgde
            .loss_to_values(diagram, &self.target_values, self.mean)
            .unwrap_or_else(|_| T::zero())
    }
    fn diagram_value_and_grad(&self, diagram: &Diagram<T>) -> (T, Vec<[T; 2]>) {
        self.sgde
            .loss_and_grad_to_values(diagram, &self.target_values, self.mean)
            .unwrap_or_else(|_| (T::zero(), vec![[T::zero(); 2]; diagram.len()]))
    }
}
loss_through_diagram!(Sgde4Loss<T>);

// ---------------------------------------------------------------- bottleneck

/// Parameters of [`BottleneckLoss`].
#[derive(Debug, Clone, PartialEq)]
pub struct BottleneckLossParams<T> {
    degree: usize,
    target: Diagram<T>,
    metric: Metric,
}

impl<T: Scalar> BottleneckLossParams<T> {
    /// The bottleneck distance of degree `degree` to `target`, Euclidean
    /// metric.
    pub fn new(degree: usize, target: Diagram<T>) -> Self {
        Self {
            degree,
            target,
            metric: Metric::Euclidean,
        }
    }

    /// The metric between points.
    pub fn metric(mut self, metric: Metric) -> Self {
        self.metric = metric;
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a degree above [`MAX_DIM`] or a
    /// target point below the diagonal.
    pub fn check(self) -> Result<BottleneckLoss<T>> {
        check_degree_and_target(self.degree, &self.target)?;
        Ok(BottleneckLoss {
            degree: self.degree,
            target: finite_part(&self.target),
            metric: self.metric,
        })
    }
}

/// The bottleneck regularizer `d_∞(B_p(P), D0)`, whose gradient flows
/// through the one matched pair (or point-to-diagonal edge) that realises
/// the distance ([`crate::diagrams::bottleneck::BottleneckResult::grad`]).
///
/// When the distance is realised by a target point alone (matched to the
/// diagonal because no bar of the batch comes close enough), the gradient is
/// zero: the batch cannot lower it locally.
///
/// Points at infinity are left out of both diagrams: the essential classes
/// of a Rips diagram carry no gradient, and for batches they are the same on
/// both sides (one H0 class born at 0), so this changes nothing there, while
/// a target read without its essential class stays usable (instead of
/// giving `+inf`).
///
/// ```
/// use toporeg::{BottleneckLossParams, Loss};
/// use toporeg::{Diagram, PointCloud};
/// let pts = [0.0, 1.0, 3.0];
/// let target = Diagram::new(vec![[0.0, 1.0], [0.0, 1.5]])?;
/// let loss = BottleneckLossParams::new(0, target).check()?;
/// let (v, g) = loss.value_and_grad(PointCloud::new(&pts, 1)?.into())?;
/// assert_eq!(v, 0.5); // the bar [0, 2) against [0, 1.5)
/// assert_eq!(g, vec![0.0, -1.0, 1.0]);
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BottleneckLoss<T> {
    degree: usize,
    target: Diagram<T>,
    metric: Metric,
}

impl<T: Scalar> BottleneckLoss<T> {
    /// The target diagram (its finite part).
    pub fn target(&self) -> &Diagram<T> {
        &self.target
    }
}

impl<T: Scalar> DiagramLoss<T> for BottleneckLoss<T> {
    fn degree(&self) -> usize {
        self.degree
    }
    fn metric(&self) -> Metric {
        self.metric
    }
    fn diagram_value(&self, diagram: &Diagram<T>) -> T {
        bottleneck(&finite_part(diagram), &self.target).distance
    }
    fn diagram_value_and_grad(&self, diagram: &Diagram<T>) -> (T, Vec<[T; 2]>) {
        // the finite part, with the position of each of its points
        let mut index = Vec::with_capacity(diagram.len());
        let mut pts = Vec::with_capacity(diagram.len());
        for (i, &p) in diagram.points().iter().enumerate() {
            if !PointKind::of(p).is_infinite() {
                index.push(i);
                pts.push(p);
            }
        }
        let finite = Diagram::new(pts).unwrap_or_default();
        let r = bottleneck(&finite, &self.target);
        let (gf, _) = r.grad(&finite, &self.target);
        let mut g = vec![[T::zero(); 2]; diagram.len()];
        for (&i, gi) in index.iter().zip(gf) {
            g[i] = gi;
        }
        (r.distance, g)
    }
}
loss_through_diagram!(BottleneckLoss<T>);

// ---------------------------------------------------------------- entropy

/// Parameters of [`EntropyLoss`].
#[derive(Debug, Clone, PartialEq)]
pub struct EntropyLossParams<T> {
    degree: usize,
    target: Diagram<T>,
    delta: Option<f64>,
    base: LogBase,
    metric: Metric,
}

impl<T: Scalar> EntropyLossParams<T> {
    /// The entropy loss of degree `degree` against `target`: plain
    /// persistent entropy (no δ), natural logarithm, Euclidean metric.
    pub fn new(degree: usize, target: Diagram<T>) -> Self {
        Self {
            degree,
            target,
            delta: None,
            base: LogBase::E,
            metric: Metric::Euclidean,
        }
    }

    /// Only bars longer than `delta` count (the δ-selective entropy `G_δ`).
    pub fn delta(mut self, delta: f64) -> Self {
        self.delta = Some(delta);
        self
    }

    /// The logarithm base.
    pub fn base(mut self, base: LogBase) -> Self {
        self.base = base;
        self
    }

    /// The metric between points.
    pub fn metric(mut self, metric: Metric) -> Self {
        self.metric = metric;
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a degree above [`MAX_DIM`], a negative
    /// or non-finite δ, a bad logarithm base, or a target point below the
    /// diagonal.
    pub fn check(self) -> Result<EntropyLoss<T>> {
        check_degree_and_target(self.degree, &self.target)?;
        let entropy = EntropyParams {
            delta: self.delta,
            base: self.base,
        }
        .check()?;
        let target_value = entropy.value(&self.target);
        Ok(EntropyLoss {
            degree: self.degree,
            entropy,
            target_value,
            metric: self.metric,
        })
    }
}

/// The entropy regularizer `(G_δ(B_p(P)) - G_δ(D0))²`, with `G_δ` the
/// δ-selective persistent entropy ([`Entropy`]); `G_δ(D0)` is computed once.
///
/// ```
/// use toporeg::{EntropyLossParams, Loss};
/// use toporeg::{Diagram, PointCloud};
/// let pts = [0.0, 1.0, 3.0];
/// // two equal bars: entropy ln 2; the batch has bars 1 and 2
/// let target = Diagram::new(vec![[0.0, 1.0], [0.0, 1.0]])?;
/// let loss = EntropyLossParams::new(0, target).check()?;
/// let (v, g) = loss.value_and_grad(PointCloud::new(&pts, 1)?.into())?;
/// assert!(v > 0.0 && g.len() == 3);
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EntropyLoss<T> {
    degree: usize,
    entropy: Entropy,
    target_value: T,
    metric: Metric,
}

impl<T: Scalar> EntropyLoss<T> {
    /// `G_δ(D0)`.
    pub fn target_value(&self) -> T {
        self.target_value
    }
}

impl<T: Scalar> DiagramLoss<T> for EntropyLoss<T> {
    fn degree(&self) -> usize {
        self.degree
    }
    fn metric(&self) -> Metric {
        self.metric
    }
    fn diagram_value(&self, diagram: &Diagram<T>) -> T {
        let d = self.entropy.value(diagram) - self.target_value;
        d * d
    }
    fn diagram_value_and_grad(&self, diagram: &Diagram<T>) -> (T, Vec<[T; 2]>) {
        let d = self.entropy.value(diagram) - self.target_value;
        let w = T::of(2.0) * d;
        let g = self
            .entropy
            .grad(diagram)
            .into_iter()
            .map(|[a, b]| [w * a, w * b])
            .collect();
        (d * d, g)
    }
}
loss_through_diagram!(EntropyLoss<T>);

// ---------------------------------------------------------------- targets

/// The degree-`degree` diagram of a reference point cloud (for example the
/// input batch), as a target `D0`.
///
/// ```
/// use toporeg::target_diagram;
/// use toporeg::{Metric, PointCloud};
/// let pts = [0.0, 1.0, 3.0];
/// let d0 = target_diagram(&PointCloud::new(&pts, 1)?, Metric::Euclidean, 0)?;
/// assert_eq!(d0.points(), &[[0.0, 1.0], [0.0, 2.0], [0.0, f64::INFINITY]]);
/// # Ok::<(), toporeg::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] for a degree above [`MAX_DIM`], and those of
/// [`crate::Rips::persistence`].
pub fn target_diagram<T: Scalar>(
    cloud: &PointCloud<'_, T>,
    metric: Metric,
    degree: usize,
) -> Result<Diagram<T>> {
    check_degree(degree)?;
    Ok(persistence_of(cloud, metric, degree)?.diagram(degree))
}

/// The diagrams of degrees `0..=max_degree` of a reference point cloud, from
/// one persistence computation (the targets `D0^0, D0^1` of the TopoVAE
/// totals).
///
/// # Errors
/// As [`target_diagram`].
pub fn target_diagrams<T: Scalar>(
    cloud: &PointCloud<'_, T>,
    metric: Metric,
    max_degree: usize,
) -> Result<Vec<Diagram<T>>> {
    check_degree(max_degree)?;
    let pers = persistence_of(cloud, metric, max_degree)?;
    Ok((0..=max_degree).map(|k| pers.diagram(k)).collect())
}

/// Every coordinate of `diagram` multiplied by `factor` (infinite ones stay
/// infinite). Used for Z1, where the latent batch lives at another scale than
/// the input batch whose diagrams are the targets: a natural factor is the
/// ratio of typical distances, for example of the two batches' largest H0
/// death (see [`rescale_to_max_death`]).
///
/// ```
/// use toporeg::{loss::rescale, Diagram};
/// let d = Diagram::new(vec![[0.0, 2.0], [1.0, f64::INFINITY]])?;
/// assert_eq!(rescale(&d, 0.5)?.points(), &[[0.0, 1.0], [0.5, f64::INFINITY]]);
/// # Ok::<(), toporeg::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] unless `factor` is positive and finite.
pub fn rescale<T: Scalar>(diagram: &Diagram<T>, factor: T) -> Result<Diagram<T>> {
    if !(factor.is_finite() && factor > T::zero()) {
        return Err(Error::InvalidParameter {
            name: "factor",
            reason: alloc::format!("must be positive and finite, got {factor}"),
        });
    }
    Diagram::new(
        diagram
            .points()
            .iter()
            .map(|&[b, d]| [b * factor, d * factor])
            .collect(),
    )
}

/// `diagram` rescaled so that its largest finite death becomes `max_death`
/// (unchanged when it has no positive finite death).
///
/// ```
/// use toporeg::{loss::rescale_to_max_death, Diagram};
/// let d = Diagram::new(vec![[0.0, 2.0], [0.0, 4.0], [0.0, f64::INFINITY]])?;
/// let r = rescale_to_max_death(&d, 1.0)?;
/// assert_eq!(r.points(), &[[0.0, 0.5], [0.0, 1.0], [0.0, f64::INFINITY]]);
/// # Ok::<(), toporeg::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] unless `max_death` is positive and finite.
pub fn rescale_to_max_death<T: Scalar>(diagram: &Diagram<T>, max_death: T) -> Result<Diagram<T>> {
    if !(max_death.is_finite() && max_death > T::zero()) {
        return Err(Error::InvalidParameter {
            name: "max_death",
            reason: alloc::format!("must be positive and finite, got {max_death}"),
        });
    }
    let largest = diagram
        .points()
        .iter()
        .map(|p| p[1])
        .filter(|d| d.is_finite())
        .fold(T::zero(), T::max);
    if largest <= T::zero() {
        return Ok(diagram.clone());
    }
    rescale(diagram, max_death / largest)
}

// ---------------------------------------------------------------- H0 death times

/// `Σ |t - target|` over the finite deaths `t` of an H0 diagram, and its
/// gradient: `sign(t - target)` on the death, with the subgradient 0 where
/// `t = target` exactly.
fn abs_deviation<T: Scalar>(diagram: &Diagram<T>, target: T, grad: bool) -> (T, Vec<[T; 2]>) {
    let mut value = T::zero();
    let mut g = if grad {
        vec![[T::zero(); 2]; diagram.len()]
    } else {
        Vec::new()
    };
    for (i, &p) in diagram.points().iter().enumerate() {
        if PointKind::of(p) != PointKind::Finite {
            continue;
        }
        let t = p[1] - target;
        value = value + t.abs();
        if grad {
            g[i][1] = if t > T::zero() {
                T::one()
            } else if t < T::zero() {
                -T::one()
            } else {
                T::zero()
            };
        }
    }
    (value, g)
}

/// Parameters of [`ConnectivityLoss`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConnectivityLossParams {
    eta: f64,
    metric: Metric,
}

impl ConnectivityLossParams {
    /// The connectivity loss with target scale `eta`, Manhattan (L1) metric
    /// as in COREL.
    pub fn new(eta: f64) -> Self {
        Self {
            eta,
            metric: Metric::Manhattan,
        }
    }

    /// The metric between points.
    pub fn metric(mut self, metric: Metric) -> Self {
        self.metric = metric;
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] unless η is finite and non-negative.
    pub fn check(self) -> Result<ConnectivityLoss> {
        check_non_negative("eta", self.eta)?;
        Ok(ConnectivityLoss {
            eta: self.eta,
            metric: self.metric,
        })
    }
}

/// The connectivity loss of COREL, `L_η = Σ_{t ∈ H0 deaths} |t - η|`: it
/// pulls every H0 death time of the batch (every edge length of its minimum
/// spanning tree) towards `η`. H0 only, through the spanning-tree pass
/// (`O(n²)` time, no distance matrix, no edge list).
///
/// The subgradient of `|t - η|` at `t = η` is taken as 0. Coincident points
/// (death 0) are not in the diagram (Ripser's convention) and add nothing.
///
/// ```
/// use toporeg::{ConnectivityLossParams, Loss};
/// use toporeg::PointCloud;
/// let pts = [0.0, 0.5, 3.0];
/// let loss = ConnectivityLossParams::new(1.0).check()?;
/// let (v, g) = loss.value_and_grad(PointCloud::new(&pts, 1)?.into())?;
/// assert_eq!(v, 0.5 + 1.5); // deaths 0.5 and 2.5
/// assert_eq!(g, vec![1.0, -2.0, 1.0]);
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConnectivityLoss {
    eta: f64,
    metric: Metric,
}

impl<T: Scalar> DiagramLoss<T> for ConnectivityLoss {
    fn degree(&self) -> usize {
        0
    }
    fn metric(&self) -> Metric {
        self.metric
    }
    fn diagram_value(&self, diagram: &Diagram<T>) -> T {
        abs_deviation(diagram, T::of(self.eta), false).0
    }
    fn diagram_value_and_grad(&self, diagram: &Diagram<T>) -> (T, Vec<[T; 2]>) {
        abs_deviation(diagram, T::of(self.eta), true)
    }
}
loss_through_diagram!(ConnectivityLoss);

/// Parameters of [`DensificationLoss`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DensificationLossParams {
    beta: f64,
    metric: Metric,
}

impl DensificationLossParams {
    /// The densification loss with target scale `beta` (the paper uses
    /// 0.7), Euclidean metric.
    pub fn new(beta: f64) -> Self {
        Self {
            beta,
            metric: Metric::Euclidean,
        }
    }

    /// The metric between points.
    pub fn metric(mut self, metric: Metric) -> Self {
        self.metric = metric;
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] unless β is finite and non-negative.
    pub fn check(self) -> Result<DensificationLoss> {
        check_non_negative("beta", self.beta)?;
        Ok(DensificationLoss {
            beta: self.beta,
            metric: self.metric,
        })
    }
}

/// Topological densification `L_β = Σ_classes Σ_{t} |t - β|`, `t` over the
/// H0 death times of each class's sub-batch: within every class the minimum
/// spanning tree's edges are pulled towards length β. Needs a labelled
/// [`Batch`]; each class goes through the spanning-tree pass on its own
/// points (`O(Σ n_c²)` distances).
///
/// The subgradient of `|t - β|` at `t = β` is taken as 0. Coincident points
/// (death 0) are not in the diagram (Ripser's convention) and add nothing.
///
/// ```
/// use toporeg::{Batch, DensificationLossParams, Loss};
/// use toporeg::PointCloud;
/// let pts: [f64; 4] = [0.0, 1.0, 10.0, 10.5];
/// let loss = DensificationLossParams::new(0.7).check()?;
/// let batch = Batch::labelled(PointCloud::new(&pts, 1)?, &[0, 0, 1, 1])?;
/// let (v, g) = loss.value_and_grad(batch)?;
/// assert!((v - (0.3 + 0.2)).abs() < 1e-12); // class deaths 1.0 and 0.5
/// assert_eq!(g, vec![-1.0, 1.0, 1.0, -1.0]);
/// assert!(loss.value(PointCloud::new(&pts, 1)?.into()).is_err()); // no labels
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DensificationLoss {
    beta: f64,
    metric: Metric,
}

impl DensificationLoss {
    fn run<T: Scalar>(&self, batch: Batch<'_, T>, grad: bool) -> Result<(T, Vec<T>)> {
        let labels = batch.labels().ok_or_else(|| Error::InvalidParameter {
            name: "labels",
            reason: alloc::string::String::from("the densification loss needs a labelled batch"),
        })?;
        let cloud = batch.cloud();
        let (n, d) = (cloud.n_points(), cloud.dim());
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| labels[i]);
        let beta = T::of(self.beta);
        let mut value = T::zero();
        let mut out = if grad {
            vec![T::zero(); n * d]
        } else {
            Vec::new()
        };
        let mut buf: Vec<T> = Vec::new();
        for class in order.chunk_by(|&a, &b| labels[a] == labels[b]) {
            if class.len() < 2 {
                continue;
            }
            buf.clear();
            for &i in class {
                buf.extend_from_slice(cloud.point(i));
            }
            let sub = PointCloud::new(&buf, d)?;
            let pers = persistence_of(&sub, self.metric, 0)?;
            let (v, g) = abs_deviation(&pers.diagram(0), beta, grad);
            value = value + v;
            if grad {
                let sg = pers.pullback(&sub, self.metric, &[(0, g)])?;
                for (k, &i) in class.iter().enumerate() {
                    out[i * d..(i + 1) * d].copy_from_slice(&sg[k * d..(k + 1) * d]);
                }
            }
        }
        Ok((value, out))
    }
}

impl<T: Scalar> Loss<T> for DensificationLoss {
    fn value(&self, batch: Batch<'_, T>) -> Result<T> {
        Ok(self.run(batch, false)?.0)
    }
    fn value_and_grad(&self, batch: Batch<'_, T>) -> Result<(T, Vec<T>)> {
        self.run(batch, true)
    }
}

// ---------------------------------------------------------------- sums

/// A loss shared between threads, as [`WeightedSum`] holds its terms.
type BoxedLoss<T> = Box<dyn Loss<T> + Send + Sync>;

/// A weighted sum of losses `Σ ω_k L_k` (for example the regularizer part of
/// a TopoVAE total, see the [module documentation](self)).
///
/// The terms that are functions of a diagram ([`Loss::as_diagram_loss`])
/// and share a metric are evaluated on one persistence computation (up to
/// their largest degree), and their gradients go back to the points in one
/// pass.
pub struct WeightedSum<T> {
    terms: Vec<(T, BoxedLoss<T>)>,
}

impl<T: Scalar> core::fmt::Debug for WeightedSum<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("WeightedSum")
            .field(
                "weights",
                &self.terms.iter().map(|t| t.0).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl<T: Scalar> Default for WeightedSum<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Scalar> WeightedSum<T> {
    /// The empty sum (value 0, gradient 0).
    pub fn new() -> Self {
        Self { terms: Vec::new() }
    }

    /// Adds the term `weight · loss`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a non-finite weight.
    pub fn term<L: Loss<T> + Send + Sync + 'static>(mut self, weight: T, loss: L) -> Result<Self> {
        if !weight.is_finite() {
            return Err(Error::InvalidParameter {
                name: "weight",
                reason: alloc::format!("must be finite, got {weight}"),
            });
        }
        self.terms.push((weight, Box::new(loss)));
        Ok(self)
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether there are no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The weights, in order.
    pub fn weights(&self) -> Vec<T> {
        self.terms.iter().map(|t| t.0).collect()
    }

    fn run(&self, batch: Batch<'_, T>, grad: bool) -> Result<(T, Vec<T>)> {
        let cloud = batch.cloud();
        let mut value = T::zero();
        let mut out = if grad {
            vec![T::zero(); cloud.as_slice().len()]
        } else {
            Vec::new()
        };
        let mut done = vec![false; self.terms.len()];
        for first in 0..self.terms.len() {
            if done[first] {
                continue;
            }
            let (w, loss) = &self.terms[first];
            let Some(dl) = loss.as_diagram_loss() else {
                done[first] = true;
                if grad {
                    let (v, g) = loss.value_and_grad(batch)?;
                    value = value + *w * v;
                    for (o, gi) in out.iter_mut().zip(g) {
                        *o = *o + *w * gi;
                    }
                } else {
                    value = value + *w * loss.value(batch)?;
                }
                continue;
            };
            // every diagram term with this metric, on one persistence
            let metric = dl.metric();
            let group: Vec<(T, &dyn DiagramLoss<T>)> = (first..self.terms.len())
                .filter_map(|k| {
                    let l = self.terms[k].1.as_diagram_loss()?;
                    (!done[k] && l.metric() == metric).then(|| {
                        done[k] = true;
                        (self.terms[k].0, l)
                    })
                })
                .collect();
            let top = group.iter().map(|t| t.1.degree()).max().unwrap_or(0);
            let pers = persistence_of(&cloud, metric, top)?;
            let diagrams: Vec<Diagram<T>> = (0..=top).map(|k| pers.diagram(k)).collect();
            let mut grads: Vec<(usize, Vec<[T; 2]>)> = Vec::new();
            for (w, l) in group {
                let dgm = &diagrams[l.degree()];
                if grad {
                    let (v, g) = l.diagram_value_and_grad(dgm);
                    value = value + w * v;
                    grads.push((
                        l.degree(),
                        g.into_iter().map(|[a, b]| [w * a, w * b]).collect(),
                    ));
                } else {
                    value = value + w * l.diagram_value(dgm);
                }
            }
            if grad {
                let g = pers.pullback(&cloud, metric, &grads)?;
                for (o, gi) in out.iter_mut().zip(g) {
                    *o = *o + gi;
                }
            }
        }
        Ok((value, out))
    }
}

impl<T: Scalar> Loss<T> for WeightedSum<T> {
    fn value(&self, batch: Batch<'_, T>) -> Result<T> {
        Ok(self.run(batch, false)?.0)
    }
    fn value_and_grad(&self, batch: Batch<'_, T>) -> Result<(T, Vec<T>)> {
        self.run(batch, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;
    use crate::{Edge, Rips};

    /// The edges of every pair of degrees `0..=degree` (per class when
    /// labelled): the loss is smooth where they do not change.
    fn pairing(
        pts: &[f64],
        d: usize,
        degree: usize,
        metric: Metric,
        labels: Option<&[usize]>,
    ) -> Vec<(Option<Edge>, Option<Edge>)> {
        let rips: Rips = RipsParams::new().max_dim(degree).check().unwrap();
        let mut groups: Vec<Vec<f64>> = Vec::new();
        match labels {
            None => groups.push(pts.to_vec()),
            Some(l) => {
                for c in 0..=*l.iter().max().unwrap() {
                    let sub: Vec<f64> = (0..l.len())
                        .filter(|&i| l[i] == c)
                        .flat_map(|i| pts[i * d..(i + 1) * d].to_vec())
                        .collect();
                    groups.push(sub);
                }
            }
        }
        let mut key = Vec::new();
        for g in groups {
            let pers = rips
                .persistence(&PointCloud::new(&g, d).unwrap(), metric)
                .unwrap();
            for k in 0..=degree {
                key.extend(pers.pairs(k).iter().map(|p| (p.birth_edge, p.death_edge)));
            }
        }
        key
    }

    /// Central finite differences against the analytic gradient, over the
    /// coordinates whose ±h steps keep the pairing; returns the number of
    /// coordinates checked (0 when the gradient is zero, then checked to be
    /// zero numerically too).
    fn fd_check(
        loss: &dyn Loss<f64>,
        pts: &[f64],
        d: usize,
        labels: Option<&[usize]>,
        degree: usize,
        metric: Metric,
    ) -> usize {
        fd_check_with(loss, pts, d, labels, degree, metric, &|_| String::new())
    }

    /// [`fd_check`], where `extra` adds to the pairing what else must not
    /// change within a step (the bottleneck matching's longest edge).
    fn fd_check_with(
        loss: &dyn Loss<f64>,
        pts: &[f64],
        d: usize,
        labels: Option<&[usize]>,
        degree: usize,
        metric: Metric,
        extra: &dyn Fn(&[f64]) -> String,
    ) -> usize {
        let batch = |p: &[f64]| -> f64 {
            let cloud = PointCloud::new(p, d).unwrap();
            let b = match labels {
                Some(l) => Batch::labelled(cloud, l).unwrap(),
                None => Batch::new(cloud),
            };
            loss.value(b).unwrap()
        };
        let cloud = PointCloud::new(pts, d).unwrap();
        let b = match labels {
            Some(l) => Batch::labelled(cloud, l).unwrap(),
            None => Batch::new(cloud),
        };
        let (v, g) = loss.value_and_grad(b).unwrap();
        assert!((v - batch(pts)).abs() <= 1e-12 * (1.0 + v.abs()));
        assert_eq!(g.len(), pts.len());
        let key = (pairing(pts, d, degree, metric, labels), extra(pts));
        let h = 1e-6;
        let (mut num, mut ana) = (Vec::new(), Vec::new());
        for i in 0..pts.len() {
            let mut plus = pts.to_vec();
            let mut minus = pts.to_vec();
            plus[i] += h;
            minus[i] -= h;
            if (pairing(&plus, d, degree, metric, labels), extra(&plus)) != key
                || (pairing(&minus, d, degree, metric, labels), extra(&minus)) != key
            {
                continue;
            }
            num.push((batch(&plus) - batch(&minus)) / (2.0 * h));
            ana.push(g[i]);
        }
        let norm = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>().sqrt();
        let diff: Vec<f64> = num.iter().zip(&ana).map(|(a, b)| a - b).collect();
        assert!(num.len() * 10 >= pts.len() * 9, "pairing unstable");
        if norm(&ana) == 0.0 {
            // a flat piece (the bottleneck realised by a target point alone)
            assert!(norm(&num) < 1e-9, "zero gradient, numeric {num:?}");
            return 0;
        }
        let scale = norm(&ana);
        assert!(
            norm(&diff) / scale < 1e-5,
            "relative error {} (numeric {num:?}, analytic {ana:?})",
            norm(&diff) / scale
        );
        num.len()
    }

    fn reference_diagram(seed: u64, n: usize, d: usize, degree: usize) -> Diagram<f64> {
        let pts = Rng::new(seed).cloud(n, d);
        target_diagram(
            &PointCloud::new(&pts, d).unwrap(),
            Metric::Euclidean,
            degree,
        )
        .unwrap()
    }

    #[test]
    fn push_gradient_matches_finite_differences() {
        for (seed, n, d, p) in [(1, 15, 2, 0), (2, 20, 2, 1), (3, 18, 3, 1), (2, 30, 3, 2)] {
            let pts = Rng::new(seed).cloud(n, d);
            for metric in [Metric::Euclidean, Metric::Manhattan] {
                let loss = PushLossParams::new(p).metric(metric).check().unwrap();
                assert!(fd_check(&loss, &pts, d, None, p, metric) > 0);
            }
        }
    }

    #[test]
    fn reininghaus_gradient_matches_finite_differences() {
        for (seed, n, d, p, sigma) in [
            (5, 16, 2, 0, 0.02),
            (6, 20, 2, 1, 0.01),
            (7, 18, 3, 1, 0.05),
        ] {
            let pts = Rng::new(seed).cloud(n, d);
            let target = reference_diagram(seed + 100, n, d, p);
            let loss = ReininghausLossParams::new(p, sigma, target)
                .check()
                .unwrap();
            assert!(fd_check(&loss, &pts, d, None, p, Metric::Euclidean) > 0);
        }
    }

    #[test]
    fn sgde4_gradient_matches_finite_differences() {
        for (seed, n, d, p, mean) in [
            (8, 16, 2, 0, false),
            (9, 20, 3, 0, true),
            (10, 20, 2, 1, false),
        ] {
            let pts = Rng::new(seed).cloud(n, d);
            let target = reference_diagram(seed + 100, n, d, p);
            let loss = Sgde4LossParams::new(target, linspace(0.0, 0.6, 7), 0.15)
                .degree(p)
                .scale(100.0)
                .mean(mean)
                .check()
                .unwrap();
            assert!(fd_check(&loss, &pts, d, None, p, Metric::Euclidean) > 0);
        }
    }

    #[test]
    fn bottleneck_gradient_matches_finite_differences() {
        let mut nonzero = 0;
        for seed in 16..28u64 {
            let k = seed as usize;
            let (n, d, p) = (16 + (k % 4) * 4, 2 + k % 2, (k / 2) % 2);
            let pts = Rng::new(seed).cloud(n, d);
            let target = reference_diagram(seed + 100, n, d, p);
            let loss = BottleneckLossParams::new(p, target.clone())
                .check()
                .unwrap();
            let finite_target = finite_part(&target);
            let realising = |x: &[f64]| {
                let dgm =
                    target_diagram(&PointCloud::new(x, d).unwrap(), Metric::Euclidean, p).unwrap();
                let r = bottleneck(&finite_part(&dgm), &finite_target);
                alloc::format!("{:?}", r.longest_edge)
            };
            if fd_check_with(&loss, &pts, d, None, p, Metric::Euclidean, &realising) > 0 {
                nonzero += 1;
            }
        }
        assert!(nonzero >= 6, "only {nonzero} cases with a gradient");
    }

    #[test]
    fn bottleneck_ignores_points_at_infinity() {
        let pts = [0.0, 1.0, 3.0];
        let cloud = PointCloud::new(&pts, 1).unwrap();
        let with = Diagram::new(vec![[0.0, 1.0], [0.0, 1.5], [0.0, f64::INFINITY]]).unwrap();
        let without = Diagram::new(vec![[0.0, 1.0], [0.0, 1.5]]).unwrap();
        let a = BottleneckLossParams::new(0, with).check().unwrap();
        let b = BottleneckLossParams::new(0, without).check().unwrap();
        assert_eq!(
            a.value_and_grad(cloud.into()).unwrap(),
            b.value_and_grad(cloud.into()).unwrap()
        );
        assert_eq!(a.target().len(), 2);
    }

    #[test]
    fn entropy_gradient_matches_finite_differences() {
        for (seed, n, d, p, delta) in [
            (11, 16, 2, 0, None),
            (12, 20, 2, 1, Some(0.01)),
            (13, 18, 3, 0, Some(0.1)),
        ] {
            let pts = Rng::new(seed).cloud(n, d);
            let target = reference_diagram(seed + 100, n + 5, d, p);
            let mut params = EntropyLossParams::new(p, target);
            if let Some(delta) = delta {
                params = params.delta(delta);
            }
            let loss = params.check().unwrap();
            assert!(fd_check(&loss, &pts, d, None, p, Metric::Euclidean) > 0);
        }
    }

    #[test]
    fn connectivity_and_densification_gradients_match_finite_differences() {
        for (seed, n, d) in [(14, 30, 2), (15, 40, 5)] {
            let pts = Rng::new(seed).cloud(n, d);
            for metric in [Metric::Manhattan, Metric::Euclidean, Metric::Chebyshev] {
                let loss = ConnectivityLossParams::new(0.3)
                    .metric(metric)
                    .check()
                    .unwrap();
                assert!(fd_check(&loss, &pts, d, None, 0, metric) > 0);
            }
            let labels: Vec<usize> = (0..n).map(|i| (i * 7) % 3).collect();
            let loss = DensificationLossParams::new(0.25).check().unwrap();
            assert!(fd_check(&loss, &pts, d, Some(&labels), 0, Metric::Euclidean) > 0);
        }
    }

    #[test]
    fn weighted_sum_matches_its_terms() {
        let (n, d) = (20, 2);
        let pts = Rng::new(21).cloud(n, d);
        let t0 = reference_diagram(22, n, d, 0);
        let t1 = reference_diagram(22, n, d, 1);
        let e0 = EntropyLossParams::new(0, t0.clone()).check().unwrap();
        let r1 = ReininghausLossParams::new(1, 0.01, t1).check().unwrap();
        let c = ConnectivityLossParams::new(0.2).check().unwrap(); // Manhattan
        let labels: Vec<usize> = (0..n).map(|i| i % 2).collect();
        let dens = DensificationLossParams::new(0.3).check().unwrap();
        let sum = WeightedSum::new()
            .term(2.0, e0.clone())
            .unwrap()
            .term(0.5, r1.clone())
            .unwrap()
            .term(-1.5, c)
            .unwrap()
            .term(3.0, dens)
            .unwrap();
        assert_eq!(sum.len(), 4);
        assert_eq!(sum.weights(), vec![2.0, 0.5, -1.5, 3.0]);
        let batch = Batch::labelled(PointCloud::new(&pts, d).unwrap(), &labels).unwrap();
        let (v, g) = sum.value_and_grad(batch).unwrap();
        let parts: [(f64, &dyn Loss<f64>); 4] = [(2.0, &e0), (0.5, &r1), (-1.5, &c), (3.0, &dens)];
        let mut ev = 0.0;
        let mut eg = vec![0.0; pts.len()];
        for (w, l) in parts {
            let (lv, lg) = l.value_and_grad(batch).unwrap();
            ev += w * lv;
            for (a, b) in eg.iter_mut().zip(lg) {
                *a += w * b;
            }
        }
        assert!((v - ev).abs() < 1e-12 * (1.0 + ev.abs()));
        assert!((sum.value(batch).unwrap() - ev).abs() < 1e-12 * (1.0 + ev.abs()));
        for (a, b) in g.iter().zip(&eg) {
            assert!((a - b).abs() < 1e-12 * (1.0 + b.abs()));
        }
        assert!(fd_check(&sum, &pts, d, Some(&labels), 1, Metric::Euclidean) > 0);
        let empty = WeightedSum::<f64>::new();
        assert!(empty.is_empty());
        assert_eq!(
            empty.value_and_grad(batch).unwrap(),
            (0.0, vec![0.0; pts.len()])
        );
        assert!(WeightedSum::new().term(f64::NAN, c).is_err());
    }

    /// Every loss of the module, on a cloud of `n` points in dimension `d`.
    fn all_losses(n: usize, d: usize) -> Vec<(&'static str, Box<dyn Loss<f64>>)> {
        let t0 = reference_diagram(31, n, d, 0);
        let t1 = reference_diagram(31, n, d, 1);
        vec![
            ("push 1", Box::new(PushLossParams::new(1).check().unwrap())),
            (
                "bottleneck 0",
                Box::new(BottleneckLossParams::new(0, t0.clone()).check().unwrap()),
            ),
            (
                "bottleneck 1",
                Box::new(BottleneckLossParams::new(1, t1.clone()).check().unwrap()),
            ),
            ("push 0", Box::new(PushLossParams::new(0).check().unwrap())),
            (
                "reininghaus 1",
                Box::new(
                    ReininghausLossParams::new(1, 0.01, t1.clone())
                        .check()
                        .unwrap(),
                ),
            ),
            (
                "4sgde 0",
                Box::new(
                    Sgde4LossParams::new(t0.clone(), linspace(0.0, 0.5, 6), 0.1)
                        .check()
                        .unwrap(),
                ),
            ),
            (
                "entropy 1",
                Box::new(EntropyLossParams::new(1, t1).delta(0.01).check().unwrap()),
            ),
            (
                "entropy 0",
                Box::new(EntropyLossParams::new(0, t0).check().unwrap()),
            ),
            (
                "connectivity",
                Box::new(ConnectivityLossParams::new(0.2).check().unwrap()),
            ),
            (
                "densification",
                Box::new(DensificationLossParams::new(0.2).check().unwrap()),
            ),
        ]
    }

    #[test]
    fn translation_and_permutation_invariance() {
        let (n, d) = (24, 3);
        let pts = Rng::new(41).cloud(n, d);
        let labels: Vec<usize> = (0..n).map(|i| i % 3).collect();
        let shifted: Vec<f64> = pts
            .iter()
            .enumerate()
            .map(|(i, &x)| x + [0.37, -1.25, 2.5][i % d])
            .collect();
        // a fixed permutation: i -> (7 i + 3) mod n
        let perm: Vec<usize> = (0..n).map(|i| (7 * i + 3) % n).collect();
        let mut permuted = vec![0.0; n * d];
        let mut plabels = vec![0; n];
        for (i, &j) in perm.iter().enumerate() {
            permuted[j * d..(j + 1) * d].copy_from_slice(&pts[i * d..(i + 1) * d]);
            plabels[j] = labels[i];
        }
        for (name, loss) in all_losses(n, d) {
            let run = |p: &[f64], l: &[usize]| {
                let b = Batch::labelled(PointCloud::new(p, d).unwrap(), l).unwrap();
                loss.value_and_grad(b).unwrap()
            };
            let (v, g) = run(&pts, &labels);
            let (vs, gs) = run(&shifted, &labels);
            let (vp, gp) = run(&permuted, &plabels);
            let tol = 1e-9 * (1.0 + v.abs());
            assert!(
                (v - vs).abs() < tol,
                "{name}: translation changes {v} to {vs}"
            );
            assert!(
                (v - vp).abs() < tol,
                "{name}: permutation changes {v} to {vp}"
            );
            let gmax = g.iter().fold(1.0f64, |m, x| m.max(x.abs()));
            for i in 0..n {
                for k in 0..d {
                    let a = g[i * d + k];
                    assert!(
                        (a - gs[i * d + k]).abs() < 1e-9 * gmax,
                        "{name}: translated gradient"
                    );
                    assert!(
                        (a - gp[perm[i] * d + k]).abs() < 1e-9 * gmax,
                        "{name}: permuted gradient"
                    );
                }
            }
        }
    }

    #[test]
    fn works_in_f32() {
        let pts: Vec<f32> = Rng::new(51)
            .cloud(20, 2)
            .into_iter()
            .map(|x| x as f32)
            .collect();
        let cloud = PointCloud::new(&pts, 2).unwrap();
        let t1 = target_diagram(&cloud, Metric::Euclidean, 1).unwrap();
        let loss = ReininghausLossParams::new(1, 0.01, rescale(&t1, 1.5f32).unwrap())
            .check()
            .unwrap();
        let (v, g) = loss.value_and_grad(cloud.into()).unwrap();
        assert!(v > 0.0 && v.is_finite());
        assert!(g.iter().all(|x| x.is_finite()));
        let c = ConnectivityLossParams::new(0.5).check().unwrap();
        let (v, g) = Loss::<f32>::value_and_grad(&c, cloud.into()).unwrap();
        assert!(v > 0.0 && g.len() == 40);
    }

    #[test]
    fn parameters_are_checked() {
        let t = Diagram::new(vec![[0.0, 1.0]]).unwrap();
        assert!(PushLossParams::new(MAX_DIM + 1).check().is_err());
        assert!(BottleneckLossParams::new(MAX_DIM + 1, t.clone())
            .check()
            .is_err());
        assert!(ReininghausLossParams::new(1, 0.0, t.clone())
            .check()
            .is_err());
        assert!(ReininghausLossParams::new(1, f64::NAN, t.clone())
            .check()
            .is_err());
        assert!(Sgde4LossParams::new(t.clone(), vec![], 0.1)
            .check()
            .is_err());
        assert!(Sgde4LossParams::new(t.clone(), vec![0.5], -1.0)
            .check()
            .is_err());
        assert!(EntropyLossParams::new(0, t.clone())
            .delta(-0.1)
            .check()
            .is_err());
        assert!(EntropyLossParams::new(0, t.clone())
            .base(LogBase::Other(1.0))
            .check()
            .is_err());
        assert!(ConnectivityLossParams::new(-1.0).check().is_err());
        assert!(DensificationLossParams::new(f64::INFINITY).check().is_err());
        assert!(rescale(&t, 0.0).is_err());
        assert!(rescale_to_max_death(&t, f64::NAN).is_err());
        assert_eq!(
            rescale_to_max_death(&Diagram::<f64>::empty(), 2.0).unwrap(),
            Diagram::empty()
        );
        assert!(target_diagram(
            &PointCloud::new(&[0.0, 1.0], 1).unwrap(),
            Metric::Euclidean,
            MAX_DIM + 1
        )
        .is_err());
        // cosine metric with a zero vector: a typed error, no panic
        let push = PushLossParams::new(1)
            .metric(Metric::Cosine)
            .check()
            .unwrap();
        let pts = [0.0, 0.0, 1.0, 0.0, 0.0, 1.0];
        assert!(matches!(
            push.value(PointCloud::new(&pts, 2).unwrap().into()),
            Err(Error::ZeroVector { index: 0 })
        ));
    }

    #[test]
    fn tiny_batches() {
        let one = [0.5, 0.5];
        let cloud = PointCloud::new(&one, 2).unwrap();
        for (name, loss) in all_losses(10, 2) {
            let b = Batch::labelled(cloud, &[0]).unwrap();
            let (v, g) = loss.value_and_grad(b).unwrap();
            assert!(v.is_finite(), "{name}");
            assert_eq!(g, vec![0.0, 0.0], "{name}");
        }
    }
}
