//! Resuming on the wire: ListParts read page by page, a stored part whose
//! ETag is not the local bytes' MD5 (as if altered on the server) sent
//! again, the others named in CompleteMultipartUpload unchanged.

use md5::{Digest, Md5};

use crate::scripted::{Reply, Scripted};

fn md5_hex(bytes: &[u8]) -> String {
    hex::encode(Md5::digest(bytes))
}

fn list_page(parts: &[(u32, &str, u64)], truncated: bool, next: Option<u32>) -> String {
    let mut body =
        String::from("<ListPartsResult><Bucket>bkt</Bucket><Key>k</Key><UploadId>U1</UploadId>");
    body.push_str(&format!("<IsTruncated>{truncated}</IsTruncated>"));
    if let Some(n) = next {
        body.push_str(&format!("<NextPartNumberMarker>{n}</NextPartNumberMarker>"));
    }
    for (n, etag, size) in parts {
        body.push_str(&format!(
            "<Part><PartNumber>{n}</PartNumber><ETag>\"{etag}\"</ETag><Size>{size}</Size></Part>"
        ));
    }
    body.push_str("</ListPartsResult>");
    body
}

/// The object ETag of parts with these MD5s (the MD5 of the parts' MD5s,
/// and the count) and the CompleteMultipartUpload answer carrying it.
fn completion(etags: &[String]) -> (String, String) {
    let mut of_parts = Md5::new();
    for e in etags {
        of_parts.update(hex::decode(e).unwrap());
    }
    let object_etag = format!("{}-{}", hex::encode(of_parts.finalize()), etags.len());
    let complete = format!(
        "<CompleteMultipartUploadResult><Bucket>bkt</Bucket><Key>k</Key><ETag>\"{object_etag}\"</ETag></CompleteMultipartUploadResult>"
    );
    (object_etag, complete)
}

#[tokio::test]
async fn stored_parts_are_listed_page_by_page_and_a_changed_one_is_sent_again() {
    const MIB: usize = 1 << 20;
    let data: Vec<u8> = (0..12 * MIB).map(|i| (i % 241) as u8).collect();
    let (p1, p2, p3) = (
        &data[..5 * MIB],
        &data[5 * MIB..10 * MIB],
        &data[10 * MIB..],
    );
    let stale = "00000000000000000000000000000000";
    let etags = [md5_hex(p1), md5_hex(p2), md5_hex(p3)];
    let (object_etag, complete) = completion(&etags);
    let server = Scripted::start(vec![
        Reply::ok(&list_page(&[(1, &etags[0], 5 << 20)], true, Some(1))),
        Reply::ok(&list_page(&[(2, stale, 5 << 20)], false, None)),
        Reply::ok("").header("etag", &format!("\"{}\"", etags[1])),
        Reply::ok("").header("etag", &format!("\"{}\"", etags[2])),
        Reply::ok(&complete),
    ])
    .await;
    let client = server.client(Some("us-east-1"));
    let done = client
        .put_object("bkt", "k", data.clone())
        .part_size(5 << 20)
        .parallelism(1)
        .resume_upload_id("U1")
        .await
        .expect("resumed");
    assert_eq!(done.etag.as_str(), object_etag);
    let seen = server.seen();
    let lines: Vec<String> = seen
        .iter()
        .map(|s| format!("{} {}", s.method, s.target))
        .collect();
    assert_eq!(seen.len(), 5, "{lines:#?}");
    assert!(lines[0].starts_with("GET /bkt/k?uploadId=U1"), "{lines:#?}");
    assert!(lines[1].contains("part-number-marker=1"), "{lines:#?}");
    assert!(
        lines[2].starts_with("PUT") && lines[2].contains("partNumber=2"),
        "{lines:#?}"
    );
    assert!(
        lines[3].starts_with("PUT") && lines[3].contains("partNumber=3"),
        "{lines:#?}"
    );
    assert_eq!(seen[2].body.len(), 5 * MIB);
    assert!(
        seen[2].body == p2,
        "part 2 is sent again from the local data"
    );
    let body = String::from_utf8_lossy(&seen[4].body).into_owned();
    for e in &etags {
        assert!(body.contains(e.as_str()), "{body}");
    }
    assert!(
        !body.contains(stale),
        "the stale part is never completed: {body}"
    );
}

