//! Every failure mode is a typed error, never a panic.

use std::time::{Duration, UNIX_EPOCH};

use newtera_sign::{
    ChunkedEncoding, Credentials, Error, PayloadMode, SignableRequest, SigningParams,
    aws_chunked_length, presign, presign_url, sign_headers, unsigned_final_chunk,
};

use crate::support::{at, s3_params};

fn builder() -> newtera_sign::SigningParamsBuilder {
    SigningParams::builder()
        .credentials(Credentials::new("AKID", "secret"))
        .region("us-east-1")
        .time(at(0))
}

#[test]
fn params_builder_rejects_missing_and_invalid_fields() {
    let missing = SigningParams::builder().region("r").time(at(0)).build();
    assert_eq!(
        missing.err(),
        Some(Error::MissingParameter {
            name: "credentials"
        })
    );
    let no_time = SigningParams::builder()
        .credentials(Credentials::new("a", "b"))
        .region("r")
        .build();
    assert_eq!(
        no_time.err(),
        Some(Error::MissingParameter { name: "time" })
    );
    for region in ["", "us east", "é"] {
        let err = builder().region(region).build().err();
        assert!(matches!(err, Some(Error::InvalidRegion { .. })), "{region}");
    }
    for service in ["", "S3", "s3/x"] {
        let err = builder().service(service).build().err();
        assert!(
            matches!(err, Some(Error::InvalidService { .. })),
            "{service}"
        );
    }
    for (ak, sk) in [("", "s"), ("a/b", "s"), ("a b", "s"), ("a", "")] {
        let err = builder()
            .credentials(Credentials::new(ak, sk))
            .build()
            .err();
        assert!(
            matches!(err, Some(Error::InvalidCredentials { .. })),
            "{ak}"
        );
    }
    let before_epoch = builder().time(UNIX_EPOCH - Duration::from_secs(1)).build();
    assert_eq!(before_epoch.err(), Some(Error::InvalidTime));
}

#[test]
fn request_problems_are_typed() {
    let params = s3_params();
    let sign = |method, path, headers: &[(&str, &str)]| {
        sign_headers(
            &SignableRequest::new(method, path, headers),
            PayloadMode::Unsigned,
            &params,
        )
        .err()
    };
    assert_eq!(sign("GET", "/", &[("x-a", "1")]), Some(Error::MissingHost));
    assert_eq!(
        sign("GET", "/", &[("host", "  ")]),
        Some(Error::MissingHost)
    );
    assert!(matches!(
        sign("GET", "/a b", &[("host", "h")]),
        Some(Error::InvalidPath { .. })
    ));
    assert!(matches!(
        sign("G T", "/", &[("host", "h")]),
        Some(Error::InvalidMethod { .. })
    ));
    assert!(matches!(
        sign("GET", "/", &[("host", "h"), ("x-a", "line\nbreak")]),
        Some(Error::InvalidHeaderValue { .. })
    ));
    assert!(matches!(
        sign("GET", "/", &[("host", "h"), ("x-a", "ü")]),
        Some(Error::InvalidHeaderValue { .. })
    ));
    assert!(matches!(
        sign("GET", "/", &[("host", "h"), ("bad name", "v")]),
        Some(Error::InvalidHeaderName { .. })
    ));
    let headers = [("host", "h")];
    let request = SignableRequest::new("PUT", "/", &headers);
    let bad_hash = sign_headers(&request, PayloadMode::Precomputed("ABC"), &params);
    assert_eq!(bad_hash.err(), Some(Error::InvalidPayloadHash));
}

#[test]
fn expiry_must_be_between_one_second_and_seven_days() {
    let params = s3_params();
    let headers = [("host", "h")];
    let request = SignableRequest::new("GET", "/k", &headers);
    for secs in [0, 604_801, u64::MAX] {
        let err = presign(&request, Duration::from_secs(secs), &params).err();
        assert_eq!(err, Some(Error::ExpiryOutOfRange { seconds: secs }));
    }
    let subsecond = presign(&request, Duration::from_millis(999), &params).err();
    assert_eq!(subsecond, Some(Error::ExpiryOutOfRange { seconds: 0 }));
    for secs in [1, 604_800] {
        assert!(presign(&request, Duration::from_secs(secs), &params).is_ok());
    }
}

#[test]
fn bad_urls_chunk_sizes_and_trailers_are_typed() {
    let params = s3_params();
    let day = Duration::from_secs(86_400);
    for url in [
        "localhost/b",
        "ftp://h/b",
        "http://h:port/b",
        "http:///b",
        "http://h/b c",
    ] {
        let err = presign_url("GET", url, day, &[], &params).err();
        assert!(
            matches!(
                err,
                Some(Error::InvalidUrl { .. } | Error::InvalidPath { .. })
            ),
            "{url}"
        );
    }
    let zero = aws_chunked_length(1, 0, ChunkedEncoding::Signed, &[]);
    assert_eq!(zero, Err(Error::InvalidChunkSize));
    let trailer = unsigned_final_chunk(&[("bad name", "v")]);
    assert!(matches!(trailer, Err(Error::InvalidTrailer { .. })));
}

#[test]
fn params_at_another_time_keep_everything_else() {
    let params = s3_params();
    let later = params.at(at(1_369_440_000)).expect("in range");
    assert_eq!(later.time().amz_date(), "20130525T000000Z");
    assert_eq!(
        later.credential(),
        "AKIAIOSFODNN7EXAMPLE/20130525/us-east-1/s3/aws4_request"
    );
    assert_eq!(
        params.at(UNIX_EPOCH - Duration::from_secs(1)).err(),
        Some(Error::InvalidTime)
    );
}
