//! `fget_object` and `get_object_bytes`: the first ranged GET tells the
//! object's size and ETag, the other ranges follow in parallel pinned to
//! that ETag; into a file through a temporary part file, or into one
//! buffer.

use std::future::IntoFuture;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use futures_util::future::{self, BoxFuture, FutureExt};
use futures_util::stream::{self, StreamExt, TryStreamExt};

use crate::client::Newtera;
use crate::error::{Error, Result};
use crate::future::OpFuture;
use crate::ops::get::{GetObject, GetObjectResponse};
use crate::ops::read::ReadOptions;
use crate::progress::{self, OptMeter};
use crate::types::{ETag, ObjectStat};

mod writer;

use writer::Writer;

impl Newtera {
    /// Downloads an object to `file_path` and returns its stat. The data goes
    /// to a temporary file beside the target, renamed over it only when
    /// complete, so a failure never leaves a truncated file; missing parent
    /// folders are created. The first ranged GET tells the size and ETag;
    /// the other ranges follow in parallel, pinned to that ETag, and are
    /// written at their offsets while the network keeps reading.
    pub fn fget_object(
        &self,
        bucket: &str,
        object: &str,
        file_path: impl Into<PathBuf>,
    ) -> FGetObject {
        FGetObject {
            client: self.clone(),
            bucket: bucket.to_owned(),
            key: object.to_owned(),
            path: file_path.into(),
            read: ReadOptions::default(),
            fsync: false,
            meter: None,
        }
    }

    /// Downloads a whole object into memory. The first request asks for one
    /// download range; an object larger than that is fetched with parallel
    /// ranged GETs pinned to the first response's ETag, each written
    /// straight into its place in one buffer, so a large object costs one
    /// copy and one round trip per range.
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
    /// let data = client.get_object_bytes("photos", "big.bin").await?;
    /// println!("{} bytes", data.len());
    /// # Ok(()) }
    /// ```
    pub fn get_object_bytes(&self, bucket: &str, object: &str) -> GetObjectBytes {
        GetObjectBytes {
            client: self.clone(),
            bucket: bucket.to_owned(),
            key: object.to_owned(),
            read: ReadOptions::default(),
            meter: None,
        }
    }
}

/// The builder [`Newtera::get_object_bytes`] returns; await it to download.
#[derive(Debug)]
#[must_use = "nothing is downloaded until this is awaited"]
pub struct GetObjectBytes {
    client: Newtera,
    bucket: String,
    key: String,
    read: ReadOptions,
    meter: OptMeter,
}

impl GetObjectBytes {
    crate::ops::read::read_setters!();

    /// Calls `progress` with the bytes received so far and the object's
    /// size, as chunks of the parallel ranges arrive (see
    /// [`crate::progress`]).
    pub fn progress(mut self, progress: impl Fn(crate::Progress) + Send + Sync + 'static) -> Self {
        self.meter = progress::meter(progress);
        self
    }
}

impl IntoFuture for GetObjectBytes {
    type Output = Result<Bytes>;
    type IntoFuture = OpFuture<Bytes>;

    fn into_future(self) -> Self::IntoFuture {
        OpFuture::new(async move {
            // The names move into the first request rather than being copied.
            let first = GetObject::with_names(&self.client, self.bucket, self.key);
            let got = read_to_memory(&self.client, first, &self.read, &self.meter).await?;
            progress::finish(&self.meter);
            Ok(got)
        })
    }
}

/// A body whose chunks are counted into `meter` (started at `total`).
fn metered(body: crate::ObjectBody, meter: &OptMeter, total: Option<u64>) -> crate::ObjectBody {
    match meter {
        Some(m) => crate::ObjectBody::new(progress::counted(body, m.clone(), total)),
        None => body,
    }
}

