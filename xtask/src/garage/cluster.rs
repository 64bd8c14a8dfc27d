//! The cluster: state on disk, start, stop, status.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use super::node::{Node, Ports};
use crate::process::{alive, kill, random_hex, retry_until};

const NODES: usize = 3;
const READY_TIMEOUT: Duration = Duration::from_secs(90);

/// The cluster's persistent state (`cluster.json`).
#[derive(Debug)]
pub(crate) struct Cluster {
    dir: PathBuf,
    nodes: Vec<Node>,
    rpc_secret: String,
    admin_token: String,
    key_id: String,
    secret_key: String,
    pids: Vec<u32>,
}

impl Cluster {
    /// Starts the cluster, or reuses it when it already runs.
    pub(crate) fn start() -> Result<Self, String> {
        let garage = crate::tools::garage()?;
        let mut cluster = Self::load().or_else(|_| Self::create())?;
        if cluster.running() {
            eprintln!(
                "xtask: garage cluster already running in {}",
                cluster.dir.display()
            );
            cluster.wait_ready(&garage)?;
            return Ok(cluster);
        }
        cluster.kill_all();
        cluster.launch(&garage)?;
        if let Err(e) = cluster.bootstrap(&garage) {
            cluster.kill_all();
            let _ = cluster.save();
            return Err(format!("{e}\n{}", cluster.log_tails()));
        }
        Ok(cluster)
    }

    /// Stops every node; the data stays for the next start.
    pub(crate) fn stop() -> Result<(), String> {
        let Ok(mut cluster) = Self::load() else {
            eprintln!("xtask: no garage cluster to stop");
            return Ok(());
        };
        cluster.kill_all();
        cluster.save()?;
        eprintln!("xtask: garage cluster stopped");
        Ok(())
    }

    /// Prints each node's state.
    pub(crate) fn status() -> Result<(), String> {
        let cluster = Self::load()?;
        for (i, n) in cluster.nodes.iter().enumerate() {
            let pid = cluster.pids.get(i).copied();
            let state = if pid.is_some_and(alive) {
                "running"
            } else {
                "stopped"
            };
            println!(
                "node{i}: {state} s3=127.0.0.1:{} rpc=127.0.0.1:{}",
                n.ports.s3, n.ports.rpc
            );
        }
        Ok(())
    }

    /// The cluster's S3 endpoints and test credentials as `export` lines.
    pub(crate) fn env_script(&self) -> String {
        let endpoints: Vec<String> = self
            .nodes
            .iter()
            .map(|n| format!("http://127.0.0.1:{}", n.ports.s3))
            .collect();
        crate::cmd::export_lines(&self.env())
            + &format!("export NEWTERA_GARAGE_ENDPOINTS={}\n", endpoints.join(","))
    }

