//! ListMultipartUploads (`GET /bucket?uploads`).

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
use crate::types::{ChecksumAlgorithm, ChecksumType, CommonPrefix, Upload};
use crate::xml::Node;

/// Lists unfinished multipart uploads.
#[derive(Debug, Clone)]
pub struct ListMultipartUploads {
    /// The bucket.
    pub bucket: String,
    /// Only keys starting with this.
    pub prefix: Option<String>,
    /// Roll keys up at this delimiter.
    pub delimiter: Option<String>,
    /// Continue after this key …
    pub key_marker: Option<String>,
    /// … and this upload id.
    pub upload_id_marker: Option<String>,
    /// Page size.
    pub max_uploads: Option<u32>,
    /// Ask for `encoding-type=url` (default on).
    pub url_encoding: bool,
}

impl ListMultipartUploads {
    /// All uploads of the bucket, URL encoding on.
    pub fn new(bucket: impl Into<String>) -> Self {
        Self {
            bucket: bucket.into(),
            prefix: None,
            delimiter: None,
            key_marker: None,
            upload_id_marker: None,
            max_uploads: None,
            url_encoding: true,
        }
    }
}

/// One page of uploads; keys, prefixes and key markers are URL-decoded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ListMultipartUploadsOutput {
    /// The bucket.
    pub bucket: String,
    /// The prefix asked for.
    pub prefix: Option<String>,
    /// The delimiter asked for.
    pub delimiter: Option<String>,
    /// The key marker asked with.
    pub key_marker: Option<String>,
    /// The upload id marker asked with.
    pub upload_id_marker: Option<String>,
    /// The key marker for the next page.
    pub next_key_marker: Option<String>,
    /// The upload id marker for the next page.
    pub next_upload_id_marker: Option<String>,
    /// The page size.
    pub max_uploads: Option<u64>,
    /// Whether more uploads follow.
    pub is_truncated: bool,
    /// The uploads.
    pub uploads: Vec<Upload>,
    /// Rolled-up prefixes.
    pub common_prefixes: Vec<CommonPrefix>,
    /// Whether the answer said its keys were URL-encoded
    /// (`<EncodingType>url</EncodingType>`), so they were decoded. An
    /// answer to an `encoding-type=url` request that does not say so is
    /// ambiguous: Ceph RGW encodes the keys anyway, other servers ignore
    /// the parameter; ask again without it for literal keys.
    pub url_decoded: bool,
}

impl Operation for ListMultipartUploads {
    type Output = ListMultipartUploadsOutput;

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = bucket_parts(Method::GET, &self.bucket)?;
        parts.push_query("uploads", "");
        parts.push_query_opt("delimiter", self.delimiter.as_deref());
        if self.url_encoding {
            parts.push_query("encoding-type", "url");
        }
        parts.push_query_opt("key-marker", self.key_marker.as_deref());
        parts.push_query_opt("max-uploads", self.max_uploads);
        parts.push_query_opt("prefix", self.prefix.as_deref());
        parts.push_query_opt("upload-id-marker", self.upload_id_marker.as_deref());
        Ok(parts)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<Self::Output, Error> {
        check_status(status, headers, body, Target::Bucket)?;
        let root = parse_root(body, "ListMultipartUploadsResult")?;
        let url = url_encoded(&root);
        let text = |name: &str| {
            opt_text(&root, name)
                .map(|v| maybe_decode(&v, url))
                .transpose()
        };
        let mut out = ListMultipartUploadsOutput {
            bucket: root.text_of("Bucket").unwrap_or_default().to_owned(),
            prefix: text("Prefix")?,
            delimiter: text("Delimiter")?,
            key_marker: text("KeyMarker")?,
            upload_id_marker: opt_text(&root, "UploadIdMarker"),
            next_key_marker: text("NextKeyMarker")?,
            next_upload_id_marker: opt_text(&root, "NextUploadIdMarker"),
            max_uploads: opt_u64(&root, "MaxUploads")?,
            is_truncated: opt_bool(&root, "IsTruncated")?,
            url_decoded: url,
            ..Default::default()
        };
        for child in &root.children {
            match child.name {
                "Upload" => out.uploads.push(decode_upload(child, url)?),
                "CommonPrefixes" => out.common_prefixes.extend(decode_prefixes(child, url)?),
                _ => {}
            }
        }
        Ok(out)
    }
}

/// Whether the body claims `EncodingType=url` and no value proves the claim
/// false (see [`KeyEncoding`](crate::op::list::KeyEncoding)).
fn url_encoded(root: &Node<'_>) -> bool {
    let claimed = root
        .text_of("EncodingType")
        .is_some_and(|e| e.eq_ignore_ascii_case("url"));
    let fields = ["Prefix", "Delimiter", "KeyMarker", "NextKeyMarker"]
        .into_iter()
        .filter_map(|name| root.text_of(name));
    let keys = root.children("Upload").filter_map(|u| u.text_of("Key"));
    let prefixes = root
        .children("CommonPrefixes")
        .flat_map(|c| c.children("Prefix").map(|p| p.text.as_ref()));
    claimed && !fields.chain(keys).chain(prefixes).any(is_raw_text)
}

fn decode_upload(node: &Node<'_>, url: bool) -> Result<Upload, Error> {
    Ok(Upload {
        key: maybe_decode(node.required("Key")?, url)?,
        upload_id: node.required("UploadId")?.to_owned(),
        initiated: opt_time(node, "Initiated")?,
        storage_class: opt_storage_class(node),
        owner: opt_owner(node, "Owner"),
        initiator: opt_owner(node, "Initiator"),
        checksum_algorithm: node
            .text_of("ChecksumAlgorithm")
            .map(ChecksumAlgorithm::parse),
        checksum_type: node.text_of("ChecksumType").map(ChecksumType::parse),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(keys: &[&str]) -> ListMultipartUploadsOutput {
        let uploads: String = keys
            .iter()
            .map(|k| format!("<Upload><Key>{k}</Key><UploadId>u</UploadId></Upload>"))
            .collect();
        let body = format!(
            "<ListMultipartUploadsResult><Bucket>b</Bucket><EncodingType>url</EncodingType>{uploads}</ListMultipartUploadsResult>"
        );
        ListMultipartUploads::decode(StatusCode::OK, &HeaderMap::new(), body.as_bytes()).unwrap()
    }

    #[test]
    fn an_encoding_claim_that_a_key_disproves_is_ignored() {
        let keys = |out: ListMultipartUploadsOutput| -> Vec<String> {
            out.uploads.into_iter().map(|u| u.key).collect()
        };
        assert_eq!(keys(decode(&["p+x/1", "p%2Bx"])), ["p x/1", "p+x"]);
        assert_eq!(keys(decode(&["p+x/1", "p%x/1"])), ["p+x/1", "p%x/1"]);
        assert_eq!(keys(decode(&["p x/1", "p+x"])), ["p x/1", "p+x"]);
    }
}
