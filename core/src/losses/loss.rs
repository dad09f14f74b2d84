//! The path every loss runs, forward and back, in one place: a batch of
//! points → persistence pairs with their edges → the diagram of one degree
//! → the loss of that diagram and its gradient per diagram point → the
//! gradient per coordinate ([`Persistence::pullback`]). A loss that is a
//! function of one diagram implements [`DiagramLoss`]; the
//! `loss_through_diagram!` macro turns it into a [`Loss`].

use alloc::vec::Vec;

use crate::diagrams::diagram::Diagram;
use crate::error::{Error, Result};
use crate::persistence::metric::Metric;
use crate::persistence::points::PointCloud;
use crate::persistence::rips::{Persistence, RipsParams, MAX_DIM};
use crate::scalar::Scalar;

/// A batch of points, with class labels for the losses that need them
/// ([`DensificationLoss`](crate::losses::DensificationLoss)).
///
/// ```
/// use toporeg::{Batch, PointCloud};
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
    /// [`WeightedSum`](crate::losses::WeightedSum) uses it to compute the persistence once for several
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
pub(crate) fn persistence_of<T: Scalar>(
    cloud: &PointCloud<'_, T>,
    metric: Metric,
    degree: usize,
) -> Result<Persistence<T>> {
    RipsParams::new()
        .max_dim(degree)
        .check()?
        .persistence(cloud, metric)
}

pub(crate) fn diagram_value<T: Scalar>(
    l: &dyn DiagramLoss<T>,
    cloud: &PointCloud<'_, T>,
) -> Result<T> {
    let pers = persistence_of(cloud, l.metric(), l.degree())?;
    Ok(l.diagram_value(&pers.diagram(l.degree())))
}

pub(crate) fn diagram_value_and_grad<T: Scalar>(
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
        impl<T: $crate::scalar::Scalar> $crate::losses::loss::Loss<T> for $($ty)* {
            fn value(&self, batch: $crate::losses::loss::Batch<'_, T>) -> $crate::error::Result<T> {
                $crate::losses::loss::diagram_value(self, &batch.cloud())
            }
            fn value_and_grad(
                &self,
                batch: $crate::losses::loss::Batch<'_, T>,
            ) -> $crate::error::Result<(T, alloc::vec::Vec<T>)> {
                $crate::losses::loss::diagram_value_and_grad(self, &batch.cloud())
            }
            fn as_diagram_loss(&self) -> Option<&dyn $crate::losses::loss::DiagramLoss<T>> {
                Some(self)
            }
        }
    };
}

pub(crate) fn check_degree(degree: usize) -> Result<()> {
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
pub(crate) fn check_target<T: Scalar>(target: &Diagram<T>) -> Result<()> {
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
pub(crate) fn check_degree_and_target<T: Scalar>(degree: usize, target: &Diagram<T>) -> Result<()> {
    check_degree(degree)?;
    check_target(target)
}

pub(crate) fn check_non_negative(name: &'static str, v: f64) -> Result<()> {
    if !(v.is_finite() && v >= 0.0) {
        return Err(Error::InvalidParameter {
            name,
            reason: alloc::format!("must be finite and non-negative, got {v}"),
        });
    }
    Ok(())
}

/// Implements [`Loss`] for a type with a method `run(&self, batch, grad:
/// bool) -> Result<(T, Vec<T>)>` giving the value, and the gradient when
/// `grad` (losses that are not a function of one diagram).
macro_rules! loss_through_run {
    ($($ty:tt)*) => {
        impl<T: $crate::scalar::Scalar> $crate::losses::loss::Loss<T> for $($ty)* {
            fn value(&self, batch: $crate::losses::loss::Batch<'_, T>) -> $crate::error::Result<T> {
                Ok(self.run(batch, false)?.0)
            }
            fn value_and_grad(
                &self,
                batch: $crate::losses::loss::Batch<'_, T>,
            ) -> $crate::error::Result<(T, alloc::vec::Vec<T>)> {
                self.run(batch, true)
            }
        }
    };
}

pub(crate) use loss_through_diagram;
pub(crate) use loss_through_run;
