//! Multipart uploads: CreateMultipartUpload, UploadPart, UploadPartCopy,
//! CompleteMultipartUpload, AbortMultipartUpload, ListParts.

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};

use crate::error::Error;
use crate::error_code::Target;
use crate::op::Operation;
use crate::op::common::{
    body_checksums, check_status, check_status_and_body, header_owned, opt_bool, opt_owner,
    opt_storage_class, opt_text, opt_time, opt_u64, parse_root, parse_u64,
};
use crate::op::copy::{CopyResult, CopySource, decode_copy_result};
use crate::op::headers::{Conditions, Sse, apply_checksums};
use crate::op::object::{PutObjectOutput, WriteOptions, object_parts};
use crate::request::RequestParts;
use crate::types::{
    Checksum, ChecksumAlgorithm, ChecksumType, CompletedPart, Owner, Part, StorageClass,
};
use crate::xml::{Node, XmlWriter};

/// The highest part number S3 accepts.
pub const MAX_PART_NUMBER: u32 = 10_000;

/// The largest part S3 accepts, uploaded or copied: 5 GiB (S3 User
/// Guide, "Amazon S3 multipart upload limits").
pub const MAX_PART_SIZE: u64 = 5 << 30;

/// Checks a part number: 1 to [`MAX_PART_NUMBER`] (S3 API reference,
/// UploadPart).
///
/// # Errors
///
/// [`Error::InvalidArgument`] outside that range.
pub fn check_part_number(n: u32) -> Result<(), Error> {
    if (1..=MAX_PART_NUMBER).contains(&n) {
        Ok(())
    } else {
        Err(Error::InvalidArgument(format!(
            "part number {n} is outside 1..=10000"
        )))
    }
}

/// Checks an upload id: an empty one is refused.
///
/// # Errors
///
/// [`Error::InvalidArgument`] for an empty upload id.
pub fn check_upload_id(upload_id: &str) -> Result<(), Error> {
    if upload_id.is_empty() {
        return Err(Error::InvalidArgument("empty upload id".into()));
    }
    Ok(())
}

/// Builds `?uploadId=` parts, rejecting an empty id.
fn upload_parts(
    method: Method,
    bucket: &str,
    key: &str,
    upload_id: &str,
) -> Result<RequestParts, Error> {
    check_upload_id(upload_id)?;
    let mut parts = object_parts(method, bucket, key)?;
    parts.push_query("uploadId", upload_id);
    Ok(parts)
}

/// Starts a multipart upload (`POST /bucket/key?uploads`).
#[derive(Debug, Clone, Default)]
pub struct CreateMultipartUpload {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// Content type, metadata, encryption, storage class.
    pub options: WriteOptions,
    /// The checksum algorithm the parts will carry.
    pub checksum_algorithm: Option<ChecksumAlgorithm>,
    /// Full-object or composite checksums.
    pub checksum_type: Option<ChecksumType>,
}

/// The answer to [`CreateMultipartUpload`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CreateMultipartUploadOutput {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// The id every later call needs.
    pub upload_id: String,
}

impl Operation for CreateMultipartUpload {
    type Output = CreateMultipartUploadOutput;

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = object_parts(Method::POST, &self.bucket, &self.key)?;
        parts.push_query("uploads", "");
        self.options.apply(&mut parts)?;
        parts.set_header_opt(
            "x-amz-checksum-algorithm",
            self.checksum_algorithm.as_ref().map(|a| a.as_str()),
        )?;
        parts.set_header_opt(
            "x-amz-checksum-type",
            self.checksum_type.as_ref().map(|t| t.as_str()),
        )?;
        Ok(parts)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<Self::Output, Error> {
        check_status(status, headers, body, Target::Object)?;
        let root = parse_root(body, "InitiateMultipartUploadResult")?;
        Ok(CreateMultipartUploadOutput {
            bucket: root.text_of("Bucket").unwrap_or_default().to_owned(),
            key: root.text_of("Key").unwrap_or_default().to_owned(),
            upload_id: root
                .required("UploadId")
                .map(str::to_owned)
                .and_then(non_empty_id)?,
        })
    }
}

