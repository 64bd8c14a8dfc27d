//! minio-py's `presigned_get_object` example, in Rust.

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
    // Valid for 2 days, with a content type the server should answer with.
    let url = client
        .presigned_get_object("mybucket", "myobject")
        .expires(Duration::from_secs(2 * 24 * 3600))
        .response_header("response-content-type", "text/plain")
        .await?;
    println!("curl '{url}'");
    Ok(())
}
