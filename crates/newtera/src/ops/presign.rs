//! Presigned URLs and POST policies: anyone holding them can do one thing
//! until they expire, without credentials.

use std::future::IntoFuture;
use std::time::{Duration, SystemTime};

use http::Method;
use newtera_proto::RequestParts;
pub use newtera_sign::PostPolicy;

use crate::client::Newtera;
use crate::error::{Error, Result};
use crate::future::OpFuture;
use crate::types::PresignedPost;

/// The default expiry of minio-py's presigned URLs: 7 days, also the most
/// SigV4 allows.
pub const DEFAULT_EXPIRY: Duration = Duration::from_secs(7 * 24 * 3600);

impl Newtera {
    /// A URL that downloads the object without credentials until it
    /// expires (default 7 days; 1 s to 7 days).
    pub fn presigned_get_object(&self, bucket: &str, object: &str) -> Presign {
        Presign::new(self, Method::GET, bucket, object)
    }

    /// A URL that uploads the object with a plain `PUT`.
    pub fn presigned_put_object(&self, bucket: &str, object: &str) -> Presign {
        Presign::new(self, Method::PUT, bucket, object)
    }

    /// The URL and form fields of a browser upload (POST) under `policy`.
    pub fn presigned_post_policy(&self, policy: PostPolicy) -> OpFuture<PresignedPost> {
        let client = self.clone();
        OpFuture::new(async move {
            let bucket = policy.bucket().to_owned();
            super::check_bucket(&client, &bucket)?;
            let region = client.region_for(Some(&bucket)).await?;
            let params = client
                .inner
                .signer
                .params(&region, SystemTime::now())
                .await?;
            // The client's own name check above already applied its rules.
            let rules = match client.endpoint().name_rules() {
                newtera_proto::validate::NameRules::Strict => newtera_sign::NameRules::Strict,
                _ => newtera_sign::NameRules::Relaxed,
            };
            let form = policy
                .name_rules(rules)
                .sign(&params)
                .map_err(|e| Error::invalid_because("POST policy", e))?;
            let parts = RequestParts::new(Method::POST, Some(&bucket), None);
            let uri = parts.uri(client.endpoint()).map_err(Error::from_encode)?;
            Ok(PresignedPost {
                url: uri.to_string(),
                fields: form.fields().to_vec(),
            })
        })
    }
}

/// The builder the presign methods return; await it for the URL.
#[derive(Debug)]
#[must_use = "nothing is signed until this is awaited"]
pub struct Presign {
    client: Newtera,
    method: Method,
    bucket: String,
    key: String,
    expires: Duration,
    query: Vec<(String, String)>,
    time: Option<SystemTime>,
}

impl Presign {
    fn new(client: &Newtera, method: Method, bucket: &str, key: &str) -> Self {
        Self {
            client: client.clone(),
            method,
            bucket: bucket.to_owned(),
            key: key.to_owned(),
            expires: DEFAULT_EXPIRY,
            query: Vec::new(),
            time: None,
        }
    }

    /// How long the URL works (1 second to 7 days).
    pub fn expires(mut self, expires: Duration) -> Self {
        self.expires = expires;
        self
    }

    /// A response header override, such as `response-content-type`.
    pub fn response_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// A specific version.
    pub fn version_id(mut self, version_id: impl Into<String>) -> Self {
        self.query.push(("versionId".into(), version_id.into()));
        self
    }

    /// The signing time (default: now), for URLs valid from a later moment.
    pub fn request_date(mut self, time: SystemTime) -> Self {
        self.time = Some(time);
        self
    }

    async fn sign(self) -> Result<String> {
        super::check_object(&self.client, &self.bucket, &self.key)?;
        newtera_sign::validate_expiry(self.expires)
            .map_err(|e| Error::invalid_because("expiry", e))?;
        let region = self.client.region_for(Some(&self.bucket)).await?;
        let params = self
            .client
            .inner
            .signer
            .params(&region, self.time.unwrap_or_else(SystemTime::now))
            .await?;
        let parts = RequestParts::new(self.method.clone(), Some(&self.bucket), Some(&self.key));
        let uri = parts
            .uri(self.client.endpoint())
            .map_err(Error::from_encode)?;
        let extra: Vec<(&str, &str)> = self
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        newtera_sign::presign_url(
            self.method.as_str(),
            &uri.to_string(),
            self.expires,
            &extra,
            &params,
        )
        .map_err(|e| Error::invalid_because("presigned URL", e))
    }
}

impl IntoFuture for Presign {
    type Output = Result<String>;
    type IntoFuture = OpFuture<String>;

    fn into_future(self) -> Self::IntoFuture {
        OpFuture::new(self.sign())
    }
}
