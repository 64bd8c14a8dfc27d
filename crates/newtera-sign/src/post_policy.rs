//! POST policies for browser (`multipart/form-data`) uploads.

use std::fmt;
use std::time::SystemTime;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::canonical::ALGORITHM;
use crate::encode::encode_uri_component;
use crate::error::{Error, Result};
use crate::names::{NameRules, validate_bucket_name, validate_object_key};
use crate::params::SigningParams;
use crate::time::SigningTime;
use crate::url::ParsedUrl;

/// One policy condition on a form field.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Condition {
    /// The field must equal the value.
    Eq(String, String),
    /// The field must start with the prefix.
    StartsWith(String, String),
}

impl Condition {
    /// The form field the condition is on.
    fn field(&self) -> &str {
        match self {
            Self::Eq(field, _) | Self::StartsWith(field, _) => field,
        }
    }
}

/// A POST policy under construction: what a browser form may upload.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use newtera_sign::{Credentials, PostPolicy, SigningParams};
///
/// let now = UNIX_EPOCH + Duration::from_secs(1_451_347_200); // 2015-12-29
/// let params = SigningParams::builder()
///     .credentials(Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
///     .region("us-east-1")
///     .time(now)
///     .build()?;
/// let form = PostPolicy::new("sigv4examplebucket", now + Duration::from_secs(3600))
///     .key_starts_with("user/user1/")
///     .content_type_starts_with("image/")
///     .content_length_range(1, 10 << 20)
///     .sign(&params)?;
/// assert_eq!(form.field("key"), Some("user/user1/${filename}"));
/// assert!(form.field("x-amz-signature").is_some());
/// # Ok::<(), newtera_sign::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct PostPolicy {
    bucket: String,
    rules: NameRules,
    expiration: SystemTime,
    key: Option<Condition>,
    content_length_range: Option<(u64, u64)>,
    conditions: Vec<Condition>,
}

impl PostPolicy {
    /// A policy for uploads into `bucket` that expires at `expiration`.
    ///
    /// The bucket name is checked when signing, by default with
    /// [`NameRules::Strict`] (a form is usually posted to a virtual-hosted
    /// URL, where the name is a DNS label); see [`name_rules`](Self::name_rules).
    pub fn new(bucket: impl Into<String>, expiration: SystemTime) -> Self {
        Self {
            bucket: bucket.into(),
            rules: NameRules::Strict,
            expiration,
            key: None,
            content_length_range: None,
            conditions: Vec::new(),
        }
    }

    /// The bucket the form uploads to.
    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// The bucket-name rules checked when signing (default
    /// [`NameRules::Strict`]); [`NameRules::Relaxed`] admits legacy names
    /// such as `My_Bucket` for path-style posting.
    pub fn name_rules(mut self, rules: NameRules) -> Self {
        self.rules = rules;
        self
    }

