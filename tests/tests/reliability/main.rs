//! The reliability suite: faults, bad input and hostile servers lose
//! nothing (issue 9).
//!
//! A small harness of its own (`harness = false`) instead of libtest, so the
//! cases run one at a time in a fixed order (fault timings stay honest on a
//! loaded 2-core machine) and their rows add up to one table:
//! `NEWTERA_WRITE_RELIABILITY=1 cargo test -p newtera-conformance --test
//! reliability` rewrites `docs/RELIABILITY.md` from a full run.
//!
//! The cases talk to [`newtera_faults::FaultServer`] (a scripted loopback
//! server), to the embedded s3s-fs server, or, under `cargo xtask test`, to
//! the Garage cluster (`NEWTERA_TEST_SERVER=garage`), whose node-failure
//! cases run only there and say so otherwise.

mod bad_input;
mod concurrency;
mod connection;
mod etag;
mod fuzz;
mod garage;
mod harness;
mod hostile;
mod integrity;
mod report;
mod retry;
mod secrets;
mod support;
mod tls;

use harness::Case;

/// Every case, in the order they run and appear in the table.
fn cases() -> Vec<Case> {
    let mut all = Vec::new();
    all.extend(retry::cases());
    all.extend(connection::cases());
    all.extend(etag::cases());
    all.extend(integrity::cases());
    all.extend(concurrency::cases());
    all.extend(bad_input::cases());
    all.extend(hostile::cases());
    all.extend(tls::cases());
    all.extend(secrets::cases());
    all.extend(fuzz::cases());
    all.extend(garage::cases());
    all
}

fn main() -> std::process::ExitCode {
    harness::run(cases())
}
