//! Decoding the S3 `<Error>` document, including errors hidden in 200 bodies.

use http::{HeaderMap, StatusCode};

use crate::error::S3Error;
use crate::error_code::{ErrorCode, Target};
use crate::xml::{Node, parse};

/// Builds the [`S3Error`] for a non-2xx response. Never fails: a missing,
/// empty or unparseable body falls back to a code derived from the status.
pub fn decode_error(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    target: Target,
) -> S3Error {
    let parsed = parse(body)
        .ok()
        .filter(|root| root.name == "Error")
        .map(|root| from_node(&root, status));
    let mut err = parsed
        .unwrap_or_else(|| S3Error::from_status(status, ErrorCode::from_status(status, target)));
    fill_from_headers(&mut err, headers);
    err
}

/// Detects an `<Error>` document in a 200 response (CompleteMultipartUpload,
/// CopyObject and UploadPartCopy can fail after the status line was sent).
/// Cheap: only the first element name is examined unless it is `Error`.
pub fn error_in_200_body(body: &[u8]) -> Option<S3Error> {
    if !root_is_error(body) {
        return None;
    }
    // A truncated error document is still an error: report it as an
    // internal (retryable) fault rather than as success.
    Some(match parse(body) {
        Ok(root) => from_node(&root, StatusCode::OK),
        Err(_) => S3Error::from_status(StatusCode::OK, ErrorCode::InternalError),
    })
}

/// Whether an answer's body is an S3 `<Error>` document (with or without a
/// namespace) whose code says retrying may succeed
/// ([`ErrorCode::is_retryable`]); a truncated error document counts as an
/// internal, retryable fault, as [`error_in_200_body`] reports it. This is
/// what the client's retry classifier asks for a `400` answer or a `200`
/// that may hide an error.
pub fn is_transient_error_body(body: &[u8]) -> bool {
    error_in_200_body(body).is_some_and(|e| e.code.is_retryable())
}

/// Whether the first element of `body` is named `Error`, skipping the XML
/// declaration, comments and whitespace without building anything.
fn root_is_error(body: &[u8]) -> bool {
    let mut rest = body;
    loop {
        let Some(start) = rest.iter().position(|&b| b == b'<') else {
            return false;
        };
        rest = rest.get(start + 1..).unwrap_or_default();
        match rest.first() {
            Some(b'?') | Some(b'!') => continue,
            Some(_) => {
                let end = rest
                    .iter()
                    .position(|b| matches!(b, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n'));
                let name = rest.split_at(end.unwrap_or(rest.len())).0;
                let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
                return local == b"Error";
            }
            None => return false,
        }
    }
}

fn from_node(root: &Node<'_>, status: StatusCode) -> S3Error {
    let code = root
        .text_of("Code")
        .filter(|c| !c.is_empty())
        .map(ErrorCode::parse);
    let owned = |name: &str| root.text_of(name).map(str::to_owned);
    let code = code.unwrap_or_else(|| match status.is_success() {
        // An error document inside a 200 means the server failed late.
        true => ErrorCode::InternalError,
        false => ErrorCode::from_status(status, Target::Service),
    });
    S3Error {
        status,
        message: owned("Message").unwrap_or_else(|| code.default_message().to_owned()),
        code,
        resource: owned("Resource"),
        request_id: owned("RequestId"),
        host_id: owned("HostId"),
        bucket_name: owned("BucketName"),
        key: owned("Key"),
        region: owned("Region"),
        has_document: true,
    }
}

/// Request ids also travel in headers; they are the only source for HEAD.
fn fill_from_headers(err: &mut S3Error, headers: &HeaderMap) {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    if err.request_id.is_none() {
        err.request_id = header("x-amz-request-id");
    }
    if err.host_id.is_none() {
        err.host_id = header("x-amz-id-2");
    }
    if err.region.is_none() {
        err.region = header("x-amz-bucket-region");
    }
}
