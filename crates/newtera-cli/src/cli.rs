//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands::{
    alias::AliasCommand,
    cat::CatArgs,
    completion::CompletionArgs,
    cors::CorsCommand,
    cp::CpArgs,
    diff::DiffArgs,
    du::DuArgs,
    encrypt::EncryptCommand,
    event::EventCommand,
    find::FindArgs,
    head::HeadArgs,
    ilm::IlmCommand,
    ls::LsArgs,
    mb::MbArgs,
    mirror::MirrorArgs,
    ping::PingArgs,
    ping::ReadyArgs,
    pipe::PipeArgs,
    policy::PolicyCommand,
    presign::PresignArgs,
    rb::RbArgs,
    retention::{LegalHoldCommand, RetentionCommand},
    rm::RmArgs,
    share::ShareCommand,
    stat::StatArgs,
    tag::TagCommand,
    tree::TreeArgs,
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
    /// Print only errors and what was asked for (listings, stat, object
    /// bytes, URLs): no progress bars, no per-object or summary lines.
    #[arg(long, short = 'q', global = true)]
    pub(crate) quiet: bool,
    /// Print one line per HTTP request on stderr: method, URL (without
    /// signature or credentials), status and time. Never keys or headers.
    #[arg(long, global = true)]
    pub(crate) debug: bool,
    /// The most bytes per second the run uploads, all transfers together
    /// (`10MiB`, `500KB`, `1000000`).
    #[arg(long, global = true, value_name = "RATE", value_parser = crate::units::parse_rate)]
    pub(crate) limit_upload: Option<u64>,
    /// The most bytes per second the run downloads, all transfers together.
    #[arg(long, global = true, value_name = "RATE", value_parser = crate::units::parse_rate)]
    pub(crate) limit_download: Option<u64>,
    /// The part size of multipart uploads (5MiB to 5GiB; default 8MiB).
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_part_size)]
    pub(crate) part_size: Option<u64>,
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
    /// Move files and objects: copy, then remove the sources.
    Mv(CpArgs),
    /// Upload stdin to an object (any length).
    Pipe(PipeArgs),
    /// Write objects to stdout.
    Cat(CatArgs),
    /// Print the first lines of objects.
    Head(HeadArgs),
    /// Show an object's metadata.
    Stat(StatArgs),
    /// Remove objects.
    Rm(RmArgs),
    /// Print a presigned GET (or PUT) URL.
    Presign(PresignArgs),
    /// Sync a folder or prefix to another, sending only what changed.
    Mirror(MirrorArgs),
    /// Show how much a bucket or prefix holds.
    Du(DuArgs),
    /// Find objects by name, regex, size and age (and run a command on each).
    Find(FindArgs),
    /// Show the folder tree of a prefix.
    Tree(TreeArgs),
    /// List what differs between two folders or prefixes.
    Diff(DiffArgs),
    /// Share objects: a download URL, or an upload form as a curl command.
    #[command(subcommand)]
    Share(ShareCommand),
    /// Measure how fast the server answers.
    Ping(PingArgs),
    /// Wait until the server answers (exit 0), or fail after --timeout.
    Ready(ReadyArgs),
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
    /// Print a shell completion script.
    Completion(CompletionArgs),
    /// Print the manual page (roff).
    Man,
}

/// `--part-size`: S3's multipart limits, 5 MiB to 5 GiB (Amazon S3
/// multipart upload limits), checked before anything is sent.
fn parse_part_size(text: &str) -> Result<u64, String> {
    let size = crate::units::parse_size(text)?;
    if (5 << 20..=5 << 30).contains(&size) {
        Ok(size)
    } else {
        Err(format!("{text:?}: a part is 5MiB to 5GiB"))
    }
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
