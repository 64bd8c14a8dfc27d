//! minio-py's `bucket_exists` example, in Rust.

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
    common::prepare(client, "mybucket", "myobject").await?;
    println!(
        "mybucket exists: {}",
        client.bucket_exists("mybucket").await?
    );
    println!(
        "no-such-bucket exists: {}",
        client.bucket_exists("no-such-bucket").await?
    );
    Ok(())
}
