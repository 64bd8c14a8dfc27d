//! minio-py's `list_objects` example, in Rust.

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
    common::prepare(client, "mybucket", "my-prefixname/myobject").await?;
    // Non-recursive: one level, with "directories" for common prefixes.
    let mut objects = client
        .list_objects("mybucket")
        .prefix("my-prefix")
        .into_stream();
    while let Some(o) = objects.try_next().await? {
        println!(
            "{} {} {} {:?} {:?}",
            o.bucket_name, o.object_name, o.is_dir, o.size, o.etag
        );
    }
    // Recursive: every key under the prefix.
    let mut objects = client
        .list_objects("mybucket")
        .prefix("my-prefix")
        .recursive(true)
        .into_stream();
    while let Some(o) = objects.try_next().await? {
        println!("{} {} {:?}", o.object_name, o.size, o.last_modified);
    }
    Ok(())
}
