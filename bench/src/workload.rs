//! The child side: one client, one workload, one JSON line of results.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::{StreamExt, stream};
use serde_json::{Value, json};

use crate::clients::{self, Res, S3Client, Split, Target};
use crate::measure;

/// What the orchestrator asks a child to do.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub(crate) client: String,
    pub(crate) workload: String,
    pub(crate) target: Target,
    pub(crate) size: u64,
    pub(crate) count: u64,
    pub(crate) conc: usize,
    pub(crate) dir: PathBuf,
    pub(crate) split: Split,
}

/// The key of the large object of `size` bytes (the sink reads the size
/// from it).
pub(crate) fn big_key(size: u64) -> String {
    format!("big-{size}")
}

/// The i-th small object's key.
pub(crate) fn small_key(i: u64) -> String {
    format!("small/{}-4096", i % 256)
}

/// The file the upload-from-file workload reads.
pub(crate) fn upload_file(dir: &std::path::Path, size: u64) -> PathBuf {
    dir.join(format!("upload-{size}"))
}

/// Deterministic payload bytes.
pub(crate) fn payload(size: u64) -> Bytes {
    Bytes::from((0..size).map(|i| (i % 251) as u8).collect::<Vec<u8>>())
}

/// Runs the job and returns its result as JSON (an `error` field when it
/// failed).
pub(crate) fn run(job: Job) -> Value {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return json!({ "error": e.to_string() }),
    };
    runtime.block_on(async move {
        match run_async(&job).await {
            Ok(v) => v,
            Err(e) => json!({ "error": e.to_string() }),
        }
    })
}

async fn run_async(job: &Job) -> Res<Value> {
    let client: Arc<dyn S3Client> = Arc::from(clients::make(&job.client, &job.target, job.split)?);
    let small = payload(4096);
    let big = if job.workload == "put_mem" {
        payload(job.size)
    } else {
        Bytes::new()
    };
    let download = job.dir.join(format!("download-{}", job.client));
    // Untimed calls warm the connection pool (one connection per request
    // in flight, so the timed run opens none) and any lazy state.
    if job.workload != "presign" && job.workload != "list" && job.workload != "delete" {
        warm_up(client.as_ref(), job.conc).await;
    }
    measure::reset_peak();
    let (rss_base, cpu0, start) = (
        measure::status_kib("VmRSS:"),
        measure::cpu_seconds(),
        Instant::now(),
    );
    let mut sent_again = None;
    let mut latencies = match job.workload.as_str() {
        "put_small" => {
            many(job, |i| {
                let (c, d) = (client.clone(), small.clone());
                async move { c.put(&small_key(i), d).await }
            })
            .await?
        }
        "get_small" => {
            many(job, |i| {
                let c = client.clone();
                async move { c.get(&small_key(i)).await.map(|_| ()) }
            })
            .await?
        }
        "head_small" => {
            many(job, |i| {
                let c = client.clone();
                async move { c.head(&small_key(i)).await.map(|_| ()) }
            })
            .await?
        }
        "put_mem" => once(client.put(&big_key(job.size), big.clone())).await?,
        "put_file" => {
            once(client.put_file(
                &big_key(job.size),
                &upload_file(&job.dir, job.size),
                job.size,
            ))
            .await?
        }
        "get_mem" => once(expect(client.get(&big_key(job.size)), job.size)).await?,
        "get_file" => {
            once(expect(
                client.get_file(&big_key(job.size), &download),
                job.size,
            ))
            .await?
        }
        "put_file_progress" => {
            once(client.put_file_progress(
                &big_key(job.size),
                &upload_file(&job.dir, job.size),
                job.size,
            ))
            .await?
        }
        "get_file_progress" => {
            once(expect(
                client.get_file_progress(&big_key(job.size), &download),
                job.size,
            ))
            .await?
        }
        "put_file_resume" => {
            let (sent, took) = client
                .resume_file("resumed", &upload_file(&job.dir, job.size), job.size)
                .await?;
            sent_again = Some(sent);
            vec![took]
        }
        "list" => once(expect(client.list("list/"), job.count)).await?,
        "delete" => {
            once(client.delete_many((0..job.count).map(|i| format!("del/k{i}")).collect())).await?
        }
        "presign" => presign(job, client.as_ref()).await?,
        other => return Err(format!("unknown workload {other}").into()),
    };
    // A resume is timed from its own start, not the broken first attempt.
    let secs = match sent_again {
        Some(_) => latencies.iter().map(Duration::as_secs_f64).sum(),
        None => start.elapsed().as_secs_f64(),
    };
    let cpu = measure::cpu_seconds() - cpu0;
    let _ = std::fs::remove_file(&download);
    latencies.sort();
    Ok(json!({
        "secs": secs,
        "cpu_s": cpu,
        "rss_base_kib": rss_base,
        "rss_peak_kib": measure::status_kib("VmHWM:"),
        "p50_us": measure::quantile_us(&latencies, 0.5),
        "p99_us": measure::quantile_us(&latencies, 0.99),
        "p90_us": measure::quantile_us(&latencies, 0.90),
        "p999_us": measure::quantile_us(&latencies, 0.999),
        "max_us": measure::quantile_us(&latencies, 1.0),
        "ops": latencies.len(),
        "sent_again_bytes": sent_again,
        "progress_reports": clients::PROGRESS_REPORTS.load(std::sync::atomic::Ordering::Relaxed),
    }))
}

/// Two rounds of `conc` concurrent HEADs.
async fn warm_up(client: &dyn S3Client, conc: usize) {
    for _ in 0..2 {
        let heads = (0..conc.max(1) as u64).map(|i| client.head(&small_key(i)));
        futures_util::future::join_all(heads).await;
    }
}

/// A transfer that must move exactly `want` bytes (or keys).
async fn expect(fut: clients::Fut<'_, u64>, want: u64) -> Res<()> {
    let got = fut.await?;
    if got == want {
        Ok(())
    } else {
        Err(format!("expected {want}, got {got}").into())
    }
}

async fn once<F: std::future::Future<Output = Res<()>>>(fut: F) -> Res<Vec<Duration>> {
    let t = Instant::now();
    fut.await?;
    Ok(vec![t.elapsed()])
}

/// `count` operations, `conc` at once, each timed.
async fn many<F, Fut>(job: &Job, op: F) -> Res<Vec<Duration>>
where
    F: Fn(u64) -> Fut + Send + Sync,
    Fut: std::future::Future<Output = Res<()>> + Send + 'static,
{
    let results: Vec<Res<Duration>> = stream::iter(0..job.count)
        .map(|i| {
            // Each operation is its own task, as a user running many
            // requests at once would spawn them.
            let fut = op(i);
            let task = tokio::spawn(async move {
                let t = Instant::now();
                fut.await.map(|_| t.elapsed())
            });
            async move { task.await.map_err(|e| Box::new(e) as clients::BoxError)? }
        })
        .buffer_unordered(job.conc.max(1))
        .collect()
        .await;
    results.into_iter().collect()
}

async fn presign(job: &Job, client: &dyn S3Client) -> Res<Vec<Duration>> {
    let mut latencies = Vec::with_capacity(job.count as usize);
    for i in 0..job.count {
        let t = Instant::now();
        let url = client.presign(&format!("photos/{i}.jpg")).await?;
        std::hint::black_box(url);
        latencies.push(t.elapsed());
    }
    Ok(latencies)
}
