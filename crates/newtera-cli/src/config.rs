//! The configuration file: where it lives, how it is read, and how it is
//! written (owner-only permissions, atomically).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::alias::Alias;
use crate::error::{CliError, CliResult, Context};

/// The file name inside the configuration folder.
pub(crate) const CONFIG_FILE: &str = "config.json";

/// The configuration format version written today.
const VERSION: u32 = 1;

/// The saved aliases.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Config {
    /// The format version.
    #[serde(default)]
    pub(crate) version: u32,
    /// Aliases by name.
    #[serde(default)]
    pub(crate) aliases: BTreeMap<String, Alias>,
}

/// The configuration folder: `explicit` (the `--config-dir` flag or
/// `$NEWTERA_CONFIG_DIR`), else `$XDG_CONFIG_HOME/newtera`, else
/// `~/.config/newtera`.
pub(crate) fn config_dir(explicit: Option<&Path>) -> CliResult<PathBuf> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    if let Some(xdg) = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(xdg).join("newtera"));
    }
    match std::env::var_os("HOME").filter(|v| !v.is_empty()) {
        Some(home) => Ok(PathBuf::from(home).join(".config").join("newtera")),
        None => Err(CliError::usage(
            "no configuration folder: set NEWTERA_CONFIG_DIR, XDG_CONFIG_HOME or HOME",
        )),
    }
}

impl Config {
    /// Reads the configuration in `dir`; a missing file is an empty one.
    pub(crate) fn load(dir: &Path) -> CliResult<Self> {
        let path = dir.join(CONFIG_FILE);
        match std::fs::read(&path) {
            Ok(raw) => serde_json::from_slice(&raw)
                .map_err(|e| CliError::failure(format!("{}: {e}", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(CliError::from(e).context(path.display())),
        }
    }

    /// Writes the configuration to `dir`, readable by its owner only. The
    /// text goes to a temporary file created with mode 0600 and is renamed
    /// over the old file, so secrets are never readable by others, not
    /// even for a moment, and a crash never leaves half a file.
    pub(crate) fn save(&mut self, dir: &Path) -> CliResult<()> {
        self.version = VERSION;
        create_private_dir(dir)?;
        let path = dir.join(CONFIG_FILE);
        let temp = dir.join(format!(".{CONFIG_FILE}.{}.tmp", std::process::id()));
        let text = serde_json::to_vec_pretty(self)
            .map_err(|e| CliError::failure(format!("encoding the configuration: {e}")))?;
        let written = write_private(&temp, &text).and_then(|()| std::fs::rename(&temp, &path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written.context(path.display())
    }
}

fn create_private_dir(dir: &Path) -> CliResult<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).context(dir.display())
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    // A leftover temporary file keeps its old mode on open: set it again.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_dir_wins() {
        let dir = config_dir(Some(Path::new("/tmp/x"))).ok();
        assert_eq!(dir, Some(PathBuf::from("/tmp/x")));
    }

    #[test]
    fn missing_file_is_empty_config() -> CliResult<()> {
        let dir = std::env::temp_dir().join(format!("newtera-cfg-missing-{}", std::process::id()));
        let config = Config::load(&dir)?;
        assert!(config.aliases.is_empty());
        Ok(())
    }
}