    /// Only this exact key may be uploaded.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(Condition::Eq("key".to_owned(), key.into()));
        self
    }

    /// Any key under this prefix may be uploaded; the form's `key` field
    /// becomes `prefix${filename}`.
    pub fn key_starts_with(mut self, prefix: impl Into<String>) -> Self {
        self.key = Some(Condition::StartsWith("key".to_owned(), prefix.into()));
        self
    }

    /// The upload's `Content-Type` must be exactly this (also a form field).
    pub fn content_type(self, content_type: impl Into<String>) -> Self {
        self.condition("Content-Type", content_type)
    }

    /// The upload's `Content-Type` must start with this prefix.
    pub fn content_type_starts_with(self, prefix: impl Into<String>) -> Self {
        self.starts_with("Content-Type", prefix)
    }

    /// The file must be between `min` and `max` bytes, inclusive.
    pub fn content_length_range(mut self, min: u64, max: u64) -> Self {
        self.content_length_range = Some((min, max));
        self
    }

    /// A custom exact-match condition; the field is added to the form.
    pub fn condition(mut self, field: impl Into<String>, value: impl Into<String>) -> Self {
        self.conditions
            .push(Condition::Eq(field.into(), value.into()));
        self
    }

    /// A custom `starts-with` condition; the form must supply the field.
    pub fn starts_with(mut self, field: impl Into<String>, prefix: impl Into<String>) -> Self {
        self.conditions
            .push(Condition::StartsWith(field.into(), prefix.into()));
        self
    }

    /// The policy document for these params, with the `x-amz-*` conditions.
    pub fn to_json(&self, params: &SigningParams) -> Result<String> {
        self.validate(params)?;
        let key = self.key.as_ref().ok_or(Error::InvalidPolicy {
            reason: "no key or key prefix condition",
        })?;
        let expiration = SigningTime::new(self.expiration)?.iso8601_millis();
        let mut conds = vec![format!("{{\"bucket\":{}}}", json_str(&self.bucket))];
        conds.push(condition_json(key));
        conds.extend(self.conditions.iter().map(condition_json));
        if let Some((min, max)) = self.content_length_range {
            conds.push(format!("[\"content-length-range\",{min},{max}]"));
        }
        for (name, value) in amz_fields(params) {
            conds.push(format!("{{{}:{}}}", json_str(name), json_str(&value)));
        }
        Ok(format!(
            "{{\"expiration\":{},\"conditions\":[{}]}}",
            json_str(&expiration),
            conds.join(",")
        ))
    }

    fn validate(&self, params: &SigningParams) -> Result<()> {
        let invalid = |reason| Err(Error::InvalidPolicy { reason });
        validate_bucket_name(&self.bucket, self.rules)?;
        if let Some(Condition::Eq(_, key)) = &self.key {
            validate_object_key(key)?;
        }
        if self.conditions.iter().any(|c| {
            let name = c.field();
            name.is_empty()
                || SET_BY_THE_POLICY
                    .iter()
                    .any(|own| name.eq_ignore_ascii_case(own))
        }) {
            return invalid(
                "a condition names no field, or a field the policy sets itself (key, bucket, \
                 policy, file, x-amz-algorithm, -credential, -date, -signature, -security-token)",
            );
        }
        if matches!(self.content_length_range, Some((min, max)) if min > max) {
            return invalid("content-length-range minimum exceeds maximum");
        }
        let expires = SigningTime::new(self.expiration)?.epoch_seconds();
        if expires <= params.time().epoch_seconds() {
            return invalid("expiration is not after the signing time");
        }
        Ok(())
    }

    /// Signs the policy and returns every form field to post.
    ///
    /// Errors: [`Error::InvalidBucketName`], [`Error::InvalidObjectKey`]
    /// (an empty exact key), [`Error::InvalidPolicy`] (no key condition, a
    /// reversed length range, an expiration not after the signing time, a
    /// custom condition without a field name or on a field the policy sets
    /// itself such as `key` or `x-amz-date`),
    /// [`Error::InvalidTime`]. Source: AWS S3 API Reference, "Browser-Based
    /// Uploads Using POST (AWS Signature Version 4)".
    pub fn sign(&self, params: &SigningParams) -> Result<PostForm> {
        let policy_json = self.to_json(params)?;
        let policy = STANDARD.encode(policy_json.as_bytes());
        let signature = params.signing_key().sign(&policy);
        let mut fields = self.condition_fields();
        fields.extend(amz_fields(params).map(|(n, v)| (n.to_owned(), v)));
        fields.push(("policy".to_owned(), policy.clone()));
        fields.push(("x-amz-signature".to_owned(), signature.clone()));
        Ok(PostForm {
            bucket: self.bucket.clone(),
            fields,
            policy_json,
            policy,
            signature,
        })
    }

    /// The `key` field and one field per exact-match condition.
    fn condition_fields(&self) -> Vec<(String, String)> {
        let key = match &self.key {
            Some(Condition::Eq(_, key)) => key.clone(),
            Some(Condition::StartsWith(_, prefix)) => format!("{prefix}${{filename}}"),
            None => String::new(),
        };
        let mut fields = vec![("key".to_owned(), key)];
        for cond in &self.conditions {
            if let Condition::Eq(name, value) = cond {
                fields.push((name.clone(), value.clone()));
            }
        }
        fields
    }
}

/// Form fields the policy writes itself (`key` through
/// [`PostPolicy::key`]): a custom condition on one would contradict it.
const SET_BY_THE_POLICY: [&str; 9] = [
    "key",
    "bucket",
    "policy",
    "file",
    "x-amz-algorithm",
    "x-amz-credential",
    "x-amz-date",
    "x-amz-signature",
    "x-amz-security-token",
];

/// The `x-amz-*` fields that are both conditions and form fields.
fn amz_fields(params: &SigningParams) -> impl Iterator<Item = (&'static str, String)> {
    let token = params.credentials().session_token().map(str::to_owned);
    [
        ("x-amz-algorithm", Some(ALGORITHM.to_owned())),
        ("x-amz-credential", Some(params.credential())),
        ("x-amz-date", Some(params.time().amz_date())),
        ("x-amz-security-token", token),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| (name, v)))
}

