//! `list_objects`: a lazy stream over ListObjectsV2 pages, with a V1
//! fallback for servers without V2.

use std::collections::VecDeque;
use std::sync::Arc;

use newtera_proto::op::list::{
    KeyEncoding, ListObjects as ListV1, ListObjectsOutput, ListObjectsV2,
};

use crate::client::{Newtera, SendOptions};
use crate::error::Result;
use crate::future::OpStream;
use crate::paginate::Progress;
use crate::types::{ETag, Object, system_time};

impl Newtera {
    /// Lists a bucket lazily. Non-recursive by default: keys are rolled up
    /// at `/` and common prefixes come back as directory entries
    /// (`is_dir`). Pages are fetched as the stream is polled.
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let mut objects = client.list_objects("photos").prefix("2024/").recursive(true).into_stream();
    /// while let Some(object) = objects.try_next().await? {
    ///     println!("{} {}", object.object_name, object.size);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list_objects(&self, bucket: &str) -> ListObjects {
        ListObjects {
            client: self.clone(),
            bucket: bucket.to_owned(),
            prefix: None,
            recursive: false,
            start_after: None,
            page_size: None,
            use_v1: false,
        }
    }
}

/// The builder [`Newtera::list_objects`] returns; turn it into a stream
/// with [`ListObjects::into_stream`].
#[derive(Debug)]
#[must_use = "nothing is listed until the stream is polled"]
pub struct ListObjects {
    client: Newtera,
    bucket: String,
    prefix: Option<String>,
    recursive: bool,
    start_after: Option<String>,
    page_size: Option<u32>,
    use_v1: bool,
}

impl ListObjects {
    /// Only keys that start with `prefix`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// List every key under the prefix instead of one level.
    pub fn recursive(mut self, recursive: bool) -> Self {
        self.recursive = recursive;
        self
    }

    /// Start after this key.
    pub fn start_after(mut self, key: impl Into<String>) -> Self {
        self.start_after = Some(key.into());
        self
    }

    /// Keys per request (the server caps it, usually at 1,000).
    pub fn page_size(mut self, keys: u32) -> Self {
        self.page_size = Some(keys);
        self
    }

    /// Use ListObjects V1 (markers) from the start.
    pub fn use_v1(mut self, v1: bool) -> Self {
        self.use_v1 = v1;
        self
    }

    /// The objects, page by page. A page the server cannot move past (a
    /// repeated token, a marker that goes back, endless empty pages) ends
    /// the stream with [`crate::Error::MalformedResponse`].
    pub fn into_stream(self) -> OpStream<Object> {
        let mode = if self.use_v1 {
            Mode::V1 {
                marker: self.start_after.clone(),
            }
        } else {
            Mode::V2 { token: None }
        };
        let pager = Pager {
            progress: Progress::new(
                format!("listing {}", self.bucket),
                self.start_after.as_deref(),
            ),
            query: self,
            mode,
            buffer: VecDeque::new(),
            done: false,
        };
        OpStream::new(futures_util::stream::unfold(pager, Pager::next))
    }
}

#[derive(Debug)]
enum Mode {
    V2 { token: Option<String> },
    V1 { marker: Option<String> },
}

struct Pager {
    query: ListObjects,
    mode: Mode,
    progress: Progress,
    buffer: VecDeque<Object>,
    done: bool,
}

impl Pager {
    async fn next(mut self) -> Option<(Result<Object>, Self)> {
        loop {
            if let Some(object) = self.buffer.pop_front() {
                return Some((Ok(object), self));
            }
            if self.done {
                return None;
            }
            if let Err(e) = self.fetch().await {
                self.done = true;
                return Some((Err(e), self));
            }
        }
    }

