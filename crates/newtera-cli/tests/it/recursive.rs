//! Recursive `cp` in every direction, batch `rm -r`, and the refusal of
//! keys that would escape the target folder.

use std::collections::BTreeSet;

use crate::hostile::Hostile;
use crate::support::{Harness, TestResult, write};

fn keys(h: &Harness, bucket: &str, prefix: &str) -> Result<BTreeSet<String>, newtera::Error> {
    Ok(h.client
        .list_objects(bucket)
        .prefix(prefix)
        .recursive(true)
        .into_iter()
        .collect::<newtera::Result<Vec<_>>>()?
        .into_iter()
        .map(|o| o.object_name)
        .collect())
}

#[test]
fn upload_folders_with_rsync_slash_rule() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("upl")?;
    for (path, text) in [
        ("site/index.html", "i"),
        ("site/css/a.css", "a"),
        ("site/js/b.js", "b"),
    ] {
        write(&h.local(path), text)?;
    }
    // Without -r a folder is refused.
    h.run(&["cp", "site", "t/upl/"]).expect(2);
    // `site` copies the folder itself, `site/` its contents.
    let run = h
        .run(&[
            "--json",
            "cp",
            "-r",
            "--parallel",
            "3",
            "site",
            "t/upl/with/",
        ])
        .expect(0);
    let lines = run.json_lines();
    assert_eq!(
        lines.len(),
        4,
        "three transfers and a summary: {}",
        run.stdout
    );
    let summary = &lines[3];
    assert_eq!(summary["type"], "summary");
    assert_eq!(
        (summary["objects"].as_u64(), summary["failed"].as_u64()),
        (Some(3), Some(0))
    );
    for transfer in &lines[..3] {
        assert_eq!(transfer["type"], "transfer");
        assert_eq!(transfer["size"], 1);
    }
    h.run(&["cp", "-r", "site/", "t/upl/without"]).expect(0);
    let expected = |p: &str| -> BTreeSet<String> {
        ["css/a.css", "index.html", "js/b.js"]
            .iter()
            .map(|k| format!("{p}{k}"))
            .collect()
    };
    assert_eq!(keys(&h, &bucket, "with/")?, expected("with/site/"));
    assert_eq!(keys(&h, &bucket, "without/")?, expected("without/"));
    Ok(())
}

#[test]
fn download_and_copy_prefixes() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("down")?;
    for key in ["data/a.txt", "data/sub/b.txt", "database.txt"] {
        h.client.put_object(&bucket, key, key.to_owned()).send()?;
    }
    h.run(&["cp", "-r", "t/down/data/", "out"]).expect(0);
    assert_eq!(std::fs::read_to_string(h.local("out/a.txt"))?, "data/a.txt");
    assert_eq!(
        std::fs::read_to_string(h.local("out/sub/b.txt"))?,
        "data/sub/b.txt"
    );
    assert!(!h.local("out/database.txt").exists());

    // Server-side copy of a prefix into another bucket, and a single object.
    h.bucket("other")?;
    h.run(&["cp", "-r", "t/down/data", "t/other/backup/"])
        .expect(0);
    assert_eq!(
        keys(&h, "other", "")?,
        ["backup/data/a.txt", "backup/data/sub/b.txt"]
            .map(String::from)
            .into()
    );
    h.run(&["cp", "t/down/database.txt", "t/other/"]).expect(0);
    assert_eq!(
        h.client.get_object_bytes("other", "database.txt").send()?,
        "database.txt"
    );

    // `-r` on an object copies the object; on nothing, it is not found.
    h.run(&["cp", "-r", "t/down/data/a.txt", "single/"])
        .expect(0);
    assert_eq!(
        std::fs::read_to_string(h.local("single/a.txt"))?,
        "data/a.txt"
    );
    h.run(&["cp", "-r", "t/down/database.txt", "t/other/again/"])
        .expect(0);
    assert_eq!(
        h.client
            .get_object_bytes("other", "again/database.txt")
            .send()?,
        "database.txt"
    );
    h.run(&["cp", "-r", "t/down/nothing", "x"]).expect(3);
    h.run(&["cp", "-r", "t/down/nothing/", "x"]).expect(3);
    Ok(())
}

#[test]
fn copies_between_aliases_stream_through() -> TestResult {
    let h = Harness::new()?;
    let second = newtera_testkit::EmbeddedServer::start()?;
    let endpoint = second.endpoint();
    h.run(&[
        "alias",
        "set",
        "u",
        &endpoint,
        second.access_key(),
        second.secret_key(),
    ])
    .expect(0);
    h.bucket("src")?;
    h.client
        .put_object("src", "k/x.bin", vec![7u8; 300_000])
        .send()?;
    h.run(&["mb", "u/dst"]).expect(0);
    h.run(&["cp", "-r", "t/src/k/", "u/dst/"]).expect(0);
    let run = h.run(&["--json", "stat", "u/dst/x.bin"]).expect(0);
    assert_eq!(run.json_lines()[0]["size"], 300_000);
    Ok(())
}