fn condition_json(cond: &Condition) -> String {
    let (op, name, value) = match cond {
        Condition::Eq(n, v) => ("eq", n, v),
        Condition::StartsWith(n, v) => ("starts-with", n, v),
    };
    format!(
        "[{},{},{}]",
        json_str(op),
        json_str(&format!("${name}")),
        json_str(value)
    )
}

/// A JSON string literal.
fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A signed POST policy: the form fields to post before the `file` field.
///
/// `Debug` hides the signature and the session token.
#[derive(Clone, PartialEq, Eq)]
pub struct PostForm {
    bucket: String,
    fields: Vec<(String, String)>,
    policy_json: String,
    policy: String,
    signature: String,
}

impl PostForm {
    /// All form fields, in a valid posting order: `key`, condition fields,
    /// `x-amz-algorithm`, `x-amz-credential`, `x-amz-date`,
    /// `x-amz-security-token` (if any), `policy`, `x-amz-signature`.
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
    }

    /// The bucket the form uploads to.
    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// The URL to post the form to, path style: `endpoint` (`http(s)://host[:port]`,
    /// no path) followed by `/bucket`, e.g. `http://127.0.0.1:9000/photos`.
    /// This is what the newtera client returns and what works with every
    /// S3 server.
    ///
    /// Errors: [`Error::InvalidUrl`] when `endpoint` is not an `http(s)`
    /// URL without path, query and fragment.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use newtera_sign::{Credentials, PostPolicy, SigningParams};
    /// # let now = UNIX_EPOCH + Duration::from_secs(1_451_347_200);
    /// # let params = SigningParams::builder()
    /// #     .credentials(Credentials::new("AKID", "secret")).region("us-east-1").time(now).build()?;
    /// let form = PostPolicy::new("photos", now + Duration::from_secs(600)).key("cat.jpg").sign(&params)?;
    /// assert_eq!(form.action_url("http://127.0.0.1:9000")?, "http://127.0.0.1:9000/photos");
    /// assert_eq!(form.virtual_hosted_action_url("https://s3.amazonaws.com")?,
    ///     "https://photos.s3.amazonaws.com/");
    /// # Ok::<(), newtera_sign::Error>(())
    /// ```
    pub fn action_url(&self, endpoint: &str) -> Result<String> {
        let (scheme, authority) = endpoint_parts(endpoint)?;
        Ok(format!(
            "{scheme}://{authority}/{}",
            encode_uri_component(&self.bucket)
        ))
    }

    /// The URL to post the form to, virtual-hosted style:
    /// `scheme://bucket.host[:port]/` (what AWS S3's documentation shows).
    ///
    /// Errors: [`Error::InvalidUrl`] as for [`action_url`](Self::action_url),
    /// and [`Error::InvalidBucketName`] when the bucket cannot be a DNS
    /// label (it fails [`NameRules::Strict`] apart from AWS's reserved affixes).
    pub fn virtual_hosted_action_url(&self, endpoint: &str) -> Result<String> {
        let (scheme, authority) = endpoint_parts(endpoint)?;
        if !self
            .bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        {
            return Err(Error::InvalidBucketName {
                name: self.bucket.clone(),
                reason: "a virtual-hosted URL needs a DNS-compatible name (a-z, 0-9, `.`, `-`)",
            });
        }
        Ok(format!("{scheme}://{}.{authority}/", self.bucket))
    }

    /// The value of one field.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The policy document (JSON).
    pub fn policy_json(&self) -> &str {
        &self.policy_json
    }

    /// The base64 policy, the `policy` field and the string to sign.
    pub fn policy(&self) -> &str {
        &self.policy
    }

    /// The hex signature, the `x-amz-signature` field.
    pub fn signature(&self) -> &str {
        &self.signature
    }
}

/// `(scheme, authority)` of an endpoint URL without path or query.
fn endpoint_parts(endpoint: &str) -> Result<(&'static str, &str)> {
    let parsed = ParsedUrl::parse(endpoint)?;
    if parsed.path != "/" || !parsed.query.is_empty() || endpoint.ends_with('?') {
        return Err(Error::InvalidUrl {
            reason: "the endpoint must not have a path or query",
        });
    }
    Ok((parsed.scheme, parsed.authority))
}

impl fmt::Debug for PostForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.fields.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("PostForm")
            .field("bucket", &self.bucket)
            .field("fields", &names)
            .finish_non_exhaustive()
    }
}
