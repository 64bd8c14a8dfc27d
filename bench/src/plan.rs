//! What a run covers: servers, workloads and their sizes.

/// Workload sizes for a run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scale {
    pub(crate) small_serial: u64,
    pub(crate) small_parallel: u64,
    pub(crate) big: u64,
    pub(crate) big_real: u64,
    pub(crate) list: u64,
    pub(crate) delete: u64,
    pub(crate) presign: u64,
}

impl Scale {
    /// The sizes (1 GiB, 100,000 keys …), or a short run.
    pub(crate) fn new(quick: bool) -> Self {
        if quick {
            Self {
                small_serial: 500,
                small_parallel: 4_000,
                big: 256 << 20,
                big_real: 64 << 20,
                list: 20_000,
                delete: 2_000,
                presign: 20_000,
            }
        } else {
            Self {
                small_serial: 2_000,
                small_parallel: 100_000,
                big: 1 << 30,
                big_real: 256 << 20,
                list: 100_000,
                delete: 10_000,
                presign: 100_000,
            }
        }
    }
}

/// One measured cell: a workload at a size and concurrency.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub(crate) workload: &'static str,
    pub(crate) size: u64,
    pub(crate) count: u64,
    pub(crate) conc: usize,
}

const SMALL: [&str; 3] = ["put_small", "get_small", "head_small"];
const BIG: [&str; 4] = ["put_mem", "put_file", "get_mem", "get_file"];
/// newtera's own features: transfers with a progress callback (to compare
/// with `put_file`/`get_file`), and an upload resumed after it broke half
/// way (real servers only: the sink keeps no parts).
const OWN: [&str; 3] = ["put_file_progress", "get_file_progress", "put_file_resume"];

/// The steps for a server; the sink also gets listing, deleting and
/// presigning (which needs no server at all).
/// The cells to run against `server`: everything on the sink; smaller
/// counts on the real servers, whose own cost dominates (Garage answers a
/// few dozen small writes per second at concurrency 1 on this machine).
pub(crate) fn steps(scale: Scale, server: &str) -> Vec<Step> {
    let sink = server == "sink";
    let mut steps = Vec::new();
    let (serial, parallel) = match server {
        "sink" => (scale.small_serial, scale.small_parallel),
        "garage" => (scale.small_serial / 20, scale.small_parallel / 10),
        // Embedded s3s-fs and Ceph RGW (single OSD on memstore).
        _ => (scale.small_serial / 4, scale.small_parallel / 4),
    };
    for (count, conc) in [(serial, 1), (parallel, 64)] {
        for w in SMALL {
            steps.push(Step {
                workload: w,
                size: 4096,
                count,
                conc,
            });
        }
    }
    let big = if sink { scale.big } else { scale.big_real };
    for w in BIG {
        steps.push(Step {
            workload: w,
            size: big,
            count: 1,
            conc: 1,
        });
    }
    for w in OWN.into_iter().filter(|w| !sink || *w != "put_file_resume") {
        steps.push(Step {
            workload: w,
            size: big,
            count: 1,
            conc: 1,
        });
    }
    if sink {
        steps.push(Step {
            workload: "list",
            size: 0,
            count: scale.list,
            conc: 1,
        });
        steps.push(Step {
            workload: "delete",
            size: 0,
            count: scale.delete,
            conc: 1,
        });
        steps.push(Step {
            workload: "presign",
            size: 0,
            count: scale.presign,
            conc: 1,
        });
    }
    steps
}

/// Whether a client takes part in a workload (the raw hyper ceiling only
/// moves bulk bytes; the pool variant only runs small objects).
/// The step as `client` runs it: the Python clients manage 1–3 % of the
/// Rust clients' rate at concurrency 64, so they run at most 20,000
/// operations there (their rows say so) instead of taking most of an hour.
pub(crate) fn for_client(client: &str, step: &Step) -> Step {
    let mut step = step.clone();
    if matches!(client, "newtera-py" | "minio-py" | "boto3") && step.conc > 1 {
        step.count = step.count.min(20_000);
    }
    step
}

pub(crate) fn applies(client: &str, workload: &str) -> bool {
    match client {
        "hyper-raw" => BIG.contains(&workload),
        "newtera" => true,
        _ => !OWN.contains(&workload),
    }
}
