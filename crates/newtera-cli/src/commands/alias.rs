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
    /// Saves an alias: `alias set NAME URL ACCESS [SECRET]` (the secret is
    /// read from stdin when omitted, keeping it out of the process list).
    Set {
        /// The alias name (letters, digits, `-`, `_`).
        name: String,
        /// The endpoint: `host:port` (HTTPS) or an http:// or https:// URL.
        url: String,
        /// The access key.
        access_key: String,
        /// The secret key (read from stdin when omitted).
        secret_key: Option<String>,
        /// A fixed signing region (e.g. `garage`).
        #[arg(long)]
        region: Option<String>,
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
        } => {
            let secret_key = match secret_key {
                Some(s) => s,
                None => read_secret()?,
            };
            let alias = Alias {
                url,
                access_key,
                secret_key,
                region,
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
        ctx.output.record(
            json!({"alias": name, "url": alias.url, "access_key": alias.access_key, "region": alias.region}),
            || format!("{name:<12} {:<32} {:<20} {region}", alias.url, alias.access_key),
        );
    }
    if let Some(env) = Alias::from_env() {
        ctx.output.record(
            json!({"alias": "env", "url": env.url, "access_key": env.access_key, "region": env.region, "from_environment": true}),
            || format!("{:<12} {:<32} {:<20} (from NEWTERA_ENDPOINT)", "env", env.url, env.access_key),
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
