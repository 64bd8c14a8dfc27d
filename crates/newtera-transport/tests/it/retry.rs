//! The retry layer's decisions, against a tower-test mock.

use std::time::Duration;

use bytes::Bytes;
use http::Request;
use newtera_transport::retry::{BudgetConfig, RetryConfig, RetryLayer};
use newtera_transport::timeout::TimeoutLayer;
use newtera_transport::{Body, Error, ErrorIn200, ErrorKind};
use tower::Layer as _;

use crate::support::{MockHandle, Step, drive, reply};

/// A stand-in for the client's S3 classifier: these codes are transient.
#[derive(Debug)]
struct Codes(&'static [&'static str]);

impl newtera_transport::retry::ClassifyBody for Codes {
    fn is_transient(&self, _status: http::StatusCode, body: &[u8]) -> bool {
        let text = String::from_utf8_lossy(body);
        self.0
            .iter()
            .any(|code| text.contains(&format!("<Code>{code}</Code>")))
    }
}

const TRANSIENT: Codes = Codes(&["InternalError", "RequestTimeout", "SlowDown"]);

fn retry(
    config: RetryConfig,
) -> (
    impl tower::Service<
        Request<Body>,
        Response = http::Response<newtera_transport::ResponseBody>,
        Error = newtera_transport::BoxError,
        Future: Send,
    > + Send
    + 'static,
    MockHandle,
) {
    let (mock, handle) = tower_test::mock::pair();
    let config = config.no_budget().classifier(TRANSIENT);
    (RetryLayer::new(config).layer(mock), handle)
}

fn put(body: Body) -> Request<Body> {
    Request::put("http://s3.test/b/k")
        .header("x-test", "1")
        .body(body)
        .expect("request")
}

#[tokio::test(start_paused = true)]
async fn retries_server_errors_until_success() {
    let (svc, mut handle) = retry(RetryConfig::default());
    let script = vec![reply(500, ""), reply(502, ""), reply(200, "done")];
    let (outcome, seen) = drive(svc, &mut handle, put(Body::from("data")), script).await;
    let response = outcome.expect("response");
    assert_eq!(response.status(), 200);
    assert_eq!(response.into_body().collect().await.expect("body"), "done");
    assert_eq!(seen.len(), 3);
    // Every attempt carries the same headers and the same replayed body.
    for req in seen {
        assert_eq!(req.headers()["x-test"], "1");
        assert_eq!(req.body().as_bytes().map(|b| &b[..]), Some(&b"data"[..]));
    }
}

#[tokio::test(start_paused = true)]
async fn stops_after_max_attempts_with_the_last_answer() {
    let (svc, mut handle) = retry(RetryConfig::default().max_attempts(3));
    let script = vec![reply(503, ""), reply(503, ""), reply(504, "last")];
    let (outcome, seen) = drive(svc, &mut handle, put(Body::empty()), script).await;
    let response = outcome.expect("response");
    assert_eq!(response.status(), 504);
    assert_eq!(response.into_body().collect().await.expect("body"), "last");
    assert_eq!(seen.len(), 3);
}

#[tokio::test(start_paused = true)]
async fn client_errors_are_not_retried() {
    for status in [403, 404, 409] {
        let (svc, mut handle) = retry(RetryConfig::default());
        let (outcome, seen) = drive(
            svc,
            &mut handle,
            put(Body::empty()),
            vec![reply(status, "")],
        )
        .await;
        assert_eq!(outcome.expect("response").status(), status);
        assert_eq!(seen.len(), 1);
    }
}

#[tokio::test(start_paused = true)]
async fn stream_bodies_are_never_retried() {
    let (svc, mut handle) = retry(RetryConfig::default());
    let stream =
        futures_util::stream::iter(vec![Ok::<_, std::io::Error>(Bytes::from_static(b"x"))]);
    let req = put(Body::from_stream(stream, Some(1)));
    let (outcome, seen) = drive(svc, &mut handle, req, vec![reply(503, "")]).await;
    assert_eq!(outcome.expect("response").status(), 503);
    assert_eq!(seen.len(), 1);
}

