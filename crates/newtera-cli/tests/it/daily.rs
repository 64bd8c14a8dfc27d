//! The daily tool on the embedded server: upload headers, `cp` with
//! several sources, wildcards, stdin/stdout and skips; `mv`, `pipe`,
//! `cat`/`head`, `mirror` in every direction, `find`, `tree`, `diff`,
//! `share`, `ping`/`ready`, alias checks and the global flags.

use std::io::Write;
use std::process::Stdio;

use crate::support::{ACCESS, Harness, Run, TestResult, write};

/// Runs the binary with `input` on stdin.
fn run_with_stdin(
    h: &Harness,
    args: &[&str],
    input: &[u8],
) -> Result<Run, Box<dyn std::error::Error>> {
    let mut child = h
        .command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    child.stdin.take().ok_or("stdin")?.write_all(input)?;
    Ok(Run::from(child.wait_with_output()?))
}

#[test]
fn uploads_carry_types_metadata_and_headers() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("typed")?;
    write(&h.local("photo.jpg"), "jpeg")?;
    write(&h.local("page.html"), "<p>")?;
    write(&h.local("notes"), "plain")?;
    h.run(&["cp", "photo.jpg", "page.html", "notes", "t/typed/"])
        .expect(0);
    let kind = |key: &str| -> Result<Option<String>, newtera::Error> {
        Ok(h.client.stat_object(&bucket, key).send()?.content_type)
    };
    assert_eq!(kind("photo.jpg")?.as_deref(), Some("image/jpeg"));
    assert_eq!(kind("page.html")?.as_deref(), Some("text/html"));
    assert_eq!(kind("notes")?.as_deref(), Some("application/octet-stream"));

    h.run(&[
        "cp",
        "--content-type",
        "text/plain",
        "--attr",
        "owner=ann;Team=blue",
        "--metadata",
        "x-amz-meta-stage=2",
        "photo.jpg",
        "t/typed/forced.jpg",
    ])
    .expect(0);
    let stat = h.client.stat_object(&bucket, "forced.jpg").send()?;
    assert_eq!(stat.content_type.as_deref(), Some("text/plain"));
    assert_eq!(stat.metadata.get("owner").map(String::as_str), Some("ann"));
    assert_eq!(stat.metadata.get("team").map(String::as_str), Some("blue"));
    assert_eq!(stat.metadata.get("stage").map(String::as_str), Some("2"));
    h.run(&[
        "cp",
        "--cache-control",
        "max-age=60",
        "notes",
        "t/typed/cached",
    ])
    .expect(0);
    let shown = h.run(&["stat", "t/typed/cached"]).expect(0).stdout;
    assert!(
        shown.contains("Header    : Cache-Control: max-age=60"),
        "{shown}"
    );
    let json = h
        .run(&["--json", "stat", "t/typed/cached"])
        .expect(0)
        .stdout;
    assert!(json.contains(r#""cache_control":"max-age=60""#), "{json}");

    // Bad input: refused before anything is sent.
    for bad in [
        &["cp", "--attr", "novalue", "notes", "t/typed/bad1"][..],
        &["cp", "--attr", "bad name=x", "notes", "t/typed/bad2"],
        &[
            "cp",
            "--storage-class",
            "not a class",
            "notes",
            "t/typed/bad3",
        ],
    ] {
        let run = h.run(bad);
        assert_eq!(run.code, 2, "{bad:?}: {run:?}");
    }
    for key in ["bad1", "bad2", "bad3"] {
        assert!(
            h.client.stat_object(&bucket, key).send().is_err(),
            "{key} uploaded"
        );
    }

    // pipe takes the type from the key too.
    run_with_stdin(&h, &["pipe", "t/typed/data.json"], b"{}")?.expect(0);
    assert_eq!(kind("data.json")?.as_deref(), Some("application/json"));
    Ok(())
}

/// A server that answers every request with 200 and records the request
/// heads: to see exactly which headers an upload sends.
fn recording_server() -> std::io::Result<(String, std::sync::mpsc::Receiver<String>)> {
    use std::io::{BufRead, BufReader, Read};
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let endpoint = format!("http://{}", listener.local_addr()?);
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let send = send.clone();
            std::thread::spawn(move || -> std::io::Result<()> {
                let mut reader = BufReader::new(stream.try_clone()?);
                let mut writer = stream;
                loop {
                    let mut head = String::new();
                    let mut length = 0u64;
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line)? == 0 {
                            return Ok(());
                        }
                        if line == "\r\n" {
                            break;
                        }
                        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap_or(0);
                        }
                        head.push_str(&line);
                    }
                    std::io::copy(&mut (&mut reader).take(length), &mut std::io::sink())?;
                    let _ = send.send(head);
                    writer.write_all(
                        b"HTTP/1.1 200 OK\r\nETag: \"d41d8cd98f00b204e9800998ecf8427e\"\r\nContent-Length: 0\r\n\r\n",
                    )?;
                }
            });
        }
    });
    Ok((endpoint, receive))
}

