//! Turning proto and transport errors into the client's [`Error`].

use newtera_proto::S3Error;

use crate::error::{BoxError, Error, ResponseError};

/// Which request failed, for error messages: its method, bucket and key.
#[derive(Debug, Clone, Default)]
pub(crate) struct Target {
    pub(crate) method: Option<http::Method>,
    pub(crate) bucket: Option<String>,
    pub(crate) key: Option<String>,
}

impl Target {
    pub(crate) fn new(bucket: Option<&str>, key: Option<&str>) -> Self {
        Self {
            method: None,
            bucket: bucket.map(str::to_owned),
            key: key.map(str::to_owned),
        }
    }

    /// The target of a request about to be sent.
    pub(crate) fn of(parts: &newtera_proto::RequestParts) -> Self {
        let mut target = Self::new(parts.bucket.as_deref(), parts.key.as_deref());
        target.method = Some(parts.method.clone());
        target
    }

    pub(crate) fn response(&self, e: S3Error) -> Error {
        Error::Response(Box::new(ResponseError {
            status: e.status,
            code: e.code,
            message: e.message,
            bucket_name: e.bucket_name.or_else(|| self.bucket.clone()),
            object_name: e.key.or_else(|| self.key.clone()),
            resource: e.resource,
            request_id: e.request_id,
            host_id: e.host_id,
            region: e.region,
            request: self.describe(),
            has_document: e.has_document,
        }))
    }

    /// `PUT bucket/key`, `GET bucket`, `GET /`: the method and resource.
    fn describe(&self) -> Option<String> {
        let method = self.method.as_ref()?;
        let resource = match (&self.bucket, &self.key) {
            (Some(b), Some(k)) => format!("{b}/{k}"),
            (Some(b), None) => b.clone(),
            _ => "/".to_owned(),
        };
        Some(format!("{method} {resource}"))
    }

    /// An error from encoding a request: always the caller's input.
    pub(crate) fn encode_error(&self, e: newtera_proto::Error) -> Error {
        match e {
            newtera_proto::Error::Service(s) => self.response(*s),
            newtera_proto::Error::InvalidArgument(why) => Error::invalid(why),
            newtera_proto::Error::InvalidBucketName(e) if self.bucket.is_some() => {
                let name = self.bucket.as_deref().unwrap_or_default();
                Error::invalid_because(format!("bucket name {name:?}"), e)
            }
            newtera_proto::Error::InvalidObjectName(e) if self.key.is_some() => {
                let name = self.key.as_deref().unwrap_or_default();
                Error::invalid_because(format!("object name {name:?}"), e)
            }
            other => Error::InvalidArgument(Box::new(other)),
        }
    }

    /// An error from decoding a response: the server's error, or garbage.
    pub(crate) fn decode_error(&self, e: newtera_proto::Error) -> Error {
        match e {
            newtera_proto::Error::Service(s) => self.response(*s),
            other => Error::MalformedResponse(Box::new(other)),
        }
    }
}

/// Sorts an error from the tower stack into the client's phases by its
/// type, looking down the source chain (a user's layer may wrap ours):
/// any deadline is a timeout, a credentials failure is `Credentials`,
/// everything else `Transport`. The error itself is kept as the source.
pub(crate) fn stack_error(e: BoxError) -> Error {
    match phase(&*e) {
        Phase::Timeout => Error::Timeout(e),
        Phase::Credentials => Error::Credentials(e),
        Phase::Transport => Error::Transport(e),
    }
}

enum Phase {
    Timeout,
    Credentials,
    Transport,
}

fn phase(e: &(dyn std::error::Error + 'static)) -> Phase {
    use newtera_transport::ErrorKind;
    let mut cur = Some(e);
    while let Some(e) = cur {
        if let Some(t) = e.downcast_ref::<newtera_transport::Error>() {
            match t.kind() {
                ErrorKind::Timeout => return Phase::Timeout,
                ErrorKind::Credentials => return Phase::Credentials,
                _ => {}
            }
        }
        if is_elapsed(e) {
            return Phase::Timeout;
        }
        cur = e.source();
    }
    Phase::Transport
}

/// The deadline errors of the transport's, tower's and tokio's timeouts,
/// and an I/O timeout.
fn is_elapsed(e: &(dyn std::error::Error + 'static)) -> bool {
    e.is::<newtera_transport::timeout::error::Elapsed>()
        || e.is::<tower::timeout::error::Elapsed>()
        || e.is::<tokio::time::error::Elapsed>()
        || e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
}

/// Names the server in a failure to reach it: a connection, TLS or proxy
/// failure (or a connect timeout) reads `cannot reach http://host:port: …`.
/// Only the scheme and authority are named: a query string may hold a
/// presigned signature.
pub(crate) fn name_endpoint(e: Error, uri: &http::Uri) -> Error {
    if !is_unreached(&e) {
        return e;
    }
    let scheme = uri.scheme_str().unwrap_or("https");
    let authority = uri.authority().map_or("", |a| a.as_str());
    e.about(format!("cannot reach {scheme}://{authority}"))
}

fn is_unreached(e: &Error) -> bool {
    let (Error::Transport(source) | Error::Timeout(source)) = e else {
        return false;
    };
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(&**source);
    while let Some(e) = cur {
        if let Some(t) = e.downcast_ref::<newtera_transport::Error>() {
            return t.is_connect() || (t.is_timeout() && t.is_unsent());
        }
        cur = e.source();
    }
    false
}

/// Sorts an error met while reading a response body: a read timeout is a
/// timeout, anything else a transport failure.
pub(crate) fn body_error(e: newtera_transport::Error) -> Error {
    if e.is_timeout() {
        Error::Timeout(Box::new(e))
    } else {
        Error::Transport(Box::new(e))
    }
}

/// A `newtera-proto` error met while building an input (a [`Tags`]
/// set, a configuration): the caller's input, so an invalid argument.
///
/// [`Tags`]: newtera_proto::types::Tags
impl From<newtera_proto::Error> for Error {
    fn from(e: newtera_proto::Error) -> Self {
        Self::from_encode(e)
    }
}

impl Error {
    /// An error from encoding a request that names no bucket.
    pub(crate) fn from_encode(e: newtera_proto::Error) -> Self {
        Target::default().encode_error(e)
    }
}
