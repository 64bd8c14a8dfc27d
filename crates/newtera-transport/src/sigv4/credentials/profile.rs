//! Credentials from the shared credentials file (`~/.aws/credentials`).

use std::path::{Path, PathBuf};

use super::{Credentials, CredentialsFuture, ProvideCredentials};
use crate::error::{Error, ErrorKind};

/// Reads a profile of an INI-style shared credentials file: `aws_access_key_id`,
/// `aws_secret_access_key` and optional `aws_session_token`.
///
/// The file is `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`; the profile is
/// `AWS_PROFILE` or `default`. A missing file or profile means anonymous; a profile
/// without both keys is an error.
#[derive(Debug, Clone)]
pub struct ProfileCredentials {
    path: Option<PathBuf>,
    profile: String,
}

impl ProfileCredentials {
    /// The file and profile named by the environment.
    pub fn new() -> Self {
        let path = std::env::var_os("AWS_SHARED_CREDENTIALS_FILE")
            .map(PathBuf::from)
            .or_else(|| home_dir().map(|h| h.join(".aws").join("credentials")));
        let profile = std::env::var("AWS_PROFILE").unwrap_or_else(|_| "default".to_owned());
        Self { path, profile }
    }

    /// A given file and profile.
    pub fn from_file(path: impl Into<PathBuf>, profile: impl Into<String>) -> Self {
        Self {
            path: Some(path.into()),
            profile: profile.into(),
        }
    }
}

impl Default for ProfileCredentials {
    fn default() -> Self {
        Self::new()
    }
}

fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from)
}

impl ProvideCredentials for ProfileCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let path = self.path.clone();
        let profile = self.profile.clone();
        Box::pin(async move {
            let Some(path) = path else { return Ok(None) };
            // A small file, but still blocking I/O: keep it off the async workers.
            let read = tokio::task::spawn_blocking(move || read_profile(&path, &profile));
            read.await
                .map_err(|e| Error::with_source(ErrorKind::Credentials, e))?
        })
    }
}

fn read_profile(path: &Path, profile: &str) -> Result<Option<Credentials>, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::with_source(ErrorKind::Credentials, e)),
    };
    parse_profile(&text, profile)
}

/// Finds `[profile]` and its keys; comments start with `#` or `;`.
pub(super) fn parse_profile(text: &str, profile: &str) -> Result<Option<Credentials>, Error> {
    let mut in_section = false;
    let mut found = false;
    let (mut access, mut secret, mut token) = (None, None, None);
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_section = name.trim() == profile;
            found |= in_section;
            continue;
        }
        let Some((key, value)) = line.split_once('=').filter(|_| in_section) else {
            continue;
        };
        let value = Some(value.trim().to_owned());
        match key.trim().to_ascii_lowercase().as_str() {
            "aws_access_key_id" => access = value,
            "aws_secret_access_key" => secret = value,
            "aws_session_token" => token = value,
            _ => {}
        }
    }
    if !found {
        return Ok(None);
    }
    let (Some(access), Some(secret)) = (access, secret) else {
        return Err(
            Error::new(ErrorKind::Credentials).detail("profile lacks an access key or secret")
        );
    };
    let credentials = Credentials::new(access, secret);
    Ok(Some(match token {
        Some(token) => credentials.with_session_token(token),
        None => credentials,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# comment\n[default]\naws_access_key_id = AKDEF\naws_secret_access_key=sdef\n\n[work]\n; another\naws_access_key_id=AKWORK\naws_secret_access_key = swork\naws_session_token = tok\n[broken]\naws_access_key_id=X\n";

    #[test]
    fn picks_the_named_profile() {
        let work = parse_profile(FILE, "work").ok().flatten().expect("work");
        assert_eq!(work.keys().access_key(), "AKWORK");
        assert_eq!(work.keys().secret_key(), "swork");
        assert_eq!(work.keys().session_token(), Some("tok"));
        let default = parse_profile(FILE, "default")
            .ok()
            .flatten()
            .expect("default");
        assert_eq!(default.keys().access_key(), "AKDEF");
    }

    #[test]
    fn missing_profile_is_anonymous_and_incomplete_is_an_error() {
        assert!(matches!(parse_profile(FILE, "nope"), Ok(None)));
        let Err(err) = parse_profile(FILE, "broken") else {
            panic!("expected an error")
        };
        assert_eq!(err.kind(), ErrorKind::Credentials);
    }
}
