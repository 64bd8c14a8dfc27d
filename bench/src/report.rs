//! Turns result rows into the markdown tables of `docs/BENCHMARKS.md`.

use std::fmt::Write;

use serde_json::Value;

const GIB: f64 = (1u64 << 30) as f64;

fn f(result: &Value, name: &str) -> f64 {
    result.get(name).and_then(Value::as_f64).unwrap_or(0.0)
}

/// Whether the workload moves bulk bytes (reported in GiB/s).
fn is_bulk(workload: &str) -> bool {
    matches!(
        workload,
        "put_mem"
            | "put_file"
            | "get_mem"
            | "get_file"
            | "put_file_progress"
            | "get_file_progress"
            | "put_file_resume"
    )
}

/// The headline figure: GiB/s for bulk transfers, else operations per
/// second (keys/s for list and delete, URLs/s for presign).
pub(crate) fn rate(result: &Value, workload: &str, size: u64, count: u64) -> f64 {
    let secs = f(result, "secs").max(1e-9);
    match workload {
        w if is_bulk(w) => size as f64 / GIB / secs,
        "list" | "delete" => count as f64 / secs,
        _ => f(result, "ops") / secs,
    }
}

/// CPU seconds per GiB (bulk) or CPU milliseconds per 1,000 operations.
fn cpu_cost(result: &Value, workload: &str, size: u64, count: u64) -> f64 {
    let cpu = f(result, "cpu_s");
    if is_bulk(workload) {
        cpu / (size as f64 / GIB)
    } else {
        cpu * 1e6 / count.max(1) as f64
    }
}

fn unit(workload: &str) -> &'static str {
    match workload {
        w if is_bulk(w) => "GiB/s",
        "list" | "delete" => "keys/s",
        "presign" => "URLs/s",
        _ => "ops/s",
    }
}

/// The progress line for one result.
pub(crate) fn headline(result: &Value, workload: &str, size: u64, count: u64) -> String {
    format!(
        "{:.3} {}  cpu {:.3}  p50 {:.0}us p90 {:.0}us p99 {:.0}us p99.9 {:.0}us  rss+{} MiB",
        rate(result, workload, size, count),
        unit(workload),
        cpu_cost(result, workload, size, count),
        f(result, "p50_us"),
        f(result, "p90_us"),
        f(result, "p99_us"),
        f(result, "p999_us"),
        growth_mib(result),
    )
}

/// Peak RSS during the workload above the RSS before it.
fn growth_mib(result: &Value) -> i64 {
    (f(result, "rss_peak_kib") as i64 - f(result, "rss_base_kib") as i64) / 1024
}

fn is_peer(client: &str) -> bool {
    !client.starts_with("newtera") && client != "hyper-raw"
}

/// The markdown report: one table per server and workload.
pub(crate) fn markdown(rows: &[Value]) -> String {
    let mut out = String::new();
    let mut groups: Vec<(String, String, u64)> = Vec::new();
    for r in rows {
        let key = (s(r, "server"), s(r, "workload"), u(r, "conc"));
        if !groups.contains(&key) {
            groups.push(key);
        }
    }
    for (server, workload, conc) in &groups {
        let (server, workload, conc) = (server.clone(), workload.clone(), *conc);
        let members: Vec<&Value> = rows
            .iter()
            .filter(|r| {
                s(r, "server") == server && s(r, "workload") == workload && u(r, "conc") == conc
            })
            .collect();
        table(&mut out, &server, &workload, conc, &members);
    }
    own_features(&mut out, rows);
    out
}

