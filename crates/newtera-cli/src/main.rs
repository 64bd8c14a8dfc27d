//! The `newtera` command-line tool; see the crate's README.

fn main() -> std::process::ExitCode {
    newtera_cli::run()
}
