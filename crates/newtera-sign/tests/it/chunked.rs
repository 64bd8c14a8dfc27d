//! aws-chunked: the S3 64 KiB example and the trailer variants.

use newtera_sign::{
    ChunkSigner, ChunkedEncoding, PayloadMode, SignableRequest, SignedHeaders, SigningKey,
    SigningParams, aws_chunked_length, frame_unsigned_chunk, sign_headers, unsigned_chunk_header,
    unsigned_final_chunk,
};

use crate::support::{S3_EXAMPLES, load, pairs, s, s3_params};

#[test]
fn chunked_upload_example_matches_seed_and_every_chunk() {
    let doc = load(S3_EXAMPLES);
    let ex = &doc["chunked"];
    let params = s3_params();
    let headers = pairs(&ex["headers"]);
    let request = SignableRequest::new(s(ex, "method"), s(ex, "path"), &headers);
    let seed = sign_headers(&request, PayloadMode::Streaming, &params).expect("seed");
    assert_eq!(seed.canonical_request(), s(ex, "creq"));
    assert_eq!(seed.string_to_sign(), s(ex, "sts"));
    assert_eq!(seed.signature(), s(ex, "seed_signature"));
    assert_eq!(seed.authorization().replace(", ", ","), s(ex, "authz"));

    let mut signer = ChunkSigner::new(seed.signature(), &params);
    let mut body = Vec::new();
    for (i, chunk) in ex["chunks"].as_array().expect("chunks").iter().enumerate() {
        let len = usize::try_from(chunk["length"].as_u64().expect("len")).expect("fits");
        let data = vec![b'a'; len];
        if let Some(sts) = chunk.get("sts") {
            assert_eq!(
                signer.chunk_string_to_sign(&data),
                sts.as_str().expect("sts")
            );
        }
        let expected = s(chunk, "signature");
        if len == 0 {
            let last = signer.final_chunk();
            assert_eq!(
                last,
                format!("0;chunk-signature={expected}\r\n\r\n"),
                "chunk {i}"
            );
            body.extend_from_slice(last.as_bytes());
        } else {
            let framed = signer.frame_chunk(&data);
            let header = format!("{len:x};chunk-signature={expected}\r\n");
            assert!(framed.starts_with(header.as_bytes()), "chunk {i}");
            assert!(framed.ends_with(b"a\r\n"));
            body.extend_from_slice(&framed);
        }
        assert_eq!(signer.previous_signature(), expected);
    }
    let content_length = ex["content_length"].as_u64().expect("content length");
    assert_eq!(body.len() as u64, content_length);
    let decoded = ex["decoded_length"].as_u64().expect("decoded");
    let computed = aws_chunked_length(decoded, 65_536, ChunkedEncoding::Signed, &[]);
    assert_eq!(computed, Ok(content_length));
}

#[test]
fn signed_trailer_is_chained_to_the_final_chunk() {
    let params = s3_params();
    let mut signer = ChunkSigner::new("0".repeat(64), &params);
    let framed = signer.frame_chunk(b"hello");
    let trailers = [("x-amz-checksum-crc32c", "sOO8/Q==")];
    let mut check = signer.clone();
    let tail = signer
        .final_chunk_with_trailers(&trailers)
        .expect("trailer");
    // Recompute by hand: the empty chunk, then the trailer string to sign.
    let final_sig = check.sign_chunk(&[]);
    let key = SigningKey::derive(
        params.credentials().secret_key(),
        "20130524",
        "us-east-1",
        "s3",
    );
    let trailer_hash = hex_sha256(b"x-amz-checksum-crc32c:sOO8/Q==\n");
    let sts = format!(
        "AWS4-HMAC-SHA256-TRAILER\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n{final_sig}\n{trailer_hash}"
    );
    let trailer_sig = key.sign(&sts);
    assert_eq!(
        tail,
        format!(
            "0;chunk-signature={final_sig}\r\nx-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:{trailer_sig}\r\n\r\n"
        )
    );
    let total = framed.len() + tail.len();
    let computed = aws_chunked_length(5, 8192, ChunkedEncoding::SignedWithTrailer, &trailers);
    assert_eq!(computed, Ok(total as u64));
}

#[test]
fn unsigned_trailer_framing_and_length() {
    let trailers = [("x-amz-checksum-crc32c", "sOO8/Q==")];
    let mut body = unsigned_chunk_header(70_000).into_bytes();
    body.extend(std::iter::repeat_n(b'x', 70_000));
    body.extend_from_slice(b"\r\n");
    let tail = unsigned_final_chunk(&trailers).expect("trailer");
    assert_eq!(tail, "0\r\nx-amz-checksum-crc32c:sOO8/Q==\r\n\r\n");
    body.extend_from_slice(tail.as_bytes());
    assert!(body.starts_with(b"11170\r\n"));
    let computed = aws_chunked_length(
        70_000,
        1 << 20,
        ChunkedEncoding::UnsignedWithTrailer,
        &trailers,
    );
    assert_eq!(computed, Ok(body.len() as u64));
}

