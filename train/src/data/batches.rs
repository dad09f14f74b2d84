//! Seeded shuffles and fixed-size batches.

use toporeg::SplitMix64;

/// The indices `0..n` in an order drawn from `seed` ([`SplitMix64::shuffle`], the
/// project's seeded generator): the same seed gives the same order on every
/// platform.
///
/// ```
/// let a = toporeg_train::data::shuffled(10, 1);
/// let mut sorted = a.clone();
/// sorted.sort();
/// assert_eq!(sorted, (0..10).collect::<Vec<_>>());
/// assert_eq!(a, toporeg_train::data::shuffled(10, 1));
/// ```
pub fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    SplitMix64::new(seed).shuffle(&mut order);
    order
}

/// The batches of training: epoch `e` visits the samples in the order
/// [`shuffled`]`(n, seed ⊕ e)` and cuts it into `batch`-sized pieces,
/// leaving out the incomplete last one (every batch has the same size).
///
/// Step `s` (counted from 0 over all epochs) is batch `s % per_epoch` of
/// epoch `s / per_epoch`, so a run resumed at step `s` sees the batches it
/// would have seen.
///
/// ```
/// use toporeg_train::data::Batches;
/// let b = Batches::new(10, 4, 9).unwrap();
/// assert_eq!(b.per_epoch(), 2);
/// assert_eq!(b.indices(0).len(), 4);
/// assert_eq!(b.indices(2), Batches::new(10, 4, 9).unwrap().indices(2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batches {
    n: usize,
    batch: usize,
    seed: u64,
}

impl Batches {
    /// Batches of `batch` samples out of `n`.
    ///
    /// # Errors
    /// When `batch` is zero or larger than `n`.
    pub fn new(n: usize, batch: usize, seed: u64) -> anyhow::Result<Self> {
        if batch == 0 || batch > n {
            anyhow::bail!("batch size {batch} must be between 1 and the {n} training samples");
        }
        Ok(Self { n, batch, seed })
    }

    /// Complete batches per epoch.
    pub fn per_epoch(&self) -> usize {
        self.n / self.batch
    }

    /// The batch size.
    pub fn batch(&self) -> usize {
        self.batch
    }

    /// The sample indices of step `step`.
    pub fn indices(&self, step: usize) -> Vec<usize> {
        let epoch = step / self.per_epoch();
        let k = step % self.per_epoch();
        let order = shuffled(self.n, epoch_seed(self.seed, epoch));
        order[k * self.batch..(k + 1) * self.batch].to_vec()
    }
}

fn epoch_seed(seed: u64, epoch: usize) -> u64 {
    seed ^ (epoch as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_epoch_visits_each_sample_once() {
        let b = Batches::new(23, 5, 3).unwrap();
        assert_eq!(b.per_epoch(), 4);
        for epoch in 0..3 {
            let mut seen: Vec<usize> = (0..4).flat_map(|k| b.indices(epoch * 4 + k)).collect();
            assert_eq!(seen.len(), 20);
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len(), 20);
        }
        assert_ne!(b.indices(0), b.indices(4), "epochs are reshuffled");
        assert!(Batches::new(3, 4, 0).is_err());
        assert!(Batches::new(3, 0, 0).is_err());
    }
}
