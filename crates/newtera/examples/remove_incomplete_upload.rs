//! minio-py's `remove_incomplete_upload` example, in Rust.

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
    match client
        .remove_incomplete_upload("mybucket", "myobject")
        .await
    {
        Ok(()) => println!("no unfinished upload of mybucket/myobject is left"),
        // Some servers (s3s-fs) cannot list multipart uploads.
        Err(e) if e.code() == Some("NotImplemented") => {
            println!("this server cannot list uploads: {e}")
        }
        Err(e) => return Err(e),
    }
    Ok(())
}
