//! The browser side: building `toporeg-wasm` into `web/pkg`, serving `web/`,
//! and the two browser test steps of `cargo xtask test` (wasm-bindgen-test
//! in headless Chromium, end-to-end tests of the demo pages).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::{cargo, ensure_rust_target, run, step, WASM_TARGET};

/// Where the e2e tests and their npm packages live.
const E2E_DIR: &str = "wasm/e2e";
/// The Chromium of the distribution, driven headless by the tests.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// `cargo xtask web [--port N]`: build, then serve `web/` until interrupted.
pub fn web(args: &[String]) -> Result<()> {
    let mut port = 8000u16;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--port" => {
                port = it
                    .next()
                    .context("--port needs a number")?
                    .parse()
                    .context("--port needs a number between 0 and 65535")?;
            }
            other => bail!("unknown argument `{other}` (usage: cargo xtask web [--port N])"),
        }
    }
    build_web()?;
    step("serving web/ (Ctrl-C stops)");
    let listener = TcpListener::bind(("127.0.0.1", port))
        .with_context(|| format!("cannot listen on 127.0.0.1:{port} (try --port)"))?;
    let addr = listener.local_addr()?;
    println!("    open http://{addr}/");
    serve(listener);
    Ok(())
}

/// The exact `wasm-bindgen` version pinned in `wasm/Cargo.toml` (`"=X"`).
fn pinned_bindgen_version() -> Result<String> {
    let manifest = std::fs::read_to_string("wasm/Cargo.toml")?;
    manifest
        .lines()
        .find_map(|l| {
            let rest = l.trim().strip_prefix("wasm-bindgen")?.trim_start();
            let rest = rest.strip_prefix('=')?.trim().strip_prefix("\"=")?;
            Some(rest.split('"').next()?.to_string())
        })
        .context("wasm/Cargo.toml must pin wasm-bindgen as `wasm-bindgen = \"=X.Y.Z\"`")
}

/// `wasm-bindgen` (and its test runner) of exactly the pinned version.
fn ensure_bindgen_cli() -> Result<()> {
    let want = pinned_bindgen_version()?;
    let have = Command::new("wasm-bindgen")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    match have {
        Some(v) if v.split_whitespace().nth(1) == Some(want.as_str()) => {
            println!("    wasm-bindgen {want} is installed");
            Ok(())
        }
        other => {
            println!(
                "    wasm-bindgen {want} is needed ({}): installing wasm-bindgen-cli with cargo",
                other.map_or("none found".into(), |v| format!("found `{v}`"))
            );
            run(cargo().args(["install", "wasm-bindgen-cli", "--version", &want]))
        }
    }
}

/// Chromium and chromedriver from the distribution.
fn ensure_chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        println!("    chromium and chromedriver are installed");
        return Ok(());
    }
    println!("    chromium or chromedriver is missing: installing them with apt-get");
    apt_install(&["chromium", "chromium-driver"])
}