#[tokio::test(start_paused = true)]
async fn connection_failures_are_retried_but_tls_failures_are_not() {
    let (svc, mut handle) = retry(RetryConfig::default());
    let reset = Error::with_source(
        ErrorKind::Request,
        std::io::Error::from(std::io::ErrorKind::ConnectionReset),
    );
    let script = vec![Step::Fail(reset.into()), reply(200, "")];
    let (outcome, seen) = drive(svc, &mut handle, put(Body::empty()), script).await;
    assert_eq!(outcome.expect("response").status(), 200);
    assert_eq!(seen.len(), 2);

    let (svc, mut handle) = retry(RetryConfig::default());
    let tls = Error::new(ErrorKind::Tls);
    let (outcome, seen) = drive(
        svc,
        &mut handle,
        put(Body::empty()),
        vec![Step::Fail(tls.into())],
    )
    .await;
    let err = outcome.expect_err("tls error");
    assert_eq!(
        err.downcast_ref::<Error>().map(Error::kind),
        Some(ErrorKind::Tls)
    );
    assert_eq!(seen.len(), 1);
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_honoured_and_capped() {
    let throttled = |after: &'static str| {
        Step::Reply(
            http::Response::builder()
                .status(503)
                .header("retry-after", after)
                .body("<Error><Code>SlowDown</Code></Error>".into())
                .expect("response"),
        )
    };
    let (svc, mut handle) = retry(RetryConfig::default().max_delay(Duration::from_secs(10)));
    let start = tokio::time::Instant::now();
    let script = vec![throttled("3"), reply(200, "")];
    let (outcome, _) = drive(svc, &mut handle, put(Body::empty()), script).await;
    assert_eq!(outcome.expect("response").status(), 200);
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_secs(3) && waited < Duration::from_secs(4),
        "{waited:?}"
    );

    let (svc, mut handle) = retry(RetryConfig::default().max_delay(Duration::from_secs(1)));
    let start = tokio::time::Instant::now();
    let script = vec![throttled("3600"), reply(200, "")];
    let (outcome, _) = drive(svc, &mut handle, put(Body::empty()), script).await;
    assert_eq!(outcome.expect("response").status(), 200);
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_secs(1) && waited < Duration::from_secs(2),
        "{waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn an_exhausted_budget_stops_retries() {
    // One retry in reserve and none earned from successes.
    let budget = BudgetConfig {
        ttl: Duration::from_secs(1),
        min_per_sec: 1,
        retry_percent: 0.0,
    };
    let layer = RetryLayer::new(RetryConfig::default().max_attempts(5).budget(budget));
    let (mock, mut handle) = tower_test::mock::pair();
    let svc = tower::Layer::layer(&layer, mock);
    let script = vec![reply(503, ""), reply(503, "")];
    let (outcome, seen) = drive(svc, &mut handle, put(Body::empty()), script).await;
    assert_eq!(outcome.expect("response").status(), 503);
    assert_eq!(seen.len(), 2, "one retry, then the budget is empty");
}

#[tokio::test(start_paused = true)]
async fn transient_error_documents_in_200_are_retried_when_flagged() {
    let (svc, mut handle) = retry(RetryConfig::default());
    let mut req = put(Body::from("<CompleteMultipartUpload/>"));
    req.extensions_mut().insert(ErrorIn200);
    let error_doc = "<?xml version=\"1.0\"?>\n<Error><Code>InternalError</Code></Error>";
    let ok_doc =
        "<CompleteMultipartUploadResult><ETag>\"x\"</ETag></CompleteMultipartUploadResult>";
    let script = vec![reply(200, error_doc), reply(200, ok_doc)];
    let (outcome, seen) = drive(svc, &mut handle, req, script).await;
    assert_eq!(seen.len(), 2);
    assert_eq!(
        outcome
            .expect("ok")
            .into_body()
            .collect()
            .await
            .expect("body"),
        ok_doc
    );
}

#[tokio::test(start_paused = true)]
async fn permanent_error_documents_in_200_come_back_whole() {
    let (svc, mut handle) = retry(RetryConfig::default());
    let mut req = put(Body::empty());
    req.extensions_mut().insert(ErrorIn200);
    let doc = "<Error><Code>AccessDenied</Code><Message>no</Message></Error>";
    let (outcome, seen) = drive(svc, &mut handle, req, vec![reply(200, doc)]).await;
    assert_eq!(seen.len(), 1);
    let response = outcome.expect("response");
    assert_eq!(response.status(), 200);
    assert_eq!(response.into_body().collect().await.expect("body"), doc);
}

#[tokio::test(start_paused = true)]
async fn unflagged_200_bodies_are_not_inspected() {
    let (svc, mut handle) = retry(RetryConfig::default());
    let doc = "<Error><Code>InternalError</Code></Error>";
    let (outcome, seen) = drive(svc, &mut handle, put(Body::empty()), vec![reply(200, doc)]).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(
        outcome
            .expect("response")
            .into_body()
            .collect()
            .await
            .expect("body"),
        doc
    );
}

#[tokio::test(start_paused = true)]
async fn request_timeout_code_in_400_is_retried() {
    let (svc, mut handle) = retry(RetryConfig::default());
    let script = vec![
        reply(400, "<Error><Code>RequestTimeout</Code></Error>"),
        reply(200, ""),
    ];
    let (outcome, seen) = drive(svc, &mut handle, put(Body::from("x")), script).await;
    assert_eq!(outcome.expect("response").status(), 200);
    assert_eq!(seen.len(), 2);

    let (svc, mut handle) = retry(RetryConfig::default());
    let bad = "<Error><Code>InvalidArgument</Code></Error>";
    let (outcome, seen) = drive(
        svc,
        &mut handle,
        put(Body::from("x")),
        vec![reply(400, bad)],
    )
    .await;
    assert_eq!(
        outcome
            .expect("response")
            .into_body()
            .collect()
            .await
            .expect("body"),
        bad
    );
    assert_eq!(seen.len(), 1);
}

