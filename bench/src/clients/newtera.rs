//! newtera, through its public API only.

use std::path::Path;

use bytes::Bytes;
use futures_util::TryStreamExt;
use newtera::Newtera;

use super::{Fut, Res, S3Client, Split, Target};

pub(crate) struct Client {
    inner: Newtera,
    bucket: String,
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
        })
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
}
