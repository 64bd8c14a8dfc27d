//! minio-py's `put_object` example, in Rust.

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
    // From memory.
    let result = client
        .put_object("mybucket", "myobject", "hello".to_owned())
        .await?;
    println!("etag {}", result.etag);
    // From a reader of known length, with a content type and metadata.
    let file = tokio::fs::File::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/put_object.rs"
    ))
    .await?;
    let len = file.metadata().await?.len();
    let data = newtera::ObjectData::from_reader(file, Some(len));
    let result = client
        .put_object("mybucket", "source.rs", data)
        .content_type("text/x-rust")
        .metadata("x-example", "put_object")
        .await?;
    println!("uploaded source.rs: etag {}", result.etag);
    Ok(())
}
