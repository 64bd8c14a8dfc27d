//! The harness: runs each case on a fresh runtime, catches panics, prints
//! libtest-style lines and writes the table.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::report::{self, Row};

/// What a case returns: its rows, or that it did not run (and why).
pub(crate) enum Outcome {
    /// The case ran and every assertion held.
    Rows(Vec<Row>),
    /// The case needs something this run lacks; its rows say so.
    NotRun(Vec<Row>),
}

type CaseFuture = Pin<Box<dyn Future<Output = Outcome> + Send>>;

/// One named case.
pub(crate) struct Case {
    pub(crate) name: &'static str,
    run: fn() -> CaseFuture,
    /// The case builds its own runtime (it needs a thread-local subscriber).
    sync: Option<fn() -> Outcome>,
    limit: Duration,
}

impl Case {
    /// An async case with the default 120 s limit.
    pub(crate) fn new(name: &'static str, run: fn() -> CaseFuture) -> Self {
        Self {
            name,
            run,
            sync: None,
            limit: Duration::from_secs(120),
        }
    }

    /// A case that runs its own runtime.
    pub(crate) fn sync(name: &'static str, run: fn() -> Outcome) -> Self {
        let mut case = Self::new(name, || Box::pin(async { Outcome::Rows(Vec::new()) }));
        case.sync = Some(run);
        case
    }

    /// A longer limit, for the cluster cases.
    pub(crate) fn limit(mut self, limit: Duration) -> Self {
        self.limit = limit;
        self
    }
}

/// Wraps an async fn as a case body.
#[macro_export]
macro_rules! case {
    ($name:literal, $f:path) => {
        $crate::harness::Case::new($name, || Box::pin($f()))
    };
}

struct Args {
    filters: Vec<String>,
    skips: Vec<String>,
    exact: bool,
    list: bool,
}

/// Reads libtest-like arguments: filters, `--skip X`, `--exact`, `--list`;
/// other flags (`--nocapture`, `--test-threads N`…) are accepted and ignored.
fn args() -> Args {
    let mut a = Args {
        filters: Vec::new(),
        skips: Vec::new(),
        exact: false,
        list: false,
    };
    let mut raw = std::env::args().skip(1);
    while let Some(arg) = raw.next() {
        match arg.as_str() {
            "--skip" => a.skips.extend(raw.next()),
            "--exact" => a.exact = true,
            "--list" => a.list = true,
            "--test-threads" | "--format" | "--color" | "-Z" | "--logfile" => {
                raw.next();
            }
            s if s.starts_with('-') => {}
            s => a.filters.push(s.to_owned()),
        }
    }
    a
}

impl Args {
    fn selects(&self, name: &str) -> bool {
        let hit = |f: &String| {
            if self.exact {
                name == f
            } else {
                name.contains(f.as_str())
            }
        };
        (self.filters.is_empty() || self.filters.iter().any(hit))
            && !self.skips.iter().any(|s| name.contains(s.as_str()))
    }
}

/// Runs the selected cases; fails if any failed.
pub(crate) fn run(cases: Vec<Case>) -> ExitCode {
    let args = args();
    let total = cases.len();
    let selected: Vec<Case> = cases.into_iter().filter(|c| args.selects(c.name)).collect();
    if args.list {
        for c in &selected {
            println!("{}: test", c.name);
        }
        return ExitCode::SUCCESS;
    }
    let started = Instant::now();
    println!("\nrunning {} tests", selected.len());
    let mut tally = Tally::default();
    let mut rows = Vec::new();
    for case in &selected {
        run_one(case, &mut tally, &mut rows);
    }
    let whole = selected.len() == total;
    if whole && tally.failed.is_empty() {
        report::maybe_write(&rows);
    }
    tally.finish(total - selected.len(), started.elapsed())
}

#[derive(Default)]
struct Tally {
    passed: usize,
    not_run: usize,
    failed: Vec<String>,
}

impl Tally {
    fn finish(&self, filtered: usize, took: Duration) -> ExitCode {
        if !self.failed.is_empty() {
            println!("\nfailures:");
            for f in &self.failed {
                println!("    {f}");
            }
        }
        let verdict = if self.failed.is_empty() {
            "ok"
        } else {
            "FAILED"
        };
        println!(
            "\ntest result: {verdict}. {} passed; {} failed; {} ignored; 0 measured; {filtered} filtered out; finished in {:.2}s\n",
            self.passed,
            self.failed.len(),
            self.not_run,
            took.as_secs_f64()
        );
        if self.failed.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}

fn run_one(case: &Case, tally: &mut Tally, rows: &mut Vec<Row>) {
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| execute(case)));
    let took = started.elapsed().as_secs_f64();
    match result {
        Ok(Ok(Outcome::Rows(r))) => {
            println!("test {} ... ok ({took:.2}s)", case.name);
            tally.passed += 1;
            rows.extend(r);
        }
        Ok(Ok(Outcome::NotRun(r))) => {
            let why = r.first().map_or("", |row| row.outcome.as_str());
            println!("test {} ... NOT RUN: {why}", case.name);
            tally.not_run += 1;
            rows.extend(r);
        }
        Ok(Err(e)) => {
            println!("test {} ... FAILED: {e}", case.name);
            tally.failed.push(case.name.to_owned());
        }
        Err(_) => {
            println!("test {} ... FAILED (panicked, see above)", case.name);
            tally.failed.push(case.name.to_owned());
        }
    }
}

fn execute(case: &Case) -> Result<Outcome, String> {
    if let Some(sync) = case.sync {
        return Ok(sync());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("runtime: {e}"))?;
    let outcome = runtime.block_on(async {
        tokio::time::timeout(case.limit, (case.run)())
            .await
            .map_err(|_| format!("exceeded its {:?} limit", case.limit))
    });
    // Stalled fault connections must not keep the process waiting.
    runtime.shutdown_timeout(Duration::from_secs(1));
    outcome
}
