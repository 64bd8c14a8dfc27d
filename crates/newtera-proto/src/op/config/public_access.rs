//! Public access block (S3 API reference: PutPublicAccessBlock,
//! `PublicAccessBlockConfiguration`).

use super::BucketConfig;
use crate::error::Error;
use crate::op::common::{opt_bool, parse_root};
use crate::xml::XmlWriter;

/// Which public access a bucket refuses; all `true` blocks every kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PublicAccessBlockConfiguration {
    /// Refuse new public ACLs.
    pub block_public_acls: bool,
    /// Ignore existing public ACLs.
    pub ignore_public_acls: bool,
    /// Refuse new public bucket policies.
    pub block_public_policy: bool,
    /// Restrict access under a public policy to the owner's account.
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlockConfiguration {
    /// Every kind of public access blocked.
    pub fn all() -> Self {
        Self {
            block_public_acls: true,
            ignore_public_acls: true,
            block_public_policy: true,
            restrict_public_buckets: true,
        }
    }
}

impl BucketConfig for PublicAccessBlockConfiguration {
    const SUBRESOURCE: &'static str = "publicAccessBlock";
    const NOT_FOUND: &'static str = "NoSuchPublicAccessBlockConfiguration";

    fn to_body(&self) -> Result<String, Error> {
        let flag = |b: bool| if b { "true" } else { "false" };
        let mut w = XmlWriter::new("PublicAccessBlockConfiguration");
        w.leaf("BlockPublicAcls", flag(self.block_public_acls));
        w.leaf("IgnorePublicAcls", flag(self.ignore_public_acls));
        w.leaf("BlockPublicPolicy", flag(self.block_public_policy));
        w.leaf("RestrictPublicBuckets", flag(self.restrict_public_buckets));
        Ok(w.finish("PublicAccessBlockConfiguration"))
    }

    /// Ceph RGW 16.2 names the root `BlockPublicAccessBlockConfiguration`;
    /// both are read.
    fn from_body(body: &[u8]) -> Result<Self, Error> {
        let root = parse_root(body, "PublicAccessBlockConfiguration")
            .or_else(|_| parse_root(body, "BlockPublicAccessBlockConfiguration"))?;
        Ok(Self {
            block_public_acls: opt_bool(&root, "BlockPublicAcls")?,
            ignore_public_acls: opt_bool(&root, "IgnorePublicAcls")?,
            block_public_policy: opt_bool(&root, "BlockPublicPolicy")?,
            restrict_public_buckets: opt_bool(&root, "RestrictPublicBuckets")?,
        })
    }
}
