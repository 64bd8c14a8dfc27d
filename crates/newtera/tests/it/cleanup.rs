//! A multipart upload dropped midway is aborted, and
//! `Newtera::wait_for_cleanup` waits for that abort.

use std::time::Duration;

use newtera_faults::{Action, FaultServer, Reply};

const INIT: &str = "<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>k</Key>\
    <UploadId>UP</UploadId></InitiateMultipartUploadResult>";

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
    let client = newtera::Newtera::builder(server.endpoint())
        .credentials("AKID", "SECRET")
        .region("us-east-1")
        .build()
        .unwrap();
    let upload = client
        .put_object("bkt", "k", vec![7u8; 12 << 20])
        .part_size(5 << 20);
    let timed_out = tokio::time::timeout(Duration::from_millis(500), upload).await;
    assert!(timed_out.is_err(), "the upload was still running");
    tokio::time::timeout(Duration::from_secs(10), client.wait_for_cleanup())
        .await
        .expect("clean-up finishes");
    let aborts = server
        .seen()
        .iter()
        .filter(|s| s.method == "DELETE" && s.target.contains("uploadId=UP"))
        .count();
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
    let client = newtera::Newtera::builder(server.endpoint())
        .credentials("AKID", "SECRET")
        .region("us-east-1")
        .build()
        .unwrap();
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
    let aborts = server
        .seen()
        .iter()
        .filter(|s| s.method == "DELETE" && s.target.contains("uploadId=UP"))
        .count();
    assert_eq!(
        aborts,
        1,
        "the created upload is aborted: {:?}",
        server.seen()
    );
}
