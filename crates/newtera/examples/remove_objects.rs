//! minio-py's `remove_objects` example, in Rust.

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
    use futures_util::TryStreamExt;
    common::prepare(client, "mybucket", "myobject").await?;
    for name in ["myobject-1", "myobject-2", "myobject-3"] {
        client.put_object("mybucket", name, "x").await?;
    }
    // Lazy: nothing is deleted until the stream is polled.
    let mut errors = client.remove_objects("mybucket", ["myobject-1", "myobject-2", "myobject-3"]);
    while let Some(e) = errors.try_next().await? {
        println!(
            "deletion error: {} {} {}",
            e.object_name, e.error_code, e.error_message
        );
    }
    println!("removed 3 objects");
    Ok(())
}
