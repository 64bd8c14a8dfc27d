//! A single-node Ceph RGW on loopback: `cargo xtask ceph start|stop|status|env`.
//!
//! One monitor, one OSD on `memstore` (the data lives in the OSD's memory)
//! and one radosgw (beast frontend, path style), with authentication
//! between the daemons off. The gateway is set up for what the suites test
//! over plain HTTP: SSE-C, SSE-KMS (the `testing` key backend), STS, and
//! lifecycle with a short debug interval.
//!
//! Everything lives in `$NEWTERA_CEPH_DIR` (default `target/newtera-ceph`):
//! `ceph.conf`, the daemons' data, logs and admin sockets, and `ceph.json`
//! with the ports, keys and process ids. `start` is idempotent: a running
//! cluster is reused; a stopped one is made anew (memstore keeps nothing
//! across a stop). The daemons are stopped by the process ids `start`
//! recorded, never by name.

mod cluster;
mod conf;
mod ready;

use std::path::PathBuf;

pub(crate) use cluster::Ceph;

/// Dispatches `cargo xtask ceph ...`.
pub(crate) fn command(args: &[&str]) -> Result<(), String> {
    match args {
        ["start"] => {
            let ceph = Ceph::start()?;
            print!("{}", ceph.env_script());
            Ok(())
        }
        ["stop"] => Ceph::stop(),
        ["status"] => Ceph::status(),
        ["env"] => {
            print!("{}", Ceph::load()?.env_script());
            Ok(())
        }
        _ => Err("usage: cargo xtask ceph start|stop|status|env".into()),
    }
}

/// Where the cluster keeps its files.
fn ceph_dir() -> PathBuf {
    match std::env::var_os("NEWTERA_CEPH_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => crate::cmd::workspace_root()
            .join("target")
            .join("newtera-ceph"),
    }
}
