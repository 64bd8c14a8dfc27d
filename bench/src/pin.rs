//! `--pin`: the in-process servers (sink, embedded s3s-fs) on one half of
//! the CPUs and every client child on the other half, so a client and the
//! server it talks to never wait for each other's scheduler time slice.

use nix::sched::{CpuSet, sched_getaffinity, sched_setaffinity};
use nix::unistd::Pid;

/// The CPUs this process may run on, split in two halves: (servers, clients).
/// Fails on a single CPU, where there is nothing to split.
pub(crate) fn halves() -> Result<(Vec<usize>, Vec<usize>), String> {
    let set = sched_getaffinity(Pid::from_raw(0)).map_err(|e| format!("sched_getaffinity: {e}"))?;
    let cpus: Vec<usize> = (0..CpuSet::count())
        .filter(|&c| set.is_set(c).unwrap_or(false))
        .collect();
    if cpus.len() < 2 {
        return Err("--pin needs at least two CPUs".into());
    }
    let (servers, clients) = cpus.split_at(cpus.len() / 2);
    Ok((servers.to_vec(), clients.to_vec()))
}

/// Pins the calling thread, and every thread it starts afterwards, to `cpus`.
pub(crate) fn to(cpus: &[usize]) -> Result<(), String> {
    let mut set = CpuSet::new();
    for &cpu in cpus {
        set.set(cpu).map_err(|e| format!("CPU {cpu}: {e}"))?;
    }
    sched_setaffinity(Pid::from_raw(0), &set).map_err(|e| format!("sched_setaffinity: {e}"))
}

/// `1,3` → `[1, 3]`.
pub(crate) fn parse(list: &str) -> Result<Vec<usize>, String> {
    list.split(',')
        .map(|c| {
            c.trim()
                .parse()
                .map_err(|_| format!("bad CPU list {list:?}"))
        })
        .collect()
}

/// `[1, 3]` → `1,3`.
pub(crate) fn format(cpus: &[usize]) -> String {
    cpus.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",")
}
