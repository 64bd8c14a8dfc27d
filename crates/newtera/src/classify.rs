//! The client's retry classifier: proto's knowledge of S3 error documents,
//! plugged into the transport's retry policy.

use http::StatusCode;
use newtera_transport::retry::ClassifyBody;

/// Reads a buffered error answer with `newtera-proto` (namespaced or not,
/// the same reader that decodes the answer later), so the retry layer and
/// the decoder never disagree about what an answer says.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct S3Errors;

impl ClassifyBody for S3Errors {
    fn is_transient(&self, _status: StatusCode, body: &[u8]) -> bool {
        newtera_proto::is_transient_error_body(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_namespaced_and_plain_error_documents() {
        let ns = b"<?xml version=\"1.0\"?>\n<Error xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Code>InternalError</Code></Error>";
        assert!(S3Errors.is_transient(StatusCode::OK, ns));
        let plain = b"<Error><Code>BandwidthLimitExceeded</Code></Error>";
        assert!(S3Errors.is_transient(StatusCode::BAD_REQUEST, plain));
        let permanent = b"<Error><Code>AccessDenied</Code></Error>";
        assert!(!S3Errors.is_transient(StatusCode::OK, permanent));
        let success = b"<CompleteMultipartUploadResult><Code>InternalError</Code></CompleteMultipartUploadResult>";
        assert!(!S3Errors.is_transient(StatusCode::OK, success));
    }
}
