//! The AWS Security Token Service (STS) wire format, sans-IO: request forms
//! and the XML answers that carry temporary credentials.
//!
//! STS is a query protocol: a `POST /` with an
//! `application/x-www-form-urlencoded` body
//! (`Action=AssumeRole&Version=2011-06-15&…`), answered by
//! `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">`
//! holding `<AssumeRoleResult><Credentials>` (`AccessKeyId`,
//! `SecretAccessKey`, `SessionToken`, `Expiration` in RFC 3339), or, on
//! failure, `<ErrorResponse><Error><Code>…</Code><Message>…</Message></Error>`.
//! Sources: the AWS STS API reference (`API_AssumeRole`,
//! `API_AssumeRoleWithWebIdentity`, `CommonParameters`) and MinIO's STS
//! documents (`docs/sts/*.md`: LDAP, client grants, certificate, custom token).
//!
//! ```
//! use newtera_proto::sts::{decode_credentials, StsRequest};
//!
//! let form = StsRequest::assume_role("arn:aws:iam::123:role/r", "session")
//!     .duration_seconds(900)
//!     .form();
//! assert_eq!(
//!     form,
//!     "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123%3Arole%2Fr\
//!      &RoleSessionName=session&DurationSeconds=900"
//! );
//! let xml = br#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
//!   <AssumeRoleResult><Credentials><AccessKeyId>AK</AccessKeyId>
//!   <SecretAccessKey>SK</SecretAccessKey><SessionToken>TOK</SessionToken>
//!   <Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult>
//!   </AssumeRoleResponse>"#;
//! let creds = decode_credentials(http::StatusCode::OK, xml)?;
//! assert_eq!(creds.access_key_id, "AK");
//! assert_eq!(creds.expiration.unix_seconds(), 1_893_456_000);
//! # Ok::<(), newtera_proto::Error>(())
//! ```

use std::fmt;

use http::StatusCode;

use crate::encode::encode_query;
use crate::error::{Error, S3Error};
use crate::error_code::{ErrorCode, Target};
use crate::types::Timestamp;
use crate::xml::{Node, parse};

/// The STS API version every request names.
pub const VERSION: &str = "2011-06-15";

/// The `Content-Type` of an STS request body.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// One STS call: the action and its parameters, in order.
///
/// `Debug` prints parameter names only: tokens, passwords and policies stay hidden.
#[derive(Clone, PartialEq, Eq)]
pub struct StsRequest {
    action: &'static str,
    params: Vec<(&'static str, String)>,
}

impl StsRequest {
    fn new(action: &'static str) -> Self {
        Self {
            action,
            params: Vec::new(),
        }
    }

    fn param(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.params.push((name, value.into()));
        self
    }

    /// `AssumeRole`: signed with the source credentials.
    pub fn assume_role(role_arn: impl Into<String>, session_name: impl Into<String>) -> Self {
        Self::new("AssumeRole")
            .param("RoleArn", role_arn)
            .param("RoleSessionName", session_name)
    }

    /// `AssumeRoleWithWebIdentity`: unsigned; the OpenID Connect token proves the identity.
    pub fn assume_role_with_web_identity(
        role_arn: impl Into<String>,
        session_name: impl Into<String>,
        token: impl Into<String>,
    ) -> Self {
        Self::new("AssumeRoleWithWebIdentity")
            .param("RoleArn", role_arn)
            .param("RoleSessionName", session_name)
            .param("WebIdentityToken", token)
    }

    /// MinIO `AssumeRoleWithLDAPIdentity`: unsigned; an LDAP user name and password.
    pub fn assume_role_with_ldap_identity(
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        Self::new("AssumeRoleWithLDAPIdentity")
            .param("LDAPUsername", username)
            .param("LDAPPassword", password)
    }

    /// MinIO `AssumeRoleWithClientGrants`: unsigned; an OAuth2 client-credentials token.
    pub fn assume_role_with_client_grants(token: impl Into<String>) -> Self {
        Self::new("AssumeRoleWithClientGrants").param("Token", token)
    }

    /// MinIO `AssumeRoleWithCustomToken`: unsigned; a token checked by an identity plugin.
    pub fn assume_role_with_custom_token(
        token: impl Into<String>,
        role_arn: impl Into<String>,
    ) -> Self {
        Self::new("AssumeRoleWithCustomToken")
            .param("Token", token)
            .param("RoleArn", role_arn)
    }

    /// MinIO `AssumeRoleWithCertificate`: unsigned; the TLS client certificate proves
    /// the identity, so the request must travel over mutual TLS.
    pub fn assume_role_with_certificate() -> Self {
        Self::new("AssumeRoleWithCertificate")
    }

