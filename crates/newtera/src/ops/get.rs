//! `get_object`: a streaming download, whole or by range.

use std::future::IntoFuture;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use futures_util::TryStreamExt;
use newtera_proto::op::object::{ByteRange, GetObject as GetOp, ObjectInfo, ResponseOverrides};
use newtera_proto::{Operation, RequestParts};
use sync_wrapper::SyncStream;

use crate::client::{Newtera, SendOptions};
use crate::convert::{Target, body_error};
use crate::error::{Error, Result};
use crate::future::OpFuture;
use crate::ops::read::ReadOptions;
use crate::ops::stat::object_stat_with_size;
use crate::ops::verify::{Expected, Verified};
use crate::types::{ETag, ObjectStat};

impl Newtera {
    /// Downloads an object as a stream of bytes, never buffered whole.
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
    /// let object = client.get_object("photos", "a.jpg").offset(0).length(1024).await?;
    /// println!("{:?} bytes of {}", object.content_length(), object.stat.size);
    /// let head = object.bytes().await?;
    /// # Ok(()) }
    /// ```
    pub fn get_object(&self, bucket: &str, object: &str) -> GetObject {
        GetObject::with_names(self, bucket.to_owned(), object.to_owned())
    }
}

impl GetObject {
    /// [`Newtera::get_object`] with names the caller already owns.
    pub(crate) fn with_names(client: &Newtera, bucket: String, key: String) -> Self {
        Self {
            client: client.clone(),
            bucket,
            key,
            offset: 0,
            length: None,
            read: ReadOptions::default(),
            overrides: ResponseOverrides::default(),
            meter: None,
        }
    }
}

/// The builder [`Newtera::get_object`] returns; await it to send.
#[derive(Debug)]
#[must_use = "nothing is sent until this is awaited"]
pub struct GetObject {
    client: Newtera,
    bucket: String,
    key: String,
    offset: u64,
    length: Option<u64>,
    read: ReadOptions,
    overrides: ResponseOverrides,
    meter: crate::progress::OptMeter,
}

impl GetObject {
    /// Calls `progress` with the body's bytes read so far and its length
    /// (the range's for a range; `None` for a body sent without a length)
    /// as the body is read (see [`crate::progress`]).
    pub fn progress(mut self, progress: impl Fn(crate::Progress) + Send + Sync + 'static) -> Self {
        self.meter = crate::progress::meter(progress);
        self
    }

    /// Start at this byte.
    pub fn offset(mut self, offset: u64) -> Self {
        self.offset = offset;
        self
    }

    /// Read at most this many bytes (0 reads nothing).
    pub fn length(mut self, length: u64) -> Self {
        self.length = Some(length);
        self
    }

    crate::ops::read::read_setters!();

    /// The options of a read (the downloads share them).
    pub(crate) fn read_options(mut self, read: ReadOptions) -> Self {
        self.read = read;
        self
    }

    /// Ask the server to answer with this `Content-Type`
    /// (`response-content-type`).
    pub fn response_content_type(mut self, value: impl Into<String>) -> Self {
        self.overrides.content_type = Some(value.into());
        self
    }

    /// Ask for this `Content-Disposition` (`response-content-disposition`).
    pub fn response_content_disposition(mut self, value: impl Into<String>) -> Self {
        self.overrides.content_disposition = Some(value.into());
        self
    }

    /// Ask for this `Content-Encoding` (`response-content-encoding`).
    pub fn response_content_encoding(mut self, value: impl Into<String>) -> Self {
        self.overrides.content_encoding = Some(value.into());
        self
    }

    /// Ask for this `Content-Language` (`response-content-language`).
    pub fn response_content_language(mut self, value: impl Into<String>) -> Self {
        self.overrides.content_language = Some(value.into());
        self
    }

    /// Ask for this `Cache-Control` (`response-cache-control`).
    pub fn response_cache_control(mut self, value: impl Into<String>) -> Self {
        self.overrides.cache_control = Some(value.into());
        self
    }

    /// Ask for this `Expires` (`response-expires`, an HTTP date).
    pub fn response_expires(mut self, value: impl Into<String>) -> Self {
        self.overrides.expires = Some(value.into());
        self
    }

