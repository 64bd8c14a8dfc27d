//! `TimeoutLayer`: a deadline and the scope it stands for.

use std::time::Duration;

use tower_layer::Layer;

use super::Timeout;
use super::error::Scope;

/// Applies a per-attempt or per-operation deadline to the response head.
#[derive(Debug, Clone, Copy)]
pub struct TimeoutLayer {
    scope: Scope,
    after: Duration,
}

impl TimeoutLayer {
    /// A deadline for each attempt; place it inside the retry layer.
    pub fn attempt(after: Duration) -> Self {
        Self {
            scope: Scope::Attempt,
            after,
        }
    }

    /// A deadline for the whole operation; place it outside the retry layer.
    pub fn operation(after: Duration) -> Self {
        Self {
            scope: Scope::Operation,
            after,
        }
    }
}

impl<S> Layer<S> for TimeoutLayer {
    type Service = Timeout<S>;

    fn layer(&self, inner: S) -> Timeout<S> {
        Timeout::new(inner, self.scope, self.after)
    }
}
