//! The AWS shared config and credentials files: a small INI dialect.
//!
//! Sections are `[name]` in the credentials file and `[default]` / `[profile name]` in
//! the config file (other section kinds, such as `[sso-session x]`, are skipped). Keys
//! are case-insensitive; `#` and `;` start comment lines; an indented line continues a
//! nested block (`s3 =` followed by `  max_concurrent_requests = 20`), which no
//! credential setting uses, so it is skipped. Source:
//! <https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html>.
//!
//! Hand-written because general INI crates either reject these nested blocks or do not
//! know the `profile ` prefix rules; the format is a dozen lines of rules.

use std::collections::HashMap;

/// One profile's settings, keys lower-cased.
pub(super) type Section = HashMap<String, String>;

/// Which file a text came from: the prefix rules differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FileKind {
    Config,
    Credentials,
}

/// Profiles from both files; the credentials file's keys win over the config file's.
#[derive(Debug, Default, Clone)]
pub(super) struct Profiles {
    sections: HashMap<String, Section>,
}

impl Profiles {
    /// Adds the profiles of one file's `text`.
    pub(super) fn add(&mut self, text: &str, kind: FileKind) {
        let mut current: Option<String> = None;
        for line in text.lines() {
            if line.starts_with([' ', '\t']) {
                continue;
            }
            let line = strip_comment(line.trim());
            if line.is_empty() {
                continue;
            }
            if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                current = profile_name(header.trim(), kind);
                if let Some(name) = &current {
                    self.sections.entry(name.clone()).or_default();
                }
                continue;
            }
            let (Some(name), Some((key, value))) = (&current, line.split_once('=')) else {
                continue;
            };
            let section = self.sections.entry(name.clone()).or_default();
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim().to_owned();
            match kind {
                FileKind::Credentials => {
                    section.insert(key, value);
                }
                FileKind::Config => {
                    section.entry(key).or_insert(value);
                }
            }
        }
    }

    /// The profile called `name`, if either file has it.
    pub(super) fn get(&self, name: &str) -> Option<&Section> {
        self.sections.get(name)
    }
}

/// The profile a section header names, or `None` for sections that are not profiles.
fn profile_name(header: &str, kind: FileKind) -> Option<String> {
    match kind {
        FileKind::Credentials => Some(header.to_owned()),
        FileKind::Config if header == "default" => Some(header.to_owned()),
        FileKind::Config => header
            .strip_prefix("profile")
            .filter(|rest| rest.starts_with([' ', '\t']))
            .map(|rest| rest.trim().to_owned()),
    }
}

/// Drops a trailing ` #…` or ` ;…` comment (only after whitespace, so values such as
/// secret keys may contain `#`).
fn strip_comment(line: &str) -> &str {
    if line.starts_with(['#', ';']) {
        return "";
    }
    // `char_indices` gives character boundaries, so each split is safe.
    let cut = line
        .char_indices()
        .find(|&(i, c)| matches!(c, '#' | ';') && line.split_at(i).0.ends_with([' ', '\t']))
        .map_or(line.len(), |(i, _)| i);
    line.split_at(cut).0.trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_needs_the_profile_prefix_and_credentials_win() {
        let mut p = Profiles::default();
        p.add(
            "[default]\nregion = eu-west-1\n[profile dev]\nrole_arn = arn:r ; role\n\
             s3 =\n  max_concurrent_requests = 20\n[dev2]\nregion=x\n[sso-session s]\nk=v\n",
            FileKind::Config,
        );
        p.add(
            "[dev]\naws_access_key_id = AK\naws_secret_access_key = se#cret\nrole_arn = arn:c\n",
            FileKind::Credentials,
        );
        assert_eq!(p.get("default").expect("default")["region"], "eu-west-1");
        let dev = p.get("dev").expect("dev");
        assert_eq!(dev["role_arn"], "arn:c");
        assert_eq!(dev["aws_secret_access_key"], "se#cret");
        assert!(!dev.contains_key("max_concurrent_requests"));
        assert!(p.get("dev2").is_none());
        assert!(p.get("sso-session s").is_none() && p.get("s").is_none());
    }
}