#[test]
fn standard_headers_and_the_storage_class_are_sent() -> TestResult {
    let h = Harness::new()?;
    let (endpoint, heads) = recording_server()?;
    h.run(&["alias", "set", "rec", &endpoint, "AK", "SK", "--no-verify"])
        .expect(0);
    write(&h.local("report.pdf"), "%PDF")?;
    h.run(&[
        "cp",
        "--cache-control",
        "max-age=60",
        "--content-disposition",
        "attachment",
        "--content-language",
        "en-GB",
        "--storage-class",
        "REDUCED_REDUNDANCY",
        "--attr",
        "Expires=Wed, 21 Oct 2026 07:28:00 GMT",
        "report.pdf",
        "rec/bucket/report.pdf",
    ])
    .expect(0);
    // The region lookup (GET ?location) may come first.
    let head = loop {
        let head = heads
            .recv_timeout(std::time::Duration::from_secs(10))?
            .to_ascii_lowercase();
        if head.starts_with("put ") {
            break head;
        }
    };
    assert!(head.starts_with("put /bucket/report.pdf"), "{head}");
    for wanted in [
        "content-type: application/pdf",
        "cache-control: max-age=60",
        "content-disposition: attachment",
        "content-language: en-gb",
        "x-amz-storage-class: reduced_redundancy",
        "expires: wed, 21 oct 2026 07:28:00 gmt",
    ] {
        assert!(head.contains(wanted), "{wanted} missing from\n{head}");
    }
    assert!(!head.contains("x-amz-meta-expires"), "{head}");
    Ok(())
}

