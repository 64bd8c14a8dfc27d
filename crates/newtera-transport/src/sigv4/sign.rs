//! Signing one request: region, payload mode and the call into `newtera-sign`.

use std::borrow::Cow;

use http::Request;
use newtera_sign::{
    EMPTY_SHA256, PayloadMode, STREAMING_PAYLOAD, STREAMING_PAYLOAD_TRAILER,
    STREAMING_UNSIGNED_PAYLOAD_TRAILER, SigningParams, UNSIGNED_PAYLOAD,
};

use super::credentials::Credentials;
use super::layer::Settings;
use crate::body::SignableBody;
use crate::error::{Error, ErrorKind};
use crate::extensions::SigningRegion;

const CONTENT_SHA256: &str = "x-amz-content-sha256";

/// How the payload is covered, decided before the request is borrowed mutably.
enum Payload<'a> {
    Unsigned,
    Hash(Cow<'static, str>),
    /// In-memory bytes the signer hashes.
    Bytes(Cow<'a, [u8]>),
    Streaming(PayloadMode<'static>),
}

/// Signs `req` with `credentials` at the settings' clock time.
pub(super) fn sign<B: SignableBody>(
    req: Request<B>,
    credentials: &Credentials,
    settings: &Settings,
) -> Result<Request<B>, Error> {
    if req.uri().scheme().is_none() || req.uri().authority().is_none() {
        return Err(Error::new(ErrorKind::Signing).detail("the request URI must be absolute"));
    }
    let region = req
        .extensions()
        .get::<SigningRegion>()
        .map_or_else(|| settings.region.clone(), |r| r.0.clone());
    let params = SigningParams::builder()
        .credentials(credentials.keys().clone())
        .shared_region(region)
        .time((settings.clock)())
        .key_cache(settings.keys.clone())
        .build()
        .map_err(signing_error)?;
    // The body is set aside while the head is signed, so the signer can
    // hash its bytes itself (no hash string of ours for it to copy).
    let (head, body) = req.into_parts();
    let mut head = Request::from_parts(head, ());
    let payload = payload(&head, &body)?;
    let mode = match &payload {
        Payload::Unsigned => PayloadMode::Unsigned,
        Payload::Hash(hash) => PayloadMode::Precomputed(hash.as_ref()),
        Payload::Bytes(bytes) => PayloadMode::Bytes(bytes),
        Payload::Streaming(mode) => *mode,
    };
    newtera_sign::sign_http_request_only(&mut head, mode, &params).map_err(signing_error)?;
    drop(payload); // ends its borrow of `body`
    let (head, ()) = head.into_parts();
    Ok(Request::from_parts(head, body))
}

/// The contract with the client: an existing `x-amz-content-sha256` is signed verbatim;
/// otherwise HTTPS is `UNSIGNED-PAYLOAD` (TLS protects integrity), plain HTTP hashes
/// in-memory bodies, and anything else (files, streams) goes unsigned.
fn payload<'a, B: SignableBody>(req: &Request<()>, body: &'a B) -> Result<Payload<'a>, Error> {
    if let Some(value) = req.headers().get(CONTENT_SHA256) {
        let value = value.to_str().map_err(|_| {
            Error::new(ErrorKind::Signing).detail("x-amz-content-sha256 is not ASCII")
        })?;
        return declared(value);
    }
    if req.uri().scheme_str() == Some("https") {
        return Ok(Payload::Unsigned);
    }
    Ok(match body.payload() {
        Some(bytes) if bytes.is_empty() => Payload::Hash(Cow::Borrowed(EMPTY_SHA256)),
        Some(bytes) => Payload::Bytes(bytes),
        None => Payload::Unsigned,
    })
}

fn declared(value: &str) -> Result<Payload<'static>, Error> {
    Ok(match value {
        UNSIGNED_PAYLOAD => Payload::Unsigned,
        STREAMING_PAYLOAD => Payload::Streaming(PayloadMode::Streaming),
        STREAMING_PAYLOAD_TRAILER => Payload::Streaming(PayloadMode::StreamingTrailer),
        STREAMING_UNSIGNED_PAYLOAD_TRAILER => {
            Payload::Streaming(PayloadMode::StreamingUnsignedTrailer)
        }
        hash if hash.starts_with("STREAMING-") => {
            return Err(Error::new(ErrorKind::Signing).detail("unsupported streaming payload mode"));
        }
        // newtera-sign checks it is 64 lower-case hex digits.
        hash => Payload::Hash(Cow::Owned(hash.to_owned())),
    })
}

fn signing_error(e: newtera_sign::Error) -> Error {
    // newtera-sign errors never carry secrets or signatures.
    Error::with_source(ErrorKind::Signing, e)
}
