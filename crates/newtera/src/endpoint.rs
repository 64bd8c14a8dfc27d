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
    let (host, port) = split_host_port(authority).map_err(|why| bad(&why))?;
    check_host(host).map_err(|why| bad(&why))?;
    Ok(ParsedEndpoint {
        secure,
        host: host.to_ascii_lowercase(),
        port,
    })
}

fn split_host_port(authority: &str) -> std::result::Result<(&str, Option<u16>), String> {
    let (host, port) = if authority.starts_with('[') {
        // An IPv6 literal keeps its brackets: `[::1]:9000`.
        let end = authority
            .find(']')
            .ok_or_else(|| format!("the `[` is never closed; {}", IPV6_FORM))?;
        let (host, rest) = authority.split_at(end + 1);
        match rest.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if rest.is_empty() => (host, None),
            None => {
                return Err(format!(
                    "unexpected text after the IPv6 address; {IPV6_FORM}"
                ));
            }
        }
    } else if authority.matches(':').count() > 1 {
        return Err(unbracketed_ipv6(authority));
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(0) | Err(_) => return Err("the port must be a number from 1 to 65535".into()),
            Ok(p) => Some(p),
        },
    };
    Ok((host, port))
}

const IPV6_FORM: &str =
    "write an IPv6 address in brackets, as `[addr]` or `[addr]:port` (`[::1]:9000`)";

/// The message for an IPv6 address without brackets: `::1` (no port can be
/// told apart) or `::1:9000` (address `::1:9000`, or `::1` port 9000?).
fn unbracketed_ipv6(authority: &str) -> String {
    let as_port = authority.rsplit_once(':').filter(|(addr, port)| {
        port.parse::<u16>().is_ok() && addr.parse::<std::net::Ipv6Addr>().is_ok()
    });
    match as_port {
        Some((addr, port)) => format!(
            "ambiguous IPv6 endpoint: write `[{addr}]:{port}` for port {port}, or `[{authority}]` for that whole address"
        ),
        None => format!("an IPv6 address needs brackets: `[{authority}]`, or `[{authority}]:port`"),
    }
}

/// A host name, an IPv4 address, or a bracketed IPv6 address.
fn check_host(host: &str) -> std::result::Result<(), String> {
    if host.is_empty() {
        return Err("the host is empty".into());
    }
    if let Some(inner) = host.strip_prefix('[') {
        let inner = inner.strip_suffix(']').unwrap_or(inner);
        return match inner.parse::<std::net::Ipv6Addr>() {
            Ok(_) => Ok(()),
            Err(_) => Err(format!("`{inner}` is not an IPv6 address; {IPV6_FORM}")),
        };
    }
    if !host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        return Err("the host has characters a host name cannot have".into());
    }
    Ok(())
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

    #[test]
    fn malformed_or_ambiguous_ipv6_is_refused_with_the_bracketed_form() {
        for (bad, shown) in [
            ("::1", "`[::1]`"),
            ("[::1", "`[addr]:port`"),
            ("::1:9000", "`[::1]:9000`"),
            ("http://::1:9000", "`[::1]:9000`"),
            ("fe80::1", "`[fe80::1]`"),
            ("2001:db8::1:443", "`[2001:db8::1]:443`"),
            ("[::1]x", "`[addr]:port`"),
            ("[::g]:9000", "`[addr]:port`"),
            ("[127.0.0.1]:9000", "`[addr]:port`"),
            ("[]:9000", "`[addr]:port`"),
            ("a]b:9000", "cannot have"),
            ("[::1]]:9000", "`[addr]:port`"),
        ] {
            let err = parse(bad).expect_err(bad);
            assert!(err.is_invalid_argument(), "{bad}: {err}");
            assert!(err.to_string().contains(shown), "{bad}: {err}");
        }
        for good in [
            "[::1]",
            "[::1]:9000",
            "https://[2001:db8::1]:443/",
            "[::ffff:127.0.0.1]:80",
        ] {
            parse(good).unwrap_or_else(|e| panic!("{good}: {e}"));
        }
    }
}
