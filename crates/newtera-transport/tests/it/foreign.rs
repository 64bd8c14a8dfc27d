//! `SigV4` and `Retry` over another HTTP client: hyper-util's own client
//! taking `Full<Bytes>` bodies, against the embedded s3s-fs server (which
//! checks every signature, payload hash included).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use newtera_testkit::EmbeddedServer;
use newtera_transport::retry::RetryConfig;
use newtera_transport::sigv4::{Credentials, StaticCredentials};
use newtera_transport::{BoxError, ResponseBody, ServiceBuilderExt as _};
use tower::{Service as _, ServiceBuilder, ServiceExt as _};

#[tokio::test]
async fn sigv4_and_retry_over_a_hyper_client_with_full_bodies() {
    let server = tokio::task::spawn_blocking(EmbeddedServer::start)
        .await
        .expect("join")
        .expect("server");
    let hyper = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    // The foreign client, its body wrapped in newtera's response body type.
    let client = ServiceBuilder::new()
        .map_err(|e: hyper_util::client::legacy::Error| BoxError::from(e))
        .map_response(|r: Response<hyper::body::Incoming>| r.map(ResponseBody::new))
        .service(hyper);
    // Below signing, the first attempt of each PUT goes to a closed port:
    // hyper-util fails with its own error, which the retry layer must read
    // as a connection failure and answer by replaying the body, signed anew.
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let hashes = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let hashed = hashes.clone();
    let flaky = tower::service_fn(move |req: Request<Full<Bytes>>| {
        let n = seen.fetch_add(1, Ordering::SeqCst);
        let mut client = client.clone();
        let hash = req
            .headers()
            .get("x-amz-content-sha256")
            .map(|h| h.to_str().unwrap().to_owned());
        hashed.lock().unwrap().extend(hash);
        async move {
            assert!(
                req.headers().contains_key(http::header::AUTHORIZATION),
                "signed before it is sent"
            );
            let mut req = req;
            if req.method() == http::Method::PUT && n.is_multiple_of(2) {
                // hyper-util's own connection error (refused), source chain and all.
                *req.uri_mut() = format!("http://{dead}{}", req.uri().path())
                    .parse()
                    .unwrap();
            }
            client.ready().await?.call(req).await
        }
    });
    let credentials = Credentials::new(server.access_key(), server.secret_key());
    let mut s3 = ServiceBuilder::new()
        .s3_retry(
            RetryConfig::default()
                .base_delay(Duration::from_millis(1))
                .no_budget(),
        )
        .sigv4(StaticCredentials::new(credentials), server.region())
        .service(flaky);

    let bucket = format!("{}/foreign", server.endpoint());
    let put = Request::put(&bucket).body(Full::new(Bytes::new())).unwrap();
    let made = s3.ready().await.unwrap().call(put).await.unwrap();
    assert_eq!(made.status(), 200);
    assert_eq!(calls.load(Ordering::SeqCst), 2, "one reset, one retry");

    let payload = Bytes::from(vec![7u8; 100_000]);
    let put = Request::put(format!("{bucket}/k"))
        .body(Full::new(payload.clone()))
        .unwrap();
    let stored = s3.ready().await.unwrap().call(put).await.unwrap();
    assert_eq!(
        stored.status(),
        200,
        "the server accepted the replayed, re-signed body"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 4);

    let get = Request::get(format!("{bucket}/k"))
        .body(Full::new(Bytes::new()))
        .unwrap();
    let got = s3.ready().await.unwrap().call(get).await.unwrap();
    assert_eq!(got.status(), 200);
    let body = got.into_body().collect().await.unwrap();
    assert!(
        body == payload,
        "the object is the whole body, sent once more"
    );

    // The payload was hashed into the signature (plain HTTP), on every attempt.
    let hashes = hashes.lock().unwrap().clone();
    let expected = newtera_sign::sha256_hex(&payload);
    assert_eq!(
        hashes.iter().filter(|h| **h == expected).count(),
        2,
        "{hashes:?}"
    );
}
