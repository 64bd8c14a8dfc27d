//! STS on each server: AssumeRole with the test user's keys, then S3 calls with
//! the temporary credentials, a session policy that narrows them, and their
//! refresh before expiry. Ceph RGW has STS (`rgw s3 auth use sts`); s3s-fs and
//! Garage have none, and their answer to an STS call is asserted.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use http::Request;
use newtera::Newtera;
use newtera::transport::sigv4::credentials::{
    AssumeRoleProvider, CachedCredentials, Credentials, CredentialsFuture, ProvideCredentials,
    StaticCredentials, StsEndpoint,
};
use newtera::transport::{Body, HttpService};
use newtera_testkit::ServerKind;
use tower::ServiceExt as _;

use crate::support::{kind, target, unsupported};

/// The test user, as an STS source.
fn user() -> StaticCredentials {
    let t = target();
    StaticCredentials::new(Credentials::new(&t.access_key, &t.secret_key))
}

pub(crate) fn sts() -> StsEndpoint {
    let t = target();
    StsEndpoint::new(&t.endpoint, &t.region).expect("STS endpoint")
}

fn encode(value: &str) -> String {
    newtera_proto::encode::encode_query(value).into_owned()
}

/// One signed IAM call (Ceph serves IAM on the S3 port): returns the status and body.
pub(crate) async fn iam(params: &[(&str, &str)]) -> (u16, String) {
    let t = target();
    let mut body = String::from("Version=2010-05-08");
    for (k, v) in params {
        body.push_str(&format!("&{k}={}", encode(v)));
    }
    let mut req = Request::post(format!("{}/", t.endpoint))
        .header(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )
        .body(Body::from(body.clone()))
        .expect("request");
    let params = newtera_sign::SigningParams::builder()
        .credentials(newtera_sign::Credentials::new(&t.access_key, &t.secret_key))
        .region(&t.region)
        .service("iam")
        .content_sha256_header(false)
        .time(std::time::SystemTime::now())
        .build()
        .expect("params");
    newtera_sign::sign_http_request(
        &mut req,
        newtera_sign::PayloadMode::Bytes(body.as_bytes()),
        &params,
    )
    .expect("sign");
    let http = HttpService::builder().build().expect("http");
    let response = http.oneshot(req).await.expect("IAM call");
    let status = response.status().as_u16();
    let bytes = response
        .into_body()
        .collect_limited(1 << 20)
        .await
        .expect("body");
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// Creates a role the test user may assume, allowed every S3 action.
async fn create_role(name: &str) -> String {
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam:::user/newtera"]},"Action":["sts:AssumeRole"]}]}"#;
    create_role_with(name, trust).await
}

/// Creates a role with trust policy `trust`, allowed every S3 action.
pub(crate) async fn create_role_with(name: &str, trust: &str) -> String {
    let (status, body) = iam(&[
        ("Action", "CreateRole"),
        ("RoleName", name),
        ("Path", "/"),
        ("AssumeRolePolicyDocument", trust),
    ])
    .await;
    assert_eq!(status, 200, "CreateRole: {body}");
    let arn = body
        .split("<Arn>")
        .nth(1)
        .and_then(|s| s.split("</Arn>").next())
        .expect("the role's ARN")
        .to_owned();
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::*"]}]}"#;
    let (status, body) = iam(&[
        ("Action", "PutRolePolicy"),
        ("RoleName", name),
        ("PolicyName", "all-s3"),
        ("PolicyDocument", policy),
    ])
    .await;
    assert_eq!(status, 200, "PutRolePolicy: {body}");
    arn
}

pub(crate) fn client_with(provider: impl ProvideCredentials + 'static) -> Newtera {
    let t = target();
    Newtera::builder(&t.endpoint)
        .credentials_provider(provider)
        .region(&t.region)
        .build()
        .expect("client")
}

/// Counts how often the wrapped provider is asked.
#[derive(Debug, Clone)]
struct Counted(Arc<AtomicUsize>, Arc<dyn ProvideCredentials>);

impl ProvideCredentials for Counted {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        self.0.fetch_add(1, Ordering::SeqCst);
        self.1.provide_credentials()
    }
}

