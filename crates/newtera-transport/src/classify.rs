//! Reading the S3 `<Error><Code>` of a small buffered body, and which codes are transient.
//!
//! A deliberately small scanner: the full XML codecs live in `newtera-proto`; the retry
//! policy only needs the root element's name and the `Code` text.

/// S3 error codes worth retrying: throttling, transient server faults, request timeouts.
const RETRYABLE_CODES: &[&str] = &[
    "SlowDown",
    "Throttling",
    "ThrottlingException",
    "RequestThrottled",
    "RequestLimitExceeded",
    "TooManyRequests",
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "ServiceUnavailable",
    "OperationAborted",
];

/// Whether an S3 error code names a transient condition.
pub(crate) fn is_retryable_code(code: &str) -> bool {
    RETRYABLE_CODES.contains(&code)
}

/// The `Code` of a body whose root element is `<Error>`; `None` for any other document.
pub(crate) fn error_code(body: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(body).ok()?;
    let root = skip_prolog(text)?;
    let rest = root.strip_prefix("<Error>")?;
    let (_, code) = rest.split_once("<Code>")?;
    let (code, _) = code.split_once("</Code>")?;
    Some(code.trim())
}

/// Skips the BOM, whitespace, the XML declaration, comments and processing instructions.
fn skip_prolog(mut text: &str) -> Option<&str> {
    text = text.trim_start_matches('\u{feff}');
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix("<?") {
            text = rest.split_once("?>")?.1;
        } else if let Some(rest) = text.strip_prefix("<!--") {
            text = rest.split_once("-->")?.1;
        } else {
            return Some(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_code_of_error_root_only() {
        let doc = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code><Message>x</Message></Error>";
        assert_eq!(error_code(doc), Some("InternalError"));
        let ok = b"<?xml version=\"1.0\"?><CompleteMultipartUploadResult><Code>No</Code></CompleteMultipartUploadResult>";
        assert_eq!(error_code(ok), None);
        assert_eq!(error_code(b"\xff\xfe garbage"), None);
        assert_eq!(error_code(b"<Error><Code>unterminated"), None);
    }

    #[test]
    fn classifies_transient_codes() {
        assert!(is_retryable_code("SlowDown"));
        assert!(is_retryable_code("RequestTimeout"));
        assert!(!is_retryable_code("NoSuchKey"));
        assert!(!is_retryable_code("AccessDenied"));
    }
}
