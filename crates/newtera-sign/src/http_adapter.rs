//! Adapters for the `http` crate's types (feature `http`).

use std::time::Duration;

use http::header::{HOST, HeaderName, HeaderValue};
use http::{Method, Request, Uri};

use crate::error::{Error, Result};
use crate::params::SigningParams;
use crate::presign_url::presign_url;
use crate::request::{PayloadMode, Query, SignableRequest};
use crate::sign::{SigningOutput, sign_headers};

/// Signs an `http::Request` in place: adds `host` (from the URI) when
/// missing, then sets the headers of [`sign_headers`], replacing any of the
/// same name. The URI path must be S3 URI-encoded.
///
/// Errors: those of [`sign_headers`], [`Error::MissingHost`] when neither
/// a `host` header nor a URI host exists, and [`Error::InvalidHeaderValue`]
/// for a header value that is not visible ASCII.
///
/// ```
/// use std::time::SystemTime;
/// use newtera_sign::{sign_http_request, Credentials, PayloadMode, SigningParams};
///
/// let params = SigningParams::builder()
///     .credentials(Credentials::new("AKID", "secret"))
///     .region("us-east-1")
///     .time(SystemTime::UNIX_EPOCH)
///     .build()?;
/// let mut req = http::Request::get("http://127.0.0.1:9000/bucket/key").body(())
///     .map_err(|_| newtera_sign::Error::InvalidUrl { reason: "example" })?;
/// sign_http_request(&mut req, PayloadMode::Unsigned, &params)?;
/// assert_eq!(req.headers()["host"], "127.0.0.1:9000");
/// assert!(req.headers().contains_key("authorization"));
/// # Ok::<(), newtera_sign::Error>(())
/// ```
pub fn sign_http_request<B>(
    request: &mut Request<B>,
    payload: PayloadMode<'_>,
    params: &SigningParams,
) -> Result<SigningOutput> {
    let output = signing_output(request, payload, params)?;
    for (name, value) in output.headers() {
        let value = HeaderValue::from_str(value).map_err(|_| invalid_value(name))?;
        request
            .headers_mut()
            .insert(HeaderName::from_static(name), value);
    }
    Ok(output)
}

/// Signs an `http::Request` in place like [`sign_http_request`], without
/// returning the [`SigningOutput`]: the added header values move into the
/// request instead of being copied (one allocation less per header, for
/// callers that send the request and need nothing else).
///
/// Errors: those of [`sign_http_request`].
///
/// ```
/// use std::time::SystemTime;
/// use newtera_sign::{sign_http_request_only, Credentials, PayloadMode, SigningParams};
///
/// let params = SigningParams::builder()
///     .credentials(Credentials::new("AKID", "secret"))
///     .region("us-east-1")
///     .time(SystemTime::UNIX_EPOCH)
///     .build()?;
/// let mut req = http::Request::get("http://127.0.0.1:9000/bucket/key").body(())
///     .map_err(|_| newtera_sign::Error::InvalidUrl { reason: "example" })?;
/// sign_http_request_only(&mut req, PayloadMode::Unsigned, &params)?;
/// assert!(req.headers().contains_key("authorization"));
/// # Ok::<(), newtera_sign::Error>(())
/// ```
pub fn sign_http_request_only<B>(
    request: &mut Request<B>,
    payload: PayloadMode<'_>,
    params: &SigningParams,
) -> Result<()> {
    let output = signing_output(request, payload, params)?;
    for (name, value) in output.into_headers() {
        // `HeaderValue` takes the `String`'s buffer over (no copy).
        let value = HeaderValue::try_from(value).map_err(|_| invalid_value(name))?;
        request
            .headers_mut()
            .insert(HeaderName::from_static(name), value);
    }
    Ok(())
}

/// Adds `host` when missing and signs the request's headers.
fn signing_output<B>(
    request: &mut Request<B>,
    payload: PayloadMode<'_>,
    params: &SigningParams,
) -> Result<SigningOutput> {
    ensure_host(request)?;
    let headers = borrowed_headers(request)?;
    let uri = request.uri();
    let view = SignableRequest {
        method: request.method().as_str(),
        path: uri.path(),
        query: uri.query().map_or(Query::None, Query::Raw),
        headers: &headers,
    };
    sign_headers(&view, payload, params)
}

fn invalid_value(name: &str) -> Error {
    Error::InvalidHeaderValue {
        name: name.to_owned(),
    }
}

/// Adds a `host` header from the URI authority, as an HTTP/1 client would
/// send it (without the scheme's default port).
fn ensure_host<B>(request: &mut Request<B>) -> Result<()> {
    if request.headers().contains_key(HOST) {
        return Ok(());
    }
    let uri = request.uri();
    let host = uri.host().ok_or(Error::MissingHost)?;
    let default_port = if uri.scheme_str() == Some("https") {
        443
    } else {
        80
    };
    // The authority is `host[:port]` unless it has user info or the
    // scheme's default port, which the header leaves out.
    let value = match (uri.authority(), uri.port_u16()) {
        (Some(a), Some(port)) if port != default_port && !a.as_str().contains('@') => {
            HeaderValue::from_str(a.as_str())
        }
        (_, Some(port)) if port != default_port => HeaderValue::from_str(&format!("{host}:{port}")),
        _ => HeaderValue::from_str(host),
    };
    let value = value.map_err(|_| Error::MissingHost)?;
    request.headers_mut().insert(HOST, value);
    Ok(())
}

fn borrowed_headers<B>(request: &Request<B>) -> Result<Vec<(&str, &str)>> {
    request
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = value.to_str().map_err(|_| Error::InvalidHeaderValue {
                name: name.as_str().to_owned(),
            })?;
            Ok((name.as_str(), value))
        })
        .collect()
}

/// Presigns a method and absolute `http::Uri` (see [`presign_url`]; the
/// same errors, and [`Error::InvalidUrl`] if the result is not an `http::Uri`).
pub fn presign_http_uri(
    method: &Method,
    uri: &Uri,
    expires: Duration,
    extra_query: &[(&str, &str)],
    params: &SigningParams,
) -> Result<Uri> {
    let url = presign_url(
        method.as_str(),
        &uri.to_string(),
        expires,
        extra_query,
        params,
    )?;
    url.parse().map_err(|_| Error::InvalidUrl {
        reason: "presigned URL does not parse as an http::Uri",
    })
}