#[tokio::test]
async fn assume_role_then_s3_with_temporary_credentials() {
    let role_name = target().unique_bucket("role");
    if kind() != ServerKind::Ceph {
        let err = AssumeRoleProvider::new("arn:aws:iam:::role/none", user(), sts())
            .provide_credentials()
            .await
            .expect_err("no STS here");
        // s3s-fs and Garage treat the form POST as an S3 request and refuse it.
        assert_eq!(
            err.kind(),
            newtera::transport::ErrorKind::Credentials,
            "{err}"
        );
        let source = std::error::Error::source(&err)
            .map(ToString::to_string)
            .unwrap_or_default();
        println!("{} answers STS AssumeRole with: {source}", kind().name());
        assert!(
            source.starts_with("S3 error"),
            "an error document: {source}"
        );
        if kind() == ServerKind::S3sFs {
            assert!(source.contains("NotImplemented (HTTP 501"), "{source}");
        }
        unsupported("STS");
        return;
    }
    let arn = create_role(&role_name).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let role = AssumeRoleProvider::new(&arn, user(), sts())
        .session_name("newtera-conformance")
        .duration(Duration::from_secs(900));
    let counted = Counted(calls.clone(), Arc::new(role));
    // A window of 898 s on 900 s credentials: refreshed 2 s after each fetch.
    let cached = CachedCredentials::new(counted).refresh_window(Duration::from_secs(898));
    let first = cached
        .provide_credentials()
        .await
        .expect("AssumeRole")
        .expect("credentials");
    assert_ne!(first.keys().access_key(), target().access_key);
    assert!(first.keys().session_token().is_some());
    let client = client_with(cached.clone());
    let bucket = target().unique_bucket("sts");
    client
        .make_bucket(&bucket)
        .await
        .expect("make_bucket with STS credentials");
    client
        .put_object(&bucket, "k", "temporary")
        .await
        .expect("put");
    let body = client
        .get_object(&bucket, "k")
        .await
        .expect("get")
        .bytes()
        .await
        .expect("body");
    assert_eq!(body.as_ref(), b"temporary");
    let concurrent = (0..8).map(|_| {
        let c = client.clone();
        let b = bucket.clone();
        tokio::spawn(async move { c.stat_object(&b, "k").await })
    });
    for call in concurrent {
        call.await.expect("join").expect("stat");
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "one AssumeRole for all requests"
    );
    tokio::time::sleep(Duration::from_millis(2500)).await;
    client
        .stat_object(&bucket, "k")
        .await
        .expect("stat after refresh");
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "refreshed once before expiry"
    );
    let refreshed = cached
        .provide_credentials()
        .await
        .expect("cached")
        .expect("credentials");
    assert_ne!(refreshed.keys().access_key(), first.keys().access_key());
    client.remove_object(&bucket, "k").await.expect("remove");
    client.remove_bucket(&bucket).await.expect("remove_bucket");
}

#[tokio::test]
async fn a_session_policy_narrows_the_role() {
    if kind() != ServerKind::Ceph {
        unsupported("STS session policies");
        return;
    }
    let arn = create_role(&target().unique_bucket("narrow")).await;
    let owner = crate::support::client();
    let bucket = crate::support::bucket(&owner, "sts-policy").await;
    owner
        .put_object(&bucket, "k", "readable")
        .await
        .expect("put");
    let read_only = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::*"]}]}"#;
    let role = AssumeRoleProvider::new(&arn, user(), sts()).policy(read_only);
    let client = client_with(CachedCredentials::new(role));
    let body = client
        .get_object(&bucket, "k")
        .await
        .expect("get allowed")
        .bytes()
        .await
        .expect("body");
    assert_eq!(body.as_ref(), b"readable");
    let err = client
        .put_object(&bucket, "k2", "no")
        .await
        .expect_err("put denied");
    assert!(err.is_access_denied(), "{err}");
}

#[tokio::test]
async fn refusals_are_credentials_errors_with_the_sts_code() {
    if kind() != ServerKind::Ceph {
        unsupported("STS");
        return;
    }
    let role = AssumeRoleProvider::new("arn:aws:iam:::role/does-not-exist", user(), sts());
    let err = role.provide_credentials().await.expect_err("no such role");
    let source = std::error::Error::source(&err)
        .map(ToString::to_string)
        .unwrap_or_default();
    println!("Ceph refuses AssumeRole of a missing role with: {source}");
    assert_eq!(
        err.kind(),
        newtera::transport::ErrorKind::Credentials,
        "{err}"
    );
    let client = client_with(role);
    let err = client.list_buckets().await.expect_err("no credentials");
    assert!(matches!(err, newtera::Error::Credentials(_)), "{err}");
}
