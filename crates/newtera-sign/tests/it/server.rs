//! One in-process s3s-fs server with SigV4 checking, shared by the interop
//! tests (each uses its own bucket). It lives until the test process exits.

use std::net::SocketAddr;
use std::sync::{OnceLock, mpsc};

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder as ConnBuilder;
use s3s::auth::SimpleAuth;
use s3s::service::S3ServiceBuilder;

pub(crate) const ACCESS_KEY: &str = "newtera-sign-access";
pub(crate) const SECRET_KEY: &str = "newtera-sign-secret-0123456789";

/// The address of the shared server, started on first use.
pub(crate) fn addr() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(start)
}

fn start() -> SocketAddr {
    let dir = tempfile::tempdir().expect("temp dir");
    let fs = s3s_fs::FileSystem::new(dir.path()).expect("s3s-fs");
    let mut builder = S3ServiceBuilder::new(fs);
    builder.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
    let service = builder.build();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // The directory must outlive the server, which runs until exit.
        let _dir = dir;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(listener.local_addr().expect("addr"))
                .expect("send addr");
            let http = ConnBuilder::new(TokioExecutor::new());
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    continue;
                };
                let conn = http
                    .serve_connection(TokioIo::new(socket), service.clone())
                    .into_owned();
                tokio::spawn(async move {
                    let _ = conn.await;
                });
            }
        });
    });
    rx.recv().expect("server address")
}
