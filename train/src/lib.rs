//! `toporeg-train`: the adapters around the `toporeg` core for users —
//! reading data files and the `toporeg` command-line program.
#![deny(missing_docs)]

pub mod bridge;
pub mod checkpoint;
pub mod cli;
pub mod data;
pub mod descent;
pub mod experiments;
pub mod formats;
pub mod io;
pub mod models;
pub mod report;

/// The dfdx this crate is built on (its devices and tensors appear in the
/// training API).
pub use dfdx;
