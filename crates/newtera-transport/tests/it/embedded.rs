//! The stack built by hand against the embedded s3s-fs server (SigV4 checked by the server).

use http::Request;
use newtera_testkit::EmbeddedServer;
use newtera_transport::retry::RetryConfig;
use newtera_transport::sigv4::{Credentials, StaticCredentials};
use newtera_transport::{Body, ServiceBuilderExt as _};
use tower::{Service as _, ServiceExt as _};

use crate::support::http_service;

#[tokio::test]
async fn signed_requests_create_and_list_a_bucket() {
    let server = tokio::task::spawn_blocking(EmbeddedServer::start)
        .await
        .expect("join")
        .expect("server");
    let creds = Credentials::new(server.access_key(), server.secret_key());
    let mut svc = tower::ServiceBuilder::new()
        .s3_trace()
        .s3_retry(RetryConfig::default())
        .sigv4(StaticCredentials::new(creds), server.region())
        .service(http_service());

    let put = Request::put(format!("{}/newtera-transport-it", server.endpoint()))
        .body(Body::empty())
        .expect("req");
    let created = svc
        .ready()
        .await
        .expect("ready")
        .call(put)
        .await
        .expect("create bucket");
    assert_eq!(created.status(), 200);

    let list = Request::get(format!("{}/", server.endpoint()))
        .body(Body::empty())
        .expect("req");
    let listed = svc
        .ready()
        .await
        .expect("ready")
        .call(list)
        .await
        .expect("list buckets");
    assert_eq!(listed.status(), 200);
    let body = listed.into_body().collect().await.expect("body");
    assert!(String::from_utf8_lossy(&body).contains("<Name>newtera-transport-it</Name>"));

    // A wrong secret is refused by the server: the signature is really checked.
    let bad = Credentials::new(server.access_key(), "not-the-secret");
    let mut wrong = tower::ServiceBuilder::new()
        .sigv4(StaticCredentials::new(bad), server.region())
        .service(http_service());
    let list = Request::get(format!("{}/", server.endpoint()))
        .body(Body::empty())
        .expect("req");
    let refused = wrong
        .ready()
        .await
        .expect("ready")
        .call(list)
        .await
        .expect("response");
    assert_eq!(refused.status(), 403);
    drop(server);
}
