//! MinIO's STS extensions: temporary credentials for LDAP users, OAuth2 client grants,
//! identity-plugin tokens and TLS client certificates.
//!
//! Sources: MinIO `docs/sts/ldap.md`, `client-grants.md`, `custom-token-identity.md`,
//! `tls.md`. All four are unsigned `POST`s of the STS form to the MinIO endpoint and
//! answer the standard STS XML (see [`newtera_proto::sts`]).

use std::time::Duration;

use newtera_proto::sts::StsRequest;

use super::sts::StsEndpoint;
use super::{Credentials, CredentialsFuture, ProvideCredentials};
use crate::error::Error;

/// Which MinIO STS call to make.
#[derive(Clone)]
enum Kind {
    Ldap { username: String, password: String },
    ClientGrants { token: String },
    CustomToken { token: String, role_arn: String },
    Certificate,
}

/// Temporary credentials from MinIO's STS.
///
/// Errors: [`ErrorKind::Credentials`](crate::ErrorKind::Credentials) when MinIO refuses
/// (the source is the STS error: code, message), [`ErrorKind::Timeout`](crate::ErrorKind::Timeout)
/// when it does not answer. Wrap it in [`CachedCredentials`](super::CachedCredentials);
/// MinIO's default duration is 1 hour.
///
/// ```no_run
/// use newtera_transport::sigv4::credentials::{CachedCredentials, MinioStsProvider, StsEndpoint};
/// # fn run() -> Result<(), newtera_transport::Error> {
/// let sts = StsEndpoint::new("https://minio.example.com:9000", "us-east-1")?;
/// let ldap = MinioStsProvider::ldap(sts, "alice", "ldap-password");
/// let provider = CachedCredentials::new(ldap);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct MinioStsProvider {
    sts: StsEndpoint,
    kind: Kind,
    duration: Option<Duration>,
    policy: Option<String>,
}

impl MinioStsProvider {
    fn new(sts: StsEndpoint, kind: Kind) -> Self {
        Self {
            sts,
            kind,
            duration: None,
            policy: None,
        }
    }

    /// `AssumeRoleWithLDAPIdentity` with an LDAP user name and password.
    pub fn ldap(
        sts: StsEndpoint,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        let kind = Kind::Ldap {
            username: username.into(),
            password: password.into(),
        };
        Self::new(sts, kind)
    }

    /// `AssumeRoleWithClientGrants` with an OAuth2 access token (client credentials grant).
    pub fn client_grants(sts: StsEndpoint, token: impl Into<String>) -> Self {
        Self::new(
            sts,
            Kind::ClientGrants {
                token: token.into(),
            },
        )
    }

    /// `AssumeRoleWithCustomToken` with a token for MinIO's identity plugin and the
    /// plugin's role ARN.
    pub fn custom_token(
        sts: StsEndpoint,
        token: impl Into<String>,
        role_arn: impl Into<String>,
    ) -> Self {
        let kind = Kind::CustomToken {
            token: token.into(),
            role_arn: role_arn.into(),
        };
        Self::new(sts, kind)
    }

    /// `AssumeRoleWithCertificate`: the client certificate of `sts`'s HTTP service
    /// ([`HttpServiceBuilder::client_identity_pem`](crate::HttpServiceBuilder::client_identity_pem))
    /// is the identity; the endpoint must be HTTPS.
    pub fn certificate(sts: StsEndpoint) -> Self {
        Self::new(sts, Kind::Certificate)
    }

    /// `DurationSeconds` (MinIO: 900 s to 7 days or the token's own expiry).
    #[must_use]
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = Some(duration);
        self
    }

    /// An inline session policy (JSON); not accepted by `AssumeRoleWithCertificate`.
    #[must_use]
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into());
        self
    }

    fn request(&self) -> StsRequest {
        let mut request = match &self.kind {
            Kind::Ldap { username, password } => {
                StsRequest::assume_role_with_ldap_identity(username.clone(), password.clone())
            }
            Kind::ClientGrants { token } => {
                StsRequest::assume_role_with_client_grants(token.clone())
            }
            Kind::CustomToken { token, role_arn } => {
                StsRequest::assume_role_with_custom_token(token.clone(), role_arn.clone())
            }
            Kind::Certificate => StsRequest::assume_role_with_certificate(),
        };
        if let Some(duration) = self.duration {
            request =
                request.duration_seconds(u32::try_from(duration.as_secs()).unwrap_or(u32::MAX));
        }
        if let Some(policy) = &self.policy {
            request = request.policy(policy.clone());
        }
        request
    }

    async fn assume(&self) -> Result<Option<Credentials>, Error> {
        self.sts.call(&self.request(), None).await.map(Some)
    }
}

impl std::fmt::Debug for MinioStsProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &self.kind {
            Kind::Ldap { username, .. } => format!("ldap({username})"),
            Kind::ClientGrants { .. } => "client_grants".to_owned(),
            Kind::CustomToken { .. } => "custom_token".to_owned(),
            Kind::Certificate => "certificate".to_owned(),
        };
        f.debug_struct("MinioStsProvider")
            .field("sts", &self.sts)
            .field("kind", &kind)
            .field("duration", &self.duration)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for MinioStsProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.assume())
    }
}