#[tokio::test]
async fn an_upload_whose_parts_do_not_fit_the_data_is_aborted_not_reused() {
    let data = vec![1u8; 12 << 20];
    let server = Scripted::start(vec![
        // 7 MiB as part 2 fits no plan of 12 MiB with 7 MiB parts (7, 5).
        Reply::ok(&list_page(&[(2, "00000000000000000000000000000000", 7 << 20)], false, None)),
        Reply::status(204, ""),
        Reply::ok("<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>k</Key><UploadId>U2</UploadId></InitiateMultipartUploadResult>"),
    ])
    .await;
    let client = server.client(Some("us-east-1"));
    // The script ends after the new upload starts: what matters is that
    // the old one was aborted first and a new one created.
    let _ = client
        .put_object("bkt", "k", data)
        .part_size(5 << 20)
        .resume_upload_id("U1")
        .await;
    let seen = server.seen();
    let lines: Vec<String> = seen
        .iter()
        .map(|s| format!("{} {}", s.method, s.target))
        .collect();
    assert!(
        lines[1].starts_with("DELETE /bkt/k?uploadId=U1"),
        "{lines:#?}"
    );
    assert!(lines[2].starts_with("POST /bkt/k?uploads"), "{lines:#?}");
}

/// A stored part ListParts shows complete can still be refused by the
/// completion (Garage completes with the newest version of each part
/// number, and an interrupted retry of that part leaves an unfinished
/// one): on `InvalidPart` the reused parts are sent again from the local
/// data and the upload completed once more, not aborted.
#[tokio::test]
async fn a_refused_reused_part_is_sent_again_and_the_upload_completed() {
    const MIB: usize = 1 << 20;
    let data: Vec<u8> = (0..7 * MIB).map(|i| (i % 239) as u8).collect();
    let (p1, p2) = (&data[..5 * MIB], &data[5 * MIB..]);
    let etags = [md5_hex(p1), md5_hex(p2)];
    let (object_etag, complete) = completion(&etags);
    let refused = "<Error><Code>InvalidPart</Code><Message>Parts given to CompleteMultipartUpload do not match uploaded parts</Message></Error>";
    let server = Scripted::start(vec![
        Reply::ok(&list_page(&[(1, &etags[0], 5 << 20)], false, None)),
        Reply::ok("").header("etag", &format!("\"{}\"", etags[1])),
        Reply::status(400, refused),
        Reply::ok("").header("etag", &format!("\"{}\"", etags[0])),
        Reply::ok(&complete),
    ])
    .await;
    let client = server.client(Some("us-east-1"));
    let done = client
        .put_object("bkt", "k", data.clone())
        .part_size(5 << 20)
        .parallelism(1)
        .resume_upload_id("U1")
        .await
        .expect("completed after sending the reused part again");
    assert_eq!(done.etag.as_str(), object_etag);
    let seen = server.seen();
    let lines: Vec<String> = seen
        .iter()
        .map(|s| format!("{} {}", s.method, s.target))
        .collect();
    assert_eq!(seen.len(), 5, "nothing aborted: {lines:#?}");
    assert!(
        lines[3].starts_with("PUT") && lines[3].contains("partNumber=1"),
        "{lines:#?}"
    );
    assert!(
        seen[3].body == p1,
        "part 1 is sent again from the local data"
    );
    assert!(lines[4].starts_with("POST"), "{lines:#?}");
}

/// Data of `mib` MiB (bytes cycling through `modulus`) and the MD5 of each
/// 5 MiB part of it.
fn parts_of(mib: usize, modulus: usize) -> (Vec<u8>, Vec<String>) {
    let data: Vec<u8> = (0..mib << 20).map(|i| (i % modulus) as u8).collect();
    let etags = data.chunks(5 << 20).map(md5_hex).collect();
    (data, etags)
}

/// Part `n` (from 1) of `data` in 5 MiB parts.
fn chunk(data: &[u8], n: usize) -> &[u8] {
    data.chunks(5 << 20).nth(n - 1).unwrap_or_default()
}

