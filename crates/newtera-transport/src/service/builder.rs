//! `HttpService::builder()`: pool, timeouts, protocol, TLS and proxy settings.

use std::sync::Arc;
use std::time::Duration;

use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use super::{HttpService, Shared};
use crate::connect::tls::{self, TlsOptions};
use crate::connect::{ProxyConfig, ProxyConnector, TimeoutConnector};
use crate::error::Error;

/// Bytes each read of a response asks the socket for. hyper's adaptive
/// default starts at 8 KiB and stops growing near 400 KiB; fixed 1 MiB
/// reads took 12-25 % less CPU per GiB downloaded on the loopback sink
/// (docs/BENCHMARKS.md, "Downloads, round 3") with no measurable change
/// to small requests: a buffer's untouched pages cost no memory.
const READ_BUFFER: usize = 1 << 20;

/// Configures an [`HttpService`]. Defaults: 90 s idle pool timeout, 32 idle connections per
/// host, 10 s connect timeout, 30 s read timeout, HTTP/1.1 only, webpki and native roots,
/// proxies from the environment.
#[derive(Debug, Clone)]
#[must_use]
pub struct HttpServiceBuilder {
    pool_idle_timeout: Option<Duration>,
    pool_max_idle_per_host: usize,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    tcp_keepalive: Option<Duration>,
    tls: TlsOptions,
    proxy: Option<ProxyConfig>,
    extra_ca_files: Vec<std::path::PathBuf>,
}

impl Default for HttpServiceBuilder {
    fn default() -> Self {
        Self {
            pool_idle_timeout: Some(Duration::from_secs(90)),
            pool_max_idle_per_host: 32,
            connect_timeout: Some(Duration::from_secs(10)),
            read_timeout: Some(Duration::from_secs(30)),
            tcp_keepalive: Some(Duration::from_secs(60)),
            tls: TlsOptions::default(),
            proxy: None,
            extra_ca_files: Vec::new(),
        }
    }
}

impl HttpServiceBuilder {
    /// How long an idle pooled connection is kept; `None` keeps it until the server closes it.
    pub fn pool_idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// The most idle connections kept per host (0 disables reuse).
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.pool_max_idle_per_host = max;
        self
    }

    /// The deadline for opening a connection: TCP, proxy handshake and TLS together.
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The longest silence allowed from the server: once the request body is sent, until the
    /// response head; then between body chunks while the caller reads. Upload time does not
    /// count (the timer starts when hyper has written the last body byte to the socket, so
    /// bytes still queued in kernel buffers do), nor does time the caller spends between reads.
    pub fn read_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// TCP keep-alive probe interval; `None` disables probes.
    pub fn tcp_keepalive(mut self, interval: Option<Duration>) -> Self {
        self.tcp_keepalive = interval;
        self
    }

    /// Offers HTTP/2 through TLS ALPN (plain-HTTP connections stay on HTTP/1.1).
    pub fn http2(mut self, enabled: bool) -> Self {
        self.tls.http2 = enabled;
        self
    }

    /// Trusts the Mozilla root set bundled by `webpki-roots` (default on).
    pub fn webpki_roots(mut self, enabled: bool) -> Self {
        self.tls.webpki_roots = enabled;
        self
    }

    /// Trusts the operating system's root certificates (default on).
    pub fn native_roots(mut self, enabled: bool) -> Self {
        self.tls.native_roots = enabled;
        self
    }

    /// Also trusts the CA certificates in `pem` (one or more PEM blocks).
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.tls.extra_pem.push(pem.into());
        self
    }

    /// Also trusts the CA certificates in the PEM file at `path` (read by `build`).
    pub fn add_root_certificate_file(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.extra_ca_files.push(path.into());
        self
    }

    /// Presents this client certificate chain and private key (both PEM) in TLS
    /// handshakes: mutual TLS, as MinIO's `AssumeRoleWithCertificate` requires. Checked
    /// by `build` (a PEM without a certificate or key is a builder error). The key never
    /// appears in `Debug`.
    pub fn client_identity_pem(
        mut self,
        cert_chain_pem: impl Into<Vec<u8>>,
        key_pem: impl Into<Vec<u8>>,
    ) -> Self {
        self.tls.client_identity = Some(tls::ClientIdentity {
            cert_pem: cert_chain_pem.into(),
            key_pem: key_pem.into(),
        });
        self
    }

    /// **Disables certificate verification**: any certificate for any name is accepted.
    ///
    /// Only for self-signed test servers; anyone on the path can read and change traffic.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.tls.accept_invalid_certs = accept;
        self
    }

    /// Uses these proxies instead of the environment's (`ProxyConfig::none()` for none).
    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// Builds the service: reads CA files, loads root stores and validates proxy URLs.
    pub fn build(self) -> Result<HttpService, Error> {
        let proxies = self.proxy_rules()?;
        let connector = self.connector(proxies.clone())?;
        let mut client = Client::builder(TokioExecutor::new());
        client
            .pool_idle_timeout(self.pool_idle_timeout)
            .pool_max_idle_per_host(self.pool_max_idle_per_host)
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .http1_read_buf_exact_size(READ_BUFFER);
        let shared = Shared {
            client: client.build(connector),
            proxies,
            read_timeout: self.read_timeout,
        };
        Ok(HttpService {
            shared: Arc::new(shared),
        })
    }

    fn connector(
        &self,
        proxies: Option<Arc<crate::connect::ProxyRules>>,
    ) -> Result<super::Connector, Error> {
        let mut tls = self.tls.clone();
        for path in &self.extra_ca_files {
            let pem = std::fs::read(path)
                .map_err(|e| Error::with_source(crate::ErrorKind::Builder, e))?;
            tls.extra_pem.push(pem);
        }
        let config = tls::client_config(&tls)?;
        let inner = ProxyConnector::new(self.tcp(), proxies);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(config)
            .https_or_http();
        let https = if tls.http2 {
            https.enable_all_versions().wrap_connector(inner)
        } else {
            https.enable_http1().wrap_connector(inner)
        };
        Ok(TimeoutConnector::new(https, self.connect_timeout))
    }

    fn tcp(&self) -> HttpConnector {
        let mut http = HttpConnector::new();
        // The TLS layer above handles https; this connector must accept both schemes.
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_keepalive(self.tcp_keepalive);
        http.set_connect_timeout(self.connect_timeout);
        http
    }

    fn proxy_rules(&self) -> Result<Option<Arc<crate::connect::ProxyRules>>, Error> {
        let config = self.proxy.clone().unwrap_or_else(ProxyConfig::from_env);
        Ok(config.build()?.map(Arc::new))
    }
}
