//! Resumable uploads and progress: an upload cut off half way is resumed
//! sending only what is missing (counted on the wire, under the signer and
//! the retries), a local change between attempts is caught, and progress
//! totals are exact with parallel parts and an injected retry.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use http::{Method, Request, Response};
use newtera::transport::{Body, HttpService, ResponseBody};
use newtera::{Error, Newtera, Progress};
use newtera_testkit::ServerKind;

use crate::support::{assert_no_uploads, bucket, data, kind, target};

const MIB: usize = 1 << 20;

/// What the wire saw, and the faults to inject there. Requests are counted
/// when they reach the server: every attempt, retries included.
#[derive(Default, Debug)]
struct Wire {
    /// UploadPart requests that reached the server.
    parts_sent: AtomicUsize,
    /// UploadPart requests the server answered with success.
    parts_stored: AtomicUsize,
    /// After this many stored parts, UploadPart fails without reaching
    /// the server (the network is gone).
    cut_after: Mutex<Option<usize>>,
    /// Lose the answer of the next UploadPart and of the next GET once
    /// each, after the server handled them: the retry sends them again.
    lose_part_answer: AtomicBool,
    lose_get_answer: AtomicBool,
}

fn is_part(request: &Request<Body>) -> bool {
    request.method() == Method::PUT
        && request
            .uri()
            .query()
            .is_some_and(|q| q.contains("partNumber=") && q.contains("uploadId="))
}

fn lost() -> newtera::BoxError {
    Box::new(std::io::Error::new(
        std::io::ErrorKind::ConnectionReset,
        "injected: the connection broke",
    ))
}

/// A client whose HTTP layer goes through `wire`.
fn client_on(wire: &Arc<Wire>) -> Newtera {
    let http = HttpService::new().expect("http");
    let wire = wire.clone();
    let service = tower::service_fn(move |request: Request<Body>| {
        let (wire, mut http) = (wire.clone(), http.clone());
        async move {
            use tower::Service;
            let part = is_part(&request);
            let get = request.method() == Method::GET;
            if part {
                let cut = *wire.cut_after.lock().expect("lock");
                if cut.is_some_and(|n| wire.parts_stored.load(Ordering::SeqCst) >= n) {
                    return Err(lost());
                }
                wire.parts_sent.fetch_add(1, Ordering::SeqCst);
            }
            let response: Response<ResponseBody> = http.call(request).await.map_err(Box::new)?;
            if part && response.status().is_success() {
                wire.parts_stored.fetch_add(1, Ordering::SeqCst);
                if wire.lose_part_answer.swap(false, Ordering::SeqCst) {
                    return Err(lost());
                }
            }
            if get
                && response.status().is_success()
                && wire.lose_get_answer.swap(false, Ordering::SeqCst)
            {
                return Err(lost());
            }
            Ok::<_, newtera::BoxError>(response)
        }
    });
    let t = target();
    Newtera::builder(&t.endpoint)
        .credentials(&t.access_key, &t.secret_key)
        .region(&t.region)
        .http_client(service)
        .retry(
            newtera::transport::retry::RetryConfig::default()
                .base_delay(std::time::Duration::from_millis(5))
                .max_delay(std::time::Duration::from_millis(20)),
        )
        .build()
        .expect("client")
}

/// Every report of a transfer, to check they grow and end at the total.
#[derive(Clone, Default)]
struct Reports(Arc<Mutex<Vec<Progress>>>);

impl Reports {
    fn hook(&self) -> impl Fn(Progress) + Send + Sync + 'static {
        let log = self.0.clone();
        move |p| log.lock().expect("log").push(p)
    }

    /// Asserts the reports never go back, never pass the total, and end
    /// with `done == total == size`.
    fn assert_ends_at(&self, size: u64, what: &str) {
        let reports = self.0.lock().expect("log");
        let last = reports
            .last()
            .unwrap_or_else(|| panic!("{what}: no report"));
        assert_eq!((last.done, last.total), (size, Some(size)), "{what}");
        for pair in reports.windows(2) {
            assert!(pair[0].done <= pair[1].done, "{what}: went back {pair:?}");
        }
        assert!(
            reports.iter().all(|p| p.total.is_none_or(|t| p.done <= t)),
            "{what}: passed the total"
        );
        drop(reports);
        self.0.lock().expect("log").clear();
    }
}

