//! `--include`, `--exclude`, `--newer-than` and `--older-than`: which
//! files or objects a recursive `cp`, `mirror` or `find` takes.
//!
//! A pattern without `/` is matched against the name (`*.jpg`), one with
//! `/` against the path relative to the folder copied (`img/*.png`); `*`
//! and `?` never cross a `/`, `**` does.

use std::time::{Duration, SystemTime};

use clap::Args;
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

use crate::error::{CliError, CliResult};

/// The filter flags.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct FilterArgs {
    /// Only names matching this glob (may be repeated; `*.jpg`, `img/**`).
    #[arg(long, value_name = "GLOB")]
    pub(crate) include: Vec<String>,
    /// Leave out names matching this glob (may be repeated; wins over
    /// `--include`).
    #[arg(long, value_name = "GLOB")]
    pub(crate) exclude: Vec<String>,
    /// Only what was modified less than this long ago (`90s`, `12h`, `7d`).
    #[arg(long, value_name = "AGE", value_parser = crate::commands::presign::parse_duration)]
    pub(crate) newer_than: Option<Duration>,
    /// Only what was modified more than this long ago.
    #[arg(long, value_name = "AGE", value_parser = crate::commands::presign::parse_duration)]
    pub(crate) older_than: Option<Duration>,
}

/// The checked filter.
#[derive(Debug, Clone)]
pub(crate) struct Filter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    newer_than: Option<SystemTime>,
    older_than: Option<SystemTime>,
}

/// Compiles one glob with `*` and `?` stopping at `/`.
pub(crate) fn glob(pattern: &str) -> CliResult<Glob> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| CliError::usage(format!("glob {pattern:?}: {e}")))
}

fn set(patterns: &[String]) -> CliResult<Option<GlobSet>> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        // A name pattern matches at any depth: `*.jpg` is `**/*.jpg`.
        let full = if pattern.contains('/') {
            pattern.clone()
        } else {
            format!("**/{pattern}")
        };
        builder.add(glob(&full)?);
    }
    builder
        .build()
        .map(Some)
        .map_err(|e| CliError::usage(format!("globs: {e}")))
}

impl FilterArgs {
    /// Compiles the patterns and fixes the time bounds against now.
    pub(crate) fn parse(&self) -> CliResult<Filter> {
        let now = SystemTime::now();
        let ago =
            |d: Option<Duration>| d.map(|d| now.checked_sub(d).unwrap_or(SystemTime::UNIX_EPOCH));
        Ok(Filter {
            include: set(&self.include)?,
            exclude: set(&self.exclude)?,
            newer_than: ago(self.newer_than),
            older_than: ago(self.older_than),
        })
    }
}

impl Filter {
    /// Whether `relative` passes `--include` and `--exclude` (the time
    /// bounds aside): what `mirror --remove` may remove.
    pub(crate) fn takes_name(&self, relative: &str) -> bool {
        let relative = relative.trim_start_matches('/');
        self.include.as_ref().is_none_or(|s| s.is_match(relative))
            && !self.exclude.as_ref().is_some_and(|s| s.is_match(relative))
    }

    /// Whether the entry at `relative` (`/`-separated), modified at
    /// `modified`, is taken. An entry of unknown age fails the time bounds.
    pub(crate) fn takes(&self, relative: &str, modified: Option<SystemTime>) -> bool {
        if !self.takes_name(relative) {
            return false;
        }
        // An entry of unknown age fails either bound.
        let newer = self
            .newer_than
            .is_none_or(|after| modified.is_some_and(|m| m >= after));
        let older = self
            .older_than
            .is_none_or(|before| modified.is_some_and(|m| m <= before));
        newer && older
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(include: &[&str], exclude: &[&str]) -> CliResult<Filter> {
        FilterArgs {
            include: include.iter().map(|s| (*s).to_owned()).collect(),
            exclude: exclude.iter().map(|s| (*s).to_owned()).collect(),
            ..FilterArgs::default()
        }
        .parse()
    }

    #[test]
    fn names_and_paths() -> CliResult<()> {
        let f = filter(&["*.jpg"], &["tmp/**"])?;
        assert!(f.takes("a.jpg", None));
        assert!(f.takes("deep/er/a.jpg", None));
        assert!(!f.takes("a.png", None));
        assert!(!f.takes("tmp/a.jpg", None));
        let star = filter(&["img/*.png"], &[])?;
        assert!(star.takes("img/a.png", None));
        assert!(!star.takes("img/sub/a.png", None), "* stops at /");
        assert!(filter(&[], &[])?.takes("any/thing", None));
        assert!(filter(&["a[b"], &[]).is_err());
        Ok(())
    }

    #[test]
    fn ages() -> CliResult<()> {
        let f = FilterArgs {
            newer_than: Some(Duration::from_secs(3600)),
            ..FilterArgs::default()
        }
        .parse()?;
        let now = SystemTime::now();
        assert!(f.takes("x", Some(now)));
        assert!(!f.takes("x", Some(now - Duration::from_secs(7200))));
        assert!(!f.takes("x", None));
        Ok(())
    }
}
