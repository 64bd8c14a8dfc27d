//! `Newtera::builder(endpoint)`: every client option, validated in `build()`.

use std::sync::Arc;
use std::time::Duration;

use http::{Request, Response};
use newtera_proto::{AddressingStyle, Endpoint};
use newtera_transport::retry::RetryConfig;
use newtera_transport::sigv4::{Credentials, ProvideCredentials, SigV4Layer, StaticCredentials};
use newtera_transport::{
    Body, BoxError, BoxService, HttpService, ProxyConfig, ResponseBody, StackConfig,
};
use tower::util::BoxCloneSyncService;
use tower::{Layer, Service};

use crate::client::{Inner, Newtera};
use crate::config::{MIN_PART_SIZE, TransferConfig};
use crate::credentials::Signer;
use crate::dispatch::Dispatch;
use crate::error::{Error, Result};
use crate::region::{DEFAULT_REGION, Regions};
use crate::stack::Stack;

/// Idle connections kept per host by default: the transport keeps 32, and
/// at 64 concurrent small requests that closed and reopened connections
/// all the time (0.74–0.79× the best peer's ops/s; 1.03–1.14× with 256).
const DEFAULT_IDLE_PER_HOST: usize = 256;
/// The longest silence from the server once a request is sent: before the
/// response head and between body chunks (a stalled body must not hang a
/// client with default settings). Botocore's default read timeout; as long
/// as the attempt timeout, so a server slow to answer a large copy or
/// completion gets no less time than before the body was covered.
pub(crate) const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);
/// The deadline for opening a connection (TCP, proxy and TLS).
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The deadline of one attempt until the response head.
pub(crate) const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(60);

type LayerFn = Box<dyn FnOnce(BoxService) -> BoxService + Send>;

/// Builds a [`Newtera`] client. Consuming, like reqwest's builder; every
/// check happens in [`NewteraBuilder::build`].
///
/// ```
/// # fn run() -> newtera::Result<()> {
/// use std::time::Duration;
/// let client = newtera::Newtera::builder("play.min.io")
///     .credentials("Q3AM3UQ867SPQQA43P2F", "zuf+tfteSlswRu7BJ86wekitnifILbZam1KYY3TG")
///     .secure(true)
///     .region("us-east-1")
///     .operation_timeout(Duration::from_secs(300))
///     .build()?;
/// # Ok(()) }
/// ```
#[must_use]
pub struct NewteraBuilder {
    endpoint: String,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    secure: Option<bool>,
    region: Option<String>,
    style: AddressingStyle,
    http_client: Option<BoxService>,
    http: HttpOptions,
    layers: Vec<LayerFn>,
    retry: RetryConfig,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    transfer: TransferConfig,
}

/// Options of the built-in HTTP client; `None` where not set (a timeout
/// set to "none" is `Some(None)`).
#[derive(Default)]
struct HttpOptions {
    connect_timeout: Option<Option<Duration>>,
    read_timeout: Option<Option<Duration>>,
    proxy: Option<ProxyConfig>,
    ca_pem: Vec<Vec<u8>>,
    accept_invalid_certs: Option<bool>,
    pool_max_idle_per_host: Option<usize>,
}

impl HttpOptions {
    /// The builder method of the first option set, if any: each one is
    /// refused with a custom [`http_client`](NewteraBuilder::http_client),
    /// which it cannot reach.
    fn first_set(&self) -> Option<&'static str> {
        [
            ("connect_timeout", self.connect_timeout.is_some()),
            ("read_timeout", self.read_timeout.is_some()),
            ("proxy", self.proxy.is_some()),
            ("add_root_certificate_pem", !self.ca_pem.is_empty()),
            (
                "danger_accept_invalid_certs",
                self.accept_invalid_certs.is_some(),
            ),
            (
                "pool_max_idle_per_host",
                self.pool_max_idle_per_host.is_some(),
            ),
        ]
        .into_iter()
        .find_map(|(name, set)| set.then_some(name))
    }
}