/// The first range of an object: it tells the size and the ETag. An empty
/// object has no byte 0 to ask for (some servers answer 416), so it is
/// asked for whole then.
async fn first_range(
    client: &Newtera,
    get: GetObject,
    read: &ReadOptions,
) -> Result<GetObjectResponse> {
    let mut get = get
        .read_options(read.clone())
        .length(client.inner.transfer.download_part_size);
    // Sent within this future rather than boxed on its own (`.await`); a
    // failed request keeps its names for the unranged one.
    match get.send_mut().await {
        Err(e) if e.status() == Some(http::StatusCode::RANGE_NOT_SATISFIABLE) => {
            get.whole();
            get.send_mut().await
        }
        other => other,
    }
}

/// Whether ranges can be planned after `first`: it told the object's size
/// and the length of its own body, and its ETag is not weak (`If-Match`
/// compares strongly, so a weak tag cannot pin the other ranges).
fn plannable(first: &GetObjectResponse) -> Option<u64> {
    first
        .content_length()
        .filter(|_| first.size_known() && !first.stat.etag.is_weak())
}

/// The whole object in one stream, for a first answer that gave no size
/// to plan ranges with (or a weak ETag to pin them with): that answer itself when it carried the whole body
/// without a length (chunked), else an unranged GET.
async fn whole_object(
    client: &Newtera,
    bucket: &str,
    key: &str,
    read: &ReadOptions,
    first: GetObjectResponse,
) -> Result<GetObjectResponse> {
    let covers_all = first.size_known()
        && first
            .content_length()
            .is_some_and(|len| len >= first.stat.size);
    if first.content_length().is_none() || covers_all {
        return Ok(first);
    }
    drop(first);
    client
        .get_object(bucket, key)
        .read_options(read.clone())
        .await
}

/// A ranged GET of `len` bytes at `offset`, pinned to `etag` (`If-Match`
/// makes a concurrent overwrite fail the download instead of mixing
/// versions).
fn range_get(
    client: &Newtera,
    bucket: &str,
    key: &str,
    (offset, len): (u64, u64),
    etag: &ETag,
    read: &ReadOptions,
) -> crate::GetObject {
    let pin = (!etag.is_empty()).then(|| etag.header_value());
    client
        .get_object(bucket, key)
        .offset(offset)
        .length(len)
        .read_options(read.pinned(pin))
}

/// The ranges after the first one, `step` bytes each.
fn rest_ranges(size: u64, step: u64) -> impl Iterator<Item = (u64, u64)> {
    let step = step.max(1);
    (1..size.div_ceil(step)).map(move |i| (i * step, step.min(size - i * step)))
}

/// The first range tells the size and ETag; the rest follow in parallel,
/// the first body being read meanwhile.
async fn read_to_memory(
    client: &Newtera,
    get: GetObject,
    read: &ReadOptions,
    meter: &OptMeter,
) -> Result<Bytes> {
    let mut first = first_range(client, get, read).await?;
    // The names come back with the first answer (whose stat is not kept).
    let bucket = &std::mem::take(&mut first.stat.bucket_name);
    let key = &std::mem::take(&mut first.stat.object_name);
    let size = first.stat.size;
    let Some(first_len) = plannable(&first) else {
        let whole = whole_object(client, bucket, key, read, first).await?;
        let total = whole.content_length();
        return metered(whole.into_body(), meter, total).bytes().await;
    };
    if first_len >= size {
        return metered(first.into_body(), meter, Some(size)).bytes().await;
    }
    let etag = first.stat.etag.clone();
    progress::start(meter, Some(size));
    let len = usize::try_from(size).map_err(|_| Error::invalid("object larger than memory"))?;
    let mut buffer = vec![0u8; len];
    let step = usize::try_from(first_len).unwrap_or(len).max(1);
    let mut slices = buffer.chunks_mut(step);
    let head = slices.next().unwrap_or_default();
    let first: BoxFuture<'_, Result<()>> = fill(first.into_body(), head, 0, meter).boxed();
    let rest = slices.enumerate().map(|(i, slice)| {
        let at = ((i + 1) * step) as u64;
        let get = range_get(client, bucket, key, (at, slice.len() as u64), &etag, read);
        async move { fill(get.await?.into_body(), slice, at, meter).await }.boxed()
    });
    // Collected first: a lazy `map` closure held across the awaits below
    // trips the compiler's lifetime inference for `Send` futures.
    let fetches: Vec<_> = std::iter::once(first).chain(rest).collect();
    stream::iter(fetches)
        .buffer_unordered(client.inner.transfer.download_parallelism.max(1))
        .try_collect::<Vec<()>>()
        .await?;
    Ok(Bytes::from(buffer))
}

