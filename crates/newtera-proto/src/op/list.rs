//! ListObjectsV2 and ListObjects (V1).

use std::borrow::Cow;

use http::{HeaderMap, Method, StatusCode};

use crate::encode::{decode_url, maybe_decode};
use crate::error::Error;
use crate::error_code::Target;
use crate::op::Operation;
use crate::op::bucket::bucket_parts;
use crate::op::common::{check_status, parse_bool, parse_u64};
use crate::request::RequestParts;
use crate::types::{
    ChecksumAlgorithm, ChecksumType, CommonPrefix, Object, Owner, StorageClass, Timestamp,
};
use crate::xml::{Node, Visit, visit};

/// Lists objects with continuation tokens (`GET /bucket?list-type=2`).
#[derive(Debug, Clone)]
pub struct ListObjectsV2 {
    /// The bucket.
    pub bucket: String,
    /// Only keys starting with this.
    pub prefix: Option<String>,
    /// Roll keys up to common prefixes at this delimiter (`/`).
    pub delimiter: Option<String>,
    /// The previous page's `NextContinuationToken`.
    pub continuation_token: Option<String>,
    /// Start listing after this key.
    pub start_after: Option<String>,
    /// Page size (server maximum 1000).
    pub max_keys: Option<u32>,
    /// Include owners.
    pub fetch_owner: bool,
    /// Ask for `encoding-type=url` so any key survives XML (default on).
    pub url_encoding: bool,
}

impl ListObjectsV2 {
    /// A listing of the whole bucket with URL encoding on.
    pub fn new(bucket: impl Into<String>) -> Self {
        Self {
            bucket: bucket.into(),
            prefix: None,
            delimiter: None,
            continuation_token: None,
            start_after: None,
            max_keys: None,
            fetch_owner: false,
            url_encoding: true,
        }
    }
}

/// One page of a listing (V1 or V2). Keys, prefixes, markers, the delimiter
/// and start-after are already URL-decoded when the server encoded them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListObjectsOutput {
    /// The bucket.
    pub name: String,
    /// The prefix asked for.
    pub prefix: Option<String>,
    /// The delimiter asked for.
    pub delimiter: Option<String>,
    /// The page size the server applied.
    pub max_keys: Option<u64>,
    /// Whether more results follow.
    pub is_truncated: bool,
    /// The objects of this page.
    pub objects: Vec<Object>,
    /// The common prefixes of this page.
    pub common_prefixes: Vec<CommonPrefix>,
    /// V2: the number of keys and prefixes in this page.
    pub key_count: Option<u64>,
    /// V2: the token this page was asked with.
    pub continuation_token: Option<String>,
    /// V2: the token for the next page.
    pub next_continuation_token: Option<String>,
    /// V2: the start-after key asked for.
    pub start_after: Option<String>,
    /// V1: the marker asked for.
    pub marker: Option<String>,
    /// V1: the next marker (only sent with a delimiter; see
    /// [`ListObjectsOutput::next_marker_v1`]).
    pub next_marker: Option<String>,
}

impl ListObjectsOutput {
    /// The marker for the next V1 page: `NextMarker`, or else the last key
    /// or prefix of a truncated page (S3 omits `NextMarker` without a
    /// delimiter). `None` when the listing is complete.
    pub fn next_marker_v1(&self) -> Option<String> {
        if !self.is_truncated {
            return None;
        }
        let last_key = self.objects.last().map(|o| &o.key);
        let last_prefix = self.common_prefixes.last().map(|p| &p.prefix);
        self.next_marker
            .clone()
            .or_else(|| last_key.max(last_prefix).cloned())
    }
}

impl Operation for ListObjectsV2 {
    type Output = ListObjectsOutput;

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = bucket_parts(Method::GET, &self.bucket)?;
        parts.push_query("list-type", "2");
        parts.push_query_opt("continuation-token", self.continuation_token.as_deref());
        parts.push_query_opt("delimiter", self.delimiter.as_deref());
        if self.url_encoding {
            parts.push_query("encoding-type", "url");
        }
        if self.fetch_owner {
            parts.push_query("fetch-owner", "true");
        }
        parts.push_query_opt("max-keys", self.max_keys);
        parts.push_query_opt("prefix", self.prefix.as_deref());
        parts.push_query_opt("start-after", self.start_after.as_deref());
        Ok(parts)
    }

    fn decode(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<ListObjectsOutput, Error> {
        check_status(status, headers, body, Target::Bucket)?;
        decode_listing(body)
    }
}

