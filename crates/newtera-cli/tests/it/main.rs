//! The `newtera` binary against the embedded s3s-fs server. Every test
//! runs the real binary with `NEWTERA_CONFIG_DIR` set to a temporary
//! folder, so a user's own configuration is never read or written.

mod alias;
mod buckets;
mod budget;
mod daily;
mod exit_codes;
mod hostile;
mod keys;
mod mirror;
mod objects;
mod presign;
mod recursive;
mod scripted;
mod servers;
mod support;
mod targets;
