//! `get_object_attributes`: ETag, checksum, parts, storage class and size
//! of an object in one call, without its body.

use std::future::IntoFuture;

use newtera_proto::op::attributes::{GetObjectAttributes as AttributesOp, ObjectAttributes};
use newtera_proto::op::object::Sse;

use crate::client::{Newtera, SendOptions};
use crate::error::Result;
use crate::future::OpFuture;
use crate::ops::Extras;

impl Newtera {
    /// An object's ETag, checksum, parts (count and a page of sizes),
    /// storage class and size (GetObjectAttributes, S3 API reference).
    /// Servers without the call answer with an error (see
    /// `docs/COMPATIBILITY.md`); [`stat_object`](Self::stat_object) works
    /// everywhere.
    pub fn get_object_attributes(&self, bucket: &str, object: &str) -> GetObjectAttributes {
        GetObjectAttributes {
            client: self.clone(),
            op: AttributesOp {
                bucket: bucket.to_owned(),
                key: object.to_owned(),
                ..AttributesOp::default()
            },
            extras: Extras::default(),
        }
    }
}

/// The builder [`Newtera::get_object_attributes`] returns; await it to send.
#[derive(Debug)]
#[must_use = "nothing is sent until this is awaited"]
pub struct GetObjectAttributes {
    client: Newtera,
    op: AttributesOp,
    extras: Extras,
}

impl GetObjectAttributes {
    /// A specific version.
    pub fn version_id(mut self, version_id: impl Into<String>) -> Self {
        self.op.version_id = Some(version_id.into());
        self
    }

    /// The SSE-C key of an SSE-C object.
    pub fn sse(mut self, sse: Sse) -> Self {
        self.op.sse = Some(sse);
        self
    }

    /// The most parts to list (`x-amz-max-parts`, default 1,000).
    pub fn max_parts(mut self, max: u32) -> Self {
        self.op.max_parts = Some(max);
        self
    }

    /// List the parts after this number.
    pub fn part_number_marker(mut self, marker: u32) -> Self {
        self.op.part_number_marker = Some(marker);
        self
    }

    /// An extra request header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extras.header(name.into(), value.into());
        self
    }

    /// An extra query parameter.
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extras.query(name.into(), value.into());
        self
    }
}

impl IntoFuture for GetObjectAttributes {
    type Output = Result<ObjectAttributes>;
    type IntoFuture = OpFuture<ObjectAttributes>;

    fn into_future(self) -> Self::IntoFuture {
        OpFuture::new(async move {
            self.client
                .execute_with(&self.op, &self.extras, SendOptions::default())
                .await
        })
    }
}
