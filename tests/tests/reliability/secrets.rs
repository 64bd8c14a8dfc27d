//! No secret key, session token or signature appears in `Debug`,
//! `Display`, error text or `tracing` output: the logs are captured at
//! TRACE while the client does real operations, presigns, and fails with
//! bad credentials.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use futures_util::TryStreamExt;
use newtera::transport::sigv4::credentials::{
    AssumeRoleProvider, CachedCredentials, MinioStsProvider, StsEndpoint, WebIdentityProvider,
};
use newtera::transport::sigv4::{Credentials, StaticCredentials};
use newtera::{Newtera, PostPolicy};
use newtera_faults::{Action, FaultServer};

use crate::harness::{Case, Outcome};
use crate::report::Row;
use crate::support::{FAULT_SECRET, fast_retry, no_buckets, real_builder, real_client, target};

pub(crate) fn cases() -> Vec<Case> {
    vec![Case::sync("secrets::never_logged_or_printed", run)]
}

const SESSION_TOKEN: &str = "FQoGZXIvYXdzSESSIONTOKEN-must-not-leak-42";
const WRONG_SECRET: &str = "wrong-secret-key-must-not-leak-987654321";
const STS_SECRET: &str = "sts-issued-secret-must-not-leak-1234567";
const STS_TOKEN: &str = "sts-issued-session-token-must-not-leak-7654321";
const LDAP_PASSWORD: &str = "ldap-password-must-not-leak-24680";
const WEB_TOKEN: &str = "eyJ-web-identity-token-must-not-leak-13579";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs on a current-thread runtime so every task the client spawns logs
/// into this thread's subscriber.
fn run() -> Outcome {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (texts, secrets, ops) =
        tracing::subscriber::with_default(subscriber, || runtime.block_on(exercise()));
    let logs = String::from_utf8_lossy(&capture.0.lock().unwrap_or_else(PoisonError::into_inner))
        .into_owned();
    assert!(
        logs.contains("TRACE") || logs.contains("DEBUG"),
        "the capture must see the client's logs"
    );
    let mut checked = 0;
    for secret in &secrets {
        assert!(secret.len() >= 16, "a meaningful needle: {secret}");
        assert!(
            !logs.contains(secret.as_str()),
            "tracing output leaks {secret}"
        );
        for t in &texts {
            assert!(
                !t.contains(secret.as_str()),
                "a Debug/Display text leaks {secret}: {t}"
            );
        }
        checked += 1;
    }
    Outcome::Rows(vec![Row::new(
        "Secrets",
        format!(
            "{ops} operations (put, get, list, stat, remove, presign GET/PUT, POST policy, bad secret, session token, SSE-C put/get/stat) with TRACE logs captured; {} Debug/Display/error texts",
            texts.len()
        ),
        checked,
        "no secret key, session token, request signature or presigned signature in logs, Debug, Display or errors",
    )])
}

