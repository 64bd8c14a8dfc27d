//! What every example shares: a client for `NEWTERA_ENDPOINT` (with
//! `NEWTERA_ACCESS_KEY`, `NEWTERA_SECRET_KEY`, `NEWTERA_REGION`), or for an
//! embedded s3s-fs server started for the run.

#![allow(
    dead_code,
    reason = "each example uses a different part of this module"
)]

use newtera::Newtera;

/// The client, and the embedded server to keep alive while it is used.
pub(crate) fn client()
-> Result<(Newtera, Option<newtera_testkit::EmbeddedServer>), Box<dyn std::error::Error>> {
    if let Ok(endpoint) = std::env::var("NEWTERA_ENDPOINT") {
        let access = std::env::var("NEWTERA_ACCESS_KEY").unwrap_or_default();
        let secret = std::env::var("NEWTERA_SECRET_KEY").unwrap_or_default();
        let mut builder = Newtera::builder(&endpoint).credentials(access, secret);
        if let Ok(region) = std::env::var("NEWTERA_REGION") {
            builder = builder.region(region);
        }
        return Ok((builder.build()?, None));
    }
    let server = newtera_testkit::EmbeddedServer::start()?;
    let client = Newtera::builder(server.endpoint())
        .credentials(server.access_key(), server.secret_key())
        .build()?;
    Ok((client, Some(server)))
}

/// With an embedded server, keeps it up until Enter is pressed, so that a
/// printed URL or `curl` command can be tried from another shell.
pub(crate) fn keep_serving(
    server: Option<&newtera_testkit::EmbeddedServer>,
) -> std::io::Result<()> {
    if let Some(server) = server {
        eprintln!(
            "The embedded server at {} stays up until you press Enter.",
            server.endpoint()
        );
        std::io::stdin().read_line(&mut String::new())?;
    }
    Ok(())
}

/// Makes sure the examples' bucket exists, with one object in it.
pub(crate) async fn prepare(client: &Newtera, bucket: &str, object: &str) -> newtera::Result<()> {
    if !client.bucket_exists(bucket).await? {
        client.make_bucket(bucket).await?;
    }
    client
        .put_object(bucket, object, "an example object\n")
        .await?;
    Ok(())
}
