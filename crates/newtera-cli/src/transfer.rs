//! Moving one object: upload from a file, download to a file, or copy
//! between objects, each reporting its bytes to a [`Progress`].

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::{StreamExt, TryStreamExt};
use newtera::{Newtera, ObjectData};

use crate::error::{CliError, CliResult, Context};
use crate::path::RemotePath;
use crate::progress::Progress;

/// The library's progress hook for one transfer, feeding the command's bar
/// with what changed since the last report.
fn hook(progress: &Progress) -> impl Fn(newtera::Progress) + Send + Sync + 'static {
    let bar = progress.clone();
    let last = AtomicU64::new(0);
    move |p| {
        let before = last.swap(p.done, Ordering::Relaxed);
        bar.advance(p.done.saturating_sub(before));
    }
}

/// Uploads `path` to `bucket/key` with `options` (type, metadata,
/// headers) through `fput_object` (parts read in parallel); under
/// `--limit-upload`, chunk by chunk instead (`limited`). With `resume`, an
/// unfinished upload of the key is continued (only missing or differing
/// parts are sent) and a failed upload is kept to be continued. Returns the
/// file's size.
pub(crate) async fn upload(
    client: &Newtera,
    target: &RemotePath,
    path: &Path,
    options: &crate::headers::UploadOptions,
    resume: bool,
    progress: &Progress,
) -> CliResult<u64> {
    if crate::throttle::limits_upload() && !resume {
        return crate::limited::upload(client, target, path, options, progress).await;
    }
    let size = tokio::fs::metadata(path)
        .await
        .context(path.display())?
        .len();
    let put = client.fput_object(&target.bucket, &target.key, path);
    options
        .apply(put)
        .resumable(resume)
        .progress(hook(progress))
        .await
        .map_err(|e| match e {
            newtera::Error::UploadKept(_) => CliError::from(e)
                .context(target)
                .context("run the same `newtera cp --continue` again to send only what is missing, or `newtera rm --incomplete` to free it"),
            e => CliError::from(e).context(target),
        })?;
    Ok(size)
}

/// Whether `target` already holds exactly the file at `path`: the same
/// size and the ETag the file's bytes make (an MD5, or a multipart ETag
/// over parts of the size the upload chose).
pub(crate) async fn already_uploaded(
    client: &Newtera,
    target: &RemotePath,
    path: &Path,
) -> CliResult<bool> {
    let stat = match client.stat_object(&target.bucket, &target.key).await {
        Ok(stat) => stat,
        Err(e) if e.is_not_found() => return Ok(false),
        Err(e) => return Err(CliError::from(e).context(target)),
    };
    let size = tokio::fs::metadata(path)
        .await
        .context(path.display())?
        .len();
    if stat.size != size {
        return Ok(false);
    }
    let etag = stat.etag.as_str().to_owned();
    let path = path.to_owned();
    let local = tokio::task::spawn_blocking(move || local_etag(&path, size, &etag))
        .await
        .map_err(|e| CliError::failure(e.to_string()))??;
    Ok(local)
}

/// Computes the ETag `etag`'s shape asks for from the file and compares.
fn local_etag(path: &Path, size: u64, etag: &str) -> CliResult<bool> {
    use md5::Digest as _;
    use std::io::Read as _;
    let parts = match etag.split_once('-') {
        None => 1,
        Some((_, n)) => match n.parse::<u64>() {
            Ok(n) if n > 0 => n,
            _ => return Ok(false),
        },
    };
    // The upload's part size: 8 MiB unless that makes too many parts.
    let mib = 1u64 << 20;
    let part_size = if size.div_ceil(8 * mib) == parts {
        8 * mib
    } else {
        size.div_ceil(parts).div_ceil(mib) * mib
    };
    let mut file = std::fs::File::open(path).context(path.display())?;
    let mut digests = Vec::new();
    let mut whole = md5::Md5::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut left = size;
    while left > 0 {
        let mut part = md5::Md5::new();
        let mut in_part = part_size.min(left);
        left -= in_part;
        while in_part > 0 {
            let step = buf.len().min(usize::try_from(in_part).unwrap_or(buf.len()));
            let chunk = buf.get_mut(..step).unwrap_or_default();
            file.read_exact(chunk).context(path.display())?;
            part.update(&*chunk);
            whole.update(&*chunk);
            in_part -= step as u64;
        }
        digests.push(part.finalize());
    }
    if parts == 1 && !etag.contains('-') {
        return Ok(hex::encode(whole.finalize()) == etag);
    }
    if digests.len() as u64 != parts {
        return Ok(false);
    }
    // The multipart ETag rule lives in newtera-proto.
    let completed: Vec<_> = (1u32..)
        .zip(&digests)
        .map(|(n, d)| newtera::proto::types::CompletedPart::new(n, hex::encode(d)))
        .collect();
    let made = newtera::proto::op::multipart::multipart_etag(&completed);
    Ok(made.is_some_and(|m| m.trim_matches('"') == etag))
}