/// A builder option of the built-in HTTP client was set together with
/// [`NewteraBuilder::http_client`], which replaces that client: the option
/// could not apply. [`NewteraBuilder::build`] returns it as the source of an
/// [`Error::InvalidArgument`]; set the option on the service you pass
/// instead (`HttpService::builder()` has the same options).
///
/// ```
/// # fn run() {
/// use std::time::Duration;
/// let service = newtera::transport::HttpService::builder().build().unwrap();
/// let err = newtera::Newtera::builder("http://127.0.0.1:9000")
///     .http_client(service)
///     .connect_timeout(Duration::from_secs(3))
///     .build()
///     .unwrap_err();
/// let source = std::error::Error::source(&err).unwrap();
/// let conflict = source.downcast_ref::<newtera::HttpClientOption>().unwrap();
/// assert_eq!(conflict.option(), "connect_timeout");
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{option}` configures the built-in HTTP client, which `http_client(..)` replaces; \
     set it on the service you pass instead"
)]
pub struct HttpClientOption {
    option: &'static str,
}

impl HttpClientOption {
    /// The builder method that was set: `connect_timeout`, `read_timeout`,
    /// `proxy`, `add_root_certificate_pem`, `danger_accept_invalid_certs`
    /// or `pool_max_idle_per_host`.
    pub fn option(&self) -> &'static str {
        self.option
    }
}

impl std::fmt::Debug for NewteraBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewteraBuilder")
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("secure", &self.secure)
            .field("region", &self.region)
            .field("layers", &self.layers.len())
            .finish_non_exhaustive()
    }
}

impl Newtera {
    /// A client for `endpoint` (`host[:port]` or an `http(s)://` URL) with
    /// static credentials, HTTPS unless the URL says `http://`.
    pub fn new(endpoint: &str, access_key: &str, secret_key: &str) -> Result<Self> {
        Self::builder(endpoint)
            .credentials(access_key, secret_key)
            .build()
    }

    /// A builder for every option.
    pub fn builder(endpoint: impl Into<String>) -> NewteraBuilder {
        NewteraBuilder::new(endpoint.into())
    }
}

impl NewteraBuilder {
    pub(crate) fn new(endpoint: String) -> Self {
        Self {
            endpoint,
            credentials: None,
            secure: None,
            region: None,
            style: AddressingStyle::Auto,
            http_client: None,
            http: HttpOptions::default(),
            layers: Vec::new(),
            retry: RetryConfig::default(),
            attempt_timeout: Some(DEFAULT_ATTEMPT_TIMEOUT),
            operation_timeout: None,
            transfer: TransferConfig::default(),
        }
    }

