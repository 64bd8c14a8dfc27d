//! Extra headers and query parameters a caller adds to an operation's
//! requests (minio-py's `extra_headers` / `extra_query_params`, and
//! `request_headers`).

use newtera_proto::{Operation, RequestParts};

use crate::client::{Newtera, SendOptions};
use crate::error::{Error, Result};

/// Headers and query parameters added to the requests an operation sends,
/// after its own: a header of the same name replaces the operation's.
#[derive(Clone, Default)]
pub(crate) struct Extras {
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
}

impl std::fmt::Debug for Extras {
    // Values are left out: a raw header may carry a secret (an SSE-C key
    // set by hand).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        let query: Vec<&str> = self.query.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Extras")
            .field("headers", &names)
            .field("query", &query)
            .finish()
    }
}

impl Extras {
    pub(crate) fn header(&mut self, name: String, value: String) {
        self.headers.push((name, value));
    }

    pub(crate) fn query(&mut self, name: String, value: String) {
        self.query.push((name, value));
    }

    /// Checks the headers without sending anything, for operations whose
    /// first request is not the one that carries them.
    pub(crate) fn check(&self) -> Result<()> {
        let mut scratch = RequestParts::new(http::Method::GET, None, None);
        self.apply(&mut scratch)
    }

    /// Writes the extras into `parts`; a header HTTP or SigV4 cannot carry
    /// is an [`Error::InvalidArgument`].
    pub(crate) fn apply(&self, parts: &mut RequestParts) -> Result<()> {
        for (name, value) in &self.headers {
            parts.set_header(name, value).map_err(Error::from_encode)?;
        }
        for (name, value) in &self.query {
            parts.push_query(name, value.clone());
        }
        Ok(())
    }
}

impl Newtera {
    /// Encodes `op`, adds `extras` and sends it.
    pub(crate) async fn execute_with<O: Operation + Sync>(
        &self,
        op: &O,
        extras: &Extras,
        opts: SendOptions,
    ) -> Result<O::Output> {
        let mut parts = op.encode().map_err(Error::from_encode)?;
        extras.apply(&mut parts)?;
        self.execute_parts::<O>(parts, None, opts).await
    }
}