/// Does the operations; returns every text shown to users and the secrets
/// that must not be in them.
async fn exercise() -> (Vec<String>, Vec<String>, u64) {
    let t = target();
    let mut texts = Vec::new();
    let mut secrets = vec![
        t.secret_key.clone(),
        FAULT_SECRET.to_owned(),
        WRONG_SECRET.to_owned(),
        SESSION_TOKEN.to_owned(),
    ];
    let client = real_client();
    texts.push(format!("{client:?}"));
    texts.push(format!("{:?}", real_builder()));
    let bucket = target().unique_bucket("rel-secrets");
    client.make_bucket(&bucket).await.expect("make_bucket");
    client
        .put_object(&bucket, "k", "secret-free")
        .await
        .expect("put");
    let body = client
        .get_object(&bucket, "k")
        .await
        .expect("get")
        .bytes()
        .await
        .expect("body");
    assert_eq!(body.as_ref(), b"secret-free");
    let listed: Vec<_> = client
        .list_objects(&bucket)
        .into_stream()
        .try_collect()
        .await
        .expect("list");
    texts.push(format!("{listed:?}"));
    texts.push(format!(
        "{:?}",
        client.stat_object(&bucket, "k").await.expect("stat")
    ));
    let missing = client
        .stat_object(&bucket, "missing")
        .await
        .expect_err("404");
    texts.extend([format!("{missing}"), format!("{missing:?}")]);
    for url in [
        client
            .presigned_get_object(&bucket, "k")
            .await
            .expect("presign get"),
        client
            .presigned_put_object(&bucket, "k")
            .expires(Duration::from_secs(60))
            .await
            .expect("presign put"),
    ] {
        secrets.push(query_value(&url, "X-Amz-Signature"));
    }
    let policy = PostPolicy::new(&bucket, SystemTime::now() + Duration::from_secs(600)).key("k");
    let post = client
        .presigned_post_policy(policy)
        .await
        .expect("post policy");
    let post_sig = post
        .fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-signature"))
        .map(|(_, v)| v.clone());
    secrets.push(post_sig.expect("a POST signature"));
    client.remove_object(&bucket, "k").await.expect("remove");
    texts.extend(with_sse_c(&client, &bucket).await);
    secrets.extend(sse_c_secrets());

    let wrong = real_builder()
        .credentials(&t.access_key, WRONG_SECRET)
        .build()
        .expect("client");
    texts.push(format!("{wrong:?}"));
    let denied = wrong.list_buckets().await.expect_err("bad credentials");
    texts.extend([format!("{denied}"), format!("{denied:?}")]);

    let (token_texts, token_secrets) = with_session_token().await;
    texts.extend(token_texts);
    secrets.extend(token_secrets);
    texts.extend(with_sts_providers().await);
    secrets.extend([STS_SECRET, STS_TOKEN, LDAP_PASSWORD, WEB_TOKEN].map(str::to_owned));
    (texts, secrets, 19)
}

const SSE_C_KEY: [u8; 32] = *b"sse-c-key-must-not-leak-32bytes!";

/// The SSE-C key as bytes, base64 and hex: none may show.
fn sse_c_secrets() -> Vec<String> {
    use base64::Engine;
    vec![
        String::from_utf8_lossy(&SSE_C_KEY).into_owned(),
        base64::engine::general_purpose::STANDARD.encode(SSE_C_KEY),
        SSE_C_KEY.iter().map(|b| format!("{b:02x}")).collect(),
    ]
}

/// An SSE-C upload, read, stat and a failed stat, with TRACE logs on.
async fn with_sse_c(client: &Newtera, bucket: &str) -> Vec<String> {
    let sse = newtera::Sse::customer(SSE_C_KEY);
    let put = client
        .put_object(bucket, "enc", "sse-c body")
        .sse(sse.clone());
    let mut texts = vec![format!("{put:?}"), format!("{sse:?}")];
    put.await.expect("SSE-C put");
    let got = client
        .get_object_bytes(bucket, "enc")
        .sse(sse.clone())
        .await
        .expect("SSE-C get");
    assert_eq!(got.as_ref(), b"sse-c body");
    let stat = client.stat_object(bucket, "enc").sse(sse.clone()).await;
    texts.push(format!("{stat:?}"));
    let missing = client
        .stat_object(bucket, "missing")
        .sse(sse)
        .await
        .expect_err("404");
    texts.extend([format!("{missing}"), format!("{missing:?}")]);
    client.remove_object(bucket, "enc").await.expect("remove");
    texts
}

