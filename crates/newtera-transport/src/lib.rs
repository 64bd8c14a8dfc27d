//! newtera-transport
#![allow(missing_docs)]

mod body;
mod connect;
mod error;
mod service;

pub use body::{Body, FileSource, ResponseBody};
pub use connect::ProxyConfig;
pub use error::{BoxError, Error, ErrorKind, Result};
pub use service::{HttpService, HttpServiceBuilder};
