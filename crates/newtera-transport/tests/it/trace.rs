//! Tracing spans record method, host, path and status, never the query string.

use std::io::Write;
use std::sync::{Arc, Mutex};

use http::Request;
use newtera_transport::Body;
use newtera_transport::trace::TraceLayer;
use tower::Layer as _;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::support::{drive, reply};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn spans_carry_the_path_and_status_but_not_the_query() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // Other tests register subscribers on their threads: refresh callsite
    // interest cached while only theirs existed.
    tracing::callsite::rebuild_interest_cache();

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

    let text = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("utf8");
    assert!(text.contains("s3.request"), "{text}");
    assert!(text.contains("path=\"/bucket/key\""), "{text}");
    assert!(text.contains("host=\"s3.test\""), "{text}");
    assert!(text.contains("status=200"), "{text}");
    assert!(
        !text.contains("SECRETSIG") && !text.contains("SECRETTOKEN"),
        "{text}"
    );
}
