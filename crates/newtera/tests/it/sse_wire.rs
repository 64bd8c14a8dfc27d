//! SSE-C on the wire: every request that touches an SSE-C object's data
//! carries the key (CreateMultipartUpload, every UploadPart, the
//! completion, every range of a parallel download, UploadPartCopy), and
//! the key never shows in `Debug` or error text.

use base64::Engine;
use newtera::{Newtera, Sse};
use newtera_faults::{Action, FaultServer, Reply, Seen};

const KEY: [u8; 32] = [0x42; 32];
const PART_ETAG: &str = "\"0123456789abcdef0123456789abcdef\"";

fn key_b64() -> String {
    base64::engine::general_purpose::STANDARD.encode(KEY)
}

fn client(server: &FaultServer) -> Newtera {
    Newtera::builder(server.endpoint())
        .credentials("AKIDEXAMPLE", "SECRETEXAMPLE")
        .region("us-east-1")
        .build()
        .unwrap()
}

fn object() -> Vec<u8> {
    (0..(20u32 << 20)).map(|i| (i % 241) as u8).collect()
}

/// A server for multipart uploads and ranged GETs of [`object`].
fn answer(seen: &Seen, data: &[u8]) -> Action {
    let t = seen.target.as_str();
    let reply = match seen.method.as_str() {
        "POST" if t.contains("uploads") => Reply::new(
            200,
            "<InitiateMultipartUploadResult><UploadId>U1</UploadId></InitiateMultipartUploadResult>",
        ),
        "POST" => Reply::new(
            200,
            "<CompleteMultipartUploadResult><ETag>\"abc-3\"</ETag></CompleteMultipartUploadResult>",
        ),
        "PUT" if seen.header("x-amz-copy-source").is_some() => Reply::new(
            200,
            format!("<CopyPartResult><ETag>{PART_ETAG}</ETag></CopyPartResult>"),
        ),
        "PUT" => Reply::new(200, Vec::new()).header("etag", PART_ETAG),
        "HEAD" => Reply::new(200, Vec::new())
            .content_length(data.len().to_string())
            .header("etag", "\"abc-3\""),
        _ => {
            let range = seen.header("range").unwrap_or("bytes=0-");
            let (a, b) = range.trim_start_matches("bytes=").split_once('-').unwrap();
            let a: usize = a.parse().unwrap();
            let b: usize = b
                .parse::<usize>()
                .unwrap_or(data.len() - 1)
                .min(data.len() - 1);
            Reply::new(206, data[a..=b].to_vec())
                .header("content-range", format!("bytes {a}-{b}/{}", data.len()))
                .header("etag", "\"abc-3\"")
        }
    };
    Action::Reply(reply)
}

