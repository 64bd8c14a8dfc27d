//! `Dispatch`: the one path every request takes, shared by the client and
//! by region discovery (which sends requests of its own), so neither the
//! builder, the client nor the region cache depends on another in a cycle.

use std::sync::Arc;

use bytes::Bytes;
use http::HeaderMap;
use http::header::{CONTENT_LENGTH, HeaderValue};
use http::{Method, Request, Response};
use newtera_proto::op::bucket::GetBucketLocation;
use newtera_proto::{Endpoint, Operation, RequestParts};
use newtera_transport::{
    Body, ErrorIn200, Idempotent, ResponseBody, SigningRegion, idempotent_by_method,
};
use tower::ServiceExt;

use crate::convert::{Target, body_error, name_endpoint, stack_error};
use crate::error::{Error, Result};
use crate::region::Regions;
use crate::stack::Stack;

/// Error bodies and small XML answers are read whole, up to this size.
const MAX_XML_BODY: usize = 32 << 20;

/// How a request is sent.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SendOptions {
    /// The operation may answer 200 with an `<Error>` document.
    pub(crate) error_in_200: bool,
}

/// Where requests go and how: the endpoint, the boxed stack and the
/// region cache.
pub(crate) struct Dispatch {
    pub(crate) endpoint: Endpoint,
    pub(crate) stack: Stack,
    pub(crate) regions: Regions,
}

impl Dispatch {
    /// Sends one request and decodes its answer with `O`'s decoder.
    pub(crate) async fn execute<O: Operation + Sync>(
        &self,
        op: &O,
        opts: SendOptions,
    ) -> Result<O::Output> {
        let parts = op.encode().map_err(Error::from_encode)?;
        self.execute_parts::<O>(parts, None, opts).await
    }

    /// Like [`Dispatch::execute`] for parts already built, with an optional
    /// body that replaces the parts' in-memory one.
    pub(crate) async fn execute_parts<O: Operation>(
        &self,
        mut parts: RequestParts,
        body: Option<Body>,
        opts: SendOptions,
    ) -> Result<O::Output> {
        self.execute_keeping::<O>(&mut parts, body, opts).await
    }

    /// [`Dispatch::execute_parts`], leaving the parts' names with the
    /// caller (their headers and body may have moved into the request).
    pub(crate) async fn execute_keeping<O: Operation>(
        &self,
        parts: &mut RequestParts,
        body: Option<Body>,
        opts: SendOptions,
    ) -> Result<O::Output> {
        let (head, bytes) = buffer(self.send_parts(parts, body, opts).await?).await?;
        // The target is built only for an error (its strings are copies).
        O::decode(head.status, &head.headers, &bytes).map_err(|e| Target::of(parts).decode_error(e))
    }

    /// Sends one request: resolves the bucket's region, builds the URI,
    /// and follows a region hint once. The response may be any status.
    pub(crate) async fn send(
        &self,
        mut parts: RequestParts,
        body: Option<Body>,
        opts: SendOptions,
    ) -> Result<Response<ResponseBody>> {
        self.send_parts(&mut parts, body, opts).await
    }

    /// [`Dispatch::send`], leaving the parts' names with the caller: the
    /// headers and body of `parts` move into the request when no resend
    /// can need them (the region is fixed).
    pub(crate) async fn send_parts(
        &self,
        parts: &mut RequestParts,
        body: Option<Body>,
        opts: SendOptions,
    ) -> Result<Response<ResponseBody>> {
        if self.regions.is_fixed() {
            let body = body.unwrap_or_else(|| Body::from(std::mem::take(&mut parts.body)));
            let headers = std::mem::take(&mut parts.headers);
            // The signing layer's own region is the fixed one.
            return self.dispatch(parts, headers, body, None, opts).await;
        }
        let region = self.region_for(parts.bucket.as_deref()).await?;
        let body = body.unwrap_or_else(|| Body::from(parts.body.clone()));
        // A copy for the one resend a region hint may ask for.
        let retry_body = body.try_clone();
        let headers = parts.headers.clone();
        let response = self
            .dispatch(parts, headers, body, Some(region.clone()), opts)
            .await?;
        if !crate::region::may_carry_hint(response.status()) {
            return Ok(response);
        }
        let (head, bytes) = buffer(response).await?;
        match (crate::region::hinted_region(&head, &bytes), retry_body) {
            (Some(hinted), Some(body)) if *hinted != *region => {
                let bucket = parts.bucket.as_deref();
                tracing::debug!(bucket = ?bucket, region = %hinted, "following the server's region hint");
                self.regions.learn(bucket, &hinted);
                let headers = std::mem::take(&mut parts.headers);
                self.dispatch(parts, headers, body, Some(hinted.into()), opts)
                    .await
            }
            _ => Ok(Response::from_parts(head, ResponseBody::from(bytes))),
        }
    }

