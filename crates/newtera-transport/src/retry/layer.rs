//! `RetryLayer`: holds the settings and the budget shared by every service it wraps.

use std::fmt;
use std::sync::Arc;

use tower::retry::budget::TpsBudget;
use tower_layer::Layer;

use std::time::Duration;

use super::{BudgetConfig, Retry, RetryConfig};

/// Retries failed attempts with the S3-aware policy described in [`crate::retry`].
///
/// Services made by one layer (and their clones) share one retry budget.
#[derive(Clone)]
pub struct RetryLayer {
    config: Arc<RetryConfig>,
    budget: Option<Arc<TpsBudget>>,
}

impl RetryLayer {
    /// A layer with these settings.
    pub fn new(config: RetryConfig) -> Self {
        let budget = config.budget.map(|b| Arc::new(tps_budget(b)));
        Self {
            config: Arc::new(config),
            budget,
        }
    }
}

/// Builds tower's budget with the inputs clamped to the ranges it asserts, so a user's
/// configuration can never panic.
fn tps_budget(b: BudgetConfig) -> TpsBudget {
    let ttl = b.ttl.clamp(Duration::from_secs(1), Duration::from_secs(60));
    let percent = if b.retry_percent.is_finite() {
        b.retry_percent.clamp(0.0, 1000.0)
    } else {
        0.0
    };
    TpsBudget::new(ttl, b.min_per_sec.min(i32::MAX as u32 - 1), percent)
}

impl Default for RetryLayer {
    fn default() -> Self {
        Self::new(RetryConfig::default())
    }
}

impl fmt::Debug for RetryLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryLayer")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl<S> Layer<S> for RetryLayer {
    type Service = Retry<S>;

    fn layer(&self, inner: S) -> Retry<S> {
        Retry::new(inner, self.config.clone(), self.budget.clone())
    }
}