fn non_empty_id(id: String) -> Result<String, Error> {
    if id.is_empty() {
        Err(Error::invalid("UploadId", "empty"))
    } else {
        Ok(id)
    }
}

/// Uploads one part (`PUT /bucket/key?partNumber=N&uploadId=ID`).
#[derive(Debug, Clone, Default)]
pub struct UploadPart {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// The upload.
    pub upload_id: String,
    /// 1 to 10,000.
    pub part_number: u32,
    /// The part's bytes (or empty when the caller streams them).
    pub body: Bytes,
    /// Checksums of the part.
    pub checksums: Vec<Checksum>,
    /// The SSE-C key, when the upload uses one.
    pub sse: Option<Sse>,
}

impl Operation for UploadPart {
    type Output = PutObjectOutput;

    fn encode(&self) -> Result<RequestParts, Error> {
        check_part_number(self.part_number)?;
        check_upload_id(&self.upload_id)?;
        let mut parts = object_parts(Method::PUT, &self.bucket, &self.key)?;
        parts.push_query("partNumber", self.part_number.to_string());
        parts.push_query("uploadId", self.upload_id.clone());
        apply_checksums(&mut parts, &self.checksums)?;
        if let Some(sse) = &self.sse {
            sse.apply_read(&mut parts)?;
        }
        parts.body = self.body.clone();
        Ok(parts)
    }

    fn decode(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<PutObjectOutput, Error> {
        check_status(status, headers, body, Target::Object)?;
        Ok(PutObjectOutput::from_headers(headers))
    }
}

/// Copies a range of an existing object into a part.
#[derive(Debug, Clone, Default)]
pub struct UploadPartCopy {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// The upload.
    pub upload_id: String,
    /// 1 to 10,000.
    pub part_number: u32,
    /// The source object.
    pub source: CopySource,
    /// Inclusive byte range of the source (`x-amz-copy-source-range`).
    pub source_range: Option<(u64, u64)>,
    /// Conditions on the source.
    pub source_conditions: Conditions,
    /// The source's SSE-C key.
    pub source_sse: Option<Sse>,
    /// The destination's SSE-C key.
    pub sse: Option<Sse>,
}

impl Operation for UploadPartCopy {
    type Output = CopyResult;

