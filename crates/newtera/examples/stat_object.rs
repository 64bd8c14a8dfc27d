//! minio-py's `stat_object` example, in Rust.

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
    let stat = client.stat_object("mybucket", "myobject").await?;
    println!(
        "{} {} {} {:?} {:?} {:?}",
        stat.bucket_name,
        stat.object_name,
        stat.size,
        stat.etag,
        stat.content_type,
        stat.last_modified
    );
    Ok(())
}
