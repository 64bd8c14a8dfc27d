//! Paths: `ALIAS/bucket/key` parsing, telling local paths from remote
//! ones, and joining object keys onto local folders without ever leaving
//! them.

use std::fmt;
use std::path::{Component, Path, PathBuf};

/// A remote path, `ALIAS[/bucket[/key]]`. The key keeps its slashes, and a
/// trailing `/` (a folder-like prefix) is significant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemotePath {
    /// The alias naming the server.
    pub alias: String,
    /// The bucket; empty for the alias alone.
    pub bucket: String,
    /// The key or prefix; empty for a whole bucket.
    pub key: String,
}

impl RemotePath {
    /// Splits `ALIAS/bucket/key`. Never fails: missing parts are empty.
    pub fn parse(text: &str) -> Self {
        let mut parts = text.splitn(3, '/');
        let alias = parts.next().unwrap_or_default().to_owned();
        let bucket = parts.next().unwrap_or_default().to_owned();
        let key = parts.next().unwrap_or_default().to_owned();
        Self { alias, bucket, key }
    }

    /// The key as a folder, the one rule every recursive command follows
    /// (`cp -r`, `rm -r`, `du`, `mirror`): empty (the whole bucket) or
    /// ending with `/`. So `logs` names `logs/…`, never `logs.txt` or
    /// `logs-old/…`.
    pub fn folder_prefix(&self) -> String {
        if self.key.is_empty() || self.key.ends_with('/') {
            self.key.clone()
        } else {
            format!("{}/", self.key)
        }
    }

    /// The same alias and bucket with another key.
    pub fn with_key(&self, key: impl Into<String>) -> Self {
        Self {
            alias: self.alias.clone(),
            bucket: self.bucket.clone(),
            key: key.into(),
        }
    }
}

impl fmt::Display for RemotePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.alias)?;
        if !self.bucket.is_empty() {
            write!(f, "/{}", self.bucket)?;
            if !self.key.is_empty() {
                write!(f, "/{}", self.key)?;
            }
        }
        Ok(())
    }
}

/// A command-line argument that names either a local path or an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A path on this machine.
    Local(PathBuf),
    /// An `ALIAS/bucket/key` path.
    Remote(RemotePath),
}

impl Location {
    /// Classifies `arg`: remote when its first segment is a known alias,
    /// local otherwise. Paths starting with `/`, `./`, `../` or `~` are
    /// always local, so a folder named like an alias stays reachable.
    pub fn classify(arg: &str, is_alias: impl Fn(&str) -> bool) -> Self {
        let explicit_local = arg.starts_with('/')
            || arg.starts_with("./")
            || arg.starts_with("../")
            || arg.starts_with('~')
            || arg == "."
            || arg == "..";
        let first = arg.split('/').next().unwrap_or_default();
        if !explicit_local && is_alias(first) {
            Self::Remote(RemotePath::parse(arg))
        } else {
            Self::Local(PathBuf::from(arg))
        }
    }
}

/// Why a key cannot become a local file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsafeKey {
    /// The offending key (or relative part of it).
    pub key: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for UnsafeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "refusing to download {:?}: {} (it would be written outside the target folder)",
            self.key, self.reason
        )
    }
}

impl std::error::Error for UnsafeKey {}

/// Joins the relative part of an object key onto `root`, refusing anything
/// that could land outside it: absolute keys, `..` segments, NUL bytes,
/// and segments the platform would read as a prefix or root (`C:`, `\`).
/// Empty and `.` segments (from `a//b` or `a/./b`) are dropped.
pub fn safe_join(root: &Path, relative: &str) -> Result<PathBuf, UnsafeKey> {
    let refuse = |reason| UnsafeKey {
        key: relative.to_owned(),
        reason,
    };
    if relative.starts_with('/') || relative.starts_with('\\') {
        return Err(refuse("absolute key"));
    }
    if relative.contains('\0') {
        return Err(refuse("NUL byte in key"));
    }
    let mut out = root.to_path_buf();
    let mut pushed = false;
    for segment in relative.split('/') {
        if segment.is_empty() || segment == "." {
            continue;
        }
        if segment == ".." {
            return Err(refuse("'..' component"));
        }
        // Each segment must be one plain file name on this platform too
        // (on Windows `a\..\b` or `C:x` would otherwise slip through).
        let mut components = Path::new(segment).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(name)), None) if name == segment => out.push(segment),
            _ => return Err(refuse("component that is not a plain file name")),
        }
        pushed = true;
    }
    if pushed {
        Ok(out)
    } else {
        Err(refuse("no file name"))
    }
}

/// The part of `prefix` a recursive copy keeps out of the relative names:
/// everything up to and including its last `/`. So `data/` copies the
/// contents of `data/`, and `data` copies the folder `data` itself (with
/// `rsync`'s trailing-slash rule).
pub fn prefix_base(prefix: &str) -> &str {
    match prefix.rfind('/') {
        Some(i) => prefix.split_at(i + 1).0,
        None => "",
    }
}

