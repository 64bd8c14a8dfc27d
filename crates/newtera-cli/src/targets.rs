//! The targets of one `cp` or `mv`: two transfers onto one target would
//! silently replace one another (and `mv` would then remove both
//! sources), and an object copied onto itself is at best unchanged (and
//! `mv` would then remove its only copy). Both are refused before anything
//! is sent; the other transfers go on. (Keys that land on one local file
//! within one recursive download are found by `collide`.) Objects are
//! told apart by server, bucket and key, so two aliases of one server name
//! the same object.

use std::collections::{BTreeMap, HashMap, HashSet};

use newtera::Newtera;

use crate::error::CliError;
use crate::jobs::Job;
use crate::path::RemotePath;

/// Where a transfer writes: an object, or a local file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Target {
    Object(String),
    File(std::path::PathBuf),
}

/// A server's identity: its scheme and authority, whatever alias names it.
pub(crate) fn server_id(client: &Newtera) -> String {
    let endpoint = client.endpoint();
    format!(
        "{}://{}",
        endpoint.scheme(),
        endpoint.authority_str().to_ascii_lowercase()
    )
}

/// An object's identity: its server's, its bucket and its key.
fn object_id(client: &Newtera, path: &RemotePath) -> String {
    format!("{}/{}/{}", server_id(client), path.bucket, path.key)
}

fn target_of(job: &Job) -> Option<Target> {
    match job {
        Job::Upload { client, target, .. }
        | Job::Copy {
            to: client, target, ..
        } => Some(Target::Object(object_id(client, target))),
        Job::Download { dest, .. } => Some(Target::File(dest.clone())),
        // Any number of markers may share a folder.
        Job::Folder { .. } | Job::Refused(_) => None,
    }
}

/// `jobs`, with each copy onto its own source or onto another copy's
/// source, and each transfer whose target another one also writes,
/// replaced by a refusal naming them.
pub(crate) fn refuse_shared(jobs: Vec<Job>) -> Vec<Job> {
    let mut by_target: HashMap<Target, Vec<usize>> = HashMap::new();
    let mut why: BTreeMap<usize, String> = BTreeMap::new();
    let sources: HashSet<String> = jobs
        .iter()
        .filter_map(|job| match job {
            Job::Copy { from, source, .. } => Some(object_id(from, source)),
            _ => None,
        })
        .collect();
    for (i, job) in jobs.iter().enumerate() {
        if let Job::Copy {
            from,
            to,
            source,
            target,
            ..
        } = job
            && object_id(from, source) == object_id(to, target)
        {
            why.insert(i, "source and target are the same object".to_owned());
        } else if let Job::Copy { to, target, .. } = job
            && sources.contains(&object_id(to, target))
        {
            let reason = format!(
                "not copied: its target {target} is also a source of this copy \
                 (the folders overlap), which it would replace"
            );
            why.insert(i, reason);
        } else if let Some(target) = target_of(job) {
            by_target.entry(target).or_default().push(i);
        }
    }
    for (target, group) in by_target.iter().filter(|(_, g)| g.len() > 1) {
        let shown = match target {
            Target::Object(name) => name.clone(),
            Target::File(path) => path.display().to_string(),
        };
        for &i in group {
            let others: Vec<String> = group
                .iter()
                .filter(|&&o| o != i)
                .filter_map(|&o| jobs.get(o))
                .map(|o| format!("`{}`", o.endpoints().0))
                .collect();
            why.insert(
                i,
                format!(
                    "not copied: it and {} have the same target ({shown}), so one would \
                     silently replace the other",
                    others.join(", ")
                ),
            );
        }
    }
    jobs.into_iter()
        .enumerate()
        .map(|(i, job)| match why.remove(&i) {
            Some(reason) => {
                let source = job.endpoints().0;
                Job::Refused(CliError::failure(format!("{source}: {reason}")))
            }
            None => job,
        })
        .collect()
}
