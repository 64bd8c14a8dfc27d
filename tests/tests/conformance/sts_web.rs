//! STS AssumeRoleWithWebIdentity on each server: the test serves a small
//! OpenID provider on loopback (discovery document and JWKS with an `x5c`
//! certificate), registers it with the server, signs an ES256 token, and the
//! server fetches the keys and validates the token. Then S3 calls with the
//! temporary credentials, and a refresh that re-reads the token file.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use newtera::transport::sigv4::credentials::{
    CachedCredentials, ProvideCredentials, WebIdentityProvider,
};
use newtera_faults::{Action, FaultServer, Reply};
use newtera_testkit::ServerKind;
use rcgen::{CertificateParams, KeyPair, SigningKey as _};
use sha1::Digest as _;

use crate::sts::{iam, sts};
use crate::support::{kind, target, unsupported};

const AUDIENCE: &str = "newtera-app";

/// A loopback OpenID provider: its issuer URL, signing key and certificate.
struct Oidc {
    server: FaultServer,
    key: KeyPair,
    cert_der: Vec<u8>,
}

impl Oidc {
    async fn start() -> Self {
        let key = KeyPair::generate().expect("key");
        let cert = CertificateParams::new(vec!["localhost".to_owned()])
            .expect("params")
            .self_signed(&key)
            .expect("cert");
        let cert_der = cert.der().to_vec();
        let issuer: Arc<OnceLock<String>> = Arc::default();
        let jwks = jwks(&key, &cert_der);
        let iss = issuer.clone();
        let server = FaultServer::with_handler(move |seen, _| {
            let base = iss.get().cloned().unwrap_or_default();
            let body = match seen.target.as_str() {
                "/.well-known/openid-configuration" => serde_json::json!({
                    "issuer": base,
                    "jwks_uri": format!("{base}/jwks"),
                    "id_token_signing_alg_values_supported": ["ES256"],
                })
                .to_string(),
                "/jwks" => jwks.clone(),
                _ => return Action::Reply(Reply::new(404, "")),
            };
            Action::Reply(Reply::new(200, body).header("content-type", "application/json"))
        })
        .await
        .expect("OIDC server");
        issuer.set(server.endpoint().to_owned()).expect("once");
        Self {
            server,
            key,
            cert_der,
        }
    }

    fn issuer(&self) -> &str {
        self.server.endpoint()
    }

    /// The SHA-1 thumbprint of the signing certificate, upper-case hex.
    fn thumbprint(&self) -> String {
        let digest = sha1::Sha1::digest(&self.cert_der);
        digest.iter().map(|b| format!("{b:02X}")).collect()
    }

    /// An ES256 ID token for `subject`, valid for an hour.
    fn token(&self, subject: &str) -> String {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .expect("clock")
            .as_secs();
        let header = serde_json::json!({"alg": "ES256", "typ": "JWT", "kid": "k1"});
        let claims = serde_json::json!({
            "iss": self.issuer(), "sub": subject, "aud": AUDIENCE, "azp": AUDIENCE,
            "iat": now, "exp": now + 3600,
        });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let der = self.key.sign(signing_input.as_bytes()).expect("sign");
        let signature = URL_SAFE_NO_PAD.encode(raw_ecdsa(&der));
        format!("{signing_input}.{signature}")
    }
}

/// The JWKS: one P-256 key with its coordinates and certificate.
fn jwks(key: &KeyPair, cert_der: &[u8]) -> String {
    // An uncompressed SEC1 point: 0x04 || x || y.
    let point = key.public_key_raw();
    serde_json::json!({"keys": [{
        "kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": "k1",
        "x": URL_SAFE_NO_PAD.encode(&point[1..33]),
        "y": URL_SAFE_NO_PAD.encode(&point[33..65]),
        "x5c": [STANDARD.encode(cert_der)],
    }]})
    .to_string()
}