#[test]
fn streaming_modes_set_their_content_sha256() {
    let params = s3_params();
    let headers = [("host", "h")];
    let request = SignableRequest::new("PUT", "/b/k", &headers);
    for (mode, value) in [
        (PayloadMode::Streaming, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
        (
            PayloadMode::StreamingTrailer,
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
        ),
        (
            PayloadMode::StreamingUnsignedTrailer,
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        ),
    ] {
        let out = sign_headers(&request, mode, &params).expect("signs");
        assert_eq!(out.header("x-amz-content-sha256"), Some(value));
        assert!(out.canonical_request().ends_with(value));
    }
}

/// Hex SHA-256 via the payload mode `Bytes`, whose content hash it is
/// (checked against published vectors in `s3_examples`).
fn hex_sha256(data: &[u8]) -> String {
    PayloadMode::Bytes(data).content_sha256().expect("hash")
}

#[test]
fn chunked_upload_with_signed_trailer_matches_the_published_example() {
    let doc = load(S3_EXAMPLES);
    let ex = &doc["chunked_trailer"];
    // The published request also carries Content-Length, which its
    // signature leaves out: the signed-headers policy expresses that.
    let trailers = pairs(&ex["trailers"]);
    let length = aws_chunked_length(
        66_560,
        65_536,
        ChunkedEncoding::SignedWithTrailer,
        &trailers,
    )
    .expect("length")
    .to_string();
    let mut headers = pairs(&ex["headers"]);
    headers.push(("Content-Length", &length));
    let params = SigningParams::builder()
        .credentials(s3_params().credentials().clone())
        .region("us-east-1")
        .time(crate::support::at(1_369_353_600))
        .signed_headers(SignedHeaders::except(["content-length"]))
        .build()
        .expect("params");
    let request = SignableRequest::new(s(ex, "method"), s(ex, "path"), &headers);
    let seed = sign_headers(&request, PayloadMode::StreamingTrailer, &params).expect("seed");
    assert_eq!(seed.string_to_sign(), s(ex, "sts"));
    assert_eq!(seed.signature(), s(ex, "seed_signature"));
    let signed_headers = format!("SignedHeaders={},", s(ex, "signed_headers"));
    assert!(seed.authorization().contains(&signed_headers));
    // Signing every header, as before the policy existed, gives another signature.
    let all = sign_headers(&request, PayloadMode::StreamingTrailer, &s3_params()).expect("seed");
    assert_ne!(all.signature(), s(ex, "seed_signature"));

    let mut signer = ChunkSigner::new(seed.signature(), &params);
    let chunks = ex["chunks"].as_array().expect("chunks");
    for chunk in &chunks[..2] {
        let len = usize::try_from(chunk["length"].as_u64().expect("len")).expect("fits");
        signer.chunk_header(&vec![b'a'; len]);
        assert_eq!(signer.previous_signature(), s(chunk, "signature"));
    }
    let mut check = signer.clone();
    let tail = signer.final_chunk_with_trailers(&trailers).expect("tail");
    let expected = format!(
        "0;chunk-signature={}\r\nx-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:{}\r\n\r\n",
        s(&chunks[2], "signature"),
        s(ex, "trailer_signature")
    );
    assert_eq!(tail, expected);

    // The trailer's string to sign, stage by stage.
    check.sign_chunk(&[]);
    let sts = check.trailer_string_to_sign(&trailers).expect("sts");
    assert_eq!(
        sts,
        format!(
            "AWS4-HMAC-SHA256-TRAILER\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n{}\n{}",
            s(&chunks[2], "signature"),
            hex_sha256(b"x-amz-checksum-crc32c:sOO8/Q==\n")
        )
    );
    assert_eq!(
        check.sign_trailer(&trailers),
        Ok(s(ex, "trailer_signature").to_owned())
    );
}

#[test]
fn unsigned_chunks_are_framed_for_the_caller() {
    assert_eq!(frame_unsigned_chunk(b"hello"), b"5\r\nhello\r\n");
    assert!(frame_unsigned_chunk(b"").is_empty());
    let data = vec![7u8; 70_000];
    let trailers = [("x-amz-checksum-crc32c", "AAAAAA==")];
    let mut body = frame_unsigned_chunk(&data);
    body.extend_from_slice(unsigned_final_chunk(&trailers).expect("tail").as_bytes());
    let computed = aws_chunked_length(
        70_000,
        1 << 20,
        ChunkedEncoding::UnsignedWithTrailer,
        &trailers,
    );
    assert_eq!(computed, Ok(body.len() as u64));
}
