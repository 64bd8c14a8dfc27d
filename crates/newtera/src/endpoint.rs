//! Parsing the endpoint a user gives: `host[:port]` or an `http(s)://` URL.

use crate::error::{Error, Result};

/// An endpoint as parsed from the user's string, before `secure` applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParsedEndpoint {
    /// `Some(true)` for `https://`, `Some(false)` for `http://`, `None` when
    /// no scheme was given (then the builder's `secure` decides).
    pub(crate) secure: Option<bool>,
    pub(crate) host: String,
    pub(crate) port: Option<u16>,
}

/// Parses `localhost:9000`, `s3.amazonaws.com`, `http://127.0.0.1:9000`,
/// `https://[::1]:9000/`. Rejects paths, queries, user info, bad ports and
/// empty hosts with a clear message.
pub(crate) fn parse(input: &str) -> Result<ParsedEndpoint> {
    let bad = |why: &str| Error::invalid(format!("endpoint {input:?}: {why}"));
    let trimmed = input.trim();
    let (secure, rest) = match trimmed.split_once("://") {
        Some((scheme, rest)) => match scheme.to_ascii_lowercase().as_str() {
            "http" => (Some(false), rest),
            "https" => (Some(true), rest),
            _ => return Err(bad("the scheme must be http or https")),
        },
        None => (None, trimmed),
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.contains(['/', '?', '#']) {
        return Err(bad(
            "an endpoint is host[:port], without a path, query or fragment",
        ));
    }
    if authority.contains('@') {
        return Err(bad(
            "user info is not allowed; pass credentials to the builder",
        ));
    }
    let (host, port) = split_host_port(authority).map_err(bad)?;
    if host.is_empty() {
        return Err(bad("the host is empty"));
    }
    if !host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '[' | ']'))
    {
        return Err(bad("the host has characters a host name cannot have"));
    }
    Ok(ParsedEndpoint {
        secure,
        host: host.to_ascii_lowercase(),
        port,
    })
}

fn split_host_port(authority: &str) -> std::result::Result<(&str, Option<u16>), &'static str> {
    // An IPv6 literal keeps its brackets: `[::1]:9000`.
    let (host, port) = if let Some(end) = authority.find(']').filter(|_| authority.starts_with('['))
    {
        let (host, rest) = authority.split_at(end + 1);
        match rest.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if rest.is_empty() => (host, None),
            None => return Err("unexpected text after the IPv6 address"),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(0) | Err(_) => return Err("the port must be a number from 1 to 65535"),
            Ok(p) => Some(p),
        },
    };
    Ok((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_host_port_and_urls() {
        let e = parse("localhost:9000").unwrap();
        assert_eq!(
            (e.secure, e.host.as_str(), e.port),
            (None, "localhost", Some(9000))
        );
        let e = parse("https://S3.amazonaws.com/").unwrap();
        assert_eq!(
            (e.secure, e.host.as_str(), e.port),
            (Some(true), "s3.amazonaws.com", None)
        );
        let e = parse("http://[::1]:8080").unwrap();
        assert_eq!(
            (e.secure, e.host.as_str(), e.port),
            (Some(false), "[::1]", Some(8080))
        );
    }

    #[test]
    fn rejects_malformed_endpoints() {
        for bad in [
            "",
            "http://",
            "ftp://host",
            "host:0",
            "host:99999",
            "host:port",
            "http://host/path",
            "host?x=1",
            "user:pw@host",
            "ho st",
        ] {
            let err = parse(bad).expect_err(bad);
            assert!(err.is_invalid_argument(), "{bad}: {err}");
        }
    }
}
