//! Presigned URLs and POST forms, used by a plain HTTP client.

use std::time::{Duration, SystemTime};

use newtera::PostPolicy;

use crate::support::{bucket, client, kind, plain_http, unsupported};

#[tokio::test]
async fn presigned_get_and_put_work_without_credentials() {
    let client = client();
    let b = bucket(&client, "presign").await;
    let put_url = client
        .presigned_put_object(&b, "up load+.txt")
        .expires(Duration::from_secs(600))
        .await
        .unwrap();
    let answer = plain_http("PUT", &put_url, &[], b"via presigned put");
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );

    let get_url = client
        .presigned_get_object(&b, "up load+.txt")
        .await
        .unwrap();
    assert!(
        get_url.contains("X-Amz-Expires=604800"),
        "the seed's 7-day default"
    );
    let answer = plain_http("GET", &get_url, &[], b"");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, b"via presigned put");

    let tampered = get_url.replace("X-Amz-Expires=604800", "X-Amz-Expires=604799");
    assert_eq!(
        plain_http("GET", &tampered, &[], b"").status,
        403,
        "a changed URL is refused"
    );
}

#[tokio::test]
async fn response_header_overrides() {
    let client = client();
    let b = bucket(&client, "overrides").await;
    client.put_object(&b, "o", "x").await.unwrap();
    let url = client
        .presigned_get_object(&b, "o")
        .response_header("response-content-type", "text/x-override")
        .await
        .unwrap();
    let answer = plain_http("GET", &url, &[], b"");
    assert_eq!(answer.status, 200);
    let ct = answer
        .headers
        .iter()
        .find(|(k, _)| k == "content-type")
        .map(|(_, v)| v.as_str());
    assert_eq!(ct, Some("text/x-override"), "the override is honoured");
    assert_eq!(answer.body, b"x");
}

#[tokio::test]
async fn expiry_out_of_range_is_refused_before_any_request() {
    let client = client();
    for bad in [Duration::ZERO, Duration::from_secs(7 * 24 * 3600 + 1)] {
        let err = client
            .presigned_get_object("bucket", "k")
            .expires(bad)
            .await
            .unwrap_err();
        assert!(err.is_invalid_argument(), "{bad:?}: {err}");
    }
}

#[tokio::test]
async fn post_policy_form_uploads_with_curl_style_fields() {
    let client = client();
    let b = bucket(&client, "post").await;
    let policy = PostPolicy::new(&b, SystemTime::now() + Duration::from_secs(600))
        .key_starts_with("uploads/")
        .content_length_range(1, 1 << 20);
    let form = client.presigned_post_policy(policy).await.unwrap();
    // The form carries `key` set to the policy's prefix; a browser fills in
    // the rest of the name.
    let mut fields = form.fields.clone();
    let key = fields
        .iter_mut()
        .find(|(k, _)| k == "key")
        .expect("a key field");
    assert!(key.1.starts_with("uploads/"), "{}", key.1);
    key.1 = "uploads/posted.txt".into();
    let (body, boundary) = multipart_form(&fields, b"posted with a form");
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let answer = plain_http("POST", &form.url, &[("Content-Type", &content_type)], &body);
    if !(200..300).contains(&answer.status) {
        unsupported("browser POST upload (presigned POST policy)");
        println!(
            "{} answered {}: {}",
            kind().name(),
            answer.status,
            String::from_utf8_lossy(&answer.body)
        );
        assert!(answer.status >= 400);
        return;
    }
    let got = client
        .get_object(&b, "uploads/posted.txt")
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(got, "posted with a form");
}

fn multipart_form(fields: &[(String, String)], file: &[u8]) -> (Vec<u8>, String) {
    let boundary = "newtera-boundary-7d1f".to_owned();
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.txt\"\r\nContent-Type: text/plain\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (body, boundary)
}
