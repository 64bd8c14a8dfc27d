//! One entry point that feeds bytes to every response decoder.

use http::{HeaderMap, StatusCode};

use crate::op::Operation;
use crate::op::config::{
    BucketPolicy, CorsConfiguration, EncryptionConfiguration, GetBucketConfig,
    LifecycleConfiguration, NotificationConfiguration, ObjectLockConfiguration,
    PublicAccessBlockConfiguration, ReplicationConfiguration, VersioningConfiguration,
    WebsiteConfiguration,
};
use crate::op::object_config::{GetObjectConfig, LegalHold, PutObjectConfig, Retention};
use crate::op::{
    attributes, bucket, copy, delete, list, list_uploads, multipart, object, versions,
};
use crate::types::Tags;

/// Runs every response decoder (and the request-body readers) over `bytes`
/// and ignores the results; a fuzz target only checks that none panics.
pub fn fuzz_decode_all(bytes: &[u8]) {
    let headers = HeaderMap::new();
    for status in [
        StatusCode::OK,
        StatusCode::NOT_FOUND,
        StatusCode::SERVICE_UNAVAILABLE,
    ] {
        decode_with(status, &headers, bytes);
    }
    let _ = crate::error_doc::error_in_200_body(bytes);
    let _ = bucket::decode_create_bucket_configuration(bytes);
    let _ = delete::decode_delete_request(bytes);
    let _ = multipart::decode_complete_request(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = crate::types::Timestamp::parse(text);
        let _ = object::ContentRange::parse(text);
        let _ = crate::encode::decode_url(text);
    }
}

fn decode_with(status: StatusCode, h: &HeaderMap, b: &[u8]) {
    let _ = bucket::ListBuckets::decode(status, h, b);
    let _ = bucket::HeadBucket::decode(status, h, b);
    let _ = bucket::CreateBucket::decode(status, h, b);
    let _ = bucket::DeleteBucket::decode(status, h, b);
    let _ = bucket::GetBucketLocation::decode(status, h, b);
    let _ = list::ListObjectsV2::decode(status, h, b);
    let _ = list::ListObjects::decode(status, h, b);
    let _ = object::HeadObject::decode(status, h, b);
    let _ = object::GetObject::decode(status, h, b);
    let _ = object::PutObject::decode(status, h, b);
    let _ = object::DeleteObject::decode(status, h, b);
    let _ = copy::CopyObject::decode(status, h, b);
    let _ = delete::DeleteObjects::decode(status, h, b);
    let _ = multipart::CreateMultipartUpload::decode(status, h, b);
    let _ = multipart::UploadPart::decode(status, h, b);
    let _ = multipart::UploadPartCopy::decode(status, h, b);
    let _ = multipart::CompleteMultipartUpload::decode(status, h, b);
    let _ = multipart::AbortMultipartUpload::decode(status, h, b);
    let _ = multipart::ListParts::decode(status, h, b);
    let _ = list_uploads::ListMultipartUploads::decode(status, h, b);
    let _ = GetBucketConfig::<BucketPolicy>::decode(status, h, b);
    let _ = GetBucketConfig::<CorsConfiguration>::decode(status, h, b);
    let _ = GetBucketConfig::<LifecycleConfiguration>::decode(status, h, b);
    let _ = GetBucketConfig::<EncryptionConfiguration>::decode(status, h, b);
    let _ = GetBucketConfig::<PublicAccessBlockConfiguration>::decode(status, h, b);
    let _ = GetBucketConfig::<WebsiteConfiguration>::decode(status, h, b);
    let _ = GetBucketConfig::<NotificationConfiguration>::decode(status, h, b);
    let _ = GetBucketConfig::<ReplicationConfiguration>::decode(status, h, b);
    let _ = GetBucketConfig::<VersioningConfiguration>::decode(status, h, b);
    let _ = GetBucketConfig::<ObjectLockConfiguration>::decode(status, h, b);
    let _ = GetBucketConfig::<Tags>::decode(status, h, b);
    let _ = versions::ListObjectVersions::decode(status, h, b);
    let _ = attributes::GetObjectAttributes::decode(status, h, b);
    let _ = GetObjectConfig::<Tags>::decode(status, h, b);
    let _ = GetObjectConfig::<Retention>::decode(status, h, b);
    let _ = GetObjectConfig::<LegalHold>::decode(status, h, b);
    let _ = PutObjectConfig::<Tags>::decode(status, h, b);
}
