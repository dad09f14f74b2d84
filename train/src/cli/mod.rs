//! The `toporeg` command-line program: one module per subcommand.

use std::io::Write;

use clap::{Parser, Subcommand};

pub mod bottleneck;
pub mod common;
pub mod demo;
pub mod entropy;
pub mod kernel;
pub mod loss;
pub mod relative;
pub mod rips;
pub mod similarity;
pub mod vae;
pub mod vae_compare;
pub mod wasserstein;
pub mod witness;

/// toporeg: topological regularization toolkit.
#[derive(Debug, Parser)]
#[command(name = "toporeg", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the demonstration on the embedded example data.
    Demo(demo::DemoArgs),
    /// Compare two representations of the same inputs (CKA, minimum
    /// Frobenius distance, Procrustes).
    Similarity(similarity::SimilarityArgs),
    /// Relative representation of points with respect to anchors.
    Relative(relative::RelativeArgs),
    /// Vietoris–Rips persistence of a point cloud or distance matrix
    /// (Ripser's formats and output; `--json` adds the generators).
    Rips(rips::RipsArgs),
    /// Bottleneck distance between two diagrams (Hera's text format).
    Bottleneck(bottleneck::BottleneckArgs),
    /// Wasserstein-q distance between two diagrams.
    Wasserstein(wasserstein::WassersteinArgs),
    /// Persistence scale-space kernel k_σ and pseudo-distance d_σ.
    Kernel(kernel::KernelArgs),
    /// Persistent entropy (δ-selective with --delta) of a diagram.
    Entropy(entropy::EntropyArgs),
    /// Persistence of the lazy witness complex on landmarks of a point cloud.
    Witness(witness::WitnessArgs),
    /// A topological loss of a point cloud and its gradient, as JSON
    /// (push, Reininghaus, 4SGDE, bottleneck, entropy, densify, connectivity).
    Loss(loss::LossArgs),
    /// Train a VAE, a TopoVAE (1-4) or TopoVAE-Z1, with progress, metrics,
    /// figures and resumable checkpoints.
    Vae(vae::VaeArgs),
    /// VAE0 against the TopoVAEs from cloned initial weights on the same
    /// batches: time of 10 steps and r(s) over several seeds.
    VaeCompare(vae_compare::VaeCompareArgs),
}

/// Runs a parsed command line, writing its results to `out`.
///
/// Tests call this with a buffer to check the program's output without a
/// subprocess:
///
/// ```
/// use clap::Parser;
/// let dir = tempfile::tempdir().unwrap();
/// let report = dir.path().to_str().unwrap();
/// let args = ["toporeg", "demo", "--seeds", "1", "--steps", "2", "--progress", "false", "--out", report];
/// let cli = toporeg_train::cli::Cli::try_parse_from(args).unwrap();
/// let mut out = Vec::new();
/// toporeg_train::cli::run(cli, &mut out).unwrap();
/// assert!(!out.is_empty());
/// ```
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<()> {
    match cli.command {
        Command::Demo(args) => demo::run(args, out),
        Command::Similarity(args) => similarity::run(args, out),
        Command::Relative(args) => relative::run(args, out),
        Command::Rips(args) => rips::run(args, out),
        Command::Bottleneck(args) => bottleneck::run(args, out),
        Command::Wasserstein(args) => wasserstein::run(args, out),
        Command::Kernel(args) => kernel::run(args, out),
        Command::Entropy(args) => entropy::run(args, out),
        Command::Witness(args) => witness::run(args, out),
        Command::Loss(args) => loss::run(args, out),
        Command::Vae(args) => vae::run(args, out),
        Command::VaeCompare(args) => vae_compare::run(args, out),
    }
}

/// Whether `err` comes from writing to a closed pipe (`toporeg … | head`):
/// the program then stops quietly with success, as other command-line tools
/// do.
///
/// ```
/// let closed = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
/// assert!(toporeg_train::cli::is_broken_pipe(&anyhow::Error::from(closed)));
/// assert!(!toporeg_train::cli::is_broken_pipe(&anyhow::anyhow!("bad input")));
/// ```
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Runs `toporeg ARGS…` in this process (the program name is added) and
/// returns what it wrote: the one way the tests run the command line without
/// a subprocess.
///
/// ```
/// use toporeg_train::cli::run_to_string;
/// let file = "../tests/data/ripser/random16.lower_distance_matrix";
/// let out = run_to_string(["rips", file, "--dim", "1"]).unwrap();
/// assert!(out.contains("persistence intervals in dim 1:"));
/// assert!(run_to_string(["rips", "--no-such-option"]).is_err());
/// ```
///
/// # Errors
/// When the arguments do not parse (`--help` included) or the command fails.
pub fn run_to_string<I, S>(args: I) -> anyhow::Result<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let argv = std::iter::once(std::ffi::OsString::from("toporeg"))
        .chain(args.into_iter().map(|a| a.as_ref().to_os_string()));
    let mut out = Vec::new();
    run(Cli::try_parse_from(argv)?, &mut out)?;
    Ok(String::from_utf8(out)?)
}