/// newtera's progress reporting against the same transfer without it, and
/// the bytes a resumed upload sent again.
fn own_features(out: &mut String, rows: &[Value]) {
    let newtera_rate = |server: &str, workload: &str| {
        rows.iter()
            .find(|r| {
                s(r, "server") == server
                    && s(r, "workload") == workload
                    && s(r, "client") == "newtera"
            })
            .filter(|r| r["result"].get("error").is_none())
            .map(|r| (rate(&r["result"], workload, u(r, "size"), 1), r))
    };
    let mut servers: Vec<String> = rows.iter().map(|r| s(r, "server")).collect();
    servers.dedup();
    for server in servers {
        for (plain, with) in [
            ("put_file", "put_file_progress"),
            ("get_file", "get_file_progress"),
        ] {
            if let (Some((a, _)), Some((b, r))) =
                (newtera_rate(&server, plain), newtera_rate(&server, with))
            {
                let _ = writeln!(
                    out,
                    "\n{server}: {with} runs at **{:.1} %** of {plain}'s speed ({b:.3} vs {a:.3} GiB/s; {} progress reports)",
                    100.0 * b / a.max(1e-9),
                    r["result"]["progress_reports"].as_u64().unwrap_or(0)
                );
            }
        }
        if let Some((speed, r)) = newtera_rate(&server, "put_file_resume") {
            let sent = r["result"]["sent_again_bytes"].as_u64().unwrap_or(0);
            let size = u(r, "size");
            let _ = writeln!(
                out,
                "\n{server}: an upload of {} MiB broken half way resumed sending **{} MiB** again in {:.2} s ({speed:.3} GiB/s of the object)",
                size >> 20,
                sent >> 20,
                f(&r["result"], "secs"),
            );
        }
    }
}

fn s(r: &Value, k: &str) -> String {
    r.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn u(r: &Value, k: &str) -> u64 {
    r.get(k).and_then(Value::as_u64).unwrap_or(0)
}

fn table(out: &mut String, server: &str, workload: &str, conc: u64, rows: &[&Value]) {
    let (size, count) = (u(rows[0], "size"), u(rows[0], "count"));
    let cost = if is_bulk(workload) {
        "CPU s/GiB"
    } else {
        "CPU ms/1k ops"
    };
    let what = if is_bulk(workload) {
        format!("{} MiB", size >> 20)
    } else {
        format!("{count} ops")
    };
    let _ = writeln!(
        out,
        "\n#### {server}: {workload}, {what}, concurrency {conc}\n"
    );
    let _ = writeln!(
        out,
        "| client | {} | p50 µs | p99 µs | {cost} | peak RSS growth MiB |",
        unit(workload)
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|");
    let mut best_peer: Option<(f64, f64)> = None;
    let mut newtera: Option<(f64, f64)> = None;
    let mut raw = None;
    let (mut newtera_p99, mut best_p99) = (None, f64::MAX);
    for r in rows {
        let client = s(r, "client");
        let result = &r["result"];
        if let Some(e) = result.get("error").and_then(Value::as_str) {
            let e: String = e
                .chars()
                .take(90)
                .collect::<String>()
                .replace('|', "/")
                .replace('\n', " ");
            let _ = writeln!(out, "| {client} | — ({e}) | | | | |");
            continue;
        }
        // A row may have run fewer operations than the table's (see
        // `plan::for_client`).
        let ran = u(r, "count");
        let (rate, cpu) = (
            rate(result, workload, size, ran),
            cpu_cost(result, workload, size, ran),
        );
        let _ = writeln!(
            out,
            "| {client} | {} | {:.0} | {:.0} | {:.3} | {} |",
            fmt_rate(rate, workload),
            f(result, "p50_us"),
            f(result, "p99_us"),
            cpu,
            growth_mib(result)
        );
        match client.as_str() {
            "newtera" => {
                newtera = Some((rate, cpu));
                newtera_p99 = Some(f(result, "p99_us"));
            }
            "hyper-raw" => raw = Some(rate),
            c if is_peer(c) => {
                let (br, bc) = best_peer.unwrap_or((0.0, f64::MAX));
                best_peer = Some((br.max(rate), bc.min(cpu)));
                best_p99 = best_p99.min(f(result, "p99_us"));
            }
            _ => {}
        }
    }
    if let (Some((nr, nc)), Some((br, bc))) = (newtera, best_peer) {
        let _ = write!(
            out,
            "\nnewtera / best peer: speed **{:.2}×**, CPU **{:.2}×**",
            nr / br,
            nc / bc.max(1e-9)
        );
        if let Some(raw) = raw {
            let _ = write!(
                out,
                "; newtera / raw hyper ceiling: **{:.0} %**",
                100.0 * nr / raw
            );
        }
        if let Some(p99) = newtera_p99.filter(|_| !is_bulk(workload) && best_p99 < f64::MAX) {
            let _ = write!(out, "; p99 {p99:.0} µs vs the best peer's {best_p99:.0} µs");
        }
        let _ = writeln!(out);
    }
}

fn fmt_rate(rate: f64, workload: &str) -> String {
    if is_bulk(workload) {
        format!("{rate:.3}")
    } else {
        format!("{rate:.0}")
    }
}
