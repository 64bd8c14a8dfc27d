//! Sans-IO S3 wire layer for newtera.
//!
//! This crate sits at the bottom of the stack, beside `newtera-sign`: typed
//! operation inputs become [`RequestParts`] (method, bucket, key, query,
//! headers, body) and response parts (status, headers, body bytes) become
//! typed outputs. It performs no I/O, reads no clock and has no async
//! runtime; `newtera-transport` sends the requests and `newtera` drives the
//! operations.
//!
//! ```text
//! newtera (client) ──► newtera-transport (tower) ──► HTTP
//!      │                       │
//!      ▼                       ▼
//! newtera-proto (this crate)   newtera-sign
//! ```
//!
//! # Example
//!
//! ```
//! use http::{HeaderMap, StatusCode};
//! use newtera_proto::op::list::ListObjectsV2;
//! use newtera_proto::{Endpoint, Operation};
//!
//! let endpoint = Endpoint::new(false, "localhost", Some(9000))?;
//! let mut list = ListObjectsV2::new("photos");
//! list.prefix = Some("2024/".into());
//! list.delimiter = Some("/".into());
//! let parts = list.encode()?;
//! assert_eq!(
//!     parts.uri(&endpoint)?.to_string(),
//!     "http://localhost:9000/photos?list-type=2&delimiter=%2F&encoding-type=url&prefix=2024%2F"
//! );
//!
//! // … the transport sends the request; the response comes back as parts.
//! let body = br#"<ListBucketResult><Name>photos</Name><EncodingType>url</EncodingType>
//!   <IsTruncated>false</IsTruncated>
//!   <Contents><Key>2024/a+b.jpg</Key><Size>42</Size><ETag>"x"</ETag></Contents>
//!   <CommonPrefixes><Prefix>2024/trip%2F</Prefix></CommonPrefixes></ListBucketResult>"#;
//! let page = ListObjectsV2::decode(StatusCode::OK, &HeaderMap::new(), body)?;
//! assert_eq!(page.objects[0].key, "2024/a b.jpg");
//! assert_eq!(page.common_prefixes[0].prefix, "2024/trip/");
//! # Ok::<(), newtera_proto::Error>(())
//! ```
//!
//! # Encoding contract
//!
//! [`RequestParts`] holds the bucket, key and query **unencoded**;
//! [`RequestParts::uri`] applies S3 encoding (every byte but `A-Za-z0-9-._~`,
//! and `/` in paths; no normalisation of `//`, `./`, `../`) and the
//! endpoint's [`AddressingStyle`].
//!
//! # Errors and retries
//!
//! Every decoder turns a non-2xx status into [`Error::Service`] holding an
//! [`S3Error`] (from the `<Error>` document, or from the status alone for
//! body-less answers such as HEAD 404s). [`ErrorCode::is_throttling`],
//! [`ErrorCode::is_transient`] and [`S3Error::is_retryable`] state the
//! protocol facts a retry policy needs; [`error_in_200_body`] finds the
//! errors CompleteMultipartUpload, CopyObject and UploadPartCopy can send
//! with status 200 (their decoders already reject them).
//!
//! # Server quirks
//!
//! - s3s-fs 0.14 echoes `encoding-type=url` without encoding keys. A value
//!   no encoder writes (whitespace, a control or non-ASCII character, a
//!   stray `%`) proves it and the page is kept raw
//!   ([`KeyEncoding::UrlIgnored`](op::list::KeyEncoding::UrlIgnored)); a
//!   page with only `+` or `%XX` cannot tell, so it is decoded and marked
//!   [`KeyEncoding::UrlDecoded`](op::list::KeyEncoding::UrlDecoded) for the
//!   client to check (the `newtera` client asks the server once with a
//!   probe prefix). [`op::list::decode_listing_with`] and
//!   [`UrlDecoding::Never`](op::list::UrlDecoding::Never) read a page raw.
//! - AWS (in its documented element order) and s3s write `EncodingType`
//!   after the keys; decoding waits for the end of the document before
//!   URL-decoding.
//!
//! # Module map
//!
//! | module | owns |
//! |---|---|
//! | [`op`] | the [`Operation`] trait and one module per operation family |
//! | [`types`] | buckets, objects, parts, uploads, owners, storage classes, checksums, [`Timestamp`](types::Timestamp) |
//! | [`addressing`] | [`Endpoint`], path vs virtual-hosted style |
//! | [`request`] | [`RequestParts`] and URI building |
//! | [`encode`] | S3 percent-encoding and `encoding-type=url` decoding |
//! | [`validate`] | bucket and object name rules |
//! | [`sts`] | STS request forms and credential answers (AssumeRole, web identity, MinIO's STS) |
//! | [`error`], [`error_code`], [`error_doc`] | [`Error`], [`S3Error`], [`ErrorCode`], error documents and [`error_in_200_body`] |

// Nothing a server sends may panic this crate: no unchecked indexing or
// slicing, no unwrap/expect, no panic! outside tests.
#![warn(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

pub mod addressing;
#[cfg(doctest)]
mod api_guards;
pub mod encode;
pub mod error;
pub mod error_code;
pub mod error_doc;
pub mod op;
pub mod request;
pub mod sts;
pub mod types;
pub mod validate;

mod fuzz;
mod xml;

pub use addressing::{AddressingStyle, Endpoint};
pub use error::{Error, Result, S3Error};
pub use error_code::{ErrorCode, Target};
pub use error_doc::{decode_error, error_in_200_body, is_transient_error_body};
// Public only for the fuzzer in `newtera-faults` and the robustness
// tests (it reaches the request-body readers, which are not API); hidden
// from the docs and outside any semver promise.
#[doc(hidden)]
pub use fuzz::fuzz_decode_all;
pub use op::Operation;
pub use request::RequestParts;
