//! The parent side: servers up, one child process per (client, workload),
//! results collected.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::clients::{RUST_CLIENTS, Split, Target};
use crate::plan::{self, Scale, Step};
use crate::workload::{self, big_key, small_key};

/// The Python clients, run through `bench/py/s3bench.py`: newtera's own
/// Python package (`crates/newtera-py`) next to the two a Python user would
/// otherwise pick.
pub(crate) const PYTHON_CLIENTS: &[&str] = &["newtera-py", "minio-py", "boto3"];
/// A child that runs longer than this is killed and reported as failed.
const CHILD_TIMEOUT: Duration = Duration::from_secs(300);

/// Options of a run.
#[derive(Debug)]
pub(crate) struct Options {
    pub(crate) quick: bool,
    pub(crate) servers: Vec<String>,
    pub(crate) clients: Vec<String>,
    pub(crate) workloads: Option<Vec<String>>,
    pub(crate) python: Option<PathBuf>,
    pub(crate) out: PathBuf,
    pub(crate) split: Split,
    /// Runs of each cell; the fastest is kept, since other work on a shared
    /// machine only ever slows a run down.
    pub(crate) repeat: u32,
    /// `--pin`: the CPUs every client child runs on (the in-process servers
    /// run on the others).
    pub(crate) client_cpus: Option<Vec<usize>>,
}

/// One server the run talks to; the embedded one is kept alive here.
struct Server {
    name: String,
    target: Target,
    _embedded: Option<newtera_testkit::EmbeddedServer>,
}

/// Runs everything and returns the rows.
pub(crate) fn run(options: &Options) -> Result<Vec<Value>, String> {
    let scale = Scale::new(options.quick);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    write_upload_files(dir.path(), scale)?;
    let mut rows = Vec::new();
    for name in &options.servers {
        let server = start(name, scale)?;
        eprintln!("== server {} at {}", server.name, server.target.endpoint);
        for step in plan::steps(scale, &server.name) {
            if options
                .workloads
                .as_ref()
                .is_some_and(|w| !w.iter().any(|x| x == step.workload))
            {
                continue;
            }
            // Each client with the step as it runs it (`plan::for_client`).
            let cells: Vec<(&String, Step)> = options
                .clients
                .iter()
                .filter(|c| {
                    plan::applies(c, step.workload) && (*c != "hyper-raw" || server.name == "sink")
                })
                .map(|c| (c, plan::for_client(c, &step)))
                .collect();
            // Rounds go across the clients (every client once, then again),
            // so a slow spell of this shared machine does not fall on all of
            // one client's runs; each keeps its fastest.
            let mut best: Vec<Option<Value>> = vec![None; cells.len()];
            for _ in 0..options.repeat.max(1) {
                for ((client, step), kept) in cells.iter().zip(best.iter_mut()) {
                    let result = child(options, &server, client, step, dir.path());
                    *kept = Some(faster(kept.take(), result, step));
                }
            }
            for ((client, step), result) in cells.into_iter().zip(best) {
                let result = result.unwrap_or(Value::Null);
                eprintln!(
                    "   {:<12} {:<10} c{:<3} {}",
                    client,
                    step.workload,
                    step.conc,
                    summary(&result, &step)
                );
                rows.push(json!({
                    "server": server.name, "client": client, "workload": step.workload,
                    "size": step.size, "count": step.count, "conc": step.conc, "result": result,
                }));
            }
        }
    }
    Ok(rows)
}

/// The faster of a kept result and a new one (an error only when every
/// run failed).
fn faster(kept: Option<Value>, result: Value, step: &Step) -> Value {
    let rate = |v: &Value| crate::report::rate(v, step.workload, step.size, step.count);
    match kept {
        Some(b)
            if b.get("error").is_none()
                && (result.get("error").is_some() || rate(&result) <= rate(&b)) =>
        {
            b
        }
        _ => result,
    }
}

