//! The `newtera` command-line tool; see the crate's README.

// Nothing a server sends may panic this crate: no unchecked indexing or
// slicing, no unwrap/expect, no panic! outside tests.
#![warn(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

fn main() -> std::process::ExitCode {
    newtera_cli::run()
}
