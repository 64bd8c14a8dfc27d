//! AWS Signature Version 4 signing with `newtera-sign`.
//!
//! Sits inside the retry layer, so each attempt is signed anew with a fresh date.
//! Per request: the [`crate::Unsigned`] extension skips signing; the
//! [`crate::SigningRegion`] extension overrides the layer's region. The
//! payload is covered as follows: an `x-amz-content-sha256` header already on the request
//! is signed verbatim (a hex SHA-256, `UNSIGNED-PAYLOAD` or a `STREAMING-…` mode);
//! otherwise `https` requests use `UNSIGNED-PAYLOAD`, `http` requests with an in-memory body
//! are hashed, and file or stream bodies use `UNSIGNED-PAYLOAD`. The URI must be absolute;
//! `host` comes from it. A provider answering `None` (anonymous) leaves requests unsigned.

pub mod credentials;
pub mod future;
mod layer;
mod sign;

use std::sync::Arc;
use std::task::{Context, Poll};

use http::Request;
use tower_service::Service;

use crate::body::SignableBody;
use crate::error::BoxError;
use crate::extensions::Unsigned;

pub use credentials::{
    CachedCredentials, Credentials, CredentialsFuture, EnvCredentials, ProfileCredentials,
    ProvideCredentials, StaticCredentials,
};
pub use future::ResponseFuture;
use layer::Settings;
pub use layer::SigV4Layer;

/// The signing middleware; see the [module docs](self).
#[derive(Clone)]
pub struct SigV4<S> {
    inner: S,
    settings: Arc<Settings>,
}

impl<S> SigV4<S> {
    fn new(inner: S, settings: Arc<Settings>) -> Self {
        Self { inner, settings }
    }

    /// The wrapped service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }
}

impl<S: std::fmt::Debug> std::fmt::Debug for SigV4<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigV4")
            .field("inner", &self.inner)
            .field("region", &self.settings.region)
            .finish_non_exhaustive()
    }
}

impl<S, B> Service<Request<B>> for SigV4<S>
where
    B: SignableBody + Send + 'static,
    S: Service<Request<B>> + Clone + Send + 'static,
    S::Error: Into<BoxError>,
    S::Future: Send,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future = ResponseFuture<S::Future, S::Response>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        let wanted = req.extensions().get::<Unsigned>().is_none();
        let now = match wanted {
            true => self.settings.provider.credentials_now(),
            false => Some(None),
        };
        if let Some(credentials) = now {
            // At hand: signed now, and sent without a future of our own.
            let signed = match credentials {
                Some(credentials) => sign::sign(req, &credentials, &self.settings),
                None => Ok(req),
            };
            return match signed {
                Ok(req) => ResponseFuture::sending(self.inner.call(req)),
                Err(e) => ResponseFuture::failed(e.into()),
            };
        }
        // The ready service is used after the credentials await; a clone takes its place.
        let clone = self.inner.clone();
        let mut ready = std::mem::replace(&mut self.inner, clone);
        let settings = self.settings.clone();
        ResponseFuture::waiting(Box::pin(async move {
            let credentials = settings
                .provider
                .provide_credentials()
                .await
                .map_err(as_credentials)?;
            let req = match credentials {
                Some(credentials) => sign::sign(req, &credentials, &settings)?,
                None => req,
            };
            ready.call(req).await.map_err(Into::into)
        }))
    }
}

/// A provider's failure is a credentials failure whatever kind the provider gave it, so
/// callers can tell it from a network failure (the provider's error stays the source).
fn as_credentials(e: crate::Error) -> crate::Error {
    if e.kind() == crate::ErrorKind::Credentials {
        e
    } else {
        crate::Error::with_source(crate::ErrorKind::Credentials, e)
    }
}
