//! An async client for S3-compatible object storage: MinIO, AWS S3,
//! Garage, Ceph RGW, Cloudflare R2 and any other server that speaks the S3
//! API. Its methods are those of minio-py, the MinIO Python client
//! (`list_buckets`, `put_object`, `fget_object`, `presigned_get_object`…),
//! made into idiomatic async Rust.
//!
//! # Where it sits
//!
//! `newtera` is the top of a stack of small crates, re-exported here so one
//! dependency line is enough:
//!
//! | crate | re-exported as | what it does |
//! |---|---|---|
//! | `newtera-sign` | [`sign`] | sans-IO SigV4: signing, presigned URLs, POST policies |
//! | `newtera-proto` | [`proto`] | sans-IO wire types and XML codecs |
//! | `newtera-transport` | [`transport`] | the tower HTTP stack: pool, TLS, proxies, signing, retries |
//!
//! [`Newtera`] holds one boxed, cloneable service built from that stack;
//! clones share its connection pool.
//!
//! # Example
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//! use newtera::Newtera;
//!
//! # async fn run() -> newtera::Result<()> {
//! let client = Newtera::builder("play.min.io")
//!     .credentials("Q3AM3UQ867SPQQA43P2F", "zuf+tfteSlswRu7BJ86wekitnifILbZam1KYY3TG")
//!     .build()?;
//!
//! if !client.bucket_exists("photos").await? {
//!     client.make_bucket("photos").await?;
//! }
//! client.put_object("photos", "hello.txt", "hello, world").content_type("text/plain").await?;
//! let mut objects = client.list_objects("photos").recursive(true).into_stream();
//! while let Some(object) = objects.try_next().await? {
//!     println!("{} ({} bytes)", object.object_name, object.size);
//! }
//! let text = client.get_object("photos", "hello.txt").await?.bytes().await?;
//! let url = client.presigned_get_object("photos", "hello.txt").await?;
//! # Ok(()) }
//! ```
//!
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `blocking` | yes | [`blocking::Newtera`], the same methods and options without an async runtime, on a runtime of its own (see [`blocking`]) |
//!
//! # S3 operations
//!
//! Every S3 operation newtera sends, and the methods that send it (the
//! [`blocking`] client has the same methods):
//!
//! | S3 operation | methods |
//! |---|---|
//! | ListBuckets | [`list_buckets`](Newtera::list_buckets) |
//! | CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation | [`make_bucket`](Newtera::make_bucket) (location, Object Lock), [`bucket_exists`](Newtera::bucket_exists), [`remove_bucket`](Newtera::remove_bucket), [`remove_bucket_force`](Newtera::remove_bucket_force) (every version first), [`get_bucket_location`](Newtera::get_bucket_location) |
//! | ListObjectsV2, ListObjects (V1) | [`list_objects`](Newtera::list_objects) |
//! | GetObject | [`get_object`](Newtera::get_object), [`get_object_bytes`](Newtera::get_object_bytes), [`fget_object`](Newtera::fget_object) (parallel ranges) |
//! | HeadObject | [`stat_object`](Newtera::stat_object) |
//! | GetObjectAttributes | [`get_object_attributes`](Newtera::get_object_attributes) |
//! | PutObject | [`put_object`](Newtera::put_object), [`fput_object`](Newtera::fput_object) (up to 5 MiB) |
//! | CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload | [`put_object`](Newtera::put_object), [`fput_object`](Newtera::fput_object) (above 5 MiB); by hand: [`create_multipart_upload`](Newtera::create_multipart_upload), [`upload_part`](Newtera::upload_part), [`complete_multipart_upload`](Newtera::complete_multipart_upload), [`abort_multipart_upload`](Newtera::abort_multipart_upload) |
//! | ListParts | [`list_parts`](Newtera::list_parts) |
//! | ListMultipartUploads | [`list_incomplete_uploads`](Newtera::list_incomplete_uploads), [`remove_incomplete_upload`](Newtera::remove_incomplete_upload) |
//! | CopyObject, UploadPartCopy | [`copy_object`](Newtera::copy_object) (parts above 5 GiB), [`compose_object`](Newtera::compose_object), [`upload_part_copy`](Newtera::upload_part_copy) |
//! | DeleteObject, DeleteObjects | [`remove_object`](Newtera::remove_object), [`remove_objects`](Newtera::remove_objects) (versions, bypassing GOVERNANCE retention) |
//! | ListObjectVersions | [`list_object_versions`](Newtera::list_object_versions), [`remove_bucket_force`](Newtera::remove_bucket_force) |
//! | GetBucketVersioning, PutBucketVersioning | [`get_bucket_versioning`](Newtera::get_bucket_versioning), [`set_bucket_versioning`](Newtera::set_bucket_versioning) |
//! | Get/Put/DeleteObjectTagging | [`get_object_tags`](Newtera::get_object_tags), [`set_object_tags`](Newtera::set_object_tags), [`delete_object_tags`](Newtera::delete_object_tags) |
//! | Get/Put/DeleteBucketTagging | [`get_bucket_tags`](Newtera::get_bucket_tags), [`set_bucket_tags`](Newtera::set_bucket_tags), [`delete_bucket_tags`](Newtera::delete_bucket_tags) |
//! | Get/PutObjectLockConfiguration | [`get_object_lock_config`](Newtera::get_object_lock_config), [`set_object_lock_config`](Newtera::set_object_lock_config), [`delete_object_lock_config`](Newtera::delete_object_lock_config) |
//! | Get/PutObjectRetention | [`get_object_retention`](Newtera::get_object_retention), [`set_object_retention`](Newtera::set_object_retention) |
//! | Get/PutObjectLegalHold | [`is_object_legal_hold_enabled`](Newtera::is_object_legal_hold_enabled), [`enable_object_legal_hold`](Newtera::enable_object_legal_hold), [`disable_object_legal_hold`](Newtera::disable_object_legal_hold) |
//! | presigned GET / PUT / any request, POST policy | [`presigned_get_object`](Newtera::presigned_get_object), [`presigned_put_object`](Newtera::presigned_put_object), [`presigned_url`](Newtera::presigned_url), [`presigned_post_policy`](Newtera::presigned_post_policy) |
//! | Get/Put/DeleteBucketPolicy | [`get_bucket_policy`](Newtera::get_bucket_policy), [`set_bucket_policy`](Newtera::set_bucket_policy), [`delete_bucket_policy`](Newtera::delete_bucket_policy) |
//! | Get/Put/DeleteBucketCors, …Lifecycle, …Encryption, …Website, Get/Put/DeletePublicAccessBlock | `get_bucket_*`, `set_bucket_*`, `delete_bucket_*` ([`get_bucket_cors`](Newtera::get_bucket_cors) …) |
//! | Get/PutBucketNotificationConfiguration, MinIO's ListenBucketNotification | [`get_bucket_notification`](Newtera::get_bucket_notification), [`set_bucket_notification`](Newtera::set_bucket_notification), [`delete_bucket_notification`](Newtera::delete_bucket_notification), [`listen_bucket_notification`](Newtera::listen_bucket_notification) |
//! | Get/Put/DeleteBucketReplication | [`get_bucket_replication`](Newtera::get_bucket_replication), [`set_bucket_replication`](Newtera::set_bucket_replication), [`delete_bucket_replication`](Newtera::delete_bucket_replication) |
//!
//! Options the object requests share, as builder methods:
//!
//! | option | headers (S3 API reference) | on |
//! |---|---|---|
//! | server-side encryption: [`Sse::S3`], [`Sse::Kms`] (key id, context, Bucket Key), [`Sse::Customer`] (SSE-C) | `x-amz-server-side-encryption*`; the SSE-C key goes with every request that touches the data: each UploadPart, UploadPartCopy, the completion, every download range | writes (`.sse`), reads (`.sse`), copies (`.sse`, `.source_sse`), presigned URLs |
//! | conditions | `If-Match`, `If-None-Match`, `If-Modified-Since`, `If-Unmodified-Since`; `x-amz-copy-source-if-*` | reads; `.if_match` / `.create_only` on writes (PUT or CompleteMultipartUpload); `.source_if_*` on copies. A failed condition: [`Error::is_precondition_failed`] (412) or [`Error::is_not_modified`] (304) |
//! | storage class, tags ([`Tags`] for the tag calls) | `x-amz-storage-class`, `x-amz-tagging`, `x-amz-tagging-directive` | writes, copies, compose |
//! | response overrides | the six `response-*` query parameters ([`ResponseOverrides`]) | `get_object`, presigned URLs |
//! | extra headers and query parameters | `.header(name, value)`, `.query_param(name, value)` | every object operation builder |
//!
//! # Credentials
//!
//! [`NewteraBuilder::credentials`] takes keys; [`NewteraBuilder::anonymous`]
//! sends unsigned requests; [`NewteraBuilder::credentials_provider`] takes any
//! provider of [`transport::sigv4::credentials`]. With none of them the client
//! uses the **default chain**, cached (one refresh 5 minutes before expiry,
//! shared by concurrent requests), so a program with no keys in its code works
//! on a laptop with `~/.aws`, in ECS, EKS and EC2:
//!
//! | order | source | provider |
//! |---|---|---|
//! | 1 | `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, then `MINIO_ACCESS_KEY` / `MINIO_SECRET_KEY` | [`EnvCredentials`](transport::sigv4::credentials::EnvCredentials) |
//! | 2 | `AWS_PROFILE` (default `default`) in `~/.aws/config` and `~/.aws/credentials`: keys, `credential_process`, `role_arn` with `source_profile` or `credential_source`, `web_identity_token_file` | [`ProfileCredentials`](transport::sigv4::credentials::ProfileCredentials) |
//! | 3 | `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (STS `AssumeRoleWithWebIdentity`) | [`WebIdentityProvider`](transport::sigv4::credentials::WebIdentityProvider) |
//! | 4 | `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `_FULL_URI` (ECS, EKS Pod Identity) | [`ContainerCredentials`](transport::sigv4::credentials::ContainerCredentials) |
//! | 5 | EC2 instance metadata, IMDSv2 (off with `AWS_EC2_METADATA_DISABLED=true`) | [`ImdsCredentials`](transport::sigv4::credentials::ImdsCredentials) |
//!
//! The first source present wins; a source present but broken (a profile
//! naming a missing `source_profile`) stops the chain with its error; no
//! source at all fails each request with an [`Error::Credentials`] listing
//! the steps tried. Each step's outcome is logged by `tracing` at debug level.
//! Other providers to pass explicitly: [`AssumeRoleProvider`](transport::sigv4::credentials::AssumeRoleProvider),
//! [`MinioStsProvider`](transport::sigv4::credentials::MinioStsProvider)
//! (LDAP, client grants, custom token, client certificate),
//! [`McConfigCredentials`](transport::sigv4::credentials::McConfigCredentials),
//! [`ProcessCredentials`](transport::sigv4::credentials::ProcessCredentials),
//! and [`ChainProvider`](transport::sigv4::credentials::ChainProvider) to
//! build your own order. No provider prints a secret, token or password in
//! `Debug`, errors or logs.
//!
//! # Defaults
//!
//! Every setting of [`NewteraBuilder`] and what it is when you do not set it.
//! Every timeout takes a [`Duration`](std::time::Duration) to set it or
//! `None` to turn it off (`.read_timeout(None)`), like reqwest's
//! `pool_idle_timeout`:
//!
//! | setting | default | meaning |
//! |---|---|---|
//! | [`secure`](NewteraBuilder::secure) | `true` | HTTPS for an endpoint without a scheme (a URL's `http://` / `https://` wins) |
//! | [`credentials`](NewteraBuilder::credentials) | the default chain | environment, profile, web identity, container, EC2 metadata (see Credentials above); [`anonymous`](NewteraBuilder::anonymous) for unsigned requests |
//! | [`region`](NewteraBuilder::region) | discovered | GetBucketLocation once per bucket, cached; `us-east-1` before anything is known |
//! | addressing | path style, virtual-hosted for AWS endpoints | [`path_style`](NewteraBuilder::path_style), [`virtual_hosted_style`](NewteraBuilder::virtual_hosted_style) |
//! | [`connect_timeout`](NewteraBuilder::connect_timeout) | 10 s | opening a connection: TCP, proxy and TLS |
//! | [`read_timeout`](NewteraBuilder::read_timeout) | 60 s | the longest silence from the server once the request is sent: before the response head and between body chunks (uploads and time between your reads do not count) |
//! | [`attempt_timeout`](NewteraBuilder::attempt_timeout) | 60 s | one attempt, until the response head (a timed-out attempt is retried) |
//! | [`operation_timeout`](NewteraBuilder::operation_timeout) | none | a whole request, retries and backoff included, until the response head |
//! | [`retry`](NewteraBuilder::retry) | 3 attempts | full-jitter backoff from 100 ms doubling to 20 s, `Retry-After` honoured up to 20 s, a budget of 20 % extra requests (plus 10 per second) |
//! | [`pool_max_idle_per_host`](NewteraBuilder::pool_max_idle_per_host) | 256 | idle connections kept per host (90 s each) |
//! | [`proxy`](NewteraBuilder::proxy) | from the environment | `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY` |
//! | TLS roots | webpki and the system's | plus [`add_root_certificate_pem`](NewteraBuilder::add_root_certificate_pem); verification off only with [`danger_accept_invalid_certs`](NewteraBuilder::danger_accept_invalid_certs) |
//! | [`part_size`](NewteraBuilder::part_size) | 8 MiB | multipart part size (at least 5 MiB; grown so an object fits in 10,000 parts); uploads over 5 MiB are multipart |
//! | [`parallel_uploads`](NewteraBuilder::parallel_uploads) | 4 | parts in flight per upload (memory: parts × part size) |
//! | [`parallel_downloads`](NewteraBuilder::parallel_downloads) | 4 | 16 MiB ranged GETs in flight per `fget_object` / `bytes()` download |
//! | checksums | on | CRC32C on uploads (and a signed SHA-256 over plain HTTP, see [`config`]); CRC32C/CRC32 verified on downloads when the server sends one |
//! | XML answers | up to 32 MiB | larger answers fail as malformed instead of filling memory |
//!
//! With [`http_client`](NewteraBuilder::http_client) the connect, read,
//! pool, proxy and TLS settings belong to your service; signing, retries
//! and the attempt and operation timeouts still wrap it. Setting one of
//! the built-in client's options as well (`connect_timeout`,
//! `read_timeout`, `proxy`, `add_root_certificate_pem`,
//! `danger_accept_invalid_certs`, `pool_max_idle_per_host`) is an error
//! from [`build`](NewteraBuilder::build) naming the option
//! ([`HttpClientOption`]), not a setting silently dropped.
//!
//! # Retries and idempotency
//!
//! Failed attempts are retried with backoff when the server says the
//! failure is transient (429, 500, 502, 503, 504, or a `SlowDown`,
//! `RequestTimeout`, `InternalError`… error document) and when the request
//! got no answer (a reset, a timed-out attempt, a body that broke off).
//! Only a replayable body is sent again (bytes and files are; a stream is
//! not).
//!
//! A request that got no answer may still have reached the server, so it is
//! retried only when repeating it is harmless: `GET`, `HEAD`, `PUT` and
//! `DELETE`, DeleteObjects, and CompleteMultipartUpload (a second
//! completion creates nothing new). CreateMultipartUpload is retried only
//! when it provably never left the client (no connection could be
//! opened): a repeat after a lost answer would leave the first upload on
//! the server with an id nobody knows. When that happens the error is
//! returned, and [`Newtera::remove_incomplete_upload`] removes any such
//! upload of the key. Which `POST`s are safe is a protocol fact kept in
//! `newtera-proto` ([`proto::RequestParts::idempotent`]); the retry layer
//! reads it through [`transport::Idempotent`].
//!
//! # Cancel safety
//!
//! Every operation is a future that does nothing until polled, and may be
//! dropped at any point (a timeout, `select!`, Ctrl-C):
//! - a dropped download leaves no file: `fget_object` writes a part file
//!   beside the target and removes it when dropped; the target is only ever
//!   replaced by a complete, verified download;
//! - a dropped multipart upload or multipart copy is aborted in the
//!   background (AbortMultipartUpload) while a Tokio runtime runs, also
//!   when it is dropped while CreateMultipartUpload is in flight or just
//!   answered, or while the abort of a failed upload is on its way (the
//!   abort is sent again); a [resumable](PutObject::resumable) upload with
//!   parts stored is kept instead, to be resumed;
//!   [`Newtera::wait_for_cleanup`] waits for those aborts, so a program
//!   that cancels uploads should await it before `main` returns;
//! - a dropped single-request operation may or may not have reached the
//!   server (as with any HTTP client); a dropped listing or
//!   `remove_objects` stream stops after the batch in flight.
//!
//! # Resumable uploads
//!
//! minio-py's reference promises that a failed multipart upload keeps its
//! parts, so that only the failed parts are sent again, and offers
//! `remove_incomplete_upload` for the rest. Kept parts are billed storage
//! that no listing of objects shows, so keeping them for a caller who never
//! resumes would be a silent cost; newtera therefore **aborts** a failed,
//! dropped or cancelled upload by default, and keeps it only when asked:
//!
//! ```no_run
//! # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
//! // Finds an unfinished upload of the key, verifies each stored part
//! // against the file (MD5 ETag, CRC32C where listed), sends the rest.
//! match client.fput_object("backups", "disk.img", "disk.img").resumable(true).await {
//!     Ok(done) => println!("{}", done.etag),
//!     // Kept on the server: what is stored, the UploadId, how to go on.
//!     Err(newtera::Error::UploadKept(kept)) => eprintln!("{kept}"),
//!     Err(e) => return Err(e),
//! }
//! # Ok(()) }
//! ```
//!
//! A resumed upload uses the part size of the kept one, never reuses an
//! upload whose parts do not fit the data (it is aborted), sends again any
//! part whose bytes differ from the local ones, and checks the completed
//! object's ETag against the one the local data makes. Where the server
//! cannot list uploads (s3s-fs), resume with
//! [`resume_from`](PutObject::resume_from) (the error's kept upload) or
//! [`resume_upload_id`](PutObject::resume_upload_id).
//!
//! # Progress
//!
//! `put_object`, `fput_object`, `get_object`, `get_object_bytes`,
//! `fget_object` and `copy_object` take `.progress(|p: Progress| ..)`: bytes
//! done and the total. A callback rather than a channel: it costs nothing
//! when unset and one call per part or chunk when set, and a caller can
//! forward it into a `tokio::sync::watch` channel or a progress bar; see
//! [`progress`] for what is counted when (a retried part counts once).
//!
//! # Custom HTTP stack
//!
//! Two seams, as in `reqwest` and `tower`: [`NewteraBuilder::http_client`]
//! replaces the HTTP client at the bottom of the stack (any tower service
//! taking `http::Request<Body>`: a proxy of your own, a test double, the
//! built-in `HttpService` wrapped in your middleware), and
//! [`NewteraBuilder::layer`] wraps the whole stack in your tower layers
//! (concurrency and rate limits, metrics, your own retries), outermost
//! first. Signing, the client's retries and its timeouts sit between the
//! two. `examples/custom_http_client.rs` and `examples/layers.rs` show both;
//! the `newtera-transport` crate has the same layers to compose by hand.
//!
//! Those layers also work over an HTTP client that is not newtera's:
//! `transport::sigv4::SigV4` signs any request whose body is a
//! `transport::SignableBody` and `transport::retry::Retry` replays any
//! `transport::ReplayableBody` (newtera's `Body`, `Bytes`, `String`,
//! `Vec<u8>`, `http_body_util::Full<Bytes>` and `Empty<Bytes>`; implement
//! them for your own body type: hand over the payload when it is in memory,
//! a fresh copy for another attempt). The retry layer reads error bodies to
//! classify them, so the service under it answers
//! `http::Response<transport::ResponseBody>`: wrap another client's body
//! with `ResponseBody::new` (tower's `map_response`). Another client's
//! error counts as a connection failure worth a retry when its source chain
//! holds an `std::io::Error` of a connection kind (refused, reset, aborted,
//! broken pipe, unexpected end, timed out), as hyper-util's connect errors
//! do. `newtera-transport`'s test `tests/it/foreign.rs` puts both layers
//! over hyper-util's client with `Full<Bytes>` bodies.
//!
//! # Errors
//!
//! Every operation returns [`Result`]. Invalid arguments are reported before
//! any request; server answers carry the S3 error document
//! ([`ResponseError`]); transport, timeout, I/O and malformed responses are
//! told apart ([`Error`]). A failure to reach the server names it
//! (`cannot reach https://host:port: connection failed`, the cause in the
//! source chain), and [`Error::hint`] says what to check for the failures
//! most often misread (a plain-HTTP server behind an `https://` endpoint,
//! wrong keys, a skewed clock, an untrusted certificate).

