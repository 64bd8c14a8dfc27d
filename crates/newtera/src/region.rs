//! Which region to sign a bucket's requests for.
//!
//! A region given to the builder is used for everything. Otherwise the
//! client asks each bucket's location once (GetBucketLocation) and caches
//! it, and when a server answers with a region hint (`400
//! AuthorizationHeaderMalformed` with `<Region>`, or `301` with
//! `x-amz-bucket-region`) it learns the region and resends once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use http::StatusCode;

/// The region requests are signed for before anything else is known.
pub(crate) const DEFAULT_REGION: &str = "us-east-1";

/// The fixed region, or the per-bucket cache. Regions are shared strings:
/// every request carries one, and handing it out copies nothing.
#[derive(Debug)]
pub(crate) struct Regions {
    pub(crate) fixed: Option<Arc<str>>,
    /// The region for requests without a bucket (and the first guess for
    /// buckets), learnt from hints.
    default: Mutex<Arc<str>>,
    by_bucket: Mutex<HashMap<String, Arc<str>>>,
}

impl Regions {
    /// `fixed` when the caller set one; `default` signs requests before a
    /// bucket's region is known.
    pub(crate) fn new(fixed: Option<String>, default: String) -> Self {
        Self {
            fixed: fixed.map(Arc::from),
            default: Mutex::new(default.into()),
            by_bucket: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn is_fixed(&self) -> bool {
        self.fixed.is_some()
    }

    pub(crate) fn cached(&self, bucket: Option<&str>) -> Option<Arc<str>> {
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

    pub(crate) fn default(&self) -> Arc<str> {
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
                    .insert(b.to_owned(), region.into());
            }
            None => *self.default.lock().unwrap_or_else(PoisonError::into_inner) = region.into(),
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