/// Downloads `source` to `dest` with `fget_object` (under
/// `--limit-download`, chunk by chunk instead: `limited`): parallel ranges into a
/// hidden part file beside `dest`, renamed over it only once complete (and
/// flushed to the disk first when it replaces a file), so an interrupted
/// or failed download never replaces a good file. A device or FIFO is
/// written into instead (`write_into`). Returns the object's
/// size.
pub(crate) async fn download(
    client: &Newtera,
    source: &RemotePath,
    dest: &Path,
    progress: &Progress,
) -> CliResult<u64> {
    if dest.is_dir() {
        return Err(CliError::usage(format!("{} is a folder", dest.display())));
    }
    if is_special(dest) {
        return write_into(client, source, dest, progress).await;
    }
    if crate::throttle::limits_download() {
        return crate::limited::download(client, source, dest, progress).await;
    }
    // A file that replaces another is on the disk before the rename, so a
    // crash never swaps a good file for a torn one. A new file is not
    // flushed (that waits for the whole file to reach the disk: a 1 GiB
    // download took 1.9–2.6 s instead of 1.2–1.5 s; docs/BENCHMARKS.md);
    // the operating system writes it back as for any other program.
    let replaces = tokio::fs::symlink_metadata(dest).await.is_ok();
    let stat = client
        .fget_object(&source.bucket, &source.key, dest)
        .fsync(replaces)
        .progress(hook(progress))
        .await
        .context(source)?;
    Ok(stat.size)
}

/// Whether `dest` (its link followed) exists and is neither a regular file
/// nor a folder: a device (`/dev/null`), a FIFO, a socket. A download
/// writes into it, as a shell redirection would; replacing it with a file
/// would break it (as root, `/dev/null` for everyone).
fn is_special(dest: &Path) -> bool {
    std::fs::metadata(dest).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Streams `source` into the existing special file `dest`, chunk by chunk
/// (under `--limit-download` too), checking the length the server gave.
async fn write_into(
    client: &Newtera,
    source: &RemotePath,
    dest: &Path,
    progress: &Progress,
) -> CliResult<u64> {
    use tokio::io::AsyncWriteExt as _;
    let response = client
        .get_object(&source.bucket, &source.key)
        .await
        .context(source)?;
    let expected = response.content_length();
    let mut out = tokio::fs::OpenOptions::new()
        .write(true)
        .open(dest)
        .await
        .context(dest.display())?;
    let mut body = response.into_body();
    let mut written = 0u64;
    while let Some(chunk) = body.try_next().await.context(source)? {
        crate::throttle::download(chunk.len() as u64).await;
        out.write_all(&chunk).await.context(dest.display())?;
        written += chunk.len() as u64;
        progress.advance(chunk.len() as u64);
    }
    out.flush().await.context(dest.display())?;
    if let Some(expected) = expected.filter(|e| *e != written) {
        return Err(CliError::failure(format!(
            "{source}: short download: {written} of {expected} bytes"
        )));
    }
    Ok(written)
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
        to.copy_object(
            &target.bucket,
            &target.key,
            newtera::CopySource::new(&source.bucket, &source.key),
        )
        .progress(hook(progress))
        .await
        .context(target)?;
        return Ok(stat.size);
    }
    let response = from
        .get_object(&source.bucket, &source.key)
        .await
        .context(source)?;
    let size = response.content_length();
    let counter = progress.clone();
    let copied = Arc::new(AtomicU64::new(0));
    let tally = copied.clone();
    let body = response
        .into_body()
        .inspect_ok(move |chunk| {
            counter.advance(chunk.len() as u64);
            tally.fetch_add(chunk.len() as u64, Ordering::Relaxed);
        })
        .map(|r| r.map_err(Box::<dyn std::error::Error + Send + Sync>::from));
    to.put_object(
        &target.bucket,
        &target.key,
        ObjectData::from_stream(body, size),
    )
    .await
    .context(target)?;
    Ok(copied.load(Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_matches_the_etag_its_bytes_make() -> CliResult<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("f");
        std::fs::write(&path, b"abc")?;
        assert!(local_etag(&path, 3, "900150983cd24fb0d6963f7d28e17f72")?);
        assert!(!local_etag(&path, 3, "900150983cd24fb0d6963f7d28e17f73")?);
        // One part of a multipart upload: the MD5 of the part's MD5.
        let one = {
            use md5::Digest as _;
            let part = md5::Md5::digest(b"abc");
            format!("{}-1", hex::encode(md5::Md5::digest(part)))
        };
        assert!(local_etag(&path, 3, &one)?);
        assert!(!local_etag(&path, 3, "zz-x")?);
        Ok(())
    }
}
