//! Issue 15: every paginated listing makes provable progress or stops with
//! a clear error, whatever the server sends (scripted servers, since no
//! real one misbehaves on cue).

use std::time::Duration;

use futures_util::TryStreamExt;
use newtera::{Error, Newtera};
use newtera_faults::{Action, FaultServer, Reply};

fn client(server: &FaultServer) -> Newtera {
    Newtera::builder(server.endpoint())
        .credentials("AKIDEXAMPLE", "SECRETEXAMPLE")
        .region("us-east-1")
        .build()
        .unwrap()
}

fn xml(body: String) -> Action {
    Action::Reply(Reply::new(200, body).header("content-type", "application/xml"))
}

fn v1_page(keys: &[&str], next_marker: Option<&str>) -> Action {
    let contents: String = keys
        .iter()
        .map(|k| format!("<Contents><Key>{k}</Key><Size>1</Size></Contents>"))
        .collect();
    let next = next_marker.map_or(String::new(), |m| format!("<NextMarker>{m}</NextMarker>"));
    xml(format!(
        "<ListBucketResult><Name>b-1</Name><IsTruncated>true</IsTruncated>{contents}{next}</ListBucketResult>"
    ))
}

fn v2_page(key: &str, token: &str) -> Action {
    xml(format!(
        "<ListBucketResult><Name>b-1</Name><IsTruncated>true</IsTruncated>\
         <Contents><Key>{key}</Key><Size>1</Size></Contents>\
         <NextContinuationToken>{token}</NextContinuationToken></ListBucketResult>"
    ))
}

/// Lists through `script` (cycled), expecting a malformed-response error
/// within `max_requests` requests.
async fn stops<F>(
    what: &str,
    script: F,
    list: impl AsyncFnOnce(&Newtera) -> Result<usize, Error>,
    max_requests: usize,
) where
    F: Fn(usize) -> Action + Send + Sync + 'static,
{
    let server = FaultServer::with_handler(move |_, i| script(i))
        .await
        .unwrap();
    let client = client(&server);
    let outcome = tokio::time::timeout(Duration::from_secs(20), list(&client))
        .await
        .unwrap_or_else(|_| panic!("{what}: the listing must end"));
    let err = outcome.expect_err(what);
    assert!(
        matches!(err, Error::MalformedResponse(_)),
        "{what}: {err:?}"
    );
    assert!(
        server.requests() <= max_requests,
        "{what}: {} requests",
        server.requests()
    );
}

async fn list_v1(client: &Newtera) -> Result<usize, Error> {
    let stream = client.list_objects("b-1").use_v1(true).into_stream();
    stream.try_collect::<Vec<_>>().await.map(|v| v.len())
}

async fn list_v2(client: &Newtera) -> Result<usize, Error> {
    let stream = client.list_objects("b-1").recursive(true).into_stream();
    stream.try_collect::<Vec<_>>().await.map(|v| v.len())
}

#[tokio::test]
async fn v1_next_marker_that_goes_back_stops() {
    // The server: NextMarker `b`, then `a`, then `b` ...
    stops(
        "NextMarker b, a, b",
        |i| v1_page(&["k"], Some(["b", "a"][i % 2])),
        list_v1,
        3,
    )
    .await;
    stops(
        "NextMarker c, b, a",
        |i| v1_page(&["k"], Some(["c", "b", "a"][i % 3])),
        list_v1,
        3,
    )
    .await;
}

