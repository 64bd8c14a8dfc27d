//! The harness: an embedded server, a private config folder, an alias
//! named `t`, and a way to run the `newtera` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use newtera_testkit::EmbeddedServer;

pub(crate) type TestResult = Result<(), Box<dyn std::error::Error>>;

/// What one run of the binary did.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    pub(crate) fn from(output: Output) -> Self {
        Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Panics with both streams unless the exit code is `code`.
    pub(crate) fn expect(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "exit code {} (wanted {code})\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Every stdout line parsed as JSON.
    pub(crate) fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| match serde_json::from_str(l) {
                Ok(v) => v,
                Err(e) => panic!("not a JSON line ({e}): {l:?}"),
            })
            .collect()
    }
}

/// A server, a config folder with the alias `t` saved, and a scratch folder.
pub(crate) struct Harness {
    pub(crate) server: EmbeddedServer,
    pub(crate) config: tempfile::TempDir,
    pub(crate) scratch: tempfile::TempDir,
    pub(crate) client: newtera::blocking::Newtera,
}

impl Harness {
    pub(crate) fn new() -> Result<Self, Box<dyn std::error::Error>> {
        let server = EmbeddedServer::start()?;
        let client = newtera::blocking::Newtera::new(
            &server.endpoint(),
            server.access_key(),
            server.secret_key(),
        )?;
        let harness = Self {
            config: tempfile::tempdir()?,
            scratch: tempfile::tempdir()?,
            client,
            server,
        };
        let endpoint = harness.server.endpoint();
        harness
            .run(&["alias", "set", "t", &endpoint, ACCESS, SECRET])
            .expect(0);
        Ok(harness)
    }

    /// A command for the binary with this harness's config folder and no
    /// environment alias.
    pub(crate) fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_newtera"));
        cmd.env("NEWTERA_CONFIG_DIR", self.config.path())
            .env_remove("NEWTERA_ENDPOINT")
            .env_remove("NEWTERA_ACCESS_KEY")
            .env_remove("NEWTERA_SECRET_KEY")
            .env_remove("NEWTERA_REGION")
            .current_dir(self.scratch.path())
            .stdin(Stdio::null());
        cmd
    }

    /// Runs the binary with `args`.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let output = match self.command().args(args).output() {
            Ok(o) => o,
            Err(e) => panic!("running newtera {args:?}: {e}"),
        };
        Run::from(output)
    }

    /// A bucket made with the client.
    pub(crate) fn bucket(&self, name: &str) -> Result<String, newtera::Error> {
        self.client.make_bucket(name).send()?;
        Ok(name.to_owned())
    }

    /// A path inside the scratch folder.
    pub(crate) fn local(&self, relative: &str) -> PathBuf {
        self.scratch.path().join(relative)
    }
}

/// The embedded server's credentials, as the CLI gets them.
pub(crate) const ACCESS: &str = newtera_testkit::ACCESS_KEY;
pub(crate) const SECRET: &str = newtera_testkit::SECRET_KEY;

/// Writes `text` to `path`, creating folders.
pub(crate) fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}