fn write_upload_files(dir: &Path, scale: Scale) -> Result<(), String> {
    for size in [scale.big, scale.big_real] {
        std::fs::write(workload::upload_file(dir, size), workload::payload(size))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn start(name: &str, scale: Scale) -> Result<Server, String> {
    let bucket = "bench".to_owned();
    let (target, embedded) = match name {
        "sink" => {
            let addr = crate::sink::start(scale.list).map_err(|e| e.to_string())?;
            (
                target(
                    format!("http://{addr}"),
                    bucket,
                    "sink-access",
                    "sink-secret",
                    "us-east-1",
                ),
                None,
            )
        }
        "embedded" => {
            let server = newtera_testkit::EmbeddedServer::start().map_err(|e| e.to_string())?;
            let t = target(
                server.endpoint(),
                bucket,
                server.access_key(),
                server.secret_key(),
                "us-east-1",
            );
            (t, Some(server))
        }
        "garage" | "ceph" => (real_server(name)?, None),
        other => return Err(format!("unknown server {other}")),
    };
    if name != "sink" {
        seed(&target, scale.big_real)?;
    }
    Ok(Server {
        name: name.to_owned(),
        target,
        _embedded: embedded,
    })
}

/// A real server's endpoint and keys from `NEWTERA_TEST_*` (what `eval
/// "$(cargo xtask garage|ceph start)"` exports); `NEWTERA_TEST_SERVER`, when
/// set, must name that server, so one cluster is never reported as the other.
fn real_server(name: &str) -> Result<Target, String> {
    let var = |n: &str| std::env::var(n).map_err(|_| format!("{name} needs {n}"));
    if let Ok(kind) = std::env::var("NEWTERA_TEST_SERVER")
        && kind != name
    {
        return Err(format!(
            "NEWTERA_TEST_SERVER is {kind}, not {name}: start {name} with cargo xtask {name} start"
        ));
    }
    let default_region = if name == "garage" {
        "garage"
    } else {
        "us-east-1"
    };
    Ok(target(
        var("NEWTERA_TEST_ENDPOINT")?,
        "bench".to_owned(),
        &var("NEWTERA_TEST_ACCESS_KEY")?,
        &var("NEWTERA_TEST_SECRET_KEY")?,
        &std::env::var("NEWTERA_TEST_REGION").unwrap_or_else(|_| default_region.into()),
    ))
}

fn target(endpoint: String, bucket: String, access: &str, secret: &str, region: &str) -> Target {
    Target {
        endpoint,
        bucket,
        access_key: access.to_owned(),
        secret_key: secret.to_owned(),
        region: region.to_owned(),
    }
}

/// A real server needs the bucket and the objects the GET workloads read.
fn seed(target: &Target, big: u64) -> Result<(), String> {
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let client = newtera::Newtera::builder(target.endpoint.as_str())
            .credentials(target.access_key.as_str(), target.secret_key.as_str())
            .region(target.region.as_str())
            .path_style()
            .build()
            .map_err(|e| e.to_string())?;
        if !client
            .bucket_exists(&target.bucket)
            .await
            .map_err(|e| e.to_string())?
        {
            client
                .make_bucket(&target.bucket)
                .await
                .map_err(|e| e.to_string())?;
        }
        for i in 0..256 {
            client
                .put_object(&target.bucket, &small_key(i), workload::payload(4096))
                .await
                .map_err(|e| e.to_string())?;
        }
        client
            .put_object(&target.bucket, &big_key(big), workload::payload(big))
            .await
            .map_err(|e| e.to_string())?;
        Ok(())
    })
}

fn child(options: &Options, server: &Server, client: &str, step: &Step, dir: &Path) -> Value {
    let mut cmd = if PYTHON_CLIENTS.contains(&client) {
        let Some(python) = &options.python else {
            return json!({ "error": "n/a: no Python venv (run through cargo xtask bench)" });
        };
        let mut c = Command::new(python);
        c.arg(script_path());
        c
    } else {
        match std::env::current_exe() {
            Ok(exe) => {
                let mut c = Command::new(exe);
                c.arg("child");
                c
            }
            Err(e) => return json!({ "error": e.to_string() }),
        }
    };
    let t = &server.target;
    cmd.args(["--client", client, "--workload", step.workload])
        .args([
            "--endpoint",
            &t.endpoint,
            "--bucket",
            &t.bucket,
            "--region",
            &t.region,
        ])
        .args(["--access", &t.access_key, "--secret", &t.secret_key])
        .args([
            "--size",
            &step.size.to_string(),
            "--count",
            &step.count.to_string(),
        ])
        .args([
            "--conc",
            &step.conc.to_string(),
            "--dir",
            &dir.display().to_string(),
        ])
        .args([
            "--part",
            &options.split.part_size.to_string(),
            "--par",
            &options.split.parallelism.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if let Some(cpus) = &options.client_cpus {
        cmd.args(["--cpus", &crate::pin::format(cpus)]);
    }
    wait(cmd)
}

/// Runs the child to its end (or the timeout) and parses its last line.
fn wait(mut cmd: Command) -> Value {
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return json!({ "error": format!("spawn: {e}") }),
    };
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > CHILD_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return json!({ "error": "timed out" });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return json!({ "error": e.to_string() }),
        }
    }
    let mut out = String::new();
    if let Some(mut stdout) = child.stdout.take() {
        let _ = stdout.read_to_string(&mut out);
    }
    out.lines()
        .rev()
        .find_map(|l| serde_json::from_str(l).ok())
        .unwrap_or_else(|| json!({ "error": format!("no result: {}", out.trim()) }))
}

/// The Python driver beside this crate's sources.
fn script_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("py/s3bench.py")
}

/// A one-line progress summary.
fn summary(result: &Value, step: &Step) -> String {
    if let Some(e) = result.get("error").and_then(Value::as_str) {
        return format!("error: {}", e.chars().take(160).collect::<String>());
    }
    crate::report::headline(result, step.workload, step.size, step.count)
}

/// Every Rust client and, with a venv, the Python ones.
pub(crate) fn all_clients(python: bool) -> Vec<String> {
    let mut v: Vec<String> = RUST_CLIENTS.iter().map(|s| s.to_string()).collect();
    if python {
        v.extend(PYTHON_CLIENTS.iter().map(|s| s.to_string()));
    }
    v
}
