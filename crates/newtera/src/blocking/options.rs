//! The option methods of [`Request`]: each forwards to the async builder's
//! method of the same name, which documents it.

use std::time::{Duration, SystemTime};

use super::Request;
use crate::proto::op::object::{Conditions, WriteOptions};
use crate::{Progress, ResponseOverrides, Sse, StorageClass, UploadKept};

/// `Builder { name(args); … }` forwards each option to `crate::Builder`.
macro_rules! options {
    ($($builder:ident { $($name:ident($($arg:ident: $ty:ty),*);)* })*) => {$(
        impl Request<crate::$builder> {$(
            #[doc = concat!(
                "See [`", stringify!($builder), "::", stringify!($name), "`](crate::",
                stringify!($builder), "::", stringify!($name), ")."
            )]
            pub fn $name(self, $($arg: $ty),*) -> Self {
                self.map(|b| b.$name($($arg),*))
            }
        )*}
    )*};
}

/// The options of every object read (see `read_setters` in the async
/// client), then the builder's own.
macro_rules! read_options {
    ($($builder:ident { $($own:tt)* })*) => {
        options! {$(
            $builder {
                version_id(version_id: impl Into<String>);
                sse(sse: Sse);
                if_match(etag: impl Into<String>);
                if_none_match(etag: impl Into<String>);
                if_modified_since(time: SystemTime);
                if_unmodified_since(time: SystemTime);
                header(name: impl Into<String>, value: impl Into<String>);
                query_param(name: impl Into<String>, value: impl Into<String>);
                $($own)*
            }
        )*}
    };
}

