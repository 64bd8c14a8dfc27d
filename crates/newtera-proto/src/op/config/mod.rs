//! Bucket configurations: one generic Get/Put/Delete over a
//! [`BucketConfig`] (policy, CORS, lifecycle, default encryption, public
//! access block, website, notification, replication, versioning, Object
//! Lock, tags), each configuration a
//! typed document.
//!
//! Every configuration lives at a bucket subresource (`GET /bucket?cors`)
//! and answers a GET on a bucket without one with a 404 whose code names
//! the missing configuration (`NoSuchCORSConfiguration` …); the GET decodes
//! that answer as `None`. (S3 API reference: GetBucketPolicy, GetBucketCors,
//! GetBucketLifecycleConfiguration, GetBucketEncryption,
//! GetPublicAccessBlock, GetBucketWebsite and their Put/Delete.)

mod cors;
mod encryption;
mod lifecycle;
mod listen;
mod notification;
mod object_lock;
mod policy;
mod public_access;
mod replication;
mod tagging;
mod versioning;
mod website;

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};

pub use cors::{CorsConfiguration, CorsRule};
pub use encryption::{EncryptionConfiguration, EncryptionRule};
pub use lifecycle::{
    Expiration, LifecycleConfiguration, LifecycleFilter, LifecycleRule,
    NoncurrentVersionExpiration, Transition,
};
pub use listen::ListenBucketNotification;
pub use notification::{NotificationConfiguration, NotificationTarget};
pub use object_lock::{DefaultRetention, ObjectLockConfiguration, RetentionMode, RetentionPeriod};
pub use policy::BucketPolicy;
pub use public_access::PublicAccessBlockConfiguration;
pub use replication::{ReplicationConfiguration, ReplicationRule};
pub use versioning::{VersioningConfiguration, VersioningStatus};
pub use website::{WebsiteConfiguration, WebsiteRedirect};

use crate::error::Error;
use crate::error_code::Target;
use crate::op::Operation;
use crate::op::bucket::bucket_parts;
use crate::op::common::check_status;
use crate::op::headers::content_md5;
use crate::request::RequestParts;

/// A bucket configuration stored at a subresource of the bucket.
pub trait BucketConfig: Sized + Send + Sync + 'static {
    /// The query subresource, e.g. `cors`.
    const SUBRESOURCE: &'static str;
    /// The error code a GET answers when the bucket has none.
    const NOT_FOUND: &'static str;
    /// The request body's media type.
    const CONTENT_TYPE: &'static str = "application/xml";

    /// The request body of a Put.
    fn to_body(&self) -> Result<String, Error>;

    /// Reads a Get's answer.
    fn from_body(body: &[u8]) -> Result<Self, Error>;
}

/// Reads a bucket's configuration (`GET /bucket?<subresource>`); the
/// output is `None` when the bucket has none (the configuration's 404 code,
/// or a success with an empty body).
#[derive(Debug, Clone)]
pub struct GetBucketConfig<C> {
    /// The bucket.
    pub bucket: String,
    marker: std::marker::PhantomData<fn() -> C>,
}

impl<C> GetBucketConfig<C> {
    /// A Get for `bucket`.
    pub fn new(bucket: impl Into<String>) -> Self {
        Self {
            bucket: bucket.into(),
            marker: std::marker::PhantomData,
        }
    }
}

