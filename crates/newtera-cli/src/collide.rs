//! Keys that cannot each have a local file of their own: `x/a/b`,
//! `x/a//b` and `x/a/./b` all land on `a/b`; `A.txt` and `a.txt` do too on a
//! case-folding file system; and `x/a` wants a file where `x/a/b` needs a
//! folder. A download finds them all before writing anything, so no object
//! silently overwrites another.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One object's planned local path.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    /// The object's key.
    pub(crate) key: String,
    /// Where it would be written.
    pub(crate) dest: PathBuf,
    /// A folder marker (an empty object whose key ends with `/`): it becomes
    /// a folder, which any number of keys may share.
    pub(crate) folder: bool,
}

/// For every planned object that shares its path with another, the indices
/// of the others: two files on one path, or a file on a path another
/// object needs as a folder. Paths compare case-insensitively when
/// `fold_case` (the target file system folds case).
pub(crate) fn clashes(
    root: &Path,
    planned: &[Planned],
    fold_case: bool,
) -> BTreeMap<usize, BTreeSet<usize>> {
    let norm = |p: &Path| {
        let text = p.to_string_lossy();
        if fold_case {
            text.to_lowercase()
        } else {
            text.into_owned()
        }
    };
    let mut files: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in planned.iter().enumerate().filter(|(_, p)| !p.folder) {
        files.entry(norm(&p.dest)).or_default().push(i);
    }
    let mut out: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    let mut pair = |a: usize, b: usize| {
        out.entry(a).or_default().insert(b);
        out.entry(b).or_default().insert(a);
    };
    for group in files.values().filter(|g| g.len() > 1) {
        for (n, &a) in group.iter().enumerate() {
            for &b in group.get(n + 1..).unwrap_or_default() {
                pair(a, b);
            }
        }
    }
    // A folder some object needs (its own, for a marker, or a parent) that
    // another object wants as a file.
    for (i, p) in planned.iter().enumerate() {
        let own = p.folder.then_some(p.dest.as_path());
        let parents = p
            .dest
            .ancestors()
            .skip(1)
            .take_while(|a| a.starts_with(root) && *a != root);
        for folder in own.into_iter().chain(parents) {
            for &file in files.get(&norm(folder)).into_iter().flatten() {
                pair(i, file);
            }
        }
    }
    out
}

/// New paths for the objects `clashes` found, so that every file has a
/// path of its own that no folder needs: in listing order, the first
/// object on a path keeps it (unless a folder must be there), the others
/// get `NAME~1`, `NAME~2` … beside it, never a path another object uses.
pub(crate) fn renames(
    root: &Path,
    planned: &[Planned],
    fold_case: bool,
) -> BTreeMap<usize, PathBuf> {
    let norm = |p: &Path| {
        let text = p.to_string_lossy();
        if fold_case {
            text.to_lowercase()
        } else {
            text.into_owned()
        }
    };
    let mut folders = BTreeSet::new();
    for p in planned {
        let own = p.folder.then_some(p.dest.as_path());
        let parents = p
            .dest
            .ancestors()
            .skip(1)
            .take_while(|a| a.starts_with(root) && *a != root);
        folders.extend(own.into_iter().chain(parents).map(&norm));
    }
    let mut taken: BTreeSet<String> = planned
        .iter()
        .filter(|p| !p.folder)
        .map(|p| norm(&p.dest))
        .collect();
    let mut kept = BTreeSet::new();
    let mut out = BTreeMap::new();
    for (i, p) in planned.iter().enumerate().filter(|(_, p)| !p.folder) {
        let path = norm(&p.dest);
        if !folders.contains(&path) && kept.insert(path) {
            continue;
        }
        let free = (1u64..)
            .map(|n| {
                let mut name = p.dest.file_name().unwrap_or_default().to_owned();
                name.push(format!("~{n}"));
                p.dest.with_file_name(name)
            })
            .find(|c| !taken.contains(&norm(c)) && !folders.contains(&norm(c)))
            .unwrap_or_else(|| p.dest.clone());
        taken.insert(norm(&free));
        out.insert(i, free);
    }
    out
}

