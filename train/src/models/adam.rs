//! Adam on the host copies of the parameters, with its state in the open
//! so that checkpoints can save and restore it exactly.

use toporeg::Scalar;

/// Adam (Kingma & Ba) with PyTorch's defaults: β1 = 0.9, β2 = 0.999,
/// ε = 1e-8.
#[derive(Debug, Clone, PartialEq)]
pub struct Adam<E> {
    /// The learning rate.
    pub lr: f64,
    /// Steps taken.
    pub t: u64,
    /// First-moment estimates, one vector per parameter tensor.
    pub m: Vec<Vec<E>>,
    /// Second-moment estimates, one vector per parameter tensor.
    pub v: Vec<Vec<E>>,
}

impl<E: Scalar> Adam<E> {
    /// Fresh state for parameter tensors of the given lengths.
    pub fn new(lr: f64, lengths: &[usize]) -> Self {
        Self {
            lr,
            t: 0,
            m: lengths.iter().map(|&n| vec![E::zero(); n]).collect(),
            v: lengths.iter().map(|&n| vec![E::zero(); n]).collect(),
        }
    }

    /// One update of `params` by `grads` (same layout).
    pub fn step(&mut self, params: &mut [Vec<E>], grads: &[Vec<E>]) {
        const B1: f64 = 0.9;
        const B2: f64 = 0.999;
        self.t += 1;
        let t = self.t as i32;
        let step = E::of(self.lr / (1.0 - B1.powi(t)));
        let v_scale = E::of(1.0 / (1.0 - B2.powi(t)));
        let (b1, b2) = (E::of(B1), E::of(B2));
        let (c1, c2) = (E::of(1.0 - B1), E::of(1.0 - B2));
        let eps = E::of(1e-8);
        for (((p, g), m), v) in params
            .iter_mut()
            .zip(grads)
            .zip(&mut self.m)
            .zip(&mut self.v)
        {
            for (((p, &g), m), v) in p.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
                *m = b1 * *m + c1 * g;
                *v = b2 * *v + c2 * g * g;
                *p = *p - step * *m / ((*v * v_scale).sqrt() + eps);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimises_a_quadratic() {
        let mut p = vec![vec![3.0f64, -2.0]];
        let mut adam = Adam::new(0.1, &[2]);
        for _ in 0..500 {
            let g = vec![p[0].iter().map(|x| 2.0 * x).collect::<Vec<_>>()];
            adam.step(&mut p, &g);
        }
        assert!(p[0].iter().all(|x| x.abs() < 1e-2), "{p:?}");
        assert_eq!(adam.t, 500);
    }
}