    async fn fetch(&mut self) -> Result<()> {
        super::check_bucket(&self.query.client, &self.query.bucket)?;
        let encodes = self.query.client.inner.listing_encodes.get().copied();
        let Some(page) = self.request(encodes != Some(false)).await? else {
            return Ok(());
        };
        let page = match (page.key_encoding, encodes) {
            (KeyEncoding::UrlIgnored, _) => {
                self.learn(false);
                page
            }
            // Decoding changed keys, and whether the server really encodes
            // is not known yet: ask once, and re-read this page raw if not.
            (KeyEncoding::UrlDecoded, None) => match self.probe().await {
                true => page,
                false => match self.request(false).await? {
                    Some(raw) => raw,
                    None => return Ok(()),
                },
            },
            _ => page,
        };
        self.absorb(page)
    }

    /// One page in the current mode, with or without `encoding-type=url`;
    /// `None` when V2 turned out unsupported and the mode fell back to V1.
    async fn request(&mut self, url: bool) -> Result<Option<ListObjectsOutput>> {
        let client = &self.query.client;
        match &self.mode {
            Mode::V2 { token } => {
                let mut op = self.v2(token.clone());
                op.url_encoding = url;
                match client.execute(&op, SendOptions::default()).await {
                    Err(e) if matches!(e.code(), Some("NotImplemented")) => {
                        tracing::debug!(error = %e, "ListObjectsV2 unsupported; falling back to V1");
                        self.mode = Mode::V1 {
                            marker: self.query.start_after.clone(),
                        };
                        Ok(None)
                    }
                    other => other.map(Some),
                }
            }
            Mode::V1 { marker } => {
                let mut op = self.v1(marker.clone());
                op.url_encoding = url;
                client.execute(&op, SendOptions::default()).await.map(Some)
            }
        }
    }

    /// Whether the server URL-encodes listings: a listing under a prefix
    /// no encoder leaves as is, whose echo tells. A probe that fails (a
    /// policy that allows only some prefixes) leaves the claim trusted.
    async fn probe(&mut self) -> bool {
        const CANARY: &str = "newtera-probe +%/";
        let client = &self.query.client;
        let echo = match &self.mode {
            Mode::V2 { .. } => {
                let mut op = ListObjectsV2::new(self.query.bucket.clone());
                op.prefix = Some(CANARY.to_owned());
                op.max_keys = Some(1);
                client.execute(&op, SendOptions::default()).await
            }
            Mode::V1 { .. } => {
                let mut op = ListV1::new(self.query.bucket.clone());
                op.prefix = Some(CANARY.to_owned());
                op.max_keys = Some(1);
                client.execute(&op, SendOptions::default()).await
            }
        };
        let encodes = match echo {
            Ok(echo) => echo.key_encoding != KeyEncoding::UrlIgnored,
            Err(e) => {
                tracing::debug!(error = %e, "the listing-encoding probe failed; trusting EncodingType=url");
                true
            }
        };
        self.learn(encodes);
        encodes
    }

    fn learn(&self, encodes: bool) {
        if !encodes {
            tracing::debug!("the server claims encoding-type=url but sends keys raw; listing raw");
        }
        let _ = self.query.client.inner.listing_encodes.set(encodes);
    }

    fn v2(&self, token: Option<String>) -> ListObjectsV2 {
        let mut op = ListObjectsV2::new(self.query.bucket.clone());
        op.prefix = self.query.prefix.clone();
        op.delimiter = (!self.query.recursive).then(|| "/".to_owned());
        op.start_after = self.query.start_after.clone();
        op.max_keys = self.query.page_size;
        op.continuation_token = token;
        op
    }

    fn v1(&self, marker: Option<String>) -> ListV1 {
        let mut op = ListV1::new(self.query.bucket.clone());
        op.prefix = self.query.prefix.clone();
        op.delimiter = (!self.query.recursive).then(|| "/".to_owned());
        op.max_keys = self.query.page_size;
        op.marker = marker;
        op
    }

