//! Comparing and transforming latent spaces.
//!
//! Relative and robust relative representations ([`relative`]), similarity
//! measures between two representations of the same inputs
//! ([`similarity`]), and the lazy witness complex for persistence of large
//! clouds through a few landmarks ([`witness`]).

pub(crate) mod relative;
pub(crate) mod similarity;
pub(crate) mod witness;
