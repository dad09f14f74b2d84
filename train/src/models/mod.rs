//! Models: the VAE (MLP encoder and decoder sized from the data), the
//! TopoVAE regularizers, and the Adam optimizer that trains them.

mod adam;
mod topo;
mod vae;

pub use adam::Adam;
pub use topo::{input_targets, ModelKind, Regularizer, Space};
pub use vae::{Linear, LossParts, Matrix, Vae, VaeShape};
