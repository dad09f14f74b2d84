//! The one seeded random generator of the project.
//!
//! toporeg needs randomness in a few places only (random landmarks of the
//! witness complex; test data, benches, examples and shuffles of training
//! batches outside the core), and needs it reproducible: the same seed must
//! give the same numbers on every platform, in `no_std` and in the browser.
//! [`SplitMix64`] is that generator; everything in the workspace that draws
//! random numbers uses it, so that one seed means one stream everywhere.

/// Sebastiano Vigna's SplitMix64: a tiny, fast, seeded generator with 64
/// bits of state, portable bit for bit (no platform or feature changes its
/// output), `no_std`.
///
/// It is not cryptographic. Its streams pass the usual statistical test
/// batteries, which is what sampling, shuffling and test data need.
///
/// ```
/// use toporeg::SplitMix64;
/// let mut rng = SplitMix64::new(42);
/// let u = rng.next_f64();
/// assert!((0.0..1.0).contains(&u));
/// let k = rng.below(6);
/// assert!(k < 6);
/// let mut order: Vec<usize> = (0..10).collect();
/// rng.shuffle(&mut order);
/// order.sort_unstable();
/// assert_eq!(order, (0..10).collect::<Vec<_>>());
/// // the same seed, the same stream
/// assert_eq!(SplitMix64::new(7).next_u64(), SplitMix64::new(7).next_u64());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator started from `seed` (every seed, 0 included, is fine).
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in `[0, 1)`: the top 53 bits of
    /// [`SplitMix64::next_u64`] over `2^53`.
    #[inline]
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A standard normal number by the Box–Muller transform, from two
    /// uniforms `u1, u2` ([`SplitMix64::next_f64`], in this order):
    /// `sqrt(-2 ln(1 - u1)) · cos(2π u2)`. One number per call (the sine
    /// half is not kept, so the stream does not depend on call history).
    pub fn gaussian(&mut self) -> f64 {
        let u = 1.0 - self.next_f64();
        let v = self.next_f64();
        libm::sqrt(-2.0 * libm::log(u)) * libm::cos(2.0 * core::f64::consts::PI * v)
    }

    /// A uniform integer in `0..bound`, without modulo bias (rejection of
    /// the top partial block of 64-bit values). `bound == 0` gives 0 and
    /// draws nothing.
    pub fn below(&mut self, bound: u64) -> u64 {
        if bound == 0 {
            return 0;
        }
        let zone = u64::MAX - u64::MAX % bound;
        loop {
            let v = self.next_u64();
            if v < zone {
                return v % bound;
            }
        }
    }

    /// Shuffles `items` uniformly (Fisher–Yates: position `i` takes a
    /// uniform pick among positions `i..`, for `i = 0, 1, …`).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        self.partial_shuffle(items, items.len());
    }

    /// The first `count` steps of [`SplitMix64::shuffle`]: afterwards
    /// `items[..count]` is a uniform random sample of `count` of the items,
    /// in random order (`count` is capped at `items.len()`).
    pub fn partial_shuffle<T>(&mut self, items: &mut [T], count: usize) {
        let n = items.len();
        for i in 0..count.min(n) {
            let j = i + self.below((n - i) as u64) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_stream() {
        // the reference values of the SplitMix64 paper's C code, seed 0
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn ranges_and_moments() {
        let mut r = SplitMix64::new(3);
        let n = 20_000;
        let (mut s, mut s2) = (0.0, 0.0);
        for _ in 0..n {
            let g = r.gaussian();
            s += g;
            s2 += g * g;
            assert!(r.below(7) < 7);
            assert!((0.0..1.0).contains(&r.next_f64()));
        }
        let mean = s / n as f64;
        assert!(mean.abs() < 0.05, "mean {mean}");
        assert!((s2 / n as f64 - 1.0).abs() < 0.05);
        assert_eq!(r.below(0), 0);
        assert_eq!(r.below(1), 0);
    }

    #[test]
    fn partial_shuffle_samples_distinct_items() {
        let mut r = SplitMix64::new(9);
        let mut v: alloc::vec::Vec<u32> = (0..50).collect();
        r.partial_shuffle(&mut v, 10);
        let mut head = v[..10].to_vec();
        head.sort_unstable();
        head.dedup();
        assert_eq!(head.len(), 10);
        r.partial_shuffle(&mut v, 100);
        assert_eq!(v.len(), 50);
    }
}
