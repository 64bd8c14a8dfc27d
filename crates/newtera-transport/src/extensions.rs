//! Request extensions: how the high-level client steers the layers per request.

/// Signs this request for the given region instead of the layer's default region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningRegion(pub String);

/// Sends this request unsigned (anonymous access, presigned URLs, POST policy uploads).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Unsigned;

/// This operation may answer `200 OK` with an `<Error>` document (CompleteMultipartUpload,
/// CopyObject, UploadPartCopy): the retry layer buffers such bodies and inspects them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ErrorIn200;
