//! The client handle and the one path every request takes.

use std::sync::Arc;

use bytes::Bytes;
use http::header::{CONTENT_LENGTH, HeaderValue};
use http::{Method, Request, Response};
use newtera_proto::{Endpoint, Operation, RequestParts};
use newtera_transport::{Body, ErrorIn200, Idempotent, ResponseBody, SigningRegion};
use tower::ServiceExt;

use crate::builder::NewteraBuilder;
use crate::config::TransferConfig;
use crate::convert::{Target, body_error, stack_error};
use crate::credentials::Signer;
use crate::error::{Error, Result};
use crate::region::Regions;
use crate::stack::Stack;

/// Error bodies and small XML answers are read whole, up to this size.
const MAX_XML_BODY: usize = 32 << 20;

/// An S3 client: cheap to clone (clones share one connection pool), and
/// `Send + Sync`.
///
/// ```no_run
/// # async fn run() -> newtera::Result<()> {
/// let client = newtera::Newtera::new("localhost:9000", "demo1", "888")?;
/// for bucket in client.list_buckets().await? {
///     println!("{}", bucket.name);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Newtera {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) endpoint: Endpoint,
    pub(crate) stack: Stack,
    pub(crate) signer: Signer,
    pub(crate) regions: Regions,
    pub(crate) transfer: TransferConfig,
    /// Whether the server checks part checksums, once known.
    pub(crate) part_checksums: crate::upload::integrity::PartChecksums,
    /// Clean-up started in the background: aborts of multipart uploads
    /// dropped midway.
    pub(crate) cleanup: tokio_util::task::TaskTracker,
    /// Whether the server URL-encodes listings when asked, once a listing
    /// needed to know (s3s-fs claims to but does not).
    pub(crate) listing_encodes: std::sync::OnceLock<bool>,
}

impl std::fmt::Debug for Newtera {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Newtera")
            .field("endpoint", &self.inner.endpoint.authority())
            .field("secure", &self.inner.endpoint.is_secure())
            .field("signer", &self.inner.signer)
            .finish_non_exhaustive()
    }
}

/// How a request is sent.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SendOptions {
    /// The operation may answer 200 with an `<Error>` document.
    pub(crate) error_in_200: bool,
}

impl Newtera {
    /// A client for `endpoint` (`host[:port]` or an `http(s)://` URL) with
    /// static credentials, HTTPS unless the URL says `http://`.
    pub fn new(endpoint: &str, access_key: &str, secret_key: &str) -> Result<Self> {
        Self::builder(endpoint)
            .credentials(access_key, secret_key)
            .build()
    }

