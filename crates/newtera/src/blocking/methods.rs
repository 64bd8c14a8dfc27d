//! The blocking client's methods: one per method of the async client, same
//! name and arguments, returning the async builder wrapped in a
//! [`Request`].

use std::path::PathBuf;
use std::time::SystemTime;

use bytes::Bytes;
use http::Method;

use super::{Newtera, Request};
use crate::types::ObjectRetention;
use crate::{
    Bucket, CompleteMultipartUpload, CompletedPart, ComposeObject, ComposeSource, CopyObject,
    CopySource, CorsConfiguration, CreateMultipartUpload, DeleteObjectRef, EncryptionConfiguration,
    FGetObject, GetObject, GetObjectAttributes, GetObjectBytes, LifecycleConfiguration,
    ListIncompleteUploads, ListObjectVersions, ListObjects, ListParts, ListenBucketNotification,
    MakeBucket, NotificationConfiguration, ObjectData, ObjectLockConfiguration, ObjectRequest,
    OpFuture, PostPolicy, Presign, PresignedPost, PublicAccessBlockConfiguration, PutObject,
    RemoveBucketForce, RemoveObject, RemoveObjects, ReplicationConfiguration, RetentionMode,
    SetObjectRetention, StatObject, Tags, UploadPart, UploadPartCopy, VersioningConfiguration,
    WebsiteConfiguration,
};

/// Each `name(args) -> Builder;` becomes a method calling the async
/// client's method of that name.
macro_rules! methods {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $builder:ty;)*) => {
        impl Newtera {$(
            #[doc = concat!("See [`crate::Newtera::", stringify!($name), "`].")]
            pub fn $name(&self, $($arg: $ty),*) -> Request<$builder> {
                self.request(self.async_client().$name($($arg),*))
            }
        )*}
    };
}