    /// Static credentials. Both empty means anonymous, as in minio-py.
    pub fn credentials(
        mut self,
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Self {
        let (access, secret) = (access_key.into(), secret_key.into());
        let provider = if access.is_empty() && secret.is_empty() {
            StaticCredentials::anonymous()
        } else {
            StaticCredentials::new(Credentials::new(access, secret))
        };
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// Any credentials provider: environment, shared config files, STS roles,
    /// container, instance metadata, MinIO STS… (see
    /// [`newtera_transport::sigv4::credentials`]). Wrap providers of temporary
    /// credentials in
    /// [`CachedCredentials`](newtera_transport::sigv4::CachedCredentials) so
    /// they are fetched once per expiry. Without this, [`credentials`](Self::credentials)
    /// or [`anonymous`](Self::anonymous), the client uses the cached default
    /// chain (see the [crate docs](crate#credentials)).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// No credentials: requests are sent unsigned.
    pub fn anonymous(mut self) -> Self {
        self.credentials = Some(Arc::new(StaticCredentials::anonymous()));
        self
    }

    /// HTTPS (the default) or plain HTTP, for endpoints given without a
    /// scheme. A URL's `http://` or `https://` wins.
    pub fn secure(mut self, secure: bool) -> Self {
        self.secure = Some(secure);
        self
    }

    /// The region to sign for, instead of asking each bucket's location.
    ///
    /// Without it, each bucket's region is discovered (GetBucketLocation,
    /// or the region a server's error names) and cached; requests before
    /// that, and requests with no bucket, are signed for the configured
    /// region: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the `region` of
    /// the profile in `~/.aws/config` (`AWS_PROFILE`, `AWS_CONFIG_FILE`),
    /// else `us-east-1`, as the AWS SDKs choose theirs.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Path-style URLs (`host/bucket/key`) always; the default for non-AWS
    /// endpoints.
    pub fn path_style(mut self) -> Self {
        self.style = AddressingStyle::Path;
        self
    }

    /// Virtual-hosted-style URLs (`bucket.host/key`) where the bucket name
    /// allows; the default for AWS endpoints.
    pub fn virtual_hosted_style(mut self) -> Self {
        self.style = AddressingStyle::VirtualHosted;
        self
    }

    /// The HTTP service at the bottom of the stack, instead of the built-in
    /// one: any tower service, for example one with a proxy and your own
    /// layers. Signing, retries and the attempt and operation timeouts
    /// still wrap it. The built-in client's own options
    /// ([`connect_timeout`](Self::connect_timeout),
    /// [`read_timeout`](Self::read_timeout), [`proxy`](Self::proxy),
    /// [`add_root_certificate_pem`](Self::add_root_certificate_pem),
    /// [`danger_accept_invalid_certs`](Self::danger_accept_invalid_certs),
    /// [`pool_max_idle_per_host`](Self::pool_max_idle_per_host)) cannot
    /// reach it: setting one as well makes [`build`](Self::build) fail with
    /// an [`Error::InvalidArgument`] whose source is an [`HttpClientOption`]
    /// naming it. Set them on the service you pass
    /// (`HttpService::builder()`). See
    /// `examples/custom_http_client.rs` (minio-py's `http_client` example:
    /// retries on 500, 502, 503 and 504).
    pub fn http_client<S>(mut self, service: S) -> Self
    where
        S: Service<Request<Body>, Response = Response<ResponseBody>>
            + Clone
            + Send
            + Sync
            + 'static,
        S::Error: Into<BoxError>,
        S::Future: Send + 'static,
    {
        let service = tower::ServiceBuilder::new()
            .map_err(Into::into)
            .service(service);
        self.http_client = Some(BoxCloneSyncService::new(service));
        self
    }

    /// A tower layer around the whole stack (rate limits, metrics, your own
    /// retries). Layers added first end up outermost. The layered service
    /// must be `Clone` (each request takes a clone): tower's
    /// `ConcurrencyLimitLayer` is; a `RateLimitLayer` keeps its budget in
    /// the service, so put it behind tower's `BufferLayer`, which shares
    /// one between clones (its worker starts at `build()`, which must then
    /// run inside a Tokio runtime). tower's `TimeoutLayer` gives each
    /// request, retries included, a deadline (ending as
    /// [`Error::Timeout`](crate::Error::Timeout)); `LoadShedLayer` over a
    /// concurrency limit fails requests over the limit at once (an
    /// [`Error::Transport`](crate::Error::Transport) whose source is
    /// tower's `Overloaded`). See `examples/layers.rs`.
    pub fn layer<L>(mut self, layer: L) -> Self
    where
        L: Layer<BoxService> + Send + 'static,
        L::Service: Service<Request<Body>, Response = Response<ResponseBody>>
            + Clone
            + Send
            + Sync
            + 'static,
        <L::Service as Service<Request<Body>>>::Error: Into<BoxError>,
        <L::Service as Service<Request<Body>>>::Future: Send + 'static,
    {
        self.layers.push(Box::new(move |inner: BoxService| {
            let service = tower::ServiceBuilder::new()
                .map_err(Into::into)
                .service(layer.layer(inner));
            BoxCloneSyncService::new(service)
        }));
        self
    }

    /// Retry settings (default: 3 attempts, exponential backoff with jitter,
    /// a retry budget). Unless the settings carry their own
    /// [`ClassifyBody`](newtera_transport::retry::ClassifyBody), the client
    /// installs one that reads S3 error documents with `newtera-proto`.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// The deadline of one attempt, until the response head (default 60 s).
    /// A timed-out attempt is retried like a lost answer.
    ///
    /// Every timeout of this builder takes a [`Duration`] to set it or
    /// `None` to turn it off (like reqwest's `pool_idle_timeout`):
    ///
    /// ```
    /// # fn run() -> newtera::Result<()> {
    /// use std::time::Duration;
    /// let client = newtera::Newtera::builder("http://127.0.0.1:9000")
    ///     .attempt_timeout(Duration::from_secs(30))
    ///     .operation_timeout(Duration::from_secs(300))
    ///     .connect_timeout(Duration::from_secs(5))
    ///     .read_timeout(None) // wait forever for a slow body
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.attempt_timeout = timeout.into();
        self
    }

    /// The deadline of a whole request, retries and backoff included, until
    /// the response head (default: none); `None` turns it off.
    pub fn operation_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.operation_timeout = timeout.into();
        self
    }

