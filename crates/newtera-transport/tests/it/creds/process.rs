//! `credential_process`: JSON on standard output, `Version` 1, expiry honoured.

use std::time::Duration;

use newtera_transport::ErrorKind;
use newtera_transport::sigv4::credentials::{ProcessCredentials, ProvideCredentials};

use super::{assert_hidden, rfc3339_in};

fn echo(json: &str) -> ProcessCredentials {
    ProcessCredentials::new(format!("printf '%s' '{json}'"))
}

#[tokio::test]
async fn prints_credentials_with_expiry() {
    let json = format!(
        r#"{{"Version":1,"AccessKeyId":"AKPROC","SecretAccessKey":"proc-secret","SessionToken":"proc-token","Expiration":"{}"}}"#,
        rfc3339_in(900)
    );
    let p = echo(&json);
    let c = p.provide_credentials().await.expect("ok").expect("some");
    assert_eq!(c.keys().access_key(), "AKPROC");
    assert_eq!(c.keys().session_token(), Some("proc-token"));
    assert!(c.expiry().is_some());
    assert_hidden(&format!("{p:?} {c:?}"), &["proc-secret", "proc-token"]);
}

#[tokio::test]
async fn long_term_keys_without_expiry() {
    let c = echo(r#"{"Version":1,"AccessKeyId":"AK","SecretAccessKey":"SK"}"#)
        .provide_credentials()
        .await
        .expect("ok")
        .expect("some");
    assert!(c.expiry().is_none());
}

#[tokio::test]
async fn failures_never_quote_the_output() {
    let expired = format!(
        r#"{{"Version":1,"AccessKeyId":"AK","SecretAccessKey":"proc-secret","Expiration":"{}"}}"#,
        rfc3339_in(-10)
    );
    for p in [
        echo(r#"{"AccessKeyId":"AK","SecretAccessKey":"proc-secret"}"#),
        echo(r#"{"Version":2,"AccessKeyId":"AK","SecretAccessKey":"proc-secret"}"#),
        echo("proc-secret is not json"),
        echo(&expired),
        ProcessCredentials::new("echo proc-secret; exit 3"),
    ] {
        let err = p.provide_credentials().await.expect_err("must fail");
        assert_eq!(err.kind(), ErrorKind::Credentials);
        assert_hidden(&format!("{err} {err:?}"), &["proc-secret"]);
    }
    let slow = ProcessCredentials::new("sleep 5").timeout(Duration::from_millis(200));
    let err = slow.provide_credentials().await.expect_err("timeout");
    assert_eq!(err.kind(), ErrorKind::Timeout);
}
