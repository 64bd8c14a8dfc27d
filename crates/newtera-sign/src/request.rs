//! The borrowed view of a request that signing reads, and payload modes.

use crate::encode::{encoded_pairs, encoded_pairs_from_raw};
use crate::error::{Error, Result};
use crate::key::sha256_hex;

/// SHA-256 of the empty string, the payload hash of a body-less request.
pub const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// `x-amz-content-sha256` value of an unsigned payload.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// `x-amz-content-sha256` value of a signed aws-chunked body.
pub const STREAMING_PAYLOAD: &str = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
/// `x-amz-content-sha256` value of a signed aws-chunked body with trailers.
pub const STREAMING_PAYLOAD_TRAILER: &str = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
/// `x-amz-content-sha256` value of an unsigned aws-chunked body with trailers.
pub const STREAMING_UNSIGNED_PAYLOAD_TRAILER: &str = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

/// The query of a request: unencoded pairs, or a raw query string.
#[derive(Debug, Clone, Copy)]
pub enum Query<'a> {
    /// No query.
    None,
    /// Unencoded name/value pairs; they are encoded while signing.
    Pairs(&'a [(&'a str, &'a str)]),
    /// The raw query string after `?` (encoded or not; it is normalised).
    Raw(&'a str),
}

impl Query<'_> {
    /// The encoded (not yet sorted) pairs of this query.
    pub(crate) fn encoded_pairs(&self) -> Vec<(String, String)> {
        match self {
            Query::None => Vec::new(),
            Query::Pairs(pairs) => encoded_pairs(pairs),
            Query::Raw(raw) => encoded_pairs_from_raw(raw),
        }
    }
}

/// A borrowed view of the parts of an HTTP request that SigV4 covers.
///
/// `path` must already be URI-encoded per S3 rules: build it with
/// [`encode_path`](crate::encode_path) or [`object_path`](crate::object_path).
/// `headers` must include `host`.
#[derive(Debug, Clone, Copy)]
pub struct SignableRequest<'a> {
    /// The HTTP method, e.g. `GET`.
    pub method: &'a str,
    /// The encoded path, e.g. `/bucket/my%20key`.
    pub path: &'a str,
    /// The query.
    pub query: Query<'a>,
    /// Header names and values; names in any case, duplicates allowed.
    pub headers: &'a [(&'a str, &'a str)],
}

impl<'a> SignableRequest<'a> {
    /// A request with the given method, encoded path and headers, no query.
    pub fn new(method: &'a str, path: &'a str, headers: &'a [(&'a str, &'a str)]) -> Self {
        Self {
            method,
            path,
            query: Query::None,
            headers,
        }
    }

    /// Sets the query.
    #[must_use]
    pub fn with_query(mut self, query: Query<'a>) -> Self {
        self.query = query;
        self
    }
}

/// How the body is covered by the signature (`x-amz-content-sha256`).
///
/// For the three streaming (aws-chunked) modes the request headers must
/// also carry `content-encoding: aws-chunked`,
/// `x-amz-decoded-content-length` (the payload size) and either
/// `content-length` (see [`aws_chunked_length`](crate::aws_chunked_length))
/// or `transfer-encoding: chunked`; with trailers, `x-amz-trailer` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadMode<'a> {
    /// Hash these bytes (the whole body) and sign the hash.
    Bytes(&'a [u8]),
    /// A SHA-256 computed elsewhere: 64 lower-case hex digits.
    Precomputed(&'a str),
    /// `UNSIGNED-PAYLOAD`: the body is not covered.
    Unsigned,
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: aws-chunked with chunk
    /// signatures (see [`ChunkSigner`](crate::ChunkSigner)).
    Streaming,
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`: signed chunks and a
    /// signed trailer.
    StreamingTrailer,
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: plain aws-chunked with a trailer.
    StreamingUnsignedTrailer,
}

impl PayloadMode<'_> {
    /// The value of `x-amz-content-sha256` and the last canonical line.
    pub fn content_sha256(&self) -> Result<String> {
        Ok(match self {
            PayloadMode::Bytes(body) => sha256_hex(body),
            PayloadMode::Precomputed(hash) => {
                let ok = hash.len() == 64
                    && hash
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
                if !ok {
                    return Err(Error::InvalidPayloadHash);
                }
                (*hash).to_owned()
            }
            PayloadMode::Unsigned => UNSIGNED_PAYLOAD.to_owned(),
            PayloadMode::Streaming => STREAMING_PAYLOAD.to_owned(),
            PayloadMode::StreamingTrailer => STREAMING_PAYLOAD_TRAILER.to_owned(),
            PayloadMode::StreamingUnsignedTrailer => STREAMING_UNSIGNED_PAYLOAD_TRAILER.to_owned(),
        })
    }
}
