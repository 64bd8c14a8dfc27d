//! The timeout layer's error.

use std::fmt;
use std::time::Duration;

/// Which deadline a [`Timeout`](super::Timeout) enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One attempt (inside retry): a timed-out attempt may be retried.
    Attempt,
    /// The whole operation, all attempts and backoff included (outside retry).
    Operation,
}

/// A deadline passed before the response head arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Elapsed {
    scope: Scope,
    after: Duration,
}

impl Elapsed {
    pub(super) fn new(scope: Scope, after: Duration) -> Self {
        Self { scope, after }
    }

    /// Which deadline passed.
    pub fn scope(&self) -> Scope {
        self.scope
    }

    /// The deadline's length.
    pub fn after(&self) -> Duration {
        self.after
    }

    /// Whether a single attempt's deadline passed.
    pub fn is_attempt(&self) -> bool {
        self.scope == Scope::Attempt
    }

    /// Whether the whole operation's deadline passed.
    pub fn is_operation(&self) -> bool {
        self.scope == Scope::Operation
    }
}

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.scope {
            Scope::Attempt => "attempt",
            Scope::Operation => "operation",
        };
        write!(f, "{what} timed out after {:?}", self.after)
    }
}

impl std::error::Error for Elapsed {}
