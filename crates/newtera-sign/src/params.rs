//! Signing parameters and their validating builder.

use std::sync::Arc;
use std::time::SystemTime;

use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::key::{SigningKey, SigningKeyCache};
use crate::policy::SignedHeaders;
use crate::time::SigningTime;

/// Everything a signature depends on besides the request: credentials,
/// region, service and time. Built only through [`SigningParams::builder`],
/// which validates every field, so a value of this type is always usable.
#[derive(Debug, Clone)]
pub struct SigningParams {
    credentials: Credentials,
    region: String,
    service: String,
    time: SigningTime,
    content_sha256_header: bool,
    signed_headers: SignedHeaders,
    key_cache: Option<Arc<SigningKeyCache>>,
}

impl SigningParams {
    /// Starts a builder; `credentials`, `region` and `time` are required,
    /// `service` defaults to `s3`.
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use newtera_sign::{Credentials, SigningParams};
    /// let params = SigningParams::builder()
    ///     .credentials(Credentials::new("AKID", "secret"))
    ///     .region("us-east-1")
    ///     .time(SystemTime::UNIX_EPOCH)
    ///     .build()?;
    /// assert_eq!(params.service(), "s3");
    /// # Ok::<(), newtera_sign::Error>(())
    /// ```
    pub fn builder() -> SigningParamsBuilder {
        SigningParamsBuilder::default()
    }

    /// The same parameters at another time, e.g. for re-signing a retried
    /// request with a fresh date.
    pub fn at(&self, time: SystemTime) -> Result<Self> {
        Ok(Self {
            time: SigningTime::new(time)?,
            ..self.clone()
        })
    }

    /// The credentials.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The signing region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The signing service (`s3` unless changed).
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The signing time.
    pub fn time(&self) -> &SigningTime {
        &self.time
    }

    /// Whether header signing adds and signs `x-amz-content-sha256`.
    pub fn content_sha256_header(&self) -> bool {
        self.content_sha256_header
    }

    /// Which request headers are signed (default [`SignedHeaders::All`]).
    pub fn signed_headers(&self) -> &SignedHeaders {
        &self.signed_headers
    }

    /// `DATE/REGION/SERVICE/aws4_request`.
    pub fn scope(&self) -> String {
        format!(
            "{}/{}/{}/aws4_request",
            self.time.date_stamp(),
            self.region,
            self.service
        )
    }

    /// `ACCESS_KEY/scope`, the value of `Credential=` and `X-Amz-Credential`.
    pub fn credential(&self) -> String {
        format!("{}/{}", self.credentials.access_key(), self.scope())
    }

    /// The derived signing key, from the cache when one was given.
    pub fn signing_key(&self) -> SigningKey {
        let date = self.time.date_stamp();
        let secret = self.credentials.secret_key();
        match &self.key_cache {
            Some(cache) => cache.get(secret, &date, &self.region, &self.service),
            None => SigningKey::derive(secret, &date, &self.region, &self.service),
        }
    }
}

/// Builder of [`SigningParams`]; [`build`](Self::build) reports the first
/// missing or invalid field as an [`Error`].
#[derive(Debug, Clone)]
#[must_use]
pub struct SigningParamsBuilder {
    credentials: Option<Credentials>,
    region: Option<String>,
    service: String,
    time: Option<SystemTime>,
    content_sha256_header: bool,
    signed_headers: SignedHeaders,
    key_cache: Option<Arc<SigningKeyCache>>,
}

impl Default for SigningParamsBuilder {
    fn default() -> Self {
        Self {
            credentials: None,
            region: None,
            service: "s3".to_owned(),
            time: None,
            content_sha256_header: true,
            signed_headers: SignedHeaders::All,
            key_cache: None,
        }
    }
}

impl SigningParamsBuilder {
    /// The credentials to sign with (required).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The region, e.g. `us-east-1` or `garage` (required).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The service name (default `s3`).
    pub fn service(mut self, service: impl Into<String>) -> Self {
        self.service = service.into();
        self
    }

    /// The signing time (required); this crate never reads the clock.
    pub fn time(mut self, time: SystemTime) -> Self {
        self.time = Some(time);
        self
    }

    /// Whether header signing adds and signs `x-amz-content-sha256`
    /// (default `true`, which S3 requires; `false` suits other services and
    /// the generic AWS test suite).
    pub fn content_sha256_header(mut self, enabled: bool) -> Self {
        self.content_sha256_header = enabled;
        self
    }

    /// Which request headers are signed (default [`SignedHeaders::All`]),
    /// e.g. `SignedHeaders::except(["content-length"])`.
    pub fn signed_headers(mut self, policy: SignedHeaders) -> Self {
        self.signed_headers = policy;
        self
    }

    /// Derives signing keys through this shared cache.
    pub fn key_cache(mut self, cache: Arc<SigningKeyCache>) -> Self {
        self.key_cache = Some(cache);
        self
    }

    /// Validates and builds the parameters.
    ///
    /// Errors: [`Error::MissingParameter`] (credentials, region or time
    /// not given), [`Error::InvalidCredentials`], [`Error::InvalidRegion`],
    /// [`Error::InvalidService`], [`Error::InvalidTime`] (before 1970 or
    /// after 9999).
    pub fn build(self) -> Result<SigningParams> {
        let credentials = self.credentials.ok_or(Error::MissingParameter {
            name: "credentials",
        })?;
        credentials.validate()?;
        let region = self
            .region
            .ok_or(Error::MissingParameter { name: "region" })?;
        validate_region(&region)?;
        validate_service(&self.service)?;
        let time = self.time.ok_or(Error::MissingParameter { name: "time" })?;
        Ok(SigningParams {
            credentials,
            region,
            service: self.service,
            time: SigningTime::new(time)?,
            content_sha256_header: self.content_sha256_header,
            signed_headers: self.signed_headers,
            key_cache: self.key_cache,
        })
    }
}

fn validate_region(region: &str) -> Result<()> {
    let ok = |b: u8| b.is_ascii_alphanumeric() || b"-_.".contains(&b);
    if region.is_empty() || !region.bytes().all(ok) {
        return Err(Error::InvalidRegion {
            region: region.to_owned(),
        });
    }
    Ok(())
}

fn validate_service(service: &str) -> Result<()> {
    let ok = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
    if service.is_empty() || !service.bytes().all(ok) {
        return Err(Error::InvalidService {
            service: service.to_owned(),
        });
    }
    Ok(())
}