// Nothing a server sends may panic this crate: no unchecked indexing or
// slicing, no unwrap/expect, no panic! outside tests.
#![warn(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

// Inlined, so the crate map above links to these modules' pages even when
// the docs are built without the dependencies' own pages.
#[doc(inline)]
pub use newtera_proto as proto;
#[doc(inline)]
pub use newtera_sign as sign;
#[doc(inline)]
pub use newtera_transport as transport;

#[cfg(doctest)]
mod api_guards;
#[cfg(feature = "blocking")]
pub mod blocking;
mod builder;
mod classify;
mod client;
pub mod config;
mod convert;
mod credentials;
mod dispatch;
mod download;
mod error;
mod future;
mod hint;
mod ops;
mod paginate;
pub mod policy;
pub mod progress;
mod region;
mod stack;
#[cfg(test)]
mod test_support;
mod types;
mod upload;

pub use builder::{HttpClientOption, NewteraBuilder};
pub use client::Newtera;
pub use download::{FGetObject, GetObjectBytes};
pub use error::{BoxError, Error, ResponseError, Result, UploadKept};
pub use future::{OpFuture, OpStream};
pub use newtera_proto::op::attributes::{AttributesPart, ObjectAttributes};
pub use newtera_proto::op::config::DefaultRetention;
pub use newtera_proto::op::config::{
    CorsConfiguration, CorsRule, EncryptionConfiguration, EncryptionRule, Expiration,
    LifecycleConfiguration, LifecycleFilter, LifecycleRule, NoncurrentVersionExpiration,
    NotificationConfiguration, NotificationTarget, ObjectLockConfiguration,
    PublicAccessBlockConfiguration, ReplicationConfiguration, ReplicationRule, RetentionMode,
    RetentionPeriod, Transition, VersioningConfiguration, VersioningStatus, WebsiteConfiguration,
    WebsiteRedirect,
};
pub use newtera_proto::op::copy::CopySource;
pub use newtera_proto::op::object::{ResponseOverrides, Sse};
pub use newtera_proto::types::{CompletedPart, Part, StorageClass, TagTarget, Tags};
pub use ops::attributes::GetObjectAttributes;
pub use ops::bucket::MakeBucket;
pub use ops::compose::{ComposeObject, ComposeSource};
pub use ops::copy::CopyObject;
pub use ops::empty::RemoveBucketForce;
pub use ops::get::{GetObject, GetObjectResponse, ObjectBody};
pub use ops::list::ListObjects;
pub use ops::lock::SetObjectRetention;
pub use ops::multipart::{
    CompleteMultipartUpload, CreateMultipartUpload, ListParts, UploadPart, UploadPartCopy,
};
pub use ops::notify::{ListenBucketNotification, NotificationRecord};
pub use ops::presign::{DEFAULT_EXPIRY, PostPolicy, Presign};
pub use ops::remove::{DeleteObjectRef, RemoveObject, RemoveObjects};
pub use ops::stat::StatObject;
pub use ops::subresource::ObjectRequest;
pub use ops::uploads::ListIncompleteUploads;
pub use ops::versions::ListObjectVersions;
pub use progress::Progress;
pub use types::{
    Bucket, DeleteError, ETag, IncompleteUpload, Object, ObjectRetention, ObjectStat,
    ObjectVersion, ObjectWriteResult, PresignedPost, RemovedObject, StoredPart,
};
pub use upload::{ObjectData, PutObject};

/// The README's quickstart, compiled as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeQuickstart;
