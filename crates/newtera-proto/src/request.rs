//! Request parts: what an operation's input turns into.

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use http::uri::Authority;
use http::{HeaderMap, Method, Uri};

use crate::addressing::Endpoint;
use crate::encode::{encode_query, path_pieces, query_pieces};
use crate::error::Error;

/// An HTTP request without transport: method, target, query, headers, body.
///
/// `bucket`, `key` and `query` hold **unencoded** values; [`RequestParts::uri`]
/// applies S3 encoding and the endpoint's addressing style in one place, so
/// the signer and the transport see exactly the same bytes.
#[derive(Debug, Clone)]
pub struct RequestParts {
    /// The HTTP method.
    pub method: Method,
    /// The bucket, if the operation addresses one.
    pub bucket: Option<String>,
    /// The object key, if the operation addresses one.
    pub key: Option<String>,
    /// Query parameters in order, unencoded; an empty value is written as a
    /// bare key (`?uploads`).
    pub query: Vec<(String, String)>,
    /// Request headers (no `Host`, no signature headers).
    pub headers: HeaderMap,
    /// The request body (empty for most operations).
    pub body: Bytes,
    /// Whether sending the request twice has the effect of sending it once,
    /// so it may be retried after a failure that leaves unknown whether the
    /// server received it. True for `GET`, `HEAD`, `PUT` and `DELETE`, and
    /// for the `POST`s S3 makes safe to repeat (DeleteObjects,
    /// CompleteMultipartUpload); false for CreateMultipartUpload, whose
    /// repetition leaves an upload nobody knows the id of.
    pub idempotent: bool,
}

impl RequestParts {
    /// Parts with no query, headers or body.
    pub fn new(method: Method, bucket: Option<&str>, key: Option<&str>) -> Self {
        Self {
            idempotent: method != Method::POST,
            method,
            bucket: bucket.map(str::to_owned),
            key: key.map(str::to_owned),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Bytes::new(),
        }
    }

    /// Appends a query parameter.
    pub fn push_query(&mut self, name: &str, value: impl Into<String>) {
        self.query.push((name.to_owned(), value.into()));
    }

    /// Appends a query parameter when `value` is present.
    pub(crate) fn push_query_opt(&mut self, name: &str, value: Option<impl ToString>) {
        if let Some(v) = value {
            self.push_query(name, v.to_string());
        }
    }

    /// Adds `versionId` when a version is named, refusing an empty one
    /// ([`crate::validate::validate_version_id`]).
    pub(crate) fn push_version_id(&mut self, version_id: Option<&str>) -> Result<(), Error> {
        if let Some(v) = version_id {
            crate::validate::validate_version_id(v)?;
            self.push_query("versionId", v);
        }
        Ok(())
    }

    /// Sets a header, rejecting values HTTP cannot carry.
    pub fn set_header(&mut self, name: &str, value: &str) -> Result<(), Error> {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::InvalidArgument(format!("invalid header name `{name}`")))?;
        // `HeaderValue` takes bytes above 0x7F, which SigV4 cannot sign:
        // refuse them here, before any request.
        // The value itself is not shown: it may be a secret (an SSE-C key).
        if let Some(c) = value.chars().find(|c| !is_header_text(*c)) {
            return Err(Error::InvalidArgument(format!(
                "header `{name}`: the value must be visible ASCII, and holds U+{:04X}",
                u32::from(c)
            )));
        }
        let mut value = HeaderValue::from_str(value)
            .map_err(|_| Error::InvalidArgument(format!("invalid value for header `{name}`")))?;
        // SSE-C keys must never reach logs through `Debug`; http prints
        // sensitive values as `Sensitive`.
        if name.as_str().contains("customer-key") {
            value.set_sensitive(true);
        }
        self.headers.insert(name, value);
        Ok(())
    }

    /// Sets a header when `value` is present.
    pub(crate) fn set_header_opt(&mut self, name: &str, value: Option<&str>) -> Result<(), Error> {
        value.map_or(Ok(()), |v| self.set_header(name, v))
    }

    /// The encoded query string without `?` (empty when there is none).
    pub fn encoded_query(&self) -> String {
        let mut out = String::new();
        for (i, (k, v)) in self.query.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(&encode_query(k));
            if !v.is_empty() {
                out.push('=');
                out.push_str(&encode_query(v));
            }
        }
        out
    }

    /// The authority and encoded path-and-query for `endpoint`.
    pub fn authority_and_path(&self, endpoint: &Endpoint) -> (String, String) {
        let virtual_host = self
            .bucket
            .as_deref()
            .is_some_and(|b| endpoint.uses_virtual_host(b));
        (
            exact_string(|emit| self.emit_authority(endpoint, virtual_host, emit)),
            exact_string(|emit| self.emit_path_and_query(virtual_host, emit)),
        )
    }

    /// Writes the authority piece by piece: the endpoint's, under the
    /// bucket's subdomain for virtual-hosted style.
    fn emit_authority(&self, endpoint: &Endpoint, virtual_host: bool, emit: &mut dyn FnMut(&str)) {
        if let (Some(b), true) = (&self.bucket, virtual_host) {
            emit(b);
            emit(".");
        }
        emit(endpoint.authority_str());
    }

    /// Writes the encoded path and query piece by piece:
    /// `/bucket/key?query` (path style), `/key?query` (virtual-hosted
    /// style), `/` for the service root and for a bucket without a key in
    /// virtual-hosted style.
    fn emit_path_and_query(&self, virtual_host: bool, emit: &mut dyn FnMut(&str)) {
        let mut empty = true;
        if let Some(bucket) = &self.bucket {
            if !virtual_host {
                emit("/");
                path_pieces(bucket).for_each(&mut *emit);
                empty = false;
            }
            if let Some(key) = &self.key {
                emit("/");
                path_pieces(key).for_each(&mut *emit);
                empty = false;
            }
        }
        if empty {
            emit("/");
        }
        for (i, (k, v)) in self.query.iter().enumerate() {
            emit(if i == 0 { "?" } else { "&" });
            query_pieces(k).for_each(&mut *emit);
            if !v.is_empty() {
                emit("=");
                query_pieces(v).for_each(&mut *emit);
            }
        }
    }

    /// The full request URI for `endpoint`, S3-encoded.
    pub fn uri(&self, endpoint: &Endpoint) -> Result<Uri, Error> {
        // Each string is allocated once at its exact length, so the URI
        // takes it over without copying it or allocating again.
        let virtual_host = self
            .bucket
            .as_deref()
            .is_some_and(|b| endpoint.uses_virtual_host(b));
        let path = exact_string(|emit| self.emit_path_and_query(virtual_host, emit));
        let authority = if virtual_host {
            Authority::try_from(exact_string(|emit| {
                self.emit_authority(endpoint, virtual_host, emit)
            }))
            .map_err(|e| Error::InvalidArgument(format!("cannot build URI: {e}")))?
        } else {
            endpoint.shared_authority()
        };
        Uri::builder()
            .scheme(endpoint.scheme())
            .authority(authority)
            .path_and_query(path)
            .build()
            .map_err(|e| Error::InvalidArgument(format!("cannot build URI: {e}")))
    }
}

