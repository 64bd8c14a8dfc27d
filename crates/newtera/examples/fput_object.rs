//! minio-py's `fput_object` example, in Rust.

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
    let result = client
        .fput_object(
            "mybucket",
            "myobject.rs",
            concat!(env!("CARGO_MANIFEST_DIR"), "/examples/fput_object.rs"),
        )
        .content_type("text/x-rust")
        .await?;
    println!("uploaded fput_object.rs: etag {}", result.etag);
    Ok(())
}