/// Lists objects with markers (`GET /bucket`), for servers without V2.
#[derive(Debug, Clone)]
pub struct ListObjects {
    /// The bucket.
    pub bucket: String,
    /// Only keys starting with this.
    pub prefix: Option<String>,
    /// Roll keys up at this delimiter.
    pub delimiter: Option<String>,
    /// Start after this key (the previous page's next marker).
    pub marker: Option<String>,
    /// Page size.
    pub max_keys: Option<u32>,
    /// Ask for `encoding-type=url` (default on).
    pub url_encoding: bool,
}

impl ListObjects {
    /// A listing of the whole bucket with URL encoding on.
    pub fn new(bucket: impl Into<String>) -> Self {
        Self {
            bucket: bucket.into(),
            prefix: None,
            delimiter: None,
            marker: None,
            max_keys: None,
            url_encoding: true,
        }
    }
}

impl Operation for ListObjects {
    type Output = ListObjectsOutput;

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = bucket_parts(Method::GET, &self.bucket)?;
        parts.push_query_opt("delimiter", self.delimiter.as_deref());
        if self.url_encoding {
            parts.push_query("encoding-type", "url");
        }
        parts.push_query_opt("marker", self.marker.as_deref());
        parts.push_query_opt("max-keys", self.max_keys);
        parts.push_query_opt("prefix", self.prefix.as_deref());
        Ok(parts)
    }

    fn decode(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<ListObjectsOutput, Error> {
        check_status(status, headers, body, Target::Bucket)?;
        decode_listing(body)
    }
}

/// Whether to URL-decode a listing's keys, prefixes and markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UrlDecoding {
    /// Decode when the body says `<EncodingType>url</EncodingType>` (AWS,
    /// Garage, MinIO).
    #[default]
    FromResponse,
    /// Never decode. For servers that echo `EncodingType` without encoding
    /// anything: s3s-fs 0.14 does, so a key `a+b` would turn into `a b`.
    Never,
}

/// Decodes a `ListBucketResult` body of either version, URL-decoding as the
/// body says (what [`ListObjectsV2::decode`] and [`ListObjects::decode`] do).
pub fn decode_listing(body: &[u8]) -> Result<ListObjectsOutput, Error> {
    decode_listing_with(body, UrlDecoding::FromResponse)
}

/// Decodes a `ListBucketResult` body with an explicit URL-decoding policy.
///
/// Streams over the body without building a tree (listings are the large,
/// hot documents); URL decoding runs at the end because `EncodingType` may
/// come after the keys (s3s writes it last).
pub fn decode_listing_with(body: &[u8], policy: UrlDecoding) -> Result<ListObjectsOutput, Error> {
    let mut builder = ListingBuilder::default();
    visit(body, |depth, event| builder.on(depth, event))?;
    if policy == UrlDecoding::Never {
        builder.url = false;
    }
    builder.finish()
}

/// Collects a listing from visitor events.
#[derive(Default)]
struct ListingBuilder {
    out: ListObjectsOutput,
    url: bool,
    saw_root: bool,
    object: Option<Object>,
    has_key: bool,
}

impl ListingBuilder {
    fn on(&mut self, depth: usize, event: Visit<'_>) -> Result<(), Error> {
        match (depth, event) {
            (1, Visit::Open(name)) => {
                if name != "ListBucketResult" {
                    return Err(Error::xml("expected root element `ListBucketResult`"));
                }
                self.saw_root = true;
            }
            (2, Visit::Open("Contents")) => {
                self.object = Some(empty_object());
                self.has_key = false;
            }
            (2, Visit::Leaf("Contents", _) | Visit::Close("Contents")) => self.finish_object()?,
            (2, Visit::Leaf(name, text)) => self.root_field(name, &text)?,
            (3, Visit::Leaf("Prefix", text)) => {
                self.out.common_prefixes.push(CommonPrefix {
                    prefix: text.into_owned(),
                });
            }
            (3, Visit::Open("Owner")) => {
                if let Some(object) = &mut self.object {
                    object.owner = Some(Owner::default());
                }
            }
            (3, Visit::Leaf(name, text)) => self.object_field(name, text)?,
            (4, Visit::Leaf(name, text)) => self.owner_field(name, text),
            _ => {}
        }
        Ok(())
    }

