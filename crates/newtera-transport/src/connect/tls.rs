//! rustls client configuration (ring provider): root stores and the explicit opt-out.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::error::Error;

/// What the TLS configuration trusts.
#[derive(Clone, Debug)]
pub(crate) struct TlsOptions {
    pub(crate) webpki_roots: bool,
    pub(crate) native_roots: bool,
    pub(crate) extra_pem: Vec<Vec<u8>>,
    pub(crate) accept_invalid_certs: bool,
    pub(crate) http2: bool,
    pub(crate) client_identity: Option<ClientIdentity>,
}

/// A client certificate chain and its private key (PEM), for mutual TLS.
///
/// `Debug` never prints the key.
#[derive(Clone)]
pub(crate) struct ClientIdentity {
    pub(crate) cert_pem: Vec<u8>,
    pub(crate) key_pem: Vec<u8>,
}

impl std::fmt::Debug for ClientIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientIdentity(..)")
    }
}

impl Default for TlsOptions {
    fn default() -> Self {
        Self {
            webpki_roots: true,
            native_roots: true,
            extra_pem: Vec::new(),
            accept_invalid_certs: false,
            http2: false,
            client_identity: None,
        }
    }
}

pub(crate) fn client_config(opts: &TlsOptions) -> Result<ClientConfig, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::with_source(crate::ErrorKind::Builder, e))?;
    let builder = if opts.accept_invalid_certs {
        let verifier = NoVerification(provider.signature_verification_algorithms);
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
    } else {
        builder.with_root_certificates(root_store(opts)?)
    };
    let config = match &opts.client_identity {
        None => builder.with_no_client_auth(),
        Some(identity) => {
            let key = rustls_pemfile::private_key(&mut &identity.key_pem[..])
                .ok()
                .flatten()
                .ok_or_else(|| Error::builder("no private key found in the client key PEM"))?;
            builder
                .with_client_auth_cert(parse_pem(&identity.cert_pem)?, key)
                .map_err(|e| Error::with_source(crate::ErrorKind::Builder, e))?
        }
    };
    // ALPN stays empty: hyper-rustls fills it from the enabled HTTP
    // versions (and refuses a config that sets it).
    Ok(config)
}

fn root_store(opts: &TlsOptions) -> Result<RootCertStore, Error> {
    let mut roots = RootCertStore::empty();
    if opts.webpki_roots {
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    }
    if opts.native_roots {
        // A machine without a readable system store still has the webpki roots; failures to
        // load individual system certificates are not fatal, as in curl.
        let loaded = rustls_native_certs::load_native_certs();
        roots.add_parsable_certificates(loaded.certs);
    }
    for pem in &opts.extra_pem {
        for cert in parse_pem(pem)? {
            roots
                .add(cert)
                .map_err(|e| Error::with_source(crate::ErrorKind::Builder, e))?;
        }
    }
    Ok(roots)
}

fn parse_pem(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, Error> {
    let certs = rustls_pemfile::certs(&mut &pem[..])
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            Error::with_source(crate::ErrorKind::Builder, e).detail("CA certificate PEM")
        })?;
    if certs.is_empty() {
        return Err(Error::builder("no certificate found in the CA PEM"));
    }
    Ok(certs)
}

/// Accepts any server certificate but still checks handshake signatures, so the connection
/// is at least consistent with the certificate presented. Only for self-signed test servers.
#[derive(Debug)]
struct NoVerification(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for NoVerification {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}
