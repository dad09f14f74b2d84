//! Target diagrams for the losses, their rescaling, and the grid helper
//! of the 4SGDE loss.

use alloc::vec;
use alloc::vec::Vec;

use crate::diagrams::diagram::Diagram;
use crate::error::{Error, Result};
use crate::losses::loss::{check_degree, persistence_of};
use crate::persistence::metric::Metric;
use crate::persistence::points::PointCloud;
use crate::scalar::Scalar;

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
/// [`Error::InvalidParameter`] for a degree above [`MAX_DIM`](crate::persistence::rips::MAX_DIM), and those of
/// [`crate::persistence::rips::Rips::persistence`].
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
/// use toporeg::{rescale, Diagram};
/// let d = Diagram::new(vec![[0.0, 2.0], [1.0, f64::INFINITY]])?;
/// assert_eq!(rescale(&d, 0.5)?.points(), &[[0.0, 1.0], [0.5, f64::INFINITY]]);
/// # Ok::<(), toporeg::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] unless `factor` is positive and finite.
pub fn rescale<T: Scalar>(diagram: &Diagram<T>, factor: f64) -> Result<Diagram<T>> {
    if !(factor.is_finite() && factor > 0.0) {
        return Err(Error::InvalidParameter {
            name: "factor",
            reason: alloc::format!("must be positive and finite, got {factor}"),
        });
    }
    Diagram::new(
        diagram
            .points()
            .iter()
            .map(|&[b, d]| [b * T::of(factor), d * T::of(factor)])
            .collect(),
    )
}

/// `diagram` rescaled so that its largest finite death becomes `max_death`
/// (unchanged when it has no positive finite death).
///
/// ```
/// use toporeg::{rescale_to_max_death, Diagram};
/// let d = Diagram::new(vec![[0.0, 2.0], [0.0, 4.0], [0.0, f64::INFINITY]])?;
/// let r = rescale_to_max_death(&d, 1.0)?;
/// assert_eq!(r.points(), &[[0.0, 0.5], [0.0, 1.0], [0.0, f64::INFINITY]]);
/// # Ok::<(), toporeg::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] unless `max_death` is positive and finite.
pub fn rescale_to_max_death<T: Scalar>(diagram: &Diagram<T>, max_death: f64) -> Result<Diagram<T>> {
    if !(max_death.is_finite() && max_death > 0.0) {
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
    rescale(diagram, max_death / largest.as_f64())
}

/// Evenly spaced grid `lo, …, hi` of `m` values (just `lo` when `m == 1`),
/// for [`Sgde4LossParams`](crate::losses::Sgde4LossParams).
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