/// A session-token client against the fault server, which records the
/// request's signature so the test can look for it.
async fn with_session_token() -> (Vec<String>, Vec<String>) {
    let server = FaultServer::start(vec![Action::Reply(no_buckets())])
        .await
        .expect("server");
    let creds =
        Credentials::new("AKIDFAULTEXAMPLE", FAULT_SECRET).with_session_token(SESSION_TOKEN);
    let client = Newtera::builder(server.endpoint())
        .credentials_provider(StaticCredentials::new(creds))
        .region("us-east-1")
        .retry(fast_retry())
        .build()
        .expect("client");
    client.list_buckets().await.expect("list");
    let url = client
        .presigned_get_object("b-1", "k")
        .await
        .expect("presign");
    assert!(
        url.contains("X-Amz-Security-Token="),
        "the URL itself carries the token"
    );
    let seen = server.seen();
    assert_eq!(seen[0].header("x-amz-security-token"), Some(SESSION_TOKEN));
    let auth = seen[0].header("authorization").unwrap_or_default();
    let signature = auth
        .rsplit("Signature=")
        .next()
        .unwrap_or_default()
        .to_owned();
    let texts = vec![
        format!("{client:?}"),
        format!(
            "{:?}",
            StaticCredentials::new(Credentials::new("a", FAULT_SECRET))
        ),
    ];
    (texts, vec![signature, query_value(&url, "X-Amz-Signature")])
}

/// The STS answer a fault server sends: temporary keys that must stay hidden.
fn sts_reply() -> newtera_faults::Reply {
    newtera_faults::Reply::new(
        200,
        format!(
            "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>\
             <Credentials><AccessKeyId>ASIAFAULTEXAMPLE</AccessKeyId><SecretAccessKey>{STS_SECRET}</SecretAccessKey>\
             <SessionToken>{STS_TOKEN}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>\
             </AssumeRoleResult></AssumeRoleResponse>"
        ),
    )
}

fn sts_denied() -> Action {
    Action::Reply(newtera_faults::Reply::new(
        403,
        "<ErrorResponse><Error><Code>AccessDenied</Code><Message>denied</Message></Error></ErrorResponse>",
    ))
}

/// Clients whose keys come from STS (AssumeRole, then refusals of LDAP and
/// web identity): the issued secret and token, the LDAP password and the web
/// identity token must stay out of every text and log.
async fn with_sts_providers() -> Vec<String> {
    let server = FaultServer::start(vec![
        Action::Reply(sts_reply()),
        Action::Reply(no_buckets()),
        sts_denied(),
        sts_denied(),
    ])
    .await
    .expect("server");
    let sts = || StsEndpoint::new(server.endpoint(), "us-east-1").expect("sts");
    let source = StaticCredentials::new(Credentials::new("AKIDFAULTEXAMPLE", FAULT_SECRET));
    let role = CachedCredentials::new(AssumeRoleProvider::new(
        "arn:aws:iam::1:role/r",
        source,
        sts(),
    ));
    let client = Newtera::builder(server.endpoint())
        .credentials_provider(role)
        .region("us-east-1")
        .retry(fast_retry())
        .build()
        .expect("client");
    client
        .list_buckets()
        .await
        .expect("list with STS credentials");
    let seen = server.seen();
    assert_eq!(seen[1].header("x-amz-security-token"), Some(STS_TOKEN));
    let mut texts = vec![format!("{client:?}")];
    let ldap = MinioStsProvider::ldap(sts(), "alice", LDAP_PASSWORD);
    let dir = tempfile::tempdir().expect("dir");
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, WEB_TOKEN).expect("token file");
    let web = WebIdentityProvider::new("arn:aws:iam::1:role/w", &token_file, sts());
    texts.extend([format!("{ldap:?}"), format!("{web:?}")]);
    for provider in [
        Box::new(ldap) as Box<dyn newtera::transport::sigv4::ProvideCredentials>,
        Box::new(web),
    ] {
        let denied = Newtera::builder(server.endpoint())
            .credentials_provider(provider)
            .region("us-east-1")
            .retry(fast_retry())
            .build()
            .expect("client");
        let err = denied.list_buckets().await.expect_err("STS refused");
        texts.extend([format!("{err}"), format!("{err:?}"), format!("{denied:?}")]);
    }
    texts
}

fn query_value(url: &str, name: &str) -> String {
    url.split(['?', '&'])
        .find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
        .expect("the parameter")
        .to_owned()
}
