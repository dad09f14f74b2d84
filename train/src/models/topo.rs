//! The TopoVAE models: which regularizer each adds to the VAE loss, with
//! targets from the diagrams of the input batch.

use toporeg::{
    linspace, rescale, target_diagrams, BottleneckLossParams, Diagram, EntropyLossParams, Metric,
    PointCloud, ReininghausLossParams, Result, Scalar, Sgde4LossParams, WeightedSum,
};

/// The models of the TopoVAE experiments. With `P` the batch of outputs,
/// `D0^0` and `D0^1` the H0 and H1 diagrams of the input batch
/// (Euclidean), `m` the largest finite death of `D0^0` and `L0 = KLD + BCE`:
///
/// | model | total loss |
/// |---|---|
/// | VAE0 | `L0` |
/// | TopoVAE1 | `L0 + ω0·bottleneck_0 + ω1·bottleneck_1` |
/// | TopoVAE2 | `L0 + ω0·entropy_0(δ) + ω1·entropy_1(δ)` |
/// | TopoVAE3 | `L0 + ω0·entropy_0(δ) + ω1·Reininghaus_1(σ)` |
/// | TopoVAE4 | `L0 + ω0·4SGDE_0 + ω1·Reininghaus_1(σ)` |
/// | Z1 | TopoVAE1's terms on the batch of latent means, against `D0^k` rescaled |
///
/// The scale-dependent parameters follow the input batch, so that one
/// setting works for 8×8 digits and 28×28 images alike: `δ = 0.01·m`,
/// `σ = (0.3·m)²` (the PSSK's σ is a squared length), 4SGDE on the grid
/// `linspace(0, m, 16)` with width `m/8` and scale `s = 1/Σ_{D0^0}(d-b)⁴`
/// (so that the target's curve is of order 1). Z1 rescales the targets by
/// the ratio of the latent batch's largest finite H0 death to `m`.
/// The weights `ω0 = ω1 = 5` are the TopoVAE paper's for TopoVAE1, used for
/// every model by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    /// The plain VAE.
    Vae0,
    /// Bottleneck distances in H0 and H1.
    TopoVae1,
    /// Persistent entropies in H0 and H1.
    TopoVae2,
    /// H0 entropy and H1 Reininghaus distance.
    TopoVae3,
    /// H0 4SGDE and H1 Reininghaus distance.
    TopoVae4,
    /// TopoVAE1's terms on the latent codes.
    Z1,
}

/// The batch a regularizer applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Space {
    /// The decoder's outputs (pixel probabilities).
    Output,
    /// The encoder's latent means.
    Latent,
}

impl ModelKind {
    /// Every model, VAE0 first.
    pub const ALL: [ModelKind; 6] = [
        Self::Vae0,
        Self::TopoVae1,
        Self::TopoVae2,
        Self::TopoVae3,
        Self::TopoVae4,
        Self::Z1,
    ];

    /// The command-line name (`vae0`, `topovae1`, …, `z1`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Vae0 => "vae0",
            Self::TopoVae1 => "topovae1",
            Self::TopoVae2 => "topovae2",
            Self::TopoVae3 => "topovae3",
            Self::TopoVae4 => "topovae4",
            Self::Z1 => "z1",
        }
    }

    /// The display name (`VAE0`, `TopoVAE1`, …, `TopoVAE-Z1`).
    pub fn label(self) -> &'static str {
        match self {
            Self::Vae0 => "VAE0",
            Self::TopoVae1 => "TopoVAE1",
            Self::TopoVae2 => "TopoVAE2",
            Self::TopoVae3 => "TopoVAE3",
            Self::TopoVae4 => "TopoVAE4",
            Self::Z1 => "TopoVAE-Z1",
        }
    }

    /// The regularizer for the input batch `input` (`n × dim`, row-major),
    /// with weights `weights = [ω0, ω1]`; `None` for VAE0.
    ///
    /// # Errors
    /// Those of the persistence of the input batch, and non-finite weights.
    pub fn regularizer<E: Scalar>(
        self,
        input: &[E],
        dim: usize,
        weights: [f64; 2],
    ) -> Result<Option<Regularizer<E>>> {
        if self == Self::Vae0 {
            return Ok(None);
        }
        Ok(self.regularizer_with_targets(input_targets(input, dim)?, weights))
    }

    /// The regularizer with the input batch's diagrams already computed
    /// ([`input_targets`]); `None` for VAE0.
    pub fn regularizer_with_targets<E: Scalar>(
        self,
        targets: Vec<Diagram<E>>,
        weights: [f64; 2],
    ) -> Option<Regularizer<E>> {
        if self == Self::Vae0 {
            return None;
        }
        let m = targets.first().map_or(E::zero(), max_finite_death);
        let scale = if m > E::zero() { m } else { E::one() };
        Some(Regularizer {
            kind: self,
            weights: [E::of(weights[0]), E::of(weights[1])],
            targets,
            scale,
        })
    }
}

impl std::fmt::Display for ModelKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for ModelKind {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.name() == s.to_ascii_lowercase())
            .ok_or_else(|| {
                format!("unknown model `{s}`: expected vae0, topovae1, topovae2, topovae3, topovae4 or z1")
            })
    }
}

/// The targets of the TopoVAEs: the H0 and H1 diagrams (Euclidean) of the
/// input batch (`n × dim`, row-major), from one persistence computation.
///
/// # Errors
/// Those of the persistence computation (a non-finite coordinate, for
/// example).
pub fn input_targets<E: Scalar>(input: &[E], dim: usize) -> Result<Vec<Diagram<E>>> {
    target_diagrams(&PointCloud::new(input, dim)?, Metric::Euclidean, 1)
}

