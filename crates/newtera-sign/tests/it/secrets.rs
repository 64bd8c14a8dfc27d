//! Secrets, tokens and signatures never reach `Debug`, `Display` or errors.

use std::sync::Arc;
use std::time::Duration;

use newtera_sign::{
    ChunkSigner, Credentials, PayloadMode, PostPolicy, SignableRequest, SigningKey,
    SigningKeyCache, SigningParams, UrlPresigner, presign, sign_headers,
};

use crate::support::at;

const SECRET: &str = "wJalrXUtnFEMI-SECRET";
const TOKEN: &str = "SESSION-TOKEN-VALUE";

fn params(cache: Arc<SigningKeyCache>) -> SigningParams {
    SigningParams::builder()
        .credentials(Credentials::new("AKID", SECRET).with_session_token(TOKEN))
        .region("us-east-1")
        .time(at(1_369_353_600))
        .key_cache(cache)
        .build()
        .expect("params")
}

#[test]
fn nothing_secret_is_printed() {
    let cache = Arc::new(SigningKeyCache::new());
    let params = params(Arc::clone(&cache));
    let headers = [("host", "h")];
    let request = SignableRequest::new("GET", "/k", &headers);
    let out = sign_headers(&request, PayloadMode::Unsigned, &params).expect("signs");
    let presigned = presign(&request, Duration::from_secs(60), &params).expect("presigns");
    let form = PostPolicy::new("bkt", at(1_369_357_200))
        .key("k")
        .sign(&params)
        .expect("form");
    let chunks = ChunkSigner::new(out.signature(), &params);
    let url = UrlPresigner::new("GET", "https://h/b/k", Duration::from_secs(60))
        .sign(&params)
        .expect("url");
    let key = SigningKey::derive(SECRET, "20130524", "us-east-1", "s3");
    let printed = format!(
        "{:?} {} {params:?} {out:?} {presigned:?} {form:?} {chunks:?} {key:?} {cache:?} {url:?}",
        params.credentials(),
        params.credentials()
    );
    for secret in [
        SECRET,
        TOKEN,
        out.signature(),
        presigned.signature(),
        form.signature(),
        url.signature(),
    ] {
        assert!(!printed.contains(secret), "leaked {secret} in {printed}");
    }
    assert!(printed.contains("AKID"), "the access key is shown");
    assert_eq!(cache.len(), 1, "the cache was used");
}

#[test]
fn signing_types_are_send_and_sync() {
    fn check<T: Send + Sync + Clone>() {}
    check::<Credentials>();
    check::<SigningParams>();
    check::<ChunkSigner>();
    check::<newtera_sign::PresignedUrl>();
    check::<newtera_sign::SignedHeaders>();
    check::<newtera_sign::checksum::Checksummer>();
    check::<newtera_sign::checksum::Checksum>();
    check::<Arc<SigningKeyCache>>();
}
