//! What the integration tests share: running the built binary.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The repository root: every test runs the binary from there.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The built binary, to run in the repository root, with its on-disk sentence cache in
/// the build's temporary folder rather than the user's, and a fixed thread count: left
/// to follow the machine's load (tests run side by side), two runs a test compares could
/// get other thread counts, and the tone toward entities differs in its last digits.
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newslens"));
    command
        .current_dir(repo())
        .env(
            "NEWSLENS_CACHE_DIR",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sentence-cache"),
        )
        .env("OMP_NUM_THREADS", "2");
    command
}

/// Runs `newslens ARGS` in the repository root with no standard input.
pub fn newslens(args: &[&str]) -> Output {
    command().args(args).stdin(Stdio::null()).output().unwrap()
}

/// Its standard error, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `newslens ARGS` with `input` on its standard input.
pub fn newslens_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Removes `field` from the `config.json` of the model folder `dir`.
pub fn remove_config_field(dir: &std::path::Path, field: &str) {
    let path = dir.join("config.json");
    let mut config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    config.as_object_mut().unwrap().remove(field);
    std::fs::write(&path, config.to_string()).unwrap();
}
