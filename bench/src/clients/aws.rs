//! aws-sdk-s3 with static credentials, the latest behavior version and
//! path-style addressing, over its hyper 1 client with rustls on ring.
//! It has no transfer manager, so large uploads are the multipart loop a
//! user writes by hand (same part size and parallelism as newtera);
//! downloads are one streaming GET, its plain API.

use std::path::Path;
use std::time::Duration;

use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::{ByteStream, Length};
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart, Delete, ObjectIdentifier};
use aws_smithy_http_client::tls;
use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt, stream};
use tokio::io::AsyncWriteExt;

use super::{Fut, Res, S3Client, Split, Target, ranges};

pub(crate) struct Client {
    inner: aws_sdk_s3::Client,
    bucket: String,
    split: Split,
}

impl Client {
    pub(crate) fn new(target: &Target, split: Split) -> Self {
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(tls::Provider::Rustls(
                tls::rustls_provider::CryptoMode::Ring,
            ))
            .build_https();
        let conf = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .endpoint_url(target.endpoint.as_str())
            .region(Region::new(target.region.clone()))
            .credentials_provider(Credentials::new(
                target.access_key.as_str(),
                target.secret_key.as_str(),
                None,
                None,
                "bench",
            ))
            .force_path_style(true)
            .http_client(http)
            .build();
        Self {
            inner: aws_sdk_s3::Client::from_conf(conf),
            bucket: target.bucket.clone(),
            split,
        }
    }

    async fn multipart(&self, key: &str, parts: Vec<Part>) -> Res<()> {
        let created = self
            .inner
            .create_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            // The SDK adds a CRC32 to every part and the adapter lists them
            // on completion, so the upload must declare it (Garage refuses
            // part checksums the upload did not declare).
            .checksum_algorithm(aws_sdk_s3::types::ChecksumAlgorithm::Crc32)
            .send()
            .await
            .map_err(detail)?;
        let id = created.upload_id().unwrap_or_default().to_owned();
        let mut done: Vec<CompletedPart> = stream::iter(parts.into_iter().enumerate())
            .map(|(i, part)| self.upload_part(key, &id, i as i32 + 1, part))
            .buffer_unordered(self.split.parallelism)
            .try_collect()
            .await?;
        done.sort_by_key(|p| p.part_number());
        self.inner
            .complete_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(&id)
            .multipart_upload(
                CompletedMultipartUpload::builder()
                    .set_parts(Some(done))
                    .build(),
            )
            .send()
            .await
            .map_err(detail)?;
        Ok(())
    }

    async fn upload_part(
        &self,
        key: &str,
        id: &str,
        number: i32,
        part: Part,
    ) -> Res<CompletedPart> {
        let body = match part {
            Part::Memory(bytes) => ByteStream::from(bytes),
            Part::File { path, offset, len } => {
                ByteStream::read_from()
                    .path(path)
                    .offset(offset)
                    .length(Length::Exact(len))
                    .build()
                    .await?
            }
        };
        let out = self
            .inner
            .upload_part()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(id)
            .part_number(number)
            .body(body)
            .send()
            .await
            .map_err(detail)?;
        Ok(CompletedPart::builder()
            .part_number(number)
            .set_e_tag(out.e_tag().map(str::to_owned))
            .set_checksum_crc32(out.checksum_crc32().map(str::to_owned))
            .build())
    }
}

/// The SDK's `Display` says only "service error"; the context has the
/// server's code and message.
fn detail<E: std::error::Error>(e: E) -> String {
    aws_sdk_s3::error::DisplayErrorContext(e).to_string()
}

enum Part {
    Memory(Bytes),
    File {
        path: std::path::PathBuf,
        offset: u64,
        len: u64,
    },
}

impl S3Client for Client {
    fn put(&self, key: &str, data: Bytes) -> Fut<'_, ()> {
        let key = key.to_owned();
        Box::pin(async move {
            if data.len() as u64 <= self.split.part_size {
                self.inner
                    .put_object()
                    .bucket(&self.bucket)
                    .key(&key)
                    .body(ByteStream::from(data))
                    .send()
                    .await?;
                return Ok(());
            }
            let parts = ranges(data.len() as u64, self.split.part_size)
                .into_iter()
                .map(|(o, l)| Part::Memory(data.slice(o as usize..(o + l) as usize)))
                .collect();
            self.multipart(&key, parts).await
        })
    }

    fn put_file(&self, key: &str, path: &Path, len: u64) -> Fut<'_, ()> {
        let (key, path) = (key.to_owned(), path.to_owned());
        Box::pin(async move {
            let parts = ranges(len, self.split.part_size)
                .into_iter()
                .map(|(offset, len)| Part::File {
                    path: path.clone(),
                    offset,
                    len,
                })
                .collect();
            self.multipart(&key, parts).await
        })
    }

    fn get(&self, key: &str) -> Fut<'_, u64> {
        let key = key.to_owned();
        Box::pin(async move {
            let out = self
                .inner
                .get_object()
                .bucket(&self.bucket)
                .key(&key)
                .send()
                .await?;
            let bytes = out.body.collect().await?.into_bytes();
            Ok(bytes.len() as u64)
        })
    }

    fn get_file(&self, key: &str, path: &Path) -> Fut<'_, u64> {
        let (key, path) = (key.to_owned(), path.to_owned());
        Box::pin(async move {
            let out = self
                .inner
                .get_object()
                .bucket(&self.bucket)
                .key(&key)
                .send()
                .await?;
            let mut file = tokio::fs::File::create(&path).await?;
            let mut body = out.body;
            let mut n = 0u64;
            while let Some(chunk) = body.try_next().await? {
                n += chunk.len() as u64;
                file.write_all(&chunk).await?;
            }
            file.flush().await?;
            Ok(n)
        })
    }

    fn head(&self, key: &str) -> Fut<'_, u64> {
        let key = key.to_owned();
        Box::pin(async move {
            let out = self
                .inner
                .head_object()
                .bucket(&self.bucket)
                .key(&key)
                .send()
                .await?;
            Ok(out.content_length().unwrap_or(0) as u64)
        })
    }

    fn list(&self, prefix: &str) -> Fut<'_, u64> {
        let prefix = prefix.to_owned();
        Box::pin(async move {
            let mut pages = self
                .inner
                .list_objects_v2()
                .bucket(&self.bucket)
                .prefix(prefix)
                .into_paginator()
                .send();
            let mut n = 0u64;
            while let Some(page) = pages.next().await {
                n += page?.contents().len() as u64;
            }
            Ok(n)
        })
    }

    fn delete_many(&self, keys: Vec<String>) -> Fut<'_, ()> {
        Box::pin(async move {
            for batch in keys.chunks(1000) {
                let objects = batch
                    .iter()
                    .map(|k| ObjectIdentifier::builder().key(k).build())
                    .collect::<Result<Vec<_>, _>>()?;
                let delete = Delete::builder()
                    .set_objects(Some(objects))
                    .quiet(true)
                    .build()?;
                self.inner
                    .delete_objects()
                    .bucket(&self.bucket)
                    .delete(delete)
                    .send()
                    .await?;
            }
            Ok(())
        })
    }

    fn presign(&self, key: &str) -> Fut<'_, String> {
        let key = key.to_owned();
        Box::pin(async move {
            let config = PresigningConfig::expires_in(Duration::from_secs(3600))?;
            let req = self
                .inner
                .get_object()
                .bucket(&self.bucket)
                .key(&key)
                .presigned(config)
                .await?;
            Ok(req.uri().to_owned())
        })
    }
}
