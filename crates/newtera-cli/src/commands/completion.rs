//! `newtera completion SHELL` and `newtera man`: the shell completion
//! script and the manual page, generated from the command line itself so
//! they never fall behind it.

use clap::{Args, CommandFactory};

use crate::cli::Cli;
use crate::error::{CliError, CliResult, Context as _};

/// Prints a completion script.
#[derive(Debug, Args)]
pub(crate) struct CompletionArgs {
    /// bash, zsh, fish, elvish or powershell. Install for bash with
    /// `newtera completion bash > ~/.local/share/bash-completion/completions/newtera`.
    pub(crate) shell: clap_complete::Shell,
}

pub(crate) fn completion(args: CompletionArgs) -> CliResult<()> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "newtera", &mut out);
    write_stdout(&out)
}

/// Prints the manual page (roff): `newtera man > newtera.1; man ./newtera.1`.
pub(crate) fn man() -> CliResult<()> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| CliError::failure(format!("rendering the manual page: {e}")))?;
    write_stdout(&out)
}

fn write_stdout(bytes: &[u8]) -> CliResult<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes).context("stdout")?;
    stdout.flush().context("stdout")
}
