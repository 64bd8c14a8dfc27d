//! `credential_process`: run a command and read credentials from its standard output.
//!
//! The output is JSON: `{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …,
//! "SessionToken": …, "Expiration": "2030-01-01T00:00:00Z"}` (the last two optional).
//! Source: <https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html>.

use std::process::Stdio;
use std::time::{Duration, SystemTime};

use tokio::process::Command;

use super::http::{JsonCredentials, failure, failure_from};
use super::{Credentials, CredentialsFuture, ProvideCredentials};
use crate::error::{Error, ErrorKind};

/// The longest a credential process may run by default.
const PROCESS_TIMEOUT: Duration = Duration::from_secs(60);

/// Credentials printed by an external command, as `credential_process` in
/// `~/.aws/config` names it.
///
/// The command line runs through `sh -c` (`cmd /C` on Windows), with standard error
/// inherited, so the tool can prompt or complain. A non-zero exit, a timeout (default
/// 60 s, the process is killed), a document without `Version: 1`, without both keys, or
/// already expired is an [`ErrorKind::Credentials`] error that never quotes the output.
/// With an `Expiration`, [`CachedCredentials`](super::CachedCredentials) runs the
/// command again before that time.
#[derive(Clone)]
pub struct ProcessCredentials {
    command: String,
    timeout: Duration,
}

impl ProcessCredentials {
    /// Runs `command` for each refresh.
    pub fn new(command: impl Into<String>) -> Self {
        Self {
            command: command.into(),
            timeout: PROCESS_TIMEOUT,
        }
    }

    /// How long the command may run (default 60 s).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    fn command(&self) -> Command {
        let mut command = if cfg!(windows) {
            let mut c = Command::new("cmd");
            c.arg("/C");
            c
        } else {
            let mut c = Command::new("sh");
            c.arg("-c");
            c
        };
        command
            .arg(&self.command)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        command
    }

    async fn run(&self) -> Result<Option<Credentials>, Error> {
        let child = self
            .command()
            .spawn()
            .map_err(|e| failure_from("starting credential_process", e))?;
        let output = tokio::time::timeout(self.timeout, child.wait_with_output())
            .await
            .map_err(|_| {
                Error::new(ErrorKind::Timeout).detail("credential_process did not finish")
            })?
            .map_err(|e| failure_from("running credential_process", e))?;
        if !output.status.success() {
            return Err(failure(format!(
                "credential_process exited with {}",
                output.status
            )));
        }
        check_version(&output.stdout)?;
        JsonCredentials::parse(&output.stdout, SystemTime::now()).map(Some)
    }
}

/// The document must say `"Version": 1`.
fn check_version(stdout: &[u8]) -> Result<(), Error> {
    #[derive(serde::Deserialize)]
    struct Versioned {
        #[serde(rename = "Version")]
        version: Option<serde_json::Value>,
    }
    let versioned: Versioned = serde_json::from_slice(stdout)
        .map_err(|_| failure("credential_process printed no JSON object"))?;
    match versioned
        .version
        .as_ref()
        .and_then(serde_json::Value::as_u64)
    {
        Some(1) => Ok(()),
        _ => Err(failure(
            "credential_process output must have \"Version\": 1",
        )),
    }
}

impl std::fmt::Debug for ProcessCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The command line may carry a secret argument: print only its program name.
        let program = self.command.split_whitespace().next().unwrap_or("");
        f.debug_struct("ProcessCredentials")
            .field("program", &program)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl ProvideCredentials for ProcessCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.run())
    }
}
