//! `cargo xtask demo`: a tour of newtera against an embedded S3 server (or
//! the server named by `NEWTERA_ENDPOINT`, `NEWTERA_ACCESS_KEY`,
//! `NEWTERA_SECRET_KEY`, `NEWTERA_REGION`): first the client library, then
//! the `newtera` command built beside this program.

// Nothing a server sends may panic this crate: no unchecked indexing or
// slicing, no unwrap/expect, no panic! outside tests.
#![warn(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

mod cli_tour;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use newtera::Newtera;

const MIB: usize = 1 << 20;

type DemoResult<T> = Result<T, Box<dyn std::error::Error>>;

#[tokio::main]
async fn main() -> DemoResult<()> {
    let (client, server, target, _embedded) = connect()?;
    println!("newtera demo against {server}\n");
    let started = Instant::now();
    let bucket = format!("demo-{}", std::process::id());

    step("make a bucket", client.make_bucket(&bucket).await)?;
    println!(
        "    bucket {bucket} exists: {}",
        client.bucket_exists(&bucket).await?
    );

    let data = generated(64 * MIB);
    let t = Instant::now();
    let put = client
        .put_object(&bucket, "data/big.bin", data.clone())
        .content_type("application/x-demo")
        .await?;
    println!(
        "  ✓ upload 64 MiB (multipart, parallel parts): etag {} in {:.2?}",
        put.etag,
        t.elapsed()
    );
    client
        .put_object(&bucket, "data/hello.txt", "hello, newtera\n")
        .content_type("text/plain")
        .await?;
    client
        .put_object(&bucket, "notes/todo.txt", "1. build the best S3 client\n")
        .await?;

    let listed: Vec<_> = client
        .list_objects(&bucket)
        .recursive(true)
        .into_stream()
        .try_collect()
        .await?;
    println!("  ✓ list ({} objects):", listed.len());
    for o in &listed {
        println!("      {:>10}  {}", o.size, o.object_name);
    }
    let stat = client.stat_object(&bucket, "data/big.bin").await?;
    println!(
        "  ✓ stat data/big.bin: {} bytes, {:?}, etag {}",
        stat.size,
        stat.content_type.unwrap_or_default(),
        stat.etag
    );

    let url = client
        .presigned_get_object(&bucket, "data/hello.txt")
        .expires(Duration::from_secs(300))
        .await?;
    let fetched = plain_get(&url)?;
    println!(
        "  ✓ presign a GET URL and fetch it with a plain HTTP client: {:?}",
        String::from_utf8_lossy(&fetched).trim()
    );

    let dir = std::env::temp_dir().join(format!("newtera-demo-{}", std::process::id()));
    let path = dir.join("download/big.bin");
    let t = Instant::now();
    client.fget_object(&bucket, "data/big.bin", &path).await?;
    let same = std::fs::read(&path)? == data;
    println!(
        "  ✓ download to {} in {:.2?}: content {}",
        path.display(),
        t.elapsed(),
        if same { "verified" } else { "DIFFERS" }
    );
    std::fs::remove_dir_all(&dir)?;
    if !same {
        return Err("downloaded content differs".into());
    }

    let keys: Vec<String> = listed.iter().map(|o| o.object_name.clone()).collect();
    let failures: Vec<_> = client.remove_objects(&bucket, keys).try_collect().await?;
    println!(
        "  ✓ batch-remove {} objects ({} failures)",
        listed.len(),
        failures.len()
    );
    step("remove the bucket", client.remove_bucket(&bucket).await)?;

    println!(
        "\nsummary: 3 objects (64 MiB) uploaded, listed, stat'ed, presigned, downloaded and verified, removed in {:.2?}",
        started.elapsed()
    );
    cli_tour::run(&target)
}

/// Where the server is and how to sign for it, for the command-line tour.
pub(crate) struct Target {
    pub(crate) endpoint: String,
    pub(crate) access_key: String,
    pub(crate) secret_key: String,
    pub(crate) region: Option<String>,
}

fn step(what: &str, result: newtera::Result<()>) -> DemoResult<()> {
    result?;
    println!("  ✓ {what}");
    Ok(())
}

/// The client, a description of the server, the server's coordinates, and
/// the embedded server (kept alive for the demo) when no endpoint is
/// configured.
fn connect() -> DemoResult<(
    Newtera,
    String,
    Target,
    Option<newtera_testkit::EmbeddedServer>,
)> {
    if let Ok(endpoint) = std::env::var("NEWTERA_ENDPOINT") {
        let target = Target {
            access_key: std::env::var("NEWTERA_ACCESS_KEY").unwrap_or_default(),
            secret_key: std::env::var("NEWTERA_SECRET_KEY").unwrap_or_default(),
            region: std::env::var("NEWTERA_REGION").ok(),
            endpoint: endpoint.clone(),
        };
        let mut builder = Newtera::builder(&endpoint)
            .credentials(target.access_key.clone(), target.secret_key.clone());
        if let Some(region) = &target.region {
            builder = builder.region(region.clone());
        }
        return Ok((builder.build()?, endpoint, target, None));
    }
    let server = newtera_testkit::EmbeddedServer::start()?;
    let client = Newtera::builder(server.endpoint())
        .credentials(server.access_key(), server.secret_key())
        .build()?;
    let description = format!("the embedded s3s-fs server at {}", server.endpoint());
    let target = Target {
        endpoint: server.endpoint(),
        access_key: server.access_key().to_owned(),
        secret_key: server.secret_key().to_owned(),
        region: None,
    };
    Ok((client, description, target, Some(server)))
}

pub(crate) fn generated(len: usize) -> Vec<u8> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

/// A GET with nothing but a socket, as `curl` would do it.
fn plain_get(url: &str) -> DemoResult<Vec<u8>> {
    let rest = url
        .strip_prefix("http://")
        .ok_or("the demo fetches http:// URLs")?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = std::net::TcpStream::connect(authority)?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no response head")?;
    let (head, rest) = raw.split_at(split);
    if !raw.starts_with(b"HTTP/1.1 200") {
        return Err(format!("presigned GET failed: {}", String::from_utf8_lossy(head)).into());
    }
    Ok(rest.get(4..).unwrap_or_default().to_vec())
}
