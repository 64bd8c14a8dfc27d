//! Counting what ran: every check and every test, into one
//! `N passed, N failed` line.

/// Running totals across all steps of `cargo xtask test`.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    passed: u64,
    failed: u64,
    ignored: u64,
    steps: Vec<String>,
}

impl Tally {
    /// Records a single check (fmt, clippy, a server start).
    pub(crate) fn check(&mut self, name: &str, result: Result<(), String>) -> bool {
        match result {
            Ok(()) => {
                self.passed += 1;
                self.steps.push(format!("ok      {name}"));
                true
            }
            Err(e) => {
                self.failed += 1;
                self.steps.push(format!("FAILED  {name}: {e}"));
                false
            }
        }
    }

    /// Records the `test result:` lines of a cargo test run; a run that
    /// failed without reporting any failed test counts as one failure.
    pub(crate) fn tests(&mut self, name: &str, output: &str, success: bool) {
        let (mut passed, mut failed, mut ignored) = (0, 0, 0);
        for line in output.lines().filter(|l| l.starts_with("test result:")) {
            passed += count(line, " passed");
            failed += count(line, " failed");
            ignored += count(line, " ignored");
        }
        if !success && failed == 0 {
            failed = 1;
        }
        self.passed += passed;
        self.failed += failed;
        self.ignored += ignored;
        let status = if success { "ok     " } else { "FAILED " };
        self.steps.push(format!(
            "{status} {name}: {passed} passed, {failed} failed, {ignored} ignored"
        ));
    }

    pub(crate) fn failed(&self) -> u64 {
        self.failed
    }

    /// The step list and the closing line.
    pub(crate) fn report(&self) -> String {
        let mut out = String::from("\n== summary ==\n");
        for step in &self.steps {
            out.push_str(step);
            out.push('\n');
        }
        if self.ignored > 0 {
            out.push_str(&format!(
                "{} passed, {} failed, {} skipped\n",
                self.passed, self.failed, self.ignored
            ));
        } else {
            out.push_str(&format!("{} passed, {} failed\n", self.passed, self.failed));
        }
        out
    }
}

/// The number before `label` in a `test result:` line.
fn count(line: &str, label: &str) -> u64 {
    line.split(';')
        .find_map(|part| part.trim().strip_suffix(label.trim()).map(str::trim))
        .map(|n| n.rsplit(' ').next().unwrap_or(n))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cargo_test_lines() {
        let mut t = Tally::default();
        let out = "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out\n\
                   test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out\n";
        t.tests("x", out, false);
        assert_eq!((t.passed, t.failed, t.ignored), (15, 2, 1));
    }

    #[test]
    fn a_run_that_reports_nothing_but_fails_is_a_failure() {
        let mut t = Tally::default();
        t.tests("x", "error: could not compile", false);
        assert_eq!(t.failed(), 1);
    }
}
