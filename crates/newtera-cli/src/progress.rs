//! Transfer progress: one bar for the whole transfer when stdout is a
//! terminal, a plain line per finished file otherwise.

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;

use crate::output::Output;

/// The progress of one command's transfers. Cheap to clone: every parallel
/// transfer reports into the same bar.
#[derive(Debug, Clone)]
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    output: Output,
}

impl Progress {
    /// A progress report for `total` bytes over `files` files.
    pub(crate) fn new(output: Output, total: u64, files: usize) -> Self {
        let bar = output.wants_bars().then(|| {
            let bar = ProgressBar::new(total);
            // The template is a constant; should it ever fail, fall back to
            // the default style rather than stop the transfer.
            if let Ok(style) = ProgressStyle::with_template(
                "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(format!("{files} file(s)"));
            bar
        });
        Self { bar, output }
    }

    /// Counts `bytes` transferred.
    pub(crate) fn advance(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }

    /// Reports a finished file: above the bar on a terminal, as a line (or
    /// a JSON object) otherwise.
    pub(crate) fn done(&self, value: Value, human: impl FnOnce() -> String) {
        match &self.bar {
            Some(bar) => bar.suspend(|| self.output.record(value, human)),
            None => self.output.record(value, human),
        }
    }

    /// Removes the bar.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
