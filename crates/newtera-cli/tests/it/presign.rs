//! `presign`: URLs that work with a plain HTTP client.

use std::io::{Read, Write};

use crate::support::{Harness, TestResult};

/// Sends `method` to an `http://` URL with a raw socket; returns the status
/// line and the body.
fn plain(
    method: &str,
    url: &str,
    body: &[u8],
) -> Result<(String, Vec<u8>), Box<dyn std::error::Error>> {
    let rest = url.strip_prefix("http://").ok_or("not an http:// URL")?;
    let (authority, path) = rest.split_at(rest.find('/').ok_or("no path")?);
    let mut stream = std::net::TcpStream::connect(authority)?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no head")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.lines().next().unwrap_or_default().to_owned();
    Ok((status, raw[split + 4..].to_vec()))
}

#[test]
fn get_and_put_urls_work() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("shared")?;
    h.client
        .put_object(&bucket, "hello.txt", "presigned hello")
        .send()?;

    let run = h
        .run(&["presign", "--expires", "1h", "t/shared/hello.txt"])
        .expect(0);
    let url = run.stdout.trim();
    assert!(url.contains("X-Amz-Expires=3600"), "{url}");
    let (status, body) = plain("GET", url, b"")?;
    assert!(status.contains(" 200"), "{status}");
    assert_eq!(body, b"presigned hello");

    let run = h
        .run(&[
            "--json",
            "presign",
            "--put",
            "--expires",
            "15m",
            "t/shared/up.txt",
        ])
        .expect(0);
    let line = &run.json_lines()[0];
    assert_eq!(line["method"], "PUT");
    assert_eq!(line["expires_seconds"], 900);
    let url = line["url"].as_str().ok_or("no url")?;
    let (status, _) = plain("PUT", url, b"uploaded by URL")?;
    assert!(status.contains(" 200"), "{status}");
    assert_eq!(
        h.client.get_object_bytes(&bucket, "up.txt").send()?,
        "uploaded by URL"
    );
    Ok(())
}

#[test]
fn expiry_beyond_seven_days_is_a_usage_error() -> TestResult {
    let h = Harness::new()?;
    h.bucket("shared")?;
    let run = h
        .run(&["presign", "--expires", "8d", "t/shared/x"])
        .expect(2);
    assert!(run.stdout.is_empty());
    Ok(())
}

/// A download URL for an object that is not there is refused (not found,
/// nothing printed); an upload URL for it is what uploading needs.
#[test]
fn a_download_url_for_a_missing_object_is_not_found() -> TestResult {
    let h = Harness::new()?;
    h.bucket("shared")?;
    for args in [
        &["presign", "t/shared/missing.txt"][..],
        &["share", "download", "t/shared/missing.txt"],
    ] {
        let run = h.run(args).expect(3);
        assert!(run.stdout.is_empty(), "{args:?}: {run:?}");
    }
    let run = h
        .run(&["presign", "--put", "t/shared/missing.txt"])
        .expect(0);
    assert!(run.stdout.contains("X-Amz-Signature="), "{run:?}");
    Ok(())
}
