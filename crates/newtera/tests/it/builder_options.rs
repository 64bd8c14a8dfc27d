//! The built-in HTTP client's options are refused, by name, when
//! `http_client(..)` replaces that client (they could not apply), and every
//! timeout takes a `Duration` or `None`.

use std::time::Duration;

use http::{Request, Response};
use newtera::transport::{Body, BoxError, ProxyConfig, ResponseBody};
use newtera::{Error, HttpClientOption, Newtera, NewteraBuilder};

/// A service that answers every request with an empty 200.
fn service() -> impl tower::Service<
    Request<Body>,
    Response = Response<ResponseBody>,
    Error = BoxError,
    Future = std::future::Ready<Result<Response<ResponseBody>, BoxError>>,
> + Clone
+ Send
+ Sync
+ 'static {
    tower::service_fn(|_req: Request<Body>| {
        std::future::ready(
            Response::builder()
                .status(200)
                .body(ResponseBody::empty())
                .map_err(BoxError::from),
        )
    })
}

fn builder() -> NewteraBuilder {
    Newtera::builder("http://127.0.0.1:9")
        .credentials("AKIDEXAMPLE", "secret")
        .region("us-east-1")
}

const PEM: &str = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

/// Sets one option on a builder.
type SetOption = fn(NewteraBuilder) -> NewteraBuilder;

/// Each option of the built-in client, set on a builder.
fn options() -> Vec<(&'static str, SetOption)> {
    vec![
        ("connect_timeout", |b| {
            b.connect_timeout(Duration::from_secs(1))
        }),
        ("read_timeout", |b| b.read_timeout(Duration::from_secs(1))),
        ("proxy", |b| {
            b.proxy(ProxyConfig::all("http://127.0.0.1:3128"))
        }),
        ("add_root_certificate_pem", |b| {
            b.add_root_certificate_pem(PEM)
        }),
        ("danger_accept_invalid_certs", |b| {
            b.danger_accept_invalid_certs(true)
        }),
        ("pool_max_idle_per_host", |b| b.pool_max_idle_per_host(8)),
    ]
}

fn refused_as(result: newtera::Result<Newtera>, option: &str) {
    let err = result.expect_err(option);
    assert!(
        matches!(err, Error::InvalidArgument(_)),
        "{option}: {err:?}"
    );
    let source = std::error::Error::source(&err).expect("a source");
    let conflict = source
        .downcast_ref::<HttpClientOption>()
        .unwrap_or_else(|| panic!("{option}: {source:?}"));
    assert_eq!(conflict.option(), option);
    let text = err.to_string();
    assert!(text.contains(option), "{text}");
    assert!(text.contains("http_client"), "{text}");
}

#[test]
fn each_built_in_option_is_refused_with_a_custom_http_client() {
    for (name, set) in options() {
        // Before and after `http_client`: the order does not matter.
        refused_as(set(builder()).http_client(service()).build(), name);
        refused_as(set(builder().http_client(service())).build(), name);
        // Turning a timeout off is setting it too.
        if name.ends_with("_timeout") {
            let off = if name == "connect_timeout" {
                builder().connect_timeout(None)
            } else {
                builder().read_timeout(None)
            };
            refused_as(off.http_client(service()).build(), name);
        }
    }
}

#[test]
fn the_same_options_build_the_built_in_client() {
    for (name, set) in options() {
        if name == "add_root_certificate_pem" {
            continue; // not a parseable certificate; the HTTP client rejects it
        }
        set(builder())
            .build()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[tokio::test]
async fn a_custom_http_client_with_the_stack_options_builds_and_is_used() {
    let client = builder()
        .http_client(service())
        .attempt_timeout(Duration::from_secs(5))
        .operation_timeout(None)
        .build()
        .expect("the stack's own timeouts still apply");
    assert!(client.bucket_exists("bucket").await.expect("a 200"));
}

#[test]
fn every_timeout_takes_a_duration_or_none() {
    let second = Duration::from_secs(1);
    builder()
        .attempt_timeout(second)
        .operation_timeout(second)
        .connect_timeout(second)
        .read_timeout(second)
        .build()
        .expect("durations");
    builder()
        .attempt_timeout(None)
        .operation_timeout(None)
        .connect_timeout(None)
        .read_timeout(None)
        .build()
        .expect("all off");
}
