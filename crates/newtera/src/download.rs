//! `fget_object`: download to a file through a temporary part file, with
//! parallel ranged GETs pinned to the object's ETag.

use std::future::IntoFuture;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use futures_util::stream::{self, StreamExt, TryStreamExt};

use crate::client::Newtera;
use crate::error::{Error, Result};
use crate::future::OpFuture;
use crate::types::ObjectStat;

/// Bytes gathered from the network before one positional write.
const WRITE_BUFFER: usize = 1 << 20;

impl Newtera {
    /// Downloads an object to `file_path` and returns its stat. The data goes
    /// to a temporary file beside the target, renamed over it only when
    /// complete, so a failure never leaves a truncated file; missing parent
    /// folders are created.
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
            version_id: None,
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
    pub fn get_object_bytes(&self, bucket: &str, object: &str) -> OpFuture<Bytes> {
        let (client, bucket, key) = (self.clone(), bucket.to_owned(), object.to_owned());
        OpFuture::new(async move { read_to_memory(&client, &bucket, &key).await })
    }
}

/// The first range tells the size and ETag; the rest follow in parallel.
async fn read_to_memory(client: &Newtera, bucket: &str, key: &str) -> Result<Bytes> {
    let transfer = client.inner.transfer;
    let first = client
        .get_object(bucket, key)
        .length(transfer.download_part_size)
        .await;
    let first = match first {
        // An empty object has no byte 0 to ask for: some servers answer 416.
        Err(e) if e.status() == Some(http::StatusCode::RANGE_NOT_SATISFIABLE) => {
            return client.get_object(bucket, key).await?.bytes().await;
        }
        other => other?,
    };
    let (size, etag) = (first.stat.size, first.stat.etag.clone());
    if first.content_length() >= size {
        return first.bytes().await;
    }
    let len = usize::try_from(size).map_err(|_| Error::invalid("object larger than memory"))?;
    let mut buffer = vec![0u8; len];
    let step = usize::try_from(first.content_length())
        .unwrap_or(len)
        .max(1);
    let mut slices = buffer.chunks_mut(step);
    if let Some(head) = slices.next() {
        fill(first.into_body(), head, 0).await?;
    }
    let fetches: Vec<_> = slices
        .enumerate()
        .map(|(i, slice)| {
            let offset = ((i + 1) * step) as u64;
            let mut get = client
                .get_object(bucket, key)
                .offset(offset)
                .length(slice.len() as u64);
            if !etag.is_empty() {
                get = get.if_match(format!("\"{etag}\""));
            }
            fetch_into(get, slice, offset)
        })
        .collect();
    stream::iter(fetches)
        .buffer_unordered(transfer.download_parallelism.max(1))
        .try_collect::<Vec<()>>()
        .await?;
    Ok(Bytes::from(buffer))
}

/// Sends one ranged GET and copies its body into `slice`.
async fn fetch_into(get: crate::GetObject, slice: &mut [u8], offset: u64) -> Result<()> {
    fill(get.await?.into_body(), slice, offset).await
}

