//! `cp` and `mv` never let two sources land on one target, and never copy
//! an object onto itself: one would silently replace the other, and `mv`
//! would then remove both sources (or remove the only copy). Run against
//! the real test server (s3s-fs, Garage, Ceph; see `servers.rs`).

use crate::servers::Remote;
use crate::support::{TestResult, write};

#[test]
fn an_object_moved_or_copied_onto_itself_is_refused_and_kept() -> TestResult {
    let r = Remote::new()?;
    let b = format!("s/{}", r.target.unique_bucket("self"));
    r.run(&["mb", &b]).expect(0);
    write(&r.local("k.txt"), "keep me")?;
    write(&r.local("dir/a.txt"), "a")?;
    r.run(&["cp", "k.txt", &format!("{b}/")]).expect(0);
    r.run(&["cp", "-r", "dir", &format!("{b}/")]).expect(0);
    let k = format!("{b}/k.txt");

    for args in [
        vec!["mv", k.as_str(), k.as_str()],
        vec!["cp", k.as_str(), k.as_str()],
        // The target folder names the same key.
        vec!["mv", k.as_str(), &b],
    ] {
        let run = r.run(&args);
        assert_eq!(run.code, 1, "{args:?}: {run:?}");
        assert!(run.stderr.contains("same object"), "{args:?}: {run:?}");
        let cat = r.run(&["cat", &k]).expect(0);
        assert_eq!(cat.stdout, "keep me", "{args:?} lost the object");
    }
    // A folder moved onto itself (`dir` into the bucket's root is `dir/…`).
    let run = r.run(&["mv", "-r", &format!("{b}/dir"), &format!("{b}/")]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        r.run(&["cat", &format!("{b}/dir/a.txt")]).expect(0).stdout,
        "a"
    );
    // A folder moved into itself: `dir/a.txt` would replace the source
    // `dir/dir/a.txt` before both are removed.
    write(&r.local("inner"), "inner")?;
    r.run(&["cp", "inner", &format!("{b}/dir/dir/a.txt")])
        .expect(0);
    let run = r.run(&["mv", "-r", &format!("{b}/dir/"), &format!("{b}/dir/dir/")]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("also a source"), "{run:?}");
    let inner = r.run(&["cat", &format!("{b}/dir/dir/a.txt")]).expect(0);
    assert_eq!(inner.stdout, "inner");
    Ok(())
}