    /// All six `response-*` overrides at once.
    pub fn response_overrides(mut self, overrides: ResponseOverrides) -> Self {
        self.overrides = overrides;
        self
    }

    fn range(&self) -> Result<Option<ByteRange>> {
        match (self.offset, self.length) {
            (0, None) => Ok(None),
            (offset, None) => Ok(Some(ByteRange::From(offset))),
            // Never sent: `.length(0)` is answered by a HEAD.
            (_, Some(0)) => Ok(None),
            (offset, Some(len)) => offset
                .checked_add(len - 1)
                .map(|end| Some(ByteRange::Inclusive(offset, end)))
                .ok_or_else(|| Error::invalid("offset + length overflows")),
        }
    }

    fn operation(&self) -> Result<GetOp> {
        Ok(GetOp {
            // Ask for the stored checksum so the body can be verified.
            head: self.read.head(self.bucket.clone(), self.key.clone(), true),
            range: self.range()?,
            overrides: self.overrides.clone(),
        })
    }

    /// The request's parts; the names move into them rather than being
    /// copied (and stay here after an error).
    fn encode(&mut self) -> Result<RequestParts> {
        let mut op = GetOp {
            head: self.read.head(
                std::mem::take(&mut self.bucket),
                std::mem::take(&mut self.key),
                true,
            ),
            range: None,
            overrides: ResponseOverrides::default(),
        };
        let encoded = self.range().and_then(|range| {
            op.range = range;
            op.overrides = self.overrides.clone();
            op.encode_moving_names()
                .map_err(|e| Target::new(Some(&op.head.bucket), Some(&op.head.key)).encode_error(e))
        });
        // Empty after a success (the names are in the parts).
        self.bucket = op.head.bucket;
        self.key = op.head.key;
        encoded
    }

    /// The whole object: no offset, no length.
    pub(crate) fn whole(&mut self) {
        (self.offset, self.length) = (0, None);
    }

    async fn send(mut self) -> Result<GetObjectResponse> {
        self.send_mut().await
    }

    /// Sends the request (awaiting the builder does the same in a boxed
    /// future). The names move into the answer's `stat`; after an error
    /// they are still here, so the request can be sent again.
    pub(crate) async fn send_mut(&mut self) -> Result<GetObjectResponse> {
        if self.length == Some(0) {
            return self.nothing().await;
        }
        let mut parts = self.encode()?;
        let response = match self.read.extras.apply(&mut parts) {
            Ok(()) => {
                let opts = SendOptions::default();
                self.client.send_keeping(&mut parts, None, opts).await
            }
            Err(e) => Err(e),
        };
        // The names come back from the parts, whatever the outcome.
        self.bucket = parts.bucket.take().unwrap_or_default();
        self.key = parts.key.take().unwrap_or_default();
        let response = response?;
        // The error target (copies of the names) is built only on an error.
        let sent = || {
            let mut target = Target::new(Some(&self.bucket), Some(&self.key));
            target.method = Some(http::Method::GET);
            target
        };
        if !response.status().is_success() {
            return Err(crate::dispatch::refused::<GetOp>(response, &sent()).await);
        }
        let (head, body) = response.into_parts();
        let info =
            GetOp::decode(head.status, &head.headers, &[]).map_err(|e| sent().decode_error(e))?;
        self.check_pinned_etag(&info)?;
        self.check_range(head.status, &info)?;
        let offset = self.offset;
        // A body without `Content-Length` (chunked) is streamed to its end;
        // a range's length can still come from `Content-Range`.
        let content_length = info.content_length.or_else(|| {
            let (first, last) = info.content_range?.range?;
            Some(last - first + 1)
        });
        let size_known = info.size().is_some();
        let size = info.size().unwrap_or(0);
        // A range that happens to cover the whole object (the first range
        // of a small object's download) is checked like the whole object.
        let whole = match head.status {
            // A 200 is the whole object, even to a ranged request.
            http::StatusCode::OK => true,
            http::StatusCode::PARTIAL_CONTENT => {
                offset == 0 && size_known && content_length == Some(size)
            }
            _ => false,
        };
        // Only a whole-object answer can be checked against a whole-object
        // checksum.
        let expected = Expected::from_info(&info).filter(|_| whole);
        let (bucket, key) = self.take_names();
        let stat = object_stat_with_size(bucket, key, info, size);
        let stream = body.into_stream().map_err(body_error);
        let body = match (expected, self.meter.clone()) {
            // A plain body is boxed once, by `ObjectBody` alone.
            (None, None) => ObjectBody::new(stream),
            (expected, meter) => {
                let mut stream: Pin<Box<dyn Stream<Item = Result<Bytes>> + Send>> =
                    Box::pin(stream);
                if let Some(meter) = meter {
                    stream = Box::pin(crate::progress::counted(stream, meter, content_length));
                }
                match expected {
                    Some(expected) => ObjectBody::new(Verified::new(stream, expected)),
                    None => ObjectBody::new(stream),
                }
            }
        };
        Ok(GetObjectResponse {
            stat,
            content_length,
            size_known,
            body,
        })
    }

