//! minio-py's `get_object` example, in Rust.

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
    use tokio::io::AsyncWriteExt;
    common::prepare(client, "mybucket", "myobject").await?;
    let path = std::env::temp_dir().join("newtera-example-my-testfile");
    let response = client.get_object("mybucket", "myobject").await?;
    let mut file = tokio::fs::File::create(&path).await?;
    let mut reader = response.into_async_read();
    tokio::io::copy(&mut reader, &mut file).await?;
    file.flush().await?;
    // A partial read: 10 bytes from offset 2.
    let part = client
        .get_object("mybucket", "myobject")
        .offset(2)
        .length(10)
        .await?
        .bytes()
        .await?;
    println!(
        "wrote {}; bytes 2..12 are {:?}",
        path.display(),
        String::from_utf8_lossy(&part)
    );
    tokio::fs::remove_file(&path).await?;
    Ok(())
}
