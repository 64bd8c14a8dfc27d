//! Integrity in flight: a proxy between the client and the real server
//! flips one byte. Uploads are protected by the signed payload hash (plain
//! HTTP signs in-memory bodies with SHA-256); downloads by the full-object
//! checksum the server returns (`x-amz-checksum-mode: ENABLED`).

use base64::Engine as _;
use newtera::Error;
use newtera_faults::{CorruptingProxy, Direction};

use crate::case;
use crate::harness::{Case, Outcome};
use crate::report::Row;
use crate::support::{data, describe, real_bucket, real_client, server_name};

pub(crate) fn cases() -> Vec<Case> {
    vec![
        case!("integrity::upload_payloads_are_signed", payloads_signed),
        case!("integrity::upload_byte_flipped_in_flight", upload_flip),
        case!("integrity::download_byte_flipped_in_flight", download_flip),
    ]
}

fn authority(endpoint: &str) -> &str {
    endpoint
        .trim_start_matches("http://")
        .trim_start_matches("https://")
        .trim_end_matches('/')
}

async fn upload_flip() -> Outcome {
    let direct = real_client();
    let bucket = real_bucket(&direct, "rel-upflip").await;
    let target = crate::support::target();
    let proxy = CorruptingProxy::start(authority(&target.endpoint), Direction::Request, 1000)
        .await
        .expect("proxy");
    let via_proxy = newtera::Newtera::builder(proxy.endpoint())
        .credentials(&target.access_key, &target.secret_key)
        .region(&target.region)
        .retry(newtera::transport::retry::RetryConfig::disabled())
        .build()
        .expect("client");
    proxy.arm(1);
    let body = data(256 << 10, 2);
    let err = via_proxy
        .put_object(&bucket, "flipped", body)
        .await
        .expect_err("a corrupted upload must be refused");
    assert_eq!(proxy.flipped(), 1);
    let stat = direct.stat_object(&bucket, "flipped").await;
    assert!(
        stat.as_ref().is_err_and(Error::is_not_found),
        "nothing stored: {stat:?}"
    );
    Outcome::Rows(vec![Row::new(
        "Integrity",
        format!(
            "PutObject (256 KiB) through a proxy that flips body byte 1000 ({})",
            server_name()
        ),
        1,
        format!(
            "refused by the server (signed SHA-256 payload): {}; nothing stored",
            describe(&err)
        ),
    )])
}

/// Over plain HTTP every in-memory upload, single or multipart, carries
/// the SHA-256 of its payload in the signature.
async fn payloads_signed() -> Outcome {
    use newtera_faults::{Action, FaultServer, Reply};
    let server = FaultServer::with_handler(|req, _| {
        if req.method == "POST" && req.query().contains("uploads") {
            return Action::Reply(Reply::new(
                200,
                "<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>k</Key><UploadId>u</UploadId></InitiateMultipartUploadResult>",
            ));
        }
        if req.method == "POST" {
            return Action::Reply(Reply::new(
                200,
                "<CompleteMultipartUploadResult><ETag>\"e-2\"</ETag></CompleteMultipartUploadResult>",
            ));
        }
        Action::Reply(crate::support::put_ok())
    })
    .await
    .expect("server");
    let client = crate::support::fault_client(server.endpoint());
    client
        .put_object("bkt", "small", data(1000, 1))
        .await
        .expect("put");
    client
        .put_object("bkt", "big", data(11 << 20, 1))
        .await
        .expect("multipart put");
    let uploads: Vec<_> = server
        .seen()
        .into_iter()
        .filter(|s| s.method == "PUT")
        .collect();
    assert_eq!(uploads.len(), 3, "one PUT and two parts");
    for s in &uploads {
        let hash = s.header("x-amz-content-sha256").unwrap_or_default();
        let hex = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
        assert!(hex, "{} {}: payload hash {hash:?}", s.method, s.target);
    }
    Outcome::Rows(vec![Row::new(
        "Integrity",
        "PutObject (1,000 B) and a 2-part multipart upload over plain HTTP",
        uploads.len() as u64,
        "every body signed with its SHA-256 (x-amz-content-sha256), so the server can refuse a changed byte",
    )])
}

fn crc32c_b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(crc32c::crc32c(bytes).to_be_bytes())
}

async fn download_flip() -> Outcome {
    let direct = real_client();
    let bucket = real_bucket(&direct, "rel-downflip").await;
    let body = data(1 << 20, 4);
    direct
        .put_object(&bucket, "sum", body.clone())
        .header("x-amz-checksum-crc32c", crc32c_b64(&body))
        .await
        .expect("put with a checksum");
    direct
        .put_object(&bucket, "plain", body.clone())
        .await
        .expect("put without a checksum");
    // Clean reads verify and succeed.
    for key in ["sum", "plain"] {
        let got = direct.get_object(&bucket, key).await.expect("get");
        assert!(got.bytes().await.expect("body") == body, "{key}");
    }
    let target = crate::support::target();
    let proxy = CorruptingProxy::start(authority(&target.endpoint), Direction::Response, 5000)
        .await
        .expect("proxy");
    let via_proxy = newtera::Newtera::builder(proxy.endpoint())
        .credentials(&target.access_key, &target.secret_key)
        .region(&target.region)
        .build()
        .expect("client");
    proxy.arm(1);
    let got = async { via_proxy.get_object(&bucket, "sum").await?.bytes().await }.await;
    assert_eq!(proxy.flipped(), 1);
    let err = got.expect_err("a corrupted download must fail");
    assert!(matches!(err, Error::Integrity(_)), "{err:?}");
    Outcome::Rows(vec![
        Row::new(
            "Integrity",
            format!(
                "GetObject (1 MiB) with a stored CRC32C, clean ({})",
                server_name()
            ),
            1,
            "checksum returned and verified; content intact",
        ),
        Row::new(
            "Integrity",
            format!(
                "GetObject (1 MiB) with a stored CRC32C through a proxy that flips body byte 5000 ({})",
                server_name()
            ),
            1,
            format!(
                "{}: checksum mismatch detected at end of stream",
                describe(&err)
            ),
        ),
    ])
}
