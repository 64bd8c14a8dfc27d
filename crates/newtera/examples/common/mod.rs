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

/// The endpoint the examples use (`NEWTERA_ENDPOINT`, else an embedded
/// server started for the run, returned to keep it alive).
pub(crate) fn endpoint()
-> Result<(String, Option<newtera_testkit::EmbeddedServer>), Box<dyn std::error::Error>> {
    if let Ok(endpoint) = std::env::var("NEWTERA_ENDPOINT") {
        return Ok((endpoint, None));
    }
    let server = newtera_testkit::EmbeddedServer::start()?;
    Ok((server.endpoint(), Some(server)))
}

/// The access and secret key the examples use: `NEWTERA_ACCESS_KEY` and
/// `NEWTERA_SECRET_KEY` with a server of one's own, else the embedded
/// server's.
pub(crate) fn keys() -> (String, String) {
    if std::env::var("NEWTERA_ENDPOINT").is_ok() {
        let var = |name| std::env::var(name).unwrap_or_default();
        (var("NEWTERA_ACCESS_KEY"), var("NEWTERA_SECRET_KEY"))
    } else {
        (
            newtera_testkit::ACCESS_KEY.to_owned(),
            newtera_testkit::SECRET_KEY.to_owned(),
        )
    }
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
