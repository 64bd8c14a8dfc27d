//! ListObjectsV2 and ListObjects (V1).

use http::{HeaderMap, Method, StatusCode};

use crate::encode::maybe_decode;
use crate::error::Error;
use crate::error_code::Target;
use crate::op::Operation;
use crate::op::bucket::bucket_parts;
use crate::op::common::check_status;
use crate::request::RequestParts;
use crate::types::{CommonPrefix, Object};
use crate::xml::Node;

pub use crate::op::listing::{UrlDecoding, decode_listing, decode_listing_with};

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
#[non_exhaustive]
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
    /// V1: the next marker exactly as sent, before any URL decoding.
    pub next_marker_as_sent: Option<String>,
    /// How the keys, prefixes and markers above were read.
    pub key_encoding: KeyEncoding,
}

/// How a listing's keys, prefixes and markers were written, as far as the
/// body shows. A server may echo `EncodingType=url` without encoding
/// anything (s3s-fs 0.14): then a value holding what no encoder leaves
/// unescaped (whitespace, a control or non-ASCII character, a stray `%`)
/// proves the whole page raw, and it is kept as sent. Without such proof a
/// raw `+` or `%2B` reads either way: [`KeyEncoding::UrlDecoded`] says the
/// page depended on trusting the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum KeyEncoding {
    /// No `EncodingType` in the body: values are as sent.
    #[default]
    Plain,
    /// `EncodingType=url`, and decoding changed no value (so both readings
    /// agree).
    UrlVerbatim,
    /// `EncodingType=url`, and decoding changed at least one value.
    UrlDecoded,
    /// `EncodingType=url` was claimed but a value proves the server did not
    /// encode: every value is kept as sent.
    UrlIgnored,
}

impl ListObjectsOutput {
    /// The marker for the next V1 page: `NextMarker` when it does not go
    /// back before the page's last key or common prefix, else that last
    /// name (what S3 documents `NextMarker` to be). Servers disagree on
    /// `NextMarker`: Garage sends one past a common prefix (which the
    /// prefix itself would not be), Ceph RGW sends it raw under
    /// `EncodingType=url` (so decoding can turn `p%2Bx/` into `p+x/`, past
    /// entries not yet listed): a `NextMarker` that as sent equals the last
    /// name is that name. `None` when the listing is complete.
    pub fn next_marker_v1(&self) -> Option<String> {
        if !self.is_truncated {
            return None;
        }
        let last_key = self.objects.last().map(|o| &o.key);
        let last_prefix = self.common_prefixes.last().map(|p| &p.prefix);
        let last_name = last_key.max(last_prefix);
        match (&self.next_marker, last_name) {
            // Sent raw, it names the last entry (Ceph RGW).
            (Some(_), Some(last)) if self.next_marker_as_sent.as_ref() == Some(last) => {
                Some(last.clone())
            }
            (Some(next), Some(last)) if next < last => Some(last.clone()),
            (Some(next), _) => Some(next.clone()),
            (None, last) => last.cloned(),
        }
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