#[test]
fn cp_takes_several_sources_wildcards_and_skips_what_exists() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("many")?;
    write(&h.local("a.txt"), "a")?;
    write(&h.local("b.txt"), "bb")?;
    write(&h.local("c.log"), "ccc")?;
    // A quoted local wildcard, expanded by newtera.
    h.run(&["cp", "*.txt", "c.log", "t/many/in"]).expect(0);
    for key in ["in/a.txt", "in/b.txt", "in/c.log"] {
        assert!(h.client.stat_object(&bucket, key).send().is_ok(), "{key}");
    }
    // A wildcard names a folder target even when it matches one file.
    h.run(&["cp", "c.*", "t/many/one"]).expect(0);
    assert!(h.client.stat_object(&bucket, "one/c.log").send().is_ok());
    // Several sources need a folder as the target.
    let run = h.run(&["cp", "a.txt", "b.txt", "single.txt"]);
    assert_eq!(run.code, 2, "{run:?}");

    // A remote wildcard.
    let run = h
        .run(&["--json", "cp", "t/many/in/*.txt", "down/"])
        .expect(0);
    assert_eq!(std::fs::read_to_string(h.local("down/a.txt"))?, "a");
    assert_eq!(std::fs::read_to_string(h.local("down/b.txt"))?, "bb");
    assert!(!h.local("down/c.log").exists(), "{}", run.stdout);
    let none = h.run(&["cp", "t/many/in/*.png", "down/"]);
    assert_eq!(none.code, 3, "{none:?}");

    // --no-clobber keeps what is there; --if-size-differ sends only what
    // changed size.
    write(&h.local("down/a.txt"), "local a")?;
    let run = h
        .run(&["--json", "cp", "-n", "t/many/in/a.txt", "down/"])
        .expect(0);
    assert!(run.stdout.contains("\"skipped\""), "{}", run.stdout);
    assert_eq!(std::fs::read_to_string(h.local("down/a.txt"))?, "local a");
    write(&h.local("b.txt"), "22")?;
    write(&h.local("a.txt"), "aaaa")?;
    h.run(&["cp", "--if-size-differ", "a.txt", "b.txt", "t/many/in/"])
        .expect(0);
    assert_eq!(
        h.client.get_object_bytes(&bucket, "in/a.txt").send()?,
        "aaaa"
    );
    assert_eq!(
        h.client.get_object_bytes(&bucket, "in/b.txt").send()?,
        "bb",
        "same size: skipped"
    );

    // --include / --exclude on a recursive copy.
    write(&h.local("site/index.html"), "i")?;
    write(&h.local("site/img/logo.png"), "p")?;
    write(&h.local("site/tmp/x.html"), "t")?;
    h.run(&[
        "cp",
        "-r",
        "--include",
        "*.html",
        "--exclude",
        "tmp/**",
        "site/",
        "t/many/site/",
    ])
    .expect(0);
    let listed = h.run(&["--json", "ls", "-r", "t/many/site/"]).expect(0);
    let keys: Vec<String> = listed
        .json_lines()
        .iter()
        .filter_map(|l| l["key"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(keys, ["site/index.html"], "{}", listed.stdout);
    Ok(())
}

#[test]
fn stdin_stdout_mv_and_pipe() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("stream")?;
    // 6 MiB of unknown length: a multipart upload from stdin.
    let big: Vec<u8> = (0..(6u32 << 20)).map(|i| (i % 241) as u8).collect();
    run_with_stdin(&h, &["cp", "-", "t/stream/big.bin"], &big)?.expect(0);
    assert_eq!(
        h.client.get_object_bytes(&bucket, "big.bin").send()?.len(),
        big.len()
    );
    run_with_stdin(&h, &["pipe", "t/stream/small.txt"], b"piped\n")?.expect(0);
    let out = h.run(&["cp", "t/stream/small.txt", "-"]).expect(0);
    assert_eq!(out.stdout, "piped\n");
    let bad = h.run(&["cp", "-", "-"]);
    assert_eq!(bad.code, 2, "{bad:?}");

    // mv: local to remote removes the file; remote to remote the object.
    write(&h.local("move-me.txt"), "moving")?;
    h.run(&["mv", "move-me.txt", "t/stream/moved.txt"])
        .expect(0);
    assert!(!h.local("move-me.txt").exists());
    h.run(&["mv", "t/stream/moved.txt", "t/stream/again.txt"])
        .expect(0);
    assert!(h.client.stat_object(&bucket, "moved.txt").send().is_err());
    assert_eq!(
        h.client.get_object_bytes(&bucket, "again.txt").send()?,
        "moving"
    );
    // A failed mv removes nothing.
    let failed = h.run(&["mv", "t/stream/again.txt", "t/nosuchbucket/x"]);
    assert_ne!(failed.code, 0);
    assert!(h.client.stat_object(&bucket, "again.txt").send().is_ok());
    Ok(())
}