#[tokio::test]
async fn v1_goes_on_after_the_pages_last_entry_whatever_next_marker_says() {
    // Page 1 lists `a`, `b`, `c` but says to go on after `a`: following it
    // would list `b` and `c` again. The page's last entry is the marker S3
    // documents, and it cannot go back.
    let server = FaultServer::start(vec![
        v1_page(&["a", "b", "c"], Some("a")),
        xml(
            "<ListBucketResult><Name>b-1</Name><IsTruncated>false</IsTruncated>\
             <Contents><Key>d</Key><Size>1</Size></Contents></ListBucketResult>"
                .into(),
        ),
    ])
    .await
    .unwrap();
    let keys: Vec<String> = client(&server)
        .list_objects("b-1")
        .use_v1(true)
        .into_stream()
        .map_ok(|o| o.object_name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(keys, ["a", "b", "c", "d"]);
    let second = &server.seen()[1].target;
    assert!(second.contains("marker=c"), "{second}");
}

#[tokio::test]
async fn v1_last_key_that_goes_back_stops() {
    // No NextMarker (no delimiter): the last key is the marker.
    stops(
        "last key b, a, b",
        |i| v1_page(&[["b", "a"][i % 2]], None),
        list_v1,
        3,
    )
    .await;
    stops("the same last key", |_| v1_page(&["a"], None), list_v1, 3).await;
}

#[tokio::test]
async fn v2_tokens_that_cycle_stop() {
    stops(
        "tokens t1, t2, t1",
        |i| v2_page(&format!("k{i}"), ["t1", "t2"][i % 2]),
        list_v2,
        3,
    )
    .await;
    stops(
        "tokens t1, t2, t3, t1",
        |i| v2_page(&format!("k{i}"), ["t1", "t2", "t3"][i % 3]),
        list_v2,
        4,
    )
    .await;
}

#[tokio::test]
async fn endless_empty_pages_stop() {
    let empty = |i: usize| {
        xml(format!(
            "<ListBucketResult><Name>b-1</Name><IsTruncated>true</IsTruncated>\
             <NextContinuationToken>t{i}</NextContinuationToken></ListBucketResult>"
        ))
    };
    stops("empty pages with fresh tokens", empty, list_v2, 102).await;
}

#[tokio::test]
async fn a_fresh_token_each_page_with_keys_still_lists() {
    let server = FaultServer::with_handler(|_, i| {
        if i < 5 {
            v2_page(&format!("k{i}"), &format!("t{i}"))
        } else {
            xml("<ListBucketResult><Name>b-1</Name><IsTruncated>false</IsTruncated></ListBucketResult>".into())
        }
    })
    .await
    .unwrap();
    assert_eq!(list_v2(&client(&server)).await.unwrap(), 5);
}

fn uploads_page(key: &str, upload: &str, next: Option<(&str, &str)>) -> Action {
    let next = next.map_or(String::new(), |(k, u)| {
        format!("<NextKeyMarker>{k}</NextKeyMarker><NextUploadIdMarker>{u}</NextUploadIdMarker>")
    });
    xml(format!(
        "<ListMultipartUploadsResult><Bucket>b-1</Bucket><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>{next}\
         <Upload><Key>{key}</Key><UploadId>{upload}</UploadId></Upload></ListMultipartUploadsResult>"
    ))
}

async fn list_uploads(client: &Newtera) -> Result<usize, Error> {
    let stream = client.list_incomplete_uploads("b-1").into_stream();
    stream.try_collect::<Vec<_>>().await.map(|v| v.len())
}

#[tokio::test]
async fn upload_markers_must_advance() {
    stops(
        "key markers b, a",
        |i| uploads_page("k", "u", Some((["b", "a"][i % 2], "u"))),
        list_uploads,
        3,
    )
    .await;
    stops(
        "upload-id markers u1, u2, u1 on one key",
        |i| uploads_page("k", "u", Some(("k", ["u1", "u2"][i % 2]))),
        list_uploads,
        3,
    )
    .await;
    // It used to stop quietly here, returning a short list.
    stops(
        "truncated without markers",
        |_| uploads_page("k", "u", None),
        list_uploads,
        1,
    )
    .await;
}

async fn list_buckets(client: &Newtera) -> Result<usize, Error> {
    client.list_buckets().await.map(|b| b.len())
}

#[tokio::test]
async fn bucket_tokens_must_not_repeat() {
    let page = |i: usize| {
        xml(format!(
            "<ListAllMyBucketsResult><Buckets><Bucket><Name>b{i}</Name></Bucket></Buckets>\
             <ContinuationToken>{}</ContinuationToken></ListAllMyBucketsResult>",
            ["t1", "t2"][i % 2]
        ))
    };
    stops("bucket tokens t1, t2, t1", page, list_buckets, 3).await;
}

#[tokio::test]
async fn a_refused_encoding_probe_leaves_the_listing_trusted() {
    // A page that only decoding changes makes the client probe once; a
    // policy that refuses the probe prefix must not fail the listing.
    let server = FaultServer::with_handler(|seen, _| {
        if seen.query().contains("newtera-probe") {
            return Action::Reply(Reply::s3_error(403, "AccessDenied"));
        }
        xml(
            "<ListBucketResult><Name>b-1</Name><IsTruncated>false</IsTruncated>\
             <Contents><Key>a+b</Key><Size>1</Size></Contents>\
             <EncodingType>url</EncodingType></ListBucketResult>"
                .to_owned(),
        )
    })
    .await
    .unwrap();
    let names: Vec<String> = client(&server)
        .list_objects("b-1")
        .into_stream()
        .map_ok(|o| o.object_name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["a b"]);
    assert_eq!(server.requests(), 2, "the page and one probe");
}
