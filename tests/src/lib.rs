//! Shared helpers of the integration tests and benches: where the reference
//! cases live and how to read them.
#![deny(missing_docs)]

use std::path::PathBuf;

/// The folder of reference cases from other tools (`../shared/peer-tests`
/// beside the project root), or `$TOPOREG_PEER_TESTS` when set.
///
/// # Panics
/// When the folder does not exist: the golden tests must not pass silently
/// without their data.
pub fn peer_tests_dir() -> PathBuf {
    let dir = match std::env::var_os("TOPOREG_PEER_TESTS") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/peer-tests"),
    };
    assert!(
        dir.is_dir(),
        "reference cases not found at {} (set TOPOREG_PEER_TESTS)",
        dir.display()
    );
    dir
}
