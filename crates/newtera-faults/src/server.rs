//! A loopback HTTP/1.1 server that answers each request with the next
//! scripted [`Action`], so a test decides exactly how the "S3 server"
//! misbehaves: error statuses, resets, stalls, short bodies.

use std::collections::VecDeque;
use std::io;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

use crate::http1::{self, Seen};

/// One reply: status, headers and body. `Content-Length` is added from the
/// body unless [`Reply::content_length`] overrides it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// The `Content-Length` value to announce instead of the body's length
    /// (any text, even a negative or absurd one); `Some("")` omits it.
    pub content_length: Option<String>,
}

impl Reply {
    /// A reply with `status` and `body`.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
            content_length: None,
        }
    }

    /// An S3 `<Error>` document with `code`.
    pub fn s3_error(status: u16, code: &str) -> Self {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>injected {code}</Message><RequestId>fault-{status}</RequestId></Error>"
        );
        Self::new(status, body).header("content-type", "application/xml")
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Announces this `Content-Length` whatever the body's length ("" omits
    /// the header, making the body end at connection close).
    pub fn content_length(mut self, value: impl Into<String>) -> Self {
        self.content_length = Some(value.into());
        self
    }

    /// The status line and headers.
    fn head(&self) -> String {
        let mut head = format!("HTTP/1.1 {} Fault\r\n", self.status);
        match self.content_length.as_deref() {
            None => head.push_str(&format!("content-length: {}\r\n", self.body.len())),
            Some("") => head.push_str("connection: close\r\n"),
            Some(v) => head.push_str(&format!("content-length: {v}\r\n")),
        }
        for (k, v) in &self.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        head
    }
}

/// What the server does with one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Answer normally.
    Reply(Reply),
    /// Read the request head only, then reset the connection (RST) while
    /// the client is still sending its body.
    ResetMidRequest,
    /// Read the whole request, then reset the connection without answering.
    ResetAfterRequest,
    /// Read the whole request, then close cleanly (FIN) without answering.
    CloseAfterRequest,
    /// Read the request and send nothing for this long, then close.
    Stall(Duration),
    /// Send the head and the first `keep` bytes of the body, then close:
    /// a body shorter than its `Content-Length`.
    Truncate {
        /// The reply whose head (and full length) is announced.
        reply: Reply,
        /// Body bytes actually sent.
        keep: usize,
    },
    /// Send the head and the first `keep` bytes, then reset the connection.
    ResetMidResponse {
        /// The reply whose head is announced.
        reply: Reply,
        /// Body bytes sent before the reset.
        keep: usize,
    },
    /// Send the head and the first `keep` bytes, then go silent for `stall`.
    StallMidResponse {
        /// The reply whose head is announced.
        reply: Reply,
        /// Body bytes sent before the stall.
        keep: usize,
        /// How long to stay silent.
        stall: Duration,
    },
}

/// Chooses the action for a request, given the request and its index
/// (0-based, counting every request the server has received).
pub(crate) type Handler = dyn Fn(&Seen, usize) -> Action + Send + Sync;

/// The running server. Dropping it stops the listener and every connection.
pub struct FaultServer {
    endpoint: String,
    state: Arc<State>,
    tasks: Arc<Mutex<Vec<AbortHandle>>>,
}

impl std::fmt::Debug for FaultServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaultServer")
            .field("endpoint", &self.endpoint)
            .field("requests", &self.requests())
            .finish_non_exhaustive()
    }
}

struct State {
    seen: Mutex<Vec<Seen>>,
    handler: Box<Handler>,
}

impl FaultServer {
    /// Serves `script` in order; once it runs out, every request gets a 400
    /// `ScriptExhausted` error (not retryable, so a test sees it at once).
    pub async fn start(script: Vec<Action>) -> io::Result<Self> {
        let script = Mutex::new(VecDeque::from(script));
        Self::with_handler(move |_, _| {
            lock(&script)
                .pop_front()
                .unwrap_or_else(|| Action::Reply(Reply::s3_error(400, "ScriptExhausted")))
        })
        .await
    }

