//! One module per operation family. Each input implements [`Operation`]:
//! `encode` builds [`RequestParts`], `decode` turns the
//! response parts into the typed output.

use http::{HeaderMap, StatusCode};

use crate::error::Error;
use crate::request::RequestParts;

pub(crate) mod common;
mod headers;
mod listing;
mod object_info;

pub mod attributes;
pub mod bucket;
pub mod config;
pub mod copy;
pub mod delete;
pub mod list;
pub mod list_uploads;
pub mod multipart;
pub mod object;
pub mod object_config;
pub mod versions;

/// An S3 operation: an input that encodes to request parts and the decoder
/// for its response.
pub trait Operation {
    /// What a successful response decodes to.
    type Output;

    /// Builds the request; fails on invalid names or header values.
    fn encode(&self) -> Result<RequestParts, Error>;

    /// Decodes a response. Non-2xx statuses become [`Error::Service`]. For
    /// GetObject, pass the error body only; a success body is streamed by
    /// the caller and never handed here.
    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<Self::Output, Error>;
}