/// Copies a range's body into its slice; it must fill the slice exactly.
async fn fill(mut body: crate::ObjectBody, slice: &mut [u8], offset: u64) -> Result<()> {
    let mut at = 0;
    while let Some(chunk) = body.try_next().await? {
        let end = at + chunk.len();
        let dest = slice.get_mut(at..end).ok_or_else(|| {
            Error::Integrity(format!("range at {offset} returned more bytes than asked"))
        })?;
        dest.copy_from_slice(&chunk);
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
    version_id: Option<String>,
}

impl FGetObject {
    /// A specific version.
    pub fn version_id(mut self, version_id: impl Into<String>) -> Self {
        self.version_id = Some(version_id.into());
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
        let mut stat = self.client.stat_object(&self.bucket, &self.key);
        if let Some(v) = &self.version_id {
            stat = stat.version_id(v.clone());
        }
        let stat = stat.await?;
        let temp = PartFile(temp_path(&self.path)?);
        self.download(&temp.0, &stat).await?;
        tokio::fs::rename(&temp.0, &self.path).await?;
        Ok(stat)
    }

    async fn download(&self, temp: &Path, stat: &ObjectStat) -> Result<()> {
        let file = create_sized(temp.to_owned(), stat.size).await?;
        let transfer = self.client.inner.transfer;
        let ranges = crate::upload::plan(stat.size, transfer.download_part_size);
        stream::iter(ranges.filter(|(_, _, len)| *len > 0))
            .map(|(_, offset, len)| self.range(file.clone(), offset, len, &stat.etag))
            .buffer_unordered(transfer.download_parallelism)
            .try_collect::<Vec<()>>()
            .await?;
        tokio::task::spawn_blocking(move || file.sync_all())
            .await
            .map_err(std::io::Error::other)??;
        Ok(())
    }

    /// Fetches one range and writes it at its offset. `If-Match` makes a
    /// concurrent overwrite fail the download instead of mixing versions.
    async fn range(
        &self,
        file: Arc<std::fs::File>,
        offset: u64,
        len: u64,
        etag: &str,
    ) -> Result<()> {
        let mut get = self
            .client
            .get_object(&self.bucket, &self.key)
            .offset(offset)
            .length(len);
        if !etag.is_empty() {
            get = get.if_match(format!("\"{etag}\""));
        }
        if let Some(v) = &self.version_id {
            get = get.version_id(v.clone());
        }
        let mut body = get.await?.into_body();
        let (mut at, mut buffer) = (offset, BytesMut::new());
        while let Some(chunk) = body.try_next().await? {
            buffer.extend_from_slice(&chunk);
            if buffer.len() >= WRITE_BUFFER {
                let data = buffer.split().freeze();
                at = write_at(file.clone(), at, data).await?;
            }
        }
        at = write_at(file, at, buffer.freeze()).await?;
        if at != offset + len {
            return Err(Error::Integrity(format!(
                "range at {offset} returned {} bytes, expected {len}",
                at - offset
            )));
        }
        Ok(())
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
/// failure, and also when the caller drops the download midway. After the
/// rename nothing is left at its path, so the removal is a no-op.
struct PartFile(PathBuf);

impl Drop for PartFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `.NAME.RANDOM.part` beside `target`, after creating its folder.
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
    std::fs::create_dir_all(parent)?;
    let nonce: u64 = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
        ^ u64::from(std::process::id());
    Ok(parent.join(format!(".{name}.{nonce:x}.part")))
}

async fn create_sized(path: PathBuf, size: u64) -> Result<Arc<std::fs::File>> {
    tokio::task::spawn_blocking(move || {
        let file = std::fs::File::create(&path)?;
        file.set_len(size)?;
        Ok(Arc::new(file))
    })
    .await
    .map_err(|e| Error::Io(std::io::Error::other(e)))?
}

/// Writes `data` at `at` on the blocking pool; returns the next offset.
async fn write_at(file: Arc<std::fs::File>, at: u64, data: Bytes) -> Result<u64> {
    if data.is_empty() {
        return Ok(at);
    }
    tokio::task::spawn_blocking(move || {
        use std::os::unix::fs::FileExt;
        file.write_all_at(&data, at)?;
        Ok(at + data.len() as u64)
    })
    .await
    .map_err(|e| Error::Io(std::io::Error::other(e)))?
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client for a fresh embedded server with one bucket.
    async fn client() -> (Newtera, newtera_testkit::EmbeddedServer) {
        let server = newtera_testkit::EmbeddedServer::start().expect("server");
        let client = Newtera::builder(server.endpoint())
            .credentials(server.access_key(), server.secret_key())
            .region("us-east-1")
            .build()
            .expect("client");
        client.make_bucket("mem").await.expect("bucket");
        (client, server)
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
