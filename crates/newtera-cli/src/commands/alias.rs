//! `newtera alias`: save, list and remove aliases.

use std::io::BufRead;

use clap::Subcommand;
use serde_json::json;

use crate::alias::{Alias, validate_name};
use crate::config::{CONFIG_FILE, Config};
use crate::context::Context;
use crate::error::{CliError, CliResult};

/// Manages aliases (saved in `config.json`, mode 0600).
#[derive(Debug, Subcommand)]
pub(crate) enum AliasCommand {
    /// Saves an alias: `alias set NAME URL [ACCESS [SECRET]]` (the secret is
    /// read from stdin when omitted, keeping it out of the process list).
    /// Without keys the alias uses `--profile`, `--anonymous`, or else the
    /// default credentials chain (environment, ~/.aws profile, web identity,
    /// container, EC2 instance metadata).
    Set {
        /// The alias name (letters, digits, `-`, `_`).
        name: String,
        /// The endpoint: `host:port` (HTTPS) or an http:// or https:// URL.
        url: String,
        /// The access key (omit for the credentials chain or a profile).
        access_key: Option<String>,
        /// The secret key (read from stdin when omitted).
        secret_key: Option<String>,
        /// A fixed signing region (e.g. `garage`).
        #[arg(long)]
        region: Option<String>,
        /// Takes credentials from this profile of ~/.aws/config and
        /// ~/.aws/credentials (roles, SSO-free credential_process …).
        #[arg(long, conflicts_with_all = ["access_key", "anonymous"])]
        profile: Option<String>,
        /// Sends unsigned requests.
        #[arg(long, conflicts_with = "access_key")]
        anonymous: bool,
    },
    /// Lists aliases with their access keys (never the secrets).
    #[command(alias = "ls")]
    List,
    /// Removes an alias.
    #[command(alias = "rm")]
    Remove {
        /// The alias name.
        name: String,
    },
}

pub(crate) fn run(ctx: &Context, command: AliasCommand) -> CliResult<()> {
    match command {
        AliasCommand::Set {
            name,
            url,
            access_key,
            secret_key,
            region,
            profile,
            anonymous,
        } => {
            let secret_key = match (&access_key, secret_key) {
                (None, _) => String::new(),
                (Some(_), Some(s)) => s,
                (Some(_), None) => read_secret()?,
            };
            let alias = Alias {
                url,
                access_key: access_key.unwrap_or_default(),
                secret_key,
                region,
                profile,
                anonymous,
            };
            set(ctx, &name, alias)
        }
        AliasCommand::List => list(ctx),
        AliasCommand::Remove { name } => remove(ctx, &name),
    }
}

fn set(ctx: &Context, name: &str, alias: Alias) -> CliResult<()> {
    validate_name(name)?;
    // Building a client checks the endpoint's syntax, sending nothing.
    alias.client()?;
    let mut config = Config::load(&ctx.config_dir)?;
    let url = alias.url.clone();
    config.aliases.insert(name.to_owned(), alias);
    config.save(&ctx.config_dir)?;
    let file = ctx.config_dir.join(CONFIG_FILE);
    ctx.output.record(
        json!({"status": "ok", "alias": name, "url": url, "config": file.display().to_string()}),
        || format!("alias {name} saved ({url}) in {}", file.display()),
    );
    Ok(())
}

fn list(ctx: &Context) -> CliResult<()> {
    let config = Config::load(&ctx.config_dir)?;
    for (name, alias) in &config.aliases {
        let region = alias.region.clone().unwrap_or_default();
        let source = alias.credentials_source();
        ctx.output.record(
            json!({"alias": name, "url": alias.url, "access_key": alias.access_key, "region": alias.region, "profile": alias.profile, "anonymous": alias.anonymous}),
            || format!("{name:<12} {:<32} {source:<20} {region}", alias.url),
        );
    }
    if let Some(env) = Alias::from_env() {
        ctx.output.record(
            json!({"alias": "env", "url": env.url, "access_key": env.access_key, "region": env.region, "from_environment": true}),
            || format!("{:<12} {:<32} {:<20} (from NEWTERA_ENDPOINT)", "env", env.url, env.credentials_source()),
        );
    }
    Ok(())
}

fn remove(ctx: &Context, name: &str) -> CliResult<()> {
    let mut config = Config::load(&ctx.config_dir)?;
    if config.aliases.remove(name).is_none() {
        return Err(CliError::not_found(format!("no alias named {name:?}")));
    }
    config.save(&ctx.config_dir)?;
    ctx.output.record(
        json!({"status": "ok", "alias": name, "removed": true}),
        || format!("alias {name} removed"),
    );
    Ok(())
}

fn read_secret() -> CliResult<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let secret = line.trim_end_matches(['\r', '\n']).to_owned();
    if secret.is_empty() {
        return Err(CliError::usage("no secret key given (argument or stdin)"));
    }
    Ok(secret)
}
