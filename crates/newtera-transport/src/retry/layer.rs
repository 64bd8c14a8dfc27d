//! `RetryLayer`: holds the settings and the budget shared by every service it wraps.

use std::fmt;
use std::sync::Arc;

use tower::retry::budget::TpsBudget;
use tower_layer::Layer;

use super::{Retry, RetryConfig};

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
        let budget = config
            .budget
            .map(|b| Arc::new(TpsBudget::new(b.ttl, b.min_per_sec, b.retry_percent)));
        Self { config: Arc::new(config), budget }
    }
}

impl Default for RetryLayer {
    fn default() -> Self {
        Self::new(RetryConfig::default())
    }
}

impl fmt::Debug for RetryLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryLayer").field("config", &self.config).finish_non_exhaustive()
    }
}

impl<S> Layer<S> for RetryLayer {
    type Service = Retry<S>;

    fn layer(&self, inner: S) -> Retry<S> {
        Retry::new(inner, self.config.clone(), self.budget.clone())
    }
}
