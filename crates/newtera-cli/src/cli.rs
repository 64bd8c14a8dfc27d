//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands::{
    alias::AliasCommand,
    cat::CatArgs,
    cors::CorsCommand,
    cp::CpArgs,
    du::DuArgs,
    encrypt::EncryptCommand,
    event::EventCommand,
    ilm::IlmCommand,
    ls::LsArgs,
    mb::MbArgs,
    mirror::MirrorArgs,
    policy::PolicyCommand,
    presign::PresignArgs,
    rb::RbArgs,
    retention::{LegalHoldCommand, RetentionCommand},
    rm::RmArgs,
    stat::StatArgs,
    tag::TagCommand,
    version::VersionCommand,
    watch::WatchArgs,
};

/// newtera: a command-line client for S3-compatible object storage.
///
/// Remote paths are ALIAS/BUCKET/KEY. Save an alias with `newtera alias set`,
/// or set NEWTERA_ENDPOINT, NEWTERA_ACCESS_KEY, NEWTERA_SECRET_KEY (and
/// NEWTERA_REGION) to use the alias `env`.
///
/// Exit codes: 0 success, 1 failure, 2 usage error, 3 not found, 130 interrupted
/// (Ctrl-C), 143 terminated (SIGTERM).
#[derive(Debug, Parser)]
#[command(name = "newtera", version)]
pub(crate) struct Cli {
    /// Print one JSON object per line, for scripts.
    #[arg(long, global = true)]
    pub(crate) json: bool,
    /// The configuration folder (default: $XDG_CONFIG_HOME/newtera or ~/.config/newtera).
    #[arg(long, global = true, env = "NEWTERA_CONFIG_DIR", value_name = "DIR")]
    pub(crate) config_dir: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Manage aliases (endpoint and credentials).
    #[command(subcommand)]
    Alias(AliasCommand),
    /// List buckets or objects.
    Ls(LsArgs),
    /// Make a bucket.
    Mb(MbArgs),
    /// Remove a bucket.
    Rb(RbArgs),
    /// Copy files and objects (upload, download, server-side copy).
    Cp(CpArgs),
    /// Write objects to stdout.
    Cat(CatArgs),
    /// Show an object's metadata.
    Stat(StatArgs),
    /// Remove objects.
    Rm(RmArgs),
    /// Print a presigned GET (or PUT) URL.
    Presign(PresignArgs),
    /// Sync a local folder to a prefix, uploading only what changed.
    Mirror(MirrorArgs),
    /// Show how much a bucket or prefix holds.
    Du(DuArgs),
    /// A bucket's access policy (get, set, public, remove).
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// A bucket's lifecycle rules (add, list, remove).
    #[command(subcommand)]
    Ilm(IlmCommand),
    /// A bucket's CORS rules (get, set, remove).
    #[command(subcommand)]
    Cors(CorsCommand),
    /// A bucket's default encryption (set, info, clear).
    #[command(subcommand)]
    Encrypt(EncryptCommand),
    /// A bucket's event notifications (add, list, remove).
    #[command(subcommand)]
    Event(EventCommand),
    /// Follow a bucket's events as they happen (MinIO servers).
    Watch(WatchArgs),
    /// A bucket's versioning (enable, suspend, info).
    #[command(subcommand)]
    Version(VersionCommand),
    /// Tags of an object or a bucket (set, list, remove).
    #[command(subcommand)]
    Tag(TagCommand),
    /// Object Lock retention of an object, or a bucket's default (set, info).
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// An object's legal hold (set, clear, info).
    #[command(subcommand)]
    Legalhold(LegalHoldCommand),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
