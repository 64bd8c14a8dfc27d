//! `newtera._newtera.Client`: one method per client operation, taking and
//! returning plain Python values (the Python package makes them into the
//! API's objects: `Object`, `Bucket` …).

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use futures_util::{FutureExt, TryStreamExt};
use newtera::{Newtera, ObjectStat, ObjectWriteResult, PostPolicy};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::future::IntoFuture;

use crate::body::{self, Body};
use crate::list::ListIter;
use crate::sse::{SseSpec, to_sse};
use crate::{config, errors, reader, runtime};

/// An object's metadata: bucket, key, size, etag, content type,
/// last-modified (seconds since the Unix epoch), user metadata, version id.
type Stat = (
    String,
    String,
    u64,
    String,
    Option<String>,
    Option<f64>,
    BTreeMap<String, String>,
    Option<String>,
);

/// Name/value pairs (headers, metadata, form conditions).
type Pairs = Vec<(String, String)>;

/// A key `remove_objects` could not delete: key, code, message, version id.
type Failure = (String, String, String, Option<String>);

/// The options of an upload: content type, user metadata (names without
/// `x-amz-meta-`), extra headers.
#[derive(FromPyObject)]
struct WriteOptions(Option<String>, Pairs, Pairs);

/// A copy's source: bucket, key, version id, SSE-C key, conditions.
#[derive(FromPyObject)]
struct CopyFrom(String, String, Option<String>, Option<SseSpec>, Conditions);

/// Read conditions (of a copy source, a get or a stat): ETag match, ETag
/// none-match, modified since, unmodified since (epoch seconds).
#[derive(FromPyObject)]
struct Conditions(Option<String>, Option<String>, Option<f64>, Option<f64>);

/// A compose source: bucket, key, version id, SSE-C key, offset, length,
/// ETag match.
#[derive(FromPyObject)]
struct ComposeFrom(
    String,
    String,
    Option<String>,
    Option<SseSpec>,
    Option<u64>,
    Option<u64>,
    Option<String>,
);

/// `$op` (a get or stat builder) with the read conditions `$conditions`
/// (`Option<Conditions>`) set.
macro_rules! with_conditions {
    ($py:expr, $op:expr, $conditions:expr) => {{
        let mut op = $op;
        if let Some(Conditions(if_match, if_none_match, modified, unmodified)) = $conditions {
            if let Some(etag) = if_match {
                op = op.if_match(etag);
            }
            if let Some(etag) = if_none_match {
                op = op.if_none_match(etag);
            }
            if let Some(t) = modified {
                op = op.if_modified_since(from_epoch($py, t)?);
            }
            if let Some(t) = unmodified {
                op = op.if_unmodified_since(from_epoch($py, t)?);
            }
        }
        op
    }};
}

/// The client. Cheap to share between threads: every call releases the GIL.
#[pyclass(module = "newtera._newtera", frozen)]
pub(crate) struct Client {
    inner: Newtera,
}

#[pymethods]
impl Client {
    /// A client for `endpoint` (`host[:port]` or an `http(s)://` URL).
    /// Both keys empty or `None` means anonymous; `options` is the
    /// transport mapping's dict (see `config.rs`).
    #[new]
    #[pyo3(signature = (endpoint, access_key=None, secret_key=None, secure=true, region=None, options=None))]
    fn new(
        py: Python<'_>,
        endpoint: &str,
        access_key: Option<&str>,
        secret_key: Option<&str>,
        secure: bool,
        region: Option<&str>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let mut b = Newtera::builder(endpoint).secure(secure);
        b = match (access_key.unwrap_or(""), secret_key.unwrap_or("")) {
            ("", "") => b.anonymous(),
            ("", _) | (_, "") => {
                return Err(errors::invalid(
                    py,
                    "access_key and secret_key go together: give both, or neither for anonymous access",
                ));
            }
            (access, secret) => b.credentials(access, secret),
        };
        if let Some(region) = region {
            b = b.region(region);
        }
        if let Some(options) = options {
            b = config::apply(b, options)?;
        }
        let rt = runtime::runtime()?;
        let _guard = rt.enter();
        let inner = b.build().map_err(|e| errors::to_py(py, &e))?;
        Ok(Self { inner })
    }