/// A DER `SEQUENCE { INTEGER r, INTEGER s }` as JWS wants it: r || s, 32 bytes each.
fn raw_ecdsa(der: &[u8]) -> Vec<u8> {
    let mut rest = &der[2..];
    let mut out = Vec::with_capacity(64);
    for _ in 0..2 {
        let len = usize::from(rest[1]);
        let int = &rest[2..2 + len];
        let int = &int[int.len().saturating_sub(32)..];
        out.extend(std::iter::repeat_n(0, 32 - int.len()));
        out.extend_from_slice(int);
        rest = &rest[2 + len..];
    }
    out
}

/// Registers the provider and a role its users may assume with S3 access.
async fn register(oidc: &Oidc, role: &str) -> String {
    let (status, body) = iam(&[
        ("Action", "CreateOpenIDConnectProvider"),
        ("Url", oidc.issuer()),
        ("ClientIDList.member.1", AUDIENCE),
        ("ThumbprintList.member.1", &oidc.thumbprint()),
    ])
    .await;
    assert_eq!(status, 200, "CreateOpenIDConnectProvider: {body}");
    let host = oidc.issuer().trim_start_matches("http://");
    let trust = serde_json::json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Principal": {"Federated": [format!("arn:aws:iam:::oidc-provider/{host}")]},
        "Action": ["sts:AssumeRoleWithWebIdentity"],
    }]})
    .to_string();
    crate::sts::create_role_with(role, &trust).await
}

#[tokio::test]
async fn web_identity_then_s3_with_temporary_credentials() {
    let oidc = Oidc::start().await;
    let dir = tempfile::tempdir().expect("dir");
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, oidc.token("alice")).expect("token");
    if kind() != ServerKind::Ceph {
        let web = WebIdentityProvider::new("arn:aws:iam:::role/none", &token_file, sts());
        let err = web.provide_credentials().await.expect_err("no STS here");
        let source = std::error::Error::source(&err)
            .map(ToString::to_string)
            .unwrap_or_default();
        println!(
            "{} answers AssumeRoleWithWebIdentity with: {source}",
            kind().name()
        );
        assert!(
            source.starts_with("S3 error"),
            "an error document: {source}"
        );
        unsupported("STS AssumeRoleWithWebIdentity");
        return;
    }
    let arn = register(&oidc, &target().unique_bucket("web")).await;
    let web = WebIdentityProvider::new(&arn, &token_file, sts())
        .session_name("alice-session")
        .duration(Duration::from_secs(900));
    let cached = CachedCredentials::new(web).refresh_window(Duration::from_secs(898));
    let client = crate::sts::client_with(cached.clone());
    let first = cached
        .provide_credentials()
        .await
        .expect("web identity")
        .expect("credentials");
    let fetched: Vec<_> = oidc.server.seen().into_iter().map(|s| s.target).collect();
    assert!(
        fetched.iter().any(|t| t == "/jwks"),
        "Ceph fetched the keys to validate the token: {fetched:?}"
    );
    let bucket = target().unique_bucket("sts-web");
    client.make_bucket(&bucket).await.expect("make_bucket");
    client
        .put_object(&bucket, "k", "federated")
        .await
        .expect("put");
    // Rotate the token, as EKS does: the refresh must read the new one.
    std::fs::write(&token_file, oidc.token("alice")).expect("rotate");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let body = client
        .get_object(&bucket, "k")
        .await
        .expect("get")
        .bytes()
        .await
        .expect("body");
    assert_eq!(body.as_ref(), b"federated");
    let second = cached
        .provide_credentials()
        .await
        .expect("refreshed")
        .expect("credentials");
    assert_ne!(first.keys().access_key(), second.keys().access_key());
    std::fs::write(&token_file, "not-a-jwt").expect("garbage");
    let bad = WebIdentityProvider::new(&arn, &token_file, sts());
    let err = bad.provide_credentials().await.expect_err("garbage token");
    let source = std::error::Error::source(&err)
        .map(ToString::to_string)
        .unwrap_or_default();
    println!("Ceph refuses a malformed web identity token with: {source}");
    client.remove_object(&bucket, "k").await.expect("remove");
    client.remove_bucket(&bucket).await.expect("remove_bucket");
}
