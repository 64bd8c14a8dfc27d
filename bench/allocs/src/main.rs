//! Heap allocations per small request: `stat_object`, `put_object` and
//! `get_object` of 4 KiB, and a one-page `list_objects` (1,000 keys),
//! made by newtera against the harness's sink server on loopback.
//!
//! ```text
//! cargo run --release -p newtera-bench-allocs [-- --requests N]
//! ```
//!
//! The client runs on a current-thread runtime whose threads are the only
//! ones counted; the sink runs on its own threads. Each operation is run
//! once to open the connection and fill lazy state, then `N` times (200 by
//! default) counted; the figure is the mean, which is exact when every
//! request allocates the same. With `NEWTERA_ALLOCS_SITES=1`, one more run
//! of each operation records a backtrace per allocation and prints where
//! they come from (the first frames outside the allocator and `std`:
//! four, or `NEWTERA_ALLOCS_DEPTH`).

// The counting allocator is the one place that needs `unsafe`.
#[allow(unsafe_code)]
mod count;
#[path = "../../src/sink.rs"]
#[allow(dead_code)]
mod sink;

use std::future::Future;
use std::process::ExitCode;

use bytes::Bytes;
use futures_util::TryStreamExt;
use newtera::Newtera;

#[global_allocator]
static ALLOCATOR: count::Counting = count::Counting;

/// Keys the sink synthesises for one listing page.
const LIST_KEYS: u64 = 1000;
const BUCKET: &str = "bench";
type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newtera-bench-allocs: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Res<()> {
    let requests = requests()?;
    let addr = sink::start(LIST_KEYS)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .on_thread_start(count::count_this_thread)
        .build()?;
    count::count_this_thread();
    let client = Newtera::builder(format!("http://{addr}").as_str())
        .credentials("bench-access", "bench-secret-key")
        .region("us-east-1")
        .path_style()
        .build()?;
    let small = Bytes::from(vec![7u8; 4096]);
    println!("| operation | allocations per request | bytes allocated per request |");
    println!("|---|---:|---:|");
    runtime.block_on(async {
        row("stat_object", requests, || async {
            client.stat_object(BUCKET, "small/1-4096").await?;
            Ok(())
        })
        .await?;
        row("put_object (4 KiB)", requests, || async {
            client
                .put_object(BUCKET, "small/1-4096", small.clone())
                .await?;
            Ok(())
        })
        .await?;
        row("get_object (4 KiB)", requests, || async {
            client.get_object_bytes(BUCKET, "small/1-4096").await?;
            Ok(())
        })
        .await?;
        row(
            "list_objects (1 page, 1,000 keys)",
            requests / 10,
            || async {
                let keys = client
                    .list_objects(BUCKET)
                    .recursive(true)
                    .into_stream()
                    .try_fold(0u64, |n, _| async move { Ok(n + 1) })
                    .await?;
                if keys == LIST_KEYS {
                    Ok(())
                } else {
                    Err(format!("listed {keys} keys, expected {LIST_KEYS}").into())
                }
            },
        )
        .await
    })
}

/// Runs `op` once uncounted, then `n` times, and prints the mean counts.
async fn row<F, Fut>(name: &str, n: u64, op: F) -> Res<()>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Res<()>>,
{
    op().await?;
    let n = n.max(1);
    let (allocs, bytes) = count::totals();
    for _ in 0..n {
        op().await?;
    }
    let (allocs_after, bytes_after) = count::totals();
    let per = |a: u64, b: u64| (b - a) as f64 / n as f64;
    println!(
        "| {name} | {:.1} | {:.0} |",
        per(allocs, allocs_after),
        per(bytes, bytes_after)
    );
    if std::env::var_os("NEWTERA_ALLOCS_SITES").is_some() {
        count::trace_start();
        let result = op().await;
        print_sites(name, &count::trace_stop());
        result?;
    }
    Ok(())
}

/// Prints the call sites of `traces`, grouped, most frequent first.
fn print_sites(name: &str, traces: &[std::backtrace::Backtrace]) {
    let mut sites = std::collections::BTreeMap::<String, u32>::new();
    for trace in traces {
        let text = format!("{trace}");
        let frames: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter_map(|l| l.split_once(": ").map(|(_, f)| f))
            .filter(|f| !SKIP.iter().any(|s| f.starts_with(s)))
            .take(frames_shown())
            .collect();
        *sites.entry(frames.join("  <  ")).or_default() += 1;
    }
    let mut sites: Vec<_> = sites.into_iter().collect();
    sites.sort_by_key(|s| std::cmp::Reverse(s.1));
    eprintln!("--- {name}: {} allocations", traces.len());
    for (site, n) in sites {
        eprintln!("{n:>4}  {site}");
    }
}

/// Frames printed per site: `NEWTERA_ALLOCS_DEPTH` (default 4).
fn frames_shown() -> usize {
    std::env::var("NEWTERA_ALLOCS_DEPTH")
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or(4)
}

/// Frames that say nothing about who allocated.
const SKIP: &[&str] = &[
    "std::",
    "alloc::",
    "core::",
    "__rust",
    "<alloc::",
    "<core::",
    "<std::",
    "newtera_bench_allocs::count",
    "<newtera_bench_allocs::count",
    "rust_begin",
];

fn requests() -> Res<u64> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => Ok(200),
        [flag, n] if flag == "--requests" => Ok(n.parse()?),
        _ => Err("usage: newtera-bench-allocs [--requests N]".into()),
    }
}
