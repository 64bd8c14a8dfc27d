//! The downloads of a recursive `cp`: each listed object under the target
//! folder, refused when its key cannot be a local file of its own (it
//! escapes the folder, it ends with `/` yet holds data, or it lands on the
//! same path as another key), a folder for an empty `…/` marker.

use std::path::Path;

use newtera::Newtera;

use crate::collide::{self, Planned};
use crate::commands::cp::Collisions;
use crate::error::CliError;
use crate::jobs::Job;
use crate::path::{self, RemotePath};

/// The jobs for `objects` (key, size) listed under `from`, whose keys
/// start with `base`, downloaded into `to`.
pub(crate) fn jobs(
    client: &Newtera,
    from: &RemotePath,
    to: &Path,
    base: &str,
    objects: Vec<(String, u64)>,
    collisions: Collisions,
) -> Vec<Job> {
    let (mut planned, sizes, mut jobs) = plan(from, to, base, objects);
    let fold_case = collide::folds_case(to);
    let mut clashes = collide::clashes(to, &planned, fold_case);
    if collisions == Collisions::Rename {
        for (i, dest) in collide::renames(to, &planned, fold_case) {
            if let Some(p) = planned.get_mut(i) {
                p.dest = dest;
            }
        }
        clashes.clear();
    }
    for (i, (p, size)) in planned.iter().zip(sizes).enumerate() {
        let source = from.with_key(p.key.clone());
        let dest = p.dest.clone();
        jobs.push(match clashes.get(&i) {
            Some(others) => {
                let others: Vec<&str> = others
                    .iter()
                    .filter_map(|o| planned.get(*o))
                    .map(|o| o.key.as_str())
                    .collect();
                refuse(from, &p.key, clash_message(&others, &p.dest))
            }
            None if p.folder => Job::Folder { source, dest },
            None => Job::Download {
                client: client.clone(),
                source,
                size,
                dest,
            },
        });
    }
    jobs
}

/// Each object's local path (with its size), and the refusals of keys
/// that cannot have one.
fn plan(
    from: &RemotePath,
    to: &Path,
    base: &str,
    objects: Vec<(String, u64)>,
) -> (Vec<Planned>, Vec<u64>, Vec<Job>) {
    let (mut planned, mut sizes, mut refused) = (Vec::new(), Vec::new(), Vec::new());
    for (key, size) in objects {
        let folder = key.ends_with('/');
        if folder && size > 0 {
            let why = format!(
                "a local file cannot be named like this key, which ends with `/` \
                 ({size} bytes not downloaded)"
            );
            refused.push(refuse(from, &key, why));
            continue;
        }
        let relative = match path::relative_key(&key, base) {
            Ok(relative) => relative,
            Err(outside) => {
                refused.push(Job::Refused(CliError::failure(outside)));
                continue;
            }
        };
        match path::safe_join(to, relative) {
            Ok(dest) => {
                planned.push(Planned { key, dest, folder });
                sizes.push(size);
            }
            // The marker of the folder being copied is `to` itself.
            Err(_) if folder && key.len() == base.len() => {}
            Err(unsafe_key) => refused.push(refuse(from, &key, unsafe_key.to_string())),
        }
    }
    (planned, sizes, refused)
}

fn refuse(from: &RemotePath, key: &str, why: String) -> Job {
    Job::Refused(CliError::failure(format!("{}: {why}", from.with_key(key))))
}

fn clash_message(others: &[&str], dest: &Path) -> String {
    let others: Vec<String> = others.iter().map(|k| format!("`{k}`")).collect();
    format!(
        "not downloaded: it and {} need the same local path ({}), as a file or a folder, \
         so one would silently replace the other (`--on-collision rename` keeps them all)",
        others.join(", "),
        dest.display()
    )
}