/// A ListParts page of 5 MiB parts `(number, ETag, LastModified time of
/// day)`.
fn listed_at(parts: &[(u32, &str, &str)]) -> String {
    let mut body = String::from(
        "<ListPartsResult><Bucket>bkt</Bucket><Key>k</Key><UploadId>U1</UploadId><IsTruncated>false</IsTruncated>",
    );
    for (n, etag, when) in parts {
        body.push_str(&format!(
            "<Part><PartNumber>{n}</PartNumber><LastModified>2026-12-01T{when}.000Z</LastModified><ETag>\"{etag}\"</ETag><Size>{}</Size></Part>",
            5 << 20
        ));
    }
    body + "</ListPartsResult>"
}

/// An UploadPart answer with this ETag.
fn stored(etag: &str) -> Reply {
    Reply::ok("").header("etag", &format!("\"{etag}\""))
}

const REFUSED: &str = "<Error><Code>InvalidPart</Code><Message>Parts given to CompleteMultipartUpload do not match uploaded parts</Message></Error>";

/// `data` uploaded in 5 MiB parts, one at a time, resuming upload `U1`;
/// the result and every progress report `(done, total)`.
async fn resume_u1(
    server: &Scripted,
    data: &[u8],
) -> (
    newtera::Result<newtera::ObjectWriteResult>,
    Vec<(u64, Option<u64>)>,
) {
    let reports = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = reports.clone();
    let done = server
        .client(Some("us-east-1"))
        .put_object("bkt", "k", data.to_vec())
        .part_size(5 << 20)
        .parallelism(1)
        .resume_upload_id("U1")
        .progress(move |p: newtera::Progress| log.lock().unwrap().push((p.done, p.total)))
        .await;
    let reports = reports.lock().unwrap().clone();
    (done, reports)
}

/// What the server saw, as `METHOD PART-NUMBER` (empty for no part).
fn sent_parts(server: &Scripted) -> Vec<String> {
    server
        .seen()
        .iter()
        .map(|s| {
            let part = s.target.split("partNumber=").nth(1).unwrap_or("");
            format!("{} {}", s.method, part.split('&').next().unwrap_or(""))
        })
        .collect()
}

/// When the completion refuses a reused part, the most recently stored
/// reused parts are sent again first (as many as the upload sends at
/// once: the parts in flight when the earlier attempt stopped), and the
/// older ones only if the server refuses again.
#[tokio::test]
async fn refused_reused_parts_are_sent_again_newest_first() {
    let (data, etags) = parts_of(17, 233);
    let (object_etag, complete) = completion(&etags);
    // Parts 1-3 stored; part 2 the newest, then 3, then 1.
    let listed = listed_at(&[
        (1, &etags[0], "10:00:01"),
        (2, &etags[1], "10:00:03"),
        (3, &etags[2], "10:00:02"),
    ]);
    let server = Scripted::start(vec![
        Reply::ok(&listed),
        stored(&etags[3]),
        Reply::status(400, REFUSED),
        stored(&etags[1]),
        Reply::status(400, REFUSED),
        stored(&etags[0]),
        stored(&etags[2]),
        Reply::ok(&complete),
    ])
    .await;
    let (done, reports) = resume_u1(&server, &data).await;
    assert_eq!(
        sent_parts(&server),
        [
            "GET ", "PUT 4", "POST ", "PUT 2", "POST ", "PUT 1", "PUT 3", "POST "
        ],
        "newest reused part first, then the others"
    );
    let done = done.expect("completed after sending the reused parts again");
    assert_eq!(done.etag.as_str(), object_etag);
    let total = data.len() as u64;
    assert!(
        reports.iter().all(|&(d, t)| t == Some(total) && d <= total),
        "parts sent again are not counted twice: {reports:?}"
    );
    assert_eq!(reports.last(), Some(&(total, Some(total))));
    assert!(
        server.seen()[3].body == chunk(&data, 2),
        "part 2 from the local data"
    );
}

