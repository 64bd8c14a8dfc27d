//! A Garage node stopped in the middle of a 256 MiB multipart upload and of
//! a 5,000-key listing: the operation succeeds (quorum) or fails clearly,
//! and after the node resumes nothing is lost and no upload is orphaned.
//!
//! Only with `NEWTERA_TEST_SERVER=garage` (as `cargo xtask test` runs it);
//! otherwise the cases report that they did not run. The client talks to
//! node 0, so nodes 1 and 2 are the ones paused (SIGSTOP, then SIGCONT).

use std::path::PathBuf;
use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};

use crate::harness::{Case, Outcome};
use crate::report::Row;
use crate::support::{data, describe, is_garage, real_bucket, real_client};

pub(crate) fn cases() -> Vec<Case> {
    vec![
        crate::case!("garage::node_paused_mid_multipart_upload", upload)
            .limit(Duration::from_secs(900)),
        crate::case!("garage::node_paused_mid_listing", listing).limit(Duration::from_secs(900)),
    ]
}

fn not_run(what: &str) -> Outcome {
    println!(
        "NOT RUN: {what} needs NEWTERA_TEST_SERVER=garage (cargo xtask test runs it on the 3-node cluster)"
    );
    Outcome::NotRun(vec![Row::new(
        "Cluster node failure (Garage)",
        what,
        0,
        "not run: needs NEWTERA_TEST_SERVER=garage (run by `cargo xtask test`)",
    )])
}

/// The pids of the cluster's nodes, from `cluster.json`.
fn node_pids() -> Vec<u32> {
    let dir = std::env::var_os("NEWTERA_GARAGE_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/newtera-garage"),
        PathBuf::from,
    );
    let text = std::fs::read_to_string(dir.join("cluster.json")).expect("cluster.json");
    let v: serde_json::Value = serde_json::from_str(&text).expect("cluster.json is JSON");
    let pids: Vec<u32> = v["pids"]
        .as_array()
        .expect("pids")
        .iter()
        .filter_map(|p| p.as_u64().and_then(|p| u32::try_from(p).ok()))
        .collect();
    assert_eq!(pids.len(), 3, "three running nodes");
    pids
}

/// A paused node; resumed when dropped, whatever happens in the test.
struct Paused(u32);

impl Paused {
    fn node(pid: u32) -> Self {
        signal("-STOP", pid);
        Self(pid)
    }
}

impl Drop for Paused {
    fn drop(&mut self) {
        signal("-CONT", self.0);
    }
}

fn signal(sig: &str, pid: u32) {
    let status = std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status();
    assert!(status.is_ok_and(|s| s.success()), "kill {sig} {pid}");
}

const UPLOAD: &str = "256 MiB multipart upload with node 1 paused (SIGSTOP) mid-upload for 10 s";

async fn upload() -> Outcome {
    if !is_garage() {
        return not_run(UPLOAD);
    }
    let pid = node_pids()[1];
    let client = real_client();
    let bucket = real_bucket(&client, "rel-node-upload").await;
    let body = bytes::Bytes::from(data(256 << 20, 8));
    let task = {
        let (client, bucket, body) = (client.clone(), bucket.clone(), body.clone());
        tokio::spawn(async move { client.put_object(&bucket, "big", body).await })
    };
    tokio::time::sleep(Duration::from_secs(2)).await;
    let result = {
        let paused = Paused::node(pid);
        tokio::time::sleep(Duration::from_secs(10)).await;
        drop(paused);
        task.await.expect("upload task")
    };
    let outcome = match &result {
        Ok(_) => {
            let got = client
                .get_object(&bucket, "big")
                .await
                .expect("get")
                .bytes()
                .await
                .expect("body");
            assert!(got == body, "the stored object is the uploaded one");
            "succeeded (write quorum 2 of 3); content verified after resume".to_owned()
        }
        Err(e) => {
            let gone = client.stat_object(&bucket, "big").await;
            assert!(
                gone.is_err_and(|e| e.is_not_found()),
                "a failed upload leaves no object"
            );
            format!("failed clearly: {}; no object stored", describe(e))
        }
    };
    let orphans = client
        .list_incomplete_uploads(&bucket)
        .into_stream()
        .try_collect::<Vec<_>>()
        .await
        .expect("list uploads");
    assert!(orphans.is_empty(), "orphaned uploads: {orphans:?}");
    Outcome::Rows(vec![Row::new(
        "Cluster node failure (Garage)",
        UPLOAD,
        1,
        format!("{outcome}; no orphaned multipart upload"),
    )])
}

const LISTING: &str = "listing 5,000 keys (pages of 250) with node 2 paused after the first 1,000";
const KEYS: usize = 5_000;

async fn listing() -> Outcome {
    if !is_garage() {
        return not_run(LISTING);
    }
    let pid = node_pids()[2];
    let client = real_client();
    let bucket = real_bucket(&client, "rel-node-list").await;
    let keys: Vec<String> = (0..KEYS).map(|i| format!("k/{i:05}")).collect();
    futures_util::stream::iter(keys.clone())
        .map(|k| {
            let (client, bucket) = (client.clone(), bucket.clone());
            async move { client.put_object(&bucket, &k, k.clone().into_bytes()).await }
        })
        .buffer_unordered(32)
        .try_collect::<Vec<_>>()
        .await
        .expect("5,000 puts");
    let mut stream = client
        .list_objects(&bucket)
        .recursive(true)
        .page_size(250)
        .into_stream();
    let mut listed = Vec::new();
    let mut paused = None;
    let mut failure = None;
    loop {
        match stream.try_next().await {
            Ok(Some(object)) => listed.push(object.object_name),
            Ok(None) => break,
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
        if listed.len() == 1_000 {
            paused = Some(Paused::node(pid));
        }
    }
    drop(paused);
    let outcome = match failure {
        None => {
            assert_eq!(listed, keys, "every key once, in order");
            "all 5,000 keys listed once, in order (read quorum)".to_owned()
        }
        Some(e) => format!(
            "failed clearly after {} keys: {}",
            listed.len(),
            describe(&e)
        ),
    };
    // After the resume nothing is lost.
    let after: Vec<_> = client
        .list_objects(&bucket)
        .recursive(true)
        .into_stream()
        .try_collect()
        .await
        .expect("list after resume");
    assert_eq!(after.len(), KEYS, "nothing lost");
    Outcome::Rows(vec![Row::new(
        "Cluster node failure (Garage)",
        LISTING,
        1,
        format!("{outcome}; after resume all 5,000 keys present"),
    )])
}