#[tokio::test(start_paused = true)]
async fn timed_out_attempts_are_retried() {
    let (mock, mut handle) = tower_test::mock::pair();
    let svc = tower::ServiceBuilder::new()
        .layer(RetryLayer::new(RetryConfig::default().no_budget()))
        .layer(TimeoutLayer::attempt(Duration::from_secs(5)))
        .service(mock);
    let (outcome, seen) = drive(
        svc,
        &mut handle,
        put(Body::empty()),
        vec![Step::Stall, reply(200, "")],
    )
    .await;
    assert_eq!(outcome.expect("response").status(), 200);
    assert_eq!(seen.len(), 2);
}

fn post(extension: Option<newtera_transport::Idempotent>) -> Request<Body> {
    let mut req = Request::post("http://s3.test/b/k?uploads")
        .body(Body::empty())
        .expect("request");
    if let Some(marker) = extension {
        req.extensions_mut().insert(marker);
    }
    req
}

fn reset() -> newtera_transport::BoxError {
    Error::with_source(
        ErrorKind::Request,
        std::io::Error::from(std::io::ErrorKind::ConnectionReset),
    )
    .into()
}

#[tokio::test(start_paused = true)]
async fn a_post_that_may_have_arrived_is_not_sent_again() {
    // CreateMultipartUpload reset after it was written: a second one would
    // leave the first upload orphaned on the server.
    let (svc, mut handle) = retry(RetryConfig::default());
    let script = vec![Step::Fail(reset()), reply(200, "")];
    let (outcome, seen) = drive(svc, &mut handle, post(None), script).await;
    let err = outcome.expect_err("the reset comes back");
    assert_eq!(
        err.downcast_ref::<Error>().map(Error::kind),
        Some(ErrorKind::Request)
    );
    assert_eq!(seen.len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_post_that_timed_out_is_not_sent_again() {
    let (mock, mut handle) = tower_test::mock::pair();
    let svc = tower::ServiceBuilder::new()
        .layer(RetryLayer::new(RetryConfig::default().no_budget()))
        .layer(TimeoutLayer::attempt(Duration::from_secs(1)))
        .service(mock);
    let script = vec![Step::Stall, reply(200, "")];
    let (outcome, seen) = drive(svc, &mut handle, post(None), script).await;
    assert!(outcome.is_err(), "the attempt timeout comes back");
    assert_eq!(seen.len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_post_that_never_left_is_retried() {
    let (svc, mut handle) = retry(RetryConfig::default());
    let refused = Error::with_source(
        ErrorKind::Connect,
        std::io::Error::from(std::io::ErrorKind::ConnectionRefused),
    );
    let script = vec![Step::Fail(refused.into()), reply(200, "ok")];
    let (outcome, seen) = drive(svc, &mut handle, post(None), script).await;
    assert_eq!(outcome.expect("second attempt").status(), 200);
    assert_eq!(seen.len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_post_marked_idempotent_is_retried_after_a_reset() {
    let (svc, mut handle) = retry(RetryConfig::default());
    let script = vec![Step::Fail(reset()), reply(200, "ok")];
    let marked = post(Some(newtera_transport::Idempotent));
    let (outcome, seen) = drive(svc, &mut handle, marked, script).await;
    assert_eq!(outcome.expect("second attempt").status(), 200);
    assert_eq!(seen.len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_post_answered_with_a_server_error_is_retried() {
    // The server said it failed, so it did not act on the request.
    let (svc, mut handle) = retry(RetryConfig::default());
    let script = vec![reply(503, ""), reply(200, "ok")];
    let (outcome, seen) = drive(svc, &mut handle, post(None), script).await;
    assert_eq!(outcome.expect("second attempt").status(), 200);
    assert_eq!(seen.len(), 2);
}

#[tokio::test(start_paused = true)]
async fn without_a_classifier_bodies_are_not_read() {
    // The transport knows no S3 codes: that knowledge is plugged in.
    let (mock, mut handle) = tower_test::mock::pair();
    let svc = RetryLayer::new(RetryConfig::default().no_budget()).layer(mock);
    let doc = "<Error><Code>SlowDown</Code></Error>";
    let (outcome, seen) = drive(
        svc,
        &mut handle,
        put(Body::from("x")),
        vec![reply(400, doc)],
    )
    .await;
    assert_eq!(outcome.expect("response").status(), 400);
    assert_eq!(seen.len(), 1);
}
