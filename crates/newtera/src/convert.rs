//! Turning proto and transport errors into the client's [`Error`].

use newtera_proto::S3Error;

use crate::error::{BoxError, Error, ResponseError};

/// Which bucket and key a request was about, for error messages.
#[derive(Debug, Clone, Default)]
pub(crate) struct Target {
    pub(crate) bucket: Option<String>,
    pub(crate) key: Option<String>,
}

impl Target {
    pub(crate) fn new(bucket: Option<&str>, key: Option<&str>) -> Self {
        Self {
            bucket: bucket.map(str::to_owned),
            key: key.map(str::to_owned),
        }
    }

    pub(crate) fn response(&self, e: S3Error) -> Error {
        Error::Response(Box::new(ResponseError {
            status: e.status,
            code: e.code.as_str().to_owned(),
            message: e.message,
            bucket_name: e.bucket_name.or_else(|| self.bucket.clone()),
            object_name: e.key.or_else(|| self.key.clone()),
            resource: e.resource,
            request_id: e.request_id,
            host_id: e.host_id,
        }))
    }

    /// An error from encoding a request: always the caller's input.
    pub(crate) fn encode_error(&self, e: newtera_proto::Error) -> Error {
        match e {
            newtera_proto::Error::Service(s) => self.response(*s),
            other => Error::InvalidArgument(other.to_string()),
        }
    }

    /// An error from decoding a response: the server's error, or garbage.
    pub(crate) fn decode_error(&self, e: newtera_proto::Error) -> Error {
        match e {
            newtera_proto::Error::Service(s) => self.response(*s),
            other => Error::MalformedResponse(other.to_string()),
        }
    }
}

/// Sorts an error from the tower stack into the client's phases.
pub(crate) fn stack_error(e: BoxError) -> Error {
    let e = match e.downcast::<newtera_transport::Error>() {
        Ok(t) if t.is_timeout() => return Error::Timeout(t),
        // The provider failed before anything was sent (issue 18).
        Ok(t) if t.kind() == newtera_transport::ErrorKind::Credentials => {
            return Error::Credentials(t);
        }
        Ok(t) => return Error::Transport(t),
        Err(e) => e,
    };
    if e.is::<tower::timeout::error::Elapsed>() || e.to_string().contains("timed out") {
        return Error::Timeout(e);
    }
    Error::Transport(e)
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

impl Error {
    /// An error from encoding a request that names no bucket.
    pub(crate) fn from_encode(e: newtera_proto::Error) -> Self {
        Target::default().encode_error(e)
    }
}
