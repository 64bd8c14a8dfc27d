//! The benchmark harness: newtera and its peers (aws-sdk-s3, object_store,
//! rust-s3, minio-rs, and minio-py and boto3 through a Python driver)
//! against a sink server, the embedded s3s-fs server and, when
//! `NEWTERA_TEST_ENDPOINT` is set, Garage or Ceph RGW (whichever
//! `NEWTERA_TEST_SERVER` names). Each (client, workload) runs in
//! its own child process so CPU time and peak RSS are the client's own.
//!
//! ```text
//! newtera-bench [--quick] [--servers sink,embedded,garage|ceph] [--clients a,b]
//!               [--workloads w1,w2] [--python PATH] [--out DIR] [--repeat N]
//!               [--part BYTES] [--par N] [--pin]
//! newtera-bench child --client NAME --workload NAME …   (internal)
//! ```

mod clients;
mod measure;
mod orchestrate;
mod pin;
mod plan;
mod report;
mod sink;
mod workload;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clients::{Split, Target};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("child") => child(&args[1..]),
        _ => parent(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newtera-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `--name value` pairs and bare `--flag`s.
fn flags(args: &[String]) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let mut i = 0;
    while i < args.len() {
        let name = args[i].trim_start_matches("--").to_owned();
        match args.get(i + 1).filter(|v| !v.starts_with("--")) {
            Some(value) => {
                map.insert(name, value.clone());
                i += 2;
            }
            None => {
                map.insert(name, String::new());
                i += 1;
            }
        }
    }
    map
}

fn list(value: Option<&String>) -> Option<Vec<String>> {
    value.map(|v| {
        v.split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    })
}

fn parent(args: &[String]) -> Result<(), String> {
    let flags = flags(args);
    let python = flags
        .get("python")
        .map(PathBuf::from)
        .filter(|p| p.exists());
    let default_servers = match std::env::var("NEWTERA_TEST_ENDPOINT") {
        Ok(_) if std::env::var("NEWTERA_TEST_SERVER").is_ok_and(|s| s == "ceph") => {
            "sink,embedded,ceph"
        }
        Ok(_) => "sink,embedded,garage",
        Err(_) => "sink,embedded",
    };
    let client_cpus = if flags.contains_key("pin") {
        let (servers, clients) = pin::halves()?;
        // Before the sink or the embedded server starts: their threads inherit it.
        pin::to(&servers)?;
        eprintln!(
            "pinned: servers on CPU {}, clients on CPU {}",
            pin::format(&servers),
            pin::format(&clients)
        );
        Some(clients)
    } else {
        None
    };
    let options = orchestrate::Options {
        quick: flags.contains_key("quick"),
        servers: list(flags.get("servers"))
            .unwrap_or_else(|| list(Some(&default_servers.to_owned())).unwrap_or_default()),
        clients: list(flags.get("clients"))
            .unwrap_or_else(|| orchestrate::all_clients(python.is_some())),
        workloads: list(flags.get("workloads")),
        out: flags
            .get("out")
            .map_or_else(|| PathBuf::from("target/bench"), PathBuf::from),
        python,
        repeat: number(&flags, "repeat", 1)? as u32,
        client_cpus,
        split: Split {
            part_size: number(&flags, "part", 8 << 20)?,
            parallelism: number(&flags, "par", 4)? as usize,
        },
    };
    let rows = orchestrate::run(&options)?;
    let markdown = report::markdown(&rows);
    std::fs::create_dir_all(&options.out).map_err(|e| e.to_string())?;
    let json = serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?;
    std::fs::write(options.out.join("results.json"), json).map_err(|e| e.to_string())?;
    std::fs::write(options.out.join("results.md"), &markdown).map_err(|e| e.to_string())?;
    println!("{markdown}");
    eprintln!("results in {}", options.out.display());
    Ok(())
}

fn number(flags: &HashMap<String, String>, name: &str, default: u64) -> Result<u64, String> {
    flags.get(name).map_or(Ok(default), |v| {
        v.parse().map_err(|_| format!("--{name} {v}: not a number"))
    })
}

fn child(args: &[String]) -> Result<(), String> {
    // object_store's reqwest is built without a crypto provider of its own.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let flags = flags(args);
    if let Some(cpus) = flags.get("cpus") {
        // Before the runtime starts, so its threads inherit it.
        pin::to(&pin::parse(cpus)?)?;
    }
    let get = |name: &str| {
        flags
            .get(name)
            .cloned()
            .ok_or_else(|| format!("child needs --{name}"))
    };
    let job = workload::Job {
        client: get("client")?,
        workload: get("workload")?,
        target: Target {
            endpoint: get("endpoint")?,
            bucket: get("bucket")?,
            access_key: get("access")?,
            secret_key: get("secret")?,
            region: get("region")?,
        },
        size: number(&flags, "size", 0)?,
        count: number(&flags, "count", 1)?,
        conc: number(&flags, "conc", 1)? as usize,
        dir: PathBuf::from(get("dir")?),
        split: Split {
            part_size: number(&flags, "part", 8 << 20)?,
            parallelism: number(&flags, "par", 4)? as usize,
        },
    };
    println!("{}", workload::run(job));
    Ok(())
}
