//! newtera-transport
#![allow(missing_docs)]

mod body;
mod builder_ext;
mod classify;
mod connect;
mod error;
mod extensions;
pub mod retry;
pub mod service;
pub mod sigv4;
mod stack;
pub mod timeout;
pub mod trace;

pub use body::{Body, FileSource, ResponseBody};
pub use connect::ProxyConfig;
pub use error::{BoxError, Error, ErrorKind, Result};
pub use extensions::{ErrorIn200, SigningRegion, Unsigned};
pub use service::{HttpService, HttpServiceBuilder};
pub use builder_ext::ServiceBuilderExt;
pub use stack::{BoxService, StackConfig};