    /// A builder for every option.
    pub fn builder(endpoint: impl Into<String>) -> NewteraBuilder {
        NewteraBuilder::new(endpoint.into())
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    /// Waits until the clean-up this client (or any clone of it) started in
    /// the background has finished: today, the AbortMultipartUpload of
    /// every multipart upload whose future was dropped midway (a cancelled
    /// `put_object`, `fput_object` or multipart `copy_object`).
    ///
    /// A dropped upload can only send its abort while a Tokio runtime runs,
    /// so a program that cancels uploads should await this before its
    /// runtime shuts down (before `main` returns); otherwise the abort may
    /// never be sent and the unfinished upload keeps its parts on the
    /// server until removed (`remove_incomplete_upload`, or a lifecycle
    /// rule). Aborts that fail are logged with `tracing` at warn level.
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) {
    /// let upload = client.fput_object("b", "big.iso", "/tmp/big.iso");
    /// let _ = tokio::time::timeout(std::time::Duration::from_secs(1), upload).await;
    /// client.wait_for_cleanup().await; // the timed-out upload is aborted now
    /// # }
    /// ```
    pub async fn wait_for_cleanup(&self) {
        let tracker = &self.inner.cleanup;
        tracker.close();
        tracker.wait().await;
        tracker.reopen();
    }

    /// Sends one request and decodes its answer with `O`'s decoder.
    pub(crate) async fn execute<O: Operation + Sync>(
        &self,
        op: &O,
        opts: SendOptions,
    ) -> Result<O::Output> {
        let parts = op.encode().map_err(Error::from_encode)?;
        self.execute_parts::<O>(parts, None, opts).await
    }

    /// Like [`Newtera::execute`] for parts already built, with an optional
    /// body that replaces the parts' in-memory one.
    pub(crate) async fn execute_parts<O: Operation>(
        &self,
        parts: RequestParts,
        body: Option<Body>,
        opts: SendOptions,
    ) -> Result<O::Output> {
        let target = Target::of(&parts);
        let (head, bytes) = buffer(self.send(parts, body, opts).await?).await?;
        O::decode(head.status, &head.headers, &bytes).map_err(|e| target.decode_error(e))
    }

    /// Sends one request: resolves the bucket's region, builds the URI,
    /// and follows a region hint once. The response may be any status.
    pub(crate) async fn send(
        &self,
        parts: RequestParts,
        body: Option<Body>,
        opts: SendOptions,
    ) -> Result<Response<ResponseBody>> {
        let bucket = parts.bucket.clone();
        let region = self.region_for(bucket.as_deref()).await?;
        let body = body.unwrap_or_else(|| Body::from(parts.body.clone()));
        // A copy for the one resend a region hint may ask for; never needed
        // when the region is fixed.
        let fixed = self.inner.regions.is_fixed();
        let retry_body = if fixed { None } else { body.try_clone() };
        let response = self.dispatch(&parts, body, &region, opts).await?;
        if fixed || !crate::region::may_carry_hint(response.status()) {
            return Ok(response);
        }
        let (head, bytes) = buffer(response).await?;
        match (crate::region::hinted_region(&head, &bytes), retry_body) {
            (Some(hinted), Some(body)) if hinted != region => {
                tracing::debug!(bucket = ?bucket, region = %hinted, "following the server's region hint");
                self.inner.regions.learn(bucket.as_deref(), &hinted);
                self.dispatch(&parts, body, &hinted, opts).await
            }
            _ => Ok(Response::from_parts(head, ResponseBody::from(bytes))),
        }
    }

    async fn dispatch(
        &self,
        parts: &RequestParts,
        body: Body,
        region: &str,
        opts: SendOptions,
    ) -> Result<Response<ResponseBody>> {
        let request = self.request(parts, body, region, opts)?;
        self.inner
            .stack
            .service()
            .oneshot(request)
            .await
            .map_err(stack_error)
    }

    fn request(
        &self,
        parts: &RequestParts,
        body: Body,
        region: &str,
        opts: SendOptions,
    ) -> Result<Request<Body>> {
        let target = Target::of(parts);
        let uri = parts
            .uri(&self.inner.endpoint)
            .map_err(|e| target.encode_error(e))?;
        let empty = body.content_length() == Some(0);
        let mut request = Request::new(body);
        *request.method_mut() = parts.method.clone();
        *request.uri_mut() = uri;
        *request.headers_mut() = parts.headers.clone();
        if empty && says_empty_length(&parts.method) {
            // hyper sends no length at all for an empty body; AWS S3 and
            // Ceph RGW answer such a PUT or POST with 411 MissingContentLength.
            request
                .headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        request
            .extensions_mut()
            .insert(SigningRegion(region.to_owned()));
        if opts.error_in_200 {
            request.extensions_mut().insert(ErrorIn200);
        }
        if parts.idempotent {
            request.extensions_mut().insert(Idempotent);
        }
        Ok(request)
    }
}

/// Whether an empty request body is announced with `Content-Length: 0`:
/// for every method but GET and HEAD, which define no request content
/// (RFC 9110, section 8.6: a user agent should not send a length there).
fn says_empty_length(method: &Method) -> bool {
    method != Method::GET && method != Method::HEAD
}

/// Reads a whole (small) response.
pub(crate) async fn buffer(
    response: Response<ResponseBody>,
) -> Result<(http::response::Parts, Bytes)> {
    let (head, body) = response.into_parts();
    let bytes = body
        .collect_limited(MAX_XML_BODY)
        .await
        .map_err(body_error)?;
    Ok((head, bytes))
}
