//! One Garage node: its ports, config file and process.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The loopback ports of one node.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ports {
    pub(crate) rpc: u16,
    pub(crate) s3: u16,
    pub(crate) admin: u16,
}

impl Ports {
    /// Three ports that were free a moment ago.
    pub(crate) fn free() -> Result<Self, String> {
        // Hold all three listeners at once so the three ports differ.
        let listeners = (0..3)
            .map(|_| TcpListener::bind("127.0.0.1:0"))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("no free port: {e}"))?;
        let port = |i: usize| listeners[i].local_addr().map(|a| a.port()).unwrap_or(0);
        Ok(Self {
            rpc: port(0),
            s3: port(1),
            admin: port(2),
        })
    }

    pub(crate) fn all_free(&self) -> bool {
        [self.rpc, self.s3, self.admin]
            .iter()
            .all(|p| TcpListener::bind(("127.0.0.1", *p)).is_ok())
    }
}

/// A node's folder and config.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) dir: PathBuf,
    pub(crate) ports: Ports,
}

impl Node {
    pub(crate) fn config_path(&self) -> PathBuf {
        self.dir.join("garage.toml")
    }

    /// Writes the node's config (rewritten on every start, since ports may move).
    pub(crate) fn write_config(&self, rpc_secret: &str, admin_token: &str) -> Result<(), String> {
        let dir = self.dir.display();
        let Ports { rpc, s3, admin } = self.ports;
        let config = format!(
            r#"metadata_dir = "{dir}/meta"
data_dir = "{dir}/data"
db_engine = "sqlite"
replication_factor = 3
rpc_bind_addr = "127.0.0.1:{rpc}"
rpc_public_addr = "127.0.0.1:{rpc}"
rpc_secret = "{rpc_secret}"

[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:{s3}"
root_domain = ".s3.garage.localhost"

[admin]
api_bind_addr = "127.0.0.1:{admin}"
admin_token = "{admin_token}"
"#
        );
        std::fs::create_dir_all(&self.dir).map_err(|e| format!("cannot create {dir}: {e}"))?;
        std::fs::write(self.config_path(), config)
            .map_err(|e| format!("cannot write config in {dir}: {e}"))
    }

    /// Starts `garage server` in its own process group, logging to `garage.log`.
    pub(crate) fn spawn(&self, garage: &Path) -> Result<u32, String> {
        use std::os::unix::process::CommandExt;
        let log = std::fs::File::create(self.dir.join("garage.log")).map_err(|e| e.to_string())?;
        let log2 = log.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new(garage)
            .arg("-c")
            .arg(self.config_path())
            .arg("server")
            .env("RUST_LOG", "garage=warn")
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log2)
            // Its own process group, so a Ctrl-C in the terminal that ran
            // `xtask garage start` does not take the cluster down with it.
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", garage.display()))?;
        Ok(child.id())
    }

    /// Runs a `garage` admin command against this node.
    pub(crate) fn cli(&self, garage: &Path, args: &[&str]) -> Result<String, String> {
        crate::cmd::output(
            Command::new(garage)
                .arg("-c")
                .arg(self.config_path())
                .args(args),
        )
    }

    /// `node_id@127.0.0.1:port`.
    pub(crate) fn node_id(&self, garage: &Path) -> Result<String, String> {
        let out = self.cli(garage, &["node", "id", "-q"])?;
        out.lines()
            .map(str::trim)
            .find(|l| l.contains('@'))
            .map(str::to_owned)
            .ok_or_else(|| format!("unexpected `garage node id` output: {out}"))
    }
}