    fn encode(&self) -> Result<RequestParts, Error> {
        check_part_number(self.part_number)?;
        check_upload_id(&self.upload_id)?;
        let mut parts = object_parts(Method::PUT, &self.bucket, &self.key)?;
        parts.push_query("partNumber", self.part_number.to_string());
        parts.push_query("uploadId", self.upload_id.clone());
        self.source.apply(
            &mut parts,
            &self.source_conditions,
            self.source_sse.as_ref(),
        )?;
        if let Some((first, last)) = self.source_range {
            if first > last {
                return Err(Error::InvalidArgument("inverted copy source range".into()));
            }
            if last - first >= MAX_PART_SIZE {
                return Err(Error::InvalidArgument(format!(
                    "a copy source range of {} bytes; a part holds at most 5 GiB",
                    u128::from(last - first) + 1
                )));
            }
            parts.set_header("x-amz-copy-source-range", &format!("bytes={first}-{last}"))?;
        }
        if let Some(sse) = &self.sse {
            sse.apply_read(&mut parts)?;
        }
        Ok(parts)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<CopyResult, Error> {
        decode_copy_result(status, headers, body, "CopyPartResult")
    }
}

/// Finishes an upload (`POST /bucket/key?uploadId=ID`).
#[derive(Debug, Clone, Default)]
pub struct CompleteMultipartUpload {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// The upload.
    pub upload_id: String,
    /// The parts, in ascending part-number order.
    pub parts: Vec<CompletedPart>,
    /// The SSE-C key of an SSE-C upload (S3 asks for it when the parts
    /// carry checksums).
    pub sse: Option<Sse>,
    /// Complete only if the key holds an object with this ETag (`If-Match`).
    pub if_match: Option<String>,
    /// `*`: complete only if the key holds no object (`If-None-Match`).
    pub if_none_match: Option<String>,
}

impl CompleteMultipartUpload {
    /// The `<CompleteMultipartUpload>` request body.
    pub fn body(&self) -> String {
        let mut w = XmlWriter::new("CompleteMultipartUpload");
        for part in &self.parts {
            w.open("Part");
            w.leaf("PartNumber", &part.part_number.to_string());
            w.leaf("ETag", &part.etag);
            for c in &part.checksums {
                w.leaf(&c.algorithm.element_name(), &c.value);
            }
            w.close("Part");
        }
        w.finish("CompleteMultipartUpload")
    }
}

/// The ETag S3 gives the object these parts make: the MD5 of the parts'
/// binary MD5s, then `-` and the number of parts, quoted
/// (`"3858f62230ac3c915f300c664312c11f-2"`). Not in the S3 API reference,
/// but what AWS S3, MinIO and Ceph RGW all compute; `None` when a part's
/// ETag is not a hex MD5 (an SSE-KMS or SSE-C part, or a server with
/// another rule).
pub fn multipart_etag(parts: &[CompletedPart]) -> Option<String> {
    use md5::{Digest, Md5};
    let mut md5s = Md5::new();
    for part in parts {
        let hex = part.etag.trim().trim_matches('"');
        if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut digest = [0u8; 16];
        for (byte, pair) in digest.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
            let pair = std::str::from_utf8(pair).ok()?;
            *byte = u8::from_str_radix(pair, 16).ok()?;
        }
        md5s.update(digest);
    }
    let hex: String = md5s.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Some(format!("\"{hex}-{}\"", parts.len()))
}

/// Reads a `<CompleteMultipartUpload>` body back.
pub fn decode_complete_request(body: &[u8]) -> Result<Vec<CompletedPart>, Error> {
    let root = parse_root(body, "CompleteMultipartUpload")?;
    root.children("Part")
        .map(|p| {
            let number = parse_u64("PartNumber", p.required("PartNumber")?)?;
            Ok(CompletedPart {
                part_number: u32::try_from(number)
                    .map_err(|_| Error::invalid("PartNumber", "too large"))?,
                etag: p.required("ETag")?.to_owned(),
                checksums: body_checksums(p),
            })
        })
        .collect()
}

/// The answer to [`CompleteMultipartUpload`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CompleteMultipartUploadOutput {
    /// The object's URL.
    pub location: Option<String>,
    /// The bucket.
    pub bucket: Option<String>,
    /// The key.
    pub key: Option<String>,
    /// The final ETag (`"…-N"`).
    pub etag: Option<String>,
    /// Final checksums.
    pub checksums: Vec<Checksum>,
    /// Their type.
    pub checksum_type: Option<ChecksumType>,
    /// The version id.
    pub version_id: Option<String>,
}

impl Operation for CompleteMultipartUpload {
    type Output = CompleteMultipartUploadOutput;

    fn encode(&self) -> Result<RequestParts, Error> {
        if self.parts.is_empty() {
            return Err(Error::InvalidArgument(
                "CompleteMultipartUpload needs at least one part".into(),
            ));
        }
        for part in &self.parts {
            check_part_number(part.part_number)?;
        }
        let mut parts = upload_parts(Method::POST, &self.bucket, &self.key, &self.upload_id)?;
        // A second completion of the same upload creates nothing: it finds
        // the upload completed (an answer, or NoSuchUpload), never a copy.
        parts.idempotent = true;
        parts.set_header("content-type", "application/xml")?;
        if let Some(sse) = &self.sse {
            sse.apply_read(&mut parts)?;
        }
        crate::op::headers::set_etag_condition(&mut parts, "if-match", self.if_match.as_deref())?;
        crate::op::headers::set_etag_condition(
            &mut parts,
            "if-none-match",
            self.if_none_match.as_deref(),
        )?;
        parts.body = self.body().into();
        Ok(parts)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<Self::Output, Error> {
        check_status_and_body(status, headers, body, Target::Object)?;
        let root = parse_root(body, "CompleteMultipartUploadResult")?;
        Ok(CompleteMultipartUploadOutput {
            location: opt_text(&root, "Location"),
            bucket: opt_text(&root, "Bucket"),
            key: opt_text(&root, "Key"),
            etag: opt_text(&root, "ETag"),
            checksums: body_checksums(&root),
            checksum_type: root.text_of("ChecksumType").map(ChecksumType::parse),
            version_id: header_owned(headers, "x-amz-version-id"),
        })
    }
}

/// Abandons an upload and frees its parts (`DELETE /bucket/key?uploadId=ID`).
#[derive(Debug, Clone, Default)]
pub struct AbortMultipartUpload {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// The upload.
    pub upload_id: String,
}

impl Operation for AbortMultipartUpload {
    type Output = ();