    /// The variables that point the conformance suite at this cluster.
    pub(crate) fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("NEWTERA_TEST_SERVER", "garage".into()),
            (
                "NEWTERA_TEST_ENDPOINT",
                format!("http://127.0.0.1:{}", self.nodes[0].ports.s3),
            ),
            ("NEWTERA_TEST_ACCESS_KEY", self.key_id.clone()),
            ("NEWTERA_TEST_SECRET_KEY", self.secret_key.clone()),
            ("NEWTERA_TEST_REGION", "garage".into()),
        ]
    }

    fn create() -> Result<Self, String> {
        let dir = super::cluster_dir();
        let nodes = (0..NODES)
            .map(|i| {
                Ok(Node {
                    dir: dir.join(format!("node{i}")),
                    ports: Ports::free()?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Self {
            dir,
            nodes,
            rpc_secret: random_hex(32)?,
            admin_token: random_hex(32)?,
            key_id: format!("GK{}", random_hex(12)?),
            secret_key: random_hex(32)?,
            pids: Vec::new(),
        })
    }

    /// Reads `cluster.json`.
    pub(crate) fn load() -> Result<Self, String> {
        let dir = super::cluster_dir();
        let text = std::fs::read_to_string(dir.join("cluster.json")).map_err(|_| {
            format!(
                "no garage cluster in {} (run `cargo xtask garage start`)",
                dir.display()
            )
        })?;
        let v: Value = serde_json::from_str(&text).map_err(|e| format!("bad cluster.json: {e}"))?;
        let s = |k: &str| {
            v[k].as_str()
                .map(str::to_owned)
                .ok_or(format!("cluster.json lacks {k}"))
        };
        let port = |n: &Value, k: &str| {
            n[k].as_u64()
                .and_then(|p| u16::try_from(p).ok())
                .unwrap_or(0)
        };
        let nodes = v["nodes"]
            .as_array()
            .ok_or("cluster.json lacks nodes")?
            .iter()
            .enumerate()
            .map(|(i, n)| Node {
                dir: dir.join(format!("node{i}")),
                ports: Ports {
                    rpc: port(n, "rpc"),
                    s3: port(n, "s3"),
                    admin: port(n, "admin"),
                },
            })
            .collect();
        let pids = v["pids"].as_array().map(|a| {
            a.iter()
                .filter_map(|p| p.as_u64())
                .map(|p| p as u32)
                .collect()
        });
        Ok(Self {
            nodes,
            rpc_secret: s("rpc_secret")?,
            admin_token: s("admin_token")?,
            key_id: s("key_id")?,
            secret_key: s("secret_key")?,
            pids: pids.unwrap_or_default(),
            dir,
        })
    }

    fn save(&self) -> Result<(), String> {
        let nodes: Vec<Value> = self
            .nodes
            .iter()
            .map(|n| json!({"rpc": n.ports.rpc, "s3": n.ports.s3, "admin": n.ports.admin}))
            .collect();
        let v = json!({
            "nodes": nodes,
            "rpc_secret": self.rpc_secret,
            "admin_token": self.admin_token,
            "key_id": self.key_id,
            "secret_key": self.secret_key,
            "pids": self.pids,
        });
        std::fs::create_dir_all(&self.dir).map_err(|e| e.to_string())?;
        std::fs::write(self.dir.join("cluster.json"), v.to_string()).map_err(|e| e.to_string())
    }

    /// Whether every node's process is alive.
    pub(crate) fn is_running(&self) -> bool {
        self.running()
    }

    fn running(&self) -> bool {
        self.pids.len() == NODES && self.pids.iter().all(|p| alive(*p))
    }

    fn kill_all(&mut self) {
        for pid in self.pids.drain(..) {
            kill(pid);
        }
    }

    /// Writes configs (moving ports that got taken) and spawns the nodes.
    fn launch(&mut self, garage: &Path) -> Result<(), String> {
        for n in &mut self.nodes {
            if !n.ports.all_free() {
                n.ports = Ports::free()?;
            }
            n.write_config(&self.rpc_secret, &self.admin_token)?;
        }
        for n in &self.nodes {
            let pid = n.spawn(garage)?;
            self.pids.push(pid);
        }
        self.save()
    }

    /// Connects the nodes, applies the layout and imports the key (once),
    /// then waits until every node serves requests.
    fn bootstrap(&self, garage: &Path) -> Result<(), String> {
        let first = &self.nodes[0];
        retry_until(READY_TIMEOUT, || first.cli(garage, &["status"]))?;
        let ids = self
            .nodes
            .iter()
            .map(|n| n.node_id(garage))
            .collect::<Result<Vec<_>, _>>()?;
        for id in &ids[1..] {
            retry_until(READY_TIMEOUT, || {
                first.cli(garage, &["node", "connect", id])
            })?;
        }
        self.once("layout.done", || self.apply_layout(garage, &ids))?;
        self.once("key.done", || self.import_key(garage))?;
        self.wait_ready(garage)?;
        eprintln!(
            "xtask: garage cluster ready ({NODES} nodes) in {}",
            self.dir.display()
        );
        Ok(())
    }

    fn apply_layout(&self, garage: &Path, ids: &[String]) -> Result<(), String> {
        let first = &self.nodes[0];
        for id in ids {
            let short = id.split('@').next().unwrap_or(id);
            first.cli(
                garage,
                &["layout", "assign", "-z", "dc1", "-c", "1G", short],
            )?;
        }
        first
            .cli(garage, &["layout", "apply", "--version", "1"])
            .map(drop)
    }

    fn import_key(&self, garage: &Path) -> Result<(), String> {
        let first = &self.nodes[0];
        retry_until(READY_TIMEOUT, || {
            first.cli(
                garage,
                &[
                    "key",
                    "import",
                    "--yes",
                    "-n",
                    "newtera-test",
                    &self.key_id,
                    &self.secret_key,
                ],
            )
        })?;
        first
            .cli(garage, &["key", "allow", "--create-bucket", &self.key_id])
            .map(drop)
    }

    /// Waits until every node answers admin commands that need a quorum.
    fn wait_ready(&self, garage: &Path) -> Result<(), String> {
        for n in &self.nodes {
            retry_until(READY_TIMEOUT, || n.cli(garage, &["bucket", "list"]))?;
        }
        Ok(())
    }

    /// Runs `step` unless its marker file exists, then writes the marker.
    fn once(&self, marker: &str, step: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
        let path = self.dir.join(marker);
        if path.exists() {
            return Ok(());
        }
        step()?;
        std::fs::write(path, b"").map_err(|e| e.to_string())
    }

    fn log_tails(&self) -> String {
        self.nodes
            .iter()
            .map(|n| {
                let log = std::fs::read_to_string(n.dir.join("garage.log")).unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(15).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                format!("--- {} ---\n{}\n", n.dir.display(), tail.join("\n"))
            })
            .collect()
    }
}
