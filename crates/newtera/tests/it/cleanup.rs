//! A multipart upload dropped midway is aborted, and
//! `Newtera::wait_for_cleanup` waits for that abort.

use std::time::Duration;

use newtera_faults::{Action, FaultServer, Reply};

const INIT: &str = "<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>k</Key>\
    <UploadId>UP</UploadId></InitiateMultipartUploadResult>";

/// A client of `server`.
fn client_of(server: &FaultServer) -> newtera::Newtera {
    newtera::Newtera::builder(server.endpoint())
        .credentials("AKID", "SECRET")
        .region("us-east-1")
        .build()
        .unwrap()
}

/// The AbortMultipartUpload requests `server` saw for upload `UP`.
fn aborts_of(server: &FaultServer) -> usize {
    server
        .seen()
        .iter()
        .filter(|s| s.method == "DELETE" && s.target.contains("uploadId=UP"))
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dropped_upload_is_aborted_before_wait_for_cleanup_returns() {
    let server = FaultServer::with_handler(|seen, _| {
        if seen.method == "POST" && seen.target.contains("uploads") {
            Action::Reply(Reply::new(200, INIT))
        } else if seen.method == "DELETE" {
            // The abort takes a while: a runtime shut down without waiting
            // would never see it answered.
            std::thread::sleep(Duration::from_millis(300));
            Action::Reply(Reply::new(204, ""))
        } else {
            // Parts never finish.
            Action::Stall(Duration::from_secs(30))
        }
    })
    .await
    .unwrap();
    let client = client_of(&server);
    let upload = client
        .put_object("bkt", "k", vec![7u8; 12 << 20])
        .part_size(5 << 20);
    let timed_out = tokio::time::timeout(Duration::from_millis(500), upload).await;
    assert!(timed_out.is_err(), "the upload was still running");
    tokio::time::timeout(Duration::from_secs(10), client.wait_for_cleanup())
        .await
        .expect("clean-up finishes");
    let aborts = aborts_of(&server);
    assert_eq!(aborts, 1, "{:?}", server.seen());
    // Nothing left to wait for: returns at once, and the client still works.
    tokio::time::timeout(Duration::from_millis(100), client.wait_for_cleanup())
        .await
        .expect("idle clean-up returns at once");
}

/// Cancelled at the moment CreateMultipartUpload's answer arrives (the
/// answer is in hand, the upload not yet set up): the upload the server
/// created is still aborted. A current-thread runtime makes the moment
/// exact: the task that sent the request runs while the upload future
/// waits, unpolled, and is then dropped.
#[tokio::test(flavor = "current_thread")]
async fn an_upload_cancelled_as_its_creation_is_answered_is_aborted() {
    use std::future::Future;
    use std::task::Poll;
    let server = FaultServer::with_handler(|seen, _| {
        if seen.method == "POST" && seen.target.contains("uploads") {
            Action::Reply(Reply::new(200, INIT))
        } else if seen.method == "DELETE" {
            Action::Reply(Reply::new(204, ""))
        } else {
            Action::Stall(Duration::from_secs(30))
        }
    })
    .await
    .unwrap();
    let client = client_of(&server);
    let upload = client
        .put_object("bkt", "k", vec![7u8; 12 << 20])
        .part_size(5 << 20);
    let mut upload = Box::pin(upload.into_future());
    // Polled once: the creation request is on its way.
    std::future::poll_fn(|cx| {
        assert!(upload.as_mut().poll(cx).is_pending());
        Poll::Ready(())
    })
    .await;
    // The creation is answered while the upload is not polled.
    let asked = std::time::Instant::now();
    while !server.seen().iter().any(|s| s.method == "POST") {
        assert!(asked.elapsed() < Duration::from_secs(10), "never asked");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    drop(upload);
    tokio::time::timeout(Duration::from_secs(10), client.wait_for_cleanup())
        .await
        .expect("clean-up finishes");
    let aborts = aborts_of(&server);
    assert_eq!(
        aborts,
        1,
        "the created upload is aborted: {:?}",
        server.seen()
    );
}

/// A server whose uploads fail and whose first abort never answers: a
/// `put_object` (resumable when `resumable`) that fails is aborting its
/// upload when it is cancelled. The abort it was waiting for may never
/// have reached the server, so the upload is aborted once more, and
/// `wait_for_cleanup` waits for that: two aborts in all.
async fn cancelled_while_aborting(resumable: bool) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let deletes = Arc::new(AtomicUsize::new(0));
    let counter = deletes.clone();
    let server = FaultServer::with_handler(move |seen, _| {
        let uploads = seen
            .query()
            .split('&')
            .any(|q| q == "uploads" || q.starts_with("uploads="));
        match seen.method.as_str() {
            // No kept upload to resume.
            "GET" if uploads => Action::Reply(Reply::new(
                200,
                "<ListMultipartUploadsResult><Bucket>bkt</Bucket>\
                 <IsTruncated>false</IsTruncated></ListMultipartUploadsResult>",
            )),
            "POST" if uploads => Action::Reply(Reply::new(200, INIT)),
            "PUT" => Action::Reply(Reply::new(200, "").header("etag", "\"0123456789abcdef\"")),
            // The completion is refused for good: nothing worth keeping.
            "POST" => Action::Reply(Reply::s3_error(400, "EntityTooSmall")),
            "DELETE" if counter.fetch_add(1, Ordering::SeqCst) == 0 => {
                Action::Stall(Duration::from_secs(30))
            }
            "DELETE" => Action::Reply(Reply::new(204, "")),
            _ => Action::Reply(Reply::s3_error(400, "Unexpected")),
        }
    })
    .await
    .unwrap();
    let client = client_of(&server);
    let upload = client
        .put_object("bkt", "k", vec![7u8; 12 << 20])
        .part_size(5 << 20)
        .resumable(resumable);
    let running = tokio::spawn(upload.into_future());
    let asked = std::time::Instant::now();
    while deletes.load(Ordering::SeqCst) == 0 {
        assert!(asked.elapsed() < Duration::from_secs(10), "never aborted");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The caller gives up while the abort is on its way.
    running.abort();
    assert!(running.await.is_err(), "cancelled, not finished");
    tokio::time::timeout(Duration::from_secs(10), client.wait_for_cleanup())
        .await
        .expect("clean-up finishes");
    let lines: Vec<String> = server
        .seen()
        .iter()
        .map(|s| format!("{} {}", s.method, s.target))
        .collect();
    let aborts = lines
        .iter()
        .filter(|l| l.starts_with("DELETE") && l.contains("uploadId=UP"))
        .count();
    assert_eq!(
        aborts, 2,
        "the abort cut short is sent again (resumable: {resumable}): {lines:#?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_cancelled_while_its_failure_is_aborted_is_still_aborted() {
    cancelled_while_aborting(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_resumable_upload_cancelled_while_its_failure_is_aborted_is_still_aborted() {
    cancelled_while_aborting(true).await;
}
