//! The chain: order, absent / present / broken steps, the error listing what was tried,
//! and debug logs that name steps but never keys.

use newtera_transport::ErrorKind;
use newtera_transport::sigv4::credentials::{
    ChainProvider, Credentials, EnvCredentials, ProvideCredentials, StaticCredentials,
};

use super::{Log, assert_hidden, env, json_credentials, record, reply};
use crate::logs::{Captured, capture};
use crate::support::serve;

fn text(c: &Captured) -> String {
    c.text()
}

const NOTHING: &[(&str, &str)] = &[
    ("HOME", "/nonexistent"),
    ("AWS_EC2_METADATA_DISABLED", "true"),
];

#[tokio::test]
async fn nothing_configured_lists_every_step() {
    let (logs, _guard) = capture();
    let chain = ChainProvider::default_chain_with(env(NOTHING));
    let names: Vec<_> = chain.names().collect();
    assert_eq!(
        names,
        [
            "environment",
            "profile",
            "web identity",
            "container",
            "EC2 instance metadata"
        ]
    );
    let err = chain.provide_credentials().await.expect_err("nothing");
    assert_eq!(err.kind(), ErrorKind::Credentials);
    let msg = err.to_string();
    assert!(
        msg.contains("environment, profile, web identity, container, EC2 instance metadata"),
        "{msg}"
    );
    let logs = text(&logs);
    assert_eq!(logs.matches("not configured").count(), 5, "{logs}");
}

#[tokio::test]
async fn the_first_source_present_wins_in_order() {
    let mut vars = NOTHING.to_vec();
    vars.extend([
        ("AWS_ACCESS_KEY_ID", "AKENV"),
        ("AWS_SECRET_ACCESS_KEY", "env-secret"),
    ]);
    let (logs, _guard) = capture();
    let c = ChainProvider::default_chain_with(env(&vars))
        .provide_credentials()
        .await
        .expect("ok")
        .expect("some");
    assert_eq!(c.keys().access_key(), "AKENV");
    let logs = text(&logs);
    assert!(
        logs.contains("environment") && logs.contains("found"),
        "{logs}"
    );
    assert!(!logs.contains("profile"), "stops at the first hit: {logs}");
    assert_hidden(&logs, &["env-secret"]);
}

#[tokio::test]
async fn the_container_after_three_absent_sources() {
    let log = Log::default();
    let l = log.clone();
    let server = serve(move |req| {
        let log = l.clone();
        async move {
            record(&log, req).await;
            reply(200, json_credentials("ASIACHAIN", 3600))
        }
    })
    .await;
    let url = server.url("/creds");
    let mut vars = NOTHING.to_vec();
    vars.push(("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url));
    let (logs, _guard) = capture();
    let c = ChainProvider::default_chain_with(env(&vars))
        .provide_credentials()
        .await
        .expect("ok")
        .expect("some");
    assert_eq!(c.keys().access_key(), "ASIACHAIN");
    let logs = text(&logs);
    for step in ["environment", "profile", "web identity", "container"] {
        assert!(logs.contains(step), "{step}: {logs}");
    }
    assert_hidden(&logs, &["json-secret", "json-token"]);
}

#[tokio::test]
async fn a_broken_source_stops_the_chain() {
    let dir = tempfile::tempdir().expect("dir");
    let creds = dir.path().join("credentials");
    std::fs::write(&creds, "[default]\naws_access_key_id = AKHALF\n").expect("write");
    let creds = creds.to_string_lossy().into_owned();
    let mut vars = NOTHING.to_vec();
    vars.push(("AWS_SHARED_CREDENTIALS_FILE", &creds));
    let err = ChainProvider::default_chain_with(env(&vars))
        .provide_credentials()
        .await
        .expect_err("broken");
    assert!(err.to_string().contains("\"profile\""), "{err}");
}

#[tokio::test]
async fn a_user_built_chain() {
    let chain = ChainProvider::first_try("env", EnvCredentials::with_lookup(env(&[]))).or_else(
        "fixed",
        StaticCredentials::new(Credentials::new("AKFIX", "fix-secret")),
    );
    let c = chain
        .provide_credentials()
        .await
        .expect("ok")
        .expect("some");
    assert_eq!(c.keys().access_key(), "AKFIX");
    assert_hidden(&format!("{chain:?}"), &["fix-secret"]);
}

/// An IMDS on loopback, named by `AWS_EC2_METADATA_SERVICE_ENDPOINT`.
async fn loopback_imds() -> String {
    let server = serve(|req| async move {
        match (req.method().as_str(), req.uri().path()) {
            ("PUT", "/latest/api/token") => reply(200, "tok"),
            ("GET", "/latest/meta-data/iam/security-credentials/") => reply(200, "r"),
            ("GET", "/latest/meta-data/iam/security-credentials/r") => {
                reply(200, json_credentials("ASIAIMDS", 3600))
            }
            _ => reply(404, ""),
        }
    })
    .await;
    server.url("")
}

#[tokio::test]
async fn imds_is_the_last_resort_and_web_identity_comes_before_it() {
    let imds = loopback_imds().await;
    let vars = [
        ("HOME", "/nonexistent"),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.as_str()),
    ];
    let c = ChainProvider::default_chain_with(env(&vars))
        .provide_credentials()
        .await
        .expect("ok")
        .expect("some");
    assert_eq!(c.keys().access_key(), "ASIAIMDS");
    let (sts, _) = super::sts::sts_server(3600).await;
    let dir = tempfile::tempdir().expect("dir");
    let token = dir.path().join("token");
    std::fs::write(&token, "jwt-chain").expect("token");
    let token = token.to_string_lossy().into_owned();
    let mut vars = vars.to_vec();
    vars.extend([
        ("AWS_WEB_IDENTITY_TOKEN_FILE", token.as_str()),
        ("AWS_ROLE_ARN", "arn:aws:iam::1:role/web"),
        ("AWS_ENDPOINT_URL_STS", sts.as_str()),
    ]);
    let c = ChainProvider::default_chain_with(env(&vars))
        .provide_credentials()
        .await
        .expect("ok")
        .expect("some");
    assert_eq!(
        c.keys().access_key(),
        "ASIA1",
        "web identity wins over IMDS"
    );
}
