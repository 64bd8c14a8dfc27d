//! Which headers a signature covers.

/// The headers a signature covers, set with
/// [`SigningParamsBuilder::signed_headers`](crate::SigningParamsBuilder::signed_headers).
///
/// `host` and `x-amz-date` are always signed (SigV4 requires them, AWS
/// General Reference, "Create a canonical request"), and so is
/// `x-amz-content-sha256` when the signer adds it (S3 requires it). Names
/// compare case-insensitively.
///
/// ```
/// use newtera_sign::SignedHeaders;
/// // The S3 chunked-upload example leaves Content-Length unsigned.
/// let policy = SignedHeaders::except(["content-length"]);
/// assert!(!policy.signs("Content-Length"));
/// assert!(policy.signs("host"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SignedHeaders {
    /// Every request header except those proxies and HTTP clients rewrite
    /// in flight (`user-agent`, `expect`, `transfer-encoding`,
    /// `connection`, `authorization`, …), like aws-sigv4. The default.
    #[default]
    All,
    /// As [`All`](Self::All), minus these names. Naming
    /// `x-amz-security-token` leaves the session token out of the
    /// signature: it is still sent (header, or query of a presigned URL)
    /// but added after signing, as some services require.
    Except(Vec<String>),
    /// Only these request headers (even ones [`All`](Self::All) skips),
    /// plus the always-signed ones above and the session token.
    Only(Vec<String>),
}

impl SignedHeaders {
    /// [`Except`](Self::Except) from any list of names.
    pub fn except<I: IntoIterator<Item = S>, S: Into<String>>(names: I) -> Self {
        Self::Except(lower(names))
    }

    /// [`Only`](Self::Only) from any list of names.
    pub fn only<I: IntoIterator<Item = S>, S: Into<String>>(names: I) -> Self {
        Self::Only(lower(names))
    }

    /// Whether a request header of this name is signed.
    pub fn signs(&self, name: &str) -> bool {
        let listed = |list: &[&str]| list.iter().any(|n| n.eq_ignore_ascii_case(name));
        if listed(ALWAYS_SIGNED) {
            return true;
        }
        match self {
            Self::All => !listed(NEVER_SIGNED),
            Self::Except(names) => !listed(NEVER_SIGNED) && !contains(names, name),
            Self::Only(names) => contains(names, name),
        }
    }

    /// Whether the session token is signed (not named by `Except`).
    pub(crate) fn signs_token(&self) -> bool {
        !matches!(self, Self::Except(names) if contains(names, TOKEN))
    }
}

/// The session-token header.
pub(crate) const TOKEN: &str = "x-amz-security-token";

const ALWAYS_SIGNED: &[&str] = &["host", "x-amz-date", "x-amz-content-sha256"];

/// Headers that proxies and clients rewrite or add in flight, so signing
/// them would break the signature; like aws-sigv4, they are not signed by
/// default.
const NEVER_SIGNED: &[&str] = &[
    "authorization",
    "connection",
    "expect",
    "keep-alive",
    "proxy-authorization",
    "te",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

fn contains(names: &[String], name: &str) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(name))
}

fn lower<I: IntoIterator<Item = S>, S: Into<String>>(names: I) -> Vec<String> {
    names
        .into_iter()
        .map(|n| n.into().to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_choose_headers() {
        let all = SignedHeaders::All;
        assert!(all.signs("Content-Length") && !all.signs("User-Agent"));
        let except = SignedHeaders::except(["Content-Length"]);
        assert!(!except.signs("content-length") && except.signs("host"));
        assert!(except.signs_token());
        let only = SignedHeaders::only(["User-Agent"]);
        assert!(only.signs("user-agent") && !only.signs("content-type"));
        assert!(only.signs("x-amz-date") && only.signs("HOST"));
        assert!(!SignedHeaders::except([TOKEN]).signs_token());
    }
}
