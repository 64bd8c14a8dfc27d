//! Tracing spans record method, host, path and status, never the query string.

use http::Request;
use newtera_transport::Body;
use newtera_transport::trace::TraceLayer;
use tower::Layer as _;

use crate::logs::capture;
use crate::support::{drive, reply};

#[tokio::test(flavor = "current_thread")]
async fn spans_carry_the_path_and_status_but_not_the_query() {
    let (captured, _guard) = capture();

    let (mock, mut handle) = tower_test::mock::pair();
    let url =
        "https://s3.test/bucket/key?X-Amz-Signature=SECRETSIG&X-Amz-Security-Token=SECRETTOKEN";
    let req = Request::get(url).body(Body::empty()).expect("req");
    let (outcome, _) = drive(
        TraceLayer::new().layer(mock),
        &mut handle,
        req,
        vec![reply(200, "")],
    )
    .await;
    assert_eq!(outcome.expect("response").status(), 200);

    let text = captured.text();
    assert!(text.contains("s3.request"), "{text}");
    assert!(text.contains("path=\"/bucket/key\""), "{text}");
    assert!(text.contains("host=\"s3.test\""), "{text}");
    assert!(text.contains("status=200"), "{text}");
    assert!(
        !text.contains("SECRETSIG") && !text.contains("SECRETTOKEN"),
        "{text}"
    );
}
