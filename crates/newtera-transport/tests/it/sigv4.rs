//! The signing layer: headers, payload modes, extensions, re-signing on retry, providers.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use http::Request;
use newtera_transport::retry::{RetryConfig, RetryLayer};
use newtera_transport::sigv4::{
    CachedCredentials, Credentials, CredentialsFuture, ProvideCredentials, SigV4Layer,
    StaticCredentials,
};
use newtera_transport::{Body, Error, ErrorKind, SigningRegion, Unsigned};
use tower::Layer as _;

use crate::support::{drive, reply};

const BODY_SHA256: &str = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"; // "hello"

fn layer() -> SigV4Layer {
    let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    SigV4Layer::new(StaticCredentials::new(creds), "us-east-1")
        .with_clock(|| SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000))
}

/// Signs `req` through the layer and returns what reached the inner service.
async fn signed(layer: SigV4Layer, req: Request<Body>) -> Request<Body> {
    let (mock, mut handle) = tower_test::mock::pair();
    let (outcome, mut seen) =
        drive(layer.layer(mock), &mut handle, req, vec![reply(200, "")]).await;
    outcome.expect("response");
    seen.pop().expect("one request")
}

fn header<'a>(req: &'a Request<Body>, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn plain_http_bytes_are_hashed_and_signed() {
    let req = Request::put("http://127.0.0.1:9000/bucket/key")
        .body(Body::from("hello"))
        .expect("req");
    let req = signed(layer(), req).await;
    assert_eq!(header(&req, "host"), Some("127.0.0.1:9000"));
    assert_eq!(header(&req, "x-amz-date"), Some("20231114T221320Z"));
    assert_eq!(header(&req, "x-amz-content-sha256"), Some(BODY_SHA256));
    let auth = header(&req, "authorization").expect("authorization");
    assert!(
        auth.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/s3/aws4_request"
        ),
        "{auth}"
    );
    assert!(
        auth.contains("SignedHeaders=") && auth.contains("Signature="),
        "{auth}"
    );
}

#[tokio::test]
async fn https_and_streams_use_unsigned_payload() {
    let req = Request::put("https://s3.example.com/b/k")
        .body(Body::from("hello"))
        .expect("req");
    assert_eq!(
        header(&signed(layer(), req).await, "x-amz-content-sha256"),
        Some("UNSIGNED-PAYLOAD")
    );
    let stream = futures_util::stream::iter(vec![Ok::<_, std::io::Error>(
        bytes::Bytes::from_static(b"x"),
    )]);
    let req = Request::put("http://h/b/k")
        .body(Body::from_stream(stream, Some(1)))
        .expect("req");
    assert_eq!(
        header(&signed(layer(), req).await, "x-amz-content-sha256"),
        Some("UNSIGNED-PAYLOAD")
    );
}

#[tokio::test]
async fn a_declared_payload_hash_is_signed_verbatim() {
    for declared in [
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
        "UNSIGNED-PAYLOAD",
        BODY_SHA256,
    ] {
        let req = Request::put("http://h/b/k")
            .header("x-amz-content-sha256", declared)
            .body(Body::from("other bytes"))
            .expect("req");
        assert_eq!(
            header(&signed(layer(), req).await, "x-amz-content-sha256"),
            Some(declared)
        );
    }
}

#[tokio::test]
async fn extensions_pick_the_region_or_skip_signing() {
    let mut req = Request::get("http://h/b").body(Body::empty()).expect("req");
    req.extensions_mut()
        .insert(SigningRegion("eu-west-3".into()));
    let auth = header(&signed(layer(), req).await, "authorization").map(str::to_owned);
    assert!(
        auth.expect("authorization")
            .contains("/eu-west-3/s3/aws4_request")
    );

    let mut req = Request::get("http://h/b").body(Body::empty()).expect("req");
    req.extensions_mut().insert(Unsigned);
    let req = signed(layer(), req).await;
    assert!(req.headers().get("authorization").is_none());
    assert!(req.headers().get("x-amz-date").is_none());
}

#[tokio::test]
async fn anonymous_providers_leave_requests_unsigned() {
    let anonymous = SigV4Layer::new(StaticCredentials::anonymous(), "us-east-1");
    let req = signed(
        anonymous,
        Request::get("http://h/").body(Body::empty()).expect("req"),
    )
    .await;
    assert!(req.headers().get("authorization").is_none());
}

