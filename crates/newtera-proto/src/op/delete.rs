//! DeleteObjects: up to 1000 keys in one request.

use http::{HeaderMap, Method, StatusCode};

use crate::error::Error;
use crate::error_code::{ErrorCode, Target};
use crate::op::Operation;
use crate::op::bucket::bucket_parts;
use crate::op::common::{check_status_and_body, opt_bool, opt_text, parse_root};
use crate::op::headers::content_md5;
use crate::request::RequestParts;
use crate::validate::validate_object_name;
use crate::xml::XmlWriter;

/// The most keys S3 accepts in one DeleteObjects request.
pub const MAX_DELETE_KEYS: usize = 1000;

/// Whether a key can travel in a DeleteObjects body: XML 1.0 has no way to
/// carry most control characters (U+0001–U+001F but tab, line feed and
/// carriage return; not even as character references) nor U+FFFE and
/// U+FFFF, and a server refuses the whole batch for one such key (Ceph RGW:
/// 400 `InvalidRequest`). Such keys are deleted one by one (DeleteObject).
pub fn fits_in_xml(key: &str) -> bool {
    key.chars().all(xml_can_carry)
}

/// Whether XML 1.0 can carry `c` (see [`fits_in_xml`]).
pub(crate) fn xml_can_carry(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// A key (and optionally a version) to delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectIdentifier {
    /// The key.
    pub key: String,
    /// A specific version.
    pub version_id: Option<String>,
}

impl ObjectIdentifier {
    /// The latest version of `key`.
    pub fn new(key: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            version_id: None,
        }
    }
}

/// Deletes many objects (`POST /bucket?delete`). S3 requires an integrity
/// header on this request: `Content-MD5` is always sent.
#[derive(Debug, Clone)]
pub struct DeleteObjects {
    /// The bucket.
    pub bucket: String,
    /// 1 to 1000 keys.
    pub objects: Vec<ObjectIdentifier>,
    /// Quiet mode: the answer lists only failures.
    pub quiet: bool,
    /// `x-amz-bypass-governance-retention: true`: remove versions under a
    /// GOVERNANCE-mode retention (S3 API reference: DeleteObjects).
    pub bypass_governance: bool,
}

impl DeleteObjects {
    /// The `<Delete>` request body.
    pub fn body(&self) -> String {
        let mut w = XmlWriter::new("Delete");
        if self.quiet {
            w.leaf("Quiet", "true");
        }
        for object in &self.objects {
            w.open("Object");
            w.leaf("Key", &object.key);
            if let Some(v) = &object.version_id {
                w.leaf("VersionId", v);
            }
            w.close("Object");
        }
        w.finish("Delete")
    }
}

/// Reads a `<Delete>` body back: the objects and the quiet flag.
pub fn decode_delete_request(body: &[u8]) -> Result<(Vec<ObjectIdentifier>, bool), Error> {
    let root = parse_root(body, "Delete")?;
    let objects = root
        .children("Object")
        .map(|o| {
            Ok(ObjectIdentifier {
                key: o.required("Key")?.to_owned(),
                version_id: opt_text(o, "VersionId"),
            })
        })
        .collect::<Result<_, Error>>()?;
    Ok((objects, opt_bool(&root, "Quiet")?))
}

/// A key the server deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeletedObject {
    /// The key.
    pub key: String,
    /// The version deleted.
    pub version_id: Option<String>,
    /// Whether a delete marker was involved.
    pub delete_marker: bool,
    /// The delete marker's version.
    pub delete_marker_version_id: Option<String>,
}

/// A key the server failed to delete.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeleteError {
    /// The key.
    pub key: String,
    /// The version.
    pub version_id: Option<String>,
    /// Why.
    pub code: ErrorCode,
    /// The server's message.
    pub message: String,
}

/// The answer to [`DeleteObjects`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct DeleteObjectsOutput {
    /// Keys deleted (empty in quiet mode).
    pub deleted: Vec<DeletedObject>,
    /// Keys that failed.
    pub errors: Vec<DeleteError>,
}

impl Operation for DeleteObjects {
    type Output = DeleteObjectsOutput;

    fn encode(&self) -> Result<RequestParts, Error> {
        if self.objects.is_empty() || self.objects.len() > MAX_DELETE_KEYS {
            return Err(Error::InvalidArgument(format!(
                "DeleteObjects takes 1 to 1000 keys, got {}",
                self.objects.len()
            )));
        }
        for object in &self.objects {
            validate_object_name(&object.key)?;
            if let Some(v) = &object.version_id {
                crate::validate::validate_version_id(v)?;
            }
        }
        let mut parts = bucket_parts(Method::POST, &self.bucket)?;
        parts.push_query("delete", "");
        // Deleting the same keys again leaves the same state.
        parts.idempotent = true;
        let body = self.body();
        parts.set_header("content-type", "application/xml")?;
        parts.set_header("content-md5", &content_md5(body.as_bytes()))?;
        if self.bypass_governance {
            parts.set_header("x-amz-bypass-governance-retention", "true")?;
        }
        parts.body = body.into();
        Ok(parts)
    }

    fn decode(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<DeleteObjectsOutput, Error> {
        check_status_and_body(status, headers, body, Target::Bucket)?;
        let root = parse_root(body, "DeleteResult")?;
        let mut out = DeleteObjectsOutput::default();
        for child in &root.children {
            match child.name {
                "Deleted" => out.deleted.push(DeletedObject {
                    key: child.required("Key")?.to_owned(),
                    version_id: opt_text(child, "VersionId"),
                    delete_marker: opt_bool(child, "DeleteMarker")?,
                    delete_marker_version_id: opt_text(child, "DeleteMarkerVersionId"),
                }),
                "Error" => out.errors.push(DeleteError {
                    key: child.text_of("Key").unwrap_or_default().to_owned(),
                    version_id: opt_text(child, "VersionId"),
                    code: ErrorCode::parse(child.text_of("Code").unwrap_or_default()),
                    message: child.text_of("Message").unwrap_or_default().to_owned(),
                }),
                _ => {}
            }
        }
        Ok(out)
    }
}
