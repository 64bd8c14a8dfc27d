//! Conditions on the wire: a create-only multipart upload asks on
//! CompleteMultipartUpload (not on the parts), a single PUT on the PUT;
//! copy-source conditions go under both the standard and Ceph's names.

use newtera::Newtera;
use newtera_faults::{Action, FaultServer, Reply, Seen};

fn client(server: &FaultServer) -> Newtera {
    Newtera::builder(server.endpoint())
        .credentials("AKIDEXAMPLE", "SECRETEXAMPLE")
        .region("us-east-1")
        .build()
        .unwrap()
}

fn answer(seen: &Seen) -> Action {
    let t = seen.target.as_str();
    let reply = match seen.method.as_str() {
        "POST" if t.contains("uploads") => Reply::new(
            200,
            "<InitiateMultipartUploadResult><UploadId>U1</UploadId></InitiateMultipartUploadResult>",
        ),
        "POST" => Reply::s3_error(412, "PreconditionFailed"),
        "PUT" if seen.header("x-amz-copy-source").is_some() => {
            Reply::s3_error(412, "PreconditionFailed")
        }
        "PUT" => Reply::new(200, Vec::new()).header("etag", "\"0123456789abcdef0123456789abcdef\""),
        "HEAD" => Reply::new(200, Vec::new())
            .content_length("10")
            .header("etag", "\"e\""),
        _ => Reply::new(204, Vec::new()),
    };
    Action::Reply(reply)
}

#[tokio::test(flavor = "multi_thread")]
async fn create_only_asks_on_the_completion_and_the_failure_aborts() {
    let server = FaultServer::with_handler(|seen, _| answer(seen))
        .await
        .unwrap();
    let client = client(&server);
    let e = client
        .put_object("b-1", "k", vec![0u8; 6 << 20])
        .create_only()
        .await
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e}");
    let seen = server.seen();
    let complete = seen
        .iter()
        .find(|s| s.method == "POST" && !s.target.contains("uploads"))
        .expect("a completion");
    assert_eq!(complete.header("if-none-match"), Some("*"));
    for s in seen
        .iter()
        .filter(|s| s.target.contains("partNumber") || s.target.contains("uploads"))
    {
        assert_eq!(s.header("if-none-match"), None, "{} {}", s.method, s.target);
    }
    assert!(
        seen.iter()
            .any(|s| s.method == "DELETE" && s.target.contains("uploadId=U1")),
        "the refused upload is aborted"
    );
}

#[tokio::test]
async fn copy_source_conditions_go_under_both_names() {
    let server = FaultServer::with_handler(|seen, _| answer(seen))
        .await
        .unwrap();
    let client = client(&server);
    let e = client
        .copy_object("b-1", "d", newtera::CopySource::new("b-1", "s"))
        .source_if_match("\"e\"")
        .source_if_unmodified_since(
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_478_708_692),
        )
        .await
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e}");
    let seen = server.seen();
    let copy = seen
        .iter()
        .find(|s| s.header("x-amz-copy-source").is_some())
        .expect("the copy");
    for prefix in ["x-amz-copy-source-if-", "x-amz-copy-if-"] {
        assert_eq!(copy.header(&format!("{prefix}match")), Some("\"e\""));
        assert_eq!(
            copy.header(&format!("{prefix}unmodified-since")),
            Some("Wed, 09 Nov 2016 16:24:52 GMT")
        );
    }
}
