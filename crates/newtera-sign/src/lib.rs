//! Sans-IO AWS Signature Version 4 for S3 and S3-compatible storage.
//!
//! # Where it sits
//!
//! This is the bottom of the newtera stack and is usable alone. It never
//! does I/O and never reads the clock: time is an input
//! ([`SigningParamsBuilder::time`], or [`SigningTime::parse_amz_date`] to
//! replay a request). It depends on a handful of small crates (`hmac`,
//! `sha2`, `hex`, `percent-encoding`, `base64`, and behind default features
//! `http` and the checksum crates) — no async runtime, no hyper, no tower,
//! no AWS SDK: 23 crates in its normal dependency tree with default
//! features, 14 without (itself included).
//!
//! ```text
//!  newtera (client: presign, POST policy)   newtera-transport (tower SigV4 layer)
//!                   \                          /
//!                    ▼                        ▼
//!                  newtera-sign  (this crate: canonical requests, keys, signatures)
//! ```
//!
//! Like `aws-sigv4` and rustls it takes a borrowed view of a request
//! ([`SignableRequest`]) and returns signing instructions: headers to add
//! ([`sign_headers`] → [`SigningOutput`]), or a signed query
//! ([`presign`] / [`presign_with_payload`] → [`PresignedQuery`], or
//! [`presign_url`], [`presign_url_detailed`] and [`UrlPresigner`] for URL
//! strings). On top of that: aws-chunked bodies ([`ChunkSigner`],
//! [`frame_unsigned_chunk`]), browser POST forms ([`PostPolicy`] →
//! [`PostForm`], with its action URL), S3 additional checksums
//! ([`checksum`]), bucket and key rules ([`validate_bucket_name`]), a
//! signing-key cache ([`SigningKeyCache`]) and, with the `http` feature,
//! adapters for `http::Request` and `http::Uri`.
//!
//! S3 semantics throughout: paths are signed exactly as given (no
//! normalisation, no double encoding), so build them with [`encode_path`] or
//! [`object_path`]; queries are sorted and RFC 3986-encoded; header values
//! are trimmed and folded; `host` is always signed; methods must be upper
//! case. The protocol is that of the AWS S3 API Reference, "Authenticating
//! Requests (AWS Signature Version 4)", and its published examples and the
//! aws-c-auth SigV4 suite are this crate's test vectors (`tests/data/`).
//!
//! # Example
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use newtera_sign::{
//!     object_path, presign_url, sha256_hex, sign_headers, ChunkSigner, Credentials,
//!     PayloadMode, SignableRequest, SigningParams, UrlPresigner,
//! };
//!
//! // In real code the time is `SystemTime::now()`.
//! let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
//! let params = SigningParams::builder()
//!     .credentials(Credentials::new("demo1", "secret-key"))
//!     .region("us-east-1")
//!     .time(now)
//!     .build()?;
//!
//! // 1. Header signing of a PUT with a signed payload.
//! let path = object_path("photos", "2024/summer holiday.jpg")?;
//! let headers = [("host", "localhost:9000"), ("content-type", "image/jpeg")];
//! let request = SignableRequest::new("PUT", &path, &headers);
//! let out = sign_headers(&request, PayloadMode::Bytes(b"jpeg bytes"), &params)?;
//! for (name, value) in out.headers() {
//!     // Add each to the outgoing request.
//!     assert!(!value.is_empty(), "{name}");
//! }
//! assert!(out.authorization().starts_with("AWS4-HMAC-SHA256 Credential=demo1/"));
//!
//! // 2. A presigned GET URL valid for one hour.
//! let url = presign_url(
//!     "GET",
//!     "http://localhost:9000/photos/2024/summer%20holiday.jpg",
//!     Duration::from_secs(3600),
//!     &[("response-content-type", "image/jpeg")],
//!     &params,
//! )?;
//! assert!(url.contains("X-Amz-Expires=3600") && url.contains("X-Amz-Signature="));
//!
//! // 2b. A presigned PUT that accepts one body only, with its stages.
//! let body = b"exact bytes";
//! let signed = UrlPresigner::new("PUT", "http://localhost:9000/photos/a.txt", Duration::from_secs(600))
//!     .payload(PayloadMode::Bytes(body))
//!     .sign(&params)?;
//! assert!(signed.canonical_request().ends_with(&sha256_hex(body)));
//!
//! // 3. A streaming upload: the header signature (AWS calls it the "seed
//! //    signature") starts the chain of chunk signatures.
//! let headers = [
//!     ("host", "localhost:9000"),
//!     ("content-encoding", "aws-chunked"),
//!     ("x-amz-decoded-content-length", "5"),
//! ];
//! let request = SignableRequest::new("PUT", &path, &headers);
//! let seed = sign_headers(&request, PayloadMode::Streaming, &params)?;
//! let mut chunks = ChunkSigner::new(seed.signature(), &params);
//! let mut body = chunks.frame_chunk(b"hello");
//! body.extend_from_slice(chunks.final_chunk().as_bytes());
//! assert!(body.starts_with(b"5;chunk-signature="));
//!
//! // 4. The checksum S3 stores with an object, in its header form.
//! # #[cfg(feature = "checksums")] {
//! let (name, value) = newtera_sign::checksum::ChecksumAlgorithm::Crc32c.checksum(b"hello").header();
//! assert_eq!((name, value.as_str()), ("x-amz-checksum-crc32c", "mnG7TA=="));
//! # }
//! # Ok::<(), newtera_sign::Error>(())
//! ```
//!
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `http` | yes | [`sign_http_request`] and [`sign_http_request_only`] (sign an `http::Request<B>` in place) and [`presign_http_uri`] (presign an `http::Uri`), and the `http` dependency |
//! | `checksums` | yes | CRC32, CRC32C, CRC64NVME and SHA-1 in [`checksum`] (SHA-256 is always there), and `crc32fast`, `crc32c`, `crc64fast-nvme`, `sha1` |
//!
//! Without default features the crate depends only on `hmac`, `sha2`,
//! `hex`, `percent-encoding` and `base64`.
//!
//! # Defaults
//!
//! | setting | default | change with |
//! |---|---|---|
//! | signing service | `s3` | [`SigningParamsBuilder::service`] |
//! | `x-amz-content-sha256` header added and signed | yes (S3 requires it) | [`SigningParamsBuilder::content_sha256_header`] |
//! | signed headers | all but `authorization`, `connection`, `expect`, `keep-alive`, `proxy-authorization`, `te`, `transfer-encoding`, `upgrade`, `user-agent`, `x-amzn-trace-id` | [`SigningParamsBuilder::signed_headers`] ([`SignedHeaders`]) |
//! | signing-key cache | none (four HMACs per signature) | [`SigningParamsBuilder::key_cache`] (holds 8 keys) |
//! | presigned payload | `UNSIGNED-PAYLOAD` | [`presign_with_payload`], [`UrlPresigner::payload`] |
//! | presigned expiry | none: required, 1 s ..= 7 days ([`MAX_PRESIGN_EXPIRY`]) | — |
//! | bucket-name rules | [`NameRules::Relaxed`] for [`object_path`], [`NameRules::Strict`] for [`PostPolicy`] | [`PostPolicy::name_rules`] |
//! | POST policy expiration format | ISO 8601 with milliseconds, UTC | — |
//!
//! # Errors and secrets
//!
//! Every failure is an [`Error`] (`#[non_exhaustive]`); nothing panics on
//! bad input. Secrets, session tokens and signatures never appear in
//! `Debug`, `Display` or error text.

// Nothing a server sends may panic this crate: no unchecked indexing or
// slicing, no unwrap/expect, no panic! outside tests.
#![warn(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

mod canonical;
pub mod checksum;
mod chunked;
mod credentials;
mod encode;
mod error;
#[cfg(feature = "http")]
mod http_adapter;
mod key;
mod names;
mod params;
mod policy;
mod post_policy;
mod presign;
mod presign_url;
mod request;
mod sign;
mod time;
mod url;

pub use checksum::{sha256, sha256_base64};
pub use chunked::{
    ChunkSigner, ChunkedEncoding, aws_chunked_length, frame_unsigned_chunk, unsigned_chunk_header,
    unsigned_final_chunk,
};
pub use credentials::Credentials;
pub use encode::{
    canonical_query_from_pairs, canonical_query_from_raw, encode_path, encode_uri_component,
    fold_header_value, object_path,
};
pub use error::{Error, Result};
#[cfg(feature = "http")]
pub use http_adapter::{presign_http_uri, sign_http_request, sign_http_request_only};
pub use key::{SigningKey, SigningKeyCache, sha256_hex};
pub use names::{NameRules, validate_bucket_name, validate_object_key};
pub use params::{SigningParams, SigningParamsBuilder};
pub use policy::SignedHeaders;
pub use post_policy::{PostForm, PostPolicy};
pub use presign::{
    MAX_PRESIGN_EXPIRY, PresignedQuery, presign, presign_with_payload, validate_expiry,
};
pub use presign_url::{PresignedUrl, UrlPresigner, presign_url, presign_url_detailed};
pub use request::{
    EMPTY_SHA256, PayloadMode, Query, STREAMING_PAYLOAD, STREAMING_PAYLOAD_TRAILER,
    STREAMING_UNSIGNED_PAYLOAD_TRAILER, SignableRequest, UNSIGNED_PAYLOAD,
};
pub use sign::{SigningOutput, sign_headers};
pub use time::SigningTime;
