//! The ceiling: plain hyper requests carrying the same bytes, split the
//! same way as newtera's transfers, with no signing, no XML and no S3
//! logic. Only the transfer workloads are defined for it.

use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt, stream};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use super::{Fut, Res, S3Client, Split, Target, ranges, unsupported};

pub(crate) struct Client {
    http: HyperClient<HttpConnector, Full<Bytes>>,
    base: String,
    split: Split,
}

impl Client {
    pub(crate) fn new(target: &Target, split: Split) -> Self {
        Self {
            http: HyperClient::builder(TokioExecutor::new()).build_http(),
            base: format!(
                "{}/{}",
                target.endpoint.trim_end_matches('/'),
                target.bucket
            ),
            split,
        }
    }

    async fn put_part(&self, key: &str, number: usize, body: Bytes) -> Res<()> {
        let req = http::Request::put(format!(
            "{}/{key}?partNumber={number}&uploadId=raw",
            self.base
        ))
        .body(Full::new(body))?;
        let resp = self.http.request(req).await?;
        resp.into_body().collect().await?;
        Ok(())
    }

    /// One ranged GET, its chunks handed to `sink` as they arrive.
    async fn get_range(
        &self,
        key: &str,
        offset: u64,
        len: u64,
        sink: impl FnMut(u64, Bytes) -> Res<()>,
    ) -> Res<u64> {
        let mut sink = sink;
        let req = http::Request::get(format!("{}/{key}", self.base))
            .header("range", format!("bytes={offset}-{}", offset + len - 1))
            .body(Full::new(Bytes::new()))?;
        let mut body = self.http.request(req).await?.into_body();
        let mut at = offset;
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame?.into_data() {
                let n = data.len() as u64;
                sink(at, data)?;
                at += n;
            }
        }
        Ok(at - offset)
    }

    async fn size(&self, key: &str) -> Res<u64> {
        let req =
            http::Request::head(format!("{}/{key}", self.base)).body(Full::new(Bytes::new()))?;
        let resp = self.http.request(req).await?;
        Ok(resp
            .headers()
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }
}

impl S3Client for Client {
    fn put(&self, key: &str, data: Bytes) -> Fut<'_, ()> {
        let key = key.to_owned();
        Box::pin(async move {
            let parts = ranges(data.len() as u64, self.split.part_size);
            stream::iter(parts.into_iter().enumerate())
                .map(|(i, (o, l))| {
                    self.put_part(&key, i + 1, data.slice(o as usize..(o + l) as usize))
                })
                .buffer_unordered(self.split.parallelism)
                .try_collect::<Vec<()>>()
                .await?;
            Ok(())
        })
    }

    fn put_file(&self, key: &str, path: &Path, len: u64) -> Fut<'_, ()> {
        let (key, file) = (key.to_owned(), std::fs::File::open(path).map(Arc::new));
        Box::pin(async move {
            let file = file?;
            let parts = ranges(len, self.split.part_size);
            stream::iter(parts.into_iter().enumerate())
                .map(|(i, (o, l))| {
                    let (file, key) = (file.clone(), &key);
                    async move {
                        let body = tokio::task::spawn_blocking(move || {
                            let mut buf = vec![0u8; l as usize];
                            file.read_exact_at(&mut buf, o).map(|_| Bytes::from(buf))
                        })
                        .await??;
                        self.put_part(key, i + 1, body).await
                    }
                })
                .buffer_unordered(self.split.parallelism)
                .try_collect::<Vec<()>>()
                .await?;
            Ok(())
        })
    }

    fn get(&self, key: &str) -> Fut<'_, u64> {
        let key = key.to_owned();
        Box::pin(async move {
            let len = self.size(&key).await?;
            let chunks: Vec<Vec<Bytes>> = stream::iter(ranges(len, self.split.part_size))
                .map(|(o, l)| {
                    let key = &key;
                    async move {
                        let mut kept = Vec::new();
                        self.get_range(key, o, l, |_, b| {
                            kept.push(b);
                            Ok(())
                        })
                        .await?;
                        Ok::<_, super::BoxError>(kept)
                    }
                })
                .buffered(self.split.parallelism)
                .try_collect()
                .await?;
            Ok(chunks.iter().flatten().map(|b| b.len() as u64).sum())
        })
    }

    fn get_file(&self, key: &str, path: &Path) -> Fut<'_, u64> {
        let (key, path) = (key.to_owned(), path.to_owned());
        Box::pin(async move {
            let len = self.size(&key).await?;
            let file = Arc::new(std::fs::File::create(&path)?);
            file.set_len(len)?;
            let counts: Vec<u64> = stream::iter(ranges(len, self.split.part_size))
                .map(|(o, l)| {
                    let (key, file) = (&key, file.clone());
                    async move {
                        self.get_range(key, o, l, |at, b| Ok(file.write_all_at(&b, at)?))
                            .await
                    }
                })
                .buffer_unordered(self.split.parallelism)
                .try_collect()
                .await?;
            Ok(counts.iter().sum())
        })
    }

    fn head(&self, _key: &str) -> Fut<'_, u64> {
        Box::pin(async { unsupported("head") })
    }

    fn list(&self, _prefix: &str) -> Fut<'_, u64> {
        Box::pin(async { unsupported("list") })
    }

    fn delete_many(&self, _keys: Vec<String>) -> Fut<'_, ()> {
        Box::pin(async { unsupported("delete") })
    }

    fn presign(&self, _key: &str) -> Fut<'_, String> {
        Box::pin(async { unsupported("presign") })
    }
}
