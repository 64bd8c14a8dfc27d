//! Exit codes and the `--json` error shape.

use crate::support::{Harness, TestResult};

#[test]
fn usage_errors_exit_with_2() -> TestResult {
    let h = Harness::new()?;
    h.bucket("usage")?;
    for args in [
        &["frobnicate"][..],
        &["ls"],
        &["cp", "only-one-arg"],
        &["cp", "a.txt", "b.txt"],
        &["stat", "t"],
        &["presign", "t/usage/"],
        &["presign", "--expires", "soon", "t/usage/k"],
        &["cp", "--parallel", "0", "t/usage/k", "x"],
        &["mb", "t/Bad_Bucket_Name"],
    ] {
        let run = h.run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
    }
    h.run(&["--help"]).expect(0);
    h.run(&["--version"]).expect(0);
    // A bucket name no request can carry is one usage error before any
    // request, not one failure per file of a folder.
    crate::support::write(&h.local("dir/a"), "a")?;
    crate::support::write(&h.local("dir/b"), "b")?;
    for args in [
        &["cp", "-r", "dir", "t/ab/"][..],
        &["mirror", "dir", "t/ab/x"],
        &["ls", "t/ab"],
        &["rm", "-r", "--force", "t/ab/x"],
        &["cat", "t/a..b/k"],
    ] {
        let run = h.run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {run:?}");
        assert!(run.stderr.contains("bucket name"), "{args:?}: {run:?}");
    }
    Ok(())
}

#[test]
fn json_errors_are_one_object_on_stderr() -> TestResult {
    let h = Harness::new()?;
    h.bucket("errs")?;
    let run = h.run(&["--json", "stat", "t/errs/none"]).expect(3);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let error: serde_json::Value = serde_json::from_str(run.stderr.trim())?;
    assert_eq!(error["status"], "error");
    assert_eq!(error["kind"], "not_found");
    assert_eq!(error["exit_code"], 3);
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("errs/none"))
    );
    Ok(())
}

#[test]
fn other_failures_exit_with_1() -> TestResult {
    let h = Harness::new()?;
    // Nothing listens on port 1 of the loopback address.
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
    let run = h.run(&["ls", "dead"]).expect(1);
    assert!(run.stderr.starts_with("newtera: "), "{}", run.stderr);
    Ok(())
}

/// A connection failure names its cause and says what to check.
#[test]
fn connection_failures_say_why() -> TestResult {
    let h = Harness::new()?;
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    drop(listener); // nothing listens there now
    h.run(&[
        "alias",
        "set",
        "--no-verify",
        "gone",
        &format!("http://127.0.0.1:{port}"),
        "AK",
        "SK",
    ])
    .expect(0);
    let run = h.run(&["ls", "gone/bucket"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("Connection refused"), "{}", run.stderr);
    assert!(
        run.stderr.contains("is the server running"),
        "{}",
        run.stderr
    );
    Ok(())
}