fn temp_file(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("source.bin");
    std::fs::write(&path, bytes).expect("write");
    (dir, path)
}

/// Uploads `path` resumably through a wire that breaks after `cut_after`
/// stored parts (parts start only while fewer are stored, so with
/// `parallelism` 1 exactly `cut_after` are); returns the kept upload.
async fn cut_upload(
    b: &str,
    key: &str,
    path: &std::path::Path,
    cut_after: usize,
    parallelism: usize,
) -> newtera::UploadKept {
    let wire = Arc::new(Wire::default());
    *wire.cut_after.lock().expect("lock") = Some(cut_after);
    let client = client_on(&wire);
    let err = client
        .fput_object(b, key, path)
        .part_size(8 << 20)
        .parallelism(parallelism)
        .resumable(true)
        .await
        .expect_err("the network broke half way");
    let Error::UploadKept(kept) = err else {
        panic!("not kept: {err}")
    };
    let text = kept.to_string();
    assert!(
        text.contains(&kept.upload_id)
            && text.contains("resum")
            && text.contains("remove_incomplete_upload"),
        "the error says how to resume or clean up: {text}"
    );
    assert!(
        kept.parts.len() >= cut_after,
        "{} parts kept",
        kept.parts.len()
    );
    *kept
}

/// The resumed attempt: with the kept upload where the server cannot list
/// uploads (s3s-fs), else found by listing, like a new process would.
fn resume(put: newtera::PutObject, kept: &newtera::UploadKept) -> newtera::PutObject {
    match kind() {
        ServerKind::S3sFs => {
            crate::support::unsupported(
                "finding a kept upload by key and part ETags in ListParts (resumed from the kept upload)",
            );
            put.resume_from(kept)
        }
        _ => put.resumable(true),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_256_mib_upload_cut_half_way_resends_only_the_missing_parts() {
    let plain = crate::support::client();
    let b = bucket(&plain, "resume").await;
    let size = 256 * MIB;
    let content = data(size, 17);
    let (_dir, path) = temp_file(&content);
    let total_parts = size / (8 * MIB);

    let kept = cut_upload(&b, "big", &path, total_parts / 2, 4).await;
    let missing = total_parts - kept.parts.len();
    assert!(
        missing > 0 && missing <= total_parts / 2,
        "{missing} missing"
    );

    let wire = Arc::new(Wire::default());
    let client = client_on(&wire);
    let reports = Reports::default();
    let started = std::time::Instant::now();
    let put = client
        .fput_object(&b, "big", &path)
        .parallelism(4)
        .progress(reports.hook());
    let done = resume(put, &kept).await.expect("resumed");
    let resent = wire.parts_sent.load(Ordering::SeqCst);
    println!(
        "resumed {size} bytes on {}: {resent} of {total_parts} parts sent again ({} MiB) in {:?}",
        kind().name(),
        resent * 8,
        started.elapsed()
    );
    // Garage may refuse at completion a part it lists (an UploadPart cut
    // off while recording the part): the newest reused parts, as many as
    // the upload sends at once, then go again.
    assert!(
        resent <= missing + 4,
        "{resent} parts sent again, {missing} were missing"
    );
    assert!(
        done.etag.as_str().ends_with(&format!("-{total_parts}")),
        "{}",
        done.etag
    );
    reports.assert_ends_at(size as u64, "resumed fput_object");
    let got = plain.get_object_bytes(&b, "big").await.expect("get");
    assert!(got == content, "the resumed object differs from the file");
    assert_no_uploads(&plain, &b).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_local_change_between_attempts_is_detected_and_sent_again() {
    let plain = crate::support::client();
    let b = bucket(&plain, "changed").await;
    let size = 40 * MIB; // parts 8, 8, 8, 8, 8
    let mut content = data(size, 3);
    let (_dir, path) = temp_file(&content);
    let kept = cut_upload(&b, "doc", &path, 2, 1).await;
    let stored: Vec<u32> = kept.parts.iter().map(|p| p.part_number).collect();
    let changed = stored.first().copied().expect("a stored part");
    // One byte of a stored part changes; the size stays.
    let at = (changed as usize - 1) * 8 * MIB + 12345;
    content[at] ^= 0xff;
    std::fs::write(&path, &content).expect("rewrite");

    let wire = Arc::new(Wire::default());
    let client = client_on(&wire);
    resume(client.fput_object(&b, "doc", &path), &kept)
        .await
        .expect("resumed");
    let resent = wire.parts_sent.load(Ordering::SeqCst);
    let missing = 5 - kept.parts.len();
    assert!(
        resent > missing && resent <= missing + 2,
        "the changed part is sent again: {resent} sent, {missing} missing"
    );
    let got = plain.get_object_bytes(&b, "doc").await.expect("get");
    assert!(got == content, "the object must be the changed file");
    assert_no_uploads(&plain, &b).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_kept_upload_of_other_data_is_never_reused() {
    let plain = crate::support::client();
    let b = bucket(&plain, "other").await;
    let (_dir, path) = temp_file(&data(40 * MIB, 5));
    let kept = cut_upload(&b, "obj", &path, 2, 1).await;
    // Another size: the stored parts cannot be this data's.
    let other = data(37 * MIB, 6);
    std::fs::write(&path, &other).expect("rewrite");
    let wire = Arc::new(Wire::default());
    let client = client_on(&wire);
    resume(client.fput_object(&b, "obj", &path), &kept)
        .await
        .expect("uploaded anew");
    assert_eq!(wire.parts_sent.load(Ordering::SeqCst), 5, "all parts sent");
    let got = plain.get_object_bytes(&b, "obj").await.expect("get");
    assert!(got == other, "the object is the new data");
    // The old upload was aborted, not left behind.
    assert_no_uploads(&plain, &b).await;
    if kind() == ServerKind::S3sFs {
        let again = plain
            .fput_object(&b, "obj", &path)
            .resume_upload_id(&kept.upload_id)
            .await;
        assert!(again.is_ok(), "a gone upload id starts anew: {again:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_upload_that_is_not_resumable_leaves_nothing() {
    let plain = crate::support::client();
    let b = bucket(&plain, "plain").await;
    let (_dir, path) = temp_file(&data(24 * MIB, 9));
    let wire = Arc::new(Wire::default());
    *wire.cut_after.lock().expect("lock") = Some(1);
    let err = client_on(&wire)
        .fput_object(&b, "x", &path)
        .parallelism(1)
        .await
        .expect_err("cut");
    assert!(!matches!(err, Error::UploadKept(_)), "{err}");
    assert_no_uploads(&plain, &b).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn progress_totals_are_exact_with_parallel_parts_and_a_retry() {
    let wire = Arc::new(Wire::default());
    let client = client_on(&wire);
    let b = bucket(&client, "progress").await;
    let reports = Reports::default();
    let size = 21 * MIB; // 3 parts of 8 MiB, 4 download ranges of... the default
    let content = bytes::Bytes::from(data(size, 1));
    let (_dir, path) = temp_file(&content);

    wire.lose_part_answer.store(true, Ordering::SeqCst);
    client
        .put_object(&b, "mem", content.clone())
        .part_size(5 << 20)
        .parallelism(4)
        .progress(reports.hook())
        .await
        .expect("put");
    assert!(
        !wire.lose_part_answer.load(Ordering::SeqCst),
        "a part was retried"
    );
    reports.assert_ends_at(size as u64, "put_object");

    wire.lose_part_answer.store(true, Ordering::SeqCst);
    client
        .fput_object(&b, "file", &path)
        .part_size(5 << 20)
        .progress(reports.hook())
        .await
        .expect("fput");
    assert!(
        !wire.lose_part_answer.load(Ordering::SeqCst),
        "a part was retried"
    );
    reports.assert_ends_at(size as u64, "fput_object");

    client
        .put_object(&b, "small", "hello")
        .progress(reports.hook())
        .await
        .expect("small put");
    reports.assert_ends_at(5, "a single PUT");

    wire.lose_get_answer.store(true, Ordering::SeqCst);
    let body = client
        .get_object(&b, "mem")
        .progress(reports.hook())
        .await
        .expect("get");
    let streamed = body.bytes().await.expect("body");
    assert_eq!(streamed.len(), size);
    assert!(
        !wire.lose_get_answer.load(Ordering::SeqCst),
        "a GET was retried"
    );
    reports.assert_ends_at(size as u64, "get_object");

    wire.lose_get_answer.store(true, Ordering::SeqCst);
    let got = client
        .get_object_bytes(&b, "mem")
        .progress(reports.hook())
        .await
        .expect("bytes");
    assert!(got == content);
    reports.assert_ends_at(size as u64, "get_object_bytes");

    wire.lose_get_answer.store(true, Ordering::SeqCst);
    let dir = tempfile::tempdir().expect("dir");
    let target_path = dir.path().join("down.bin");
    client
        .fget_object(&b, "file", &target_path)
        .progress(reports.hook())
        .await
        .expect("fget");
    assert!(std::fs::read(&target_path).expect("read") == content);
    reports.assert_ends_at(size as u64, "fget_object");

    // UploadPartCopy is a part too: its first answer is lost and retried.
    wire.lose_part_answer.store(true, Ordering::SeqCst);
    client
        .copy_object(&b, "copied", newtera::CopySource::new(&b, "mem"))
        .multipart_above(5 << 20, 5 << 20)
        .progress(reports.hook())
        .await
        .expect("multipart copy");
    assert!(
        !wire.lose_part_answer.load(Ordering::SeqCst),
        "a copied part was retried"
    );
    reports.assert_ends_at(size as u64, "multipart copy_object");
    client
        .copy_object(&b, "copied1", newtera::CopySource::new(&b, "small"))
        .progress(reports.hook())
        .await
        .expect("copy");
    reports.assert_ends_at(5, "copy_object");
    let left = crate::support::settled_uploads(&client, &b, 0).await;
    assert!(matches!(left, None | Some(0)), "{left:?} uploads left");
}

#[tokio::test(flavor = "multi_thread")]
async fn data_in_memory_resumes_too() {
    let plain = crate::support::client();
    let b = bucket(&plain, "memory").await;
    let content = bytes::Bytes::from(data(30 * MIB, 8)); // 8, 8, 8, 6
    let wire = Arc::new(Wire::default());
    *wire.cut_after.lock().expect("lock") = Some(2);
    let err = client_on(&wire)
        .put_object(&b, "m", content.clone())
        .part_size(8 << 20)
        .parallelism(1)
        .resumable(true)
        .await
        .expect_err("cut");
    let Error::UploadKept(kept) = err else {
        panic!("not kept: {err}")
    };
    assert_eq!(kept.parts.len(), 2);
    assert_eq!(kept.bytes_stored(), 16 * MIB as u64);
    let wire = Arc::new(Wire::default());
    let reports = Reports::default();
    let put = client_on(&wire)
        .put_object(&b, "m", content.clone())
        .progress(reports.hook());
    resume(put, &kept).await.expect("resumed");
    assert_eq!(
        wire.parts_sent.load(Ordering::SeqCst),
        2,
        "parts 3 and 4 only"
    );
    reports.assert_ends_at(content.len() as u64, "resumed put_object");
    let got = plain.get_object_bytes(&b, "m").await.expect("get");
    assert!(got == content);
    assert_no_uploads(&plain, &b).await;
}
