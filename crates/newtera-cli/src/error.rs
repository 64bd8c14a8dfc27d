//! The command's error type and the exit codes it maps to.

use std::fmt;

/// What kind of failure ended a command; each kind has its own exit code so
/// scripts can tell a typo from a missing object from a broken network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// Bad arguments: unknown alias, malformed path, invalid option value.
    Usage,
    /// A bucket, object, alias target or local file that does not exist.
    NotFound,
    /// Everything else: server refusals, transport and I/O failures.
    Failure,
    /// Stopped by Ctrl-C (SIGINT).
    Interrupted,
    /// Stopped by SIGTERM.
    Terminated,
    /// The reader of stdout went away (`newtera cat … | head`): the end of
    /// the output, not a failure, as for every Unix tool. Exit code 0,
    /// nothing printed.
    ClosedPipe,
}

impl ErrorKind {
    /// The process exit code for this kind.
    pub(crate) fn exit_code(self) -> u8 {
        match self {
            Self::Usage => 2,
            Self::NotFound => 3,
            Self::Failure => 1,
            // The shell's convention: 128 + SIGINT.
            Self::Interrupted => 130,
            Self::Terminated => 143,
            Self::ClosedPipe => 0,
        }
    }

    /// A short name for `--json` error objects.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Usage => "usage",
            Self::NotFound => "not_found",
            Self::Failure => "failure",
            Self::Interrupted => "interrupted",
            Self::Terminated => "terminated",
            Self::ClosedPipe => "closed_pipe",
        }
    }
}

/// A failed command: a kind (for the exit code) and a message for people.
/// Messages are built from paths and server errors, never from secrets.
#[derive(Debug)]
pub(crate) struct CliError {
    kind: ErrorKind,
    message: String,
}

/// The result of everything the command does.
pub(crate) type CliResult<T> = Result<T, CliError>;

impl CliError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }

    pub(crate) fn failure(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Failure, message)
    }

    pub(crate) fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    /// Prefixes the message with what was being worked on.
    pub(crate) fn context(mut self, what: impl fmt::Display) -> Self {
        self.message = format!("{what}: {}", self.message);
        self
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

impl From<newtera::Error> for CliError {
    fn from(e: newtera::Error) -> Self {
        let kind = if e.is_not_found() {
            ErrorKind::NotFound
        } else if e.is_invalid_argument() || is_bad_input(e.code()) {
            ErrorKind::Usage
        } else {
            ErrorKind::Failure
        };
        let mut message = with_causes(&e);
        if let Some(hint) = e.hint() {
            message.push_str(" (");
            message.push_str(hint);
            message.push(')');
        }
        Self::new(kind, message)
    }
}

/// The error and every cause below it that adds something (a transport
/// failure's "connection failed" says little without "Connection refused").
fn with_causes(e: &(dyn std::error::Error + 'static)) -> String {
    let mut message = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !text.is_empty() && !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        cause = c.source();
    }
    message
}

/// Server answers that blame the request's names, not the server: the
/// user typed something S3 cannot take, which is a usage error.
fn is_bad_input(code: Option<&str>) -> bool {
    matches!(code, Some("InvalidBucketName" | "KeyTooLongError"))
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        let kind = match e.kind() {
            std::io::ErrorKind::NotFound => ErrorKind::NotFound,
            std::io::ErrorKind::BrokenPipe => ErrorKind::ClosedPipe,
            _ => ErrorKind::Failure,
        };
        Self::new(kind, e.to_string())
    }
}

/// Adds context to any error that converts into a [`CliError`].
pub(crate) trait Context<T> {
    /// Prefixes the error message with `what`.
    fn context(self, what: impl fmt::Display) -> CliResult<T>;
}

impl<T, E: Into<CliError>> Context<T> for Result<T, E> {
    fn context(self, what: impl fmt::Display) -> CliResult<T> {
        self.map_err(|e| e.into().context(what))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_tell_kinds_apart() {
        assert_eq!(ErrorKind::Usage.exit_code(), 2);
        assert_eq!(ErrorKind::NotFound.exit_code(), 3);
        assert_eq!(ErrorKind::Failure.exit_code(), 1);
        assert_eq!(ErrorKind::Interrupted.exit_code(), 130);
    }

    #[test]
    fn io_not_found_maps_to_not_found() {
        let e: CliError = std::io::Error::from(std::io::ErrorKind::NotFound).into();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        let e: CliError = std::io::Error::from(std::io::ErrorKind::PermissionDenied).into();
        assert_eq!(e.kind(), ErrorKind::Failure);
    }
}
