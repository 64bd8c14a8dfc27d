//! The credentials the client signs with, shared by the SigV4 layer and
//! the presigners.

use std::sync::Arc;
use std::time::SystemTime;

use newtera_sign::{SigningKeyCache, SigningParams};
use newtera_transport::sigv4::ProvideCredentials;
use newtera_transport::sigv4::credentials::{CachedCredentials, ChainProvider};

use crate::error::{Error, Result};

/// The credentials provider and a signing-key cache for presigning.
#[derive(Debug, Clone)]
pub(crate) struct Signer {
    pub(crate) provider: Arc<dyn ProvideCredentials>,
    key_cache: Arc<SigningKeyCache>,
}

impl Signer {
    pub(crate) fn new(provider: Arc<dyn ProvideCredentials>) -> Self {
        Self {
            provider,
            key_cache: Arc::new(SigningKeyCache::default()),
        }
    }

    /// Signing parameters for `region` at `time`; an error for anonymous
    /// clients, which cannot presign.
    pub(crate) async fn params(&self, region: &str, time: SystemTime) -> Result<SigningParams> {
        let credentials = self
            .provider
            .provide_credentials()
            .await
            .map_err(|e| Error::Credentials(Box::new(e)))?
            .ok_or_else(|| Error::invalid("an anonymous client cannot presign: set credentials"))?;
        SigningParams::builder()
            .credentials(credentials.keys().clone())
            .region(region)
            .time(time)
            .key_cache(self.key_cache.clone())
            .build()
            .map_err(|e| Error::invalid_because("signing parameters", e))
    }
}

/// The provider of a client built without credentials: the default chain
/// (environment, profile, web identity, container, IMDS), cached so it runs
/// once per expiry and concurrent requests share one refresh.
pub(crate) fn default_chain() -> Arc<dyn ProvideCredentials> {
    Arc::new(CachedCredentials::new(ChainProvider::default_chain()))
}
