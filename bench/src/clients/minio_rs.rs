//! minio-rs (`minio` crate) with its reqwest client (rustls), the region
//! set on its base URL so it never looks the region up.
//! `put_object_content` does its own multipart upload; `get_object` is one
//! streaming GET.

use std::path::Path;

use bytes::Bytes;
use futures_util::StreamExt;
use minio::s3::builders::{ObjectContent, ObjectToDelete};
use minio::s3::creds::StaticProvider;
use minio::s3::http::BaseUrl;
use minio::s3::types::{S3Api, ToStream};
use minio::s3::{MinioClient, MinioClientBuilder};

use super::{Fut, Res, S3Client, Target};

pub(crate) struct Client {
    inner: MinioClient,
    bucket: String,
}

impl Client {
    pub(crate) fn new(target: &Target) -> Res<Self> {
        let mut base: BaseUrl = target.endpoint.parse()?;
        base.region = target.region.as_str().try_into()?;
        let provider = StaticProvider::new(&target.access_key, &target.secret_key, None);
        // A region on the base URL is used as is (no lookup);
        // `skip_region_lookup` would force us-east-1 instead.
        let inner = MinioClientBuilder::new(base)
            .provider(Some(provider))
            .build()?;
        Ok(Self {
            inner,
            bucket: target.bucket.clone(),
        })
    }
}

impl S3Client for Client {
    fn put(&self, key: &str, data: Bytes) -> Fut<'_, ()> {
        let key = key.to_owned();
        Box::pin(async move {
            self.inner
                .put_object_content(self.bucket.as_str(), key.as_str(), data)?
                .build()
                .send()
                .await?;
            Ok(())
        })
    }

    fn put_file(&self, key: &str, path: &Path, _len: u64) -> Fut<'_, ()> {
        let (key, path) = (key.to_owned(), path.to_owned());
        Box::pin(async move {
            let content = ObjectContent::from(path.as_path());
            self.inner
                .put_object_content(self.bucket.as_str(), key.as_str(), content)?
                .build()
                .send()
                .await?;
            Ok(())
        })
    }

    fn get(&self, key: &str) -> Fut<'_, u64> {
        let key = key.to_owned();
        Box::pin(async move {
            let resp = self
                .inner
                .get_object(self.bucket.as_str(), key.as_str())?
                .build()
                .send()
                .await?;
            Ok(resp.into_bytes().await?.len() as u64)
        })
    }

    fn get_file(&self, key: &str, path: &Path) -> Fut<'_, u64> {
        let (key, path) = (key.to_owned(), path.to_owned());
        Box::pin(async move {
            let resp = self
                .inner
                .get_object(self.bucket.as_str(), key.as_str())?
                .build()
                .send()
                .await?;
            Ok(resp.content()?.to_file(&path).await?)
        })
    }

    fn head(&self, key: &str) -> Fut<'_, u64> {
        let key = key.to_owned();
        Box::pin(async move {
            let resp = self
                .inner
                .stat_object(self.bucket.as_str(), key.as_str())?
                .build()
                .send()
                .await?;
            Ok(resp.size()?)
        })
    }

    fn list(&self, prefix: &str) -> Fut<'_, u64> {
        let prefix = prefix.to_owned();
        Box::pin(async move {
            let mut pages = self
                .inner
                .list_objects(self.bucket.as_str())?
                .prefix(Some(prefix))
                .recursive(true)
                .use_api_v1(false)
                .build()
                .to_stream()
                .await;
            let mut n = 0u64;
            while let Some(page) = pages.next().await {
                n += page?.contents.len() as u64;
            }
            Ok(n)
        })
    }

    fn delete_many(&self, keys: Vec<String>) -> Fut<'_, ()> {
        Box::pin(async move {
            let objects = keys
                .into_iter()
                .map(ObjectToDelete::try_from)
                .collect::<Result<Vec<_>, _>>()?;
            let mut out = self
                .inner
                .delete_objects_streaming(self.bucket.as_str(), objects.into_iter())?
                .to_stream()
                .await;
            while let Some(r) = out.next().await {
                r?;
            }
            Ok(())
        })
    }

    fn presign(&self, key: &str) -> Fut<'_, String> {
        let key = key.to_owned();
        Box::pin(async move {
            let resp = self
                .inner
                .get_presigned_object_url(self.bucket.as_str(), key.as_str(), http::Method::GET)?
                .build()
                .send()
                .await?;
            Ok(resp.url)
        })
    }
}