    /// Serves every request with `handler`'s choice.
    pub async fn with_handler(
        handler: impl Fn(&Seen, usize) -> Action + Send + Sync + 'static,
    ) -> io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let endpoint = format!("http://{}", listener.local_addr()?);
        let state = Arc::new(State {
            seen: Mutex::new(Vec::new()),
            handler: Box::new(handler),
        });
        let tasks = Arc::new(Mutex::new(Vec::new()));
        let accept = tokio::spawn(accept_loop(listener, state.clone(), tasks.clone()));
        lock(&tasks).push(accept.abort_handle());
        Ok(Self {
            endpoint,
            state,
            tasks,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Every request received so far (a request reset mid-body is recorded
    /// with the body it had).
    pub fn seen(&self) -> Vec<Seen> {
        lock(&self.state.seen).clone()
    }

    /// How many requests arrived.
    pub fn requests(&self) -> usize {
        lock(&self.state.seen).len()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        for task in lock(&self.tasks).drain(..) {
            task.abort();
        }
    }
}

/// A poisoned lock only means another test thread panicked; the data is
/// still fine to read.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn accept_loop(
    listener: TcpListener,
    state: Arc<State>,
    tasks: Arc<Mutex<Vec<AbortHandle>>>,
) {
    while let Ok((socket, _)) = listener.accept().await {
        let _ = socket.set_nodelay(true);
        let task = tokio::spawn(serve(socket, state.clone()));
        lock(&tasks).push(task.abort_handle());
    }
}

async fn serve(socket: TcpStream, state: Arc<State>) {
    let mut conn = BufReader::new(socket);
    while let Some(mut request) = http1::read_head(&mut conn).await {
        let index = {
            let seen = lock(&state.seen);
            seen.len()
        };
        let action = (state.handler)(&request, index);
        if action == Action::ResetMidRequest {
            lock(&state.seen).push(request);
            reset(conn.into_inner());
            return;
        }
        let complete = http1::read_body(&mut conn, &mut request).await.is_some();
        let close = request
            .header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"));
        lock(&state.seen).push(request);
        if !complete || !act(&mut conn, action).await || close {
            return;
        }
    }
}

/// Carries out `action`; `false` when the connection is finished.
async fn act(conn: &mut BufReader<TcpStream>, action: Action) -> bool {
    let socket = conn.get_mut();
    match action {
        Action::Reply(reply) => {
            let ok = send(socket, &reply, reply.body.len()).await;
            ok && reply.content_length.as_deref() != Some("")
        }
        Action::ResetMidRequest | Action::ResetAfterRequest => {
            let _ = socket.set_zero_linger();
            false
        }
        Action::CloseAfterRequest => {
            let _ = socket.shutdown().await;
            false
        }
        Action::Stall(time) => {
            tokio::time::sleep(time).await;
            false
        }
        Action::Truncate { reply, keep } => {
            send(socket, &reply, keep).await;
            let _ = socket.shutdown().await;
            false
        }
        Action::ResetMidResponse { reply, keep } => {
            send(socket, &reply, keep).await;
            let _ = socket.set_zero_linger();
            false
        }
        Action::StallMidResponse { reply, keep, stall } => {
            send(socket, &reply, keep).await;
            tokio::time::sleep(stall).await;
            false
        }
    }
}

/// Writes the head and the first `keep` body bytes.
async fn send(socket: &mut TcpStream, reply: &Reply, keep: usize) -> bool {
    let body = &reply.body[..keep.min(reply.body.len())];
    let ok = socket.write_all(reply.head().as_bytes()).await.is_ok()
        && socket.write_all(body).await.is_ok();
    ok && socket.flush().await.is_ok()
}

/// Drops the socket with a zero linger, which sends RST instead of FIN.
fn reset(socket: TcpStream) {
    let _ = socket.set_zero_linger();
    drop(socket);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    async fn exchange(server: &FaultServer, request: &[u8]) -> io::Result<Vec<u8>> {
        let addr = server.endpoint().trim_start_matches("http://").to_owned();
        let mut socket = TcpStream::connect(addr).await?;
        socket.write_all(request).await?;
        let mut out = Vec::new();
        socket.read_to_end(&mut out).await?;
        Ok(out)
    }

    #[tokio::test]
    async fn truncates_and_records() {
        let reply = Reply::new(200, "0123456789");
        let server = FaultServer::start(vec![Action::Truncate { reply, keep: 4 }])
            .await
            .unwrap();
        let out = exchange(&server, b"GET /b/k HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("content-length: 10\r\n"), "{text}");
        assert!(text.ends_with("\r\n\r\n0123"), "{text}");
        assert_eq!(server.seen()[0].path(), "/b/k");
    }

    #[tokio::test]
    async fn resets_after_the_request() {
        let server = FaultServer::start(vec![Action::ResetAfterRequest])
            .await
            .unwrap();
        let out = exchange(&server, b"GET / HTTP/1.1\r\n\r\n").await;
        assert!(
            matches!(&out, Err(e) if e.kind() == io::ErrorKind::ConnectionReset),
            "{out:?}"
        );
        assert_eq!(server.requests(), 1);
    }

    #[tokio::test]
    async fn exhausted_script_answers_400() {
        let server = FaultServer::start(Vec::new()).await.unwrap();
        let out = exchange(&server, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        assert!(String::from_utf8_lossy(&out).contains("ScriptExhausted"));
    }
}