#[test]
fn cat_ranges_head_and_missing_objects() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("text")?;
    h.client
        .put_object(&bucket, "lines.txt", "one\ntwo\nthree\nfour\n")
        .send()?;
    let run = h
        .run(&["cat", "--offset", "4", "t/text/lines.txt"])
        .expect(0);
    assert_eq!(run.stdout, "two\nthree\nfour\n");
    let run = h.run(&["cat", "--tail", "5", "t/text/lines.txt"]).expect(0);
    assert_eq!(run.stdout, "four\n");
    let run = h
        .run(&["cat", "--offset", "999", "t/text/lines.txt"])
        .expect(0);
    assert_eq!(run.stdout, "");
    let run = h.run(&["head", "-n", "2", "t/text/lines.txt"]).expect(0);
    assert_eq!(run.stdout, "one\ntwo\n");
    // A missing object is reported; the others are still written.
    let run = h
        .run(&["cat", "t/text/missing", "t/text/lines.txt", "t/text/gone"])
        .expect(3);
    assert_eq!(run.stdout, "one\ntwo\nthree\nfour\n");
    assert!(
        run.stderr.contains("t/text/missing") && run.stderr.contains("t/text/gone"),
        "{}",
        run.stderr
    );
    Ok(())
}

#[test]
fn mirror_runs_in_every_direction() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("src")?;
    h.bucket("dst")?;
    h.client.put_object(&bucket, "p/a.txt", "a").send()?;
    h.client.put_object(&bucket, "p/sub/b.txt", "b").send()?;
    h.client.put_object(&bucket, "p/skip.tmp", "t").send()?;
    // Remote to local.
    h.run(&["mirror", "--exclude", "*.tmp", "t/src/p", "local"])
        .expect(0);
    assert_eq!(std::fs::read_to_string(h.local("local/a.txt"))?, "a");
    assert_eq!(std::fs::read_to_string(h.local("local/sub/b.txt"))?, "b");
    assert!(!h.local("local/skip.tmp").exists());
    let again = h
        .run(&["--json", "mirror", "--exclude", "*.tmp", "t/src/p", "local"])
        .expect(0);
    assert!(again.stdout.contains("unchanged"), "{}", again.stdout);
    assert!(!again.stdout.contains("\"transfer\""), "{}", again.stdout);
    // Remote to remote, and --remove of what the source lacks.
    h.client.put_object("dst", "q/stale.txt", "old").send()?;
    h.run(&["mirror", "--remove", "--force", "t/src/p", "t/dst/q"])
        .expect(0);
    assert_eq!(h.client.get_object_bytes("dst", "q/sub/b.txt").send()?, "b");
    assert!(h.client.stat_object("dst", "q/stale.txt").send().is_err());
    // Remote to local --remove removes local files.
    write(&h.local("local/extra.txt"), "x")?;
    h.run(&[
        "mirror",
        "--remove",
        "--force",
        "--exclude",
        "*.tmp",
        "t/src/p",
        "local",
    ])
    .expect(0);
    assert!(!h.local("local/extra.txt").exists());
    // Age filters: nothing here is older than a day.
    let old = h
        .run(&[
            "--json",
            "mirror",
            "--older-than",
            "1d",
            "t/src/p",
            "t/dst/r",
        ])
        .expect(0);
    assert!(
        h.client
            .list_objects("dst")
            .prefix("r/")
            .recursive(true)
            .into_iter()
            .collect::<newtera::Result<Vec<_>>>()?
            .is_empty(),
        "{}",
        old.stdout
    );
    Ok(())
}