/// The string `write` emits, allocated once at its exact length (one pass
/// to measure, one to write).
fn exact_string(write: impl Fn(&mut dyn FnMut(&str))) -> String {
    let mut len = 0;
    write(&mut |piece| len += piece.len());
    let mut out = String::with_capacity(len);
    write(&mut |piece| out.push_str(piece));
    out
}

/// A character SigV4 can sign in a header value: visible ASCII, space, tab.
pub(crate) fn is_header_text(c: char) -> bool {
    c == ' ' || c == '\t' || c.is_ascii_graphic()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_encodes_key_and_query() {
        let ep = Endpoint::new(false, "127.0.0.1", Some(9000)).unwrap();
        let mut parts = RequestParts::new(Method::GET, Some("b"), Some("dir/a+b c"));
        parts.push_query("uploads", "");
        parts.push_query("prefix", "x/y z");
        let uri = parts.uri(&ep).unwrap();
        assert_eq!(
            uri.to_string(),
            "http://127.0.0.1:9000/b/dir/a%2Bb%20c?uploads&prefix=x%2Fy%20z"
        );
    }

    #[test]
    fn uri_forms_for_each_style_and_host() {
        let aws = Endpoint::new(true, "s3.us-east-1.amazonaws.com", None).unwrap();
        let v6 = Endpoint::parse("http://[::1]:9000", false).unwrap();
        let cases = [
            (&aws, None, None, "https://s3.us-east-1.amazonaws.com/"),
            (
                &aws,
                Some("bkt"),
                None,
                "https://bkt.s3.us-east-1.amazonaws.com/",
            ),
            (
                &aws,
                Some("bkt"),
                Some("k ey"),
                "https://bkt.s3.us-east-1.amazonaws.com/k%20ey",
            ),
            (
                &aws,
                Some("b.k"),
                Some("k"),
                "https://s3.us-east-1.amazonaws.com/b.k/k",
            ),
            (&v6, None, Some("ignored"), "http://[::1]:9000/"),
            (&v6, Some("bkt"), None, "http://[::1]:9000/bkt"),
            (&v6, Some("bkt"), Some("a/b"), "http://[::1]:9000/bkt/a/b"),
        ];
        for (ep, bucket, key, want) in cases {
            let mut parts = RequestParts::new(Method::GET, bucket, key);
            assert_eq!(parts.uri(ep).unwrap().to_string(), want);
            parts.push_query("versionId", "a b");
            parts.push_query("tagging", "");
            let uri = parts.uri(ep).unwrap();
            assert_eq!(uri.to_string(), format!("{want}?versionId=a%20b&tagging"));
            let (authority, path) = parts.authority_and_path(ep);
            assert_eq!(
                uri.authority().map(|a| a.as_str()),
                Some(authority.as_str())
            );
            assert_eq!(
                uri.path_and_query().map(|p| p.as_str()),
                Some(path.as_str())
            );
        }
    }
}
