//! What to check after the failures people most often misread.

use crate::error::Error;

impl Error {
    /// A short suggestion of what to check, for the failures that are most
    /// often misread, or `None`:
    ///
    /// | failure | hint |
    /// |---|---|
    /// | `SignatureDoesNotMatch`, `InvalidAccessKeyId`, `AccessDenied` | the access key, secret key and region, and the local clock |
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
            Some("SignatureDoesNotMatch" | "InvalidAccessKeyId" | "AccessDenied") => {
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
