//! Endpoints and the choice between path-style and virtual-hosted-style URLs.

use std::net::IpAddr;

use http::uri::Authority;

use crate::encode::encode_path;
use crate::error::Error;
use crate::validate::{NameRules, is_dns_compatible};

/// How buckets are placed in URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AddressingStyle {
    /// Virtual-hosted style for AWS endpoints when the bucket allows it,
    /// path style everywhere else (what most S3-compatible servers expect).
    #[default]
    Auto,
    /// Always `scheme://host/bucket/key`.
    Path,
    /// `scheme://bucket.host/key` whenever the bucket allows it, path style
    /// otherwise.
    VirtualHosted,
}

/// Where requests go: scheme, host and port, plus the addressing style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    secure: bool,
    host: String,
    port: Option<u16>,
    style: AddressingStyle,
    /// `host[:port]` as the request line's authority carries it, made once.
    authority: String,
    /// The same, as the URI part every path-style request shares (cloning
    /// it copies nothing).
    shared_authority: Authority,
}

impl Endpoint {
    /// An endpoint; `host` is a DNS name, an IPv4 address or an IPv6 address
    /// (with or without brackets). `port` is omitted from URLs when `None`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for an empty host or one with characters
    /// a host name cannot have.
    pub fn new(secure: bool, host: &str, port: Option<u16>) -> Result<Self, Error> {
        check_host(host)
            .map_err(|why| Error::InvalidArgument(format!("endpoint host {host:?}: {why}")))?;
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        let bracketed = if host.contains(':') {
            format!("[{host}]")
        } else {
            host.clone()
        };
        let authority = match port {
            Some(p) => format!("{bracketed}:{p}"),
            None => bracketed,
        };
        let bytes = bytes::Bytes::from(authority.clone());
        let shared_authority = Authority::from_maybe_shared(bytes.clone())
            .map_err(|e| Error::InvalidArgument(format!("endpoint {authority:?}: {e}")))?;
        // `bytes` was cloned above, so its storage is already shared: the
        // URI of each request takes a reference, not an allocation.
        drop(bytes);
        Ok(Self {
            secure,
            host,
            port,
            style: AddressingStyle::Auto,
            authority,
            shared_authority,
        })
    }

    /// Parses what a user gives as an endpoint: `host[:port]`
    /// (`localhost:9000`, `s3.amazonaws.com`) or an `http://` / `https://`
    /// URL (`https://[::1]:9000/`; the scheme in any case). Without a scheme,
    /// `secure` decides between HTTPS and HTTP. This is the one endpoint
    /// parser: the client's builder and the CLI's aliases use it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`], naming the input and the reason, for
    /// another scheme, a path, query, fragment or user info, a port that is
    /// not 1–65535, an empty host or one with characters a host name cannot
    /// have.
    pub fn parse(endpoint: &str, secure: bool) -> Result<Self, Error> {
        let bad = |why: &str| Error::InvalidArgument(format!("endpoint {endpoint:?}: {why}"));
        let trimmed = endpoint.trim();
        let (secure, rest) = match trimmed.split_once("://") {
            Some((scheme, rest)) => match scheme.to_ascii_lowercase().as_str() {
                "http" => (false, rest),
                "https" => (true, rest),
                _ => return Err(bad("the scheme must be http or https")),
            },
            None => (secure, trimmed),
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
        Self::new(secure, host, port)
    }

    /// The same endpoint with another addressing style.
    #[must_use]
    pub fn with_style(mut self, style: AddressingStyle) -> Self {
        self.style = style;
        self
    }

    /// `https` or `http`.
    pub fn scheme(&self) -> &'static str {
        if self.secure { "https" } else { "http" }
    }

    /// Whether TLS is used.
    pub fn is_secure(&self) -> bool {
        self.secure
    }

    /// The host without brackets.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The explicit port, if any.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The addressing style.
    pub fn style(&self) -> AddressingStyle {
        self.style
    }

    /// Whether this is an AWS S3 endpoint (strict naming rules apply).
    pub fn is_aws(&self) -> bool {
        let h = self.host.as_str();
        (h.starts_with("s3.") || h.starts_with("s3-") || h.contains(".s3.") || h.contains(".s3-"))
            && (h.ends_with(".amazonaws.com") || h.ends_with(".amazonaws.com.cn"))
    }

    /// The bucket naming rules for this endpoint.
    pub fn name_rules(&self) -> NameRules {
        if self.is_aws() {
            NameRules::Strict
        } else {
            NameRules::Relaxed
        }
    }

    /// `host[:port]`, with brackets around IPv6 addresses.
    pub fn authority(&self) -> String {
        self.authority.clone()
    }

    /// [`Endpoint::authority`], borrowed.
    pub fn authority_str(&self) -> &str {
        &self.authority
    }

    /// [`Endpoint::authority`] as a URI part, shared.
    pub(crate) fn shared_authority(&self) -> Authority {
        self.shared_authority.clone()
    }

    /// Whether `bucket` can be a subdomain of this endpoint: a DNS-compatible
    /// name, a host name (not an IP address), and no dots under TLS, since
    /// a dotted subdomain would not match the wildcard certificate.
    pub fn virtual_hosted_possible(&self, bucket: &str) -> bool {
        is_dns_compatible(bucket)
            && self.host.parse::<IpAddr>().is_err()
            && self.host != "localhost"
            && !(self.secure && bucket.contains('.'))
    }

    /// Whether requests for `bucket` use virtual-hosted style.
    pub fn uses_virtual_host(&self, bucket: &str) -> bool {
        match self.style {
            AddressingStyle::Path => false,
            AddressingStyle::VirtualHosted => self.virtual_hosted_possible(bucket),
            AddressingStyle::Auto => self.is_aws() && self.virtual_hosted_possible(bucket),
        }
    }

