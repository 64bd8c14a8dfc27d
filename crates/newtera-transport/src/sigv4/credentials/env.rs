//! Credentials from environment variables.

use std::fmt;
use std::sync::Arc;

use super::{Credentials, CredentialsFuture, Lookup, ProvideCredentials, process_env};

/// Reads `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, falling back
/// to `MINIO_ACCESS_KEY` / `MINIO_SECRET_KEY`; neither pair set means anonymous.
///
/// Variables are read on every call, so changes are picked up (wrap it in
/// [`CachedCredentials`](super::CachedCredentials) to read once).
#[derive(Clone)]
pub struct EnvCredentials {
    lookup: Lookup,
}

impl EnvCredentials {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self::from_lookup(process_env())
    }

    pub(super) fn from_lookup(lookup: Lookup) -> Self {
        Self { lookup }
    }

    /// Reads variables through `lookup` (tests, embedders with their own environment).
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self {
            lookup: Arc::new(lookup),
        }
    }

    fn read(&self) -> Option<Credentials> {
        let var = |name: &str| (self.lookup)(name).filter(|v| !v.is_empty());
        if let (Some(access), Some(secret)) =
            (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY"))
        {
            let credentials = Credentials::new(access, secret);
            return Some(match var("AWS_SESSION_TOKEN") {
                Some(token) => credentials.with_session_token(token),
                None => credentials,
            });
        }
        let (access, secret) = (var("MINIO_ACCESS_KEY")?, var("MINIO_SECRET_KEY")?);
        Some(Credentials::new(access, secret))
    }
}

impl Default for EnvCredentials {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for EnvCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnvCredentials").finish_non_exhaustive()
    }
}

impl ProvideCredentials for EnvCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(Ok(self.read())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(vars: &'static [(&'static str, &'static str)]) -> Option<Credentials> {
        EnvCredentials::with_lookup(move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
        .read()
    }

    #[test]
    fn aws_variables_win_and_carry_the_token() {
        let c = read(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
            ("AWS_SESSION_TOKEN", "tok"),
            ("MINIO_ACCESS_KEY", "minio"),
            ("MINIO_SECRET_KEY", "minio-secret"),
        ])
        .expect("credentials");
        assert_eq!(c.keys().access_key(), "AKID");
        assert_eq!(c.keys().session_token(), Some("tok"));
    }

    #[test]
    fn minio_variables_are_the_fallback() {
        let c = read(&[
            ("MINIO_ACCESS_KEY", "minio"),
            ("MINIO_SECRET_KEY", "minio-secret"),
        ]);
        assert_eq!(c.expect("credentials").keys().access_key(), "minio");
    }

    #[test]
    fn half_a_pair_is_anonymous() {
        assert!(read(&[("AWS_ACCESS_KEY_ID", "AKID")]).is_none());
        assert!(read(&[]).is_none());
    }
}
