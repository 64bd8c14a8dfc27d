//! STS: AssumeRole signed with source credentials, web identity with a re-read token
//! file, MinIO's LDAP / client grants / custom token, error answers, a hung STS.

use std::collections::HashMap;
use std::time::Duration;

use newtera_transport::ErrorKind;
use newtera_transport::sigv4::credentials::{
    AssumeRoleProvider, CachedCredentials, Credentials, MinioStsProvider, ProvideCredentials,
    StaticCredentials, StsEndpoint, WebIdentityProvider,
};

use super::{Log, SHORT, assert_hidden, env, hung_server, record, reply, rfc3339_in};
use crate::support::serve;

/// Decodes an `application/x-www-form-urlencoded` body.
pub(crate) fn form(body: &str) -> HashMap<String, String> {
    let decode = |s: &str| {
        let s = s.replace('+', " ");
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
                out.push(u8::from_str_radix(hex, 16).expect("hex"));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("utf-8")
    };
    body.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

/// The access key an `Authorization` header was signed with, and its scope's service.
pub(crate) fn signed_by(seen: &super::Seen) -> Option<(String, String)> {
    let auth = seen.headers.get("authorization")?.to_str().ok()?;
    let credential = auth.split("Credential=").nth(1)?.split(',').next()?;
    let mut scope = credential.split('/');
    let access = scope.next()?.to_owned();
    let service = scope.nth(2)?.to_owned();
    Some((access, service))
}

/// The STS answer for `action`, with keys derived from `id`.
pub(crate) fn sts_answer(action: &str, id: &str, expires_in: i64) -> String {
    format!(
        r#"<{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><{action}Result>
<Credentials><AccessKeyId>ASIA{id}</AccessKeyId><SecretAccessKey>sts-secret-{id}</SecretAccessKey>
<SessionToken>sts-token-{id}</SessionToken><Expiration>{}</Expiration></Credentials>
</{action}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></{action}Response>"#,
        rfc3339_in(expires_in)
    )
}

/// A loopback STS: AssumeRole must be SigV4-signed for service `sts`; the key it
/// issues is `ASIA<n>` for the n-th call. Web identity and MinIO calls must be unsigned.
pub(crate) async fn sts_server(expires_in: i64) -> (String, Log) {
    let log = Log::default();
    let l = log.clone();
    let server = serve(move |req| {
        let log = l.clone();
        async move {
            let seen = record(&log, req).await;
            let n = log.lock().expect("log").len();
            let f = form(&seen.body);
            let action = f.get("Action").cloned().unwrap_or_default();
            let ok = seen.method == "POST"
                && seen.path == "/"
                && f.get("Version").map(String::as_str) == Some("2011-06-15")
                && seen.headers["content-type"].to_str().unwrap_or("").starts_with("application/x-www-form-urlencoded");
            let signed = signed_by(&seen);
            let allowed = match action.as_str() {
                "AssumeRole" => signed.as_ref().is_some_and(|(_, svc)| svc == "sts"),
                "AssumeRoleWithWebIdentity" => signed.is_none() && f.get("WebIdentityToken").is_some_and(|t| t.starts_with("jwt-")),
                "AssumeRoleWithLDAPIdentity" => signed.is_none() && f.get("LDAPPassword").map(String::as_str) == Some("ldap-pass"),
                "AssumeRoleWithClientGrants" | "AssumeRoleWithCustomToken" => signed.is_none() && f.contains_key("Token"),
                _ => false,
            };
            if ok && allowed {
                reply(200, sts_answer(&action, &n.to_string(), expires_in))
            } else {
                reply(403, r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>Not authorized</Message></Error><RequestId>r-2</RequestId></ErrorResponse>"#)
            }
        }
    })
    .await;
    (server.url("/"), log)
}

fn endpoint(url: &str) -> StsEndpoint {
    StsEndpoint::new(url, "us-east-1").expect("endpoint")
}

fn source() -> StaticCredentials {
    StaticCredentials::new(Credentials::new("AKSOURCE", "source-secret"))
}

#[tokio::test]
async fn assume_role_sends_every_parameter_signed_by_the_source() {
    let (url, log) = sts_server(3600).await;
    let role = AssumeRoleProvider::new("arn:aws:iam::123:role/reader", source(), endpoint(&url))
        .session_name("nightly")
        .external_id("ext-1")
        .duration(Duration::from_secs(900))
        .policy(r#"{"Version":"2012-10-17"}"#);
    let c = role.provide_credentials().await.expect("ok").expect("some");
    assert_eq!(c.keys().access_key(), "ASIA1");
    assert_eq!(c.keys().session_token(), Some("sts-token-1"));
    assert!(c.expiry().is_some());
    let seen = log.lock().expect("log")[0].clone();
    assert_eq!(
        signed_by(&seen),
        Some(("AKSOURCE".to_owned(), "sts".to_owned()))
    );
    let f = form(&seen.body);
    assert_eq!(f["RoleArn"], "arn:aws:iam::123:role/reader");
    assert_eq!(f["RoleSessionName"], "nightly");
    assert_eq!(f["ExternalId"], "ext-1");
    assert_eq!(f["DurationSeconds"], "900");
    assert_eq!(f["Policy"], r#"{"Version":"2012-10-17"}"#);
    assert_hidden(
        &format!("{role:?} {c:?}"),
        &["source-secret", "sts-secret", "sts-token"],
    );
}

#[tokio::test]
async fn refusals_anonymous_sources_and_hangs_are_errors() {
    let (url, _) = sts_server(3600).await;
    let anonymous =
        AssumeRoleProvider::new("arn:r", StaticCredentials::anonymous(), endpoint(&url));
    let err = anonymous
        .provide_credentials()
        .await
        .expect_err("no source");
    assert!(err.to_string().contains("source"), "{err}");
    let refused = WebIdentityProvider::new("arn:r", "/nonexistent/token", endpoint(&url));
    let err = refused
        .provide_credentials()
        .await
        .expect_err("no token file");
    assert_eq!(err.kind(), ErrorKind::Credentials);
    let ldap = MinioStsProvider::ldap(endpoint(&url), "alice", "wrong-pass");
    let err = ldap.provide_credentials().await.expect_err("denied");
    let chain = format!("{err} {:?}", std::error::Error::source(&err));
    assert!(chain.contains("AccessDenied"), "{chain}");
    assert_hidden(&format!("{chain} {err:?} {ldap:?}"), &["wrong-pass"]);
    let hung = hung_server().await;
    let slow = endpoint(&format!("http://{hung}/")).timeout(SHORT);
    let err = MinioStsProvider::client_grants(slow, "tok")
        .provide_credentials()
        .await
        .expect_err("hung");
    assert_eq!(err.kind(), ErrorKind::Timeout);
}

#[tokio::test]
async fn already_expired_answers_are_refused() {
    let (url, _) = sts_server(-5).await;
    let role = AssumeRoleProvider::new("arn:r", source(), endpoint(&url));
    let err = role.provide_credentials().await.expect_err("expired");
    assert!(err.to_string().contains("expired"), "{err}");
}

#[tokio::test]
async fn web_identity_rereads_its_token_file_on_refresh() {
    let (url, log) = sts_server(3600).await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("token");
    std::fs::write(&file, "jwt-one\n").expect("write");
    let path = file.to_string_lossy().into_owned();
    let provider = WebIdentityProvider::from_env_with(env(&[
        ("AWS_WEB_IDENTITY_TOKEN_FILE", &path),
        ("AWS_ROLE_ARN", "arn:aws:iam::123:role/web"),
        ("AWS_ROLE_SESSION_NAME", "pod-1"),
        ("AWS_ENDPOINT_URL_STS", &url),
    ]))
    .expect("ok")
    .expect("configured");
    provider
        .provide_credentials()
        .await
        .expect("first")
        .expect("some");
    std::fs::write(&file, "jwt-two").expect("rotate");
    provider
        .provide_credentials()
        .await
        .expect("second")
        .expect("some");
    let seen = log.lock().expect("log").clone();
    let tokens: Vec<_> = seen
        .iter()
        .map(|s| form(&s.body)["WebIdentityToken"].clone())
        .collect();
    assert_eq!(tokens, ["jwt-one", "jwt-two"]);
    assert_eq!(form(&seen[0].body)["RoleSessionName"], "pod-1");
    assert_hidden(&format!("{provider:?}"), &["jwt-"]);
    assert!(
        WebIdentityProvider::from_env_with(env(&[]))
            .expect("ok")
            .is_none()
    );
}

#[tokio::test]
async fn minio_sts_forms() {
    let (url, log) = sts_server(3600).await;
    let ldap = MinioStsProvider::ldap(endpoint(&url), "alice", "ldap-pass")
        .duration(Duration::from_secs(3600));
    assert_eq!(
        ldap.provide_credentials()
            .await
            .expect("ldap")
            .expect("some")
            .keys()
            .access_key(),
        "ASIA1"
    );
    let grants = MinioStsProvider::client_grants(endpoint(&url), "oauth-token");
    assert!(
        grants
            .provide_credentials()
            .await
            .expect("grants")
            .is_some()
    );
    let custom = MinioStsProvider::custom_token(
        endpoint(&url),
        "plugin-token",
        "arn:minio:iam:::role/plugin",
    );
    assert!(
        custom
            .provide_credentials()
            .await
            .expect("custom")
            .is_some()
    );
    let seen = log.lock().expect("log").clone();
    let f: Vec<_> = seen.iter().map(|s| form(&s.body)).collect();
    assert_eq!(
        (
            f[0]["LDAPUsername"].as_str(),
            f[0]["DurationSeconds"].as_str()
        ),
        ("alice", "3600")
    );
    assert_eq!(f[1]["Token"], "oauth-token");
    assert_eq!(
        (f[2]["Token"].as_str(), f[2]["RoleArn"].as_str()),
        ("plugin-token", "arn:minio:iam:::role/plugin")
    );
    assert_hidden(
        &format!("{ldap:?} {grants:?} {custom:?}"),
        &["ldap-pass", "oauth-token", "plugin-token"],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_share_one_refresh() {
    let (url, log) = sts_server(3600).await;
    let cached = CachedCredentials::new(AssumeRoleProvider::new("arn:r", source(), endpoint(&url)));
    let calls = (0..32).map(|_| {
        let cached = cached.clone();
        tokio::spawn(async move { cached.provide_credentials().await })
    });
    for call in calls {
        let c = call.await.expect("join").expect("ok").expect("some");
        assert_eq!(c.keys().access_key(), "ASIA1");
    }
    assert_eq!(
        log.lock().expect("log").len(),
        1,
        "one STS call for 32 requests"
    );
}

#[tokio::test]
async fn short_lived_answers_do_not_refresh_per_request() {
    // 100 s left, under the 5-minute window: reused for half its life.
    let (url, log) = sts_server(100).await;
    let cached = CachedCredentials::new(AssumeRoleProvider::new("arn:r", source(), endpoint(&url)));
    for _ in 0..5 {
        cached
            .provide_credentials()
            .await
            .expect("ok")
            .expect("some");
    }
    assert_eq!(log.lock().expect("log").len(), 1);
}

#[tokio::test]
async fn keys_at_hand_need_no_future() {
    let keys = Credentials::new("AKID", "secret");
    let fixed = StaticCredentials::new(keys.clone());
    assert_eq!(fixed.credentials_now(), Some(Some(keys.clone())));
    assert_eq!(StaticCredentials::anonymous().credentials_now(), Some(None));

    // A cache has keys at hand once filled, and not after they expire.
    let cached = CachedCredentials::new(fixed);
    assert_eq!(cached.credentials_now(), None, "nothing cached yet");
    let fetched = cached.provide_credentials().await.expect("ok");
    assert_eq!(cached.credentials_now(), Some(fetched));
    let expired = keys.with_expiry(std::time::SystemTime::UNIX_EPOCH);
    let stale = CachedCredentials::new(StaticCredentials::new(expired));
    stale.provide_credentials().await.expect("ok");
    assert_eq!(
        stale.credentials_now(),
        None,
        "expired keys are fetched again"
    );
}