    /// `DurationSeconds`: the credentials' lifetime (AWS: 900 s to the role's maximum,
    /// default 3600 s).
    #[must_use]
    pub fn duration_seconds(self, seconds: u32) -> Self {
        self.param("DurationSeconds", seconds.to_string())
    }

    /// `ExternalId` (AssumeRole only): the value a third party's trust policy requires.
    #[must_use]
    pub fn external_id(self, id: impl Into<String>) -> Self {
        self.param("ExternalId", id)
    }

    /// `Policy`: an inline session policy (JSON) that narrows the role's permissions.
    #[must_use]
    pub fn policy(self, policy: impl Into<String>) -> Self {
        self.param("Policy", policy)
    }

    /// `ProviderId` (AssumeRoleWithWebIdentity, OAuth 2.0 providers only).
    #[must_use]
    pub fn provider_id(self, id: impl Into<String>) -> Self {
        self.param("ProviderId", id)
    }

    /// The action name, e.g. `AssumeRole`.
    pub fn action(&self) -> &'static str {
        self.action
    }

    /// The form-encoded request body.
    pub fn form(&self) -> String {
        let mut form = format!("Action={}&Version={VERSION}", self.action);
        for (name, value) in &self.params {
            form.push('&');
            form.push_str(name);
            form.push('=');
            form.push_str(&encode_query(value));
        }
        form
    }
}

impl fmt::Debug for StsRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<_> = self.params.iter().map(|(name, _)| *name).collect();
        f.debug_struct("StsRequest")
            .field("action", &self.action)
            .field("params", &names)
            .finish()
    }
}

/// Temporary credentials from an STS answer.
///
/// `Debug` shows the access key id and expiry only.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StsCredentials {
    /// `AccessKeyId`.
    pub access_key_id: String,
    /// `SecretAccessKey`.
    pub secret_access_key: String,
    /// `SessionToken`.
    pub session_token: String,
    /// `Expiration`, UTC.
    pub expiration: Timestamp,
}

impl fmt::Debug for StsCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StsCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("expiration", &self.expiration)
            .finish_non_exhaustive()
    }
}

/// Decodes an STS answer: the credentials of a 2xx `…Response/…Result/Credentials`
/// document, or [`Error::Service`] from an `ErrorResponse` (or the status alone).
///
/// Errors never contain the document's text, which may hold secrets.
pub fn decode_credentials(status: StatusCode, body: &[u8]) -> Result<StsCredentials, Error> {
    if !status.is_success() {
        return Err(Error::Service(Box::new(decode_error(status, body))));
    }
    let root = parse(body)?;
    if root.name == "ErrorResponse" || root.name == "Error" {
        return Err(Error::Service(Box::new(decode_error(status, body))));
    }
    let credentials = root
        .children
        .iter()
        .find(|c| c.name.ends_with("Result"))
        .and_then(|result| result.child("Credentials"))
        .ok_or(Error::MissingField("Credentials"))?;
    from_node(credentials)
}

fn from_node(node: &Node<'_>) -> Result<StsCredentials, Error> {
    let field = |name: &'static str| {
        node.required(name)
            .map(str::trim)
            .map(str::to_owned)
            .and_then(|v| match v.is_empty() {
                true => Err(Error::MissingField(name)),
                false => Ok(v),
            })
    };
    let expiration = node.required("Expiration")?;
    let expiration =
        Timestamp::parse_rfc3339(expiration.trim()).map_err(|_| Error::InvalidField {
            field: "Expiration",
            reason: "not an RFC 3339 time".to_owned(),
        })?;
    Ok(StsCredentials {
        access_key_id: field("AccessKeyId")?,
        secret_access_key: field("SecretAccessKey")?,
        session_token: field("SessionToken")?,
        expiration,
    })
}

/// The error of an STS answer: `ErrorResponse/Error/{Code,Message}` and `RequestId`.
pub fn decode_error(status: StatusCode, body: &[u8]) -> S3Error {
    let fallback = || S3Error::from_status(status, ErrorCode::from_status(status, Target::Service));
    let Ok(root) = parse(body) else {
        return fallback();
    };
    let error = match root.name {
        "Error" => &root,
        _ => match root.child("Error") {
            Some(error) => error,
            None => return fallback(),
        },
    };
    let mut err = fallback();
    if let Some(code) = error.text_of("Code").filter(|c| !c.is_empty()) {
        err.code = ErrorCode::parse(code);
    }
    if let Some(message) = error.text_of("Message") {
        err.message = message.to_owned();
    }
    err.request_id = root
        .text_of("RequestId")
        .or_else(|| error.text_of("RequestId"))
        .map(str::to_owned);
    err
}
