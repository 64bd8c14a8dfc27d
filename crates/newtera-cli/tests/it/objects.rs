//! Single objects: `cp` up and down, `cat`, `stat`, `ls`, `rm`.

use crate::support::{Harness, TestResult, write};

#[test]
fn upload_stat_cat_download_remove() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("docs")?;
    write(&h.local("hello.txt"), "hello, newtera\n")?;

    // Upload into a "folder" keeps the file name.
    let run = h.run(&["cp", "hello.txt", "t/docs/notes/"]).expect(0);
    assert!(
        run.stdout.contains("t/docs/notes/hello.txt"),
        "{}",
        run.stdout
    );
    assert_eq!(
        h.client
            .get_object_bytes(&bucket, "notes/hello.txt")
            .send()?,
        "hello, newtera\n"
    );

    let run = h
        .run(&["--json", "stat", "t/docs/notes/hello.txt"])
        .expect(0);
    let stat = &run.json_lines()[0];
    assert_eq!(stat["type"], "object");
    assert_eq!(stat["key"], "notes/hello.txt");
    assert_eq!(stat["size"], 15);
    assert!(stat["etag"].as_str().is_some_and(|e| !e.is_empty()));
    assert!(
        stat["last_modified"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
    let human = h.run(&["stat", "t/docs/notes/hello.txt"]).expect(0);
    assert!(human.stdout.contains("15 B (15 bytes)"), "{}", human.stdout);

    let run = h
        .run(&["cat", "t/docs/notes/hello.txt", "t/docs/notes/hello.txt"])
        .expect(0);
    assert_eq!(run.stdout, "hello, newtera\nhello, newtera\n");

    // Download to a file name, and into an existing folder.
    h.run(&["cp", "t/docs/notes/hello.txt", "copy.txt"])
        .expect(0);
    assert_eq!(
        std::fs::read_to_string(h.local("copy.txt"))?,
        "hello, newtera\n"
    );
    std::fs::create_dir(h.local("down"))?;
    h.run(&["cp", "t/docs/notes/hello.txt", "down"]).expect(0);
    assert_eq!(
        std::fs::read_to_string(h.local("down/hello.txt"))?,
        "hello, newtera\n"
    );

    let run = h.run(&["--json", "rm", "t/docs/notes/hello.txt"]).expect(0);
    assert_eq!(run.json_lines()[0]["removed"], "t/docs/notes/hello.txt");
    assert!(
        h.client
            .stat_object(&bucket, "notes/hello.txt")
            .send()
            .is_err()
    );
    Ok(())
}

#[test]
fn ls_lists_one_level_or_everything() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("tree")?;
    for key in ["top.txt", "dir/a.txt", "dir/sub/b.txt"] {
        h.client.put_object(&bucket, key, "data").send()?;
    }
    let run = h.run(&["--json", "ls", "t/tree"]).expect(0);
    let lines = run.json_lines();
    let mut kinds: Vec<(String, String)> = lines
        .iter()
        .map(|l| {
            (
                l["type"].as_str().unwrap_or("?").to_owned(),
                l["key"].as_str().unwrap_or("?").to_owned(),
            )
        })
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            ("file".into(), "top.txt".into()),
            ("folder".into(), "dir/".into())
        ]
    );
    for line in &lines {
        for field in ["type", "key", "size", "etag", "last_modified"] {
            assert!(line.get(field).is_some(), "{field} missing in {line}");
        }
    }
    let run = h.run(&["ls", "-r", "t/tree/dir/"]).expect(0);
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
    assert!(
        run.stdout.contains("sub/b.txt") && run.stdout.contains("4 B"),
        "{}",
        run.stdout
    );
    Ok(())
}

