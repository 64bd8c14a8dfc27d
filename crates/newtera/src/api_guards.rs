//! Compile-time guards of the public API, run as doctests only
//! (`cargo test --doc -p newtera`). Each block below must NOT compile; each
//! compiled before the change it guards, so a regression fails the doctest.
//!
//! Output types are `#[non_exhaustive]`: a new S3 field is not a breaking
//! change, so code outside the crate cannot build them with a struct
//! literal (it reads their fields).
//!
//! `Bucket` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera::Bucket;
//! let _ = Bucket { name: String::new(), creation_date: None };
//! ```
//!
//! `Object` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera::Object;
//! let _ = Object { bucket_name: String::new(), object_name: String::new(), is_dir: false, size: 0, etag: None, last_modified: None, storage_class: None };
//! ```
//!
//! `ObjectStat` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera::{ETag, ObjectStat};
//! let _ = ObjectStat { bucket_name: String::new(), object_name: String::new(), size: 0, etag: ETag::strong(""), content_type: None, last_modified: None, metadata: Default::default(), version_id: None, storage_class: None, server_side_encryption: None, sse_kms_key_id: None, sse_customer_algorithm: None, tag_count: None, cache_control: None, content_disposition: None, content_encoding: None, content_language: None, expires: None };
//! ```
//!
//! `ObjectWriteResult` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera::{ETag, ObjectWriteResult};
//! let _ = ObjectWriteResult { bucket_name: String::new(), object_name: String::new(), etag: ETag::strong(""), version_id: None };
//! ```
//!
//! `DeleteError` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera::DeleteError;
//! let _ = DeleteError { object_name: String::new(), error_code: String::new(), error_message: String::new(), version_id: None };
//! ```
//!
//! `ObjectVersion` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera::ObjectVersion;
//! let _ = ObjectVersion { bucket_name: String::new(), object_name: String::new(), version_id: String::new(), is_latest: true, is_delete_marker: false, is_dir: false, size: 0, etag: None, last_modified: None, storage_class: None };
//! ```
//!
//! `RemovedObject` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera::RemovedObject;
//! let _ = RemovedObject { delete_marker: false, version_id: None };
//! ```
//!
//! `ObjectRetention` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera::{ObjectRetention, RetentionMode};
//! let _ = ObjectRetention { mode: RetentionMode::Governance, retain_until: std::time::SystemTime::UNIX_EPOCH };
//! ```
//!
//! `IncompleteUpload` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera::IncompleteUpload;
//! let _ = IncompleteUpload { object_name: String::new(), upload_id: String::new(), initiated: None };
//! ```
//!
//! `StoredPart` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera::StoredPart;
//! let _ = StoredPart { part_number: 1, etag: String::new(), size: 0 };
//! ```
//!
//! `PresignedPost` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera::PresignedPost;
//! let _ = PresignedPost { url: String::new(), fields: Vec::new() };
//! ```
//!
//! `Progress` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera::Progress;
//! let _ = Progress { done: 0, total: None };
//! ```
//!
//! `ResponseError` is built with a struct literal:
//!
//! ```compile_fail,E0639
//! use newtera::ResponseError;
//! use newtera::proto::error_code::ErrorCode;
//! let _ = ResponseError { status: http::StatusCode::NOT_FOUND, code: ErrorCode::NoSuchKey, message: String::new(), bucket_name: None, object_name: None, resource: None, request_id: None, host_id: None, region: None, request: None, has_document: true };
//! ```
//!
//! The one input made of public fields, `DeleteObjectRef`, is built with
//! its constructors (`new`, `with_version`), so it can grow too:
//!
//! ```compile_fail,E0639
//! use newtera::DeleteObjectRef;
//! let _ = DeleteObjectRef { name: String::new(), version_id: None };
//! ```
//!
//! `copy_object` takes its source as a [`CopySource`](crate::CopySource),
//! so source and destination cannot be swapped or mixed up:
//!
//! ```compile_fail,E0061
//! async fn copy(client: newtera::Newtera) -> newtera::Result<()> {
//!     client.copy_object("backup", "cat.jpg", "photos", "cat.jpg").await?;
//!     Ok(())
//! }
//! ```
//!
//! The same for `upload_part_copy`:
//!
//! ```compile_fail,E0061
//! async fn copy(client: newtera::Newtera) -> newtera::Result<()> {
//!     client.upload_part_copy("backup", "big", "upload-id", 1, "photos", "big").await?;
//!     Ok(())
//! }
//! ```
//!
//! What compiles instead (the fields stay readable):
//!
//! ```
//! async fn copy(client: newtera::Newtera) -> newtera::Result<()> {
//!     let source = newtera::CopySource::new("photos", "cat.jpg").version_id("v1");
//!     let written = client.copy_object("backup", "cat.jpg", source).await?;
//!     println!("{} {}", written.object_name, written.etag.as_str());
//!     Ok(())
//! }
//! ```
