//! The tower stack the client sends through, erased into one cloneable,
//! `Send + Sync` service.

use newtera_transport::BoxService;

/// The boxed stack: `[user layers] → trace → op timeout → retry → attempt
/// timeout → sigv4 → HTTP`.
#[derive(Clone)]
pub(crate) struct Stack {
    service: BoxService,
}

impl Stack {
    pub(crate) fn new(service: BoxService) -> Self {
        Self { service }
    }

    /// A handle to send one request through (clones share the pool).
    pub(crate) fn service(&self) -> BoxService {
        self.service.clone()
    }
}
