//! GetObjectAttributes (`GET /bucket/key?attributes`): an object's ETag,
//! checksum, parts, storage class and size in one call, without its body
//! (S3 API reference, GetObjectAttributes).

use http::{HeaderMap, Method, StatusCode};

use crate::error::Error;
use crate::error_code::Target;
use crate::op::Operation;
use crate::op::common::{
    body_checksums, check_status, header, header_owned, opt_bool, opt_storage_class, opt_text,
    opt_u64, parse_root, parse_u64,
};
use crate::op::headers::Sse;
use crate::op::object::object_parts;
use crate::request::RequestParts;
use crate::types::{Checksum, StorageClass, Timestamp};
use crate::xml::Node;

/// The attributes every request asks for: all five S3 defines.
const ALL_ATTRIBUTES: &str = "ETag,Checksum,ObjectParts,StorageClass,ObjectSize";

/// Reads an object's attributes.
#[derive(Debug, Clone, Default)]
pub struct GetObjectAttributes {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// A specific version.
    pub version_id: Option<String>,
    /// The most parts to list (`x-amz-max-parts`).
    pub max_parts: Option<u32>,
    /// List parts after this number (`x-amz-part-number-marker`).
    pub part_number_marker: Option<u32>,
    /// The SSE-C key of an SSE-C object.
    pub sse: Option<Sse>,
}

/// One part in [`ObjectAttributes::parts`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct AttributesPart {
    /// The part number.
    pub part_number: u32,
    /// The part's size in bytes.
    pub size: Option<u64>,
    /// The part's checksums.
    pub checksums: Vec<Checksum>,
}

/// The answer to [`GetObjectAttributes`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ObjectAttributes {
    /// The ETag, without quotes (as S3 sends it here).
    pub etag: Option<String>,
    /// The object's checksums (`<Checksum>`).
    pub checksums: Vec<Checksum>,
    /// The object's size in bytes.
    pub size: Option<u64>,
    /// The storage class.
    pub storage_class: Option<StorageClass>,
    /// How many parts a multipart object has (`TotalPartsCount`); `None`
    /// for an object written by one PUT.
    pub total_parts: Option<u64>,
    /// The parts listed on this page.
    pub parts: Vec<AttributesPart>,
    /// Whether more parts follow.
    pub parts_truncated: bool,
    /// The marker for the next page of parts.
    pub next_part_number_marker: Option<u64>,
    /// `Last-Modified`.
    pub last_modified: Option<Timestamp>,
    /// `x-amz-version-id`.
    pub version_id: Option<String>,
}

impl Operation for GetObjectAttributes {
    type Output = ObjectAttributes;

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = object_parts(Method::GET, &self.bucket, &self.key)?;
        parts.push_query("attributes", "");
        parts.push_version_id(self.version_id.as_deref())?;
        parts.set_header("x-amz-object-attributes", ALL_ATTRIBUTES)?;
        let max = self.max_parts.map(|n| n.to_string());
        parts.set_header_opt("x-amz-max-parts", max.as_deref())?;
        let marker = self.part_number_marker.map(|n| n.to_string());
        parts.set_header_opt("x-amz-part-number-marker", marker.as_deref())?;
        if let Some(sse) = &self.sse {
            sse.apply_read(&mut parts)?;
        }
        Ok(parts)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<Self::Output, Error> {
        check_status(status, headers, body, Target::Object)?;
        let root = parse_root(body, "GetObjectAttributesResponse")?;
        let mut out = ObjectAttributes {
            etag: opt_text(&root, "ETag"),
            checksums: root
                .child("Checksum")
                .map(body_checksums)
                .unwrap_or_default(),
            size: opt_u64(&root, "ObjectSize")?,
            storage_class: opt_storage_class(&root),
            last_modified: header(headers, "last-modified")
                .map(Timestamp::parse)
                .transpose()?,
            version_id: header_owned(headers, "x-amz-version-id"),
            ..ObjectAttributes::default()
        };
        if let Some(parts) = root.child("ObjectParts") {
            out.total_parts = opt_u64(parts, "TotalPartsCount")?;
            out.parts_truncated = opt_bool(parts, "IsTruncated")?;
            out.next_part_number_marker = opt_u64(parts, "NextPartNumberMarker")?;
            out.parts = parts
                .children("Part")
                .map(decode_part)
                .collect::<Result<_, _>>()?;
        }
        Ok(out)
    }
}

fn decode_part(node: &Node<'_>) -> Result<AttributesPart, Error> {
    let number = parse_u64("PartNumber", node.required("PartNumber")?)?;
    Ok(AttributesPart {
        part_number: u32::try_from(number)
            .map_err(|_| Error::invalid("PartNumber", "too large"))?,
        size: opt_u64(node, "Size")?,
        checksums: body_checksums(node),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_multipart_answer() {
        let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<GetObjectAttributesResponse xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <ETag>abc-2</ETag>
  <Checksum><ChecksumCRC32C>AAAAAA==</ChecksumCRC32C></Checksum>
  <ObjectParts><TotalPartsCount>2</TotalPartsCount><IsTruncated>false</IsTruncated>
    <Part><PartNumber>1</PartNumber><Size>5242880</Size></Part>
    <Part><PartNumber>2</PartNumber><Size>7</Size></Part></ObjectParts>
  <StorageClass>STANDARD</StorageClass><ObjectSize>5242887</ObjectSize>
</GetObjectAttributesResponse>"#;
        let out =
            GetObjectAttributes::decode(StatusCode::OK, &HeaderMap::new(), body).expect("decode");
        assert_eq!(out.etag.as_deref(), Some("abc-2"));
        assert_eq!(out.size, Some(5_242_887));
        assert_eq!(out.total_parts, Some(2));
        assert_eq!(out.parts.len(), 2);
        assert_eq!(out.checksums.len(), 1);
        assert_eq!(out.storage_class, Some(StorageClass::Standard));
    }

    #[test]
    fn asks_for_every_attribute() {
        let op = GetObjectAttributes {
            bucket: "bkt".into(),
            key: "k".into(),
            max_parts: Some(3),
            ..GetObjectAttributes::default()
        };
        let parts = op.encode().expect("encode");
        assert_eq!(parts.encoded_query(), "attributes");
        assert_eq!(parts.headers["x-amz-object-attributes"], ALL_ATTRIBUTES);
        assert_eq!(parts.headers["x-amz-max-parts"], "3");
    }
}
