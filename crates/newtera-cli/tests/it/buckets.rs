//! `mb`, `rb`, `ls` of buckets, `du`.

use crate::support::{Harness, TestResult};

#[test]
fn make_list_and_remove_buckets() -> TestResult {
    let h = Harness::new()?;
    let run = h.run(&["mb", "t/photos"]).expect(0);
    assert!(run.stdout.contains("created"), "{}", run.stdout);
    assert!(h.client.bucket_exists("photos").send()?);
    // Making it again fails, unless asked to ignore it.
    h.run(&["mb", "t/photos"]).expect(1);
    let run = h.run(&["--json", "mb", "-p", "t/photos"]).expect(0);
    assert_eq!(run.json_lines()[0]["created"], false);

    let run = h.run(&["--json", "ls", "t"]).expect(0);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["type"], "bucket");
    assert_eq!(lines[0]["name"], "photos");

    h.run(&["rb", "t/photos"]).expect(0);
    assert!(!h.client.bucket_exists("photos").send()?);
    h.run(&["rb", "t/photos"]).expect(3);
    Ok(())
}

#[test]
fn rb_refuses_full_buckets_unless_forced() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("full")?;
    for i in 0..5 {
        h.client
            .put_object(&bucket, &format!("k/{i}"), "x")
            .send()?;
    }
    h.run(&["rb", "t/full"]).expect(1);
    assert!(h.client.bucket_exists(&bucket).send()?);
    let run = h.run(&["--json", "rb", "--force", "t/full"]).expect(0);
    assert_eq!(run.json_lines()[0]["objects_removed"], 5);
    assert!(!h.client.bucket_exists(&bucket).send()?);
    Ok(())
}

#[test]
fn du_sums_prefixes_buckets_and_aliases() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("sizes")?;
    h.client
        .put_object(&bucket, "a/1", vec![0u8; 1000])
        .send()?;
    h.client.put_object(&bucket, "a/2", vec![0u8; 24]).send()?;
    h.client
        .put_object(&bucket, "b/3", vec![0u8; 2048])
        .send()?;
    let run = h.run(&["--json", "du", "t/sizes/a/"]).expect(0);
    let line = &run.json_lines()[0];
    assert_eq!(
        (line["objects"].as_u64(), line["bytes"].as_u64()),
        (Some(2), Some(1024))
    );
    assert_eq!(line["path"], "t/sizes/a/");
    let run = h.run(&["du", "t/sizes"]).expect(0);
    assert!(run.stdout.contains("3.0 KiB"), "{}", run.stdout);
    let run = h.run(&["--json", "du", "t"]).expect(0);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 2, "one bucket and the total");
    assert_eq!(lines[1]["bytes"], 3072);
    Ok(())
}
