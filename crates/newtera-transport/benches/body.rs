//! Benchmarks of newtera-transport: tiny timing loops (no criterion): signing through the layer, body replay, and a
//! keep-alive GET round trip on loopback.

use std::convert::Infallible;
use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::Full;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use newtera_transport::sigv4::{Credentials, SigV4Layer, StaticCredentials};
use newtera_transport::{Body, HttpService, ProxyConfig, ResponseBody};
use tower::{Layer as _, Service as _, ServiceExt as _};

fn report(name: &str, iterations: u32, elapsed: Duration) {
    let ns = elapsed.as_nanos() as f64 / f64::from(iterations);
    println!("{name:<44} {ns:>12.0} ns/op {:>12.0} ops/s", 1e9 / ns);
}

/// Runs `f` for a warm-up, then `iterations` timed times.
async fn bench<F, Fut>(name: &str, iterations: u32, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for _ in 0..iterations / 10 {
        f().await;
    }
    let start = Instant::now();
    for _ in 0..iterations {
        f().await;
    }
    report(name, iterations, start.elapsed());
}

async fn sign_bench(name: &str, url: &'static str, body: Bytes) {
    let inner = tower::service_fn(|req: Request<Body>| async move {
        black_box(req);
        Ok::<_, Infallible>(Response::new(ResponseBody::empty()))
    });
    let creds = StaticCredentials::new(Credentials::new("AKIDEXAMPLE", "secret-key-0123456789"));
    let svc = SigV4Layer::new(creds, "us-east-1").layer(inner);
    bench(name, 20_000, || {
        let svc = svc.clone();
        let req = Request::put(url)
            .body(Body::from(body.clone()))
            .expect("request");
        async move {
            black_box(svc.oneshot(req).await.expect("signed"));
        }
    })
    .await;
}

async fn loopback_server() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            tokio::spawn(async move {
                let svc = service_fn(|_req| async {
                    Ok::<_, Infallible>(Response::new(Full::new(Bytes::from_static(b"ok"))))
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tcp), svc)
                    .await;
            });
        }
    });
    addr
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    sign_bench(
        "sigv4 layer, https (UNSIGNED-PAYLOAD)",
        "https://s3.test/b/k",
        Bytes::new(),
    )
    .await;
    let body = Bytes::from(vec![7u8; 64 * 1024]);
    sign_bench(
        "sigv4 layer, http, 64 KiB hashed",
        "http://s3.test/b/k",
        body.clone(),
    )
    .await;

    let big = Body::from(Bytes::from(vec![1u8; 1 << 20]));
    bench("Body::try_clone (1 MiB bytes)", 1_000_000, || {
        black_box(big.try_clone());
        async {}
    })
    .await;

    let addr = loopback_server().await;
    let http = HttpService::builder()
        .proxy(ProxyConfig::none())
        .build()
        .expect("service");
    let url = format!("http://{addr}/b/k");
    bench("HttpService GET round trip (keep-alive)", 5_000, || {
        let mut http = http.clone();
        let req = Request::get(url.as_str())
            .body(Body::empty())
            .expect("request");
        async move {
            let response = http
                .ready()
                .await
                .expect("ready")
                .call(req)
                .await
                .expect("response");
            black_box(response.into_body().collect().await.expect("body"));
        }
    })
    .await;
}
