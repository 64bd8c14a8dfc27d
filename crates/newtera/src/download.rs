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
        let temp = temp_path(&self.path)?;
        let result = self.download(&temp, &stat).await;
        match result {
            Ok(()) => {
                tokio::fs::rename(&temp, &self.path).await?;
                Ok(stat)
            }
            Err(e) => {
                let _ = tokio::fs::remove_file(&temp).await;
                Err(e)
            }
        }
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
