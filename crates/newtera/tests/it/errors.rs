//! Errors sorted by type, not by text: timeouts, credentials, sources kept,
//! typed codes, AccessDenied inside a 200, and bodiless answers that still
//! say what failed.

use std::error::Error as _;
use std::fmt;

use http::{Request, Response};
use newtera::proto::ErrorCode;
use newtera::transport::retry::RetryConfig;
use newtera::transport::sigv4::{CredentialsFuture, ProvideCredentials};
use newtera::transport::{Body, BoxError, BoxService, ErrorKind, ResponseBody};
use newtera::{Error, Newtera, NewteraBuilder};
use newtera_faults::{Action, FaultServer, Reply};

fn builder(endpoint: &str) -> NewteraBuilder {
    Newtera::builder(endpoint)
        .credentials("AKIDEXAMPLE", "secret")
        .region("us-east-1")
        .retry(RetryConfig::disabled())
}

/// An error of a user's layer whose text happens to say "timed out".
#[derive(Debug)]
struct Quota;

impl fmt::Display for Quota {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("quota check timed out upstream; request refused")
    }
}

impl std::error::Error for Quota {}

/// A user layer that fails every request with `make()`.
#[derive(Clone)]
struct Failing(fn() -> BoxError);

impl tower::Layer<BoxService> for Failing {
    type Service =
        tower::util::BoxCloneSyncService<Request<Body>, Response<ResponseBody>, BoxError>;

    fn layer(&self, _inner: BoxService) -> Self::Service {
        let make = self.0;
        tower::util::BoxCloneSyncService::new(tower::service_fn(move |_req: Request<Body>| {
            std::future::ready(Err::<Response<ResponseBody>, _>(make()))
        }))
    }
}

#[tokio::test]
async fn a_timeout_is_known_by_its_type_not_its_text() {
    let server = FaultServer::start(Vec::new()).await.expect("server");
    let worded = builder(server.endpoint())
        .layer(Failing(|| Box::new(Quota)))
        .build()
        .expect("client");
    let err = worded.list_buckets().await.expect_err("refused");
    assert!(!err.is_timeout(), "{err:?}");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");

    let elapsed = builder(server.endpoint())
        .layer(Failing(|| Box::new(tower::timeout::error::Elapsed::new())))
        .build()
        .expect("client");
    let err = elapsed.list_buckets().await.expect_err("timed out");
    assert!(err.is_timeout(), "{err:?}");
}

#[derive(Debug)]
struct BrokenProvider;

impl ProvideCredentials for BrokenProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let io = std::io::Error::other("metadata service unreachable");
        let e = newtera::transport::Error::with_source(ErrorKind::Io, io);
        Box::pin(std::future::ready(Err(e)))
    }
}

#[tokio::test]
async fn a_credentials_failure_during_a_request_is_a_credentials_error() {
    let server = FaultServer::start(Vec::new()).await.expect("server");
    let client = builder(server.endpoint())
        .credentials_provider(BrokenProvider)
        .build()
        .expect("client");
    let err = client.list_buckets().await.expect_err("no credentials");
    assert!(err.is_credentials(), "{err:?}");
    assert_eq!(server.requests(), 0, "nothing is sent unsigned");
    let mut chain = err.source();
    let mut texts = Vec::new();
    while let Some(e) = chain {
        texts.push(e.to_string());
        chain = e.source();
    }
    assert!(
        texts.iter().any(|t| t.contains("metadata service")),
        "the provider's error is kept: {texts:?}"
    );
}

#[tokio::test]
async fn a_malformed_answer_keeps_the_decoder_error_as_source() {
    let server = FaultServer::start(vec![Action::Reply(Reply::new(200, "<Nope/>"))])
        .await
        .expect("server");
    let err = builder(server.endpoint())
        .build()
        .expect("client")
        .list_buckets()
        .await
        .expect_err("malformed");
    assert!(matches!(err, Error::MalformedResponse(_)), "{err:?}");
    let source = err.source().expect("a source");
    assert!(
        source.downcast_ref::<newtera::proto::Error>().is_some(),
        "{source:?}"
    );
}

