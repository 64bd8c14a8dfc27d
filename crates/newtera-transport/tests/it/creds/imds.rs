//! IMDSv2: token PUT with a TTL, role name, credentials; 401, 404, hung, malformed, expired.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use newtera_transport::ErrorKind;
use newtera_transport::sigv4::credentials::{ImdsCredentials, ProvideCredentials};

use super::{Log, SHORT, assert_hidden, env, hung_server, json_credentials, record, reply};
use crate::support::serve;

const ROLES: &str = "/latest/meta-data/iam/security-credentials/";

/// An IMDS that issues token `tok-N` for the N-th PUT and accepts only the newest
/// token when `rotate` is set (so the first token turns stale).
async fn imds(doc: String, role_status: u16, v2: bool) -> (String, Log, Arc<AtomicUsize>) {
    let log = Log::default();
    let tokens = Arc::new(AtomicUsize::new(0));
    let (l, t) = (log.clone(), tokens.clone());
    let server = serve(move |req| {
        let (log, tokens, doc) = (l.clone(), t.clone(), doc.clone());
        async move {
            let seen = record(&log, req).await;
            let token = seen
                .headers
                .get("x-aws-ec2-metadata-token")
                .map(|v| v.to_str().unwrap_or("").to_owned());
            match (seen.method.as_str(), seen.path.as_str()) {
                ("PUT", "/latest/api/token") if !v2 => reply(403, ""),
                ("PUT", "/latest/api/token") => {
                    assert_eq!(
                        seen.headers["x-aws-ec2-metadata-token-ttl-seconds"],
                        "21600"
                    );
                    let n = tokens.fetch_add(1, Ordering::SeqCst) + 1;
                    reply(200, format!("tok-{n}"))
                }
                _ if v2 && token != Some(format!("tok-{}", tokens.load(Ordering::SeqCst))) => {
                    reply(401, "")
                }
                ("GET", ROLES) if role_status != 200 => reply(role_status, ""),
                ("GET", ROLES) => reply(200, "web-role\n"),
                ("GET", "/latest/meta-data/iam/security-credentials/web-role") => reply(200, doc),
                _ => reply(404, ""),
            }
        }
    })
    .await;
    (server.url(""), log, tokens)
}

fn provider(url: &str) -> ImdsCredentials {
    ImdsCredentials::with_lookup(env(&[])).endpoint(url)
}

#[tokio::test]
async fn v2_token_role_then_credentials() {
    let (url, log, _) = imds(json_credentials("ASIAIMDS", 3600), 200, true).await;
    let c = provider(&url)
        .provide_credentials()
        .await
        .expect("ok")
        .expect("some");
    assert_eq!(c.keys().access_key(), "ASIAIMDS");
    assert_eq!(c.keys().session_token(), Some("json-token-ASIAIMDS"));
    assert!(c.expiry().is_some());
    let seen = log.lock().expect("log").clone();
    let paths: Vec<_> = seen
        .iter()
        .map(|s| format!("{} {}", s.method, s.path))
        .collect();
    assert_eq!(
        paths,
        [
            "PUT /latest/api/token",
            format!("GET {ROLES}").as_str(),
            "GET /latest/meta-data/iam/security-credentials/web-role"
        ]
    );
    assert_eq!(seen[1].headers["x-aws-ec2-metadata-token"], "tok-1");
    assert_hidden(&format!("{c:?}"), &["json-secret", "json-token"]);
}

#[tokio::test]
async fn a_stale_token_is_replaced_once() {
    let (url, log, tokens) = imds(json_credentials("ASIAIMDS", 3600), 200, true).await;
    let p = provider(&url);
    p.provide_credentials().await.expect("first").expect("some");
    // The server forgets token 1: the next request with it gets 401, then a new token.
    tokens.fetch_add(1, Ordering::SeqCst);
    let c = p
        .provide_credentials()
        .await
        .expect("second")
        .expect("some");
    assert_eq!(c.keys().access_key(), "ASIAIMDS");
    let seen = log.lock().expect("log").clone();
    let puts = seen.iter().filter(|s| s.method == "PUT").count();
    assert_eq!(puts, 2, "one new token after the 401: {seen:#?}");
}

