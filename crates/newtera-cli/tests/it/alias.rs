//! `alias set/list/remove`, the config file, and the `env` alias.

use std::io::Write;
use std::process::Stdio;

use crate::support::{ACCESS, Harness, Run, SECRET, TestResult, write};

#[cfg(unix)]
#[test]
fn config_file_is_created_with_mode_0600() -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    let h = Harness::new()?;
    let file = h.config.path().join("config.json");
    let mode = std::fs::metadata(&file)?.permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "config.json has mode {mode:o}");
    // Saving again (a second alias) keeps it private.
    h.run(&[
        "alias",
        "set",
        "u",
        "http://127.0.0.1:1",
        "AK2",
        "SK2",
        "--no-verify",
    ])
    .expect(0);
    let mode = std::fs::metadata(&file)?.permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let text = std::fs::read_to_string(&file)?;
    assert!(text.contains("\"u\"") && text.contains("AK2"), "{text}");
    Ok(())
}

#[test]
fn list_shows_access_keys_never_secrets() -> TestResult {
    let h = Harness::new()?;
    let human = h.run(&["alias", "list"]).expect(0);
    assert!(human.stdout.contains(ACCESS), "{}", human.stdout);
    assert!(
        !human.stdout.contains(SECRET),
        "secret printed: {}",
        human.stdout
    );
    let json = h.run(&["--json", "alias", "list"]).expect(0);
    assert!(!json.stdout.contains(SECRET));
    let lines = json.json_lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["alias"], "t");
    assert_eq!(lines[0]["access_key"], ACCESS);
    assert_eq!(lines[0]["url"], h.server.endpoint());
    assert!(lines[0].get("secret_key").is_none());
    Ok(())
}

#[test]
fn remove_and_missing_aliases() -> TestResult {
    let h = Harness::new()?;
    h.run(&["alias", "remove", "t"]).expect(0);
    assert!(h.run(&["alias", "list"]).expect(0).stdout.trim().is_empty());
    h.run(&["alias", "remove", "t"]).expect(3);
    // A path whose alias is unknown is a usage error.
    let run = h.run(&["ls", "t/bucket"]).expect(2);
    assert!(run.stderr.contains("unknown alias"), "{}", run.stderr);
    Ok(())
}

#[test]
fn bad_names_and_endpoints_are_usage_errors() -> TestResult {
    let h = Harness::new()?;
    h.run(&["alias", "set", "a/b", "http://127.0.0.1:1", "AK", "SK"])
        .expect(2);
    h.run(&["alias", "set", "x", "http://host:notaport", "AK", "SK"])
        .expect(2);
    Ok(())
}

#[test]
fn secret_can_come_from_stdin() -> TestResult {
    let h = Harness::new()?;
    let endpoint = h.server.endpoint();
    let mut child = h
        .command()
        .args(["alias", "set", "piped", &endpoint, ACCESS])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        writeln!(stdin, "{SECRET}")?;
    }
    assert!(child.wait()?.success());
    h.bucket("piped-bucket")?;
    let run = h.run(&["ls", "piped"]).expect(0);
    assert!(run.stdout.contains("piped-bucket/"), "{}", run.stdout);
    Ok(())
}

#[test]
fn environment_defines_the_env_alias() -> TestResult {
    let h = Harness::new()?;
    h.bucket("from-env")?;
    let output = h
        .command()
        .env("NEWTERA_ENDPOINT", h.server.endpoint())
        .env("NEWTERA_ACCESS_KEY", ACCESS)
        .env("NEWTERA_SECRET_KEY", SECRET)
        .env("NEWTERA_REGION", "us-east-1")
        .args(["--json", "ls", "env"])
        .output()?;
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout)?;
    let line: serde_json::Value = serde_json::from_str(text.trim())?;
    assert_eq!(line["type"], "bucket");
    assert_eq!(line["name"], "from-env");
    // Wrong credentials from the environment fail with 1, not a panic.
    let output = h
        .command()
        .env("NEWTERA_ENDPOINT", h.server.endpoint())
        .env("NEWTERA_ACCESS_KEY", ACCESS)
        .env("NEWTERA_SECRET_KEY", "wrong-secret")
        .args(["ls", "env"])
        .output()?;
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("wrong-secret"));
    Ok(())
}

/// `alias set --profile` and a keyless alias: the keys come from the shared
/// AWS files and the environment, never from the alias file.
#[test]
fn keyless_aliases_use_a_profile_or_the_chain() -> TestResult {
    let h = Harness::new()?;
    let endpoint = h.server.endpoint();
    h.bucket("chained-bucket")?;
    let aws = h.local("aws");
    write(
        &aws.join("credentials"),
        &format!("[work]\naws_access_key_id = {ACCESS}\naws_secret_access_key = {SECRET}\n"),
    )?;
    let with_aws = |args: &[&str]| {
        let output = h
            .command()
            .env("AWS_SHARED_CREDENTIALS_FILE", aws.join("credentials"))
            .env("AWS_CONFIG_FILE", aws.join("config"))
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_PROFILE")
            .args(args)
            .output()
            .expect("run");
        Run::from(output)
    };
    h.run(&[
        "alias",
        "set",
        "prof",
        &endpoint,
        "--profile",
        "work",
        "--no-verify",
    ])
    .expect(0);
    let run = with_aws(&["ls", "prof"]).expect(0);
    assert!(run.stdout.contains("chained-bucket/"), "{}", run.stdout);
    h.run(&["alias", "set", "chain", &endpoint, "--no-verify"])
        .expect(0);
    let failed = with_aws(&["ls", "chain"]);
    assert_ne!(failed.code, 0);
    assert!(
        failed.stderr.contains("no credentials found"),
        "{}",
        failed.stderr
    );
    let output = h
        .command()
        .env("AWS_SHARED_CREDENTIALS_FILE", aws.join("credentials"))
        .env("AWS_PROFILE", "work")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args(["ls", "chain"])
        .output()?;
    let run = Run::from(output).expect(0);
    assert!(run.stdout.contains("chained-bucket/"), "{}", run.stdout);
    let list = h.run(&["alias", "list"]).expect(0);
    assert!(
        list.stdout.contains("profile work") && list.stdout.contains("default chain"),
        "{}",
        list.stdout
    );
    let saved = std::fs::read_to_string(h.config.path().join("config.json"))?;
    assert_eq!(
        saved.matches(SECRET).count(),
        1,
        "only alias t keeps keys: {saved}"
    );
    h.run(&["alias", "set", "x", &endpoint, "AK", "--profile", "work"])
        .expect(2);
    Ok(())
}
