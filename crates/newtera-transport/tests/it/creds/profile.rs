//! Shared config files against a loopback STS: role chains, static keys, web identity.

use newtera_transport::ErrorKind;
use newtera_transport::sigv4::credentials::{ProfileCredentials, ProvideCredentials};

use super::assert_hidden;
use super::env;
use super::sts::{form, signed_by, sts_server};

struct Files {
    _dir: tempfile::TempDir,
    config: String,
    credentials: String,
    token: String,
}

fn files(config: &str, credentials: &str) -> Files {
    let dir = tempfile::tempdir().expect("dir");
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let token = path("token");
    std::fs::write(&token, "jwt-profile").expect("token");
    let config = config.replace("TOKEN_FILE", &token);
    std::fs::write(path("config"), config).expect("config");
    std::fs::write(path("credentials"), credentials).expect("credentials");
    Files {
        config: path("config"),
        credentials: path("credentials"),
        token,
        _dir: dir,
    }
}

fn provider(f: &Files, profile: &str, sts: &str) -> ProfileCredentials {
    ProfileCredentials::with_lookup(env(&[
        ("AWS_CONFIG_FILE", &f.config),
        ("AWS_SHARED_CREDENTIALS_FILE", &f.credentials),
        ("AWS_PROFILE", profile),
        ("AWS_ENDPOINT_URL_STS", sts),
        ("AWS_ACCESS_KEY_ID", "AKENV"),
        ("AWS_SECRET_ACCESS_KEY", "env-secret"),
    ]))
}

const CONFIG: &str = "[default]\nregion = eu-west-1\n\
    [profile base]\nregion = us-east-1\n\
    [profile admin]\nrole_arn = arn:aws:iam::1:role/admin\nsource_profile = base\nexternal_id = ext-admin\nrole_session_name = s-admin\n\
    [profile reader]\nrole_arn = arn:aws:iam::1:role/reader\nsource_profile = admin\nduration_seconds = 1200\n\
    [profile from-env]\nrole_arn = arn:aws:iam::1:role/env\ncredential_source = Environment\n\
    [profile web]\nrole_arn = arn:aws:iam::1:role/web\nweb_identity_token_file = TOKEN_FILE\n\
    [profile broken]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = missing\n";
const CREDENTIALS: &str =
    "[base]\naws_access_key_id = AKBASE\naws_secret_access_key = base-secret\n";

#[tokio::test]
async fn a_role_chain_signs_each_hop_with_the_previous_credentials() {
    let (url, log) = sts_server(3600).await;
    let f = files(CONFIG, CREDENTIALS);
    let c = provider(&f, "reader", &url)
        .provide_credentials()
        .await
        .expect("ok")
        .expect("some");
    assert_eq!(c.keys().access_key(), "ASIA2");
    let seen = log.lock().expect("log").clone();
    assert_eq!(seen.len(), 2);
    assert_eq!(signed_by(&seen[0]).expect("signed").0, "AKBASE");
    assert_eq!(signed_by(&seen[1]).expect("signed").0, "ASIA1");
    let (first, second) = (form(&seen[0].body), form(&seen[1].body));
    assert_eq!(first["RoleArn"], "arn:aws:iam::1:role/admin");
    assert_eq!(first["ExternalId"], "ext-admin");
    assert_eq!(first["RoleSessionName"], "s-admin");
    assert_eq!(second["RoleArn"], "arn:aws:iam::1:role/reader");
    assert_eq!(second["DurationSeconds"], "1200");
}

#[tokio::test]
async fn credential_source_environment_and_web_identity_token_file() {
    let (url, log) = sts_server(3600).await;
    let f = files(CONFIG, CREDENTIALS);
    provider(&f, "from-env", &url)
        .provide_credentials()
        .await
        .expect("env")
        .expect("some");
    provider(&f, "web", &url)
        .provide_credentials()
        .await
        .expect("web")
        .expect("some");
    let seen = log.lock().expect("log").clone();
    assert_eq!(signed_by(&seen[0]).expect("signed").0, "AKENV");
    assert_eq!(form(&seen[1].body)["WebIdentityToken"], "jwt-profile");
    assert!(signed_by(&seen[1]).is_none());
    assert!(!f.token.is_empty());
}

#[tokio::test]
async fn static_keys_region_missing_and_broken_profiles() {
    let f = files(CONFIG, CREDENTIALS);
    let base = provider(&f, "base", "http://127.0.0.1:1");
    let c = base.provide_credentials().await.expect("ok").expect("some");
    assert_eq!(c.keys().access_key(), "AKBASE");
    assert_eq!(base.region().expect("region").as_deref(), Some("us-east-1"));
    assert_eq!(
        provider(&f, "default", "")
            .region()
            .expect("region")
            .as_deref(),
        Some("eu-west-1")
    );
    assert!(
        provider(&f, "nope", "")
            .provide_credentials()
            .await
            .expect("ok")
            .is_none()
    );
    let err = provider(&f, "broken", "")
        .provide_credentials()
        .await
        .expect_err("broken");
    assert_eq!(err.kind(), ErrorKind::Credentials);
    assert!(err.to_string().contains("missing"), "{err}");
    assert_hidden(
        &format!("{base:?} {c:?} {err:?}"),
        &["base-secret", "env-secret"],
    );
    let absent = ProfileCredentials::with_lookup(env(&[("HOME", "/nonexistent")]));
    assert!(absent.provide_credentials().await.expect("ok").is_none());
}
