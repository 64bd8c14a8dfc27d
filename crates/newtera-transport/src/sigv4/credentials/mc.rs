//! The MinIO client's alias file, `~/.mc/config.json`.
//!
//! Shape (version 10): `{"version": "10", "aliases": {"NAME": {"url": …, "accessKey": …,
//! "secretKey": …, "sessionToken": …, "api": "S3v4", "path": "auto"}}}`. Source: the
//! MinIO client documentation (`mc alias`) and minio-py's `MinioClientConfigProvider`.

use std::collections::HashMap;
use std::path::PathBuf;

use super::http::{failure, failure_from};
use super::{Credentials, CredentialsFuture, ProvideCredentials};
use crate::error::Error;

#[derive(serde::Deserialize)]
struct McConfig {
    #[serde(default, alias = "hosts")]
    aliases: HashMap<String, McAlias>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct McAlias {
    url: Option<String>,
    access_key: Option<String>,
    secret_key: Option<String>,
    session_token: Option<String>,
}

/// Keys of one alias of the MinIO client's `config.json`.
///
/// The file is the given path, else `$MC_CONFIG_DIR/config.json`, else
/// `~/.mc/config.json`; the alias is the given name, else `MINIO_ALIAS`, else `s3`.
/// A missing file or alias, or an alias without keys, is `Ok(None)`; a malformed file is
/// an [`ErrorKind::Credentials`](crate::ErrorKind::Credentials) error that does not
/// quote it.
#[derive(Debug, Clone)]
pub struct McConfigCredentials {
    path: Option<PathBuf>,
    alias: String,
}

impl McConfigCredentials {
    /// The file and alias the environment names.
    pub fn new() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let path = var("MC_CONFIG_DIR")
            .map(PathBuf::from)
            .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".mc")))
            .map(|dir| dir.join("config.json"));
        let alias = var("MINIO_ALIAS").unwrap_or_else(|| "s3".to_owned());
        Self { path, alias }
    }

    /// Alias `alias` of the file at `path`.
    pub fn from_file(path: impl Into<PathBuf>, alias: impl Into<String>) -> Self {
        Self {
            path: Some(path.into()),
            alias: alias.into(),
        }
    }

    /// The alias's `url`, if the file and alias exist.
    pub fn url(&self) -> Result<Option<String>, Error> {
        Ok(self.read()?.and_then(|a| a.url))
    }

    fn read(&self) -> Result<Option<McAlias>, Error> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        let text = match std::fs::read(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(failure_from("reading the mc config file", e)),
        };
        let mut config: McConfig = serde_json::from_slice(&text)
            .map_err(|e| failure(format!("malformed mc config file (line {})", e.line())))?;
        Ok(config.aliases.remove(&self.alias))
    }

    fn credentials(&self) -> Result<Option<Credentials>, Error> {
        let Some(alias) = self.read()? else {
            return Ok(None);
        };
        let non_empty = |v: Option<String>| v.filter(|v| !v.is_empty());
        let (Some(access), Some(secret)) =
            (non_empty(alias.access_key), non_empty(alias.secret_key))
        else {
            return Ok(None);
        };
        let credentials = Credentials::new(access, secret);
        Ok(Some(match non_empty(alias.session_token) {
            Some(token) => credentials.with_session_token(token),
            None => credentials,
        }))
    }
}

impl Default for McConfigCredentials {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for McConfigCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(self.credentials()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_alias_and_skips_missing_ones() {
        let dir = std::env::temp_dir().join(format!("newtera-mc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("config.json");
        std::fs::write(
            &path,
            r#"{"version":"10","aliases":{"local":{"url":"http://localhost:9000","accessKey":"AK","secretKey":"SK","api":"S3v4","path":"auto"},"anon":{"url":"http://x","accessKey":"","secretKey":""}}}"#,
        )
        .expect("write");
        let c = McConfigCredentials::from_file(&path, "local")
            .credentials()
            .expect("ok")
            .expect("some");
        assert_eq!(c.keys().access_key(), "AK");
        assert_eq!(
            McConfigCredentials::from_file(&path, "local")
                .url()
                .expect("ok")
                .as_deref(),
            Some("http://localhost:9000")
        );
        assert!(
            McConfigCredentials::from_file(&path, "anon")
                .credentials()
                .expect("ok")
                .is_none()
        );
        assert!(
            McConfigCredentials::from_file(&path, "nope")
                .credentials()
                .expect("ok")
                .is_none()
        );
        std::fs::write(&path, "{ not json: AK SK").expect("write");
        let err = McConfigCredentials::from_file(&path, "local")
            .credentials()
            .expect_err("malformed");
        assert!(!err.to_string().contains("AK SK"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
