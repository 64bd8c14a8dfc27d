//! Plain data types shared by the operations.

mod bucket;
mod enums;
mod etag;
mod multipart;
mod object;
mod timestamp;

pub use bucket::{Bucket, Owner};
pub use enums::{ChecksumAlgorithm, ChecksumType, ServerSideEncryption, StorageClass};
pub use etag::ETag;
pub use multipart::{CompletedPart, Part, Upload};
pub use object::{Checksum, CommonPrefix, Object};
pub use timestamp::Timestamp;
