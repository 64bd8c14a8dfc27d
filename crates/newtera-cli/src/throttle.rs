//! `--limit-upload` and `--limit-download`: the bytes per second of the
//! whole run, shared by every transfer in flight.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// A byte budget that refills at a fixed rate. Each chunk books its time
/// slot and waits until it starts, so parallel transfers share the rate.
#[derive(Debug)]
pub(crate) struct Throttle {
    bytes_per_second: u64,
    /// When the budget booked so far runs out.
    next: Mutex<Option<Instant>>,
}

/// How far ahead of the clock the budget may be spent: the first chunks of
/// a run go at once instead of waiting for a refill.
const BURST: Duration = Duration::from_millis(100);

impl Throttle {
    /// A budget of `bytes_per_second` (at least 1).
    pub(crate) fn new(bytes_per_second: u64) -> Self {
        Self {
            bytes_per_second: bytes_per_second.max(1),
            next: Mutex::new(None),
        }
    }

    /// Waits until `bytes` more fit in the budget.
    pub(crate) async fn take(&self, bytes: u64) {
        let wait = {
            let mut next = self
                .next
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let now = Instant::now();
            let start = next.filter(|n| *n > now).unwrap_or(now);
            let cost = Duration::from_secs_f64(bytes as f64 / self.bytes_per_second as f64);
            let end = start + cost;
            *next = Some(end);
            end.saturating_duration_since(now + BURST)
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

/// The run's limits, if any.
#[derive(Debug, Default)]
pub(crate) struct Limits {
    /// `--limit-upload`.
    pub(crate) upload: Option<Throttle>,
    /// `--limit-download`.
    pub(crate) download: Option<Throttle>,
}

static LIMITS: Mutex<Option<std::sync::Arc<Limits>>> = Mutex::new(None);

/// Sets the limits of this run (the process: the limit is the bandwidth of
/// everything it transfers at once).
pub(crate) fn set(limits: Limits) {
    let mut current = LIMITS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    *current = Some(std::sync::Arc::new(limits));
}

fn current() -> Option<std::sync::Arc<Limits>> {
    LIMITS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone()
}

/// Waits until `bytes` more may be uploaded.
pub(crate) async fn upload(bytes: u64) {
    if let Some(limits) = current()
        && let Some(throttle) = &limits.upload
    {
        throttle.take(bytes).await;
    }
}

/// Waits until `bytes` more may be downloaded.
pub(crate) async fn download(bytes: u64) {
    if let Some(limits) = current()
        && let Some(throttle) = &limits.download
    {
        throttle.take(bytes).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "current_thread")]
    async fn a_budget_spreads_bytes_over_time() {
        let throttle = Throttle::new(10_000);
        let started = Instant::now();
        for _ in 0..5 {
            throttle.take(1000).await;
        }
        // 5,000 bytes at 10,000/s end 0.5 s in, less the burst allowance.
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(390), "{took:?}");
        assert!(took < Duration::from_secs(3), "{took:?}");
    }
}
