//! minio-py's `presigned_put_object` example, in Rust.

#[path = "common/mod.rs"]
mod common;

use newtera::Newtera;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, server) = common::client()?;
    run(&client).await?;
    common::keep_serving(server.as_ref())?;
    Ok(())
}

/// The example itself.
pub(crate) async fn run(client: &Newtera) -> newtera::Result<()> {
    use std::time::Duration;
    common::prepare(client, "mybucket", "myobject").await?;
    let url = client
        .presigned_put_object("mybucket", "myobject")
        .expires(Duration::from_secs(3 * 24 * 3600))
        .await?;
    println!("curl -fsS -X PUT -T /etc/hostname '{url}'");
    Ok(())
}
