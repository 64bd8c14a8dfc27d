//! ListObjectVersions (`GET /bucket?versions`): object versions and delete
//! markers in key order, newest version of each key first (S3 API
//! reference: ListObjectVersions).

use http::{HeaderMap, Method, StatusCode};

use crate::encode::{is_raw_text, maybe_decode};
use crate::error::Error;
use crate::error_code::Target;
use crate::op::Operation;
use crate::op::bucket::bucket_parts;
use crate::op::common::{
    check_status, opt_bool, opt_owner, opt_storage_class, opt_text, opt_time, opt_u64, parse_root,
};
use crate::op::list::decode_prefixes;
use crate::request::RequestParts;
use crate::types::{CommonPrefix, Owner, StorageClass, Timestamp};
use crate::xml::Node;

/// Lists versions and delete markers.
#[derive(Debug, Clone)]
pub struct ListObjectVersions {
    /// The bucket.
    pub bucket: String,
    /// Only keys starting with this.
    pub prefix: Option<String>,
    /// Roll keys up to common prefixes at this delimiter.
    pub delimiter: Option<String>,
    /// Continue after this key …
    pub key_marker: Option<String>,
    /// … and, within it, after this version (needs `key_marker`).
    pub version_id_marker: Option<String>,
    /// Page size (server maximum 1000).
    pub max_keys: Option<u32>,
    /// Ask for `encoding-type=url` (default on).
    pub url_encoding: bool,
}

impl ListObjectVersions {
    /// Every version in the bucket, URL encoding on.
    pub fn new(bucket: impl Into<String>) -> Self {
        Self {
            bucket: bucket.into(),
            prefix: None,
            delimiter: None,
            key_marker: None,
            version_id_marker: None,
            max_keys: None,
            url_encoding: true,
        }
    }
}

/// One version of an object, or a delete marker.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ObjectVersion {
    /// The key.
    pub key: String,
    /// The version id (`null` for a version written while the bucket was
    /// not versioned).
    pub version_id: String,
    /// Whether this is the key's current version.
    pub is_latest: bool,
    /// Whether this is a delete marker (then it has no ETag or size).
    pub is_delete_marker: bool,
    /// When it was written.
    pub last_modified: Option<Timestamp>,
    /// The ETag, for versions.
    pub etag: Option<String>,
    /// The size in bytes (0 for delete markers).
    pub size: u64,
    /// The storage class, for versions.
    pub storage_class: Option<StorageClass>,
    /// The owner, when the server lists it.
    pub owner: Option<Owner>,
}

/// One page of versions; keys, prefixes and key markers are URL-decoded
/// when the server encoded them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ListObjectVersionsOutput {
    /// The bucket.
    pub name: String,
    /// Whether more entries follow.
    pub is_truncated: bool,
    /// The key marker for the next page.
    pub next_key_marker: Option<String>,
    /// The version id marker for the next page.
    pub next_version_id_marker: Option<String>,
    /// Versions and delete markers, in document order.
    pub versions: Vec<ObjectVersion>,
    /// Rolled-up prefixes.
    pub common_prefixes: Vec<CommonPrefix>,
    /// The page size the server applied.
    pub max_keys: Option<u64>,
    /// Whether the answer claimed `EncodingType=url` (and no value proved
    /// the claim false), so names were decoded.
    pub url_decoded: bool,
}

impl Operation for ListObjectVersions {
    type Output = ListObjectVersionsOutput;

