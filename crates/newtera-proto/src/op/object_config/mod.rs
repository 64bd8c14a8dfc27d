//! Object subresources: one generic Get/Put/Delete over an
//! [`ObjectConfig`] (tags, retention, legal hold), each a typed document
//! at `/bucket/key?<subresource>`, optionally of one version (S3 API
//! reference: GetObjectTagging, PutObjectTagging, DeleteObjectTagging,
//! GetObjectRetention, PutObjectRetention, GetObjectLegalHold,
//! PutObjectLegalHold).

mod legal_hold;
mod retention;

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};

pub use legal_hold::LegalHold;
pub use retention::Retention;

use crate::error::{Error, S3Error};
use crate::error_code::Target;
use crate::op::Operation;
use crate::op::common::{check_status, header_owned};
use crate::op::headers::content_md5;
use crate::op::object::object_parts;
use crate::request::RequestParts;
use crate::types::{TagTarget, Tags};

/// A document stored at a subresource of an object.
pub trait ObjectConfig: Sized + Send + Sync + 'static {
    /// The query subresource, e.g. `tagging`.
    const SUBRESOURCE: &'static str;
    /// The error codes a GET answers when the object has none (empty when
    /// every object has one).
    const NOT_FOUND: &'static [&'static str];

    /// The request body of a Put; checks the document first.
    fn to_body(&self) -> Result<String, Error>;

    /// Reads a Get's answer.
    fn from_body(body: &[u8]) -> Result<Self, Error>;
}

/// Which object (and version) a subresource request addresses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectTarget {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// A specific version; the latest when `None`.
    pub version_id: Option<String>,
}

impl ObjectTarget {
    /// The latest version of `bucket/key`.
    pub fn new(bucket: impl Into<String>, key: impl Into<String>) -> Self {
        Self {
            bucket: bucket.into(),
            key: key.into(),
            version_id: None,
        }
    }

    fn parts<C: ObjectConfig>(&self, method: Method) -> Result<RequestParts, Error> {
        let mut parts = object_parts(method, &self.bucket, &self.key)?;
        parts.push_query(C::SUBRESOURCE, "");
        parts.push_version_id(self.version_id.as_deref())?;
        Ok(parts)
    }
}

/// Reads an object's document (`GET /bucket/key?<subresource>`); `None`
/// when the object has none (one of the configuration's 404 codes).
#[derive(Debug, Clone)]
pub struct GetObjectConfig<C> {
    /// The object.
    pub target: ObjectTarget,
    marker: std::marker::PhantomData<fn() -> C>,
}

impl<C> GetObjectConfig<C> {
    /// A Get of `target`'s document.
    pub fn new(target: ObjectTarget) -> Self {
        Self {
            target,
            marker: std::marker::PhantomData,
        }
    }
}

impl<C: ObjectConfig> Operation for GetObjectConfig<C> {
    type Output = Option<C>;

    fn encode(&self) -> Result<RequestParts, Error> {
        self.target.parts::<C>(Method::GET)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<Option<C>, Error> {
        match check_status(status, headers, body, Target::Object) {
            Ok(()) => C::from_body(body).map(Some),
            Err(Error::Service(e)) if is_not_configured::<C>(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Sets an object's document (`PUT /bucket/key?<subresource>`) with a
/// `Content-MD5` (S3 requires one for retention and legal hold).
#[derive(Debug, Clone)]
pub struct PutObjectConfig<C> {
    /// The object.
    pub target: ObjectTarget,
    /// The document.
    pub config: C,
    /// `x-amz-bypass-governance-retention: true`: lets a retention in
    /// GOVERNANCE mode be shortened or removed (S3 API reference:
    /// PutObjectRetention).
    pub bypass_governance: bool,
}

impl<C: ObjectConfig> Operation for PutObjectConfig<C> {
    /// The version the document was set on (`x-amz-version-id`), when the
    /// server says.
    type Output = Option<String>;

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = self.target.parts::<C>(Method::PUT)?;
        let body = self.config.to_body()?;
        parts.set_header("content-type", "application/xml")?;
        parts.set_header("content-md5", &content_md5(body.as_bytes()))?;
        if self.bypass_governance {
            parts.set_header("x-amz-bypass-governance-retention", "true")?;
        }
        parts.body = Bytes::from(body);
        Ok(parts)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<Self::Output, Error> {
        check_status(status, headers, body, Target::Object)?;
        Ok(header_owned(headers, "x-amz-version-id"))
    }
}

/// Removes an object's document (`DELETE /bucket/key?<subresource>`);
/// S3 has this for tags only.
#[derive(Debug, Clone)]
pub struct DeleteObjectConfig<C> {
    /// The object.
    pub target: ObjectTarget,
    marker: std::marker::PhantomData<fn() -> C>,
}

impl<C> DeleteObjectConfig<C> {
    /// A Delete of `target`'s document.
    pub fn new(target: ObjectTarget) -> Self {
        Self {
            target,
            marker: std::marker::PhantomData,
        }
    }
}

impl<C: ObjectConfig> Operation for DeleteObjectConfig<C> {
    type Output = ();

    fn encode(&self) -> Result<RequestParts, Error> {
        self.target.parts::<C>(Method::DELETE)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<(), Error> {
        check_status(status, headers, body, Target::Object)
    }
}

fn is_not_configured<C: ObjectConfig>(e: &S3Error) -> bool {
    C::NOT_FOUND.contains(&e.code.as_str())
}

impl ObjectConfig for Tags {
    const SUBRESOURCE: &'static str = "tagging";
    // An object without tags answers an empty tag set.
    const NOT_FOUND: &'static [&'static str] = &[];

    /// Checks the object limits (10 tags) before anything is sent.
    fn to_body(&self) -> Result<String, Error> {
        self.check(TagTarget::Object)?;
        Ok(self.to_xml())
    }

    fn from_body(body: &[u8]) -> Result<Self, Error> {
        Self::from_xml(body)
    }
}
