//! The cluster: state on disk, start, stop, status, and the gateway
//! restart the test run uses when radosgw dies.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::conf::{self, RGW_NAME};
use crate::process::{alive, kill, random_hex, retry_until};

const READY_TIMEOUT: Duration = Duration::from_secs(90);

/// The daemons, in start order (stopped in reverse).
const DAEMONS: [&str; 3] = ["mon", "osd", "rgw"];

/// The cluster's persistent state (`ceph.json`).
#[derive(Debug)]
pub(crate) struct Ceph {
    dir: PathBuf,
    mon_port: u16,
    rgw_port: u16,
    access_key: String,
    secret_key: String,
    /// Process ids by daemon, in [`DAEMONS`] order.
    pids: Vec<u32>,
}

impl Ceph {
    /// Starts the cluster, or reuses it when it already runs.
    pub(crate) fn start() -> Result<Self, String> {
        crate::tools::ceph()?;
        if let Ok(ceph) = Self::load() {
            if ceph.running() && ceph.wait_ready(Duration::from_secs(10)).is_ok() {
                eprintln!("xtask: ceph already running in {}", ceph.dir.display());
                return Ok(ceph);
            }
            let mut stale = ceph;
            stale.kill_all();
        }
        let mut ceph = Self::create()?;
        let started = Instant::now();
        if let Err(e) = ceph.launch() {
            ceph.kill_all();
            let _ = ceph.save();
            return Err(format!("{e}\n{}", ceph.log_tails()));
        }
        eprintln!(
            "xtask: ceph rgw ready on 127.0.0.1:{} in {:.1} s ({})",
            ceph.rgw_port,
            started.elapsed().as_secs_f64(),
            ceph.dir.display()
        );
        Ok(ceph)
    }

    /// Stops every daemon (memstore keeps no data across a stop).
    pub(crate) fn stop() -> Result<(), String> {
        let Ok(mut ceph) = Self::load() else {
            eprintln!("xtask: no ceph cluster to stop");
            return Ok(());
        };
        ceph.kill_all();
        ceph.save()?;
        eprintln!("xtask: ceph stopped");
        Ok(())
    }

    /// Prints each daemon's state.
    pub(crate) fn status() -> Result<(), String> {
        let ceph = Self::load()?;
        for (i, name) in DAEMONS.iter().enumerate() {
            let state = if ceph.pids.get(i).copied().is_some_and(alive) {
                "running"
            } else {
                "stopped"
            };
            println!("{name}: {state}");
        }
        println!("s3: http://127.0.0.1:{}", ceph.rgw_port);
        Ok(())
    }

    /// The gateway's endpoint and test credentials as `export` lines.
    pub(crate) fn env_script(&self) -> String {
        crate::cmd::export_lines(&self.env())
    }

