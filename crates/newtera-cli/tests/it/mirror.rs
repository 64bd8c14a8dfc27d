//! `mirror`: uploads what changed, skips what did not.

use crate::support::{Harness, TestResult, write};

fn statuses(run: &crate::support::Run) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = run
        .json_lines()
        .iter()
        .filter(|l| l["type"] != "summary")
        .map(|l| {
            let status = l["type"].as_str().unwrap_or("?").to_owned();
            let target = l["target"]
                .as_str()
                .or(l["removed"].as_str())
                .unwrap_or("?")
                .to_owned();
            (status, target)
        })
        .collect();
    out.sort();
    out
}

fn pair(status: &str, target: &str) -> (String, String) {
    (status.to_owned(), target.to_owned())
}

#[test]
fn mirror_skips_unchanged_files() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("site")?;
    write(&h.local("www/index.html"), "<h1>v1</h1>")?;
    write(&h.local("www/img/logo.svg"), "<svg/>")?;

    let first = h.run(&["--json", "mirror", "www", "t/site/pub"]).expect(0);
    assert_eq!(
        statuses(&first),
        [
            pair("transfer", "t/site/pub/img/logo.svg"),
            pair("transfer", "t/site/pub/index.html")
        ]
    );
    let stat = h.client.stat_object(&bucket, "pub/index.html").send()?;
    assert!(
        stat.metadata.contains_key("newtera-mtime"),
        "{:?}",
        stat.metadata
    );

    let second = h.run(&["--json", "mirror", "www", "t/site/pub/"]).expect(0);
    assert_eq!(
        statuses(&second),
        [
            pair("unchanged", "t/site/pub/img/logo.svg"),
            pair("unchanged", "t/site/pub/index.html")
        ]
    );

    // Same size, new content: the MD5 ETag tells them apart.
    write(&h.local("www/index.html"), "<h1>v2</h1>")?;
    write(&h.local("www/new.txt"), "new")?;
    h.client
        .put_object(&bucket, "pub/stale.txt", "old")
        .send()?;
    // Without --overwrite a changed target is left alone, and a dry run
    // says so (and fails, as the real run would).
    let refused = h
        .run(&["mirror", "--dry-run", "www", "t/site/pub"])
        .expect(1);
    assert!(refused.stderr.contains("--overwrite"), "{}", refused.stderr);
    let dry = h
        .run(&[
            "--json",
            "mirror",
            "--dry-run",
            "--overwrite",
            "--remove",
            "www",
            "t/site/pub",
        ])
        .expect(0);
    assert!(dry.stdout.contains("would") || dry.stdout.contains("dry_run"));
    assert!(
        h.client
            .stat_object(&bucket, "pub/stale.txt")
            .send()
            .is_ok(),
        "dry run removed"
    );
    // --remove without --force (and no terminal to ask) does nothing.
    let unforced = h
        .run(&["mirror", "--overwrite", "--remove", "www", "t/site/pub"])
        .expect(2);
    assert!(unforced.stderr.contains("--force"), "{}", unforced.stderr);
    assert!(
        h.client
            .stat_object(&bucket, "pub/stale.txt")
            .send()
            .is_ok()
    );
    assert_eq!(
        h.client
            .get_object_bytes(&bucket, "pub/index.html")
            .send()?,
        "<h1>v1</h1>"
    );
    let third = h
        .run(&[
            "--json",
            "mirror",
            "--overwrite",
            "--remove",
            "--force",
            "www",
            "t/site/pub",
        ])
        .expect(0);
    assert_eq!(
        statuses(&third),
        [
            pair("?", "t/site/pub/stale.txt"),
            pair("transfer", "t/site/pub/index.html"),
            pair("transfer", "t/site/pub/new.txt"),
            pair("unchanged", "t/site/pub/img/logo.svg"),
        ]
    );
    assert_eq!(
        h.client
            .get_object_bytes(&bucket, "pub/index.html")
            .send()?,
        "<h1>v2</h1>"
    );
    assert!(
        h.client
            .stat_object(&bucket, "pub/stale.txt")
            .send()
            .is_err()
    );
    Ok(())
}

#[test]
fn multipart_objects_compare_by_recorded_mtime() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("bigsite")?;
    std::fs::create_dir_all(h.local("big"))?;
    std::fs::write(h.local("big/blob.bin"), vec![1u8; 6 << 20])?;
    let first = h.run(&["--json", "mirror", "big", "t/bigsite"]).expect(0);
    assert_eq!(statuses(&first), [pair("transfer", "t/bigsite/blob.bin")]);
    assert!(
        h.client
            .stat_object(&bucket, "blob.bin")
            .send()?
            .etag
            .as_str()
            .contains('-')
    );
    let second = h.run(&["--json", "mirror", "big", "t/bigsite"]).expect(0);
    assert_eq!(statuses(&second), [pair("unchanged", "t/bigsite/blob.bin")]);
    // A newer modification time means upload again, even at the same size.
    let file = std::fs::File::options()
        .write(true)
        .open(h.local("big/blob.bin"))?;
    file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(120))?;
    let third = h
        .run(&["--json", "mirror", "--overwrite", "big", "t/bigsite"])
        .expect(0);
    assert_eq!(statuses(&third), [pair("transfer", "t/bigsite/blob.bin")]);
    Ok(())
}
