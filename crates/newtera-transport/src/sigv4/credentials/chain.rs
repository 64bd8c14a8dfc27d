//! A chain of providers tried in order, and the default chain.

use std::sync::Arc;

use super::http::{failure, failure_from};
use super::sts::WebIdentityProvider;
use super::{
    ContainerCredentials, CredentialsFuture, EnvCredentials, ImdsCredentials, Lookup,
    ProfileCredentials, ProvideCredentials, process_env,
};
use crate::error::Error;

/// Tries providers in order: the first with credentials wins.
///
/// A provider answering `Ok(None)` (its source is absent) passes to the next; an error
/// (its source is present but broken, e.g. a profile naming a missing role) stops the
/// chain, as in aws-config, so a misconfiguration is not hidden by a later source. When
/// no provider has credentials the answer is an
/// [`ErrorKind::Credentials`](crate::ErrorKind::Credentials) error listing every step
/// tried; a chain never answers anonymous. Each step and its outcome is logged with
/// `tracing` at debug level (names and outcomes only, never keys).
///
/// ```
/// use newtera_transport::sigv4::credentials::{ChainProvider, EnvCredentials, ProfileCredentials};
/// let chain = ChainProvider::first_try("environment", EnvCredentials::new())
///     .or_else("profile work", ProfileCredentials::new().profile("work"));
/// ```
#[derive(Debug, Clone)]
pub struct ChainProvider {
    steps: Vec<(String, Arc<dyn ProvideCredentials>)>,
}

impl ChainProvider {
    /// A chain that starts with `provider`, called `name` in logs and errors.
    pub fn first_try(name: impl Into<String>, provider: impl ProvideCredentials + 'static) -> Self {
        Self { steps: Vec::new() }.or_else(name, provider)
    }

    /// Adds `provider` after the others.
    #[must_use]
    pub fn or_else(
        mut self,
        name: impl Into<String>,
        provider: impl ProvideCredentials + 'static,
    ) -> Self {
        self.steps.push((name.into(), Arc::new(provider)));
        self
    }

    /// The default chain, in aws-config's order:
    ///
    /// | step | provider | source |
    /// |---|---|---|
    /// | 1 | [`EnvCredentials`] | `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, then `MINIO_ACCESS_KEY` / `MINIO_SECRET_KEY` |
    /// | 2 | [`ProfileCredentials`] | `AWS_PROFILE` in `~/.aws/config` and `~/.aws/credentials` |
    /// | 3 | [`WebIdentityProvider`] | `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` |
    /// | 4 | [`ContainerCredentials`] | `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `_FULL_URI` |
    /// | 5 | [`ImdsCredentials`] | EC2 instance metadata, unless `AWS_EC2_METADATA_DISABLED=true` |
    ///
    /// Wrap it in [`CachedCredentials`](super::CachedCredentials) (the `newtera` client
    /// does) so the chain runs once per expiry, not once per request.
    pub fn default_chain() -> Self {
        Self::default_with(process_env())
    }

    /// As [`default_chain`](Self::default_chain), every step reading variables through
    /// `lookup` instead of the process environment.
    pub fn default_chain_with(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        Self::default_with(Arc::new(lookup))
    }

    pub(super) fn default_with(env: Lookup) -> Self {
        Self::first_try("environment", EnvCredentials::from_lookup(env.clone()))
            .or_else("profile", ProfileCredentials::from_lookup(env.clone()))
            .or_else("web identity", LazyWebIdentity(env.clone()))
            .or_else("container", ContainerCredentials::from_lookup(&env))
            .or_else("EC2 instance metadata", ImdsCredentials::from_lookup(&env))
    }

    /// The steps' names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.steps.iter().map(|(name, _)| name.as_str())
    }

    async fn walk(&self) -> Result<Option<super::Credentials>, Error> {
        let mut tried = Vec::with_capacity(self.steps.len());
        for (name, provider) in &self.steps {
            match provider.provide_credentials().await {
                Ok(Some(credentials)) => {
                    tracing::debug!(step = %name, outcome = "found", "credentials chain");
                    return Ok(Some(credentials));
                }
                Ok(None) => {
                    tracing::debug!(step = %name, outcome = "not configured", "credentials chain");
                    tried.push(name.as_str());
                }
                Err(e) => {
                    tracing::debug!(step = %name, outcome = "failed", error = %e, "credentials chain");
                    return Err(failure_from(
                        format!("credentials chain step {name:?} failed"),
                        e,
                    ));
                }
            }
        }
        Err(failure(format!(
            "no credentials found; tried: {} (set keys, or call anonymous() for unsigned requests)",
            tried.join(", ")
        )))
    }
}

impl ProvideCredentials for ChainProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.walk())
    }
}

/// Web identity read from the environment at call time, so a chain built before the
/// variables are set (or with them unset) behaves like the others.
#[derive(Clone)]
struct LazyWebIdentity(Lookup);

impl std::fmt::Debug for LazyWebIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebIdentityProvider(from environment)")
    }
}

impl ProvideCredentials for LazyWebIdentity {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            match WebIdentityProvider::from_lookup(&self.0)? {
                Some(provider) => provider.provide_credentials().await,
                None => Ok(None),
            }
        })
    }
}
