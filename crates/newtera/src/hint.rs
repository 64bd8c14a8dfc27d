//! What to check after the failures people most often misread.

use crate::error::Error;

impl Error {
    /// A short suggestion of what to check, for the failures that are most
    /// often misread, or `None`:
    ///
    /// | failure | hint |
    /// |---|---|
    /// | `SignatureDoesNotMatch`, `InvalidAccessKeyId` | the access key, secret key and region, and the local clock |
    /// | `AccessDenied` | the same, or a policy, Object Lock retention or legal hold protecting the object |
    /// | `AccessDenied` for one key of an accepted batch removal | a policy, Object Lock retention or legal hold protecting the object |
    /// | `RequestTimeTooSkewed` | the local clock |
    /// | a TLS handshake that meets something else than TLS | the server speaks plain HTTP: use an `http://` endpoint (an endpoint without a scheme means HTTPS) |
    /// | an untrusted certificate | the server's CA certificate |
    /// | a refused connection | whether the server runs on that host and port |
    /// | a failed DNS lookup | the endpoint's host name |
    ///
    /// The text is plain English meant for people (a CLI prints it after
    /// the error); match on [`Error::code`] or the error's kind, not on it.
    pub fn hint(&self) -> Option<&'static str> {
        match self.code() {
            // Refused inside an accepted request (a DeleteObjects key): the
            // keys were good, the object is what is protected.
            Some("AccessDenied") if self.status() == Some(http::StatusCode::OK) => {
                return Some(OBJECT_PROTECTED);
            }
            Some("AccessDenied") => {
                return Some(
                    "check the access key, the secret key and the region, and this machine's clock; \
                     or a policy, an Object Lock retention or a legal hold protects the object",
                );
            }
            Some("SignatureDoesNotMatch" | "InvalidAccessKeyId") => {
                return Some(
                    "check the access key, the secret key and the region, and this machine's clock",
                );
            }
            Some("RequestTimeTooSkewed") => {
                return Some("this machine's clock is off; correct it");
            }
            Some(_) => return None,
            None => {}
        }
        let chain = causes(self).to_ascii_lowercase();
        if chain.contains("tls") || chain.contains("certificate") {
            if chain.contains("certificate") {
                return Some(
                    "the server's certificate is not trusted: add its CA certificate (add_root_certificate_pem)",
                );
            }
            if chain.contains("corrupt")
                || chain.contains("invalidcontenttype")
                || chain.contains("handshake eof")
            {
                return Some(
                    "the server may speak plain HTTP: use an http:// endpoint (an endpoint without a scheme means HTTPS)",
                );
            }
        }
        if chain.contains("connection refused") {
            return Some("is the server running, on that host and port?");
        }
        if chain.contains("dns error") || chain.contains("failed to lookup address") {
            return Some("check the endpoint's host name");
        }
        None
    }
}

/// The hint of a removal refused for one object while the request itself
/// was accepted.
const OBJECT_PROTECTED: &str = "the object is protected: a legal hold, an Object Lock retention \
     (GOVERNANCE mode yields to a governance bypass) or a policy denying its removal";

/// The error's text and that of every source below it.
fn causes(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}
