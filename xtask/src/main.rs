//! `cargo xtask`: the project's automation. Every step says what it runs.
//!
//! - `cargo xtask test`: every check CI runs (fmt, clippy, tests, rustdoc,
//!   the `no_std` wasm build of the core), installing what it needs.
//! - `cargo xtask bench`: the criterion benches.
//! - `cargo xtask test-web`: only the browser steps of `test`.
//! - `cargo xtask web`: builds the WebAssembly module into `web/pkg` and
//!   serves the demos in `web/` on 127.0.0.1 (std-only server).
//! - `cargo xtask bench-peers`: toporeg side by side with the reference tools
//!   (ripser.py, giotto-ph, GUDHI, persim), installed with pip into a venv
//!   under `target/`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

mod web;

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Python packages of the peer comparison, pinned.
const PEER_PACKAGES: &[&str] = &[
    "numpy==2.4.6",
    "scipy==1.17.1",
    "ripser==0.6.15",
    "giotto-ph==0.2.4",
    "gudhi==3.13.0",
    "persim==0.4.1",
];

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    std::env::set_current_dir(&root)?;
    match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("bench") => bench(&args[1..]),
        Some("bench-peers") => bench_peers(&args[1..]),
        Some("web") => web::web(&args[1..]),
        Some("test-web") => {
            web::api_tests()?;
            web::e2e_tests()
        }
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n\
                 commands:\n  \
                 test         fmt, clippy -D warnings, workspace tests, rustdoc, no_std wasm build of the core,\n               \
                 browser tests of the wasm API and of the demo pages (headless Chromium)\n  \
                 bench        criterion benches (extra arguments go to `cargo bench`)\n  \
                 bench-peers  toporeg next to ripser.py, giotto-ph, GUDHI and persim (installs them into target/peers-venv)\n  \
                 test-web     only the browser steps of `test` (wasm API tests, end-to-end tests of the demos)\n  \
                 web          build the WebAssembly demos into web/pkg and serve web/ on 127.0.0.1 (--port N, default 8000)"
            );
            bail!("no command given");
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

fn step(title: &str) {
    println!("\n==> {title}");
}

fn run(cmd: &mut Command) -> Result<()> {
    println!("    $ {}", describe(cmd));
    let started = Instant::now();
    let status = cmd
        .status()
        .with_context(|| format!("cannot start `{}`", describe(cmd)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", describe(cmd));
    }
    println!("    ok in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn output_of(cmd: &mut Command) -> Result<String> {
    let out = cmd
        .output()
        .with_context(|| format!("cannot start `{}`", describe(cmd)))?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn ensure_rust_target(target: &str) -> Result<()> {
    let installed = output_of(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if installed.lines().any(|l| l.trim() == target) {
        println!("    rust target {target} is installed");
        return Ok(());
    }
    println!("    rust target {target} is missing: installing it with rustup");
    run(Command::new("rustup").args(["target", "add", target]))
}

fn test() -> Result<()> {
    let started = Instant::now();
    step("formatting (cargo fmt --check)");
    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    step("lints (clippy, warnings are errors)");
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args([
        "clippy",
        "-p",
        "toporeg",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ]))?;
    step("workspace tests");
    run(cargo().args(["test", "--workspace"]))?;
    run(cargo().args(["test", "-p", "toporeg", "--all-features"]))?;
    step("API documentation of the core (rustdoc warnings are errors)");
    run(cargo()
        .args(["doc", "--no-deps", "-p", "toporeg", "--all-features"])
        .env("RUSTDOCFLAGS", "-D warnings"))?;
    step(&format!("no_std build of the core for {WASM_TARGET}"));
    ensure_rust_target(WASM_TARGET)?;
    run(cargo().args([
        "build",
        "-p",
        "toporeg",
        "--no-default-features",
        "--target",
        WASM_TARGET,
    ]))?;
    web::api_tests()?;
    web::e2e_tests()?;
    println!(
        "\nall checks passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn bench(extra: &[String]) -> Result<()> {
    step("criterion benches");
    run(cargo().args(["bench", "-p", "toporeg-benches"]).args(extra))
}

fn bench_peers(extra: &[String]) -> Result<()> {
    let venv = Path::new("target/peers-venv");
    let python = venv.join("bin/python");
    step("python environment for the peers (target/peers-venv)");
    if !python.exists() {
        println!("    creating a virtual environment with python3 -m venv");
        run(Command::new("python3").args(["-m", "venv"]).arg(venv))?;
    }
    let marker = venv.join(".toporeg-packages");
    let wanted = PEER_PACKAGES.join("\n");
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(wanted.as_str()) {
        println!(
            "    installing the peers with pip: {}",
            PEER_PACKAGES.join(" ")
        );
        run(Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(PEER_PACKAGES))?;
        std::fs::write(&marker, wanted)?;
    } else {
        println!("    peers already installed");
    }
    step("release build of the toporeg side (toporeg-benches binaries)");
    run(cargo().args(["build", "--release", "-p", "toporeg-benches", "--bins"]))?;
    step("side-by-side runs");
    run(Command::new(&python)
        .arg("benches/peers/run.py")
        .arg("--bin-dir")
        .arg("target/release")
        .args(extra))
}