#[test]
fn missing_objects_exit_with_3() -> TestResult {
    let h = Harness::new()?;
    h.bucket("empty")?;
    for args in [
        &["stat", "t/empty/nope"][..],
        &["cat", "t/empty/nope"],
        &["rm", "t/empty/nope"],
        &["rm", "-r", "t/empty/nothing/"],
        &["cp", "t/empty/nope", "local.txt"],
        &["ls", "t/empty/nope"],
        &["ls", "t/no-such-bucket"],
        &["stat", "t/no-such-bucket"],
        &["cp", "missing-local-file", "t/empty/x"],
    ] {
        let run = h.run(args);
        assert_eq!(run.code, 3, "{args:?}: {run:?}");
        assert!(
            run.stderr.starts_with("newtera: "),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(!h.local("local.txt").exists());
    Ok(())
}

#[test]
fn a_failed_download_leaves_the_old_file_alone() -> TestResult {
    let h = Harness::new()?;
    h.bucket("keep")?;
    write(&h.local("good.txt"), "good content")?;
    h.run(&["cp", "t/keep/missing", "good.txt"]).expect(3);
    assert_eq!(
        std::fs::read_to_string(h.local("good.txt"))?,
        "good content"
    );
    let leftovers: Vec<_> = std::fs::read_dir(h.scratch.path())?
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".newtera-part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    Ok(())
}

#[test]
fn large_files_go_multipart_both_ways() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("large")?;
    let data: Vec<u8> = (0..(12u32 << 20)).map(|i| (i % 251) as u8).collect();
    std::fs::write(h.local("big.bin"), &data)?;
    h.run(&["cp", "big.bin", "t/large/big.bin"]).expect(0);
    let stat = h.client.stat_object(&bucket, "big.bin").send()?;
    assert_eq!(stat.size, data.len() as u64);
    assert!(
        stat.etag.as_str().contains('-'),
        "multipart ETag expected, got {}",
        stat.etag
    );
    h.run(&["cp", "t/large/big.bin", "back.bin"]).expect(0);
    assert!(std::fs::read(h.local("back.bin"))? == data);
    Ok(())
}

#[cfg(unix)]
#[test]
fn ctrl_c_mid_download_keeps_the_old_file_and_no_part_file() -> TestResult {
    use std::time::{Duration, Instant};
    let h = Harness::new()?;
    let server = crate::hostile::stalling()?;
    h.run(&[
        "alias",
        "set",
        "--no-verify",
        "slow",
        &server.endpoint,
        "AK",
        "SK",
        "--region",
        "us-east-1",
    ])
    .expect(0);
    write(&h.local("good.txt"), "good content")?;
    let child = h
        .command()
        .args(["cp", "slow/bucket/big.bin", "good.txt"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    // Wait until the first MiB has landed in a part file.
    let started = Instant::now();
    let part_size = || -> u64 {
        std::fs::read_dir(h.scratch.path())
            .into_iter()
            .flatten()
            .flatten()
            // fget_object's temporary file: `.NAME.NONCE.part`.
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with(".good.txt.") && name.ends_with(".part")
            })
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum()
    };
    while part_size() < 1 << 20 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no part file appeared"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()?;
    assert!(killed.success());
    let output = child.wait_with_output()?;
    assert_eq!(output.status.code(), Some(130), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("interrupted"));
    assert_eq!(
        std::fs::read_to_string(h.local("good.txt"))?,
        "good content"
    );
    assert_eq!(part_size(), 0, "the part file was left behind");
    Ok(())
}

/// `newtera cat … | head` ends quietly with success when the reader goes
/// away, as every Unix tool does.
#[test]
fn cat_into_a_closed_pipe_ends_quietly() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("pipe")?;
    let big: Vec<u8> = (0..(8u32 << 20)).map(|i| b'a' + (i % 26) as u8).collect();
    h.client.put_object(&bucket, "big.txt", big).send()?;
    let mut child = h
        .command()
        .args(["cat", "t/pipe/big.txt"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    let mut stdout = child.stdout.take().ok_or("stdout")?;
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first)?;
    assert_eq!(&first, b"abcdefghijklmnop");
    drop(stdout); // the reader goes away, like `head -c 16`
    let output = child.wait_with_output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    Ok(())
}
