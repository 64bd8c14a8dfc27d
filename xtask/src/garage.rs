//! A 3-node Garage cluster on loopback ports: `cargo xtask garage start|stop|status|env`.
//!
//! The cluster lives in `$NEWTERA_GARAGE_DIR` (default `target/newtera-garage`):
//! one folder per node with its config, metadata (sqlite), data and log, and
//! `cluster.json` with the ports, secrets and process ids. `start` is
//! idempotent: a running cluster is reused, a stopped one is restarted over
//! the same data.

mod cluster;
mod node;

use std::path::PathBuf;

pub(crate) use cluster::Cluster;

/// Dispatches `cargo xtask garage ...`.
pub(crate) fn command(args: &[&str]) -> Result<(), String> {
    match args {
        ["start"] => {
            let cluster = Cluster::start()?;
            print!("{}", cluster.env_script());
            Ok(())
        }
        ["stop"] => Cluster::stop(),
        ["status"] => Cluster::status(),
        ["env"] => {
            print!("{}", Cluster::load()?.env_script());
            Ok(())
        }
        _ => Err("usage: cargo xtask garage start|stop|status|env".into()),
    }
}

/// Where the cluster keeps its files.
fn cluster_dir() -> PathBuf {
    match std::env::var_os("NEWTERA_GARAGE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => crate::cmd::workspace_root()
            .join("target")
            .join("newtera-garage"),
    }
}