    /// The connect timeout of the built-in HTTP client: TCP, proxy and TLS
    /// together (default 10 s); `None` turns it off. Refused with
    /// [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.http.connect_timeout = Some(timeout.into());
        self
    }

    /// The longest silence from the server on a connection of the built-in
    /// client (default 60 s): once the request is sent, until the response
    /// head, then between chunks of the response body while you read it.
    /// Time spent uploading, or between your own reads, does not count. A
    /// stalled body fails with [`Error::Timeout`]. `None` turns it off (a
    /// stalled server then hangs a read forever). Refused with
    /// [`http_client`](Self::http_client): your service owns its timeouts.
    pub fn read_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.http.read_timeout = Some(timeout.into());
        self
    }

    /// A proxy for the built-in HTTP client (default: none; see
    /// [`ProxyConfig::from_env`] for `HTTPS_PROXY`/`NO_PROXY`). Refused
    /// with [`http_client`](Self::http_client).
    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.http.proxy = Some(proxy);
        self
    }

    /// Trusts an extra CA certificate (PEM) besides the system's and
    /// webpki's roots. Refused with [`http_client`](Self::http_client).
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.http.ca_pem.push(pem.into());
        self
    }

    /// Turns TLS certificate verification off. Only for test servers with
    /// self-signed certificates: anyone on the path can read and change the
    /// traffic. Refused with [`http_client`](Self::http_client).
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.http.accept_invalid_certs = Some(accept);
        self
    }

    /// Idle connections kept per host (default 256, so a burst of
    /// concurrent requests reuses its connections instead of reconnecting;
    /// measured in `docs/BENCHMARKS.md`). Refused with
    /// [`http_client`](Self::http_client).
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.http.pool_max_idle_per_host = Some(max);
        self
    }

    /// Doubles a stream's part size every `parts` parts instead of 1,000,
    /// so a test sees the growth without uploading gigabytes.
    #[cfg(test)]
    pub(crate) fn stream_tier_parts(mut self, parts: u32) -> Self {
        self.transfer.stream_tier_parts = parts;
        self
    }

    /// The part size of multipart uploads (default 8 MiB, at least 5 MiB).
    pub fn part_size(mut self, bytes: u64) -> Self {
        self.transfer.part_size = bytes;
        self
    }

    /// Parts uploaded at once per upload (default 4).
    pub fn parallel_uploads(mut self, parts: usize) -> Self {
        self.transfer.parallelism = parts;
        self
    }

    /// Ranged GETs at once per download (default 4).
    pub fn parallel_downloads(mut self, ranges: usize) -> Self {
        self.transfer.download_parallelism = ranges;
        self
    }

    /// Builds the client, checking every option.
    pub fn build(mut self) -> Result<Newtera> {
        let endpoint = self.endpoint()?;
        self.check_transfer()?;
        let provider = self.provider();
        let region = self
            .region
            .clone()
            .or_else(|| configured_region(&|name| std::env::var(name).ok(), profile_region))
            .unwrap_or_else(|| DEFAULT_REGION.to_owned());
        let http = self.http_service()?;
        let stack = self.stack(http, provider.clone(), &region);
        Ok(Newtera {
            inner: Arc::new(Inner {
                dispatch: Dispatch {
                    endpoint,
                    stack,
                    regions: Regions::new(self.region, region),
                },
                signer: Signer::new(provider),
                transfer: self.transfer,
                part_checksums: Default::default(),
                cleanup: Default::default(),
                listing_encodes: Default::default(),
            }),
        })
    }

    /// Proto's one endpoint parser; a URL's scheme wins over `secure`.
    fn endpoint(&self) -> Result<Endpoint> {
        let endpoint = Endpoint::parse(&self.endpoint, self.secure.unwrap_or(true))
            .map_err(Error::from_encode)?;
        Ok(endpoint.with_style(self.style))
    }

    fn check_transfer(&self) -> Result<()> {
        if self.transfer.part_size < MIN_PART_SIZE {
            return Err(Error::invalid(format!(
                "part size {} is below the 5 MiB minimum",
                self.transfer.part_size
            )));
        }
        if self.transfer.parallelism == 0 || self.transfer.download_parallelism == 0 {
            return Err(Error::invalid("parallelism must be at least 1"));
        }
        Ok(())
    }

    /// The given provider, else the default chain (anonymous only when asked).
    fn provider(&self) -> Arc<dyn ProvideCredentials> {
        self.credentials
            .clone()
            .unwrap_or_else(crate::credentials::default_chain)
    }

    /// The user's HTTP service, or the built-in one with its options.
    fn http_service(&mut self) -> Result<Http> {
        if let Some(service) = self.http_client.take() {
            if let Some(option) = self.http.first_set() {
                return Err(Error::InvalidArgument(Box::new(HttpClientOption {
                    option,
                })));
            }
            return Ok(Http::Custom(service));
        }
        let o = &self.http;
        let mut builder = HttpService::builder()
            .connect_timeout(o.connect_timeout.unwrap_or(Some(DEFAULT_CONNECT_TIMEOUT)))
            .read_timeout(o.read_timeout.unwrap_or(Some(DEFAULT_READ_TIMEOUT)))
            .danger_accept_invalid_certs(o.accept_invalid_certs.unwrap_or(false));
        for pem in &o.ca_pem {
            builder = builder.add_root_certificate_pem(pem.clone());
        }
        if let Some(proxy) = &o.proxy {
            builder = builder.proxy(proxy.clone());
        }
        builder = builder
            .pool_max_idle_per_host(o.pool_max_idle_per_host.unwrap_or(DEFAULT_IDLE_PER_HOST));
        let http = builder
            .build()
            .map_err(|e| Error::invalid_because("HTTP client", e))?;
        Ok(Http::Builtin(http))
    }

    /// The standard stack over `http`, then the user's layers around it.
    fn stack(&mut self, http: Http, provider: Arc<dyn ProvideCredentials>, region: &str) -> Stack {
        let mut retry = self.retry.clone();
        if !retry.has_classifier() {
            retry = retry.classifier(crate::classify::S3Errors);
        }
        let config = StackConfig::with_signer(SigV4Layer::from_arc(provider, region))
            .retry(retry)
            .attempt_timeout(self.attempt_timeout)
            .operation_timeout(self.operation_timeout);
        // The built-in service stays a concrete type inside the stack, so
        // each request goes through one boxed service, not two.
        let mut service = match http {
            Http::Builtin(http) => config.service(http),
            Http::Custom(http) => config.service(http),
        };
        // The first layer added is the outermost, so apply them in reverse.
        for layer in std::mem::take(&mut self.layers).into_iter().rev() {
            service = layer(service);
        }
        Stack::new(service)
    }
}