/// `key` without the listing's `base`. A listed key that does not start
/// with the prefix that was asked for (a buggy or hostile server) is an
/// error naming the key, never a slice out of range.
pub fn relative_key<'k>(key: &'k str, base: &str) -> Result<&'k str, String> {
    key.strip_prefix(base).ok_or_else(|| {
        format!("the server listed {key:?}, which is outside the requested prefix {base:?}")
    })
}

/// The last segment of a key (its file name), if it has one.
pub fn leaf(key: &str) -> Option<&str> {
    key.rsplit('/').next().filter(|s| !s.is_empty())
}

/// Joins a folder-like prefix and a relative key with exactly one `/`.
pub fn join_key(prefix: &str, relative: &str) -> String {
    let relative = relative.trim_start_matches('/');
    if prefix.is_empty() {
        relative.to_owned()
    } else if prefix.ends_with('/') {
        format!("{prefix}{relative}")
    } else {
        format!("{prefix}/{relative}")
    }
}

/// `relative` under the folder-like `prefix`, byte for byte: one `/` is
/// added only when `prefix` is neither empty nor ends with one, and
/// nothing of `relative` is dropped, so distinct keys stay distinct
/// (`x//a` and `x/a` under `y/` become `y//a` and `y/a`).
pub fn append_key(prefix: &str, relative: &str) -> String {
    if prefix.is_empty() || prefix.ends_with('/') {
        format!("{prefix}{relative}")
    } else {
        format!("{prefix}/{relative}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_listed_key_outside_the_prefix_is_refused() {
        assert_eq!(super::relative_key("data/a", "data/"), Ok("a"));
        // Shorter than the prefix, and a multi-byte character across its end.
        assert!(super::relative_key("d", "data/").is_err());
        assert!(super::relative_key("é", "e").is_err());
        assert!(super::relative_key("other/a", "data/").is_err());
    }

    use super::*;

    #[test]
    fn folder_prefix_names_a_folder_never_a_raw_prefix() {
        let p = |s: &str| RemotePath::parse(s).folder_prefix();
        assert_eq!(p("a/b"), "");
        assert_eq!(p("a/b/logs"), "logs/");
        assert_eq!(p("a/b/logs/"), "logs/");
        assert_eq!(p("a/b/x/y"), "x/y/");
    }

    #[test]
    fn parses_remote_paths() {
        let p = RemotePath::parse("play/bucket/a/b/c.txt");
        assert_eq!((p.alias.as_str(), p.bucket.as_str()), ("play", "bucket"));
        assert_eq!(p.key, "a/b/c.txt");
        assert_eq!(RemotePath::parse("play").bucket, "");
        assert_eq!(RemotePath::parse("play/b/").key, "");
        assert_eq!(RemotePath::parse("play/b/dir/").key, "dir/");
        assert_eq!(p.to_string(), "play/bucket/a/b/c.txt");
        assert_eq!(RemotePath::parse("play/").to_string(), "play");
    }

    #[test]
    fn classifies_local_and_remote() {
        let known = |a: &str| a == "play";
        assert!(matches!(
            Location::classify("play/b/k", known),
            Location::Remote(_)
        ));
        for local in ["./play/b", "/play/b", "other/b", "file.txt", ".", "~/x"] {
            assert!(
                matches!(Location::classify(local, known), Location::Local(_)),
                "{local}"
            );
        }
    }

    #[test]
    fn safe_join_accepts_plain_keys() -> Result<(), UnsafeKey> {
        let root = Path::new("/target");
        assert_eq!(safe_join(root, "a/b.txt")?, Path::new("/target/a/b.txt"));
        assert_eq!(safe_join(root, "a//./b")?, Path::new("/target/a/b"));
        assert_eq!(safe_join(root, "..a/b..")?, Path::new("/target/..a/b.."));
        Ok(())
    }

    #[test]
    fn safe_join_refuses_escapes() {
        let root = Path::new("/target");
        for key in [
            "../evil",
            "a/../../evil",
            "/etc/passwd",
            "a/..",
            "..",
            "",
            "/",
            "a\0b",
        ] {
            let err = safe_join(root, key).err();
            assert!(err.is_some(), "{key:?} was accepted");
        }
    }

    #[test]
    fn bases_leaves_and_joins() {
        assert_eq!(prefix_base("data/sub"), "data/");
        assert_eq!(prefix_base("data/"), "data/");
        assert_eq!(prefix_base("data"), "");
        assert_eq!(leaf("a/b.txt"), Some("b.txt"));
        assert_eq!(leaf("a/"), None);
        assert_eq!(join_key("", "x"), "x");
        assert_eq!(join_key("p", "x"), "p/x");
        assert_eq!(join_key("p/", "/x"), "p/x");
        assert_eq!(append_key("y/", "/a"), "y//a");
        assert_eq!(append_key("y", "a/"), "y/a/");
        assert_eq!(append_key("", "/a"), "/a");
    }
}
