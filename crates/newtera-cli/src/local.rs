//! Local files: walking a folder into (relative key, file) pairs.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::error::{CliError, CliResult, Context};

/// A regular file found under a folder.
#[derive(Debug, Clone)]
pub(crate) struct LocalFile {
    /// The path relative to the walked folder, with `/` separators.
    pub(crate) relative: String,
    /// The path to open.
    pub(crate) path: PathBuf,
    /// The size in bytes.
    pub(crate) size: u64,
    /// The modification time.
    pub(crate) modified: Option<SystemTime>,
}

/// Every regular file under `root`, sorted by relative path, and what was
/// `skipped`: symbolic links to folders (not followed: they could loop or
/// leave the tree), dangling links and unreadable entries, and names that
/// are not UTF-8 (they cannot be keys).
pub(crate) fn walk(root: &Path) -> CliResult<(Vec<LocalFile>, Vec<CliError>)> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut pending = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, relative)) = pending.pop() {
        for entry in std::fs::read_dir(&dir).context(dir.display())? {
            let entry = entry.context(dir.display())?;
            let path = entry.path();
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                skipped.push(CliError::failure(format!(
                    "{}: file name is not UTF-8, skipped",
                    path.display()
                )));
                continue;
            };
            let rel = if relative.is_empty() {
                name
            } else {
                format!("{relative}/{name}")
            };
            // A dangling link or an unreadable entry costs that file only.
            let meta = match std::fs::metadata(&path) {
                Ok(meta) => meta,
                Err(e) => {
                    skipped.push(CliError::from(e).context(path.display()));
                    continue;
                }
            };
            let link = entry.file_type().context(path.display())?.is_symlink();
            if meta.is_dir() && link {
                skipped.push(CliError::failure(format!(
                    "{}: symbolic link to a folder, not followed (it could loop or lead \
                     out of the tree), skipped",
                    path.display()
                )));
            } else if meta.is_dir() {
                pending.push((path, rel));
            } else if meta.is_file() {
                files.push(LocalFile {
                    relative: rel,
                    path,
                    size: meta.len(),
                    modified: meta.modified().ok(),
                });
            }
        }
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok((files, skipped))
}

/// One file, as [`walk`] would describe it, with its own name as the
/// relative path.
pub(crate) fn single(path: &Path) -> CliResult<LocalFile> {
    let meta = std::fs::metadata(path).context(path.display())?;
    if meta.is_dir() {
        return Err(CliError::usage(format!(
            "{} is a folder: use -r to copy it",
            path.display()
        )));
    }
    if !meta.is_file() {
        return Err(CliError::usage(format!(
            "{} is not a regular file (a device, FIFO or socket): upload a stream \
             with `newtera pipe` or `newtera cp - TARGET`",
            path.display()
        )));
    }
    let relative = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| CliError::usage(format!("{}: no UTF-8 file name", path.display())))?
        .to_owned();
    Ok(LocalFile {
        relative,
        path: path.to_path_buf(),
        size: meta.len(),
        modified: meta.modified().ok(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_nested_folders() -> CliResult<()> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir_all(dir.path().join("a/b"))?;
        std::fs::write(dir.path().join("top.txt"), "1")?;
        std::fs::write(dir.path().join("a/b/deep.txt"), "22")?;
        let (files, skipped) = walk(dir.path())?;
        let names: Vec<_> = files.iter().map(|f| f.relative.as_str()).collect();
        assert_eq!(names, ["a/b/deep.txt", "top.txt"]);
        assert_eq!(files[0].size, 2);
        assert!(skipped.is_empty());
        assert!(single(dir.path()).is_err());
        #[cfg(unix)]
        {
            let err = single(Path::new("/dev/null"))
                .err()
                .map(|e| e.message().to_owned());
            assert!(err.is_some_and(|m| m.contains("not a regular file")));
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("dangling"))?;
            let (files, skipped) = walk(dir.path())?;
            assert_eq!(files.len(), 2);
            assert_eq!(skipped.len(), 1);
            // A link to a folder (here a loop to the root) is reported.
            std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop"))?;
            let (files, skipped) = walk(dir.path())?;
            assert_eq!(files.len(), 2);
            assert_eq!(skipped.len(), 2);
        }
        Ok(())
    }
}