fn carries_key(seen: &Seen, prefix: &str) -> bool {
    seen.header(&format!("{prefix}algorithm")) == Some("AES256")
        && seen.header(&format!("{prefix}key")) == Some(key_b64().as_str())
        && seen.header(&format!("{prefix}key-md5")).is_some()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_part_and_every_range_carries_the_sse_c_key() {
    let data = object();
    let served = data.clone();
    let server = FaultServer::with_handler(move |seen, _| answer(seen, &served))
        .await
        .unwrap();
    let client = client(&server);
    let put = client
        .put_object("b-1", "k", data.clone())
        .sse(Sse::customer(KEY))
        .await
        .expect("multipart put");
    assert_eq!(put.etag, "abc-3");
    let seen = server.seen();
    let parts = seen
        .iter()
        .filter(|s| s.target.contains("partNumber"))
        .count();
    assert_eq!(parts, 3, "20 MiB in 8 MiB parts");
    for s in &seen {
        assert!(
            carries_key(s, "x-amz-server-side-encryption-customer-"),
            "{} {} without the SSE-C key",
            s.method,
            s.target
        );
    }

    let before = seen.len();
    let got = client
        .get_object_bytes("b-1", "k")
        .sse(Sse::customer(KEY))
        .await
        .expect("parallel download");
    assert!(got == data);
    let dir = tempfile::tempdir().unwrap();
    client
        .fget_object("b-1", "k", dir.path().join("k"))
        .sse(Sse::customer(KEY))
        .await
        .expect("fget");
    let gets: Vec<Seen> = server.seen().into_iter().skip(before).collect();
    assert_eq!(gets.len(), 4, "two ranges each");
    assert!(
        gets.iter()
            .all(|s| carries_key(s, "x-amz-server-side-encryption-customer-"))
    );

    let before = server.seen().len();
    client
        .copy_object("b-1", "dst", newtera::CopySource::new("b-1", "k"))
        .source_sse(Sse::customer(KEY))
        .sse(Sse::customer(KEY))
        .multipart_above(1, 8 << 20)
        .await
        .expect("multipart copy");
    let copies: Vec<Seen> = server.seen().into_iter().skip(before).collect();
    let part_copies: Vec<&Seen> = copies
        .iter()
        .filter(|s| s.header("x-amz-copy-source").is_some())
        .collect();
    assert_eq!(part_copies.len(), 3);
    for s in &part_copies {
        assert!(carries_key(
            s,
            "x-amz-copy-source-server-side-encryption-customer-"
        ));
        assert!(carries_key(s, "x-amz-server-side-encryption-customer-"));
    }
    assert!(
        copies
            .iter()
            .all(|s| carries_key(s, "x-amz-server-side-encryption-customer-"))
    );
}

#[tokio::test]
async fn the_sse_c_key_is_never_shown() {
    let server =
        FaultServer::with_handler(|_, _| Action::Reply(Reply::s3_error(400, "InvalidArgument")))
            .await
            .unwrap();
    let client = client(&server);
    let sse = Sse::customer(KEY);
    let hex: String = KEY.iter().map(|b| format!("{b:02x}")).collect();
    let bytes = format!("{:?}", KEY);
    let shown = [
        format!("{sse:?}"),
        format!("{:?}", client.put_object("b-1", "k", "x").sse(sse.clone())),
        format!("{:?}", client.get_object("b-1", "k").sse(sse.clone())),
        format!(
            "{:?}",
            client
                .copy_object("b-1", "k", newtera::CopySource::new("b-1", "s"))
                .source_sse(sse.clone())
        ),
        format!(
            "{:?}",
            client
                .presigned_get_object("b-1", "k")
                .sse(sse.clone())
                .header("x-amz-server-side-encryption-customer-key", key_b64())
        ),
        format!(
            "{:?}",
            client
                .get_object("b-1", "k")
                .header("x-amz-server-side-encryption-customer-key", key_b64())
        ),
    ];
    let err = client
        .get_object("b-1", "k")
        .sse(sse.clone())
        .await
        .unwrap_err();
    let err_text = format!("{err} {err:?}");
    for text in shown.iter().chain([&err_text]) {
        for secret in [key_b64(), hex.clone(), bytes.clone()] {
            assert!(!text.contains(&secret), "a key in {text}");
        }
    }
    assert!(shown[0].contains("redacted"), "{}", shown[0]);
}

/// A presigned POST form's `Debug` names its fields but does not show the
/// signature.
#[tokio::test]
async fn presigned_post_debug_hides_the_signature() {
    let client = newtera::Newtera::builder("http://127.0.0.1:9")
        .credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        .region("us-east-1")
        .build()
        .unwrap();
    let expires = std::time::SystemTime::now() + std::time::Duration::from_secs(600);
    let form = client
        .presigned_post_policy(newtera::PostPolicy::new("bucket", expires).key("k"))
        .await
        .unwrap();
    let signature = form
        .fields
        .iter()
        .find(|(n, _)| n == "x-amz-signature")
        .map(|(_, v)| v.clone())
        .unwrap();
    let text = format!("{form:?}");
    assert!(text.contains("x-amz-signature"), "{text}");
    assert!(!text.contains(&signature), "the signature in {text}");
}
