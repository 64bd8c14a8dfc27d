//! Which server a test talks to.

use std::io;

use crate::EmbeddedServer;

/// The kind of server behind a [`TestTarget`], for recording what a server
/// lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerKind {
    /// The in-process s3s-fs server.
    S3sFs,
    /// A Garage cluster.
    Garage,
    /// A Ceph RGW gateway.
    Ceph,
    /// Any other S3-compatible server.
    Other,
}

impl ServerKind {
    /// A short name for messages and the compatibility table.
    pub fn name(self) -> &'static str {
        match self {
            ServerKind::S3sFs => "s3s-fs",
            ServerKind::Garage => "garage",
            ServerKind::Ceph => "ceph",
            ServerKind::Other => "other",
        }
    }
}

/// A server to run tests against, with its endpoint and credentials.
///
/// When `NEWTERA_TEST_ENDPOINT` is set, the target is that server, with
/// `NEWTERA_TEST_ACCESS_KEY`, `NEWTERA_TEST_SECRET_KEY`,
/// `NEWTERA_TEST_REGION` (default `us-east-1`) and `NEWTERA_TEST_SERVER`
/// (`garage`, `ceph`, or anything else). Otherwise it is a new [`EmbeddedServer`],
/// kept alive as long as the target.
pub struct TestTarget {
    /// Base URL, for example `http://127.0.0.1:3900`.
    pub endpoint: String,
    /// Access key.
    pub access_key: String,
    /// Secret key.
    pub secret_key: String,
    /// Region to sign with.
    pub region: String,
    /// What kind of server this is.
    pub kind: ServerKind,
    embedded: Option<EmbeddedServer>,
}

impl std::fmt::Debug for TestTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestTarget")
            .field("endpoint", &self.endpoint)
            .field("access_key", &self.access_key)
            .field("secret_key", &"<redacted>")
            .field("region", &self.region)
            .field("kind", &self.kind)
            .finish()
    }
}

impl TestTarget {
    /// The server named by the environment, or a new embedded server.
    pub fn from_env() -> io::Result<Self> {
        match std::env::var("NEWTERA_TEST_ENDPOINT") {
            Ok(endpoint) if !endpoint.is_empty() => Self::external(endpoint),
            _ => Self::embedded(),
        }
    }

    /// A new embedded s3s-fs server.
    pub fn embedded() -> io::Result<Self> {
        let server = EmbeddedServer::start()?;
        Ok(Self {
            endpoint: server.endpoint(),
            access_key: server.access_key().to_owned(),
            secret_key: server.secret_key().to_owned(),
            region: server.region().to_owned(),
            kind: ServerKind::S3sFs,
            embedded: Some(server),
        })
    }

    fn external(endpoint: String) -> io::Result<Self> {
        let var = |name: &str| {
            std::env::var(name).map_err(|_| {
                io::Error::other(format!("NEWTERA_TEST_ENDPOINT is set but {name} is not"))
            })
        };
        let kind = match std::env::var("NEWTERA_TEST_SERVER").as_deref() {
            Ok("garage") => ServerKind::Garage,
            Ok("ceph") => ServerKind::Ceph,
            _ => ServerKind::Other,
        };
        Ok(Self {
            endpoint,
            access_key: var("NEWTERA_TEST_ACCESS_KEY")?,
            secret_key: var("NEWTERA_TEST_SECRET_KEY")?,
            region: std::env::var("NEWTERA_TEST_REGION").unwrap_or_else(|_| "us-east-1".into()),
            kind,
            embedded: None,
        })
    }

    /// The embedded server, when this target is one.
    pub fn embedded_server(&self) -> Option<&EmbeddedServer> {
        self.embedded.as_ref()
    }

    /// `host:port` of the endpoint, without the scheme.
    pub fn authority(&self) -> &str {
        let rest = self
            .endpoint
            .split_once("://")
            .map_or(self.endpoint.as_str(), |(_, r)| r);
        rest.trim_end_matches('/')
    }

    /// A bucket name unique to this process and call, with the given prefix.
    pub fn unique_bucket(&self, prefix: &str) -> String {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        format!("{prefix}-{}-{n}-{nanos:x}", std::process::id())
    }
}
