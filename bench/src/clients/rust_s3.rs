//! rust-s3 (`s3::Bucket`, tokio + rustls on ring), path style. Its
//! `put_object` takes a slice (one PUT), `put_object_stream` does the
//! multipart upload of a reader; it has no multi-object delete, so keys are
//! deleted one by one, 64 at a time.

use std::path::Path;

use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt, stream};
use s3::creds::Credentials;
use s3::{Bucket, Region};

use super::{Fut, Res, S3Client, Target};

pub(crate) struct Client {
    inner: Box<Bucket>,
}

impl Client {
    pub(crate) fn new(target: &Target) -> Res<Self> {
        let region = Region::Custom {
            region: target.region.clone(),
            endpoint: target.endpoint.clone(),
        };
        let creds = Credentials::new(
            Some(&target.access_key),
            Some(&target.secret_key),
            None,
            None,
            None,
        )?;
        let inner = Bucket::new(&target.bucket, region, creds)?.with_path_style();
        Ok(Self { inner })
    }
}

impl S3Client for Client {
    fn put(&self, key: &str, data: Bytes) -> Fut<'_, ()> {
        let key = key.to_owned();
        Box::pin(async move {
            if data.len() > 8 << 20 {
                let mut reader: &[u8] = &data;
                self.inner.put_object_stream(&mut reader, &key).await?;
            } else {
                self.inner.put_object(&key, &data).await?;
            }
            Ok(())
        })
    }

    fn put_file(&self, key: &str, path: &Path, _len: u64) -> Fut<'_, ()> {
        let (key, path) = (key.to_owned(), path.to_owned());
        Box::pin(async move {
            let mut file = tokio::fs::File::open(&path).await?;
            self.inner.put_object_stream(&mut file, &key).await?;
            Ok(())
        })
    }

    fn get(&self, key: &str) -> Fut<'_, u64> {
        let key = key.to_owned();
        Box::pin(async move {
            let data = self.inner.get_object(&key).await?;
            Ok(data.bytes().len() as u64)
        })
    }

    fn get_file(&self, key: &str, path: &Path) -> Fut<'_, u64> {
        let (key, path) = (key.to_owned(), path.to_owned());
        Box::pin(async move {
            let mut file = tokio::fs::File::create(&path).await?;
            self.inner.get_object_to_writer(&key, &mut file).await?;
            tokio::io::AsyncWriteExt::flush(&mut file).await?;
            Ok(file.metadata().await?.len())
        })
    }

    fn head(&self, key: &str) -> Fut<'_, u64> {
        let key = key.to_owned();
        Box::pin(async move {
            let (head, _) = self.inner.head_object(&key).await?;
            Ok(head.content_length.unwrap_or(0) as u64)
        })
    }

    fn list(&self, prefix: &str) -> Fut<'_, u64> {
        let prefix = prefix.to_owned();
        Box::pin(async move {
            let pages = self.inner.list(prefix, None).await?;
            Ok(pages.iter().map(|p| p.contents.len() as u64).sum())
        })
    }

    fn delete_many(&self, keys: Vec<String>) -> Fut<'_, ()> {
        Box::pin(async move {
            stream::iter(keys)
                .map(|k| async move { self.inner.delete_object(&k).await.map(|_| ()) })
                .buffer_unordered(64)
                .try_collect::<Vec<()>>()
                .await?;
            Ok(())
        })
    }

    fn presign(&self, key: &str) -> Fut<'_, String> {
        let key = key.to_owned();
        Box::pin(async move { Ok(self.inner.presign_get(&key, 3600, None).await?) })
    }
}
