//! MinIO `AssumeRoleWithCertificate`: the STS call travels over mutual TLS, the
//! client certificate set with `HttpServiceBuilder::client_identity_pem`.

use std::sync::Arc;

use newtera_transport::sigv4::credentials::{MinioStsProvider, ProvideCredentials, StsEndpoint};
use newtera_transport::{HttpService, ProxyConfig};
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use rustls::pki_types::PrivateKeyDer;
use rustls::server::WebPkiClientVerifier;

use super::sts::{form, sts_answer};
use super::{Log, assert_hidden, record, reply};
use crate::support::serve_with;

struct Pki {
    ca_pem: String,
    acceptor: tokio_rustls::TlsAcceptor,
    client_cert: String,
    client_key: String,
}

/// A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by it;
/// the server requires a client certificate from that CA.
fn pki() -> Pki {
    let ca_key = KeyPair::generate().expect("ca key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("ca params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).expect("ca");
    let issuer = Issuer::new(ca_params, ca_key);
    let server_key = KeyPair::generate().expect("server key");
    let server = CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .expect("params")
        .signed_by(&server_key, &issuer)
        .expect("server cert");
    let client_key = KeyPair::generate().expect("client key");
    let client = CertificateParams::new(vec!["consumer".to_owned()])
        .expect("params")
        .signed_by(&client_key, &issuer)
        .expect("client cert");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    roots.add(ca.der().clone()).expect("root");
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .expect("verifier");
    let key = PrivateKeyDer::try_from(server_key.serialize_der()).expect("key");
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_client_cert_verifier(verifier)
        .with_single_cert(vec![server.der().clone()], key)
        .expect("server config");
    Pki {
        ca_pem: ca.pem(),
        acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
        client_cert: client.pem(),
        client_key: client_key.serialize_pem(),
    }
}

fn http(pki: &Pki, identity: bool) -> HttpService {
    let mut builder = HttpService::builder()
        .proxy(ProxyConfig::none())
        .native_roots(false)
        .webpki_roots(false)
        .add_root_certificate_pem(pki.ca_pem.clone());
    if identity {
        builder = builder.client_identity_pem(pki.client_cert.clone(), pki.client_key.clone());
    }
    builder.build().expect("http")
}

#[tokio::test]
async fn certificate_identity_over_mutual_tls() {
    let pki = pki();
    let log = Log::default();
    let l = log.clone();
    let server = serve_with(
        move |req| {
            let log = l.clone();
            async move {
                let seen = record(&log, req).await;
                let action = form(&seen.body)["Action"].clone();
                reply(200, sts_answer(&action, "CERT", 3600))
            }
        },
        Some(pki.acceptor.clone()),
    )
    .await;
    let url = format!("https://127.0.0.1:{}/", server.addr.port());
    let sts = StsEndpoint::new(&url, "us-east-1")
        .expect("sts")
        .http(http(&pki, true));
    let provider =
        MinioStsProvider::certificate(sts).duration(std::time::Duration::from_secs(3600));
    let c = provider
        .provide_credentials()
        .await
        .expect("mTLS")
        .expect("some");
    assert_eq!(c.keys().access_key(), "ASIACERT");
    let seen = log.lock().expect("log")[0].clone();
    let f = form(&seen.body);
    assert_eq!(f["Action"], "AssumeRoleWithCertificate");
    assert_eq!(f["DurationSeconds"], "3600");
    assert!(!seen.headers.contains_key("authorization"));
    // Without the client certificate the handshake is refused: nothing reaches STS.
    let bare = StsEndpoint::new(&url, "us-east-1")
        .expect("sts")
        .http(http(&pki, false));
    let err = MinioStsProvider::certificate(bare)
        .provide_credentials()
        .await
        .expect_err("no cert");
    assert_eq!(log.lock().expect("log").len(), 1, "{err}");
    let builder_debug = format!(
        "{:?}",
        HttpService::builder().client_identity_pem(pki.client_cert.clone(), pki.client_key.clone())
    );
    let key_body: String = pki.client_key.lines().nth(1).unwrap_or_default().to_owned();
    assert_hidden(&builder_debug, &[&key_body]);
}

#[test]
fn a_pem_without_a_key_is_a_builder_error() {
    let pki = pki();
    let err = HttpService::builder()
        .client_identity_pem(pki.client_cert.clone(), "no key here")
        .build()
        .expect_err("no key");
    assert_eq!(err.kind(), newtera_transport::ErrorKind::Builder);
}