#[tokio::test]
async fn response_errors_carry_the_typed_code_and_region() {
    let doc = "<Error><Code>NoSuchVersion</Code><Message>gone</Message><Region>eu-west-3</Region></Error>";
    let server = FaultServer::start(vec![Action::Reply(Reply::new(404, doc))])
        .await
        .expect("server");
    let client = builder(server.endpoint()).build().expect("client");
    let err = client.stat_object("bkt", "k").await.expect_err("404");
    // A HEAD has no body: the code comes from the status.
    assert!(err.is_not_found(), "{err:?}");
    let server = FaultServer::start(vec![Action::Reply(Reply::new(404, doc))])
        .await
        .expect("server");
    let client = builder(server.endpoint()).build().expect("client");
    let err = client
        .get_object("bkt", "k")
        .await
        .expect_err("no such version");
    let r = err.as_response().expect("a response error");
    assert_eq!(r.code, ErrorCode::NoSuchVersion);
    assert_eq!(err.error_code(), Some(&ErrorCode::NoSuchVersion));
    assert_eq!(r.region.as_deref(), Some("eu-west-3"));
    assert!(r.has_document);
    assert!(err.is_not_found());
}

#[tokio::test]
async fn access_denied_inside_a_200_is_access_denied() {
    let doc = "<?xml version=\"1.0\"?>\n<Error xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Code>AccessDenied</Code><Message>no</Message></Error>";
    // copy_object asks the source's size first (HEAD), then copies (PUT).
    let server = FaultServer::with_handler(move |seen, _| match seen.method.as_str() {
        "HEAD" => Action::Reply(
            Reply::new(200, "")
                .content_length("5")
                .header("etag", "\"0123456789abcdef0123456789abcdef\""),
        ),
        _ => Action::Reply(Reply::new(200, doc)),
    })
    .await
    .expect("server");
    let err = builder(server.endpoint())
        .build()
        .expect("client")
        .copy_object("bkt", "to", newtera::CopySource::new("bkt", "from"))
        .await
        .expect_err("refused in a 200");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200), "{err:?}");
    assert!(err.is_access_denied(), "{err:?}");
}

#[tokio::test]
async fn a_bodiless_error_names_status_request_and_request_id() {
    let bare =
        |status| Action::Reply(Reply::new(status, "").header("x-amz-request-id", "REQ-1234"));
    let server = FaultServer::start(vec![bare(500), bare(403)])
        .await
        .expect("server");
    let client = builder(server.endpoint()).build().expect("client");
    let put = client
        .put_object("bkt", "some/key", "x")
        .await
        .expect_err("500");
    let text = put.to_string();
    for part in ["500", "PUT bkt/some/key", "REQ-1234", "no detail"] {
        assert!(text.contains(part), "{part:?} missing from {text:?}");
    }
    let head = client.stat_object("bkt", "k").await.expect_err("403");
    let text = head.to_string();
    for part in ["403", "HEAD bkt/k", "REQ-1234", "no detail"] {
        assert!(text.contains(part), "{part:?} missing from {text:?}");
    }
    assert!(head.is_access_denied());
}

/// Every error in `err`'s source chain.
fn chain(err: &Error) -> Vec<&(dyn std::error::Error + 'static)> {
    let mut all = Vec::new();
    let mut next = err.source();
    while let Some(e) = next {
        all.push(e);
        next = e.source();
    }
    all
}

#[tokio::test]
async fn invalid_arguments_keep_the_lower_layer_error() {
    let client = builder("http://127.0.0.1:9").build().expect("client");
    let err = client.stat_object("b", "k").await.expect_err("bad bucket");
    assert!(err.is_invalid_argument(), "{err:?}");
    assert!(
        chain(&err)
            .iter()
            .any(|e| e.is::<newtera::proto::validate::BucketNameError>()),
        "{err:?}"
    );
    assert!(err.to_string().contains("bucket name"), "{err}");

    let err = builder("http://127.0.0.1:9")
        .add_root_certificate_pem(
            "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n",
        )
        .build()
        .expect_err("a broken CA");
    assert!(err.is_invalid_argument(), "{err:?}");
    assert!(
        chain(&err)
            .iter()
            .any(|e| e.is::<newtera::transport::Error>()),
        "the transport's error is kept: {err:?}"
    );
}