    /// The variables that point the suites at this gateway.
    pub(crate) fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("NEWTERA_TEST_SERVER", "ceph".into()),
            (
                "NEWTERA_TEST_ENDPOINT",
                format!("http://127.0.0.1:{}", self.rgw_port),
            ),
            ("NEWTERA_TEST_ACCESS_KEY", self.access_key.clone()),
            ("NEWTERA_TEST_SECRET_KEY", self.secret_key.clone()),
            ("NEWTERA_TEST_REGION", "us-east-1".into()),
            ("NEWTERA_TEST_KMS_KEY_ID", conf::KMS_KEYS[0].0.into()),
        ]
    }

    /// Whether radosgw's process is alive.
    pub(crate) fn gateway_alive(&self) -> bool {
        self.pids.get(2).copied().is_some_and(alive)
    }

    /// Starts radosgw again over the same cluster (the objects live in the
    /// OSD, so they survive) and waits until it answers.
    pub(crate) fn restart_gateway(&mut self) -> Result<(), String> {
        if let Some(pid) = self.pids.get(2).copied() {
            kill(pid);
        }
        self.pids.truncate(2);
        let pid = self.spawn_gateway()?;
        self.pids.push(pid);
        self.save()?;
        self.wait_ready(READY_TIMEOUT)
    }

    /// The last lines of radosgw's log, for a crash report.
    pub(crate) fn gateway_log_tail(&self, lines: usize) -> String {
        tail(&self.dir.join("log").join(format!("{RGW_NAME}.log")), lines)
    }

    fn create() -> Result<Self, String> {
        let dir = super::ceph_dir();
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
        }
        for sub in ["run", "log", "mon", "osd/ceph-0", "rgw"] {
            std::fs::create_dir_all(dir.join(sub))
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let [mon_port, rgw_port] = free_ports()?;
        Ok(Self {
            dir,
            mon_port,
            rgw_port,
            access_key: format!("NT{}", random_hex(9)?.to_uppercase()),
            secret_key: random_hex(20)?,
            pids: Vec::new(),
        })
    }

    /// Makes the monitor and the OSD, starts them, creates the test user,
    /// then starts radosgw and waits for a signed ListBuckets.
    fn launch(&mut self) -> Result<(), String> {
        let fsid = uuid()?;
        let config = conf::render(
            &self.dir,
            &fsid,
            self.mon_port,
            self.rgw_port,
            &random_hex(8)?,
        );
        std::fs::write(self.conf(), config).map_err(|e| e.to_string())?;
        let monmap = self.dir.join("monmap");
        self.tool("monmaptool", &["--create", "--addv", "a"])
            .arg(format!("[v1:127.0.0.1:{}]", self.mon_port))
            .args(["--fsid", &fsid])
            .arg(&monmap)
            .pipe()?;
        self.tool("ceph-mon", &["--mkfs", "-i", "a", "--monmap"])
            .arg(&monmap)
            .pipe()?;
        let pid = self.spawn("ceph-mon", &["-i", "a"], "mon")?;
        self.pids.push(pid);
        self.save()?;
        let osd_uuid = uuid()?;
        retry_until(READY_TIMEOUT, || self.ceph(&["osd", "new", &osd_uuid]))?;
        self.ceph(&["osd", "crush", "add", "osd.0", "1", "root=default"])?;
        self.tool("ceph-osd", &["-i", "0", "--mkfs", "--osd-uuid", &osd_uuid])
            .pipe()?;
        let pid = self.spawn("ceph-osd", &["-i", "0"], "osd")?;
        self.pids.push(pid);
        self.save()?;
        retry_until(READY_TIMEOUT, || self.osd_up())?;
        self.create_user()?;
        let pid = self.spawn_gateway()?;
        self.pids.push(pid);
        self.save()?;
        self.wait_ready(READY_TIMEOUT)
    }

    fn osd_up(&self) -> Result<(), String> {
        let out = self.ceph(&["osd", "stat", "--format", "json"])?;
        let v: Value = serde_json::from_str(&out).map_err(|e| e.to_string())?;
        if v["num_up_osds"].as_u64() == Some(1) {
            Ok(())
        } else {
            Err(format!("osd not up yet: {out}"))
        }
    }

    /// The test user, with the caps STS and user policies need.
    fn create_user(&self) -> Result<(), String> {
        self.tool(
            "radosgw-admin",
            &[
                "user",
                "create",
                "--uid=newtera",
                "--display-name=newtera tests",
                &format!("--access-key={}", self.access_key),
                &format!("--secret-key={}", self.secret_key),
            ],
        )
        .pipe()?;
        self.tool(
            "radosgw-admin",
            &[
                "caps",
                "add",
                "--uid=newtera",
                "--caps=roles=*;user-policy=*;users=*;oidc-provider=*",
            ],
        )
        .pipe()
        .map(drop)
    }

    fn spawn_gateway(&self) -> Result<u32, String> {
        self.spawn("radosgw", &["-n", RGW_NAME], "rgw")
    }

    /// Waits until a signed ListBuckets answers 200.
    fn wait_ready(&self, timeout: Duration) -> Result<(), String> {
        retry_until(timeout, || {
            match super::ready::list_buckets_status(
                self.rgw_port,
                &self.access_key,
                &self.secret_key,
            )? {
                200 => Ok(()),
                status => Err(format!("ListBuckets answered {status}")),
            }
        })
    }

    pub(crate) fn conf(&self) -> PathBuf {
        self.dir.join("ceph.conf")
    }

    /// A ceph tool with this cluster's config.
    fn tool(&self, program: &str, args: &[&str]) -> Command {
        let mut command = Command::new(program);
        command.arg("-c").arg(self.conf()).args(args);
        command
    }

    /// Runs the `ceph` command line against the monitor.
    fn ceph(&self, args: &[&str]) -> Result<String, String> {
        self.tool("ceph", &["--connect-timeout", "5"])
            .args(args)
            .pipe()
    }

    /// Starts a daemon in the foreground of its own process group, with
    /// its output in `log/<name>.out`.
    fn spawn(&self, program: &str, args: &[&str], name: &str) -> Result<u32, String> {
        use std::os::unix::process::CommandExt;
        let out = std::fs::File::create(self.dir.join("log").join(format!("{name}.out")))
            .map_err(|e| e.to_string())?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let child = self
            .tool(program, &["-f"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            // Its own process group, so a Ctrl-C in the terminal that ran
            // `xtask ceph start` does not take the daemons down with it.
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start {program}: {e}"))?;
        Ok(child.id())
    }

    fn running(&self) -> bool {
        self.pids.len() == DAEMONS.len() && self.pids.iter().all(|p| alive(*p))
    }

    fn kill_all(&mut self) {
        while let Some(pid) = self.pids.pop() {
            kill(pid);
        }
    }

    /// Reads `ceph.json`.
    pub(crate) fn load() -> Result<Self, String> {
        let dir = super::ceph_dir();
        let text = std::fs::read_to_string(dir.join("ceph.json")).map_err(|_| {
            format!(
                "no ceph cluster in {} (run `cargo xtask ceph start`)",
                dir.display()
            )
        })?;
        let v: Value = serde_json::from_str(&text).map_err(|e| format!("bad ceph.json: {e}"))?;
        let s = |k: &str| {
            v[k].as_str()
                .map(str::to_owned)
                .ok_or(format!("ceph.json lacks {k}"))
        };
        let port = |k: &str| {
            v[k].as_u64()
                .and_then(|p| u16::try_from(p).ok())
                .ok_or(format!("ceph.json lacks {k}"))
        };
        let pids = v["pids"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p.as_u64())
                    .map(|p| p as u32)
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self {
            mon_port: port("mon_port")?,
            rgw_port: port("rgw_port")?,
            access_key: s("access_key")?,
            secret_key: s("secret_key")?,
            pids,
            dir,
        })
    }

    fn save(&self) -> Result<(), String> {
        let v = json!({
            "mon_port": self.mon_port,
            "rgw_port": self.rgw_port,
            "access_key": self.access_key,
            "secret_key": self.secret_key,
            "pids": self.pids,
        });
        std::fs::write(self.dir.join("ceph.json"), v.to_string()).map_err(|e| e.to_string())
    }

    fn log_tails(&self) -> String {
        [
            "mon.a.log",
            "osd.0.log",
            &format!("{RGW_NAME}.log"),
            "rgw.out",
        ]
        .iter()
        .map(|name| {
            let path = self.dir.join("log").join(name);
            format!("--- {} ---\n{}\n", path.display(), tail(&path, 15))
        })
        .collect()
    }
}

/// Runs a prepared command: its standard output, or an error with its
/// standard error.
trait Pipe {
    fn pipe(&mut self) -> Result<String, String>;
}

impl Pipe for Command {
    fn pipe(&mut self) -> Result<String, String> {
        crate::cmd::output(self)
    }
}

fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let last: Vec<&str> = text.lines().rev().take(lines).collect();
    last.into_iter().rev().collect::<Vec<_>>().join("\n")
}

/// Two loopback ports that were free a moment ago.
fn free_ports() -> Result<[u16; 2], String> {
    let a = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let b = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let port =
        |l: &std::net::TcpListener| l.local_addr().map(|a| a.port()).map_err(|e| e.to_string());
    Ok([port(&a)?, port(&b)?])
}

fn uuid() -> Result<String, String> {
    let h = random_hex(16)?;
    Ok(format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    ))
}
