//! What an upload sets besides the bytes: the content type (from the
//! file's extension unless given), user metadata and standard headers
//! (`--attr`, `--cache-control` …) and the storage class, all checked
//! before any request is sent.

use clap::Args;

use crate::error::{CliError, CliResult};

/// The upload flags shared by `cp`, `mv`, `mirror` and `pipe`.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct HeaderArgs {
    /// The Content-Type of every uploaded object (default: from the file's
    /// extension, `photo.jpg` is `image/jpeg`; else
    /// `application/octet-stream`).
    #[arg(long, value_name = "TYPE")]
    pub(crate) content_type: Option<String>,
    /// Metadata and headers, mc's form `"key=value;key2=value2"` (may be
    /// repeated). Standard headers (Cache-Control, Content-Disposition,
    /// Content-Encoding, Content-Language, Content-Type, Expires) are sent
    /// as such; other names become user metadata (`x-amz-meta-NAME`).
    #[arg(long, alias = "metadata", value_name = "K=V;K2=V2")]
    pub(crate) attr: Vec<String>,
    /// The Cache-Control header (`max-age=3600`, `no-cache`).
    #[arg(long, value_name = "VALUE")]
    pub(crate) cache_control: Option<String>,
    /// The Content-Disposition header (`attachment; filename="a.pdf"`).
    #[arg(long, value_name = "VALUE")]
    pub(crate) content_disposition: Option<String>,
    /// The Content-Encoding header (`gzip`).
    #[arg(long, value_name = "VALUE")]
    pub(crate) content_encoding: Option<String>,
    /// The Content-Language header (`en-GB`).
    #[arg(long, value_name = "VALUE")]
    pub(crate) content_language: Option<String>,
    /// The storage class (`STANDARD`, `REDUCED_REDUNDANCY`, `STANDARD_IA`,
    /// `GLACIER` …; which ones exist depends on the server).
    #[arg(long, value_name = "CLASS")]
    pub(crate) storage_class: Option<String>,
}

/// Headers S3 stores with an object and returns on GET (Amazon S3
/// PutObject request headers); `--attr` sends these names as headers.
const STANDARD: &[&str] = &[
    "cache-control",
    "content-disposition",
    "content-encoding",
    "content-language",
    "content-type",
    "expires",
];

/// The checked upload settings of one command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ObjectHeaders {
    content_type: Option<String>,
    metadata: Vec<(String, String)>,
    headers: Vec<(String, String)>,
}

/// What one upload sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct UploadOptions {
    /// `Content-Type`; `None` leaves the client's default.
    pub(crate) content_type: Option<String>,
    /// User metadata, names without `x-amz-meta-`.
    pub(crate) metadata: Vec<(String, String)>,
    /// Other headers.
    pub(crate) headers: Vec<(String, String)>,
}

impl UploadOptions {
    /// `put` with these options set.
    pub(crate) fn apply(&self, mut put: newtera::PutObject) -> newtera::PutObject {
        put = put.user_metadata(self.metadata.clone());
        if let Some(content_type) = &self.content_type {
            put = put.content_type(content_type);
        }
        for (name, value) in &self.headers {
            put = put.header(name, value);
        }
        put
    }
}

impl HeaderArgs {
    /// Checks the flags: every name an HTTP token, every value printable.
    pub(crate) fn parse(&self) -> CliResult<ObjectHeaders> {
        let mut out = ObjectHeaders::default();
        for text in &self.attr {
            for entry in text.split(';').filter(|e| !e.trim().is_empty()) {
                let (name, value) = entry.split_once('=').ok_or_else(|| {
                    CliError::usage(format!("--attr {entry:?}: expected key=value"))
                })?;
                out.add(name.trim(), value.trim())?;
            }
        }
        let flags = [
            ("cache-control", &self.cache_control),
            ("content-disposition", &self.content_disposition),
            ("content-encoding", &self.content_encoding),
            ("content-language", &self.content_language),
            ("content-type", &self.content_type),
        ];
        for (name, value) in flags {
            if let Some(value) = value {
                out.add(name, value)?;
            }
        }
        if let Some(class) = &self.storage_class {
            let ok = !class.is_empty()
                && class
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
            if !ok {
                return Err(CliError::usage(format!(
                    "--storage-class {class:?}: expected a class like STANDARD or STANDARD_IA"
                )));
            }
            out.headers
                .push(("x-amz-storage-class".to_owned(), class.clone()));
        }
        Ok(out)
    }
}

impl ObjectHeaders {
    fn add(&mut self, name: &str, value: &str) -> CliResult<()> {
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            return Err(CliError::usage(format!(
                "{name:?}: a header or metadata name is letters, digits and -_.!#$%&'*+^`|~"
            )));
        }
        if value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(CliError::usage(format!(
                "{name}: the value holds a control character"
            )));
        }
        let lower = name.to_ascii_lowercase();
        if lower == "content-type" {
            self.content_type = Some(value.to_owned());
        } else if STANDARD.contains(&lower.as_str()) {
            self.headers.push((lower, value.to_owned()));
        } else {
            let name = lower.strip_prefix("x-amz-meta-").unwrap_or(&lower);
            self.metadata.push((name.to_owned(), value.to_owned()));
        }
        Ok(())
    }

    /// What the upload of a file (or object) named `name` sends: the type
    /// given, else the one its extension names.
    pub(crate) fn for_name(&self, name: &str) -> UploadOptions {
        let content_type = self.content_type.clone().or_else(|| {
            mime_guess::from_path(name)
                .first()
                .map(|m| m.essence_str().to_owned())
        });
        UploadOptions {
            content_type,
            metadata: self.metadata.clone(),
            headers: self.headers.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(attr: &[&str]) -> HeaderArgs {
        HeaderArgs {
            attr: attr.iter().map(|a| (*a).to_owned()).collect(),
            ..HeaderArgs::default()
        }
    }

    #[test]
    fn types_come_from_extensions_unless_given() -> CliResult<()> {
        let plain = HeaderArgs::default().parse()?;
        let kind = |name: &str| plain.for_name(name).content_type;
        assert_eq!(kind("a/photo.JPG").as_deref(), Some("image/jpeg"));
        assert_eq!(kind("index.html").as_deref(), Some("text/html"));
        assert_eq!(kind("data.json").as_deref(), Some("application/json"));
        assert_eq!(kind("noext"), None);
        let given = HeaderArgs {
            content_type: Some("text/plain".into()),
            ..HeaderArgs::default()
        }
        .parse()?;
        assert_eq!(
            given.for_name("x.jpg").content_type.as_deref(),
            Some("text/plain")
        );
        Ok(())
    }

    #[test]
    fn attrs_split_into_headers_and_metadata() -> CliResult<()> {
        let parsed =
            args(&["Cache-Control=max-age=90;owner=ann", "X-Amz-Meta-Team=blue"]).parse()?;
        let options = parsed.for_name("a.bin");
        assert_eq!(
            options.headers,
            [("cache-control".to_owned(), "max-age=90".to_owned())]
        );
        assert_eq!(
            options.metadata,
            [
                ("owner".to_owned(), "ann".to_owned()),
                ("team".to_owned(), "blue".to_owned())
            ]
        );
        Ok(())
    }

    #[test]
    fn bad_input_is_refused_up_front() {
        for bad in ["novalue", "=v", "bad name=v", "k=a\nb"] {
            assert!(args(&[bad]).parse().is_err(), "{bad:?}");
        }
        let class = HeaderArgs {
            storage_class: Some("glacier deep".into()),
            ..HeaderArgs::default()
        };
        assert!(class.parse().is_err());
    }
}