    fn list_buckets(&self, py: Python<'_>) -> PyResult<Vec<(String, Option<f64>)>> {
        let buckets = runtime::wait(py, &self.inner, self.inner.list_buckets())?;
        Ok(buckets
            .into_iter()
            .map(|b| (b.name, b.creation_date.and_then(epoch_seconds)))
            .collect())
    }

    fn bucket_exists(&self, py: Python<'_>, bucket: &str) -> PyResult<bool> {
        runtime::wait(py, &self.inner, self.inner.bucket_exists(bucket))
    }

    #[pyo3(signature = (bucket, location=None, object_lock=false))]
    fn make_bucket(
        &self,
        py: Python<'_>,
        bucket: &str,
        location: Option<String>,
        object_lock: bool,
    ) -> PyResult<()> {
        let mut make = self.inner.make_bucket(bucket).object_lock(object_lock);
        if let Some(location) = location {
            make = make.location(location);
        }
        runtime::wait(py, &self.inner, async { make.await })
    }

    fn remove_bucket(&self, py: Python<'_>, bucket: &str) -> PyResult<()> {
        runtime::wait(py, &self.inner, self.inner.remove_bucket(bucket))
    }

    #[pyo3(signature = (bucket, prefix=None, recursive=false, start_after=None))]
    fn list_objects(
        &self,
        bucket: &str,
        prefix: Option<String>,
        recursive: bool,
        start_after: Option<String>,
    ) -> ListIter {
        let mut list = self.inner.list_objects(bucket).recursive(recursive);
        if let Some(prefix) = prefix {
            list = list.prefix(prefix);
        }
        if let Some(after) = start_after {
            list = list.start_after(after);
        }
        ListIter::new(self.inner.clone(), list.into_stream())
    }

