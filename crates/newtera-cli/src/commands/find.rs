//! `newtera find`: objects under a prefix matching every test given, as
//! the listing streams in (memory stays flat for any number of objects).

use std::process::Stdio;
use std::time::Duration;

use clap::Args;
use futures_util::TryStreamExt;
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};
use crate::filter::glob;
use crate::output::{human_size, json_time};
use crate::path::RemotePath;

/// Finds objects by name, size and age.
#[derive(Debug, Args)]
pub(crate) struct FindArgs {
    /// The object's name (last segment) matches this glob (`*.jpg`).
    #[arg(long, value_name = "GLOB")]
    pub(crate) name: Option<String>,
    /// The whole key matches this regular expression (Rust `regex` syntax).
    #[arg(long, value_name = "REGEX")]
    pub(crate) regex: Option<String>,
    /// Larger than SIZE (`10MiB`).
    #[arg(long, value_name = "SIZE", value_parser = crate::units::parse_size)]
    pub(crate) larger: Option<u64>,
    /// Smaller than SIZE.
    #[arg(long, value_name = "SIZE", value_parser = crate::units::parse_size)]
    pub(crate) smaller: Option<u64>,
    /// Modified less than AGE ago (`90s`, `12h`, `7d`).
    #[arg(long, value_name = "AGE", value_parser = super::presign::parse_duration)]
    pub(crate) newer_than: Option<Duration>,
    /// Modified more than AGE ago.
    #[arg(long, value_name = "AGE", value_parser = super::presign::parse_duration)]
    pub(crate) older_than: Option<Duration>,
    /// At most this many levels below the prefix (1: only its own objects).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) maxdepth: Option<u32>,
    /// Runs this command for each match, `{}` replaced by ALIAS/BUCKET/KEY
    /// (run directly, not through a shell: `--exec "newtera stat {}"`).
    #[arg(long, value_name = "COMMAND")]
    pub(crate) exec: Option<String>,
    /// ALIAS/BUCKET[/PREFIX].
    pub(crate) target: String,
}

/// The checked tests of one search.
struct Tests {
    name: Option<globset::GlobMatcher>,
    regex: Option<regex::Regex>,
    larger: Option<u64>,
    smaller: Option<u64>,
    newer: Option<std::time::SystemTime>,
    older: Option<std::time::SystemTime>,
    maxdepth: Option<u32>,
}

impl Tests {
    fn new(args: &FindArgs) -> CliResult<Self> {
        let now = std::time::SystemTime::now();
        let ago =
            |d: Option<Duration>| d.map(|d| now.checked_sub(d).unwrap_or(std::time::UNIX_EPOCH));
        Ok(Self {
            name: args
                .name
                .as_deref()
                .map(glob)
                .transpose()?
                .map(|g| g.compile_matcher()),
            regex: args
                .regex
                .as_deref()
                .map(regex::Regex::new)
                .transpose()
                .map_err(|e| CliError::usage(format!("--regex: {e}")))?,
            larger: args.larger,
            smaller: args.smaller,
            newer: ago(args.newer_than),
            older: ago(args.older_than),
            maxdepth: args.maxdepth,
        })
    }

    fn matches(&self, relative: &str, object: &newtera::Object) -> bool {
        let name = relative
            .rsplit('/')
            .find(|s| !s.is_empty())
            .unwrap_or(relative);
        let depth = relative.trim_end_matches('/').matches('/').count() + 1;
        let modified = object.last_modified;
        self.name.as_ref().is_none_or(|g| g.is_match(name))
            && self
                .regex
                .as_ref()
                .is_none_or(|r| r.is_match(&object.object_name))
            && self.larger.is_none_or(|n| object.size > n)
            && self.smaller.is_none_or(|n| object.size < n)
            && self.newer.is_none_or(|t| modified.is_some_and(|m| m >= t))
            && self.older.is_none_or(|t| modified.is_some_and(|m| m <= t))
            && self
                .maxdepth
                .is_none_or(|max| u32::try_from(depth).is_ok_and(|d| d <= max))
    }
}

pub(crate) async fn run(ctx: &Context, args: FindArgs) -> CliResult<()> {
    let (client, path) = ctx.bucket(&args.target)?;
    let tests = Tests::new(&args)?;
    let exec = args.exec.as_deref().map(command_words).transpose()?;
    let prefix = path.folder_prefix();
    let mut listing = client
        .list_objects(&path.bucket)
        .prefix(prefix.clone())
        .recursive(true)
        .into_stream();
    let mut failed = 0usize;
    while let Some(object) = listing.try_next().await.context(&path)? {
        let relative = object
            .object_name
            .strip_prefix(&prefix)
            .unwrap_or(&object.object_name);
        if !tests.matches(relative, &object) {
            continue;
        }
        let found = path.with_key(object.object_name.clone());
        match &exec {
            Some(words) => {
                if let Err(e) = run_exec(words, &found).await {
                    ctx.output.warn(&e);
                    failed += 1;
                }
            }
            None => report(ctx, &found, &object),
        }
    }
    match failed {
        0 => Ok(()),
        n => Err(CliError::failure(format!(
            "--exec failed for {n} object(s)"
        ))),
    }
}

fn report(ctx: &Context, found: &RemotePath, object: &newtera::Object) {
    ctx.output.record(
        json!({"path": found.to_string(), "key": object.object_name, "size": object.size,
               "last_modified": json_time(object.last_modified)}),
        || {
            if object.size > 0 || !object.object_name.ends_with('/') {
                format!("{found}")
            } else {
                format!("{found} ({})", human_size(0))
            }
        },
    );
}

/// The words of `--exec`, split on whitespace; `'…'` and `"…"` group.
fn command_words(text: &str) -> CliResult<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, c) if c.is_whitespace() => {
                if started || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (None, c) => word.push(c),
        }
    }
    if quote.is_some() {
        return Err(CliError::usage(format!("--exec {text:?}: unclosed quote")));
    }
    if started || !word.is_empty() {
        words.push(word);
    }
    if words.is_empty() {
        return Err(CliError::usage("--exec: empty command"));
    }
    Ok(words)
}

async fn run_exec(words: &[String], found: &RemotePath) -> CliResult<()> {
    let path = found.to_string();
    let mut args = words.iter().map(|w| w.replace("{}", &path));
    let program = args.next().unwrap_or_default();
    let status = tokio::process::Command::new(&program)
        .args(args)
        .stdin(Stdio::null())
        .status()
        .await
        .context(format!("--exec {program}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(CliError::failure(format!(
            "--exec {program} for {path}: {status}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_words() -> CliResult<()> {
        assert_eq!(command_words("echo {}")?, ["echo", "{}"]);
        assert_eq!(
            command_words("sh -c 'echo \"{}\"' x")?,
            ["sh", "-c", "echo \"{}\"", "x"]
        );
        assert_eq!(command_words("a ''")?, ["a", ""]);
        assert!(command_words("a 'b").is_err());
        assert!(command_words("  ").is_err());
        Ok(())
    }
}
