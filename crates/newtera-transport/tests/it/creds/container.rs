//! The container endpoint: full URI on loopback, authorization token (file wins), errors.

use newtera_transport::ErrorKind;
use newtera_transport::sigv4::credentials::{ContainerCredentials, ProvideCredentials};

use super::{Log, SHORT, assert_hidden, env, hung_server, json_credentials, record, reply};
use crate::support::serve;

async fn endpoint(status: u16, doc: String) -> (String, Log) {
    let log = Log::default();
    let l = log.clone();
    let server = serve(move |req| {
        let (log, doc) = (l.clone(), doc.clone());
        async move {
            let seen = record(&log, req).await;
            match seen
                .headers
                .get("authorization")
                .map(|v| v.to_str().unwrap_or(""))
            {
                Some("Bearer pod-token") | None => reply(status, doc),
                Some(_) => reply(403, r#"{"code":"AccessDenied"}"#),
            }
        }
    })
    .await;
    (server.url("/v1/credentials"), log)
}

#[tokio::test]
async fn full_uri_with_a_token_file() {
    let (url, log) = endpoint(200, json_credentials("ASIAPOD", 3600)).await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("token");
    std::fs::write(&file, "Bearer pod-token\n").expect("write");
    let file = file.to_string_lossy().into_owned();
    let p = ContainerCredentials::with_lookup(env(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer stale-token"),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", &file),
    ]));
    let c = p.provide_credentials().await.expect("ok").expect("some");
    assert_eq!(c.keys().access_key(), "ASIAPOD");
    assert_eq!(log.lock().expect("log")[0].path, "/v1/credentials");
    assert_hidden(
        &format!("{p:?} {c:?}"),
        &["pod-token", "json-secret", "json-token"],
    );
    // The file is read on each call: a rotated token is used at once.
    std::fs::write(&file, "Bearer rotated").expect("write");
    let err = p.provide_credentials().await.expect_err("403");
    assert_hidden(&format!("{err} {err:?}"), &["rotated", "pod-token"]);
}

#[tokio::test]
async fn token_variable_and_no_configuration() {
    let (url, _) = endpoint(200, json_credentials("ASIAECS", 3600)).await;
    let p = ContainerCredentials::with_lookup(env(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer pod-token"),
    ]));
    assert!(p.provide_credentials().await.expect("ok").is_some());
    let none = ContainerCredentials::with_lookup(env(&[]));
    assert!(none.provide_credentials().await.expect("ok").is_none());
}

#[tokio::test]
async fn refused_hosts_statuses_documents_and_hangs() {
    let remote = ContainerCredentials::with_lookup(env(&[(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "http://198.51.100.7/creds",
    )]));
    let err = remote
        .provide_credentials()
        .await
        .expect_err("not loopback");
    assert!(err.to_string().contains("loopback"), "{err}");
    for (status, doc) in [
        (500, "oops".to_owned()),
        (200, "{\"AccessKeyId\":".to_owned()),
        (200, json_credentials("ASIAOLD", -1)),
    ] {
        let (url, _) = endpoint(status, doc).await;
        let p =
            ContainerCredentials::with_lookup(env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url)]));
        let err = p.provide_credentials().await.expect_err("must fail");
        assert_eq!(err.kind(), ErrorKind::Credentials, "{err}");
        assert_hidden(&format!("{err:?}"), &["json-secret"]);
    }
    let hung = hung_server().await;
    let url = format!("http://{hung}/creds");
    let p = ContainerCredentials::with_lookup(env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url)]))
        .timeout(SHORT);
    let err = p.provide_credentials().await.expect_err("hung");
    assert_eq!(err.kind(), ErrorKind::Timeout);
}
