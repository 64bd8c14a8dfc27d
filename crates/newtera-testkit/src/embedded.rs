//! The embedded s3s-fs server.

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder as ConnBuilder;
use s3s::auth::SimpleAuth;
use s3s::service::S3ServiceBuilder;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// The access key the embedded server accepts.
pub const ACCESS_KEY: &str = "newtera-test-access";
/// The secret key the embedded server accepts.
pub const SECRET_KEY: &str = "newtera-test-secret-key-0123456789";

/// An s3s-fs server running in-process on a loopback port.
///
/// Dropping it stops the server and removes its directory (unless the
/// caller chose the directory: see [`EmbeddedServer::start_on`]).
pub struct EmbeddedServer {
    addr: SocketAddr,
    dir: Root,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for EmbeddedServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedServer")
            .field("addr", &self.addr)
            .field("dir", &self.root())
            .finish_non_exhaustive()
    }
}

/// Where the server keeps its data: a temporary directory removed on drop,
/// or a directory the caller chose, kept.
enum Root {
    Temporary(tempfile::TempDir),
    Kept(PathBuf),
}

impl EmbeddedServer {
    /// Starts a server on a free loopback port over a new temporary directory.
    pub fn start() -> io::Result<Self> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), None)
    }

    /// Starts a server listening on `addr` (port 0 picks a free one), storing
    /// buckets in `dir` (created if missing and kept when the server stops),
    /// or in a new temporary directory removed on drop when `dir` is `None`.
    pub fn start_on(addr: SocketAddr, dir: Option<&Path>) -> io::Result<Self> {
        let dir = match dir {
            Some(path) => {
                std::fs::create_dir_all(path)?;
                Root::Kept(path.to_path_buf())
            }
            None => Root::Temporary(temporary_root()?),
        };
        let root = match &dir {
            Root::Temporary(temp) => temp.path(),
            Root::Kept(path) => path.as_path(),
        };
        let fs = s3s_fs::FileSystem::new(root).map_err(|e| io::Error::other(format!("{e:?}")))?;
        let mut builder = S3ServiceBuilder::new(fs);
        builder.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
        let service = builder.build();

        let (addr_tx, addr_rx) = mpsc::channel();
        let (shutdown_tx, shutdown_rx) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("newtera-embedded-s3".into())
            .spawn(move || serve(service, addr, addr_tx, shutdown_rx))?;
        let addr = addr_rx
            .recv()
            .map_err(|_| io::Error::other("embedded server thread exited early"))??;
        Ok(Self {
            addr,
            dir,
            shutdown: Some(shutdown_tx),
            thread: Some(thread),
        })
    }

    /// The server's base URL, `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The access key the server accepts.
    pub fn access_key(&self) -> &'static str {
        ACCESS_KEY
    }

    /// The secret key the server accepts.
    pub fn secret_key(&self) -> &'static str {
        SECRET_KEY
    }

    /// The region to sign with (s3s accepts any region).
    pub fn region(&self) -> &'static str {
        "us-east-1"
    }

    /// The directory the server stores buckets and objects in.
    pub fn root(&self) -> &Path {
        match &self.dir {
            Root::Temporary(temp) => temp.path(),
            Root::Kept(path) => path,
        }
    }
}

/// The prefix of temporary server directories: `newtera-s3s-PID-`.
const TEMP_PREFIX: &str = "newtera-s3s-";

/// A new temporary directory named after this process. A server kept in a
/// `static` (one per test binary) is never dropped, so its directory
/// outlives the process; the directories of processes that have ended
/// are removed here, before a new one is made.
fn temporary_root() -> io::Result<tempfile::TempDir> {
    remove_stale_roots(&std::env::temp_dir());
    tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .tempdir()
}

/// Removes `newtera-s3s-PID-*` directories in `temp` whose process has
/// ended. Only where `/proc` tells which processes run (Linux); elsewhere
/// nothing is removed.
fn remove_stale_roots(temp: &Path) {
    let proc = Path::new("/proc/self");
    if !proc.exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMP_PREFIX))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = Path::new("/proc").join(pid.to_string()).exists();
        if !alive && pid != std::process::id() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl Drop for EmbeddedServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(
    service: s3s::service::S3Service,
    addr: SocketAddr,
    addr_tx: mpsc::Sender<io::Result<SocketAddr>>,
    shutdown: oneshot::Receiver<()>,
) {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let _ = addr_tx.send(Err(e));
            return;
        }
    };
    runtime.block_on(async move {
        let listener = match TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(e) => {
                let _ = addr_tx.send(Err(e));
                return;
            }
        };
        let _ = addr_tx.send(listener.local_addr());
        accept_loop(listener, service, shutdown).await;
    });
    // Connections still open are dropped with the runtime.
    runtime.shutdown_background();
}

async fn accept_loop(
    listener: TcpListener,
    service: s3s::service::S3Service,
    mut shutdown: oneshot::Receiver<()>,
) {
    let http = ConnBuilder::new(TokioExecutor::new());
    loop {
        let socket = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((socket, _)) => socket,
                Err(_) => continue,
            },
            _ = &mut shutdown => return,
        };
        let _ = socket.set_nodelay(true);
        let conn = http
            .serve_connection(TokioIo::new(socket), service.clone())
            .into_owned();
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_of_ended_processes_are_removed() {
        let temp = tempfile::tempdir().unwrap();
        // No process has this id (pid_max is at most 2^22).
        let ended = temp.path().join(format!("{TEMP_PREFIX}4000000000-abc"));
        let ours = temp
            .path()
            .join(format!("{TEMP_PREFIX}{}-abc", std::process::id()));
        let other = temp.path().join("newtera-s3s-notapid");
        for dir in [&ended, &ours, &other] {
            std::fs::create_dir_all(dir.join("bucket")).unwrap();
        }
        remove_stale_roots(temp.path());
        if Path::new("/proc/self").exists() {
            assert!(!ended.exists());
        }
        assert!(ours.exists() && other.exists());
    }
}
