//! Bucket operations: ListBuckets, HeadBucket, CreateBucket, DeleteBucket,
//! GetBucketLocation.

use http::{HeaderMap, Method, StatusCode};

use crate::error::Error;
use crate::error_code::Target;
use crate::op::Operation;
use crate::op::common::{check_status, header_owned, opt_owner, opt_text, opt_time, parse_root};
use crate::request::RequestParts;
use crate::types::{Bucket, Owner};
use crate::validate::{NameRules, validate_bucket_name};
use crate::xml::XmlWriter;

/// Validates a bucket name with the rules every server accepts; strict AWS
/// rules are the caller's choice (see [`Endpoint::name_rules`](crate::Endpoint::name_rules)).
pub(crate) fn bucket_parts(method: Method, bucket: &str) -> Result<RequestParts, Error> {
    validate_bucket_name(bucket, NameRules::Relaxed)?;
    Ok(RequestParts::new(method, Some(bucket), None))
}

/// Lists the caller's buckets (`GET /`).
#[derive(Debug, Clone, Default)]
pub struct ListBuckets {
    /// Only buckets whose names start with this.
    pub prefix: Option<String>,
    /// Page size (AWS: 1 to 10,000; enables pagination).
    pub max_buckets: Option<u32>,
    /// The token from the previous page.
    pub continuation_token: Option<String>,
}

/// The answer to [`ListBuckets`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListBucketsOutput {
    /// The buckets.
    pub buckets: Vec<Bucket>,
    /// The owner of the buckets.
    pub owner: Option<Owner>,
    /// Present when more buckets follow.
    pub continuation_token: Option<String>,
}

impl Operation for ListBuckets {
    type Output = ListBucketsOutput;

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = RequestParts::new(Method::GET, None, None);
        parts.push_query_opt("prefix", self.prefix.as_deref());
        parts.push_query_opt("max-buckets", self.max_buckets);
        parts.push_query_opt("continuation-token", self.continuation_token.as_deref());
        Ok(parts)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<Self::Output, Error> {
        check_status(status, headers, body, Target::Service)?;
        let root = parse_root(body, "ListAllMyBucketsResult")?;
        let buckets = root
            .child("Buckets")
            .map(|b| b.children("Bucket").map(decode_bucket).collect());
        Ok(ListBucketsOutput {
            buckets: buckets.transpose()?.unwrap_or_default(),
            owner: opt_owner(&root, "Owner"),
            continuation_token: opt_text(&root, "ContinuationToken"),
        })
    }
}

fn decode_bucket(node: &crate::xml::Node<'_>) -> Result<Bucket, Error> {
    Ok(Bucket {
        name: node.required("Name")?.to_owned(),
        creation_date: opt_time(node, "CreationDate")?,
        region: opt_text(node, "BucketRegion"),
    })
}

/// Checks that a bucket exists and is accessible (`HEAD /bucket`).
#[derive(Debug, Clone)]
pub struct HeadBucket {
    /// The bucket.
    pub bucket: String,
}

/// The answer to [`HeadBucket`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HeadBucketOutput {
    /// The bucket's region (`x-amz-bucket-region`), when sent.
    pub region: Option<String>,
}

impl Operation for HeadBucket {
    type Output = HeadBucketOutput;

    fn encode(&self) -> Result<RequestParts, Error> {
        bucket_parts(Method::HEAD, &self.bucket)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<Self::Output, Error> {
        check_status(status, headers, body, Target::Bucket)?;
        Ok(HeadBucketOutput {
            region: header_owned(headers, "x-amz-bucket-region"),
        })
    }
}

/// Creates a bucket (`PUT /bucket`), optionally in a region.
#[derive(Debug, Clone)]
pub struct CreateBucket {
    /// The bucket.
    pub bucket: String,
    /// The location constraint; `None` or `us-east-1` sends no body.
    pub location: Option<String>,
    /// Enables S3 Object Lock (`x-amz-bucket-object-lock-enabled`).
    pub object_lock: bool,
}

/// The answer to [`CreateBucket`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CreateBucketOutput {
    /// The `Location` header (`/bucket` or a URL).
    pub location: Option<String>,
}

impl CreateBucket {
    /// The `CreateBucketConfiguration` body, if one is needed.
    pub fn body(&self) -> Option<String> {
        let region = self
            .location
            .as_deref()
            .filter(|r| !r.is_empty() && *r != "us-east-1")?;
        let mut w = XmlWriter::new("CreateBucketConfiguration");
        w.leaf("LocationConstraint", region);
        Some(w.finish("CreateBucketConfiguration"))
    }
}

/// Reads a `CreateBucketConfiguration` body back (used by tests and by
/// servers built on this crate); `None` when there is no constraint.
pub fn decode_create_bucket_configuration(body: &[u8]) -> Result<Option<String>, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let root = parse_root(body, "CreateBucketConfiguration")?;
    Ok(opt_text(&root, "LocationConstraint"))
}

impl Operation for CreateBucket {
    type Output = CreateBucketOutput;

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = bucket_parts(Method::PUT, &self.bucket)?;
        if let Some(body) = self.body() {
            parts.set_header("content-type", "application/xml")?;
            parts.body = body.into();
        }
        if self.object_lock {
            parts.set_header("x-amz-bucket-object-lock-enabled", "true")?;
        }
        Ok(parts)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<Self::Output, Error> {
        check_status(status, headers, body, Target::Bucket)?;
        Ok(CreateBucketOutput {
            location: header_owned(headers, "location"),
        })
    }
}

/// Deletes an empty bucket (`DELETE /bucket`).
#[derive(Debug, Clone)]
pub struct DeleteBucket {
    /// The bucket.
    pub bucket: String,
}

impl Operation for DeleteBucket {
    type Output = ();

    fn encode(&self) -> Result<RequestParts, Error> {
        bucket_parts(Method::DELETE, &self.bucket)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<(), Error> {
        check_status(status, headers, body, Target::Bucket)
    }
}

/// Asks for a bucket's region (`GET /bucket?location`).
#[derive(Debug, Clone)]
pub struct GetBucketLocation {
    /// The bucket.
    pub bucket: String,
}

impl Operation for GetBucketLocation {
    /// The region name: an empty constraint means `us-east-1` and the
    /// legacy `EU` means `eu-west-1`.
    type Output = String;

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = bucket_parts(Method::GET, &self.bucket)?;
        parts.push_query("location", "");
        Ok(parts)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<String, Error> {
        check_status(status, headers, body, Target::Bucket)?;
        let root = parse_root(body, "LocationConstraint")?;
        Ok(match root.text.trim() {
            "" => "us-east-1".to_owned(),
            "EU" => "eu-west-1".to_owned(),
            region => region.to_owned(),
        })
    }
}
