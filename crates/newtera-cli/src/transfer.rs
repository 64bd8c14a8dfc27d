//! Moving one object: upload from a file, download to a file, or copy
//! between objects, each reporting its bytes to a [`Progress`].

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::BytesMut;
use futures_util::{StreamExt, TryStreamExt, stream};
use newtera::{Newtera, ObjectData};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::error::{CliError, CliResult, Context};
use crate::path::RemotePath;
use crate::progress::Progress;

/// Bytes read from a file per chunk handed to the uploader.
const CHUNK: usize = 256 << 10;

/// Uploads `path` to `bucket/key` with `options` (type, metadata,
/// headers), counting bytes as they are read. Returns the file's size.
pub(crate) async fn upload(
    client: &Newtera,
    target: &RemotePath,
    path: &Path,
    options: &crate::headers::UploadOptions,
    progress: &Progress,
) -> CliResult<u64> {
    let file = tokio::fs::File::open(path).await.context(path.display())?;
    let size = file.metadata().await.context(path.display())?.len();
    let counter = progress.clone();
    let chunks = stream::try_unfold(file, |mut file| async move {
        let mut buf = BytesMut::with_capacity(CHUNK);
        while buf.len() < CHUNK {
            if file.read_buf(&mut buf).await? == 0 {
                break;
            }
        }
        crate::throttle::upload(buf.len() as u64).await;
        Ok::<_, std::io::Error>((!buf.is_empty()).then(|| (buf.freeze(), file)))
    })
    .inspect_ok(move |chunk| counter.advance(chunk.len() as u64));
    let put = client.put_object(
        &target.bucket,
        &target.key,
        ObjectData::from_stream(chunks, Some(size)),
    );
    options.apply(put).await.context(target)?;
    Ok(size)
}

/// Downloads `source` to `dest`. The bytes go to a hidden part file beside
/// `dest`, renamed over it only once complete, so an interrupted or failed
/// download never replaces a good file. Returns the object's size.
pub(crate) async fn download(
    client: &Newtera,
    source: &RemotePath,
    dest: &Path,
    progress: &Progress,
) -> CliResult<u64> {
    if dest.is_dir() {
        return Err(CliError::usage(format!("{} is a folder", dest.display())));
    }
    let response = client
        .get_object(&source.bucket, &source.key)
        .await
        .context(source)?;
    let expected = response.content_length();
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(parent)
            .await
            .context(parent.display())?;
    }
    let part = PartFile(part_path(dest)?);
    let written = write_body(response.into_body(), &part.0, progress)
        .await
        .context(source)?;
    if let Some(expected) = expected.filter(|e| *e != written) {
        return Err(CliError::failure(format!(
            "{source}: short download: {written} of {expected} bytes"
        )));
    }
    tokio::fs::rename(&part.0, dest).await.context(source)?;
    Ok(written)
}

/// A part file in flight, removed when dropped: on failure, and also when
/// the download is abandoned (Ctrl-C drops the future mid-transfer). After
/// the rename there is nothing left to remove.
struct PartFile(PathBuf);

impl Drop for PartFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

async fn write_body(
    mut body: newtera::ObjectBody,
    part: &Path,
    progress: &Progress,
) -> CliResult<u64> {
    let mut file = tokio::fs::File::create(part)
        .await
        .context(part.display())?;
    let mut total = 0u64;
    while let Some(chunk) = body.try_next().await? {
        crate::throttle::download(chunk.len() as u64).await;
        file.write_all(&chunk).await.context(part.display())?;
        total += chunk.len() as u64;
        progress.advance(chunk.len() as u64);
    }
    file.flush().await?;
    file.sync_all().await?;
    Ok(total)
}

/// A unique hidden file name beside `dest` for the bytes in flight.
fn part_path(dest: &Path) -> CliResult<PathBuf> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = dest
        .file_name()
        .ok_or_else(|| CliError::usage(format!("{}: no file name", dest.display())))?;
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let part = format!(
        ".{}.{}-{n}.newtera-part",
        name.to_string_lossy(),
        std::process::id()
    );
    Ok(dest.with_file_name(part))
}

/// Copies `source` to `target`: on the server when both are behind the same
/// alias, else streamed through this machine. Returns the size copied.
pub(crate) async fn copy(
    clients: (&Newtera, &Newtera),
    source: &RemotePath,
    target: &RemotePath,
    progress: &Progress,
) -> CliResult<u64> {
    let (from, to) = clients;
    if source.alias == target.alias {
        let stat = from
            .stat_object(&source.bucket, &source.key)
            .await
            .context(source)?;
        to.copy_object(&target.bucket, &target.key, &source.bucket, &source.key)
            .await
            .context(target)?;
        progress.advance(stat.size);
        return Ok(stat.size);
    }
    let response = from
        .get_object(&source.bucket, &source.key)
        .await
        .context(source)?;
    let size = response.content_length();
    let counter = progress.clone();
    let copied = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let tally = copied.clone();
    let body = response
        .into_body()
        .inspect_ok(move |chunk| {
            counter.advance(chunk.len() as u64);
            tally.fetch_add(chunk.len() as u64, std::sync::atomic::Ordering::Relaxed);
        })
        .map(|r| r.map_err(Box::<dyn std::error::Error + Send + Sync>::from));
    to.put_object(
        &target.bucket,
        &target.key,
        ObjectData::from_stream(body, size),
    )
    .await
    .context(target)?;
    Ok(copied.load(std::sync::atomic::Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_files_are_hidden_siblings() -> CliResult<()> {
        let part = part_path(Path::new("/x/y/file.bin"))?;
        assert_eq!(part.parent(), Some(Path::new("/x/y")));
        let name = part.file_name().map(|n| n.to_string_lossy().into_owned());
        assert!(name.is_some_and(|n| n.starts_with(".file.bin.") && n.ends_with(".newtera-part")));
        assert!(part_path(Path::new("/")).is_err());
        Ok(())
    }

    #[test]
    fn abandoned_part_files_are_removed() -> CliResult<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join(".x.newtera-part");
        std::fs::write(&path, "partial")?;
        drop(PartFile(path.clone()));
        assert!(!path.exists());
        Ok(())
    }
}