#[tokio::test]
async fn session_tokens_are_sent() {
    let creds = Credentials::new("AK", "SK").with_session_token("the-token");
    let layer = SigV4Layer::new(StaticCredentials::new(creds), "us-east-1");
    let req = signed(
        layer,
        Request::get("http://h/").body(Body::empty()).expect("req"),
    )
    .await;
    assert_eq!(header(&req, "x-amz-security-token"), Some("the-token"));
}

#[tokio::test]
async fn relative_uris_are_refused() {
    let (mock, mut handle) = tower_test::mock::pair();
    let req = Request::get("/bucket/key")
        .body(Body::empty())
        .expect("req");
    let (outcome, seen) = drive(layer().layer(mock), &mut handle, req, vec![]).await;
    let err = outcome.expect_err("relative URI");
    assert_eq!(
        err.downcast_ref::<Error>().map(Error::kind),
        Some(ErrorKind::Signing)
    );
    assert!(seen.is_empty());
}

#[tokio::test(start_paused = true)]
async fn every_retry_is_signed_again_with_a_new_date() {
    let seconds = Arc::new(AtomicU64::new(1_700_000_000));
    let clock = seconds.clone();
    let signer = layer().with_clock(move || {
        SystemTime::UNIX_EPOCH + Duration::from_secs(clock.fetch_add(7, Ordering::SeqCst))
    });
    let (mock, mut handle) = tower_test::mock::pair();
    let svc = tower::ServiceBuilder::new()
        .layer(RetryLayer::new(RetryConfig::default().no_budget()))
        .layer(signer)
        .service(mock);
    let req = Request::put("http://h/b/k")
        .body(Body::from("hello"))
        .expect("req");
    let (outcome, seen) = drive(svc, &mut handle, req, vec![reply(503, ""), reply(200, "")]).await;
    assert_eq!(outcome.expect("response").status(), 200);
    assert_eq!(seen.len(), 2);
    assert_ne!(
        header(&seen[0], "x-amz-date"),
        header(&seen[1], "x-amz-date")
    );
    assert_ne!(
        header(&seen[0], "authorization"),
        header(&seen[1], "authorization")
    );
}

/// Counts fetches; hands out credentials expiring 1000 s after the fake epoch.
#[derive(Debug, Default)]
struct Counting(AtomicUsize);

static FAKE_NOW: AtomicU64 = AtomicU64::new(0);

fn fake_clock() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(FAKE_NOW.load(Ordering::SeqCst))
}

impl ProvideCredentials for Counting {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        let expiry = fake_clock() + Duration::from_secs(1000);
        let creds = Credentials::new(format!("AK{n}"), "SK").with_expiry(expiry);
        Box::pin(async move { Ok(Some(creds)) })
    }
}

#[tokio::test]
async fn cached_credentials_refresh_before_expiry() {
    FAKE_NOW.store(1_000_000, Ordering::SeqCst);
    let inner = Arc::new(Counting::default());
    let cached = CachedCredentials::new(inner.clone()).with_clock(fake_clock);
    let access = |c: Option<Credentials>| c.expect("creds").keys().access_key().to_owned();
    assert_eq!(
        access(cached.provide_credentials().await.expect("first")),
        "AK0"
    );
    FAKE_NOW.fetch_add(600, Ordering::SeqCst); // 400 s left: more than the 300 s window
    assert_eq!(
        access(cached.provide_credentials().await.expect("cached")),
        "AK0"
    );
    FAKE_NOW.fetch_add(200, Ordering::SeqCst); // 200 s left: refresh
    assert_eq!(
        access(cached.provide_credentials().await.expect("refreshed")),
        "AK1"
    );
    assert_eq!(inner.0.load(Ordering::SeqCst), 2);
}

#[test]
fn credentials_never_print_secrets() {
    let creds = Credentials::new("AKID", "super-secret-key").with_session_token("secret-token");
    let shown = format!("{creds:?}");
    assert!(shown.contains("AKID"));
    assert!(
        !shown.contains("super-secret-key") && !shown.contains("secret-token"),
        "{shown}"
    );
}