#[test]
fn rm_recursive_uses_batches() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("many")?;
    for i in 0..30 {
        h.client
            .put_object(&bucket, &format!("logs/{i:02}"), "x")
            .send()?;
    }
    h.client.put_object(&bucket, "keep.txt", "x").send()?;
    let run = h
        .run(&["--json", "rm", "-r", "--force", "t/many/logs/"])
        .expect(0);
    assert_eq!(run.json_lines().len(), 30);
    assert_eq!(
        keys(&h, &bucket, "")?,
        BTreeSet::from(["keep.txt".to_owned()])
    );
    Ok(())
}

#[test]
fn keys_that_escape_the_target_are_refused_and_the_rest_goes_on() -> TestResult {
    let h = Harness::new()?;
    // One listing and one GET of the only safe key; nothing else is asked.
    let server = Hostile::start(2)?;
    h.run(&[
        "alias",
        "set",
        "--no-verify",
        "evil",
        &server.endpoint,
        "AK",
        "SK",
        "--region",
        "us-east-1",
    ])
    .expect(0);
    let target = h.local("inside/target");
    std::fs::create_dir_all(&target)?;
    let run = h.run(&["cp", "-r", "evil/bucket/p/", "inside/target"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        run.stderr.matches("refusing to download").count(),
        3,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("'..' component"), "{}", run.stderr);
    assert!(run.stderr.contains("absolute key"), "{}", run.stderr);
    assert!(
        run.stderr.contains("3 of 4 transfer(s) failed"),
        "{}",
        run.stderr
    );
    // The safe object was still copied; nothing landed outside the target.
    assert_eq!(
        std::fs::read_to_string(target.join("good.txt"))?,
        "content of /bucket/p/good.txt"
    );
    assert_eq!(only_entries(&target)?, ["good.txt"]);
    assert_eq!(only_entries(&h.local("inside"))?, ["target"]);
    assert_eq!(only_entries(h.scratch.path())?, ["inside"]);
    assert!(!std::path::Path::new("/abs/evil3").exists());
    Ok(())
}

#[test]
fn dot_dot_keys_uploaded_with_the_client_never_leave_the_target() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("evil")?;
    // s3s-fs refuses `../evil` (500) and resolves `p/../evil2` to `evil2`
    // when it stores it; whatever it keeps, the copy must stay inside its
    // target. (The scripted server above sends such keys for real.)
    let _refused_by_s3s_fs = h.client.put_object(&bucket, "../evil", "evil").send();
    h.client.put_object(&bucket, "p/../evil2", "evil").send()?;
    h.client.put_object(&bucket, "p/good.txt", "good").send()?;
    std::fs::create_dir_all(h.local("inside/target"))?;
    let run = h.run(&["cp", "-r", "t/evil", "inside/target"]);
    assert!(run.code == 0 || run.code == 1, "{run:?}");
    assert_eq!(only_entries(h.scratch.path())?, ["inside"]);
    assert_eq!(only_entries(&h.local("inside"))?, ["target"]);
    assert_eq!(
        std::fs::read_to_string(h.local("inside/target/p/good.txt"))?,
        "good"
    );
    Ok(())
}

fn only_entries(dir: &std::path::Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        names.push(entry?.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

/// `rm -r b/logs` removes the folder `logs/` only, never `logs.txt`,
/// `logs-old/…` or `logsheet.csv`, and only with `--force`; `du` counts
/// the same folder.
#[test]
fn recursive_remove_follows_the_folder_rule_and_needs_force() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("trap")?;
    let keys = ["logs/a.txt", "logs.txt", "logs-old/b.txt", "logsheet.csv"];
    for key in keys {
        h.client.put_object(&bucket, key, "data").send()?;
    }
    let count = |h: &Harness| -> Result<usize, newtera::Error> {
        Ok(h.client
            .list_objects(&bucket)
            .recursive(true)
            .into_iter()
            .collect::<newtera::Result<Vec<_>>>()?
            .len())
    };

    let refused = h.run(&["rm", "-r", "t/trap/logs"]).expect(2);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert_eq!(count(&h)?, 4, "nothing removed without --force");

    let dry = h
        .run(&["--json", "rm", "-r", "--dry-run", "t/trap/logs"])
        .expect(0);
    let would: Vec<String> = dry
        .json_lines()
        .iter()
        .filter_map(|l| l["key"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(would, ["logs/a.txt"]);
    assert_eq!(count(&h)?, 4, "a dry run removes nothing");

    let du = h
        .run(&["--json", "du", "t/trap/logs"])
        .expect(0)
        .json_lines();
    assert_eq!(
        du.last().map(|l| l["objects"].clone()),
        Some(1.into()),
        "{du:?}"
    );

    h.run(&["rm", "-r", "--force", "t/trap/logs"]).expect(0);
    let mut left: Vec<String> = h
        .client
        .list_objects(&bucket)
        .recursive(true)
        .into_iter()
        .collect::<newtera::Result<Vec<_>>>()?
        .into_iter()
        .map(|o| o.object_name)
        .collect();
    left.sort();
    assert_eq!(left, ["logs-old/b.txt", "logs.txt", "logsheet.csv"]);

    // An object named exactly like the folder goes when no folder is there.
    h.run(&["rm", "-r", "--force", "t/trap/logs.txt"]).expect(0);
    assert_eq!(count(&h)?, 2);
    Ok(())
}