    /// `.length(0)`: the object's metadata (a HEAD, so a missing object or
    /// a failed condition is still an error) and an empty body. S3 cannot
    /// express an empty range (RFC 9110 byte ranges hold at least a byte).
    async fn nothing(&mut self) -> Result<GetObjectResponse> {
        let head = self.operation()?.head;
        let info = self
            .client
            .execute_with(&head, &self.read.extras, SendOptions::default())
            .await?;
        self.check_pinned_etag(&info)?;
        let size_known = info.size().is_some();
        let size = info.size().unwrap_or(0);
        let (bucket, key) = self.take_names();
        let stat = object_stat_with_size(bucket, key, info, size);
        crate::progress::start(&self.meter, Some(0));
        crate::progress::finish(&self.meter);
        let empty: Pin<Box<dyn Stream<Item = Result<Bytes>> + Send>> =
            Box::pin(futures_util::stream::empty());
        Ok(GetObjectResponse {
            stat,
            content_length: Some(0),
            size_known,
            body: ObjectBody::new(empty),
        })
    }

    /// The bucket and key, moved out for the answer.
    fn take_names(&mut self) -> (String, String) {
        (
            std::mem::take(&mut self.bucket),
            std::mem::take(&mut self.key),
        )
    }

    /// A ranged answer must hold the bytes asked for: a 200 (the `Range`
    /// ignored) is the object from byte 0, so only right for offset 0; a
    /// 206 must start at the offset, end no later than the range asked and
    /// carry as many bytes as its `Content-Range` says (RFC 9110, 14.4 and
    /// 15.3.7). Otherwise its bytes would be read as another part of the
    /// object.
    fn check_range(&self, status: http::StatusCode, info: &ObjectInfo) -> Result<()> {
        let Some(range) = self.range()? else {
            return Ok(());
        };
        let (first, last) = match range {
            ByteRange::Inclusive(first, last) => (first, Some(last)),
            ByteRange::From(first) => (first, None),
            _ => return Ok(()),
        };
        let sent = match (status, info.content_range.and_then(|r| r.range)) {
            (http::StatusCode::OK, _) if first == 0 => return Ok(()),
            (http::StatusCode::OK, _) => "the whole object (200)".to_owned(),
            (http::StatusCode::PARTIAL_CONTENT, Some((a, b)))
                if a == first
                    && last.is_none_or(|last| b <= last)
                    && info.content_length.is_none_or(|len| len == b - a + 1) =>
            {
                return Ok(());
            }
            (http::StatusCode::PARTIAL_CONTENT, Some((a, b))) => format!(
                "bytes {a}-{b} in {} bytes",
                info.content_length
                    .map_or_else(|| "a stream of".to_owned(), |n| n.to_string())
            ),
            // A 206 without a byte range cannot be placed.
            (http::StatusCode::PARTIAL_CONTENT, None) => "no Content-Range".to_owned(),
            _ => return Ok(()),
        };
        let asked = last.map_or_else(|| format!("{first}-"), |last| format!("{first}-{last}"));
        Err(Error::Integrity(format!(
            "{}/{}: asked for bytes {asked}, the server sent {sent}",
            self.bucket, self.key
        )))
    }