read_options! {
    GetObject {
        progress(progress: impl Fn(Progress) + Send + Sync + 'static);
        offset(offset: u64);
        length(length: u64);
        response_content_type(value: impl Into<String>);
        response_content_disposition(value: impl Into<String>);
        response_content_encoding(value: impl Into<String>);
        response_content_language(value: impl Into<String>);
        response_cache_control(value: impl Into<String>);
        response_expires(value: impl Into<String>);
        response_overrides(overrides: ResponseOverrides);
    }
    GetObjectBytes {
        progress(progress: impl Fn(Progress) + Send + Sync + 'static);
    }
    FGetObject {
        progress(progress: impl Fn(Progress) + Send + Sync + 'static);
        fsync(fsync: bool);
    }
    StatObject {}
}

options! {
    PutObject {
        progress(progress: impl Fn(Progress) + Send + Sync + 'static);
        resumable(resumable: bool);
        resume_upload_id(upload_id: impl Into<String>);
        resume_from(kept: &UploadKept);
        sse(sse: Sse);
        storage_class(class: impl Into<StorageClass>);
        tag(key: impl Into<String>, value: impl Into<String>);
        if_match(etag: impl Into<String>);
        if_none_match(etag: impl Into<String>);
        create_only();
        query_param(name: impl Into<String>, value: impl Into<String>);
        content_type(content_type: impl Into<String>);
        metadata(name: impl Into<String>, value: impl Into<String>);
        header(name: impl Into<String>, value: impl Into<String>);
        part_size(bytes: u64);
        parallelism(parts: usize);
    }
    CopyObject {
        progress(progress: impl Fn(Progress) + Send + Sync + 'static);
        sse(sse: Sse);
        source_sse(sse: Sse);
        source_if_match(etag: impl Into<String>);
        source_if_none_match(etag: impl Into<String>);
        source_if_modified_since(time: SystemTime);
        source_if_unmodified_since(time: SystemTime);
        storage_class(class: impl Into<StorageClass>);
        header(name: impl Into<String>, value: impl Into<String>);
        query_param(name: impl Into<String>, value: impl Into<String>);
        metadata(name: impl Into<String>, value: impl Into<String>);
        replace_metadata();
        content_type(content_type: impl Into<String>);
        multipart_above(bytes: u64, part_size: u64);
    }
    ComposeObject {
        content_type(content_type: impl Into<String>);
        metadata(name: impl Into<String>, value: impl Into<String>);
        sse(sse: Sse);
        storage_class(class: impl Into<StorageClass>);
        tag(key: impl Into<String>, value: impl Into<String>);
        header(name: impl Into<String>, value: impl Into<String>);
        query_param(name: impl Into<String>, value: impl Into<String>);
    }
    GetObjectAttributes {
        version_id(version_id: impl Into<String>);
        sse(sse: Sse);
        max_parts(max: u32);
        part_number_marker(marker: u32);
        header(name: impl Into<String>, value: impl Into<String>);
        query_param(name: impl Into<String>, value: impl Into<String>);
    }
    MakeBucket {
        location(region: impl Into<String>);
        object_lock(enabled: bool);
    }
    RemoveBucketForce {
        bypass_governance_retention(bypass: bool);
    }
    RemoveObject {
        version_id(version_id: impl Into<String>);
        bypass_governance_retention(bypass: bool);
    }
    RemoveObjects {
        bypass_governance_retention(bypass: bool);
    }
    SetObjectRetention {
        version_id(version_id: impl Into<String>);
        bypass_governance_retention(bypass: bool);
    }
    ListObjects {
        prefix(prefix: impl Into<String>);
        recursive(recursive: bool);
        start_after(key: impl Into<String>);
        page_size(keys: u32);
        use_v1(v1: bool);
    }
    ListObjectVersions {
        prefix(prefix: impl Into<String>);
        recursive(recursive: bool);
        key_marker(key: impl Into<String>);
        version_id_marker(version_id: impl Into<String>);
        page_size(entries: u32);
    }
    ListIncompleteUploads {
        prefix(prefix: impl Into<String>);
    }
    ListParts {
        max_parts(max: u32);
    }
    ListenBucketNotification {
        prefix(prefix: impl Into<String>);
        suffix(suffix: impl Into<String>);
    }
    CreateMultipartUpload {
        content_type(content_type: impl Into<String>);
        metadata(name: impl Into<String>, value: impl Into<String>);
        sse(sse: Sse);
        storage_class(class: impl Into<StorageClass>);
        tag(key: impl Into<String>, value: impl Into<String>);
        options(options: WriteOptions);
        header(name: impl Into<String>, value: impl Into<String>);
        query_param(name: impl Into<String>, value: impl Into<String>);
    }
    UploadPart {
        sse(sse: Sse);
        header(name: impl Into<String>, value: impl Into<String>);
        query_param(name: impl Into<String>, value: impl Into<String>);
    }
    UploadPartCopy {
        source_range(first: u64, last: u64);
        source_sse(sse: Sse);
        sse(sse: Sse);
        source_conditions(conditions: Conditions);
        header(name: impl Into<String>, value: impl Into<String>);
        query_param(name: impl Into<String>, value: impl Into<String>);
    }
    CompleteMultipartUpload {
        sse(sse: Sse);
        if_match(etag: impl Into<String>);
        create_only();
        header(name: impl Into<String>, value: impl Into<String>);
        query_param(name: impl Into<String>, value: impl Into<String>);
    }
    Presign {
        expires(expires: Duration);
        response_header(name: impl Into<String>, value: impl Into<String>);
        response_overrides(overrides: ResponseOverrides);
        query_param(name: impl Into<String>, value: impl Into<String>);
        header(name: impl Into<String>, value: impl Into<String>);
        upload_part(upload_id: impl Into<String>, part_number: u32);
        sse(sse: Sse);
        version_id(version_id: impl Into<String>);
        request_date(time: SystemTime);
    }
}

/// The options taking a list, generic over its items.
macro_rules! list_options {
    ($($builder:ident: $($name:ident),*;)*) => {$(
        impl Request<crate::$builder> {$(
            #[doc = concat!(
                "See [`", stringify!($builder), "::", stringify!($name), "`](crate::",
                stringify!($builder), "::", stringify!($name), ")."
            )]
            pub fn $name<K: Into<String>, V: Into<String>>(
                self,
                entries: impl IntoIterator<Item = (K, V)>,
            ) -> Self {
                self.map(|b| b.$name(entries))
            }
        )*}
    )*};
}

list_options! {
    PutObject: tags, user_metadata;
    CopyObject: tags;
}

impl<T> Request<crate::ObjectRequest<T>> {
    /// See [`ObjectRequest::version_id`](crate::ObjectRequest::version_id).
    pub fn version_id(self, version_id: impl Into<String>) -> Self {
        self.map(|b| b.version_id(version_id))
    }
}