    fn encode(&self) -> Result<RequestParts, Error> {
        if self.version_id_marker.is_some() && self.key_marker.is_none() {
            return Err(Error::InvalidArgument(
                "a version-id marker needs a key marker".into(),
            ));
        }
        let mut parts = bucket_parts(Method::GET, &self.bucket)?;
        parts.push_query("versions", "");
        parts.push_query_opt("delimiter", self.delimiter.as_deref());
        if self.url_encoding {
            parts.push_query("encoding-type", "url");
        }
        parts.push_query_opt("key-marker", self.key_marker.as_deref());
        parts.push_query_opt("max-keys", self.max_keys);
        parts.push_query_opt("prefix", self.prefix.as_deref());
        parts.push_query_opt("version-id-marker", self.version_id_marker.as_deref());
        Ok(parts)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<Self::Output, Error> {
        check_status(status, headers, body, Target::Bucket)?;
        let root = parse_root(body, "ListVersionsResult")?;
        let url = url_encoded(&root);
        let mut out = ListObjectVersionsOutput {
            name: root.text_of("Name").unwrap_or_default().to_owned(),
            is_truncated: opt_bool(&root, "IsTruncated")?,
            next_version_id_marker: opt_text(&root, "NextVersionIdMarker"),
            max_keys: opt_u64(&root, "MaxKeys")?,
            url_decoded: url,
            ..Default::default()
        };
        for child in &root.children {
            match child.name {
                "Version" => out.versions.push(decode_version(child, url, false)?),
                "DeleteMarker" => out.versions.push(decode_version(child, url, true)?),
                "CommonPrefixes" => out.common_prefixes.extend(decode_prefixes(child, url)?),
                _ => {}
            }
        }
        out.next_key_marker = opt_text(&root, "NextKeyMarker")
            .map(|raw| next_key_marker(&out, raw, url))
            .transpose()?;
        Ok(out)
    }
}

/// The next page's key marker. Ceph RGW encodes the names under
/// `EncodingType=url` but sends `NextKeyMarker` raw (`a+b` after the key
/// `a%2Bb`), so a marker that as sent equals the page's last name is that
/// name; otherwise it is decoded when the page was.
fn next_key_marker(
    page: &ListObjectVersionsOutput,
    raw: String,
    url: bool,
) -> Result<String, Error> {
    let last_key = page.versions.last().map(|v| &v.key);
    let last_prefix = page.common_prefixes.last().map(|p| &p.prefix);
    if last_key.max(last_prefix) == Some(&raw) || is_raw_text(&raw) {
        return Ok(raw);
    }
    maybe_decode(&raw, url)
}

/// Whether the body claims `EncodingType=url` and no name proves the claim
/// false (see [`KeyEncoding`](crate::op::list::KeyEncoding)).
fn url_encoded(root: &Node<'_>) -> bool {
    let claimed = root
        .text_of("EncodingType")
        .is_some_and(|e| e.eq_ignore_ascii_case("url"));
    let keys = root
        .children
        .iter()
        .filter(|c| c.name == "Version" || c.name == "DeleteMarker")
        .filter_map(|v| v.text_of("Key"));
    let prefixes = root
        .children("CommonPrefixes")
        .flat_map(|c| c.children("Prefix").map(|p| p.text.as_ref()));
    claimed && !keys.chain(prefixes).any(is_raw_text)
}

fn decode_version(node: &Node<'_>, url: bool, marker: bool) -> Result<ObjectVersion, Error> {
    Ok(ObjectVersion {
        key: maybe_decode(node.required("Key")?, url)?,
        version_id: node.text_of("VersionId").unwrap_or("null").to_owned(),
        is_latest: opt_bool(node, "IsLatest")?,
        is_delete_marker: marker,
        last_modified: opt_time(node, "LastModified")?,
        etag: opt_text(node, "ETag"),
        size: opt_u64(node, "Size")?.unwrap_or(0),
        storage_class: opt_storage_class(node),
        owner: opt_owner(node, "Owner"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CEPH: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix></Prefix>
<KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker><NextKeyMarker>a%2Bb</NextKeyMarker>
<NextVersionIdMarker>v2</NextVersionIdMarker><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated>
<EncodingType>url</EncodingType>
<DeleteMarker><Key>a%2Bb</Key><VersionId>v3</VersionId><IsLatest>true</IsLatest>
<LastModified>2026-11-30T10:00:00.000Z</LastModified><Owner><ID>o</ID></Owner></DeleteMarker>
<Version><Key>a%2Bb</Key><VersionId>v2</VersionId><IsLatest>false</IsLatest>
<LastModified>2026-11-30T09:00:00.000Z</LastModified><ETag>"e"</ETag><Size>3</Size>
<StorageClass>STANDARD</StorageClass></Version></ListVersionsResult>"#;

    #[test]
    fn versions_and_markers_in_document_order() {
        let out =
            ListObjectVersions::decode(StatusCode::OK, &HeaderMap::new(), CEPH.as_bytes()).unwrap();
        assert!(out.is_truncated && out.url_decoded);
        assert_eq!(out.next_key_marker.as_deref(), Some("a+b"));
        assert_eq!(out.next_version_id_marker.as_deref(), Some("v2"));
        let got: Vec<(&str, &str, bool, bool, u64)> = out
            .versions
            .iter()
            .map(|v| {
                let (k, id) = (v.key.as_str(), v.version_id.as_str());
                (k, id, v.is_latest, v.is_delete_marker, v.size)
            })
            .collect();
        assert_eq!(
            got,
            [("a+b", "v3", true, true, 0), ("a+b", "v2", false, false, 3)]
        );
    }

    #[test]
    fn a_raw_next_key_marker_naming_the_last_key_is_kept() {
        // Ceph RGW 16.2, measured: keys encoded, NextKeyMarker raw.
        let page = |key: &str, marker: &str| {
            format!(
                "<ListVersionsResult><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>\
                 <NextKeyMarker>{marker}</NextKeyMarker><NextVersionIdMarker>v</NextVersionIdMarker>\
                 <Version><Key>{key}</Key><VersionId>v</VersionId></Version></ListVersionsResult>"
            )
        };
        for (key, marker, want) in [
            ("a%2Bb", "a+b", "a+b"),
            ("a%252Bb", "a%2Bb", "a%2Bb"),
            ("a+b", "a b", "a b"),
            ("a%2Bb", "a%2Bb", "a+b"),
            ("a+b", "a+b", "a b"),
        ] {
            let body = page(key, marker);
            let out =
                ListObjectVersions::decode(StatusCode::OK, &HeaderMap::new(), body.as_bytes())
                    .unwrap();
            assert_eq!(out.next_key_marker.as_deref(), Some(want), "{key} {marker}");
        }
    }

    #[test]
    fn a_raw_key_keeps_the_page_raw() {
        let body = "<ListVersionsResult><EncodingType>url</EncodingType>\
            <Version><Key>a b+c</Key><VersionId>null</VersionId></Version></ListVersionsResult>";
        let out =
            ListObjectVersions::decode(StatusCode::OK, &HeaderMap::new(), body.as_bytes()).unwrap();
        assert!(!out.url_decoded);
        assert_eq!(out.versions[0].key, "a b+c");
    }

    #[test]
    fn a_version_marker_needs_a_key_marker() {
        let mut op = ListObjectVersions::new("bkt");
        op.version_id_marker = Some("v".into());
        assert!(matches!(op.encode(), Err(Error::InvalidArgument(_))));
        op.key_marker = Some("k".into());
        let parts = op.encode().unwrap();
        assert_eq!(
            parts.encoded_query(),
            "versions&encoding-type=url&key-marker=k&version-id-marker=v"
        );
    }
}
