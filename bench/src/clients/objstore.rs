//! object_store's `AmazonS3` (ring crypto, reqwest without TLS), through
//! `ObjectStore`/`ObjectStoreExt`, `WriteMultipart` for large uploads and
//! `Signer` for presigning.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as ObjPath;
use object_store::signer::Signer;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{Fut, Res, S3Client, Split, Target};

pub(crate) struct Client {
    inner: Arc<AmazonS3>,
    split: Split,
}

impl Client {
    pub(crate) fn new(target: &Target, split: Split) -> Res<Self> {
        let inner = AmazonS3Builder::new()
            .with_endpoint(target.endpoint.as_str())
            .with_bucket_name(target.bucket.as_str())
            .with_access_key_id(target.access_key.as_str())
            .with_secret_access_key(target.secret_key.as_str())
            .with_region(target.region.as_str())
            .with_allow_http(true)
            .with_virtual_hosted_style_request(false)
            .build()?;
        Ok(Self {
            inner: Arc::new(inner),
            split,
        })
    }

    async fn multipart_from(&self, key: &str, chunks: Vec<Bytes>) -> Res<()> {
        let upload = self.inner.put_multipart(&ObjPath::from(key)).await?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, self.split.part_size as usize);
        for chunk in chunks {
            writer.wait_for_capacity(self.split.parallelism).await?;
            writer.put(chunk);
        }
        writer.finish().await?;
        Ok(())
    }
}

impl S3Client for Client {
    fn put(&self, key: &str, data: Bytes) -> Fut<'_, ()> {
        let key = key.to_owned();
        Box::pin(async move {
            if data.len() as u64 <= self.split.part_size {
                self.inner
                    .put(&ObjPath::from(key), PutPayload::from(data))
                    .await?;
                return Ok(());
            }
            let size = self.split.part_size as usize;
            let chunks = (0..data.len())
                .step_by(size)
                .map(|o| data.slice(o..(o + size).min(data.len())))
                .collect();
            self.multipart_from(&key, chunks).await
        })
    }

    fn put_file(&self, key: &str, path: &Path, _len: u64) -> Fut<'_, ()> {
        let (key, path) = (key.to_owned(), path.to_owned());
        Box::pin(async move {
            let upload = self.inner.put_multipart(&ObjPath::from(key)).await?;
            let size = self.split.part_size as usize;
            let mut writer = WriteMultipart::new_with_chunk_size(upload, size);
            let mut file = tokio::fs::File::open(&path).await?;
            loop {
                let mut buf = vec![0u8; size];
                let mut filled = 0;
                while filled < size {
                    let n = file.read(&mut buf[filled..]).await?;
                    if n == 0 {
                        break;
                    }
                    filled += n;
                }
                if filled == 0 {
                    break;
                }
                buf.truncate(filled);
                writer.wait_for_capacity(self.split.parallelism).await?;
                writer.put(Bytes::from(buf));
            }
            writer.finish().await?;
            Ok(())
        })
    }

    fn get(&self, key: &str) -> Fut<'_, u64> {
        let key = key.to_owned();
        Box::pin(async move {
            let bytes = self.inner.get(&ObjPath::from(key)).await?.bytes().await?;
            Ok(bytes.len() as u64)
        })
    }

    fn get_file(&self, key: &str, path: &Path) -> Fut<'_, u64> {
        let (key, path) = (key.to_owned(), path.to_owned());
        Box::pin(async move {
            let mut stream = self.inner.get(&ObjPath::from(key)).await?.into_stream();
            let mut file = tokio::fs::File::create(&path).await?;
            let mut n = 0u64;
            while let Some(chunk) = stream.try_next().await? {
                n += chunk.len() as u64;
                file.write_all(&chunk).await?;
            }
            file.flush().await?;
            Ok(n)
        })
    }

    fn head(&self, key: &str) -> Fut<'_, u64> {
        let key = key.to_owned();
        Box::pin(async move { Ok(self.inner.head(&ObjPath::from(key)).await?.size) })
    }

    fn list(&self, prefix: &str) -> Fut<'_, u64> {
        let prefix = ObjPath::from(prefix);
        Box::pin(async move {
            let n = self
                .inner
                .list(Some(&prefix))
                .try_fold(0u64, |n, _| async move { Ok(n + 1) })
                .await?;
            Ok(n)
        })
    }

    fn delete_many(&self, keys: Vec<String>) -> Fut<'_, ()> {
        Box::pin(async move {
            let paths = futures_util::stream::iter(keys.into_iter().map(|k| Ok(ObjPath::from(k))));
            let mut out = self.inner.delete_stream(paths.boxed());
            while let Some(r) = out.next().await {
                r?;
            }
            Ok(())
        })
    }

    fn presign(&self, key: &str) -> Fut<'_, String> {
        let key = ObjPath::from(key);
        Box::pin(async move {
            let url = self
                .inner
                .signed_url(http::Method::GET, &key, Duration::from_secs(3600))
                .await?;
            Ok(url.to_string())
        })
    }
}