#[tokio::test]
async fn no_role_is_a_clear_error() {
    let (url, _, _) = imds(String::new(), 404, true).await;
    let err = provider(&url).provide_credentials().await.expect_err("404");
    assert_eq!(err.kind(), ErrorKind::Credentials);
    assert!(err.to_string().contains("no IAM role"), "{err}");
}

#[tokio::test]
async fn malformed_and_expired_documents_are_errors() {
    for doc in [
        "{not json".to_owned(),
        r#"{"Code":"Success","AccessKeyId":"A"}"#.to_owned(),
        r#"{"Code":"AssumeRoleUnauthorizedAccess","Message":"no"}"#.to_owned(),
        json_credentials("ASIAOLD", -60),
        json_credentials("ASIABAD", 60).replace("Z\"}", "garbage\"}"),
    ] {
        let (url, _, _) = imds(doc.clone(), 200, true).await;
        let err = provider(&url).provide_credentials().await.expect_err(&doc);
        assert_eq!(err.kind(), ErrorKind::Credentials, "{doc}");
        assert_hidden(&format!("{err} {err:?}"), &["json-secret", "json-token"]);
    }
}

#[tokio::test]
async fn v1_fallback_only_when_allowed() {
    let (url, log, _) = imds(json_credentials("ASIAV1", 3600), 200, false).await;
    let err = provider(&url)
        .provide_credentials()
        .await
        .expect_err("v1 off");
    assert!(err.to_string().contains("IMDSv1 fallback is off"), "{err}");
    let c = provider(&url)
        .allow_v1(true)
        .provide_credentials()
        .await
        .expect("v1")
        .expect("some");
    assert_eq!(c.keys().access_key(), "ASIAV1");
    let seen = log.lock().expect("log").clone();
    assert!(
        seen.iter()
            .filter(|s| s.method == "GET")
            .all(|s| !s.headers.contains_key("x-aws-ec2-metadata-token"))
    );
    let allowed = ImdsCredentials::with_lookup(env(&[("AWS_EC2_METADATA_V1_DISABLED", "false")]))
        .endpoint(&url);
    assert!(
        allowed
            .provide_credentials()
            .await
            .expect("v1 by env")
            .is_some()
    );
}

#[tokio::test]
async fn a_hung_or_absent_endpoint_is_not_ec2_and_fast() {
    let addr = hung_server().await;
    let started = Instant::now();
    let p = provider(&format!("http://{addr}")).timeout(SHORT);
    assert!(
        p.provide_credentials()
            .await
            .expect("unreachable is not an error")
            .is_none()
    );
    assert!(started.elapsed() < SHORT * 4, "{:?}", started.elapsed());
    let closed = provider("http://127.0.0.1:1").timeout(SHORT);
    assert!(
        closed
            .provide_credentials()
            .await
            .expect("refused")
            .is_none()
    );
}

#[tokio::test]
async fn disabled_by_the_environment() {
    let (url, log, _) = imds(json_credentials("ASIAIMDS", 3600), 200, true).await;
    let p =
        ImdsCredentials::with_lookup(env(&[("AWS_EC2_METADATA_DISABLED", "true")])).endpoint(&url);
    assert!(p.is_disabled());
    assert!(p.provide_credentials().await.expect("ok").is_none());
    assert!(log.lock().expect("log").is_empty());
}

#[tokio::test]
async fn a_hung_credentials_request_times_out() {
    // Token and role answer; the credentials request never does.
    let server = serve(|req| async move {
        match (req.method().as_str(), req.uri().path()) {
            ("PUT", "/latest/api/token") => reply(200, "tok"),
            ("GET", ROLES) => reply(200, "web-role"),
            _ => {
                tokio::time::sleep(std::time::Duration::from_secs(60)).await;
                reply(500, "")
            }
        }
    })
    .await;
    let started = Instant::now();
    let err = provider(&server.url(""))
        .timeout(SHORT)
        .provide_credentials()
        .await
        .expect_err("hung");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(started.elapsed() < SHORT * 5, "{:?}", started.elapsed());
}