/// Copies a range's body into its slice; it must fill the slice exactly.
async fn fill(
    mut body: crate::ObjectBody,
    slice: &mut [u8],
    offset: u64,
    meter: &OptMeter,
) -> Result<()> {
    let mut at = 0;
    while let Some(chunk) = body.try_next().await? {
        let end = at + chunk.len();
        let dest = slice.get_mut(at..end).ok_or_else(|| {
            Error::Integrity(format!("range at {offset} returned more bytes than asked"))
        })?;
        dest.copy_from_slice(&chunk);
        progress::add(meter, chunk.len() as u64);
        at = end;
    }
    if at != slice.len() {
        return Err(Error::Integrity(format!(
            "range at {offset} returned {at} bytes, expected {}",
            slice.len()
        )));
    }
    Ok(())
}

/// The builder [`Newtera::fget_object`] returns; await it to download.
#[derive(Debug)]
#[must_use = "nothing is downloaded until this is awaited"]
pub struct FGetObject {
    client: Newtera,
    bucket: String,
    key: String,
    path: PathBuf,
    read: ReadOptions,
    fsync: bool,
    meter: OptMeter,
}

impl FGetObject {
    crate::ops::read::read_setters!();

    /// Calls `progress` with the bytes received so far and the object's
    /// size (`None` while a server sends it without a length), as chunks
    /// of the parallel ranges arrive (see [`crate::progress`]).
    pub fn progress(mut self, progress: impl Fn(crate::Progress) + Send + Sync + 'static) -> Self {
        self.meter = progress::meter(progress);
        self
    }

    /// Flushes the file to the disk (`fsync`) before renaming it over the
    /// target, so the download survives a power loss. Off by default, like
    /// the other S3 clients: it makes a large download wait for the disk.
    pub fn fsync(mut self, fsync: bool) -> Self {
        self.fsync = fsync;
        self
    }

    async fn send(self) -> Result<ObjectStat> {
        crate::ops::check_object(&self.client, &self.bucket, &self.key)?;
        if self.path.is_dir() {
            return Err(Error::invalid(format!(
                "{} is a directory",
                self.path.display()
            )));
        }
        let get = self.client.get_object(&self.bucket, &self.key);
        let first = first_range(&self.client, get, &self.read).await?;
        let mut stat = first.stat.clone();
        let temp = PartFile(temp_path(&self.path)?);
        let plan = plannable(&first);
        let file = writer::create_sized(temp.0.clone(), plan.map_or(0, |_| stat.size)).await?;
        progress::start(&self.meter, plan.map(|_| stat.size));
        let writer = Writer::spawn(file.clone(), self.meter.clone());
        let fetched = match plan {
            Some(first_len) => self.download(first, first_len, &writer).await,
            None => self.download_whole(first, &writer).await.map(|len| {
                stat.size = len;
            }),
        };
        let written = writer.finish().await;
        written.and(fetched)?;
        if self.fsync {
            tokio::task::spawn_blocking(move || file.sync_all())
                .await
                .map_err(std::io::Error::other)??;
        }
        temp.rename_to(&self.path).await?;
        progress::finish(&self.meter);
        Ok(stat)
    }

