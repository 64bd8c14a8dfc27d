//! Endpoints and the choice between path-style and virtual-hosted-style URLs.

use std::net::IpAddr;

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
}

impl Endpoint {
    /// An endpoint; `host` is a DNS name, an IPv4 address or an IPv6 address
    /// (with or without brackets). `port` is omitted from URLs when `None`.
    pub fn new(secure: bool, host: &str, port: Option<u16>) -> Result<Self, Error> {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let bad = host.is_empty()
            || host
                .chars()
                .any(|c| c.is_whitespace() || "/?#@[]".contains(c));
        if bad {
            return Err(Error::InvalidArgument(format!(
                "invalid endpoint host `{host}`"
            )));
        }
        Ok(Self {
            secure,
            host: host.to_ascii_lowercase(),
            port,
            style: AddressingStyle::Auto,
        })
    }

    /// Parses `host[:port]` or an `http://` / `https://` URL with no path
    /// (a single trailing `/` is allowed), query or user info. Without a
    /// scheme, `secure` decides between HTTPS and HTTP.
    pub fn parse(endpoint: &str, secure: bool) -> Result<Self, Error> {
        let bad =
            |why: &str| Error::InvalidArgument(format!("invalid endpoint `{endpoint}`: {why}"));
        let (secure, rest) = match endpoint.split_once("://") {
            Some(("https", rest)) => (true, rest),
            Some(("http", rest)) => (false, rest),
            Some(_) => return Err(bad("scheme must be http or https")),
            None => (secure, endpoint),
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.contains(['/', '?', '#', '@']) {
            return Err(bad("no path, query or user info allowed"));
        }
        let (host, port) = split_host_port(authority).ok_or_else(|| bad("bad port"))?;
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
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        match self.port {
            Some(p) => format!("{host}:{p}"),
            None => host,
        }
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
fn split_host_port(authority: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (host, after) = v6.split_once(']')?;
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':')?)),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok().filter(|&p| p != 0)?),
        None => None,
    };
    Some((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

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
