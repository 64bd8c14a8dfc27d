//! Presigned URLs and POST policies: anyone holding them can do one thing
//! until they expire, without credentials.

use std::future::IntoFuture;
use std::time::{Duration, SystemTime};

use http::Method;
use newtera_proto::RequestParts;
use newtera_proto::op::multipart::{check_part_number, check_upload_id};
use newtera_proto::op::object::{ResponseOverrides, Sse};
use newtera_proto::validate::validate_version_id;
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

    /// A URL for any request on an object (minio-py's
    /// `get_presigned_url`): `HEAD`, `DELETE`, an UploadPart (`PUT` with
    /// [`Presign::upload_part`]), a GET with query parameters of your own.
    /// A method S3 has no object request for (`OPTIONS`, `TRACE`, …) is an
    /// [`Error::InvalidArgument`] when awaited.
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
    /// let head = client.presigned_url(http::Method::HEAD, "photos", "a.jpg").await?;
    /// let part = client
    ///     .presigned_url(http::Method::PUT, "photos", "big.iso")
    ///     .upload_part("UPLOAD-ID", 3)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn presigned_url(&self, method: Method, bucket: &str, object: &str) -> Presign {
        Presign::new(self, method, bucket, object)
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

/// The methods of S3's object requests; a URL for any other could never be
/// used (a CORS preflight `OPTIONS` is not signed).
const S3_METHODS: [Method; 5] = [
    Method::GET,
    Method::PUT,
    Method::HEAD,
    Method::DELETE,
    Method::POST,
];

/// The builder the presign methods return; await it for the URL.
#[must_use = "nothing is signed until this is awaited"]
pub struct Presign {
    client: Newtera,
    method: Method,
    bucket: String,
    key: String,
    expires: Duration,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    sse: Option<Sse>,
    overrides: ResponseOverrides,
    time: Option<SystemTime>,
    /// The upload id and part number of [`Presign::upload_part`], checked
    /// when signing.
    part: Option<(String, u32)>,
    /// The version of [`Presign::version_id`], checked when signing.
    version_id: Option<String>,
}

impl std::fmt::Debug for Presign {
    // Header values are left out: one may be a secret (an SSE-C key).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Presign")
            .field("method", &self.method)
            .field("bucket", &self.bucket)
            .field("key", &self.key)
            .field("expires", &self.expires)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("sse", &self.sse)
            .field("overrides", &self.overrides)
            .finish_non_exhaustive()
    }
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
            headers: Vec::new(),
            sse: None,
            overrides: ResponseOverrides::default(),
            time: None,
            part: None,
            version_id: None,
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

    /// The six `response-*` overrides of a GET (`response-content-type`,
    /// `-content-disposition`, `-content-encoding`, `-content-language`,
    /// `-cache-control`, `-expires`).
    pub fn response_overrides(mut self, overrides: ResponseOverrides) -> Self {
        self.overrides = overrides;
        self
    }

    /// A query parameter to sign into the URL.
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// A header to sign: whoever uses the URL must send it with exactly
    /// this value.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers
            .push((name.into().to_ascii_lowercase(), value.into()));
        self
    }

    /// Sign the URL for part `part_number` (1 to 10,000) of the multipart
    /// upload `upload_id` (UploadPart, with `PUT`); another number or an
    /// empty upload id is an [`Error::InvalidArgument`] when awaited.
    pub fn upload_part(mut self, upload_id: impl Into<String>, part_number: u32) -> Self {
        self.part = Some((upload_id.into(), part_number));
        self
    }

    /// Encryption headers to sign: those of a write for a `PUT` (SSE-S3,
    /// SSE-KMS or SSE-C), those of a read otherwise (SSE-C only). Whoever
    /// uses the URL must send them: [`Sse::write_headers`] /
    /// [`Sse::read_headers`] list them. The SSE-C key never goes into the
    /// URL.
    pub fn sse(mut self, sse: Sse) -> Self {
        self.sse = Some(sse);
        self
    }

    /// A specific version (an empty one is an [`Error::InvalidArgument`]
    /// when awaited).
    pub fn version_id(mut self, version_id: impl Into<String>) -> Self {
        self.version_id = Some(version_id.into());
        self
    }

    /// The signing time (default: now), for URLs valid from a later moment.
    pub fn request_date(mut self, time: SystemTime) -> Self {
        self.time = Some(time);
        self
    }

    async fn sign(mut self) -> Result<String> {
        super::check_object(&self.client, &self.bucket, &self.key)?;
        if !S3_METHODS.contains(&self.method) {
            return Err(Error::invalid(format!(
                "presigned URL: S3 has no {} request on an object (GET, PUT, HEAD, DELETE or POST)",
                self.method
            )));
        }
        if let Some((upload_id, number)) = self.part.take() {
            check_part_number(number).map_err(Error::from_encode)?;
            check_upload_id(&upload_id).map_err(Error::from_encode)?;
            self.query.push(("partNumber".into(), number.to_string()));
            self.query.push(("uploadId".into(), upload_id));
        }
        if let Some(version_id) = self.version_id.take() {
            validate_version_id(&version_id).map_err(Error::from_encode)?;
            self.query.push(("versionId".into(), version_id));
        }
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
            .overrides
            .query_pairs()
            .into_iter()
            .chain(self.query.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .collect();
        let signed = self.signed_headers()?;
        let headers: Vec<(&str, &str)> = signed
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let url = uri.to_string();
        newtera_sign::UrlPresigner::new(self.method.as_str(), &url, self.expires)
            .query(&extra)
            .headers(&headers)
            .sign(&params)
            .map(newtera_sign::PresignedUrl::into_url)
            .map_err(|e| Error::invalid_because("presigned URL", e))
    }

    /// The caller's headers and the encryption headers, checked as any
    /// request's headers are.
    fn signed_headers(&self) -> Result<Vec<(String, String)>> {
        let mut headers = self.headers.clone();
        if let Some(sse) = &self.sse {
            let is_part = self.query.iter().any(|(k, _)| k == "partNumber");
            let sse_headers = if self.method == Method::PUT && !is_part {
                sse.write_headers()
            } else {
                sse.read_headers()
            };
            headers.extend(sse_headers.map_err(Error::from_encode)?);
        }
        let mut check = RequestParts::new(self.method.clone(), None, None);
        for (name, value) in &headers {
            check.set_header(name, value).map_err(Error::from_encode)?;
        }
        Ok(headers)
    }
}

impl IntoFuture for Presign {
    type Output = Result<String>;
    type IntoFuture = OpFuture<String>;

    fn into_future(self) -> Self::IntoFuture {
        OpFuture::new(self.sign())
    }
}