fn apt_install(packages: &[&str]) -> Result<()> {
    // wait for a lock held by another apt-get instead of failing
    let lock = ["-o", "DPkg::Lock::Timeout=600"];
    run(Command::new("apt-get").args(lock).args(["update", "-q"]))?;
    run(Command::new("apt-get")
        .args(lock)
        .args(["install", "-y", "-q"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Node, npm and the pinned npm packages of the e2e tests.
fn ensure_node_packages() -> Result<()> {
    if Command::new("node").arg("--version").output().is_err() {
        println!("    node is missing: installing nodejs and npm with apt-get");
        apt_install(&["nodejs", "npm"])?;
    }
    let dir = Path::new(E2E_DIR);
    if dir
        .join("node_modules/playwright-core/package.json")
        .exists()
    {
        println!("    npm packages of {E2E_DIR} are installed");
        return Ok(());
    }
    println!(
        "    installing the npm packages of {E2E_DIR} (package-lock.json; no browser download)"
    );
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
}

/// Builds the wasm module (profile `wasm-release`) and writes the ES module
/// with `wasm-bindgen --target web` into `web/pkg`; prints the sizes.
pub fn build_web() -> Result<()> {
    step("WebAssembly build of toporeg-wasm into web/pkg");
    ensure_rust_target(WASM_TARGET)?;
    ensure_bindgen_cli()?;
    run(cargo().args([
        "build",
        "-p",
        "toporeg-wasm",
        "--lib",
        "--target",
        WASM_TARGET,
        "--profile",
        "wasm-release",
    ]))?;
    let wasm = PathBuf::from(format!(
        "target/{WASM_TARGET}/wasm-release/toporeg_wasm.wasm"
    ));
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--out-dir", "web/pkg"])
        .args(["--remove-name-section", "--remove-producers-section"])
        .arg(&wasm))?;
    let out = Path::new("web/pkg/toporeg_wasm_bg.wasm");
    let raw = std::fs::metadata(out)?.len();
    let gz_len = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(out)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| o.stdout.len() as u64);
    match gz_len {
        Some(g) => println!(
            "    {}: {:.0} KiB, {:.0} KiB gzipped (gzip -9)",
            out.display(),
            raw as f64 / 1024.0,
            g as f64 / 1024.0
        ),
        None => println!("    {}: {:.0} KiB", out.display(), raw as f64 / 1024.0),
    }
    Ok(())
}

/// The wasm-bindgen-test tests of the JavaScript API, in headless Chromium.
pub fn api_tests() -> Result<()> {
    step("tests of the JavaScript API in headless Chromium (wasm-bindgen-test)");
    ensure_rust_target(WASM_TARGET)?;
    ensure_bindgen_cli()?;
    ensure_chromium()?;
    // the API tests exist for this target only: lint them here
    run(cargo().args([
        "clippy",
        "-p",
        "toporeg-wasm",
        "--all-targets",
        "--target",
        WASM_TARGET,
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo()
        .args(["test", "-p", "toporeg-wasm", "--target", WASM_TARGET])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("WASM_BINDGEN_TEST_TIMEOUT", "300"))
}

/// End-to-end tests of every demo page: the pages served from here, driven
/// by Playwright in headless Chromium, their numbers compared with the
/// native computation (`native_reference`), any console error failing.
pub fn e2e_tests() -> Result<()> {
    build_web()?;
    step("end-to-end tests of the demo pages in headless Chromium (Playwright)");
    ensure_chromium()?;
    ensure_node_packages()?;
    run(cargo().args([
        "build",
        "--release",
        "-p",
        "toporeg-wasm",
        "--example",
        "native_reference",
    ]))?;
    let native = std::env::current_dir()?.join("target/release/examples/native_reference");
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    let addr = listener.local_addr()?;
    std::thread::spawn(move || serve(listener));
    println!("    serving web/ on http://{addr}/");
    run(Command::new("node")
        .args(["--test", "--test-concurrency=1"])
        .arg(format!("{E2E_DIR}/"))
        .env("TOPOREG_URL", format!("http://{addr}/"))
        .env("TOPOREG_NATIVE", native)
        .env("TOPOREG_CHROMIUM", CHROMIUM))
}

// ------------------------------------------------------------ the server

/// Serves `web/` (and the repository's `tests/data/` under `/data/`) to
/// 127.0.0.1, one thread per connection, GET and HEAD only.
fn serve(listener: TcpListener) {
    for stream in listener.incoming().flatten() {
        std::thread::spawn(move || {
            if let Err(e) = respond(stream) {
                eprintln!("    server: {e}");
            }
        });
    }
}

/// The file behind a URL path, or `None` for a path outside the served folders.
fn file_of(url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let (base, rest) = match decoded.strip_prefix("/data/") {
        Some(rest) => (Path::new("tests/data"), rest),
        None => (Path::new("web"), decoded.trim_start_matches('/')),
    };
    let rel = Path::new(rest);
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut file = base.join(rel);
    if file.is_dir() {
        file.push("index.html");
    }
    Some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("gz") => "application/gzip",
        Some("txt" | "ts" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(stream: TcpStream) -> Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // the headers are not needed; read them up to the blank line
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return reply(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n",
            true,
        );
    }
    let body = file_of(target).and_then(|f| {
        let mut data = Vec::new();
        std::fs::File::open(&f).ok()?.read_to_end(&mut data).ok()?;
        Some((f, data))
    });
    match body {
        Some((f, data)) => reply(
            &mut stream,
            "200 OK",
            content_type(&f),
            &data,
            method == "GET",
        ),
        None => reply(
            &mut stream,
            "404 Not Found",
            "text/plain",
            b"not found\n",
            true,
        ),
    }
}

fn reply(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    with_body: bool,
) -> Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if with_body {
        stream.write_all(body)?;
    }
    stream.flush()?;
    // a graceful close: closing with unread input would send a reset, which
    // can reach the browser before the end of the response
    stream.shutdown(Shutdown::Write)?;
    stream.set_read_timeout(Some(Duration::from_secs(2)))?;
    let mut sink = [0u8; 1024];
    while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
    Ok(())
}
