//! Request extensions: how the high-level client steers the layers per request.

/// Signs this request for the given region instead of the layer's default region.
/// Shared, so setting it on every request copies no string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningRegion(pub std::sync::Arc<str>);

/// Sends this request unsigned (anonymous access, presigned URLs, POST policy uploads).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Unsigned;

/// This operation may answer `200 OK` with an `<Error>` document (CompleteMultipartUpload,
/// CopyObject, UploadPartCopy): the retry layer buffers such bodies and inspects them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ErrorIn200;

/// This request has the same effect however often it reaches the server, although its
/// method does not say so (a `POST` such as DeleteObjects). The retry layer then retries
/// it after failures that may have happened after the server received it (a reset before
/// the answer, a timed-out attempt), as it does for `GET`, `HEAD`, `PUT` and `DELETE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Idempotent;

/// Whether `request` may be sent again after it may have reached the server: its method
/// is idempotent in HTTP (and in S3: `PUT` replaces, `DELETE` of a missing key succeeds),
/// or it carries [`Idempotent`].
pub(crate) fn is_idempotent<B>(request: &http::Request<B>) -> bool {
    idempotent_by_method(request.method()) || request.extensions().get::<Idempotent>().is_some()
}

/// Whether requests of this method are idempotent without [`Idempotent`]: `GET`,
/// `HEAD`, `PUT`, `DELETE` and `OPTIONS` (HTTP, RFC 9110 section 9.2.2; in S3 a `PUT`
/// replaces and a `DELETE` of a missing key succeeds).
pub fn idempotent_by_method(method: &http::Method) -> bool {
    use http::Method;
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}
