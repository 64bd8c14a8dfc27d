//! minio-py's `remove_object` example, in Rust.

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
    client.remove_object("mybucket", "myobject").await?;
    println!("removed mybucket/myobject");
    Ok(())
}