/// A reused part sent again is stored once: when sending the reused parts
/// again fails and the upload is kept, the kept upload names each part
/// once (the newer copy), and its bytes are the data's.
#[tokio::test]
async fn a_kept_upload_names_a_part_sent_again_once() {
    let (data, etags) = parts_of(12, 227);
    let denied = "<Error><Code>AccessDenied</Code><Message>no</Message></Error>";
    // Parts 1 and 2 stored, part 2 the newer.
    let listed = listed_at(&[(1, &etags[0], "10:00:01"), (2, &etags[1], "10:00:02")]);
    let server = Scripted::start(vec![
        Reply::ok(&listed),
        stored(&etags[2]),
        Reply::status(400, REFUSED),
        // Part 2 again, then the completion refused once more.
        stored(&etags[1]),
        Reply::status(400, REFUSED),
        // Part 1 again: refused, and the upload is kept.
        Reply::status(403, denied),
    ])
    .await;
    let (done, _) = resume_u1(&server, &data).await;
    let err = done.expect_err("sending part 1 again was refused");
    let lines = sent_parts(&server);
    let kept = match err {
        newtera::Error::UploadKept(kept) => kept,
        other => panic!("kept to resume: {other} {lines:#?}"),
    };
    let numbers: Vec<u32> = kept.parts.iter().map(|p| p.part_number).collect();
    assert_eq!(numbers, [1, 2, 3], "each part once: {lines:#?}");
    assert_eq!(kept.bytes_stored(), data.len() as u64);
}

/// A part number ListParts names twice is not reused: which copy the
/// completion would take is unknown, so it is sent again. It is counted
/// once in progress (never above the total) and named once in the
/// completion.
#[tokio::test]
async fn a_part_listed_twice_is_sent_again_and_counted_once() {
    let (data, etags) = parts_of(12, 229);
    let (object_etag, complete) = completion(&etags);
    let twice = list_page(
        &[(1, &etags[0], 5 << 20), (1, &etags[0], 5 << 20)],
        false,
        None,
    );
    let server = Scripted::start(vec![
        Reply::ok(&twice),
        stored(&etags[0]),
        stored(&etags[1]),
        stored(&etags[2]),
        Reply::ok(&complete),
    ])
    .await;
    let (done, reports) = resume_u1(&server, &data).await;
    let seen = server.seen();
    let lines = sent_parts(&server);
    let total = data.len() as u64;
    assert!(
        reports.iter().all(|&(d, _)| d <= total),
        "never above the total: {reports:?}"
    );
    let completion_body = seen
        .iter()
        .rfind(|s| s.method == "POST")
        .map(|s| String::from_utf8_lossy(&s.body).into_owned())
        .unwrap_or_default();
    assert_eq!(
        completion_body
            .matches("<PartNumber>1</PartNumber>")
            .count(),
        1,
        "part 1 named once: {completion_body} {lines:#?}"
    );
    let done = done.expect("completed");
    assert_eq!(done.etag.as_str(), object_etag);
    assert_eq!(reports.last().map(|r| r.0), Some(total));
    assert!(
        seen[1].body == chunk(&data, 1),
        "part 1 sent from the local data"
    );
}

/// A server that refuses the completion after every group of reused parts
/// sent again: each group goes once (no loop), then the refusal stands
/// and the upload, all of whose parts were just sent, is aborted.
#[tokio::test]
async fn a_completion_refused_after_every_group_ends_aborted() {
    let (data, etags) = parts_of(12, 223);
    // No LastModified: parts tie, the higher number counts as newer.
    let listed = list_page(
        &[(1, &etags[0], 5 << 20), (2, &etags[1], 5 << 20)],
        false,
        None,
    );
    let server = Scripted::start(vec![
        Reply::ok(&listed),
        stored(&etags[2]),
        Reply::status(400, REFUSED),
        stored(&etags[1]),
        Reply::status(400, REFUSED),
        stored(&etags[0]),
        Reply::status(400, REFUSED),
        Reply::status(204, ""),
    ])
    .await;
    let (done, reports) = resume_u1(&server, &data).await;
    let err = done.expect_err("refused for good");
    assert_eq!(
        sent_parts(&server),
        [
            "GET ", "PUT 3", "POST ", "PUT 2", "POST ", "PUT 1", "POST ", "DELETE "
        ],
        "each group once, then aborted"
    );
    assert_eq!(err.code(), Some("InvalidPart"), "{err}");
    assert!(
        reports.windows(2).all(|w| w[0].0 <= w[1].0) && reports.iter().all(|&(d, _)| d <= 12 << 20),
        "{reports:?}"
    );
}
