//! Arithmetic in the prime field `Z/p` of the reduction's coefficients.

use alloc::vec::Vec;

/// Arithmetic in `Z/p`.
pub(crate) struct Field {
    pub(crate) p: u32,
    pub(crate) inverse: Vec<u32>,
}

impl Field {
    pub(crate) fn new(p: u32) -> Self {
        let mut inverse = alloc::vec![0u32; p as usize];
        if p > 1 {
            inverse[1] = 1;
        }
        // inverse[a] = −(p / a) · inverse[p mod a]  (mod p)
        for a in 2..p as u64 {
            let pp = u64::from(p);
            inverse[a as usize] =
                ((pp - (pp / a) * u64::from(inverse[(pp % a) as usize]) % pp) % pp) as u32;
        }
        Self { p, inverse }
    }

    #[inline(always)]
    pub(crate) fn mul(&self, a: u32, b: u32) -> u32 {
        if self.p == 2 {
            a & b
        } else {
            ((u64::from(a) * u64::from(b)) % u64::from(self.p)) as u32
        }
    }

    #[inline(always)]
    pub(crate) fn add(&self, a: u32, b: u32) -> u32 {
        if self.p == 2 {
            a ^ b
        } else {
            let s = a + b;
            if s >= self.p {
                s - self.p
            } else {
                s
            }
        }
    }

    #[inline(always)]
    pub(crate) fn neg(&self, a: u32) -> u32 {
        if a == 0 {
            0
        } else {
            self.p - a
        }
    }

    #[inline(always)]
    pub(crate) fn signed(&self, negative: bool) -> u32 {
        if negative {
            self.p - 1
        } else {
            1
        }
    }
}