impl<C: BucketConfig> Operation for GetBucketConfig<C> {
    type Output = Option<C>;

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = bucket_parts(Method::GET, &self.bucket)?;
        parts.push_query(C::SUBRESOURCE, "");
        Ok(parts)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<Option<C>, Error> {
        match check_status(status, headers, body, Target::Bucket) {
            // Garage answers a bucket without a website with 204 and no body.
            Ok(()) if body.iter().all(u8::is_ascii_whitespace) => Ok(None),
            Ok(()) => C::from_body(body).map(Some),
            Err(Error::Service(e)) if is_not_configured::<C>(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Sets a bucket's configuration (`PUT /bucket?<subresource>`), with a
/// `Content-MD5` (S3 requires one on most of these Puts).
#[derive(Debug, Clone)]
pub struct PutBucketConfig<C> {
    /// The bucket.
    pub bucket: String,
    /// The configuration.
    pub config: C,
}

impl<C: BucketConfig> Operation for PutBucketConfig<C> {
    type Output = ();

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = bucket_parts(Method::PUT, &self.bucket)?;
        parts.push_query(C::SUBRESOURCE, "");
        let body = self.config.to_body()?;
        if C::CONTENT_TYPE == "application/xml" {
            check_xml_text(C::SUBRESOURCE, &body)?;
        }
        parts.set_header("content-type", C::CONTENT_TYPE)?;
        parts.set_header("content-md5", &content_md5(body.as_bytes()))?;
        parts.body = Bytes::from(body);
        Ok(parts)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<(), Error> {
        check_status(status, headers, body, Target::Bucket)
    }
}

/// Removes a bucket's configuration (`DELETE /bucket?<subresource>`).
#[derive(Debug, Clone)]
pub struct DeleteBucketConfig<C> {
    /// The bucket.
    pub bucket: String,
    marker: std::marker::PhantomData<fn() -> C>,
}

impl<C> DeleteBucketConfig<C> {
    /// A Delete for `bucket`.
    pub fn new(bucket: impl Into<String>) -> Self {
        Self {
            bucket: bucket.into(),
            marker: std::marker::PhantomData,
        }
    }
}

impl<C: BucketConfig> Operation for DeleteBucketConfig<C> {
    type Output = ();

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = bucket_parts(Method::DELETE, &self.bucket)?;
        parts.push_query(C::SUBRESOURCE, "");
        Ok(parts)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<(), Error> {
        match check_status(status, headers, body, Target::Bucket) {
            Err(Error::Service(e)) if is_not_configured::<C>(&e) => Ok(()),
            other => other,
        }
    }
}

/// Refuses a document with a character XML 1.0 cannot carry (the writer
/// escapes markup, but these have no escape): the server would answer
/// `MalformedXML`. The error names the element holding it.
fn check_xml_text(subresource: &str, body: &str) -> Result<(), Error> {
    let Some(at) = body.find(|c| !crate::op::delete::xml_can_carry(c)) else {
        return Ok(());
    };
    // Text is escaped, so the last `<` before it opens its element.
    let element = body
        .get(..at)
        .and_then(|head| head.rfind('<').and_then(|open| head.get(open + 1..)))
        .and_then(|tag| tag.split('>').next())
        .unwrap_or("?");
    Err(Error::InvalidArgument(format!(
        "the {subresource} configuration's <{element}> holds a control character XML cannot carry"
    )))
}

/// Whether an error says the bucket has no such configuration.
fn is_not_configured<C: BucketConfig>(e: &crate::error::S3Error) -> bool {
    !C::NOT_FOUND.is_empty() && e.code.as_str() == C::NOT_FOUND
}

/// The longest rule id (lifecycle, CORS and replication rules), in
/// characters.
const MAX_RULE_ID_CHARS: usize = 255;

/// Checks a rule's optional id: at most 255 characters.
fn check_rule_id(id: Option<&str>) -> Result<(), Error> {
    let chars = id.map_or(0, |id| id.chars().count());
    if chars > MAX_RULE_ID_CHARS {
        return Err(Error::InvalidArgument(format!(
            "a rule id of {chars} characters (at most {MAX_RULE_ID_CHARS})"
        )));
    }
    Ok(())
}

/// Checks that no two rules share an id (lifecycle and replication
/// configurations: S3 answers InvalidArgument).
fn check_unique_ids<'a>(ids: impl Iterator<Item = Option<&'a str>>) -> Result<(), Error> {
    let mut seen = std::collections::HashSet::new();
    match ids.flatten().find(|id| !seen.insert(*id)) {
        Some(id) => Err(Error::InvalidArgument(format!(
            "the rule id {id:?} is given twice"
        ))),
        None => Ok(()),
    }
}

/// Parses a whole number field.
fn number<T: std::str::FromStr>(field: &'static str, text: &str) -> Result<T, Error> {
    text.trim().parse().map_err(|_| Error::InvalidField {
        field,
        reason: format!("not a whole number: {text:?}"),
    })
}