    /// The object's stat, the body's length (when announced) and the body.
    /// `headers` and `query` are sent as given (SSE-C headers among them).
    /// `conditions` are the read conditions (`If-Match` …).
    #[pyo3(signature = (bucket, object, headers=Vec::new(), offset=0, length=None, version_id=None, query=Vec::new(), ssec=None, conditions=None))]
    #[allow(clippy::too_many_arguments)] // Mirrors minio-py's get_object.
    fn get_object(
        &self,
        py: Python<'_>,
        bucket: &str,
        object: &str,
        headers: Pairs,
        offset: u64,
        length: Option<u64>,
        version_id: Option<String>,
        query: Pairs,
        ssec: Option<SseSpec>,
        conditions: Option<Conditions>,
    ) -> PyResult<(Stat, Option<u64>, Body)> {
        let sse = to_sse(py, ssec)?;
        let mut get = self.inner.get_object(bucket, object).offset(offset);
        get = with_conditions!(py, get, conditions);
        if let Some(sse) = &sse {
            get = get.sse(sse.clone());
        }
        if let Some(length) = length {
            get = get.length(length);
        }
        if let Some(v) = &version_id {
            get = get.version_id(v.clone());
        }
        for (name, value) in &headers {
            get = get.header(name.clone(), value.clone());
        }
        for (name, value) in &query {
            get = get.query_param(name.clone(), value.clone());
        }
        let ranged = offset > 0
            || length.is_some()
            || headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("range"));
        let response = runtime::wait(py, &self.inner, async { get.await })?;
        let length = response.content_length();
        let etag = &response.stat.etag;
        let whole =
            !ranged && length == Some(response.stat.size) && !etag.is_empty() && !etag.is_weak();
        let source = whole.then(|| body::Source {
            bucket: bucket.to_owned(),
            key: object.to_owned(),
            version_id: version_id.or_else(|| response.stat.version_id.clone()),
            headers,
            query,
            sse,
            etag: etag.header_value(),
        });
        let stat = stat(response.stat.clone());
        let body = Body::new(self.inner.clone(), response.into_body(), length, source);
        Ok((stat, length, body))
    }

    #[pyo3(signature = (bucket, object, path, version_id=None, ssec=None, query=Vec::new()))]
    #[allow(clippy::too_many_arguments)] // Mirrors minio-py's fget_object.
    fn fget_object(
        &self,
        py: Python<'_>,
        bucket: &str,
        object: &str,
        path: &str,
        version_id: Option<String>,
        ssec: Option<SseSpec>,
        query: Pairs,
    ) -> PyResult<Stat> {
        let mut fget = self.inner.fget_object(bucket, object, path);
        if let Some(v) = version_id {
            fget = fget.version_id(v);
        }
        if let Some(sse) = to_sse(py, ssec)? {
            fget = fget.sse(sse);
        }
        for (name, value) in query {
            fget = fget.query_param(name, value);
        }
        runtime::wait(py, &self.inner, async { fget.await }).map(stat)
    }

    /// Uploads `length` bytes read from `data.read(n)`: read whole first up
    /// to 5 MiB or when `data` is an `io.BytesIO` (then uploaded in parallel
    /// parts without another copy), streamed beyond.
    #[pyo3(signature = (bucket, object, data, length, options, sse=None))]
    #[allow(clippy::too_many_arguments)] // Mirrors minio-py's put_object.
    fn put_object(
        &self,
        py: Python<'_>,
        bucket: &str,
        object: &str,
        data: Py<PyAny>,
        length: u64,
        options: WriteOptions,
        sse: Option<SseSpec>,
    ) -> PyResult<(String, Option<String>)> {
        let sse = to_sse(py, sse)?;
        let failure = reader::Failure::default();
        let source = if length <= reader::READ_WHOLE_UP_TO || reader::in_memory(py, &data) {
            newtera::ObjectData::from(reader::read_whole(py, &data, length)?)
        } else {
            let stream = reader::stream(data, Some(length), failure.clone());
            newtera::ObjectData::from_stream(stream, Some(length))
        };
        let put = self.inner.put_object(bucket, object, source);
        let put = with(put, options, sse);
        let result = runtime::wait(py, &self.inner, async { put.await });
        // The reader's own exception explains a failed upload best.
        if let Some(e) = failure.lock().ok().and_then(|mut f| f.take()) {
            return Err(e);
        }
        result.map(written)
    }

    /// Uploads the file at `path`, its parts read in parallel.
    #[pyo3(signature = (bucket, object, path, options, sse=None))]
    fn fput_object(
        &self,
        py: Python<'_>,
        bucket: &str,
        object: &str,
        path: &str,
        options: WriteOptions,
        sse: Option<SseSpec>,
    ) -> PyResult<(String, Option<String>)> {
        let put = with(
            self.inner.fput_object(bucket, object, path),
            options,
            to_sse(py, sse)?,
        );
        runtime::wait(py, &self.inner, async { put.await }).map(written)
    }

    #[pyo3(signature = (bucket, object, version_id=None, ssec=None, headers=Vec::new(), query=Vec::new(), conditions=None))]
    #[allow(clippy::too_many_arguments)] // Mirrors minio-py's stat_object.
    fn stat_object(
        &self,
        py: Python<'_>,
        bucket: &str,
        object: &str,
        version_id: Option<String>,
        ssec: Option<SseSpec>,
        headers: Pairs,
        query: Pairs,
        conditions: Option<Conditions>,
    ) -> PyResult<Stat> {
        let mut op = self.inner.stat_object(bucket, object);
        op = with_conditions!(py, op, conditions);
        if let Some(v) = version_id {
            op = op.version_id(v);
        }
        if let Some(sse) = to_sse(py, ssec)? {
            op = op.sse(sse);
        }
        for (name, value) in headers {
            op = op.header(name, value);
        }
        for (name, value) in query {
            op = op.query_param(name, value);
        }
        runtime::wait(py, &self.inner, async { op.await }).map(stat)
    }

    #[pyo3(signature = (bucket, object, version_id=None, bypass_governance=false))]
    fn remove_object(
        &self,
        py: Python<'_>,
        bucket: &str,
        object: &str,
        version_id: Option<String>,
        bypass_governance: bool,
    ) -> PyResult<()> {
        let mut remove = self
            .inner
            .remove_object(bucket, object)
            .bypass_governance_retention(bypass_governance);
        if let Some(v) = version_id {
            remove = remove.version_id(v);
        }
        runtime::wait(py, &self.inner, async move { remove.await }).map(drop)
    }

    /// Deletes these keys, each of a given version when one is given
    /// (DeleteObjects, 1000 per request), and returns the failures as
    /// (key, code, message, version id).
    #[pyo3(signature = (bucket, objects, bypass_governance=false))]
    fn remove_objects(
        &self,
        py: Python<'_>,
        bucket: &str,
        objects: Vec<(String, Option<String>)>,
        bypass_governance: bool,
    ) -> PyResult<Vec<Failure>> {
        let refs: Vec<newtera::DeleteObjectRef> = objects
            .into_iter()
            .map(|(name, version)| {
                let mut r = newtera::DeleteObjectRef::from(name);
                r.version_id = version;
                r
            })
            .collect();
        let stream = self
            .inner
            .remove_objects(bucket, refs)
            .bypass_governance_retention(bypass_governance);
        let errors: Vec<newtera::DeleteError> =
            runtime::wait(py, &self.inner, stream.try_collect())?;
        Ok(errors
            .into_iter()
            .map(|e| (e.object_name, e.error_code, e.error_message, e.version_id))
            .collect())
    }

    fn remove_incomplete_upload(&self, py: Python<'_>, bucket: &str, object: &str) -> PyResult<()> {
        runtime::wait(
            py,
            &self.inner,
            self.inner.remove_incomplete_upload(bucket, object),
        )
    }

    /// Unfinished multipart uploads: (key, upload id, initiated).
    #[pyo3(signature = (bucket, prefix=None))]
    fn list_incomplete_uploads(
        &self,
        py: Python<'_>,
        bucket: &str,
        prefix: Option<String>,
    ) -> PyResult<Vec<(String, String, Option<f64>)>> {
        let mut list = self.inner.list_incomplete_uploads(bucket);
        if let Some(prefix) = prefix {
            list = list.prefix(prefix);
        }
        let uploads: Vec<newtera::IncompleteUpload> =
            runtime::wait(py, &self.inner, list.into_stream().try_collect())?;
        Ok(uploads
            .into_iter()
            .map(|u| {
                (
                    u.object_name,
                    u.upload_id,
                    u.initiated.and_then(epoch_seconds),
                )
            })
            .collect())
    }

    /// A presigned `GET` or `PUT` URL valid for `expires` seconds.
    #[pyo3(signature = (method, bucket, object, expires, response_headers=Vec::new(), request_date=None))]
    #[allow(clippy::too_many_arguments)] // Mirrors minio-py's presigned_get_object.
    fn presigned_url(
        &self,
        py: Python<'_>,
        method: &str,
        bucket: &str,
        object: &str,
        expires: f64,
        response_headers: Pairs,
        request_date: Option<f64>,
    ) -> PyResult<String> {
        if !matches!(method, "GET" | "PUT") {
            return Err(PyValueError::new_err(format!("method {method:?}")));
        }
        let expires = Duration::try_from_secs_f64(expires)
            .map_err(|_| errors::invalid(py, "expires must be a positive duration"))?;
        let date = request_date.map(|d| from_epoch(py, d)).transpose()?;
        let presign = || {
            let mut presign = if method == "GET" {
                self.inner.presigned_get_object(bucket, object)
            } else {
                self.inner.presigned_put_object(bucket, object)
            };
            presign = presign.expires(expires);
            for (name, value) in &response_headers {
                presign = presign.response_header(name.clone(), value.clone());
            }
            if let Some(date) = date {
                presign = presign.request_date(date);
            }
            presign.into_future()
        };
        // Once the region is known, signing needs no I/O: sign on this
        // thread, without a hop to the runtime's workers (a third of the
        // cost of a presign from Python). The first call of a client that
        // has to look its region up goes through the runtime.
        let ready = {
            let _runtime = runtime::runtime()?.enter();
            presign().now_or_never()
        };
        match ready {
            Some(url) => url.map_err(|e| errors::to_py(py, &e)),
            None => runtime::wait(py, &self.inner, presign()),
        }
    }

    /// The URL and form fields of a browser upload: the policy's bucket,
    /// expiration (epoch seconds), key (exact or prefix), exact and
    /// prefix conditions, and content-length range.
    #[pyo3(signature = (bucket, expiration, key=None, key_prefix=None, eq=Vec::new(), starts=Vec::new(), length_range=None))]
    #[allow(clippy::too_many_arguments)] // One argument per part of minio-py's PostPolicy.
    fn presigned_post_policy(
        &self,
        py: Python<'_>,
        bucket: &str,
        expiration: f64,
        key: Option<String>,
        key_prefix: Option<String>,
        eq: Pairs,
        starts: Pairs,
        length_range: Option<(u64, u64)>,
    ) -> PyResult<(String, Pairs)> {
        let mut policy = PostPolicy::new(bucket, from_epoch(py, expiration)?);
        if let Some(key) = key {
            policy = policy.key(key);
        }
        if let Some(prefix) = key_prefix {
            policy = policy.key_starts_with(prefix);
        }
        for (field, value) in eq {
            policy = policy.condition(field, value);
        }
        for (field, prefix) in starts {
            policy = policy.starts_with(field, prefix);
        }
        if let Some((min, max)) = length_range {
            policy = policy.content_length_range(min, max);
        }
        // As for presigned URLs: signed on this thread when no I/O is needed.
        let ready = {
            let _runtime = runtime::runtime()?.enter();
            self.inner
                .presigned_post_policy(policy.clone())
                .now_or_never()
        };
        let post = match ready {
            Some(post) => post.map_err(|e| errors::to_py(py, &e))?,
            None => runtime::wait(py, &self.inner, self.inner.presigned_post_policy(policy))?,
        };
        Ok((post.url, post.fields))
    }

    /// Server-side copy; `metadata` (when not `None`) replaces the source's,
    /// as does `replace_metadata`; `tags` (when not `None`) replace the
    /// source's; `headers` go on the copy request (Object Lock headers).
    #[pyo3(signature = (bucket, object, source, content_type=None, metadata=None, sse=None, tags=None, headers=Vec::new(), replace_metadata=false))]
    #[allow(clippy::too_many_arguments)] // Mirrors minio-py's copy_object.
    fn copy_object(
        &self,
        py: Python<'_>,
        bucket: &str,
        object: &str,
        source: CopyFrom,
        content_type: Option<String>,
        metadata: Option<Pairs>,
        sse: Option<SseSpec>,
        tags: Option<Pairs>,
        headers: Pairs,
        replace_metadata: bool,
    ) -> PyResult<(String, Option<String>)> {
        let CopyFrom(src_bucket, src_key, version, ssec, conditions) = source;
        let Conditions(if_match, if_none_match, modified_since, unmodified_since) = conditions;
        let mut source = newtera::CopySource::new(src_bucket, src_key);
        if let Some(v) = version {
            source = source.version_id(v);
        }
        let mut copy = self.inner.copy_object(bucket, object, source);
        if let Some(key) = to_sse(py, ssec)? {
            copy = copy.source_sse(key);
        }
        if let Some(etag) = if_match {
            copy = copy.source_if_match(etag);
        }
        if let Some(etag) = if_none_match {
            copy = copy.source_if_none_match(etag);
        }
        if let Some(t) = modified_since {
            copy = copy.source_if_modified_since(from_epoch(py, t)?);
        }
        if let Some(t) = unmodified_since {
            copy = copy.source_if_unmodified_since(from_epoch(py, t)?);
        }
        if let Some(sse) = to_sse(py, sse)? {
            copy = copy.sse(sse);
        }
        if let Some(ct) = content_type {
            copy = copy.content_type(ct);
        }
        if replace_metadata || metadata.is_some() {
            copy = copy.replace_metadata();
        }
        for (name, value) in metadata.into_iter().flatten() {
            copy = copy.metadata(name, value);
        }
        if let Some(tags) = tags {
            copy = copy.tags(tags);
        }
        for (name, value) in headers {
            copy = copy.header(name, value);
        }
        runtime::wait(py, &self.inner, async { copy.await }).map(written)
    }

    /// Server-side concatenation of `sources` (each a part, or a byte range
    /// of one) into one object, with `tags`; `headers` go on
    /// CreateMultipartUpload (Object Lock headers).
    #[pyo3(signature = (bucket, object, sources, content_type=None, metadata=None, sse=None, tags=Vec::new(), headers=Vec::new()))]
    #[allow(clippy::too_many_arguments)] // Mirrors minio-py's compose_object.
    fn compose_object(
        &self,
        py: Python<'_>,
        bucket: &str,
        object: &str,
        sources: Vec<ComposeFrom>,
        content_type: Option<String>,
        metadata: Option<Pairs>,
        sse: Option<SseSpec>,
        tags: Pairs,
        headers: Pairs,
    ) -> PyResult<(String, Option<String>)> {
        let mut parts = Vec::with_capacity(sources.len());
        for ComposeFrom(src_bucket, src_key, version, ssec, offset, length, if_match) in sources {
            let mut part = newtera::ComposeSource::new(&src_bucket, &src_key);
            if let Some(v) = version {
                part = part.version_id(v);
            }
            if let Some(key) = to_sse(py, ssec)? {
                part = part.sse(key);
            }
            if let Some(offset) = offset {
                part = part.offset(offset);
            }
            if let Some(length) = length {
                part = part.length(length);
            }
            if let Some(etag) = if_match {
                part = part.if_match(etag);
            }
            parts.push(part);
        }
        let mut compose = self.inner.compose_object(bucket, object, parts);
        if let Some(sse) = to_sse(py, sse)? {
            compose = compose.sse(sse);
        }
        if let Some(ct) = content_type {
            compose = compose.content_type(ct);
        }
        for (name, value) in metadata.into_iter().flatten() {
            compose = compose.metadata(name, value);
        }
        for (key, value) in tags {
            compose = compose.tag(key, value);
        }
        for (name, value) in headers {
            compose = compose.header(name, value);
        }
        runtime::wait(py, &self.inner, async { compose.await }).map(written)
    }

    /// The versions and delete markers under `prefix`, lazily.
    #[pyo3(signature = (bucket, prefix=None, recursive=false))]
    fn list_object_versions(
        &self,
        bucket: &str,
        prefix: Option<String>,
        recursive: bool,
    ) -> ListIter {
        let mut list = self.inner.list_object_versions(bucket).recursive(recursive);
        if let Some(prefix) = prefix {
            list = list.prefix(prefix);
        }
        ListIter::versions(self.inner.clone(), list.into_stream())
    }

    fn get_bucket_policy(&self, py: Python<'_>, bucket: &str) -> PyResult<Option<String>> {
        runtime::wait(py, &self.inner, self.inner.get_bucket_policy(bucket))
    }

    fn set_bucket_policy(&self, py: Python<'_>, bucket: &str, policy: String) -> PyResult<()> {
        runtime::wait(
            py,
            &self.inner,
            self.inner.set_bucket_policy(bucket, policy),
        )
    }

    fn delete_bucket_policy(&self, py: Python<'_>, bucket: &str) -> PyResult<()> {
        runtime::wait(py, &self.inner, self.inner.delete_bucket_policy(bucket))
    }
}

