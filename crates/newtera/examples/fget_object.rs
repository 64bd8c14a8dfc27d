//! minio-py's `fget_object` example, in Rust.

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
    let path = std::env::temp_dir().join("newtera-example/fget/myobject.txt");
    let stat = client.fget_object("mybucket", "myobject", &path).await?;
    println!(
        "downloaded {} bytes (etag {}) to {}",
        stat.size,
        stat.etag,
        path.display()
    );
    tokio::fs::remove_file(&path).await?;
    Ok(())
}