/// A client for an AWS endpoint whose HTTP service only counts requests
/// and answers each with an empty 200.
fn aws_client(count: std::sync::Arc<std::sync::atomic::AtomicUsize>) -> Newtera {
    let service = tower::service_fn(move |_req: Request<Body>| {
        count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let response = Response::builder()
            .status(200)
            .header("content-length", "0")
            .header("etag", "\"0123456789abcdef0123456789abcdef\"")
            .header("last-modified", "Sun, 01 Nov 2026 00:00:00 GMT")
            .body(ResponseBody::empty())
            .map_err(BoxError::from);
        std::future::ready(response)
    });
    Newtera::builder("https://s3.us-east-1.amazonaws.com")
        .credentials("AKIDEXAMPLE", "secret")
        .region("us-east-1")
        .http_client(service)
        .build()
        .expect("client")
}

#[tokio::test]
async fn aws_rules_apply_to_new_buckets_only() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let count = Arc::new(AtomicUsize::new(0));
    let client = aws_client(count.clone());
    // A legacy bucket (capitals, `_`) still exists on AWS and is addressed
    // with the rules every request's encoder applies.
    let stat = client.stat_object("My_Legacy_Bucket", "k").await;
    assert!(stat.is_ok(), "{stat:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1);
    // Creating one follows AWS's current rules, before any request.
    let err = client
        .make_bucket("My_Legacy_Bucket")
        .await
        .expect_err("not a valid new bucket name on AWS");
    assert!(err.is_invalid_argument(), "{err:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

/// A server nobody listens on: the error names it and says what to check.
#[tokio::test]
async fn a_refused_connection_names_the_endpoint_and_says_what_to_check() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener); // nothing listens there now
    let client = builder(&format!("http://127.0.0.1:{port}"))
        .build()
        .expect("client");
    let err = client.bucket_exists("bucket").await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains(&format!("cannot reach http://127.0.0.1:{port}")),
        "{text}"
    );
    assert_eq!(
        err.hint(),
        Some("is the server running, on that host and port?")
    );
}

/// The docs' own `Newtera::new("localhost:9000", …)` means HTTPS; against a
/// plain-HTTP server the handshake fails, and the error says to use http://.
#[tokio::test]
async fn tls_meeting_plain_http_suggests_an_http_endpoint() {
    // A real HTTP server answers the ClientHello with an HTTP error; a
    // scripted one hangs up: both mean "not TLS here".
    let embedded = newtera_testkit::EmbeddedServer::start().expect("server");
    let scripted = FaultServer::start(vec![Action::Reply(Reply::new(200, ""))])
        .await
        .expect("server");
    for endpoint in [embedded.endpoint(), scripted.endpoint().to_owned()] {
        let authority = endpoint.trim_start_matches("http://").to_owned();
        let client = builder(&authority).build().expect("client");
        let err = client.bucket_exists("bucket").await.unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains(&format!("cannot reach https://{authority}")),
            "{text}"
        );
        let hint = err.hint().unwrap_or_else(|| panic!("no hint for {err:?}"));
        assert!(hint.contains("http://"), "{hint}");
    }
}

/// A wrong secret: the hint names keys, region and clock; an error that is
/// not misread has no hint.
#[tokio::test]
async fn signature_errors_say_what_to_check() {
    let doc = "<Error><Code>SignatureDoesNotMatch</Code><Message>no</Message></Error>";
    let missing = "<Error><Code>NoSuchKey</Code><Message>no</Message></Error>";
    let server = FaultServer::start(vec![
        Action::Reply(Reply::new(403, doc)),
        Action::Reply(Reply::new(404, missing)),
    ])
    .await
    .expect("server");
    let client = builder(server.endpoint()).build().expect("client");
    let err = client.remove_bucket("bucket").await.unwrap_err();
    let hint = err.hint().expect("a hint");
    assert!(
        hint.contains("secret key") && hint.contains("clock"),
        "{hint}"
    );
    let err = client.remove_bucket("bucket").await.unwrap_err();
    assert_eq!(err.hint(), None, "{err}");
}
