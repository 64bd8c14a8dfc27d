//! `cargo xtask server`: the embedded s3s-fs server in the foreground, for
//! pointing the `newtera` command or one's own program at.
//!
//! ```text
//! newtera-server [--port PORT] [--dir DIR]
//! ```
//!
//! `--port` defaults to 9000 (`0` picks a free port); without `--dir` the
//! data lives in a temporary directory removed when the server stops
//! (Ctrl-C or SIGTERM).

#![warn(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::net::SocketAddr;
use std::path::PathBuf;

use newtera_testkit::EmbeddedServer;

type ServerResult<T> = Result<T, Box<dyn std::error::Error>>;

const USAGE: &str = "usage: newtera-server [--port PORT] [--dir DIR]";

struct Options {
    port: u16,
    dir: Option<PathBuf>,
}

fn options(mut args: impl Iterator<Item = String>) -> ServerResult<Options> {
    let mut options = Options {
        port: 9000,
        dir: None,
    };
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--port" => {
                let port = value()?;
                options.port = port
                    .parse()
                    .map_err(|_| format!("--port {port:?} is not a port number\n{USAGE}"))?;
            }
            "--dir" => options.dir = Some(PathBuf::from(value()?)),
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}").into()),
        }
    }
    Ok(options)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    match serve().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newtera-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn serve() -> ServerResult<()> {
    let options = options(std::env::args().skip(1))?;
    let addr = SocketAddr::from(([127, 0, 0, 1], options.port));
    let server = EmbeddedServer::start_on(addr, options.dir.as_deref()).map_err(|e| {
        format!("cannot listen on {addr}: {e} (choose another port with --port, or --port 0)")
    })?;
    let endpoint = server.endpoint();
    let kept = match &options.dir {
        Some(_) => "kept after the server stops",
        None => "removed when the server stops",
    };
    println!(
        "newtera: embedded S3 server (s3s-fs) at {endpoint}\n\
         data in {} ({kept})\n\n\
         for the newtera command:\n  \
         newtera alias set local {endpoint} {} {}\n\
         for the demo and your programs:\n  \
         export NEWTERA_ENDPOINT={endpoint} NEWTERA_ACCESS_KEY={} NEWTERA_SECRET_KEY={} NEWTERA_REGION={}\n\n\
         Ctrl-C stops it.",
        server.root().display(),
        server.access_key(),
        server.secret_key(),
        server.access_key(),
        server.secret_key(),
        server.region(),
    );
    stopped().await?;
    drop(server);
    println!("newtera: server stopped");
    Ok(())
}

/// Waits for Ctrl-C or, on Unix, SIGTERM.
async fn stopped() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result,
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> ServerResult<Options> {
        options(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn defaults_to_port_9000_and_a_temporary_directory() {
        let o = parse(&[]).unwrap();
        assert_eq!(o.port, 9000);
        assert!(o.dir.is_none());
    }

    #[test]
    fn takes_a_port_and_a_directory() {
        let o = parse(&["--port", "0", "--dir", "/tmp/x"]).unwrap();
        assert_eq!(o.port, 0);
        assert_eq!(o.dir, Some(PathBuf::from("/tmp/x")));
    }

    #[test]
    fn refuses_bad_input_clearly() {
        let e = parse(&["--port", "http"]).err().unwrap().to_string();
        assert!(e.contains("not a port number"), "{e}");
        let e = parse(&["--port"]).err().unwrap().to_string();
        assert!(e.contains("--port needs a value"), "{e}");
        let e = parse(&["--bogus"]).err().unwrap().to_string();
        assert!(e.contains("unknown argument"), "{e}");
    }
}