    /// Sends one request, signed for `region` or, when `None`, for the
    /// signing layer's region.
    async fn dispatch(
        &self,
        parts: &RequestParts,
        headers: HeaderMap,
        body: Body,
        region: Option<Arc<str>>,
        opts: SendOptions,
    ) -> Result<Response<ResponseBody>> {
        let request = self.request(parts, headers, body, region, opts)?;
        let sent = self.stack.service().oneshot(request).await;
        // The URI is built again only to name an unreachable endpoint.
        sent.map_err(|e| match parts.uri(&self.endpoint) {
            Ok(uri) => name_endpoint(stack_error(e), &uri),
            Err(_) => stack_error(e),
        })
    }

    fn request(
        &self,
        parts: &RequestParts,
        headers: HeaderMap,
        body: Body,
        region: Option<Arc<str>>,
        opts: SendOptions,
    ) -> Result<Request<Body>> {
        let uri = parts
            .uri(&self.endpoint)
            .map_err(|e| Target::of(parts).encode_error(e))?;
        let empty = body.content_length() == Some(0);
        let mut request = Request::new(body);
        *request.method_mut() = parts.method.clone();
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        if empty && says_empty_length(&parts.method) {
            // hyper sends no length at all for an empty body; AWS S3 and
            // Ceph RGW answer such a PUT or POST with 411 MissingContentLength.
            request
                .headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        // Each extension costs allocations: only those that change
        // something are set.
        if let Some(region) = region {
            request.extensions_mut().insert(SigningRegion(region));
        }
        if opts.error_in_200 {
            request.extensions_mut().insert(ErrorIn200);
        }
        if parts.idempotent && !idempotent_by_method(&parts.method) {
            request.extensions_mut().insert(Idempotent);
        }
        Ok(request)
    }

    /// The region to sign a request about `bucket` for, asking the server
    /// once per bucket when no region was configured.
    pub(crate) async fn region_for(&self, bucket: Option<&str>) -> Result<Arc<str>> {
        if let Some(region) = self.regions.cached(bucket) {
            return Ok(region);
        }
        let Some(bucket) = bucket else {
            return Ok(self.regions.default());
        };
        // Boxed: discovery sends a request, which asks for a region again.
        let region = Box::pin(self.discover_region(bucket)).await?;
        self.regions.learn(Some(bucket), &region);
        Ok(region)
    }

    /// The region given to the builder, if any.
    pub(crate) fn configured_region(&self) -> Option<String> {
        self.regions.fixed.as_deref().map(str::to_owned)
    }

    async fn discover_region(&self, bucket: &str) -> Result<Arc<str>> {
        let op = GetBucketLocation {
            bucket: bucket.to_owned(),
        };
        let parts = newtera_proto::Operation::encode(&op)
            .map_err(|e| crate::convert::Target::new(Some(bucket), None).encode_error(e))?;
        // Signed for the default region; a hint corrects it.
        let default = self.regions.default();
        self.regions.learn(Some(bucket), &default);
        let answer = self
            .execute_parts::<GetBucketLocation>(parts, None, SendOptions::default())
            .await;
        match answer {
            Ok(region) if !region.is_empty() => Ok(region.into()),
            Ok(_) => Ok(self.regions.cached(Some(bucket)).unwrap_or(default)),
            // A missing bucket or a server without the call: keep the guess,
            // and let the real request report what is wrong.
            Err(e) => {
                tracing::debug!(bucket, error = %e, "bucket location unknown; using the default region");
                Ok(self.regions.cached(Some(bucket)).unwrap_or(default))
            }
        }
    }
}

/// Whether an empty request body is announced with `Content-Length: 0`:
/// for every method but GET and HEAD, which define no request content
/// (RFC 9110, section 8.6: a user agent should not send a length there).
fn says_empty_length(method: &Method) -> bool {
    method != Method::GET && method != Method::HEAD
}

/// The error a streamed operation's failed answer (a non-2xx status)
/// stands for, decoded by `O` with the whole error document read.
pub(crate) async fn refused<O: Operation>(
    response: Response<ResponseBody>,
    target: &Target,
) -> Error {
    match buffer(response).await {
        Ok((head, bytes)) => O::decode(head.status, &head.headers, &bytes)
            .err()
            .map_or_else(
                || Error::malformed("an error status without an error"),
                |e| target.decode_error(e),
            ),
        Err(e) => e,
    }
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
