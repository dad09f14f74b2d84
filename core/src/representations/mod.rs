//! Comparing and transforming latent spaces.
//!
//! - [`relative`]: relative and robust relative representations (points
//!   described by their similarities to anchors), with their backward pass;
//! - [`similarity`]: measures between two representations of the same
//!   inputs, one file per measure (CKA, minimum Frobenius distance,
//!   Procrustes, ε-similarity);
//! - [`witness`]: the lazy witness complex, persistence of a large cloud
//!   through a few landmarks ([`witness::landmarks`] chooses them), reduced
//!   by the Rips reduction of [`crate::persistence`].
//!
//! All distances between points come from the shared kernels of
//! [`crate::persistence::metric`], so a witness distance equals the Rips
//! distance of the same points bit for bit.

pub(crate) mod relative;
pub(crate) mod similarity;
pub(crate) mod witness;
