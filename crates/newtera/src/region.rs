//! Which region to sign a bucket's requests for.
//!
//! A region given to the builder is used for everything. Otherwise the
//! client asks each bucket's location once (GetBucketLocation) and caches
//! it, and when a server answers with a region hint (`400
//! AuthorizationHeaderMalformed` with `<Region>`, or `301` with
//! `x-amz-bucket-region`) it learns the region and resends once.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use http::StatusCode;
use newtera_proto::op::bucket::GetBucketLocation;

use crate::client::{Newtera, SendOptions};
use crate::error::Result;

/// The region requests are signed for before anything else is known.
pub(crate) const DEFAULT_REGION: &str = "us-east-1";

/// The fixed region, or the per-bucket cache.
#[derive(Debug)]
pub(crate) struct Regions {
    fixed: Option<String>,
    /// The region for requests without a bucket (and the first guess for
    /// buckets), learnt from hints.
    default: Mutex<String>,
    by_bucket: Mutex<HashMap<String, String>>,
}

impl Regions {
    pub(crate) fn new(fixed: Option<String>) -> Self {
        Self {
            fixed,
            default: Mutex::new(DEFAULT_REGION.into()),
            by_bucket: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn is_fixed(&self) -> bool {
        self.fixed.is_some()
    }

    fn cached(&self, bucket: Option<&str>) -> Option<String> {
        if let Some(fixed) = &self.fixed {
            return Some(fixed.clone());
        }
        match bucket {
            None => Some(self.default()),
            Some(b) => self
                .by_bucket
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(b)
                .cloned(),
        }
    }

    pub(crate) fn default(&self) -> String {
        self.default
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Records a region learnt from the server.
    pub(crate) fn learn(&self, bucket: Option<&str>, region: &str) {
        match bucket {
            Some(b) => {
                self.by_bucket
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(b.to_owned(), region.to_owned());
            }
            None => {
                *self.default.lock().unwrap_or_else(PoisonError::into_inner) = region.to_owned()
            }
        }
    }

    /// Forgets a bucket (after it is removed).
    pub(crate) fn forget(&self, bucket: &str) {
        self.by_bucket
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(bucket);
    }
}

impl Newtera {
    /// The region to sign a request about `bucket` for, asking the server
    /// once per bucket when no region was configured.
    pub(crate) async fn region_for(&self, bucket: Option<&str>) -> Result<String> {
        if let Some(region) = self.inner.regions.cached(bucket) {
            return Ok(region);
        }
        let Some(bucket) = bucket else {
            return Ok(self.inner.regions.default());
        };
        // Boxed: discovery sends a request, which asks for a region again.
        let region = Box::pin(self.discover_region(bucket)).await?;
        self.inner.regions.learn(Some(bucket), &region);
        Ok(region)
    }

    /// The region given to the builder, if any.
    pub(crate) fn configured_region(&self) -> Option<String> {
        self.inner.regions.fixed.clone()
    }

    async fn discover_region(&self, bucket: &str) -> Result<String> {
        let op = GetBucketLocation {
            bucket: bucket.to_owned(),
        };
        let parts = newtera_proto::Operation::encode(&op)
            .map_err(|e| crate::convert::Target::new(Some(bucket), None).encode_error(e))?;
        // Signed for the default region; a hint corrects it.
        let default = self.inner.regions.default();
        self.inner.regions.learn(Some(bucket), &default);
        let answer = self
            .execute_parts::<GetBucketLocation>(parts, None, SendOptions::default())
            .await;
        match answer {
            Ok(region) if !region.is_empty() => Ok(region),
            Ok(_) => Ok(self.inner.regions.cached(Some(bucket)).unwrap_or(default)),
            // A missing bucket or a server without the call: keep the guess,
            // and let the real request report what is wrong.
            Err(e) => {
                tracing::debug!(bucket, error = %e, "bucket location unknown; using the default region");
                Ok(self.inner.regions.cached(Some(bucket)).unwrap_or(default))
            }
        }
    }
}

/// Whether a response of this status may carry a region hint.
pub(crate) fn may_carry_hint(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::BAD_REQUEST | StatusCode::MOVED_PERMANENTLY
    )
}

/// The region a server says to use: `x-amz-bucket-region`, or the
/// `<Region>` element of its error document (proto reads both; this is the
/// one reader of error documents).
pub(crate) fn hinted_region(head: &http::response::Parts, body: &[u8]) -> Option<String> {
    let error = newtera_proto::decode_error(
        head.status,
        &head.headers,
        body,
        newtera_proto::Target::Service,
    );
    let region = error.region?;
    let region = region.trim();
    let plausible =
        !region.is_empty() && region.len() < 64 && region.bytes().all(|b| b.is_ascii_graphic());
    plausible.then(|| region.to_owned())
}
