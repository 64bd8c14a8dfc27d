//! XML reading (a borrowed element tree) and writing (request bodies).

pub(crate) mod read;
pub(crate) mod visit;
pub(crate) mod write;

pub(crate) use read::{Node, parse};
pub(crate) use visit::{Visit, visit};
pub(crate) use write::XmlWriter;
