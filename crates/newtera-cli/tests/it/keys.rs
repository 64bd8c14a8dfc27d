//! Issue 15: keys that cannot each become a local file are reported, never
//! silently lost; keys ending with `/` are copied server-side and refused
//! by downloads; text from the server is escaped on the terminal.

use crate::scripted::{DENIED_MESSAGE, KeyServer, NOTE, content};
use crate::support::{Harness, TestResult};

fn with_server(keys: &[&str]) -> Result<(Harness, KeyServer), Box<dyn std::error::Error>> {
    let h = Harness::new()?;
    let server = KeyServer::start(keys)?;
    h.run(&[
        "alias",
        "set",
        "--no-verify",
        "k",
        &server.endpoint,
        "AK",
        "SK",
        "--region",
        "us-east-1",
    ])
    .expect(0);
    Ok((h, server))
}

#[test]
fn keys_that_land_on_one_file_are_reported_and_none_is_lost() -> TestResult {
    let (h, _server) = with_server(&["x/a/b", "x/a//b", "x/a/./b", "x/c"])?;
    let run = h.run(&["cp", "-r", "k/bkt/x/", "out/"]);
    assert_eq!(run.code, 1, "{run:?}");
    for key in ["x/a/b", "x/a//b", "x/a/./b"] {
        assert!(
            run.stderr.contains(&format!("k/bkt/{key}: not downloaded")),
            "{key}: {}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("3 of 4 transfer(s) failed"),
        "{}",
        run.stderr
    );
    assert!(!h.local("out/a/b").exists(), "none of the three wins");
    assert_eq!(std::fs::read_to_string(h.local("out/c"))?, content("x/c"));
    Ok(())
}

#[test]
fn colliding_keys_can_be_kept_under_new_names() -> TestResult {
    let (h, _server) = with_server(&["x/a/b", "x/a//b", "x/a/./b", "x/c", "x/c/d"])?;
    h.run(&["cp", "-r", "--on-collision", "rename", "k/bkt/x/", "out/"])
        .expect(0);
    for (path, key) in [
        ("out/a/b", "x/a/b"),
        ("out/a/b~1", "x/a//b"),
        ("out/a/b~2", "x/a/./b"),
        ("out/c~1", "x/c"),
        ("out/c/d", "x/c/d"),
    ] {
        assert_eq!(
            std::fs::read_to_string(h.local(path))?,
            content(key),
            "{path}"
        );
    }
    Ok(())
}

#[test]
fn a_file_where_another_key_needs_a_folder_is_reported() -> TestResult {
    let (h, _server) = with_server(&["y/a", "y/a/b", "y/d", "y/d/"])?;
    let run = h.run(&["--json", "cp", "-r", "k/bkt/y/", "out/"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        run.stderr.matches("need the same local path").count(),
        2,
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("ends with `/`").count(),
        1,
        "`y/d/` holds data: {}",
        run.stderr
    );
    let summary = run.json_lines().pop().unwrap_or_default();
    assert_eq!(summary["failed"], 3, "{}", run.stdout);
    Ok(())
}

#[test]
fn objects_ending_with_a_slash_are_copied_server_side_and_refused_locally() -> TestResult {
    let (h, server) = with_server(&["mk/", "mk/child", "mk/empty/", "p//q", "p/q"])?;
    // Server-side: every object, each to its own key.
    let run = h.run(&["--json", "cp", "-r", "k/src/", "k/dst/"]).expect(0);
    let summary = run.json_lines().pop().unwrap_or_default();
    assert_eq!(summary["objects"], 5, "{}", run.stdout);
    let copies: Vec<String> = server
        .seen()
        .into_iter()
        .filter(|l| l.starts_with("PUT "))
        .map(|l| l.split('?').next().unwrap_or_default().to_owned())
        .collect();
    for key in ["mk/", "mk/child", "mk/empty/", "p//q", "p/q"] {
        assert!(
            copies.contains(&format!("PUT /dst/{key}")),
            "{key}: {copies:?}"
        );
    }
    // Download: a 14-byte `mk/` cannot be a file; an empty marker is a folder.
    let run = h.run(&["cp", "-r", "k/src/mk", "out"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .contains("k/src/mk/: a local file cannot be named"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(h.local("out/mk/child"))?,
        content("mk/child")
    );
    assert!(h.local("out/mk/empty").is_dir());
    Ok(())
}

#[test]
fn server_text_is_escaped_for_people_and_exact_in_json() -> TestResult {
    let key = "red\u{1b}[31m\u{202E}gpj.exe";
    let (h, _server) = with_server(&[key, "denied"])?;
    let human = h.run(&["ls", "-r", "k/bkt"]).expect(0);
    assert!(!human.stdout.contains('\u{1b}'), "{:?}", human.stdout);
    assert!(!human.stdout.contains('\u{202E}'), "{:?}", human.stdout);
    assert!(
        human.stdout.contains("red\\u{1b}[31m\\u{202e}gpj.exe"),
        "{:?}",
        human.stdout
    );
    let json = h.run(&["--json", "ls", "-r", "k/bkt"]).expect(0);
    let names: Vec<String> = json
        .json_lines()
        .iter()
        .filter_map(|l| l["key"].as_str().map(str::to_owned))
        .collect();
    assert!(names.iter().any(|n| n == key), "{names:?}");
    let stat = h.run(&["stat", &format!("k/bkt/{key}")]).expect(0);
    assert!(!stat.stdout.contains('\u{1b}'), "{:?}", stat.stdout);
    assert!(!stat.stdout.contains('\u{202E}'), "{:?}", stat.stdout);
    assert!(
        stat.stdout.contains("note: invoice\\u{202e}fdp.exe"),
        "{:?}",
        stat.stdout
    );
    assert_eq!(
        stat.stdout.lines().count(),
        6,
        "one line per field: {:?}",
        stat.stdout
    );
    let stat = h
        .run(&["--json", "stat", &format!("k/bkt/{key}")])
        .expect(0);
    let object = stat.json_lines().pop().unwrap_or_default();
    assert_eq!(object["metadata"]["note"], NOTE);
    assert_eq!(object["key"], key);
    let denied = h.run(&["cat", "k/bkt/denied"]);
    assert_ne!(denied.code, 0);
    let shown = DENIED_MESSAGE
        .replace('\u{1b}', "")
        .replace('\u{202E}', "\\u{202e}");
    assert!(denied.stderr.contains(&shown), "{:?}", denied.stderr);
    assert!(!denied.stderr.contains('\u{202E}'), "{:?}", denied.stderr);
    Ok(())
}

/// `mirror` to a folder: keys that land on one local path are refused as
/// `cp -r` refuses them, also when that path already holds a file (which
/// one key matched while the other silently replaced it, `--overwrite` or
/// not), and that file is neither replaced nor removed by `--remove`.
#[test]
fn mirror_never_replaces_a_local_file_through_a_second_key() -> TestResult {
    let (h, _server) = with_server(&["x/a/b", "x/a//b", "x/c"])?;
    crate::support::write(&h.local("out/a/b"), "my edits")?;
    for extra in [&[][..], &["--overwrite"], &["--remove", "--force"]] {
        let mut args = vec!["mirror"];
        args.extend_from_slice(extra);
        args.extend(["k/bkt/x", "out"]);
        let run = h.run(&args);
        assert_eq!(run.code, 1, "{extra:?}: {run:?}");
        assert!(run.stderr.contains("same local path"), "{run:?}");
        assert_eq!(
            std::fs::read_to_string(h.local("out/a/b"))?,
            "my edits",
            "{extra:?}: {run:?}"
        );
        assert_eq!(std::fs::read_to_string(h.local("out/c"))?, content("x/c"));
    }
    Ok(())
}
