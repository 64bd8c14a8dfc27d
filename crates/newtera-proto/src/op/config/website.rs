//! Static website hosting (S3 API reference: PutBucketWebsite,
//! `WebsiteConfiguration`).

use super::BucketConfig;
use crate::error::Error;
use crate::op::common::parse_root;
use crate::xml::XmlWriter;

/// A bucket's website configuration: an index and error document, or a
/// redirect of every request. Routing rules are not modelled.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WebsiteConfiguration {
    /// The index document suffix, e.g. `index.html`.
    pub index_document: Option<String>,
    /// The key of the error document, e.g. `error.html`.
    pub error_document: Option<String>,
    /// Redirect every request elsewhere instead.
    pub redirect_all_requests_to: Option<WebsiteRedirect>,
}

/// Where every request is redirected.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WebsiteRedirect {
    /// The host name.
    pub host_name: String,
    /// `http` or `https`.
    pub protocol: Option<String>,
}

impl BucketConfig for WebsiteConfiguration {
    const SUBRESOURCE: &'static str = "website";
    const NOT_FOUND: &'static str = "NoSuchWebsiteConfiguration";

    fn to_body(&self) -> Result<String, Error> {
        let mut w = XmlWriter::new("WebsiteConfiguration");
        match (&self.redirect_all_requests_to, &self.index_document) {
            (Some(redirect), None) if self.error_document.is_none() => {
                if redirect.host_name.trim().is_empty() {
                    return Err(Error::InvalidArgument(
                        "a website redirect needs a host name".into(),
                    ));
                }
                if let Some(bad) = redirect
                    .protocol
                    .as_deref()
                    .filter(|p| !matches!(*p, "http" | "https"))
                {
                    return Err(Error::InvalidArgument(format!(
                        "a website redirect protocol is http or https, not {bad:?}"
                    )));
                }
                w.open("RedirectAllRequestsTo");
                w.leaf("HostName", &redirect.host_name);
                if let Some(protocol) = &redirect.protocol {
                    w.leaf("Protocol", protocol);
                }
                w.close("RedirectAllRequestsTo");
            }
            (None, Some(index)) => {
                // S3 API reference, IndexDocument: the suffix is not empty
                // and holds no slash.
                if index.is_empty() || index.contains('/') {
                    return Err(Error::InvalidArgument(format!(
                        "a website index document suffix is a non-empty name without `/`, not {index:?}"
                    )));
                }
                if let Some(error) = &self.error_document {
                    w.open("ErrorDocument");
                    w.leaf("Key", error);
                    w.close("ErrorDocument");
                }
                w.open("IndexDocument");
                w.leaf("Suffix", index);
                w.close("IndexDocument");
            }
            _ => {
                return Err(Error::InvalidArgument(
                    "a website has either an index document (and maybe an error document) \
                     or a redirect of all requests"
                        .into(),
                ));
            }
        }
        Ok(w.finish("WebsiteConfiguration"))
    }

    fn from_body(body: &[u8]) -> Result<Self, Error> {
        let root = parse_root(body, "WebsiteConfiguration")?;
        let text = |parent: &str, child: &str| {
            root.child(parent)
                .and_then(|p| p.text_of(child))
                .map(str::to_owned)
        };
        let redirect = root
            .child("RedirectAllRequestsTo")
            .map(|r| {
                Ok::<_, Error>(WebsiteRedirect {
                    host_name: r.required("HostName")?.to_owned(),
                    protocol: r.text_of("Protocol").map(str::to_owned),
                })
            })
            .transpose()?;
        Ok(Self {
            index_document: text("IndexDocument", "Suffix"),
            error_document: text("ErrorDocument", "Key"),
            redirect_all_requests_to: redirect,
        })
    }
}
