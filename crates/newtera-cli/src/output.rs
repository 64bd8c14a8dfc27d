//! What the command prints: lines for people, or one JSON object per line
//! for scripts (`--json`).

use std::io::{IsTerminal, Write};
use std::time::SystemTime;

use newtera::proto::types::Timestamp;
use serde_json::{Value, json};

use crate::error::CliError;
use crate::terminal::escape;

/// Where results and errors go, and in which form.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Output {
    json: bool,
    terminal: bool,
    quiet: bool,
}

impl Output {
    pub(crate) fn new(json: bool) -> Self {
        Self {
            json,
            terminal: std::io::stdout().is_terminal(),
            quiet: false,
        }
    }

    /// The same output without confirmations (`--quiet`): results with a
    /// `status` (transfers, removals, summaries) are not printed; answers
    /// (listings, stat, URLs) and errors still are.
    pub(crate) fn quiet(self, quiet: bool) -> Self {
        Self { quiet, ..self }
    }

    /// Whether progress bars may be drawn: stdout is a terminal and no
    /// script asked for JSON or quiet.
    pub(crate) fn wants_bars(&self) -> bool {
        self.terminal && !self.json && !self.quiet
    }

    /// Prints one result: `value` as a JSON line, or the `human` line with
    /// control and bidirectional characters escaped (it holds keys and
    /// other text from the server).
    pub(crate) fn record(&self, value: Value, human: impl FnOnce() -> String) {
        self.record_lines(value, || vec![human()]);
    }

    /// Like [`Output::record`] for a result of several human lines, each
    /// escaped on its own.
    pub(crate) fn record_lines(&self, value: Value, human: impl FnOnce() -> Vec<String>) {
        if self.quiet && value.get("status").is_some() {
            return;
        }
        let text = if self.json {
            value.to_string()
        } else {
            let lines: Vec<String> = human().iter().map(|l| escape(l).into_owned()).collect();
            lines.join("\n")
        };
        // A closed pipe (`newtera ls | head`) is not worth a panic.
        let _ = writeln!(std::io::stdout().lock(), "{text}");
    }

    /// Reports a failure that does not stop the command (one file of a
    /// recursive copy) on stderr.
    pub(crate) fn warn(&self, error: &CliError) {
        let _ = writeln!(std::io::stderr().lock(), "{}", self.error_line(error));
    }

    /// The line an error is reported with.
    pub(crate) fn error_line(&self, error: &CliError) -> String {
        if self.json {
            json!({
                "status": "error",
                "kind": error.kind().name(),
                "exit_code": error.kind().exit_code(),
                "message": error.message(),
            })
            .to_string()
        } else {
            format!("newtera: {}", escape(error.message()))
        }
    }
}

/// Sizes for people: `512 B`, `1.5 KiB`, `3.0 GiB`.
pub(crate) fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    // Precision beyond one decimal is noise in a listing; f64 is exact enough.
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS.get(unit).unwrap_or(&"EiB"))
}

/// A time as RFC 3339 (UTC, seconds), as S3 writes it.
pub(crate) fn timestamp(time: SystemTime) -> String {
    let secs = match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    };
    let text = Timestamp::from_unix(secs, 0).to_string();
    // Drop the always-zero milliseconds: `2026-11-29T05:41:35Z`.
    text.replace(".000Z", "Z")
}

/// An optional time as JSON (`null` when the server did not say).
pub(crate) fn json_time(time: Option<SystemTime>) -> Value {
    time.map_or(Value::Null, |t| Value::String(timestamp(t)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn sizes_for_people() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(64 << 20), "64.0 MiB");
        assert_eq!(human_size(u64::MAX), "16.0 EiB");
    }

    #[test]
    fn times_are_rfc3339() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(timestamp(t), "2023-11-14T22:13:20Z");
        assert_eq!(json_time(None), Value::Null);
    }
}