    /// The authority and the *encoded* path for a bucket and key; neither
    /// given means the service root (`/`).
    pub fn object_url(&self, bucket: Option<&str>, key: Option<&str>) -> (String, String) {
        let key_path = key
            .map(|k| format!("/{}", encode_path(k)))
            .unwrap_or_default();
        match bucket {
            Some(b) if self.uses_virtual_host(b) => {
                let path = if key_path.is_empty() {
                    "/".to_owned()
                } else {
                    key_path
                };
                (format!("{b}.{}", self.authority()), path)
            }
            Some(b) => (self.authority(), format!("/{}{key_path}", encode_path(b))),
            None => (self.authority(), "/".to_owned()),
        }
    }
}

/// Splits `host[:port]`, keeping IPv6 literals (`[::1]:9000`) whole.
fn split_host_port(authority: &str) -> Result<(&str, Option<u16>), String> {
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        // An IPv6 literal keeps its brackets: `[::1]:9000`.
        let (inner, rest) = v6
            .split_once(']')
            .ok_or_else(|| format!("the `[` is never closed; {IPV6_FORM}"))?;
        let host = authority.split_at(inner.len() + 2).0;
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

/// A host name, an IPv4 address, or an IPv6 address (bracketed, or bare as
/// [`Endpoint::new`] also takes it).
fn check_host(host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Err("the host is empty".into());
    }
    let bracketed = host
        .strip_prefix('[')
        .map(|inner| inner.strip_suffix(']').unwrap_or(inner));
    if let Some(inner) = bracketed.or_else(|| host.contains(':').then_some(host)) {
        return match inner.parse::<std::net::Ipv6Addr>() {
            Ok(_) => Ok(()),
            Err(_) => Err(format!("`{inner}` is not an IPv6 address; {IPV6_FORM}")),
        };
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
    if !host.chars().all(allowed) {
        return Err("the host has characters a host name cannot have".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_host_port_and_urls() {
        let e = Endpoint::parse("localhost:9000", true).unwrap();
        assert_eq!(
            (e.is_secure(), e.host(), e.port()),
            (true, "localhost", Some(9000))
        );
        let e = Endpoint::parse("HTTPS://S3.amazonaws.com/", false).unwrap();
        assert_eq!(
            (e.is_secure(), e.host(), e.port()),
            (true, "s3.amazonaws.com", None)
        );
        let e = Endpoint::parse("http://[::1]:8080", true).unwrap();
        assert_eq!(
            (e.is_secure(), e.host(), e.port()),
            (false, "::1", Some(8080))
        );
        assert_eq!(e.authority(), "[::1]:8080");
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
            let err = Endpoint::parse(bad, true).expect_err(bad);
            assert!(err.to_string().contains(shown), "{bad}: {err}");
        }
        for good in [
            "[::1]",
            "[::1]:9000",
            "https://[2001:db8::1]:443/",
            "[::ffff:127.0.0.1]:80",
        ] {
            Endpoint::parse(good, true).unwrap_or_else(|e| panic!("{good}: {e}"));
        }
    }

    #[test]
    fn rejects_malformed_endpoints_with_a_reason() {
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
            "[::1",
            "[::1]x",
        ] {
            let err = Endpoint::parse(bad, true).expect_err(bad);
            assert!(matches!(err, Error::InvalidArgument(_)), "{bad}: {err}");
            assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
        }
    }

    #[test]
    fn path_and_virtual_hosts() {
        let minio = Endpoint::new(false, "localhost", Some(9000)).unwrap();
        assert_eq!(
            minio.object_url(Some("b"), Some("a b/c")),
            ("localhost:9000".into(), "/b/a%20b/c".into())
        );
        let aws = Endpoint::new(true, "s3.us-east-1.amazonaws.com", None).unwrap();
        assert!(aws.is_aws());
        assert_eq!(
            aws.object_url(Some("bkt"), Some("k")),
            ("bkt.s3.us-east-1.amazonaws.com".into(), "/k".into())
        );
        assert_eq!(
            aws.object_url(Some("my.bkt"), None),
            ("s3.us-east-1.amazonaws.com".into(), "/my.bkt".into())
        );
        assert_eq!(aws.object_url(None, None).1, "/");
        let v6 = Endpoint::new(false, "[::1]", Some(80))
            .unwrap()
            .with_style(AddressingStyle::VirtualHosted);
        assert_eq!(
            v6.object_url(Some("bkt"), None),
            ("[::1]:80".into(), "/bkt".into())
        );
        assert!(Endpoint::new(false, "", None).is_err());
        assert!(Endpoint::new(false, "a/b", None).is_err());
    }

    #[test]
    fn parse_forms() {
        let e = Endpoint::parse("localhost:9000", false).unwrap();
        assert_eq!(
            (e.scheme(), e.authority()),
            ("http", "localhost:9000".to_owned())
        );
        let e = Endpoint::parse("https://s3.amazonaws.com/", false).unwrap();
        assert_eq!(
            (e.scheme(), e.authority()),
            ("https", "s3.amazonaws.com".to_owned())
        );
        let e = Endpoint::parse("http://[::1]:8080", true).unwrap();
        assert_eq!(
            (e.scheme(), e.authority()),
            ("http", "[::1]:8080".to_owned())
        );
        for bad in [
            "",
            "ftp://h",
            "h:0",
            "h:99999",
            "h:x",
            "http://h/path",
            "h?x=1",
            "u@h",
            "[::1]x",
            "http://:80",
        ] {
            assert!(Endpoint::parse(bad, true).is_err(), "{bad}");
        }
    }
}
