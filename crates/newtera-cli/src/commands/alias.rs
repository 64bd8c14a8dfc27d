//! `newtera alias`: save, list and remove aliases.

use std::io::{BufRead, IsTerminal, Read};
use std::path::PathBuf;

use clap::Subcommand;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::alias::{Alias, PathStyle, validate_name};
use crate::config::{CONFIG_FILE, Config};
use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};

/// Manages aliases (saved in `config.json`, mode 0600).
#[derive(Debug, Subcommand)]
pub(crate) enum AliasCommand {
    /// Saves an alias: `alias set NAME URL [ACCESS [SECRET]]`. When the
    /// secret is omitted it is asked for without echo at a terminal, else
    /// read from stdin, keeping it out of the process list. Without keys
    /// the alias uses `--profile`, `--anonymous`, or else the default
    /// credentials chain (environment, ~/.aws profile, web identity,
    /// container, EC2 instance metadata). The keys are checked with one
    /// request (ListBuckets) before the alias is saved.
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
        /// Where the bucket name goes: `path` (host/bucket/key), `virtual`
        /// (bucket.host/key) or `auto` (the client decides).
        #[arg(long, value_enum)]
        path_style: Option<PathStyle>,
        /// Does not verify the server's TLS certificate (test servers
        /// only: anyone on the path can read and change the traffic).
        #[arg(long)]
        insecure: bool,
        /// Trusts this CA certificate file (PEM) too.
        #[arg(long, value_name = "FILE")]
        ca: Option<PathBuf>,
        /// Saves the alias without checking the keys with the server.
        #[arg(long)]
        no_verify: bool,
    },
    /// Prints an alias as JSON (mc's format: url, accessKey, secretKey,
    /// api, path), secret included, for `alias import` elsewhere.
    Export {
        /// The alias name.
        name: String,
    },
    /// Saves an alias from JSON written by `alias export` or `mc alias
    /// export`, read from FILE or stdin.
    Import {
        /// The alias name.
        name: String,
        /// The JSON file (default: stdin).
        file: Option<PathBuf>,
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

pub(crate) async fn run(ctx: &Context, command: AliasCommand) -> CliResult<()> {
    match command {
        AliasCommand::Set {
            name,
            url,
            access_key,
            secret_key,
            region,
            profile,
            anonymous,
            path_style,
            insecure,
            ca,
            no_verify,
        } => {
            validate_name(&name)?;
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
                path_style,
                insecure,
                ca,
            };
            if !no_verify && !alias.anonymous {
                verify(ctx, &alias).await?;
            }
            set(ctx, &name, alias)
        }
        AliasCommand::List => list(ctx),
        AliasCommand::Remove { name } => remove(ctx, &name),
        AliasCommand::Export { name } => export(ctx, &name),
        AliasCommand::Import { name, file } => import(ctx, &name, file),
    }
}

/// One request with the new keys (ListBuckets), so a typo is caught now
/// rather than at the first copy. Any refusal keeps the alias unsaved:
/// servers answer a wrong secret with `AccessDenied` too (Garage, Ceph RGW), so it
/// cannot be told from keys that may not list buckets; those are saved
/// with `--no-verify`.
async fn verify(ctx: &Context, alias: &Alias) -> CliResult<()> {
    let client = ctx.client_for(alias)?;
    match client.list_buckets().await {
        Ok(_) => Ok(()),
        Err(e) if e.is_access_denied() => Err(CliError::from(e).context(format!(
            "{}: not saved, ListBuckets was refused: wrong keys, or keys that may not \
             list buckets (--no-verify saves them without checking)",
            alias.url
        ))),
        Err(e) => Err(CliError::from(e).context(format!(
            "{}: not saved, the check failed (--no-verify saves without checking)",
            alias.url
        ))),
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

/// An alias as `mc alias export` writes it (and `alias import` reads it;
/// newtera's own field names are accepted too).
#[derive(Debug, Serialize, Deserialize)]
struct Exported {
    url: String,
    #[serde(rename = "accessKey", alias = "access_key", default)]
    access_key: String,
    #[serde(rename = "secretKey", alias = "secret_key", default)]
    secret_key: String,
    #[serde(default = "signature_v4")]
    api: String,
    /// mc's `auto`, `on` (path style) or `off` (virtual-hosted style).
    #[serde(default = "auto")]
    path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<String>,
}

fn signature_v4() -> String {
    "s3v4".to_owned()
}

fn auto() -> String {
    "auto".to_owned()
}

fn export(ctx: &Context, name: &str) -> CliResult<()> {
    let config = Config::load(&ctx.config_dir)?;
    let alias = config
        .aliases
        .get(name)
        .ok_or_else(|| CliError::not_found(format!("no alias named {name:?}")))?;
    let path = match alias.path_style {
        Some(PathStyle::Path) => "on",
        Some(PathStyle::Virtual) => "off",
        Some(PathStyle::Auto) | None => "auto",
    };
    let exported = Exported {
        url: alias.url.clone(),
        access_key: alias.access_key.clone(),
        secret_key: alias.secret_key.clone(),
        api: signature_v4(),
        path: path.to_owned(),
        region: alias.region.clone(),
    };
    let text = serde_json::to_string(&exported)
        .map_err(|e| CliError::failure(format!("encoding the alias: {e}")))?;
    // The secret is the point of an export: printed as is, on stdout only.
    println!("{text}");
    Ok(())
}

fn import(ctx: &Context, name: &str, file: Option<PathBuf>) -> CliResult<()> {
    validate_name(name)?;
    let mut raw = String::new();
    match &file {
        Some(path) => {
            raw = std::fs::read_to_string(path).context(path.display())?;
        }
        None => {
            std::io::stdin()
                .lock()
                .read_to_string(&mut raw)
                .context("stdin")?;
        }
    }
    let exported: Exported = serde_json::from_str(&raw)
        .map_err(|e| CliError::usage(format!("not an exported alias: {e}")))?;
    if !exported.api.eq_ignore_ascii_case("s3v4") {
        return Err(CliError::usage(format!(
            "api {:?}: only Signature Version 4 (s3v4) is supported",
            exported.api
        )));
    }
    let path_style = match exported.path.as_str() {
        "on" => Some(PathStyle::Path),
        "off" => Some(PathStyle::Virtual),
        "auto" | "" => None,
        other => {
            return Err(CliError::usage(format!(
                "path {other:?}: expected auto, on or off"
            )));
        }
    };
    let alias = Alias {
        url: exported.url,
        access_key: exported.access_key,
        secret_key: exported.secret_key,
        region: exported.region,
        profile: None,
        anonymous: false,
        path_style,
        insecure: false,
        ca: None,
    };
    set(ctx, name, alias)
}

/// The secret: asked for without echo when stdin is a terminal, else the
/// first line of stdin.
fn read_secret() -> CliResult<String> {
    if std::io::stdin().is_terminal() {
        let secret = rpassword::prompt_password("Secret key: ").context("reading the secret")?;
        if secret.is_empty() {
            return Err(CliError::usage("no secret key given"));
        }
        return Ok(secret);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let secret = line.trim_end_matches(['\r', '\n']).to_owned();
    if secret.is_empty() {
        return Err(CliError::usage("no secret key given (argument or stdin)"));
    }
    Ok(secret)
}