    fn root_field(&mut self, name: &str, text: &str) -> Result<(), Error> {
        let out = &mut self.out;
        let owned = || (!text.is_empty()).then(|| text.to_owned());
        match name {
            "Name" => out.name = text.to_owned(),
            "Prefix" => out.prefix = owned(),
            "Delimiter" => out.delimiter = owned(),
            "MaxKeys" => out.max_keys = opt_number("MaxKeys", text)?,
            "IsTruncated" => out.is_truncated = parse_bool("IsTruncated", text)?,
            "KeyCount" => out.key_count = opt_number("KeyCount", text)?,
            "ContinuationToken" => out.continuation_token = owned(),
            "NextContinuationToken" => out.next_continuation_token = owned(),
            "StartAfter" => out.start_after = owned(),
            "Marker" => out.marker = owned(),
            "NextMarker" => out.next_marker = owned(),
            "EncodingType" => self.url = text.eq_ignore_ascii_case("url"),
            _ => {}
        }
        Ok(())
    }

    fn object_field(&mut self, name: &str, text: Cow<'_, str>) -> Result<(), Error> {
        let Some(object) = &mut self.object else {
            return Ok(());
        };
        match name {
            "Key" => {
                object.key = text.into_owned();
                self.has_key = true;
            }
            "Size" => object.size = parse_u64("Size", &text)?,
            "ETag" if !text.is_empty() => object.etag = Some(text.into_owned()),
            "LastModified" if !text.is_empty() => {
                object.last_modified = Some(Timestamp::parse(&text)?)
            }
            "StorageClass" if !text.is_empty() => {
                object.storage_class = Some(StorageClass::parse(&text))
            }
            "ChecksumAlgorithm" => object
                .checksum_algorithms
                .push(ChecksumAlgorithm::parse(&text)),
            "ChecksumType" if !text.is_empty() => {
                object.checksum_type = Some(ChecksumType::parse(&text))
            }
            _ => {}
        }
        Ok(())
    }

    fn owner_field(&mut self, name: &str, text: Cow<'_, str>) {
        let Some(owner) = self.object.as_mut().and_then(|o| o.owner.as_mut()) else {
            return;
        };
        let value = (!text.is_empty()).then(|| text.into_owned());
        match name {
            "ID" => owner.id = value,
            "DisplayName" => owner.display_name = value,
            _ => {}
        }
    }

    fn finish_object(&mut self) -> Result<(), Error> {
        let object = self
            .object
            .take()
            .ok_or_else(|| Error::xml("unbalanced Contents"))?;
        if !self.has_key {
            return Err(Error::MissingField("Key"));
        }
        self.out.objects.push(object);
        Ok(())
    }

    /// Applies URL decoding once every element has been seen.
    fn finish(mut self) -> Result<ListObjectsOutput, Error> {
        if !self.saw_root {
            return Err(Error::xml("expected root element `ListBucketResult`"));
        }
        if self.url {
            let out = &mut self.out;
            for field in [
                &mut out.prefix,
                &mut out.delimiter,
                &mut out.start_after,
                &mut out.marker,
                &mut out.next_marker,
            ] {
                decode_in_place(field)?;
            }
            for object in &mut out.objects {
                object.key = decode_url(&object.key)?;
            }
            for prefix in &mut out.common_prefixes {
                prefix.prefix = decode_url(&prefix.prefix)?;
            }
        }
        Ok(self.out)
    }
}

fn empty_object() -> Object {
    Object {
        key: String::new(),
        size: 0,
        etag: None,
        last_modified: None,
        storage_class: None,
        owner: None,
        checksum_algorithms: Vec::new(),
        checksum_type: None,
    }
}

fn opt_number(field: &'static str, text: &str) -> Result<Option<u64>, Error> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_u64(field, text).map(Some)
    }
}

fn decode_in_place(field: &mut Option<String>) -> Result<(), Error> {
    if let Some(value) = field {
        *value = decode_url(value)?;
    }
    Ok(())
}

/// One `CommonPrefixes` element (AWS sends one `Prefix` each; some servers
/// group several).
pub(crate) fn decode_prefixes(node: &Node<'_>, url: bool) -> Result<Vec<CommonPrefix>, Error> {
    node.children("Prefix")
        .map(|p| {
            Ok(CommonPrefix {
                prefix: maybe_decode(&p.text, url)?,
            })
        })
        .collect()
}