    /// A server that ignores `If-Match` could send another version; the
    /// answer's ETag must be the pinned one.
    fn check_pinned_etag(&self, info: &ObjectInfo) -> Result<()> {
        let (Some(wanted), Some(got)) = (&self.read.conditions.if_match, &info.etag) else {
            return Ok(());
        };
        if wanted.trim() == "*" || ETag::parse(wanted).as_str() == ETag::parse(got).as_str() {
            return Ok(());
        }
        Err(Error::Integrity(format!(
            "asked for ETag {wanted} (If-Match), the server sent {got}: the object changed"
        )))
    }
}

impl IntoFuture for GetObject {
    type Output = Result<GetObjectResponse>;
    type IntoFuture = OpFuture<GetObjectResponse>;

    fn into_future(self) -> Self::IntoFuture {
        OpFuture::new(self.send())
    }
}

/// An object being downloaded: its metadata and its body.
#[derive(Debug)]
pub struct GetObjectResponse {
    /// The object's metadata. `size` is the whole object's, even for a
    /// range; 0 when the server sent neither `Content-Length` nor a
    /// `Content-Range` total (a chunked body: read it to the end).
    pub stat: ObjectStat,
    content_length: Option<u64>,
    size_known: bool,
    body: ObjectBody,
}

impl GetObjectResponse {
    /// The bytes this response carries (the range's length for a range);
    /// `None` when the server streams the body without announcing its
    /// length (`Transfer-Encoding: chunked`).
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// Whether the server told the whole object's size.
    pub(crate) fn size_known(&self) -> bool {
        self.size_known
    }

    /// The body as a stream of chunks.
    pub fn into_body(self) -> ObjectBody {
        self.body
    }

    /// Reads the whole body into memory.
    pub async fn bytes(self) -> Result<Bytes> {
        self.body.bytes().await
    }

    /// The body as a tokio `AsyncRead`.
    pub fn into_async_read(self) -> impl tokio::io::AsyncRead + Send + Sync + Unpin + 'static {
        self.body.into_async_read()
    }
}

/// A frame below this size is copied out when it is a whole body.
const OWN_BELOW: usize = 256 << 10;

/// A body of one frame (most small objects) is that frame, uncopied when
/// large; a small one is copied, because a frame is a slice of the
/// connection's read buffer (up to 1 MiB) and would keep all of it alive
/// for as long as the caller keeps the body.
fn own_small(frame: Bytes) -> Bytes {
    if frame.len() < OWN_BELOW {
        Bytes::copy_from_slice(&frame)
    } else {
        frame
    }
}

/// A streamed object body: `Stream<Item = Result<Bytes>>`, `Send + Sync`.
pub struct ObjectBody {
    inner: SyncStream<Pin<Box<dyn Stream<Item = Result<Bytes>> + Send>>>,
}

impl std::fmt::Debug for ObjectBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ObjectBody")
    }
}

impl ObjectBody {
    pub(crate) fn new(stream: impl Stream<Item = Result<Bytes>> + Send + 'static) -> Self {
        Self {
            inner: SyncStream::new(Box::pin(stream)),
        }
    }

    /// Reads the whole body into memory.
    pub async fn bytes(mut self) -> Result<Bytes> {
        let Some(first) = self.try_next().await? else {
            return Ok(Bytes::new());
        };
        let Some(second) = self.try_next().await? else {
            return Ok(own_small(first));
        };
        let mut chunks = vec![first, second];
        while let Some(chunk) = self.try_next().await? {
            chunks.push(chunk);
        }
        let mut all = bytes::BytesMut::with_capacity(chunks.iter().map(Bytes::len).sum());
        for chunk in chunks {
            all.extend_from_slice(&chunk);
        }
        Ok(all.freeze())
    }

    /// The body as a tokio `AsyncRead`.
    pub fn into_async_read(self) -> impl tokio::io::AsyncRead + Send + Sync + Unpin + 'static {
        tokio_util::io::StreamReader::new(self.map_err(std::io::Error::other))
    }
}

impl Stream for ObjectBody {
    type Item = Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.inner).poll_next(cx)
    }
}
