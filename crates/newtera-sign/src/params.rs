//! Signing parameters and their validating builder.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::SystemTime;

use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::key::{SigningKey, SigningKeyCache};
use crate::policy::SignedHeaders;
use crate::time::SigningTime;

/// The length of a scope without its region and service:
/// `YYYYMMDD` `/` `/` `/aws4_request`.
const SCOPE_FIXED_LEN: usize = 8 + 2 + 13;
/// Everything a signature depends on besides the request: credentials,
/// region, service and time. Built only through [`SigningParams::builder`],
/// which validates every field, so a value of this type is always usable.
#[derive(Debug, Clone)]
pub struct SigningParams {
    credentials: Credentials,
    // Shared and static: clients build parameters for every request.
    region: Arc<str>,
    service: Cow<'static, str>,
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
        let mut out = String::with_capacity(self.scope_len());
        self.write_scope(&mut out);
        out
    }

    /// The length of [`scope`](Self::scope).
    pub(crate) fn scope_len(&self) -> usize {
        SCOPE_FIXED_LEN + self.region.len() + self.service.len()
    }

    /// Appends [`scope`](Self::scope) to `out`.
    pub(crate) fn write_scope(&self, out: &mut String) {
        self.time.write_date_stamp(out);
        // Writing to a `String` cannot fail.
        let _ = write!(out, "/{}/{}/aws4_request", self.region, self.service);
    }

    /// `ACCESS_KEY/scope`, the value of `Credential=` and `X-Amz-Credential`.
    pub fn credential(&self) -> String {
        let mut out = String::with_capacity(self.credential_len());
        self.write_credential(&mut out);
        out
    }

    /// The length of [`credential`](Self::credential).
    pub(crate) fn credential_len(&self) -> usize {
        self.credentials.access_key().len() + 1 + self.scope_len()
    }

    /// Appends [`credential`](Self::credential) to `out`.
    pub(crate) fn write_credential(&self, out: &mut String) {
        out.push_str(self.credentials.access_key());
        out.push('/');
        self.write_scope(out);
    }

    /// The derived signing key, from the cache when one was given.
    pub fn signing_key(&self) -> SigningKey {
        let digits = self.time.date_stamp_digits();
        let date = std::str::from_utf8(&digits).unwrap_or_default();
        let secret = self.credentials.secret_key();
        match &self.key_cache {
            Some(cache) => cache.get(secret, date, &self.region, &self.service),
            None => SigningKey::derive(secret, date, &self.region, &self.service),
        }
    }
}

/// Builder of [`SigningParams`]; [`build`](Self::build) reports the first
/// missing or invalid field as an [`Error`].
#[derive(Debug, Clone)]
#[must_use]
pub struct SigningParamsBuilder {
    credentials: Option<Credentials>,
    region: Option<Arc<str>>,
    service: Cow<'static, str>,
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
            service: Cow::Borrowed("s3"),
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
        self.region = Some(region.into().into());
        self
    }

    /// As [`region`](Self::region), sharing the string instead of copying
    /// it: for a client that builds parameters for every request.
    pub fn shared_region(mut self, region: Arc<str>) -> Self {
        self.region = Some(region);
        self
    }

    /// The service name (default `s3`).
    pub fn service(mut self, service: impl Into<String>) -> Self {
        self.service = Cow::Owned(service.into());
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
