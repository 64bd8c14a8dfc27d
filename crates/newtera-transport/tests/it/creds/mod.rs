//! The credentials providers against loopback servers speaking the documented wire
//! formats (IMDSv2, the container endpoint, STS, MinIO STS), and the chain.

mod chain;
mod container;
mod imds;
mod mtls;
mod process;
mod profile;
mod sts;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::Response;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;

use crate::support::Reply;

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: String,
}

/// Every request a test server received, in order.
pub(crate) type Log = Arc<Mutex<Vec<Seen>>>;

pub(crate) async fn record(log: &Log, req: http::Request<Incoming>) -> Seen {
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let seen = Seen {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        headers: parts.headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    log.lock().expect("log").push(seen.clone());
    seen
}

pub(crate) fn reply(status: u16, body: impl Into<String>) -> Reply {
    Response::builder()
        .status(status)
        .body(Full::new(Bytes::from(body.into())))
        .expect("response")
}

/// An RFC 3339 time `secs` from now (negative: in the past).
pub(crate) fn rfc3339_in(secs: i64) -> String {
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    let t = now + secs;
    let (days, rem) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let (y, m, d) = civil(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The JSON document IMDS and the container endpoint send.
pub(crate) fn json_credentials(access: &str, expires_in: i64) -> String {
    format!(
        r#"{{"Code":"Success","LastUpdated":"2024-01-01T00:00:00Z","Type":"AWS-HMAC","AccessKeyId":"{access}","SecretAccessKey":"json-secret-{access}","Token":"json-token-{access}","Expiration":"{}"}}"#,
        rfc3339_in(expires_in)
    )
}

/// An environment of fixed variables.
pub(crate) fn env(
    vars: &[(&str, &str)],
) -> impl Fn(&str) -> Option<String> + Send + Sync + Clone + 'static {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

/// A server that accepts connections and never answers.
pub(crate) async fn hung_server() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((tcp, _)) = listener.accept().await {
            held.push(tcp);
        }
    });
    addr
}

/// Asserts `text` shows none of `secrets`.
pub(crate) fn assert_hidden(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "{secret:?} leaked in {text}");
    }
}

pub(crate) const SHORT: Duration = Duration::from_millis(300);
