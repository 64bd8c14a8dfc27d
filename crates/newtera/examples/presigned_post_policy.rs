//! The seed's `presigned_post_policy` example.

#[path = "common/mod.rs"]
mod common;

use newtera::Newtera;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _server) = common::client()?;
    run(&client).await?;
    Ok(())
}

/// The example itself.
pub(crate) async fn run(client: &Newtera) -> newtera::Result<()> {
    use std::time::{Duration, SystemTime};
    common::prepare(client, "mybucket", "myobject").await?;
    let policy = newtera::PostPolicy::new(
        "mybucket",
        SystemTime::now() + Duration::from_secs(10 * 24 * 3600),
    )
    .key_starts_with("myobject")
    .content_length_range(10, 1024);
    let form = client.presigned_post_policy(policy).await?;
    let fields: Vec<String> = form
        .fields
        .iter()
        .map(|(k, v)| format!("-F {k}={v}"))
        .collect();
    println!(
        "curl -X POST {} {} -F key=myobject -F file=@/etc/hostname",
        form.url,
        fields.join(" ")
    );
    Ok(())
}
