//! A minimal parser for the URLs that `presign_url` accepts.

use crate::encode::canonical_path;
use crate::error::{Error, Result};

/// The parts of `http(s)://authority/path?query`.
#[derive(Debug)]
pub(crate) struct ParsedUrl<'a> {
    /// `http` or `https`, lower case.
    pub(crate) scheme: &'static str,
    /// The authority as written.
    pub(crate) authority: &'a str,
    /// The `host` header an HTTP client sends: the default port dropped.
    pub(crate) host_header: String,
    /// The path, `/` when empty.
    pub(crate) path: &'a str,
    /// The raw query, possibly empty.
    pub(crate) query: &'a str,
}

impl<'a> ParsedUrl<'a> {
    pub(crate) fn parse(url: &'a str) -> Result<Self> {
        let (scheme, rest) = split_scheme(url)?;
        if rest.contains('#') {
            return Err(Error::InvalidUrl {
                reason: "fragments are not allowed",
            });
        }
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
        let path = canonical_path(path)?;
        let host_header = host_header(scheme, authority)?;
        Ok(Self {
            scheme,
            authority,
            host_header,
            path,
            query,
        })
    }
}

fn split_scheme(url: &str) -> Result<(&'static str, &str)> {
    let (scheme, rest) = url.split_once("://").ok_or(Error::InvalidUrl {
        reason: "missing `http://` or `https://`",
    })?;
    if scheme.eq_ignore_ascii_case("https") {
        Ok(("https", rest))
    } else if scheme.eq_ignore_ascii_case("http") {
        Ok(("http", rest))
    } else {
        Err(Error::InvalidUrl {
            reason: "scheme is not http or https",
        })
    }
}

/// Validates `host[:port]` (or `[v6]:port`) and drops the scheme's default port.
fn host_header(scheme: &str, authority: &str) -> Result<String> {
    let bad = |reason| Err(Error::InvalidUrl { reason });
    if authority.contains('@') {
        return bad("user info is not allowed");
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let Some((inner, after)) = v6.split_once(']') else {
                return bad("unclosed IPv6 bracket");
            };
            let port = match after.strip_prefix(':') {
                Some(p) => Some(p),
                None if after.is_empty() => None,
                None => return bad("junk after IPv6 address"),
            };
            // `[` + inner + `]`: ASCII brackets, so the split is on a boundary.
            (authority.split_at(inner.len() + 2).0, port)
        }
        None => match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        },
    };
    let host_ok = |b: u8| b.is_ascii_alphanumeric() || b"-._~[]:".contains(&b);
    if host.is_empty() || !host.bytes().all(host_ok) {
        return bad("empty or invalid host");
    }
    let default = if scheme == "https" { 443 } else { 80 };
    match port {
        None => Ok(host.to_owned()),
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n == default => Ok(host.to_owned()),
            Ok(_) if p.bytes().all(|b| b.is_ascii_digit()) => Ok(format!("{host}:{p}")),
            _ => bad("invalid port"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let u = ParsedUrl::parse("HTTPS://h.example:443/b/k?x=1").expect("valid");
        assert_eq!((u.scheme, u.host_header.as_str()), ("https", "h.example"));
        assert_eq!((u.path, u.query), ("/b/k", "x=1"));
        let u = ParsedUrl::parse("http://127.0.0.1:9000").expect("valid");
        assert_eq!((u.host_header.as_str(), u.path), ("127.0.0.1:9000", "/"));
        let u = ParsedUrl::parse("http://[::1]:9000/b").expect("valid");
        assert_eq!(u.host_header, "[::1]:9000");
        for bad in [
            "ftp://h/",
            "h/b",
            "http:///b",
            "http://h:x/",
            "http://h:99999/",
            "http://u@h/",
            "http://h/a b",
            "http://h/#f",
        ] {
            assert!(ParsedUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