impl Client {
    /// The Rust client.
    pub(crate) fn inner(&self) -> &Newtera {
        &self.inner
    }
}

fn with(
    mut put: newtera::PutObject,
    options: WriteOptions,
    sse: Option<newtera::Sse>,
) -> newtera::PutObject {
    let WriteOptions(content_type, metadata, headers) = options;
    if let Some(sse) = sse {
        put = put.sse(sse);
    }
    if let Some(ct) = content_type {
        put = put.content_type(ct);
    }
    for (name, value) in metadata {
        put = put.metadata(name, value);
    }
    for (name, value) in headers {
        put = put.header(name, value);
    }
    put
}

fn written(w: ObjectWriteResult) -> (String, Option<String>) {
    (w.etag.as_str().to_owned(), w.version_id)
}

fn stat(s: ObjectStat) -> Stat {
    (
        s.bucket_name,
        s.object_name,
        s.size,
        s.etag.as_str().to_owned(),
        s.content_type,
        s.last_modified.and_then(epoch_seconds),
        s.metadata,
        s.version_id,
    )
}

/// Seconds since the Unix epoch (negative before it).
pub(crate) fn epoch_seconds(t: SystemTime) -> Option<f64> {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => Some(d.as_secs_f64()),
        Err(e) => Some(-e.duration().as_secs_f64()),
    }
}

fn from_epoch(py: Python<'_>, secs: f64) -> PyResult<SystemTime> {
    let d = Duration::try_from_secs_f64(secs)
        .map_err(|_| errors::invalid(py, "a time before 1970 or not a number"))?;
    Ok(SystemTime::UNIX_EPOCH + d)
}