#[test]
fn mirror_watch_sends_new_files_until_stopped() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("watched")?;
    write(&h.local("live/first.txt"), "1")?;
    let mut child = h
        .command()
        .args(["mirror", "--watch", "--interval", "1s", "live", "t/watched"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let wait_for = |key: &str| {
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_secs(20) {
            if h.client.stat_object(&bucket, key).send().is_ok() {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        false
    };
    let first = wait_for("first.txt");
    write(&h.local("live/second.txt"), "2")?;
    let second = wait_for("second.txt");
    child.kill()?;
    let output = child.wait_with_output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(first && second, "{stdout}");
    assert_eq!(
        stdout.lines().filter(|l| l.contains("first.txt")).count(),
        1,
        "sent once: {stdout}"
    );
    h.run(&["mirror", "--watch", "--remove", "live", "t/watched"])
        .expect(2);
    Ok(())
}

#[cfg(unix)]
#[test]
fn mirror_dry_run_reports_dangling_links() -> TestResult {
    let h = Harness::new()?;
    h.bucket("links")?;
    write(&h.local("www/ok.txt"), "ok")?;
    std::os::unix::fs::symlink(h.local("www/nowhere"), h.local("www/dangling"))?;
    let run = h.run(&["mirror", "--dry-run", "www", "t/links"]).expect(1);
    assert!(run.stdout.contains("would upload"), "{}", run.stdout);
    assert!(run.stderr.contains("dangling"), "{}", run.stderr);
    Ok(())
}

#[test]
fn find_tree_and_diff() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("found")?;
    h.client.put_object(&bucket, "a/small.jpg", "x").send()?;
    h.client
        .put_object(&bucket, "a/b/big.jpg", vec![0u8; 2048])
        .send()?;
    h.client
        .put_object(&bucket, "a/b/c/notes.txt", "n")
        .send()?;
    let names = |run: Run| -> Vec<String> {
        run.json_lines()
            .iter()
            .filter_map(|l| l["key"].as_str().map(str::to_owned))
            .collect()
    };
    let jpgs = names(
        h.run(&["--json", "find", "--name", "*.jpg", "t/found"])
            .expect(0),
    );
    assert_eq!(jpgs, ["a/b/big.jpg", "a/small.jpg"]);
    let big = names(
        h.run(&["--json", "find", "--larger", "1KiB", "t/found"])
            .expect(0),
    );
    assert_eq!(big, ["a/b/big.jpg"]);
    let small = names(
        h.run(&[
            "--json",
            "find",
            "--smaller",
            "1KiB",
            "--regex",
            "c/.*txt$",
            "t/found",
        ])
        .expect(0),
    );
    assert_eq!(small, ["a/b/c/notes.txt"]);
    let shallow = names(
        h.run(&["--json", "find", "--maxdepth", "2", "t/found/a"])
            .expect(0),
    );
    assert_eq!(shallow, ["a/b/big.jpg", "a/small.jpg"]);
    let recent = names(
        h.run(&["--json", "find", "--older-than", "1d", "t/found"])
            .expect(0),
    );
    assert!(recent.is_empty());
    let exec = h
        .run(&[
            "find",
            "--name",
            "*.txt",
            "--exec",
            "echo found {}",
            "t/found",
        ])
        .expect(0);
    assert_eq!(exec.stdout, "found t/found/a/b/c/notes.txt\n");
    let bad = h.run(&["find", "--regex", "(", "t/found"]);
    assert_eq!(bad.code, 2, "{bad:?}");

    let tree = h.run(&["tree", "t/found"]).expect(0);
    assert_eq!(tree.stdout, "t/found\n  a/\n    b/\n      c/\n");
    let files = h
        .run(&["tree", "--files", "--depth", "2", "t/found"])
        .expect(0);
    assert!(files.stdout.contains("    small.jpg"), "{}", files.stdout);
    assert!(!files.stdout.contains("notes.txt"), "{}", files.stdout);
    // A prefix holding nothing is not found, as for `ls` and `du`.
    h.run(&["tree", "t/found/no-such-folder"]).expect(3);

    write(&h.local("d/small.jpg"), "x")?;
    write(&h.local("d/b/big.jpg"), "different size")?;
    write(&h.local("d/only-local"), "l")?;
    let diff = h.run(&["diff", "d", "t/found/a"]).expect(0);
    let mut lines: Vec<&str> = diff.stdout.lines().collect();
    lines.sort();
    assert_eq!(lines, ["! b/big.jpg", "< only-local", "> b/c/notes.txt"]);
    // Against a prefix holding nothing: not found, nothing listed.
    let typo = h.run(&["diff", "d", "t/found/no-such-folder"]).expect(3);
    assert!(typo.stdout.is_empty(), "{typo:?}");
    Ok(())
}

#[test]
fn share_upload_prints_a_working_curl_command() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("shared")?;
    let run = h
        .run(&["share", "upload", "--expires", "1h", "t/shared/up/file.txt"])
        .expect(0);
    let curl = run.stdout.trim();
    assert!(curl.starts_with("curl '"), "{curl}");
    for field in [
        "policy=",
        "x-amz-signature=",
        "key=up/file.txt",
        "-F file=@<FILE>",
    ] {
        assert!(curl.contains(field), "{field} missing: {curl}");
    }
    assert!(!curl.contains(crate::support::SECRET), "{curl}");
    let prefix = h.run(&["share", "upload", "t/shared/inbox/"]).expect(0);
    assert!(
        // S3 puts the posted file's name in place of `${filename}`.
        prefix.stdout.contains("key=inbox/${filename}"),
        "{}",
        prefix.stdout
    );
    // Posting the form with curl, where curl is installed.
    let has_curl = std::process::Command::new("curl")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if has_curl {
        write(&h.local("file.txt"), "posted")?;
        let command = curl.replace("<FILE>", &h.local("file.txt").display().to_string());
        let posted = std::process::Command::new("sh")
            .args([
                "-c",
                &format!("{command} -s -o /dev/null -w '%{{http_code}}'"),
            ])
            .output()?;
        let code = String::from_utf8_lossy(&posted.stdout).into_owned();
        assert!(code.starts_with('2'), "POST answered {code}");
        assert_eq!(
            h.client.get_object_bytes(&bucket, "up/file.txt").send()?,
            "posted"
        );
    } else {
        println!("curl not installed: the form was checked, not posted");
    }
    let download = h
        .run(&["share", "download", "t/shared/up/file.txt"])
        .expect(0);
    assert!(
        download.stdout.contains("X-Amz-Signature="),
        "{}",
        download.stdout
    );
    Ok(())
}

#[test]
fn ping_and_ready() -> TestResult {
    let h = Harness::new()?;
    let run = h
        .run(&["--json", "ping", "--count", "2", "--interval", "0", "t"])
        .expect(0);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(lines.iter().all(|l| l["ok"] == true && l["ms"].is_number()));
    h.run(&["ready", "t"]).expect(0);
    h.run(&[
        "alias",
        "set",
        "dead",
        "http://127.0.0.1:1",
        "AK",
        "SK",
        "--no-verify",
    ])
    .expect(0);
    let run = h.run(&["ready", "--timeout", "1", "dead"]).expect(1);
    assert!(run.stderr.contains("not ready"), "{}", run.stderr);
    h.run(&["ping", "--count", "1", "dead"]).expect(1);
    Ok(())
}

#[test]
fn alias_set_checks_keys_and_aliases_travel() -> TestResult {
    let h = Harness::new()?;
    let endpoint = h.server.endpoint();
    let wrong = h.run(&["alias", "set", "w", &endpoint, ACCESS, "wrong-secret"]);
    assert_eq!(wrong.code, 1, "{wrong:?}");
    assert!(wrong.stderr.contains("--no-verify"), "{}", wrong.stderr);
    assert!(!wrong.stderr.contains("wrong-secret"), "{}", wrong.stderr);
    assert!(!h.run(&["alias", "list"]).expect(0).stdout.contains("w "));
    h.run(&[
        "alias",
        "set",
        "w",
        &endpoint,
        ACCESS,
        "wrong-secret",
        "--no-verify",
    ])
    .expect(0);

    // Per-alias path style, insecure and CA file are saved.
    h.run(&[
        "alias",
        "set",
        "p",
        &endpoint,
        ACCESS,
        crate::support::SECRET,
        "--path-style",
        "path",
    ])
    .expect(0);
    let saved = std::fs::read_to_string(h.config.path().join("config.json"))?;
    assert!(saved.contains("\"path_style\": \"path\""), "{saved}");
    let run = h.run(&[
        "alias",
        "set",
        "c",
        "https://127.0.0.1:1",
        "AK",
        "SK",
        "--ca",
        "/no/such.pem",
        "--no-verify",
    ]);
    assert_eq!(run.code, 3, "a missing CA file is named: {run:?}");
    assert!(run.stderr.contains("/no/such.pem"), "{}", run.stderr);
    h.run(&[
        "alias",
        "set",
        "c",
        "https://127.0.0.1:1",
        "AK",
        "SK",
        "--insecure",
        "--no-verify",
    ])
    .expect(0);
    let saved = std::fs::read_to_string(h.config.path().join("config.json"))?;
    assert!(saved.contains("\"insecure\": true"), "{saved}");

    // Export (mc's format) and import elsewhere.
    let exported = h.run(&["alias", "export", "t"]).expect(0);
    let json: serde_json::Value = serde_json::from_str(exported.stdout.trim())?;
    assert_eq!(json["accessKey"], ACCESS);
    assert_eq!(json["url"], endpoint);
    run_with_stdin(&h, &["alias", "import", "copy"], exported.stdout.as_bytes())?.expect(0);
    h.run(&["ls", "copy"]).expect(0);
    let mc = format!(
        r#"{{"url":"{endpoint}","accessKey":"{ACCESS}","secretKey":"{}","api":"S3v4","path":"on"}}"#,
        crate::support::SECRET
    );
    run_with_stdin(&h, &["alias", "import", "frommc"], mc.as_bytes())?.expect(0);
    h.run(&["ls", "frommc"]).expect(0);
    let bad = run_with_stdin(
        &h,
        &["alias", "import", "bad"],
        b"{\"api\":\"s3v2\",\"url\":\"x\"}",
    )?;
    assert_eq!(bad.code, 2, "{bad:?}");
    h.run(&["alias", "export", "nosuch"]).expect(3);
    Ok(())
}

#[test]
fn global_flags_quiet_debug_limits_and_part_size() -> TestResult {
    let h = Harness::new()?;
    let bucket = h.bucket("flags")?;
    write(&h.local("f.txt"), "flags")?;
    let quiet = h
        .run(&["--quiet", "cp", "f.txt", "t/flags/f.txt"])
        .expect(0);
    assert_eq!(quiet.stdout, "");
    // Answers still print.
    let listed = h.run(&["-q", "ls", "t/flags"]).expect(0);
    assert!(listed.stdout.contains("f.txt"), "{}", listed.stdout);

    let debug = h.run(&["--debug", "cat", "t/flags/f.txt"]).expect(0);
    assert_eq!(debug.stdout, "flags");
    assert!(
        debug.stderr.contains("debug: GET ") && debug.stderr.contains("/flags/f.txt -> 200"),
        "{}",
        debug.stderr
    );
    assert!(
        !debug.stderr.contains(crate::support::SECRET),
        "{}",
        debug.stderr
    );
    assert!(
        !debug.stderr.to_ascii_lowercase().contains("signature="),
        "{}",
        debug.stderr
    );

    // 768 KiB at 256 KiB/s takes about 3 s (less the first chunk's burst).
    std::fs::write(h.local("slow.bin"), vec![7u8; 768 << 10])?;
    let started = std::time::Instant::now();
    h.run(&[
        "--limit-upload",
        "256KiB",
        "cp",
        "slow.bin",
        "t/flags/slow.bin",
    ])
    .expect(0);
    let up = started.elapsed();
    assert!(
        up >= std::time::Duration::from_millis(1800),
        "upload took {up:?}"
    );
    let started = std::time::Instant::now();
    h.run(&[
        "--limit-download",
        "256KiB",
        "cp",
        "t/flags/slow.bin",
        "slow-copy.bin",
    ])
    .expect(0);
    let down = started.elapsed();
    assert!(
        down >= std::time::Duration::from_millis(1800),
        "download took {down:?}"
    );
    println!("768 KiB at 256 KiB/s: upload {up:?}, download {down:?}");
    h.run(&["--limit-upload", "0", "ls", "t"]).expect(2);

    // --part-size: checked up front, used for multipart uploads.
    h.run(&["--part-size", "1MiB", "ls", "t"]).expect(2);
    std::fs::write(h.local("parts.bin"), vec![1u8; 11 << 20])?;
    h.run(&[
        "--part-size",
        "5MiB",
        "cp",
        "parts.bin",
        "t/flags/parts.bin",
    ])
    .expect(0);
    let etag = h.client.stat_object(&bucket, "parts.bin").send()?.etag;
    assert!(
        etag.as_str().ends_with("-3"),
        "11 MiB in 5 MiB parts: {etag:?}"
    );
    Ok(())
}

#[test]
fn completions_man_page_and_leftovers() -> TestResult {
    let h = Harness::new()?;
    let bash = h.run(&["completion", "bash"]).expect(0);
    assert!(
        bash.stdout.contains("_newtera") && bash.stdout.contains("mirror"),
        "bash"
    );
    h.run(&["completion", "zsh"]).expect(0);
    h.run(&["completion", "nosuchshell"]).expect(2);
    let man = h.run(&["man"]).expect(0);
    assert!(man.stdout.contains(".TH newtera"), "{}", man.stdout);

    // du of a prefix that holds nothing fails like mc; of an empty bucket not.
    let bucket = h.bucket("leftover")?;
    h.run(&["du", "t/leftover"]).expect(0);
    let run = h.run(&["du", "t/leftover/nothing-here"]).expect(3);
    assert!(run.stderr.contains("no objects"), "{}", run.stderr);
    h.client.put_object(&bucket, "x/1", "1").send()?;
    h.run(&["du", "t/leftover/x"]).expect(0);
    // rm -r --dry-run reports, removes nothing.
    let dry = h.run(&["rm", "-r", "--dry-run", "t/leftover/x"]).expect(0);
    assert!(
        dry.stdout.contains("would remove t/leftover/x/1"),
        "{}",
        dry.stdout
    );
    assert!(h.client.stat_object(&bucket, "x/1").send().is_ok());
    h.run(&["rm", "-r", "--dry-run", "t/leftover/none"])
        .expect(3);
    // cp -r of a whole bucket puts its keys straight into the folder.
    h.run(&["cp", "-r", "t/leftover", "whole"]).expect(0);
    assert_eq!(std::fs::read_to_string(h.local("whole/x/1"))?, "1");
    Ok(())
}

/// At a terminal, `alias set` asks for the secret without echoing it. The
/// terminal is a pseudo-terminal from util-linux's `script`.
#[cfg(target_os = "linux")]
#[test]
fn the_secret_is_asked_for_without_echo_at_a_terminal() -> TestResult {
    let h = Harness::new()?;
    let newtera = env!("CARGO_BIN_EXE_newtera");
    let mut child = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("{newtera} alias set typed http://127.0.0.1:1 AK --no-verify"),
            "/dev/null",
        ])
        .env("NEWTERA_CONFIG_DIR", h.config.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdin = child.stdin.take().ok_or("stdin")?;
    // The prompt turns echo off before it reads; give it that moment.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    stdin.write_all(b"typed-secret-123\n")?;
    let output = child.wait_with_output()?;
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{shown}");
    assert!(shown.contains("Secret key:"), "{shown}");
    assert!(!shown.contains("typed-secret-123"), "echoed: {shown}");
    let saved = std::fs::read_to_string(h.config.path().join("config.json"))?;
    assert!(saved.contains("typed-secret-123"), "{saved}");
    Ok(())
}
