//! What every command gets: the output, the configuration folder and the
//! known aliases, and the ways to turn arguments into clients and paths.

use std::path::PathBuf;

use newtera::Newtera;

use crate::alias::{Alias, Aliases};
use crate::config::Config;
use crate::error::{CliError, CliResult};
use crate::output::Output;
use crate::path::{Location, RemotePath};

/// The state shared by the commands of one run.
#[derive(Debug)]
pub(crate) struct Context {
    pub(crate) output: Output,
    pub(crate) config_dir: PathBuf,
    aliases: Aliases,
}

impl Context {
    /// Loads the aliases from `config_dir` and the environment.
    pub(crate) fn load(output: Output, config_dir: PathBuf) -> CliResult<Self> {
        let saved = Config::load(&config_dir)?;
        Ok(Self {
            output,
            config_dir,
            aliases: Aliases::new(saved, Alias::from_env()),
        })
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
        Ok((alias.client()?, path))
    }

    /// The client for a remote path already located.
    pub(crate) fn client(&self, path: &RemotePath) -> CliResult<Newtera> {
        self.aliases
            .get(&path.alias)
            .ok_or_else(|| CliError::usage(format!("unknown alias {:?}", path.alias)))?
            .client()
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