methods! {
    // Buckets.
    list_buckets() -> OpFuture<Vec<Bucket>>;
    bucket_exists(bucket: &str) -> OpFuture<bool>;
    make_bucket(bucket: &str) -> MakeBucket;
    remove_bucket(bucket: &str) -> OpFuture<()>;
    remove_bucket_force(bucket: &str) -> RemoveBucketForce;
    get_bucket_location(bucket: &str) -> OpFuture<String>;
    get_bucket_versioning(bucket: &str) -> OpFuture<VersioningConfiguration>;
    set_bucket_versioning(bucket: &str, config: VersioningConfiguration) -> OpFuture<()>;
    get_bucket_tags(bucket: &str) -> OpFuture<Tags>;
    set_bucket_tags(bucket: &str, tags: Tags) -> OpFuture<()>;
    delete_bucket_tags(bucket: &str) -> OpFuture<()>;
    get_bucket_policy(bucket: &str) -> OpFuture<Option<String>>;
    set_bucket_policy(bucket: &str, policy: impl Into<String>) -> OpFuture<()>;
    get_bucket_policy_json(bucket: &str) -> OpFuture<Option<serde_json::Value>>;
    set_bucket_policy_json(bucket: &str, policy: &serde_json::Value) -> OpFuture<()>;
    delete_bucket_policy(bucket: &str) -> OpFuture<()>;
    get_bucket_cors(bucket: &str) -> OpFuture<Option<CorsConfiguration>>;
    set_bucket_cors(bucket: &str, config: CorsConfiguration) -> OpFuture<()>;
    delete_bucket_cors(bucket: &str) -> OpFuture<()>;
    get_bucket_lifecycle(bucket: &str) -> OpFuture<Option<LifecycleConfiguration>>;
    set_bucket_lifecycle(bucket: &str, config: LifecycleConfiguration) -> OpFuture<()>;
    delete_bucket_lifecycle(bucket: &str) -> OpFuture<()>;
    get_bucket_encryption(bucket: &str) -> OpFuture<Option<EncryptionConfiguration>>;
    set_bucket_encryption(bucket: &str, config: EncryptionConfiguration) -> OpFuture<()>;
    delete_bucket_encryption(bucket: &str) -> OpFuture<()>;
    get_public_access_block(bucket: &str) -> OpFuture<Option<PublicAccessBlockConfiguration>>;
    set_public_access_block(bucket: &str, config: PublicAccessBlockConfiguration) -> OpFuture<()>;
    delete_public_access_block(bucket: &str) -> OpFuture<()>;
    get_bucket_website(bucket: &str) -> OpFuture<Option<WebsiteConfiguration>>;
    set_bucket_website(bucket: &str, config: WebsiteConfiguration) -> OpFuture<()>;
    delete_bucket_website(bucket: &str) -> OpFuture<()>;
    get_bucket_notification(bucket: &str) -> OpFuture<NotificationConfiguration>;
    set_bucket_notification(bucket: &str, config: NotificationConfiguration) -> OpFuture<()>;
    delete_bucket_notification(bucket: &str) -> OpFuture<()>;
    get_bucket_replication(bucket: &str) -> OpFuture<Option<ReplicationConfiguration>>;
    set_bucket_replication(bucket: &str, config: ReplicationConfiguration) -> OpFuture<()>;
    delete_bucket_replication(bucket: &str) -> OpFuture<()>;
    get_object_lock_config(bucket: &str) -> OpFuture<Option<ObjectLockConfiguration>>;
    set_object_lock_config(bucket: &str, config: ObjectLockConfiguration) -> OpFuture<()>;
    delete_object_lock_config(bucket: &str) -> OpFuture<()>;
    // Listings (iterate the request).
    list_objects(bucket: &str) -> ListObjects;
    list_object_versions(bucket: &str) -> ListObjectVersions;
    list_incomplete_uploads(bucket: &str) -> ListIncompleteUploads;
    list_parts(bucket: &str, object: &str, upload_id: &str) -> ListParts;
    // Objects.
    get_object(bucket: &str, object: &str) -> GetObject;
    get_object_bytes(bucket: &str, object: &str) -> GetObjectBytes;
    fget_object(bucket: &str, object: &str, file_path: impl Into<PathBuf>) -> FGetObject;
    stat_object(bucket: &str, object: &str) -> StatObject;
    get_object_attributes(bucket: &str, object: &str) -> GetObjectAttributes;
    put_object(bucket: &str, object: &str, data: impl Into<ObjectData>) -> PutObject;
    fput_object(bucket: &str, object: &str, file_path: impl Into<PathBuf>) -> PutObject;
    copy_object(bucket: &str, object: &str, source: CopySource) -> CopyObject;
    compose_object(bucket: &str, object: &str, sources: Vec<ComposeSource>) -> ComposeObject;
    remove_object(bucket: &str, object: &str) -> RemoveObject;
    remove_incomplete_upload(bucket: &str, object: &str) -> OpFuture<()>;
    get_object_tags(bucket: &str, object: &str) -> ObjectRequest<Tags>;
    set_object_tags(bucket: &str, object: &str, tags: Tags) -> ObjectRequest<()>;
    delete_object_tags(bucket: &str, object: &str) -> ObjectRequest<()>;
    get_object_retention(bucket: &str, object: &str) -> ObjectRequest<Option<ObjectRetention>>;
    set_object_retention(bucket: &str, object: &str, mode: RetentionMode, retain_until: SystemTime) -> SetObjectRetention;
    enable_object_legal_hold(bucket: &str, object: &str) -> ObjectRequest<()>;
    disable_object_legal_hold(bucket: &str, object: &str) -> ObjectRequest<()>;
    is_object_legal_hold_enabled(bucket: &str, object: &str) -> ObjectRequest<bool>;
    // Multipart uploads by hand.
    create_multipart_upload(bucket: &str, object: &str) -> CreateMultipartUpload;
    upload_part(bucket: &str, object: &str, upload_id: &str, part_number: u32, data: impl Into<Bytes>) -> UploadPart;
    upload_part_copy(bucket: &str, object: &str, upload_id: &str, part_number: u32, source: CopySource) -> UploadPartCopy;
    complete_multipart_upload(bucket: &str, object: &str, upload_id: &str, parts: Vec<CompletedPart>) -> CompleteMultipartUpload;
    abort_multipart_upload(bucket: &str, object: &str, upload_id: &str) -> OpFuture<()>;
    // Presigning (no request is sent).
    presigned_get_object(bucket: &str, object: &str) -> Presign;
    presigned_put_object(bucket: &str, object: &str) -> Presign;
    presigned_url(method: Method, bucket: &str, object: &str) -> Presign;
    presigned_post_policy(policy: PostPolicy) -> OpFuture<PresignedPost>;
}

impl Newtera {
    /// See [`crate::Newtera::remove_objects`]; iterate the request for the
    /// objects the server refused.
    pub fn remove_objects<I>(&self, bucket: &str, objects: I) -> Request<RemoveObjects>
    where
        I: IntoIterator,
        I::Item: Into<DeleteObjectRef>,
        I::IntoIter: Send + 'static,
    {
        self.request(self.async_client().remove_objects(bucket, objects))
    }

    /// See [`crate::Newtera::listen_bucket_notification`]; iterate the
    /// request for the records.
    pub fn listen_bucket_notification<I, S>(
        &self,
        bucket: &str,
        events: I,
    ) -> Request<ListenBucketNotification>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.request(
            self.async_client()
                .listen_bucket_notification(bucket, events),
        )
    }
}
