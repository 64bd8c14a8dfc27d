//! minio-py's `presigned_post_policy` example: a browser-upload form, and
//! the `curl` command that posts it.
//!
//! Against the embedded server the program keeps the server up until you
//! press Enter, so the printed command can be pasted into another shell.

#[path = "common/mod.rs"]
mod common;

use newtera::Newtera;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, server) = common::client()?;
    println!("{}", run(&client).await?);
    common::keep_serving(server.as_ref())?;
    Ok(())
}

/// The example itself: returns a `curl` command that uploads
/// `myobject.txt` through the signed form, reading the file from stdin.
pub(crate) async fn run(client: &Newtera) -> newtera::Result<String> {
    use std::time::{Duration, SystemTime};
    common::prepare(client, "mybucket", "myobject").await?;
    let policy = newtera::PostPolicy::new(
        "mybucket",
        SystemTime::now() + Duration::from_secs(10 * 24 * 3600),
    )
    .key_starts_with("myobject")
    .content_length_range(10, 1024);
    let form = client.presigned_post_policy(policy).await?;
    // The policy allows any key under `myobject`; this upload picks one.
    let fields: Vec<String> = form
        .fields
        .iter()
        .map(|(k, v)| match k.as_str() {
            "key" => form_string("key", "myobject.txt"),
            _ => form_string(k, v),
        })
        .collect();
    // `--form-string` sends values literally (`-F` would read `@file` and
    // `<file` values and split at `;`); the file field comes last, as S3
    // requires.
    Ok(format!(
        "printf 'hello from a browser form\\n' | curl -fsS -X POST {} {} -F 'file=@-;filename=myobject.txt'",
        shell_quote(&form.url),
        fields.join(" ")
    ))
}

fn form_string(name: &str, value: &str) -> String {
    format!("--form-string {}", shell_quote(&format!("{name}={value}")))
}

/// Single-quotes for a POSIX shell: nothing inside is expanded.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}
