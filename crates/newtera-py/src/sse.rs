//! Server-side encryption settings from Python (`newtera.sse`): a tuple
//! of kind, SSE-C key, KMS key id and KMS context, made into the client's
//! [`Sse`]. The key is never put into error text.

use newtera::Sse;
use pyo3::prelude::*;

use crate::errors;

/// `("SSE-C", key, None, None)`, `("SSE-KMS", None, key_id, context)` or
/// `("SSE-S3", None, None, None)`, as `newtera.sse` makes them.
#[derive(FromPyObject)]
pub(crate) struct SseSpec(String, Option<Vec<u8>>, Option<String>, Option<String>);

/// The client's setting for `spec`.
pub(crate) fn to_sse(py: Python<'_>, spec: Option<SseSpec>) -> PyResult<Option<Sse>> {
    let Some(SseSpec(kind, key, key_id, context)) = spec else {
        return Ok(None);
    };
    let sse = match kind.as_str() {
        "SSE-C" => {
            let key: [u8; 32] = key
                .and_then(|k| k.try_into().ok())
                .ok_or_else(|| errors::invalid(py, "SSE-C keys must be 32 bytes"))?;
            Sse::customer(key)
        }
        "SSE-KMS" => {
            let mut sse = Sse::kms(key_id);
            if let Sse::Kms { context: c, .. } = &mut sse {
                *c = context;
            }
            sse
        }
        "SSE-S3" => Sse::S3,
        other => {
            return Err(errors::invalid(
                py,
                &format!("unknown server-side encryption {other:?}"),
            ));
        }
    };
    Ok(Some(sse))
}
