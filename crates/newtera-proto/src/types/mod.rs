//! Plain data types shared by the operations.

mod bucket;
mod enums;
mod etag;
mod multipart;
mod object;
mod tags;
mod timestamp;

pub use bucket::{Bucket, Owner};
pub use enums::{ChecksumAlgorithm, ChecksumType, ServerSideEncryption, StorageClass};
pub use etag::ETag;
pub use multipart::{CompletedPart, Part, Upload};
pub use object::{Checksum, CommonPrefix, Object};
pub use tags::{
    MAX_BUCKET_TAGS, MAX_OBJECT_TAGS, MAX_TAG_KEY_CHARS, MAX_TAG_VALUE_CHARS, TagTarget, Tags,
};
pub use timestamp::Timestamp;
