//! What every command gets: the output, the configuration folder and the
//! known aliases, and the ways to turn arguments into clients and paths.

use std::path::PathBuf;

use newtera::Newtera;

use crate::alias::{Alias, Aliases};
use crate::config::Config;
use crate::error::{CliError, CliResult};
use crate::output::Output;
use crate::path::{Location, RemotePath};

/// The global flags that shape every client of a run.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ClientSettings {
    /// `--debug`: trace every request on stderr.
    pub(crate) debug: bool,
    /// `--part-size`.
    pub(crate) part_size: Option<u64>,
    /// `cp`/`mv`/`mirror --parallel`: no transfer sends more parts or
    /// ranges at once than the whole command may have requests in flight.
    pub(crate) parallel: Option<u16>,
}

impl ClientSettings {
    fn apply(self, mut builder: newtera::NewteraBuilder) -> newtera::NewteraBuilder {
        if self.debug {
            builder = builder.layer(crate::trace::TraceLayer);
        }
        if let Some(size) = self.part_size {
            builder = builder.part_size(size);
        }
        if let Some(n) = self
            .parallel
            .filter(|&n| u64::from(n) < crate::jobs::PER_TRANSFER)
        {
            builder = builder
                .parallel_uploads(usize::from(n))
                .parallel_downloads(usize::from(n));
        }
        builder
    }
}

/// The state shared by the commands of one run.
#[derive(Debug)]
pub(crate) struct Context {
    pub(crate) output: Output,
    pub(crate) config_dir: PathBuf,
    settings: ClientSettings,
    aliases: Aliases,
    /// One client per alias used, so that an interrupted run can wait for
    /// the clean-up each started (aborts of unfinished uploads).
    clients: std::sync::Mutex<std::collections::HashMap<String, Newtera>>,
}

impl Context {
    /// Loads the aliases from `config_dir` and the environment.
    pub(crate) fn load(
        output: Output,
        config_dir: PathBuf,
        settings: ClientSettings,
    ) -> CliResult<Self> {
        let saved = Config::load(&config_dir)?;
        Ok(Self {
            output,
            config_dir,
            settings,
            aliases: Aliases::new(saved, Alias::from_env()),
            clients: Default::default(),
        })
    }

    /// The client for `alias`, made once per run.
    fn alias_client(&self, name: &str, alias: &Alias) -> CliResult<Newtera> {
        let mut clients = self
            .clients
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(client) = clients.get(name) {
            return Ok(client.clone());
        }
        let client = alias.client_with(|b| self.settings.apply(b))?;
        clients.insert(name.to_owned(), client.clone());
        Ok(client)
    }

    /// Waits for the clean-up every client of this run started (after an
    /// interruption: the aborts of the uploads it cut short), at most
    /// `limit`. Whether it all finished in time.
    pub(crate) async fn wait_for_cleanup(&self, limit: std::time::Duration) -> bool {
        let clients: Vec<Newtera> = self
            .clients
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .values()
            .cloned()
            .collect();
        let all = futures_util::future::join_all(clients.iter().map(Newtera::wait_for_cleanup));
        tokio::time::timeout(limit, all).await.is_ok()
    }

    /// A client for an alias that is not saved (yet): `alias set` checks
    /// the keys with it.
    pub(crate) fn client_for(&self, alias: &Alias) -> CliResult<Newtera> {
        alias.client_with(|b| self.settings.apply(b))
    }

    /// Whether `arg` names a local path or an object.
    pub(crate) fn locate(&self, arg: &str) -> Location {
        Location::classify(arg, |name| self.aliases.contains(name))
    }

    /// `arg` as a remote path, with a client for its alias.
    pub(crate) fn remote(&self, arg: &str) -> CliResult<(Newtera, RemotePath)> {
        let path = RemotePath::parse(arg);
        let alias = self.aliases.get(&path.alias).ok_or_else(|| {
            CliError::usage(format!(
                "{arg}: unknown alias {:?} (see `newtera alias list`, or set NEWTERA_ENDPOINT for the `env` alias)",
                path.alias
            ))
        })?;
        check_bucket(&path)?;
        Ok((self.alias_client(&path.alias, alias)?, path))
    }

    /// The client for a remote path already located.
    pub(crate) fn client(&self, path: &RemotePath) -> CliResult<Newtera> {
        let alias = self
            .aliases
            .get(&path.alias)
            .ok_or_else(|| CliError::usage(format!("unknown alias {:?}", path.alias)))?;
        check_bucket(path)?;
        self.alias_client(&path.alias, alias)
    }

    /// Like [`Context::remote`], also requiring a bucket.
    pub(crate) fn bucket(&self, arg: &str) -> CliResult<(Newtera, RemotePath)> {
        let (client, path) = self.remote(arg)?;
        if path.bucket.is_empty() {
            return Err(CliError::usage(format!("{arg}: expected ALIAS/BUCKET")));
        }
        Ok((client, path))
    }

    /// Like [`Context::remote`], also requiring a bucket and a key.
    pub(crate) fn object(&self, arg: &str) -> CliResult<(Newtera, RemotePath)> {
        let (client, path) = self.bucket(arg)?;
        if path.key.is_empty() || path.key.ends_with('/') {
            return Err(CliError::usage(format!(
                "{arg}: expected ALIAS/BUCKET/KEY naming an object"
            )));
        }
        Ok((client, path))
    }
}

/// A usage error, before any request, for a bucket name no request could
/// carry (the rules every request's encoder applies, `Relaxed`), so a
/// recursive copy reports it once and not once per file.
fn check_bucket(path: &RemotePath) -> CliResult<()> {
    use newtera::proto::validate::{NameRules, validate_bucket_name};
    if path.bucket.is_empty() {
        return Ok(());
    }
    validate_bucket_name(&path.bucket, NameRules::Relaxed)
        .map_err(|e| CliError::usage(format!("{path}: bucket name {:?}: {e}", path.bucket)))
}