    fn encode(&self) -> Result<RequestParts, Error> {
        upload_parts(Method::DELETE, &self.bucket, &self.key, &self.upload_id)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<(), Error> {
        check_status(status, headers, body, Target::Object)
    }
}

/// Lists an upload's parts (`GET /bucket/key?uploadId=ID`).
#[derive(Debug, Clone, Default)]
pub struct ListParts {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// The upload.
    pub upload_id: String,
    /// Page size (at most 1000).
    pub max_parts: Option<u32>,
    /// List parts after this number.
    pub part_number_marker: Option<u32>,
}

/// The answer to [`ListParts`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ListPartsOutput {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// The upload.
    pub upload_id: String,
    /// The marker asked with.
    pub part_number_marker: Option<u64>,
    /// The marker for the next page.
    pub next_part_number_marker: Option<u64>,
    /// The page size.
    pub max_parts: Option<u64>,
    /// Whether more parts follow.
    pub is_truncated: bool,
    /// The parts.
    pub parts: Vec<Part>,
    /// The upload's storage class.
    pub storage_class: Option<StorageClass>,
    /// The owner.
    pub owner: Option<Owner>,
    /// The initiator.
    pub initiator: Option<Owner>,
    /// The checksum algorithm.
    pub checksum_algorithm: Option<ChecksumAlgorithm>,
    /// The checksum type.
    pub checksum_type: Option<ChecksumType>,
}

impl Operation for ListParts {
    type Output = ListPartsOutput;

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = upload_parts(Method::GET, &self.bucket, &self.key, &self.upload_id)?;
        parts.push_query_opt("max-parts", self.max_parts);
        parts.push_query_opt("part-number-marker", self.part_number_marker);
        Ok(parts)
    }

    fn decode(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<ListPartsOutput, Error> {
        check_status(status, headers, body, Target::Object)?;
        let root = parse_root(body, "ListPartsResult")?;
        Ok(ListPartsOutput {
            bucket: root.text_of("Bucket").unwrap_or_default().to_owned(),
            key: root.text_of("Key").unwrap_or_default().to_owned(),
            upload_id: root.text_of("UploadId").unwrap_or_default().to_owned(),
            part_number_marker: opt_u64(&root, "PartNumberMarker")?,
            next_part_number_marker: opt_u64(&root, "NextPartNumberMarker")?,
            max_parts: opt_u64(&root, "MaxParts")?,
            is_truncated: opt_bool(&root, "IsTruncated")?,
            parts: root
                .children("Part")
                .map(decode_part)
                .collect::<Result<_, _>>()?,
            storage_class: opt_storage_class(&root),
            owner: opt_owner(&root, "Owner"),
            initiator: opt_owner(&root, "Initiator"),
            checksum_algorithm: root
                .text_of("ChecksumAlgorithm")
                .map(ChecksumAlgorithm::parse),
            checksum_type: root.text_of("ChecksumType").map(ChecksumType::parse),
        })
    }
}

fn decode_part(node: &Node<'_>) -> Result<Part, Error> {
    let number = parse_u64("PartNumber", node.required("PartNumber")?)?;
    Ok(Part {
        part_number: u32::try_from(number)
            .map_err(|_| Error::invalid("PartNumber", "too large"))?,
        etag: node.text_of("ETag").unwrap_or_default().to_owned(),
        size: opt_u64(node, "Size")?.unwrap_or(0),
        last_modified: opt_time(node, "LastModified")?,
        checksums: body_checksums(node),
    })
}
