//! newtera, through its public API only.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use bytes::Bytes;
use futures_util::TryStreamExt;
use newtera::Newtera;

use super::{Fut, Res, S3Client, Split, Target};

pub(crate) struct Client {
    inner: Newtera,
    bucket: String,
    target: Target,
    split: Split,
}

impl Client {
    pub(crate) fn new(target: &Target, split: Split) -> Res<Self> {
        let builder = Newtera::builder(target.endpoint.as_str())
            .credentials(target.access_key.as_str(), target.secret_key.as_str())
            .region(target.region.as_str())
            .path_style()
            .part_size(split.part_size)
            .parallel_uploads(split.parallelism)
            .parallel_downloads(split.parallelism);
        let inner = builder.build()?;
        Ok(Self {
            inner,
            bucket: target.bucket.clone(),
            target: target.clone(),
            split,
        })
    }

    /// A client whose HTTP layer counts the UploadPart bytes that reach the
    /// server and, once `cut_after` parts are stored, fails the rest as a
    /// broken network would.
    fn wired(&self, wire: &Arc<Wire>) -> Res<Newtera> {
        let http = newtera::transport::HttpService::new()?;
        let wire = wire.clone();
        let service = tower::service_fn(move |request: http::Request<newtera::transport::Body>| {
            let (wire, mut http) = (wire.clone(), http.clone());
            async move {
                use tower::Service;
                let part = request.method() == http::Method::PUT
                    && request
                        .uri()
                        .query()
                        .is_some_and(|q| q.contains("partNumber="));
                if part {
                    if wire
                        .cut_after
                        .is_some_and(|n| wire.stored.load(Ordering::SeqCst) >= n)
                    {
                        return Err(Box::new(std::io::Error::new(
                            std::io::ErrorKind::ConnectionReset,
                            "cut",
                        )) as newtera::BoxError);
                    }
                    let len = hyper::body::Body::size_hint(request.body())
                        .exact()
                        .unwrap_or(0);
                    wire.bytes.fetch_add(len, Ordering::SeqCst);
                }
                let response = http.call(request).await.map_err(Box::new)?;
                if part && response.status().is_success() {
                    wire.stored.fetch_add(1, Ordering::SeqCst);
                }
                Ok::<_, newtera::BoxError>(response)
            }
        });
        Ok(Newtera::builder(self.target.endpoint.as_str())
            .credentials(
                self.target.access_key.as_str(),
                self.target.secret_key.as_str(),
            )
            .region(self.target.region.as_str())
            .path_style()
            .part_size(self.split.part_size)
            .parallel_uploads(self.split.parallelism)
            .http_client(service)
            .build()?)
    }
}

/// What the wire of [`Client::wired`] saw.
#[derive(Default)]
struct Wire {
    cut_after: Option<usize>,
    stored: AtomicUsize,
    bytes: AtomicU64,
}

/// Progress reports received by the progress workloads, for the report.
pub(crate) static REPORTS: AtomicU64 = AtomicU64::new(0);

/// A progress callback that does what a caller's would: keeps the latest
/// (and counts the reports).
fn hook(count: &Arc<AtomicU64>) -> impl Fn(newtera::Progress) + Send + Sync + 'static {
    let count = count.clone();
    move |p| {
        REPORTS.fetch_add(1, Ordering::Relaxed);
        count.store(p.done, Ordering::Relaxed)
    }
}

impl S3Client for Client {
    fn put(&self, key: &str, data: Bytes) -> Fut<'_, ()> {
        let put = self.inner.put_object(&self.bucket, key, data);
        Box::pin(async move {
            put.await?;
            Ok(())
        })
    }

    fn put_file(&self, key: &str, path: &Path, _len: u64) -> Fut<'_, ()> {
        let put = self.inner.fput_object(&self.bucket, key, path);
        Box::pin(async move {
            put.await?;
            Ok(())
        })
    }

    fn get(&self, key: &str) -> Fut<'_, u64> {
        let key = key.to_owned();
        Box::pin(async move {
            let bytes = self.inner.get_object_bytes(&self.bucket, &key).await?;
            Ok(bytes.len() as u64)
        })
    }

    fn get_file(&self, key: &str, path: &Path) -> Fut<'_, u64> {
        let get = self.inner.fget_object(&self.bucket, key, path);
        Box::pin(async move { Ok(get.await?.size) })
    }

    fn head(&self, key: &str) -> Fut<'_, u64> {
        let stat = self.inner.stat_object(&self.bucket, key);
        Box::pin(async move { Ok(stat.await?.size) })
    }

    fn list(&self, prefix: &str) -> Fut<'_, u64> {
        let stream = self
            .inner
            .list_objects(&self.bucket)
            .prefix(prefix)
            .recursive(true)
            .into_stream();
        Box::pin(async move {
            let count = stream
                .try_fold(0u64, |n, _| async move { Ok(n + 1) })
                .await?;
            Ok(count)
        })
    }

    fn delete_many(&self, keys: Vec<String>) -> Fut<'_, ()> {
        let stream = self.inner.remove_objects(&self.bucket, keys);
        Box::pin(async move {
            let failures: Vec<_> = stream.try_collect().await?;
            match failures.first() {
                None => Ok(()),
                Some(f) => Err(format!("{} keys not deleted: {f:?}", failures.len()).into()),
            }
        })
    }

    fn presign(&self, key: &str) -> Fut<'_, String> {
        let presign = self.inner.presigned_get_object(&self.bucket, key);
        Box::pin(async move { Ok(presign.await?) })
    }

    fn put_file_progress(&self, key: &str, path: &Path, len: u64) -> Fut<'_, ()> {
        let done = Arc::new(AtomicU64::new(0));
        let put = self
            .inner
            .fput_object(&self.bucket, key, path)
            .progress(hook(&done));
        Box::pin(async move {
            put.await?;
            match done.load(Ordering::Relaxed) {
                n if n == len => Ok(()),
                n => Err(format!("progress ended at {n} of {len}").into()),
            }
        })
    }

    fn get_file_progress(&self, key: &str, path: &Path) -> Fut<'_, u64> {
        let done = Arc::new(AtomicU64::new(0));
        let get = self
            .inner
            .fget_object(&self.bucket, key, path)
            .progress(hook(&done));
        Box::pin(async move {
            let size = get.await?.size;
            match done.load(Ordering::Relaxed) {
                n if n == size => Ok(size),
                n => Err(format!("progress ended at {n} of {size}").into()),
            }
        })
    }

    fn resume_file(&self, key: &str, path: &Path, len: u64) -> Fut<'_, (u64, std::time::Duration)> {
        let (key, path) = (key.to_owned(), path.to_owned());
        Box::pin(async move {
            let parts = len.div_ceil(self.split.part_size) as usize;
            let cut = Arc::new(Wire {
                cut_after: Some(parts / 2),
                ..Wire::default()
            });
            let first = self
                .wired(&cut)?
                .fput_object(&self.bucket, &key, &path)
                .resumable(true)
                .await;
            let kept = match first {
                Err(newtera::Error::UploadKept(kept)) => kept,
                other => return Err(format!("the cut upload ended with {other:?}").into()),
            };
            let wire = Arc::new(Wire::default());
            let started = std::time::Instant::now();
            self.wired(&wire)?
                .fput_object(&self.bucket, &key, &path)
                .resume_from(&kept)
                .await?;
            Ok((wire.bytes.load(Ordering::SeqCst), started.elapsed()))
        })
    }
}
