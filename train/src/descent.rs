//! Plain gradient descent on the coordinates of a point cloud: the smallest
//! training loop around a [`Loss`], used by `toporeg demo` and ready for
//! larger training code.
//!
//! ```
//! use toporeg::DensificationLossParams;
//! use toporeg_train::descent::DescentParams;
//!
//! // two classes of two points; densification pulls each class's H0 death
//! // time (the distance between its points) towards β = 0.1
//! let mut pts = vec![0.0, 0.0, 0.3, 0.0, 2.0, 0.0, 2.4, 0.0];
//! let labels = [0, 0, 1, 1];
//! let loss = DensificationLossParams::new(0.1).check()?;
//! let descent = DescentParams::new(0.1).steps(30).check()?;
//! let report = descent.run(&loss, &mut pts, 2, Some(&labels))?;
//! assert_eq!(report.steps, 30);
//! assert!(report.last < report.first);
//! # Ok::<(), toporeg::Error>(())
//! ```

use toporeg::{Batch, Error, Loss, PointCloud, Result, Scalar};

/// Settings of a [`Descent`]: the step size (learning rate) and the number
/// of steps (100 unless set).
#[derive(Debug, Clone, PartialEq)]
pub struct DescentParams {
    rate: f64,
    steps: usize,
}

impl DescentParams {
    /// Steps of size `rate`: each moves the coordinates by `-rate · ∇loss`.
    pub fn new(rate: f64) -> Self {
        Self { rate, steps: 100 }
    }

    /// The number of gradient steps.
    pub fn steps(mut self, steps: usize) -> Self {
        self.steps = steps;
        self
    }

    /// The checked descent.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] when the rate is not a finite positive
    /// number or there are no steps.
    pub fn check(self) -> Result<Descent> {
        if !(self.rate.is_finite() && self.rate > 0.0) {
            return Err(Error::InvalidParameter {
                name: "rate",
                reason: format!("must be finite and positive, got {}", self.rate),
            });
        }
        if self.steps == 0 {
            return Err(Error::InvalidParameter {
                name: "steps",
                reason: "at least one step is needed".into(),
            });
        }
        Ok(Descent {
            rate: self.rate,
            steps: self.steps,
        })
    }
}

/// A checked plain gradient descent (see [`DescentParams`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Descent {
    rate: f64,
    steps: usize,
}

/// What a [`Descent::run`] did: the loss before the first step and before
/// the last one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DescentReport<T> {
    /// The loss at the starting coordinates.
    pub first: T,
    /// The loss at the coordinates the last step started from.
    pub last: T,
    /// The number of steps taken.
    pub steps: usize,
}

impl Descent {
    /// Moves `points` (`n · dim` coordinates, row-major) down the gradient of
    /// `loss`, evaluated on the whole cloud (with `labels` for the losses
    /// that need classes) at every step.
    ///
    /// # Errors
    /// Those of [`PointCloud::new`] and [`Batch::labelled`] (a coordinate
    /// that became non-finite, for example, when the rate is too large), and
    /// of the loss.
    pub fn run<T: Scalar>(
        &self,
        loss: &dyn Loss<T>,
        points: &mut [T],
        dim: usize,
        labels: Option<&[usize]>,
    ) -> Result<DescentReport<T>> {
        let rate = T::of(self.rate);
        let mut first = None;
        let mut last = T::of(0.0);
        for _ in 0..self.steps {
            let cloud = PointCloud::new(points, dim)?;
            let batch = match labels {
                Some(l) => Batch::labelled(cloud, l)?,
                None => Batch::new(cloud),
            };
            let (value, grad) = loss.value_and_grad(batch)?;
            first.get_or_insert(value);
            last = value;
            for (x, g) in points.iter_mut().zip(grad) {
                *x = *x - rate * g;
            }
        }
        Ok(DescentReport {
            first: first.unwrap_or(last),
            last,
            steps: self.steps,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_settings_are_errors() {
        for p in [
            DescentParams::new(0.0),
            DescentParams::new(-1.0),
            DescentParams::new(f64::NAN),
            DescentParams::new(0.1).steps(0),
        ] {
            assert!(
                matches!(p.clone().check(), Err(Error::InvalidParameter { .. })),
                "{p:?}"
            );
        }
    }

    #[test]
    fn works_in_f32_with_labels() {
        let mut pts: Vec<f32> = vec![0.0, 0.0, 0.3, 0.0, 2.0, 0.0, 2.4, 0.0];
        let labels = [0, 0, 1, 1];
        let loss = toporeg::DensificationLossParams::new(0.1).check().unwrap();
        let r = DescentParams::new(0.1)
            .steps(30)
            .check()
            .unwrap()
            .run(&loss, &mut pts, 2, Some(&labels))
            .unwrap();
        assert!(r.last < r.first, "{r:?}");
    }
}