/// Two aliases of one server name the same objects: a move from one onto
/// the same key through the other is a move onto itself (the copy is
/// streamed between the aliases, then the only copy would be removed).
#[test]
fn an_object_moved_onto_itself_through_another_alias_is_refused_and_kept() -> TestResult {
    let r = Remote::new()?;
    let bucket = r.target.unique_bucket("twoalias");
    let b = format!("s/{bucket}");
    r.run(&["mb", &b]).expect(0);
    let t = &r.target;
    r.run(&[
        "alias",
        "set",
        "same",
        &t.endpoint,
        &t.access_key,
        &t.secret_key,
        "--region",
        &t.region,
    ])
    .expect(0);
    write(&r.local("k.txt"), "keep me")?;
    r.run(&["cp", "k.txt", &format!("{b}/")]).expect(0);
    let (here, there) = (format!("{b}/k.txt"), format!("same/{bucket}/k.txt"));
    for args in [
        vec!["mv", here.as_str(), there.as_str()],
        vec!["mv", there.as_str(), here.as_str()],
        vec!["cp", here.as_str(), there.as_str()],
    ] {
        let run = r.run(&args);
        assert_eq!(run.code, 1, "{args:?}: {run:?}");
        assert!(run.stderr.contains("same object"), "{args:?}: {run:?}");
        let cat = r.run(&["cat", &here]).expect(0);
        assert_eq!(cat.stdout, "keep me", "{args:?} lost the object");
    }
    // Nor does mirroring between nested folders become safe through it.
    r.run(&["cp", "k.txt", &format!("{b}/photos/new/k.txt")])
        .expect(0);
    let run = r.run(&[
        "mirror",
        "--remove",
        &format!("{b}/photos/new"),
        &format!("same/{bucket}/photos"),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("overlap"), "{run:?}");
    r.run(&["cat", &format!("{b}/photos/new/k.txt")]).expect(0);
    // Another key through the other alias is an ordinary copy.
    r.run(&["cp", &here, &format!("same/{bucket}/copy.txt")])
        .expect(0);
    assert_eq!(
        r.run(&["cat", &format!("{b}/copy.txt")]).expect(0).stdout,
        "keep me"
    );
    Ok(())
}

#[test]
fn sources_that_share_a_target_are_refused_and_kept() -> TestResult {
    let r = Remote::new()?;
    let b = format!("s/{}", r.target.unique_bucket("shared"));
    r.run(&["mb", &b]).expect(0);

    // Two files of one name uploaded into one prefix.
    write(&r.local("a/x.txt"), "AAA")?;
    write(&r.local("b/x.txt"), "BBB")?;
    let run = r.run(&["mv", "a/x.txt", "b/x.txt", &format!("{b}/up/")]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("same target"), "{run:?}");
    assert_eq!(std::fs::read_to_string(r.local("a/x.txt"))?, "AAA");
    assert_eq!(std::fs::read_to_string(r.local("b/x.txt"))?, "BBB");
    let up = r.run(&["ls", "-r", &format!("{b}/up/")]);
    assert_eq!(up.code, 3, "nothing was uploaded: {up:?}");

    // Two objects of one name downloaded into one folder.
    r.run(&["cp", "a/x.txt", &format!("{b}/p/x.txt")]).expect(0);
    r.run(&["cp", "b/x.txt", &format!("{b}/q/x.txt")]).expect(0);
    std::fs::create_dir_all(r.local("down"))?;
    let (p, q) = (format!("{b}/p/x.txt"), format!("{b}/q/x.txt"));
    let run = r.run(&["mv", &p, &q, "down/"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("same target"), "{run:?}");
    assert!(!r.local("down/x.txt").exists());
    assert_eq!(r.run(&["cat", &p]).expect(0).stdout, "AAA");
    assert_eq!(r.run(&["cat", &q]).expect(0).stdout, "BBB");

    // Two folders with a file of one name copied into one prefix, with
    // the other files still copied.
    write(&r.local("c/only.txt"), "C")?;
    write(&r.local("c/x.txt"), "CCC")?;
    r.run(&["cp", "-r", "c/", &format!("{b}/r/")]).expect(0);
    let run = r.run(&[
        "mv",
        "-r",
        &format!("{b}/p/"),
        &format!("{b}/r/"),
        &format!("{b}/all/"),
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(r.run(&["cat", &p]).expect(0).stdout, "AAA");
    assert_eq!(
        r.run(&["cat", &format!("{b}/r/x.txt")]).expect(0).stdout,
        "CCC"
    );
    assert_eq!(
        r.run(&["cat", &format!("{b}/all/only.txt")])
            .expect(0)
            .stdout,
        "C"
    );
    let clash = r.run(&["cat", &format!("{b}/all/x.txt")]);
    assert_eq!(
        clash.code, 3,
        "neither clashing object was copied: {clash:?}"
    );
    Ok(())
}

/// `mirror --remove` removes what the source does not hold, so it must
/// know everything the source holds: a folder reached through a symbolic
/// link (not followed) or an entry that cannot be read leaves nothing
/// removed, as rsync skips deletion after an I/O error.
#[cfg(unix)]
#[test]
fn mirror_remove_keeps_what_an_unread_source_entry_may_hold() -> TestResult {
    let r = Remote::new()?;
    let b = format!("s/{}", r.target.unique_bucket("unread"));
    r.run(&["mb", &b]).expect(0);
    write(&r.local("src/a.txt"), "a")?;
    write(&r.local("src/linked/c.txt"), "c")?;
    write(&r.local("src/gone.txt"), "g")?;
    let target = format!("{b}/photos");
    r.run(&["mirror", "src", &target]).expect(0);

    // The folder becomes a link to a copy of itself, the file a dangling
    // link: both still stand for what the target holds.
    write(&r.local("real/c.txt"), "c")?;
    std::fs::remove_dir_all(r.local("src/linked"))?;
    std::os::unix::fs::symlink(r.local("real"), r.local("src/linked"))?;
    std::fs::remove_file(r.local("src/gone.txt"))?;
    std::os::unix::fs::symlink(r.local("nowhere"), r.local("src/gone.txt"))?;
    let run = r.run(&["mirror", "--remove", "--force", "src", &target]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains("linked"),
        "the link is reported: {run:?}"
    );
    assert!(run.stderr.contains("nothing removed"), "{run:?}");
    for key in ["photos/a.txt", "photos/linked/c.txt", "photos/gone.txt"] {
        r.run(&["stat", &format!("{b}/{key}")]).expect(0);
    }
    // The dry run says the same.
    let dry = r.run(&["mirror", "--remove", "--dry-run", "src", &target]);
    assert_eq!(dry.code, 1, "{dry:?}");
    assert!(!dry.stdout.contains("would remove"), "{dry:?}");
    Ok(())
}

/// A source that names an object is that object, even when its key holds
/// wildcard characters (`x[1].txt`), as a local file of that name is: it
/// is not a pattern that picks another object (`x1.txt`), which `mv` would
/// then remove.
#[test]
fn an_object_named_like_a_pattern_is_taken_literally() -> TestResult {
    let r = Remote::new()?;
    let b = format!("s/{}", r.target.unique_bucket("glob"));
    r.run(&["mb", &b]).expect(0);
    write(&r.local("br"), "brackets")?;
    write(&r.local("one"), "one")?;
    r.run(&["cp", "br", &format!("{b}/x[1].txt")]).expect(0);
    r.run(&["cp", "one", &format!("{b}/x1.txt")]).expect(0);
    r.run(&["cp", "br", &format!("{b}/star*")]).expect(0);
    r.run(&["cp", "one", &format!("{b}/starry")]).expect(0);
    std::fs::create_dir_all(r.local("out"))?;
    r.run(&["cp", &format!("{b}/x[1].txt"), "out/"]).expect(0);
    assert_eq!(
        std::fs::read_to_string(r.local("out/x[1].txt"))?,
        "brackets"
    );
    assert!(!r.local("out/x1.txt").exists());
    // Named literally, it may go to a file of another name.
    r.run(&["cp", &format!("{b}/x[1].txt"), "out/renamed.txt"])
        .expect(0);
    assert_eq!(
        std::fs::read_to_string(r.local("out/renamed.txt"))?,
        "brackets"
    );
    r.run(&["mv", &format!("{b}/star*"), &format!("{b}/moved/")])
        .expect(0);
    assert_eq!(
        r.run(&["cat", &format!("{b}/moved/star*")])
            .expect(0)
            .stdout,
        "brackets"
    );
    assert_eq!(
        r.run(&["cat", &format!("{b}/starry")]).expect(0).stdout,
        "one"
    );
    // A pattern that names no object still expands.
    r.run(&["cp", &format!("{b}/x?.txt"), "out/"]).expect(0);
    assert_eq!(std::fs::read_to_string(r.local("out/x1.txt"))?, "one");
    Ok(())
}

/// A mirror between prefixes of one bucket where one holds the other
/// would list its own output as source or target: `--remove` removed the
/// source itself (`photos/new` into `photos`), and each run nested the
/// target deeper (`photos` into `photos/backup`). It is refused.
#[test]
fn a_mirror_into_or_out_of_its_own_prefix_is_refused() -> TestResult {
    let r = Remote::new()?;
    let b = format!("s/{}", r.target.unique_bucket("overlap"));
    r.run(&["mb", &b]).expect(0);
    write(&r.local("f"), "keep")?;
    for key in ["photos/new/a.txt", "photos/old.txt"] {
        r.run(&["cp", "f", &format!("{b}/{key}")]).expect(0);
    }
    for (from, to) in [
        ("photos/new", "photos"),
        ("photos", "photos/backup/"),
        ("photos/", "photos"),
        ("", "photos"),
    ] {
        let (from, to) = (format!("{b}/{from}"), format!("{b}/{to}"));
        let run = r.run(&["mirror", "--remove", "--force", &from, &to]);
        assert_eq!(run.code, 2, "{from} -> {to}: {run:?}");
        assert!(run.stderr.contains("overlap"), "{run:?}");
    }
    let listed = r.run(&["ls", "-r", &b]).expect(0).stdout;
    assert_eq!(listed.lines().count(), 2, "{listed}");
    // A sibling whose name only starts the same is another folder.
    r.run(&["mirror", &format!("{b}/photos"), &format!("{b}/photos-old")])
        .expect(0);
    assert_eq!(
        r.run(&["cat", &format!("{b}/photos-old/new/a.txt")])
            .expect(0)
            .stdout,
        "keep"
    );
    Ok(())
}

/// `rm A B C` removes every target it can: a missing one is reported and
/// the rest still go (it stopped at the first), and the run exits 3.
#[test]
fn rm_of_several_targets_goes_on_after_a_missing_one() -> TestResult {
    let r = Remote::new()?;
    let b = format!("s/{}", r.target.unique_bucket("several"));
    r.run(&["mb", &b]).expect(0);
    write(&r.local("f"), "f")?;
    for key in ["one", "three"] {
        r.run(&["cp", "f", &format!("{b}/{key}")]).expect(0);
    }
    let (one, two, three) = (format!("{b}/one"), format!("{b}/two"), format!("{b}/three"));
    let run = r.run(&["rm", &one, &two, &three]).expect(3);
    assert!(run.stderr.contains("1 of 3"), "{run:?}");
    assert_eq!(r.run(&["stat", &one]).code, 3);
    assert_eq!(r.run(&["stat", &three]).code, 3, "{run:?}");
    Ok(())
}

/// `rm --incomplete -r` aborts every unfinished upload in a folder, which
/// may be another program's upload in progress or one `cp --continue`
/// keeps: like `rm -r` it needs `--force` (or a yes at a terminal), and
/// `logs` never reaches `logs2/…`.
#[test]
fn rm_incomplete_recursive_needs_force_and_keeps_other_folders() -> TestResult {
    let r = Remote::new()?;
    let bucket = r.target.unique_bucket("incomplete");
    let b = format!("s/{bucket}");
    r.run(&["mb", &b]).expect(0);
    let client = r.client()?;
    let listed = |client: &newtera::blocking::Newtera| -> newtera::Result<Vec<String>> {
        let mut keys: Vec<String> = client
            .list_incomplete_uploads(&bucket)
            .into_iter()
            .map(|u| u.map(|u| u.object_name))
            .collect::<newtera::Result<_>>()?;
        keys.sort();
        Ok(keys)
    };
    if let Err(e) = listed(&client) {
        assert_eq!(e.code(), Some("NotImplemented"), "{e}");
        assert_eq!(r.target.kind, newtera_testkit::ServerKind::S3sFs);
        println!(
            "UNSUPPORTED by s3s-fs: ListMultipartUploads (rm --incomplete cannot find uploads)"
        );
        r.run(&["rm", "--incomplete", "-r", "--force", &format!("{b}/logs")])
            .expect(1);
        return Ok(());
    }
    for key in ["logs/a", "logs2/b"] {
        client.create_multipart_upload(&bucket, key).send()?;
    }
    let both = vec!["logs/a".to_owned(), "logs2/b".to_owned()];
    assert_eq!(listed(&client)?, both);
    let logs = format!("{b}/logs");
    let refused = r.run(&["rm", "--incomplete", "-r", &logs]).expect(2);
    assert!(refused.stderr.contains("--force"), "{refused:?}");
    assert_eq!(listed(&client)?, both, "nothing aborted without --force");
    let dry = r
        .run(&["rm", "--incomplete", "-r", "--dry-run", &logs])
        .expect(0);
    assert!(
        dry.stdout.contains("logs/a") && !dry.stdout.contains("logs2"),
        "{dry:?}"
    );
    r.run(&["rm", "--incomplete", "-r", "--force", &logs])
        .expect(0);
    assert_eq!(listed(&client)?, ["logs2/b"]);
    // One key's uploads need no --force.
    r.run(&["rm", "--incomplete", &format!("{b}/logs2/b")])
        .expect(0);
    assert!(listed(&client)?.is_empty());
    Ok(())
}

/// A download onto something that is not a regular file (a FIFO, a device
/// such as `/dev/null`, here reached through a link) writes into it, as a
/// shell redirection would: it never replaces it with a file (as root,
/// `cp ALIAS/b/k /dev/null` replaced the device).
#[cfg(unix)]
#[test]
fn a_download_writes_into_a_fifo_or_device_and_never_replaces_it() -> TestResult {
    use std::os::unix::fs::FileTypeExt;
    let r = Remote::new()?;
    let b = format!("s/{}", r.target.unique_bucket("special"));
    r.run(&["mb", &b]).expect(0);
    write(&r.local("f"), "through the pipe")?;
    let object = format!("{b}/f");
    r.run(&["cp", "f", &object]).expect(0);

    std::os::unix::fs::symlink("/dev/null", r.local("null"))?;
    r.run(&["cp", &object, "null"]).expect(0);
    let link = std::fs::symlink_metadata(r.local("null"))?;
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert!(
        std::fs::metadata(r.local("null"))?
            .file_type()
            .is_char_device()
    );

    let fifo = r.local("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status()?;
    assert!(made.success());
    // Held open for reading and writing (which does not block on Linux),
    // so the download's open does not wait for a reader.
    let mut held = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)?;
    let run = r.run(&["cp", &object, "fifo"]);
    assert_eq!(run.code, 0, "{run:?}");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 16];
        let _ = tx.send(std::io::Read::read_exact(&mut held, &mut buf).map(|()| buf));
    });
    let read = rx.recv_timeout(std::time::Duration::from_secs(5))??;
    assert_eq!(&read, b"through the pipe");
    assert!(std::fs::symlink_metadata(&fifo)?.file_type().is_fifo());
    Ok(())
}

/// `rm --version-id` and `rm --versions` remove versions for good (a plain
/// `rm` on a versioned bucket only adds a delete marker); `-r` needs
/// `--force`, and `logs` never reaches `logs2/…`. Ceph RGW keeps versions;
/// Garage and s3s-fs answer `NotImplemented` to the version listing.
#[test]
fn rm_versions_removes_versions_for_good() -> TestResult {
    use newtera_testkit::ServerKind;
    let r = Remote::new()?;
    let b = format!("s/{}", r.target.unique_bucket("rmvers"));
    r.run(&["mb", &b]).expect(0);
    write(&r.local("v"), "v")?;
    let versions = |key: &str| -> Result<Vec<serde_json::Value>, String> {
        let run = r.run(&["--json", "ls", "--versions", "-r", &format!("{b}/{key}")]);
        match run.code {
            0 => Ok(run.json_lines()),
            _ => Err(run.stderr),
        }
    };
    if r.target.kind != ServerKind::Ceph {
        r.run(&["cp", "v", &format!("{b}/logs/a")]).expect(0);
        let run = r.run(&["rm", "--versions", &format!("{b}/logs/a")]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(run.stderr.contains("NotImplemented"), "{run:?}");
        println!(
            "UNSUPPORTED by {:?}: ListObjectVersions (rm --versions)",
            r.target.kind
        );
        return Ok(());
    }
    r.run(&["version", "enable", &b]).expect(0);
    for key in ["logs/a", "logs/a", "logs/b", "logs2/c"] {
        r.run(&["cp", "v", &format!("{b}/{key}")]).expect(0);
    }
    r.run(&["rm", &format!("{b}/logs/b")]).expect(0);
    assert_eq!(versions("logs/")?.len(), 4, "a, a, b and b's delete marker");

    // One version by its ID; a missing one is not found.
    let first = versions("logs/a")?;
    let id = first[0]["version_id"]
        .as_str()
        .ok_or("no version_id")?
        .to_owned();
    let a = format!("{b}/logs/a");
    r.run(&["rm", "--version-id", &id, &a]).expect(0);
    assert_eq!(versions("logs/a")?.len(), 1);
    r.run(&["rm", "--version-id", &id, &a]).expect(3);

    // A folder's versions need --force; logs2/ stays.
    let logs = format!("{b}/logs");
    r.run(&["rm", "--versions", "-r", &logs]).expect(2);
    assert_eq!(versions("logs/")?.len(), 3);
    r.run(&["rm", "--versions", "-r", "--dry-run", &logs])
        .expect(0);
    assert_eq!(versions("logs/")?.len(), 3);
    r.run(&["rm", "--versions", "-r", "--force", &logs])
        .expect(0);
    let left = versions("")?;
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(
        left[0]["key"]
            .as_str()
            .is_some_and(|k| k.ends_with("logs2/c")),
        "{left:?}"
    );
    r.run(&["rm", "--versions", &format!("{b}/logs2/c")])
        .expect(0);
    r.run(&["rb", &b]).expect(0);
    Ok(())
}
