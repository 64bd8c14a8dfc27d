//! Prints a presigned GET URL using only `newtera-sign`.
//!
//! ```text
//! cargo run -p newtera-sign --example presign -- [ENDPOINT] [BUCKET] [KEY] [EXPIRES_SECS]
//! ```
//!
//! Defaults: endpoint `http://localhost:9000`, bucket `demo`, key
//! `hello world.txt`, one hour. Keys come from `NEWTERA_ACCESS_KEY` /
//! `NEWTERA_SECRET_KEY` (or `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`),
//! defaulting to `demo1` / `888`; region from `NEWTERA_REGION` (`us-east-1`).

use std::env;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use newtera_sign::{Credentials, SigningParams, object_path, presign_url};

fn env_or(names: &[&str], default: &str) -> String {
    names
        .iter()
        .find_map(|name| env::var(name).ok())
        .unwrap_or_else(|| default.to_owned())
}

fn run() -> Result<String, Box<dyn std::error::Error>> {
    let args: Vec<String> = env::args().skip(1).collect();
    let arg = |i: usize, default: &str| args.get(i).cloned().unwrap_or_else(|| default.to_owned());
    let endpoint = arg(0, "http://localhost:9000");
    let bucket = arg(1, "demo");
    let key = arg(2, "hello world.txt");
    let expires = Duration::from_secs(arg(3, "3600").parse()?);

    let mut credentials = Credentials::new(
        env_or(&["NEWTERA_ACCESS_KEY", "AWS_ACCESS_KEY_ID"], "demo1"),
        env_or(&["NEWTERA_SECRET_KEY", "AWS_SECRET_ACCESS_KEY"], "888"),
    );
    if let Ok(token) = env::var("AWS_SESSION_TOKEN") {
        credentials = credentials.with_session_token(token);
    }
    let params = SigningParams::builder()
        .credentials(credentials)
        .region(env_or(&["NEWTERA_REGION", "AWS_REGION"], "us-east-1"))
        .time(SystemTime::now())
        .build()?;
    let url = format!(
        "{}{}",
        endpoint.trim_end_matches('/'),
        object_path(&bucket, &key)?
    );
    Ok(presign_url("GET", &url, expires, &[], &params)?)
}

fn main() -> ExitCode {
    match run() {
        Ok(url) => {
            println!("{url}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("presign: {e}");
            ExitCode::FAILURE
        }
    }
}