/// The HTTP service at the bottom of the stack.
enum Http {
    /// The built-in hyper client.
    Builtin(HttpService),
    /// One given with `http_client`.
    Custom(BoxService),
}

/// The region the environment configures: `AWS_REGION`, else
/// `AWS_DEFAULT_REGION`, else the profile's `region` (read by `profile`).
fn configured_region(
    env: &dyn Fn(&str) -> Option<String>,
    profile: fn() -> Option<String>,
) -> Option<String> {
    ["AWS_REGION", "AWS_DEFAULT_REGION"]
        .iter()
        .find_map(|name| env(name).filter(|v| !v.trim().is_empty()))
        .or_else(profile)
}

/// The `region` of the profile the shared config files select.
fn profile_region() -> Option<String> {
    newtera_transport::sigv4::credentials::ProfileCredentials::new()
        .region()
        .ok()
        .flatten()
        .filter(|r| !r.trim().is_empty())
}

#[cfg(test)]
mod region_tests {
    use super::configured_region;

    #[test]
    fn the_configured_region_follows_the_aws_sdks_order() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let profile = || Some("eu-north-1".to_owned());
        let none = || None;
        let both = env(&[
            ("AWS_REGION", "eu-west-3"),
            ("AWS_DEFAULT_REGION", "ap-south-1"),
        ]);
        assert_eq!(
            configured_region(&both, profile).as_deref(),
            Some("eu-west-3")
        );
        let default_only = env(&[("AWS_DEFAULT_REGION", "ap-south-1"), ("AWS_REGION", " ")]);
        assert_eq!(
            configured_region(&default_only, profile).as_deref(),
            Some("ap-south-1")
        );
        let nothing = env(&[]);
        assert_eq!(
            configured_region(&nothing, profile).as_deref(),
            Some("eu-north-1")
        );
        assert_eq!(configured_region(&nothing, none), None);
    }
}
