//! Compile-time guards of the public API, run as doctests only
//! (`cargo test --doc -p newtera-proto`). Each block below must NOT
//! compile; each compiled before the change it guards.
//!
//! Decoded outputs are `#[non_exhaustive]` (a new S3 field is not a
//! breaking change), and so are enums of S3 values a server may extend;
//! [`CopySource`](crate::op::copy::CopySource) is built with `new`.
//!
//! `Bucket` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera_proto::types::Bucket;
//! let _ = Bucket { name: String::new(), creation_date: None, region: None };
//! ```
//!
//! `Part` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera_proto::types::Part;
//! let _ = Part { part_number: 1, etag: String::new(), size: 0, last_modified: None, checksums: Vec::new() };
//! ```
//!
//! `S3Error` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera_proto::error::S3Error;
//! use newtera_proto::error_code::ErrorCode;
//! let _ = S3Error { status: http::StatusCode::NOT_FOUND, code: ErrorCode::NoSuchKey, message: String::new(), resource: None, request_id: None, host_id: None, bucket_name: None, key: None, region: None, has_document: true };
//! ```
//!
//! `PutObjectOutput` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera_proto::op::object::PutObjectOutput;
//! let _ = PutObjectOutput { etag: None, version_id: None, checksums: Vec::new() };
//! ```
//!
//! `CopyResult` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera_proto::op::copy::CopyResult;
//! let _ = CopyResult { etag: None, last_modified: None, checksums: Vec::new(), version_id: None };
//! ```
//!
//! `DeletedObject` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera_proto::op::delete::DeletedObject;
//! let _ = DeletedObject { key: String::new(), version_id: None, delete_marker: false, delete_marker_version_id: None };
//! ```
//!
//! `VersioningConfiguration` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera_proto::op::config::VersioningConfiguration;
//! let _ = VersioningConfiguration { status: None, mfa_delete: None };
//! ```
//!
//! `CopySource` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera_proto::op::copy::CopySource;
//! let _ = CopySource { bucket: String::new(), key: String::new(), version_id: None };
//! ```
//!
//! `VersioningStatus` is matched without a wildcard arm:
//!
//! ```compile_fail,E0004
//! use newtera_proto::op::config::VersioningStatus;
//! fn wire(s: VersioningStatus) -> &'static str {
//!     match s {
//!         VersioningStatus::Enabled => "on",
//!         VersioningStatus::Suspended => "paused",
//!     }
//! }
//! ```
//!
//! `RetentionMode` is matched without a wildcard arm:
//!
//! ```compile_fail,E0004
//! use newtera_proto::op::config::RetentionMode;
//! fn strict(m: RetentionMode) -> bool {
//!     match m {
//!         RetentionMode::Governance => false,
//!         RetentionMode::Compliance => true,
//!     }
//! }
//! ```
//!
//! What compiles instead:
//!
//! ```
//! use newtera_proto::op::config::VersioningStatus;
//! use newtera_proto::op::copy::CopySource;
//! let source = CopySource::new("photos", "cat.jpg").version_id("v1");
//! assert_eq!(source.key, "cat.jpg");
//! fn wire(s: VersioningStatus) -> &'static str {
//!     match s {
//!         VersioningStatus::Enabled => "on",
//!         _ => "other",
//!     }
//! }
//! assert_eq!(wire(VersioningStatus::Enabled), "on");
//! ```
