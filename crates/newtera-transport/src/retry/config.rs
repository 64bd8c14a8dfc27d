//! Retry settings and the backoff computation.

use std::sync::Arc;
use std::time::Duration;

use super::classify::{ClassifyBody, StatusOnly};

/// How the retry layer retries.
///
/// Defaults (those of the AWS SDKs' "standard" mode, and the 500/502/503/504 list of minio-py's retrying `http_client` example):
/// at most **3 attempts**, full-jitter exponential backoff from **100 ms** doubling up to
/// **20 s**, `Retry-After` honoured up to that cap, and a retry budget letting retries add at
/// most **20 %** to the request rate over a 10 s window (plus 10 retries per second always).
#[derive(Debug, Clone)]
#[must_use]
pub struct RetryConfig {
    pub(crate) max_attempts: u32,
    pub(crate) base_delay: Duration,
    pub(crate) max_delay: Duration,
    pub(crate) budget: Option<BudgetConfig>,
    pub(crate) classifier: Option<Arc<dyn ClassifyBody>>,
}

/// The retry budget: retries may add `retry_percent` of recent successful requests (over
/// `ttl`), plus `min_per_sec` retries per second regardless.
#[derive(Debug, Clone, Copy)]
pub struct BudgetConfig {
    /// The window over which requests are counted.
    pub ttl: Duration,
    /// Retries always allowed per second.
    pub min_per_sec: u32,
    /// The share of successful requests that may be retried (0.2 = 20 %).
    pub retry_percent: f32,
}

impl Default for BudgetConfig {
    fn default() -> Self {
        Self {
            ttl: Duration::from_secs(10),
            min_per_sec: 10,
            retry_percent: 0.2,
        }
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(20),
            budget: Some(BudgetConfig::default()),
            classifier: None,
        }
    }
}

impl RetryConfig {
    /// Which error bodies name a transient failure (default [`StatusOnly`]: none; the
    /// `newtera` client installs its S3 error-document reader unless you set one).
    pub fn classifier(mut self, classifier: impl ClassifyBody + 'static) -> Self {
        self.classifier = Some(Arc::new(classifier));
        self
    }

    /// Whether a classifier was set.
    pub fn has_classifier(&self) -> bool {
        self.classifier.is_some()
    }

    /// The classifier in use.
    pub(crate) fn body_classifier(&self) -> &dyn ClassifyBody {
        self.classifier.as_deref().unwrap_or(&StatusOnly)
    }

    /// No retries at all (one attempt).
    pub fn disabled() -> Self {
        Self::default().max_attempts(1)
    }

    /// The most attempts per request, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry doubles from this.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest wait between attempts, `Retry-After` included.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Replaces the retry budget.
    pub fn budget(mut self, budget: BudgetConfig) -> Self {
        self.budget = Some(budget);
        self
    }

    /// Retries without a budget (every retryable failure is retried up to `max_attempts`).
    pub fn no_budget(mut self) -> Self {
        self.budget = None;
        self
    }

    /// The wait before attempt `retry + 1`: full jitter over the exponential ceiling, or the
    /// server's `Retry-After`, both capped by `max_delay`.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            return after.min(self.max_delay);
        }
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let ceiling = self.base_delay.saturating_mul(factor).min(self.max_delay);
        ceiling.mul_f64(fastrand::f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_jittered_under_an_exponential_ceiling() {
        let cfg = RetryConfig::default().base_delay(Duration::from_millis(100));
        for _ in 0..100 {
            assert!(cfg.delay(1, None) <= Duration::from_millis(100));
            assert!(cfg.delay(3, None) <= Duration::from_millis(400));
            assert!(cfg.delay(40, None) <= Duration::from_secs(20));
        }
    }

    #[test]
    fn retry_after_is_capped() {
        let cfg = RetryConfig::default().max_delay(Duration::from_secs(2));
        assert_eq!(
            cfg.delay(1, Some(Duration::from_secs(1))),
            Duration::from_secs(1)
        );
        assert_eq!(
            cfg.delay(1, Some(Duration::from_secs(60))),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn at_least_one_attempt() {
        assert_eq!(RetryConfig::default().max_attempts(0).max_attempts, 1);
    }
}