/// Whether the file system holding `dir` (or its nearest existing parent)
/// folds case: a probe file written in lower case is looked up in upper
/// case. When it cannot be told (nothing writable), folding is assumed, so
/// a collision is reported rather than risked.
pub(crate) fn folds_case(dir: &Path) -> bool {
    // A relative `out/` has no existing ancestor as written (its last is
    // ""): look from the working folder.
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let Some(existing) = dir.ancestors().find(|p| p.is_dir()) else {
        return true;
    };
    let name = format!(".newtera-case-probe-{}", std::process::id());
    let lower = existing.join(&name);
    if std::fs::write(&lower, b"").is_err() {
        return true;
    }
    let folds = existing.join(name.to_uppercase()).exists();
    let _ = std::fs::remove_file(&lower);
    folds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_relative_folder_is_probed_through_the_working_folder() {
        // This machine's file systems are case-sensitive: a folder that
        // does not exist yet must not be taken for a case-folding one.
        let here = std::env::current_dir().unwrap();
        let folds_here = folds_case(&here);
        assert_eq!(
            folds_case(Path::new("no-such-folder-yet/inner")),
            folds_here
        );
    }

    fn plan(root: &Path, keys: &[&str]) -> Vec<Planned> {
        keys.iter()
            .map(|k| Planned {
                key: (*k).to_owned(),
                dest: crate::path::safe_join(root, k).unwrap(),
                folder: k.ends_with('/'),
            })
            .collect()
    }

    fn groups(keys: &[&str], fold: bool) -> Vec<(String, Vec<String>)> {
        let root = Path::new("/out");
        let planned = plan(root, keys);
        clashes(root, &planned, fold)
            .into_iter()
            .map(|(i, others)| {
                let others = others.into_iter().map(|o| planned[o].key.clone()).collect();
                (planned[i].key.clone(), others)
            })
            .collect()
    }

    #[test]
    fn keys_on_one_path_clash() {
        let got = groups(&["a/b", "a//b", "a/./b", "a/c"], false);
        assert_eq!(
            got,
            [
                (
                    "a/b".to_owned(),
                    vec!["a//b".to_owned(), "a/./b".to_owned()]
                ),
                (
                    "a//b".to_owned(),
                    vec!["a/b".to_owned(), "a/./b".to_owned()]
                ),
                (
                    "a/./b".to_owned(),
                    vec!["a/b".to_owned(), "a//b".to_owned()]
                ),
            ]
        );
    }

    #[test]
    fn a_file_where_a_folder_is_needed_clashes() {
        assert_eq!(groups(&["a", "a/b"], false).len(), 2);
        assert_eq!(
            groups(&["a", "a/"], false).len(),
            2,
            "a file and a folder marker"
        );
        assert_eq!(
            groups(&["d/x/y/z", "d/x"], false).len(),
            2,
            "a deeper parent"
        );
        assert!(
            groups(&["a/", "a/b", "a//"], false).is_empty(),
            "markers share folders"
        );
    }

    #[test]
    fn case_clashes_only_on_folding_file_systems() {
        assert!(groups(&["A.txt", "a.txt"], false).is_empty());
        assert_eq!(groups(&["A.txt", "a.txt"], true).len(), 2);
        assert_eq!(groups(&["Dir/x", "dir"], true).len(), 2);
        assert_eq!(groups(&["STRASSE", "strasse"], true).len(), 2);
    }

    #[test]
    fn renames_give_every_clashing_file_its_own_path() {
        let root = Path::new("/out");
        let planned = plan(root, &["a/b", "a//b", "a/./b", "a/b~1", "c", "c/d"]);
        let renamed: Vec<(String, String)> = renames(root, &planned, false)
            .into_iter()
            .map(|(i, p)| (planned[i].key.clone(), p.display().to_string()))
            .collect();
        assert_eq!(
            renamed,
            [
                ("a//b".to_owned(), "/out/a/b~2".to_owned()),
                ("a/./b".to_owned(), "/out/a/b~3".to_owned()),
                ("c".to_owned(), "/out/c~1".to_owned()),
            ]
        );
    }

    #[test]
    fn this_file_system_is_probed_without_leaving_anything() {
        let dir = tempfile::tempdir().unwrap();
        let _ = folds_case(&dir.path().join("missing/child"));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