    /// Streams the first body and the other ranges into the writer,
    /// `download_parallelism` at a time.
    async fn download(
        &self,
        first: GetObjectResponse,
        first_len: u64,
        writer: &Writer,
    ) -> Result<()> {
        let (size, etag) = (first.stat.size, first.stat.etag.clone());
        let expected = first_len.min(size);
        let step = first_len.max(1);
        let head: BoxFuture<'_, Result<()>> = writer
            .stream(first.into_body(), 0, Some(expected))
            .map(|written| written.map(drop))
            .boxed();
        let rest = rest_ranges(size, step).map(|(at, len)| {
            let get = range_get(
                &self.client,
                &self.bucket,
                &self.key,
                (at, len),
                &etag,
                &self.read,
            );
            get.into_future()
                .then(move |got| async move {
                    writer
                        .stream(got?.into_body(), at, Some(len))
                        .await
                        .map(drop)
                })
                .boxed()
        });
        let fetches: Vec<_> = std::iter::once(head).chain(rest).collect();
        stream::iter(fetches)
            .buffer_unordered(self.client.inner.transfer.download_parallelism.max(1))
            .try_for_each(|()| future::ready(Ok(())))
            .await
    }

    /// One stream from the start, for an answer without a size; returns
    /// the bytes written.
    async fn download_whole(&self, first: GetObjectResponse, writer: &Writer) -> Result<u64> {
        let whole = whole_object(&self.client, &self.bucket, &self.key, &self.read, first).await?;
        writer.stream(whole.into_body(), 0, None).await
    }
}

impl IntoFuture for FGetObject {
    type Output = Result<ObjectStat>;
    type IntoFuture = OpFuture<ObjectStat>;

    fn into_future(self) -> Self::IntoFuture {
        OpFuture::new(self.send())
    }
}

/// The temporary file of a download, removed when dropped: after a
/// failure, and also when the caller drops the download midway.
struct PartFile(PathBuf);

impl PartFile {
    /// Renames the finished file over `target`; nothing is left to remove
    /// then (no needless unlink, which would lock the folder once more).
    async fn rename_to(mut self, target: &Path) -> std::io::Result<()> {
        tokio::fs::rename(&self.0, target).await?;
        self.0 = PathBuf::new();
        Ok(())
    }
}

impl Drop for PartFile {
    fn drop(&mut self) {
        if !self.0.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

/// `.NAME.RANDOM.part` beside `target` (its folder is created with the
/// file, in `writer::create_sized`).
fn temp_path(target: &Path) -> Result<PathBuf> {
    let name = target
        .file_name()
        .ok_or_else(|| Error::invalid(format!("{} has no file name", target.display())))?
        .to_string_lossy()
        .into_owned();
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let nonce: u64 = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
        ^ u64::from(std::process::id());
    Ok(parent.join(format!(".{name}.{nonce:x}.part")))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn client() -> (Newtera, newtera_testkit::EmbeddedServer) {
        crate::test_support::embedded_client("mem").await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn get_object_bytes_reassembles_parallel_ranges_in_order() {
        let (client, _server) = client().await;
        // Three download ranges (16 MiB each by default), the last one short.
        let data: Vec<u8> = (0..(40u32 << 20)).map(|i| (i % 251) as u8).collect();
        let data = Bytes::from(data);
        client
            .put_object("mem", "big", data.clone())
            .await
            .expect("put");
        let got = client.get_object_bytes("mem", "big").await.expect("get");
        assert_eq!(got.len(), data.len());
        assert!(got == data, "bytes differ");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn get_object_bytes_reads_small_and_empty_objects_in_one_request() {
        let (client, _server) = client().await;
        client
            .put_object("mem", "small", "hello")
            .await
            .expect("put");
        client
            .put_object("mem", "empty", Bytes::new())
            .await
            .expect("put");
        let small = client
            .get_object_bytes("mem", "small")
            .await
            .expect("small");
        assert_eq!(&small[..], b"hello");
        let empty = client
            .get_object_bytes("mem", "empty")
            .await
            .expect("empty");
        assert!(empty.is_empty());
        let missing = client.get_object_bytes("mem", "nope").await;
        assert!(missing.is_err_and(|e| e.is_not_found()));
    }
}