/// The largest finite death of a diagram (0 when it has none).
fn max_finite_death<E: Scalar>(d: &Diagram<E>) -> E {
    d.points()
        .iter()
        .filter(|p| p[1].is_finite())
        .fold(E::zero(), |m, p| m.max(p[1]))
}

/// The regularizer of one TopoVAE on one batch: its targets (the diagrams
/// of the input batch, computed once) and weights.
#[derive(Debug, Clone)]
pub struct Regularizer<E: Scalar> {
    kind: ModelKind,
    weights: [E; 2],
    targets: Vec<Diagram<E>>,
    scale: E,
}

impl<E: Scalar> Regularizer<E> {
    /// The batch it applies to.
    pub fn space(&self) -> Space {
        match self.kind {
            ModelKind::Z1 => Space::Latent,
            _ => Space::Output,
        }
    }

    /// The H0 and H1 diagrams of the input batch.
    pub fn targets(&self) -> &[Diagram<E>] {
        &self.targets
    }

    /// The weighted sum of losses to apply to `points` (`n × dim`): the
    /// batch is only read for Z1, whose targets are rescaled to the latent
    /// batch's scale.
    ///
    /// # Errors
    /// Those of the loss parameters and, for Z1, of the persistence of the
    /// latent batch.
    pub fn loss_for(&self, points: &[E], dim: usize) -> Result<WeightedSum<E>> {
        let m = self.scale;
        let [w0, w1] = self.weights;
        let (d0, d1) = (self.targets[0].clone(), self.targets[1].clone());
        let delta = 0.01 * m.as_f64();
        let sigma = (0.3 * m.as_f64()).powi(2);
        let sum = WeightedSum::new();
        match self.kind {
            ModelKind::Vae0 => Ok(sum),
            ModelKind::TopoVae1 => sum
                .term(w0, BottleneckLossParams::new(0, d0).check()?)?
                .term(w1, BottleneckLossParams::new(1, d1).check()?),
            ModelKind::TopoVae2 => sum
                .term(w0, EntropyLossParams::new(0, d0).delta(delta).check()?)?
                .term(w1, EntropyLossParams::new(1, d1).delta(delta).check()?),
            ModelKind::TopoVae3 => sum
                .term(w0, EntropyLossParams::new(0, d0).delta(delta).check()?)?
                .term(w1, ReininghausLossParams::new(1, sigma, d1).check()?),
            ModelKind::TopoVae4 => {
                let quartic: f64 = d0
                    .points()
                    .iter()
                    .filter(|p| p[1].is_finite())
                    .map(|p| (p[1] - p[0]).as_f64().powi(4))
                    .sum();
                let s = if quartic > 0.0 { 1.0 / quartic } else { 1.0 };
                let m = m.as_f64();
                sum.term(
                    w0,
                    Sgde4LossParams::new(d0, linspace(0.0, m, 16), m / 8.0)
                        .scale(s)
                        .check()?,
                )?
                .term(w1, ReininghausLossParams::new(1, sigma, d1).check()?)
            }
            ModelKind::Z1 => {
                let latent =
                    toporeg::h0_persistence(&PointCloud::new(points, dim)?, Metric::Euclidean)?;
                let lm = latent
                    .pairs(0)
                    .iter()
                    .filter(|p| p.death.is_finite())
                    .fold(E::zero(), |a, p| a.max(p.death));
                let factor = if lm > E::zero() {
                    (lm / m).as_f64()
                } else {
                    1.0
                };
                sum.term(
                    w0,
                    BottleneckLossParams::new(0, rescale(&d0, factor)?).check()?,
                )?
                .term(
                    w1,
                    BottleneckLossParams::new(1, rescale(&d1, factor)?).check()?,
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use toporeg::Loss;

    #[test]
    fn names_round_trip_and_vae0_has_no_regularizer() {
        for k in ModelKind::ALL {
            assert_eq!(k.name().parse::<ModelKind>().unwrap(), k);
        }
        assert!("topovae9".parse::<ModelKind>().is_err());
        let pts = [0.0f32, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0];
        assert!(ModelKind::Vae0
            .regularizer(&pts, 2, [5.0, 5.0])
            .unwrap()
            .is_none());
    }

    #[test]
    fn every_regularizer_has_a_finite_value_and_gradient() {
        let mut rng = toporeg::SplitMix64::new(5);
        let (n, d) = (30, 4);
        let input: Vec<f64> = (0..n * d).map(|_| rng.next_f64()).collect();
        let output: Vec<f64> = (0..n * d).map(|_| rng.next_f64()).collect();
        for k in &ModelKind::ALL[1..] {
            let reg = k.regularizer(&input, d, [5.0, 5.0]).unwrap().unwrap();
            assert_eq!(reg.targets().len(), 2);
            let loss = reg.loss_for(&output, d).unwrap();
            assert_eq!(loss.len(), 2, "{k}");
            let (v, g) = loss
                .value_and_grad(PointCloud::new(&output, d).unwrap().into())
                .unwrap();
            assert!(v.is_finite() && g.iter().all(|x| x.is_finite()), "{k}");
            assert!(g.iter().any(|&x| x != 0.0), "{k}: zero gradient");
        }
        assert_eq!(
            ModelKind::Z1
                .regularizer(&input, d, [1.0, 1.0])
                .unwrap()
                .unwrap()
                .space(),
            Space::Latent
        );
    }
}