    /// Buffers a page's entries and works out the next page, if any.
    fn absorb(&mut self, page: ListObjectsOutput) -> Result<()> {
        let next_v1 = page.next_marker_v1();
        let entries = page.objects.len() + page.common_prefixes.len();
        let last_key = page.objects.last().map(|o| o.key.clone());
        let last_prefix = page.common_prefixes.last().map(|p| p.prefix.clone());
        let last_entry = last_key.max(last_prefix);
        // One shared copy of the bucket name per page, not one per entry.
        let bucket: Arc<str> = Arc::from(self.query.bucket.as_str());
        self.buffer.extend(page.objects.into_iter().map(|o| Object {
            bucket_name: bucket.clone(),
            object_name: o.key,
            is_dir: false,
            size: o.size,
            etag: o.etag.map(ETag::parse_owned),
            last_modified: o.last_modified.as_ref().map(system_time),
            storage_class: o.storage_class.map(|s| s.as_str().to_owned()),
        }));
        self.buffer
            .extend(page.common_prefixes.into_iter().map(|p| Object {
                bucket_name: bucket.clone(),
                object_name: p.prefix,
                is_dir: true,
                size: 0,
                etag: None,
                last_modified: None,
                storage_class: None,
            }));
        self.done = !page.is_truncated;
        if self.done {
            return Ok(());
        }
        self.progress.page(entries)?;
        self.mode = match (&self.mode, page.next_continuation_token) {
            (Mode::V2 { .. }, Some(next)) => {
                self.progress.token(&next)?;
                Mode::V2 { token: Some(next) }
            }
            // A server that ignored `list-type=2` answered like V1: go on
            // with markers.
            (_, _) => match next_v1 {
                Some(marker) => {
                    // A marker before the page's last entry would list
                    // that entry again.
                    if last_entry.as_ref().is_some_and(|last| marker < *last) {
                        return Err(self.progress.stuck(&format!(
                            "the marker `{marker}` before its page's last entry"
                        )));
                    }
                    self.progress.position(&marker, "")?;
                    Mode::V1 {
                        marker: Some(marker),
                    }
                }
                None => {
                    return Err(self
                        .progress
                        .stuck("a truncated page without a continuation token"));
                }
            },
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use futures_util::TryStreamExt;

    use crate::Newtera;

    /// Keys whose listing form differs from their URL-decoded form.
    const ODD: [&str; 9] = [
        "p+x/1",
        "p%x/1",
        "p x/1",
        "dir ü+%/a",
        "p%2Bx/1",
        "a+b",
        "a b",
        "q%20/1",
        "plain/1",
    ];

    async fn listed(client: &Newtera, list: super::ListObjects) -> Vec<(String, bool)> {
        let _ = client;
        tokio::time::timeout(
            Duration::from_secs(30),
            list.into_stream()
                .map_ok(|o| (o.object_name, o.is_dir))
                .try_collect::<Vec<_>>(),
        )
        .await
        .expect("the listing must end")
        .expect("the listing succeeds")
    }

    fn expected(recursive: bool) -> Vec<(String, bool)> {
        let mut names: Vec<(String, bool)> = ODD
            .iter()
            .map(|k| match k.split_once('/') {
                Some((dir, _)) if !recursive => (format!("{dir}/"), true),
                _ => ((*k).to_owned(), false),
            })
            .collect();
        names.sort();
        names.dedup();
        names
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn odd_keys_list_exactly_in_every_mode_and_page_size() {
        let (client, _server) = crate::test_support::embedded_client("odd").await;
        for key in ODD {
            client.put_object("odd", key, "x").await.expect("put");
        }
        for v1 in [true, false] {
            for recursive in [false, true] {
                for page in [1, 2, 3, 1000] {
                    let list = client
                        .list_objects("odd")
                        .use_v1(v1)
                        .recursive(recursive)
                        .page_size(page);
                    let mut got = listed(&client, list).await;
                    got.sort();
                    assert_eq!(
                        got,
                        expected(recursive),
                        "v1 {v1} recursive {recursive} page {page}"
                    );
                }
            }
        }
    }
}
