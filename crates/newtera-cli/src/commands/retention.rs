//! `newtera retention` and `newtera legalhold`: Object Lock on an object
//! (ALIAS/BUCKET/KEY) or, for retention, a bucket's default
//! (ALIAS/BUCKET), like `mc retention` and `mc legalhold`.

use std::time::{Duration, SystemTime};

use clap::{Subcommand, ValueEnum};
use newtera::{Newtera, ObjectLockConfiguration, ObjectRequest, RetentionMode, RetentionPeriod};
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};
use crate::output::{json_time, timestamp};
use crate::path::RemotePath;

/// Sets or shows a retention.
#[derive(Debug, Subcommand)]
pub(crate) enum RetentionCommand {
    /// Keep an object (or, for ALIAS/BUCKET, every new object) for VALIDITY.
    Set {
        /// GOVERNANCE (removable with --bypass) or COMPLIANCE (by nobody).
        #[arg(value_enum)]
        mode: Mode,
        /// How long: `30d` (days) or `1y` (years).
        validity: String,
        /// ALIAS/BUCKET/KEY, or ALIAS/BUCKET for the default retention.
        target: String,
        /// This version of the object.
        #[arg(long)]
        version_id: Option<String>,
        /// Allow shortening a GOVERNANCE retention.
        #[arg(long)]
        bypass: bool,
    },
    /// Show the object's retention, or the bucket's default.
    Info {
        /// ALIAS/BUCKET/KEY or ALIAS/BUCKET.
        target: String,
        /// This version of the object.
        #[arg(long)]
        version_id: Option<String>,
    },
}

/// Puts, lifts or shows a legal hold.
#[derive(Debug, Subcommand)]
pub(crate) enum LegalHoldCommand {
    /// Hold the object: it cannot be removed until the hold is cleared.
    Set {
        /// ALIAS/BUCKET/KEY.
        target: String,
        /// This version of the object.
        #[arg(long)]
        version_id: Option<String>,
    },
    /// Lift the hold.
    Clear {
        /// ALIAS/BUCKET/KEY.
        target: String,
        /// This version of the object.
        #[arg(long)]
        version_id: Option<String>,
    },
    /// Show whether the object is held.
    Info {
        /// ALIAS/BUCKET/KEY.
        target: String,
        /// This version of the object.
        #[arg(long)]
        version_id: Option<String>,
    },
}

/// The retention modes.
#[derive(Debug, Clone, Copy, ValueEnum)]
#[value(rename_all = "UPPER")]
pub(crate) enum Mode {
    /// Removable by users allowed to bypass it.
    Governance,
    /// Removable by nobody until the date passes.
    Compliance,
}

impl From<Mode> for RetentionMode {
    fn from(mode: Mode) -> Self {
        match mode {
            Mode::Governance => Self::Governance,
            Mode::Compliance => Self::Compliance,
        }
    }
}

pub(crate) async fn run(ctx: &Context, command: RetentionCommand) -> CliResult<()> {
    match command {
        RetentionCommand::Set {
            mode,
            validity,
            target,
            version_id,
            bypass,
        } => {
            let period = parse_validity(&validity)?;
            let (client, path) = ctx.bucket(&target)?;
            if path.key.is_empty() {
                return set_default(ctx, &client, &path, mode.into(), period).await;
            }
            let until = SystemTime::now() + period_duration(period);
            let mut set = client
                .set_object_retention(&path.bucket, &path.key, mode.into(), until)
                .bypass_governance_retention(bypass);
            if let Some(v) = version_id {
                set = set.version_id(v);
            }
            set.await.context(&path)?;
            let mode = RetentionMode::from(mode).as_str();
            ctx.output.record(
                json!({"status": "ok", "target": path.to_string(), "mode": mode, "retain_until": json_time(Some(until))}),
                || format!("{path} kept in {mode} mode until {}", timestamp(until)),
            );
        }
        RetentionCommand::Info { target, version_id } => {
            let (client, path) = ctx.bucket(&target)?;
            if path.key.is_empty() {
                return default_info(ctx, &client, &path).await;
            }
            let get = client.get_object_retention(&path.bucket, &path.key);
            let retention = versioned(get, version_id).await.context(&path)?;
            let mode = retention.map(|r| r.mode.as_str());
            let until = retention.map(|r| r.retain_until);
            ctx.output.record(
                json!({"target": path.to_string(), "mode": mode, "retain_until": json_time(until)}),
                || match (mode, until) {
                    (Some(mode), Some(until)) => {
                        format!("{path}: {mode} until {}", timestamp(until))
                    }
                    _ => format!("{path} has no retention"),
                },
            );
        }
    }
    Ok(())
}

pub(crate) async fn run_legal_hold(ctx: &Context, command: LegalHoldCommand) -> CliResult<()> {
    let (target, version_id, on) = match command {
        LegalHoldCommand::Set { target, version_id } => (target, version_id, true),
        LegalHoldCommand::Clear { target, version_id } => (target, version_id, false),
        LegalHoldCommand::Info { target, version_id } => {
            let (client, path) = ctx.object(&target)?;
            let get = client.is_object_legal_hold_enabled(&path.bucket, &path.key);
            let on = versioned(get, version_id).await.context(&path)?;
            ctx.output.record(
                json!({"target": path.to_string(), "legal_hold": on}),
                || format!("legal hold of {path} is {}", if on { "ON" } else { "OFF" }),
            );
            return Ok(());
        }
    };
    let (client, path) = ctx.object(&target)?;
    let set = if on {
        client.enable_object_legal_hold(&path.bucket, &path.key)
    } else {
        client.disable_object_legal_hold(&path.bucket, &path.key)
    };
    versioned(set, version_id).await.context(&path)?;
    ctx.output.record(
        json!({"status": "ok", "target": path.to_string(), "legal_hold": on}),
        || {
            format!(
                "legal hold of {path} is now {}",
                if on { "ON" } else { "OFF" }
            )
        },
    );
    Ok(())
}

async fn set_default(
    ctx: &Context,
    client: &Newtera,
    path: &RemotePath,
    mode: RetentionMode,
    period: RetentionPeriod,
) -> CliResult<()> {
    let config = ObjectLockConfiguration::new(mode, period);
    client
        .set_object_lock_config(&path.bucket, config)
        .await
        .context(path)?;
    let (count, unit) = period_parts(period);
    ctx.output.record(
        json!({"status": "ok", "bucket": path.bucket, "mode": mode.as_str(), unit: count}),
        || {
            format!(
                "new objects in {path} are kept in {} mode for {count} {unit}",
                mode.as_str()
            )
        },
    );
    Ok(())
}

async fn default_info(ctx: &Context, client: &Newtera, path: &RemotePath) -> CliResult<()> {
    let config = client
        .get_object_lock_config(&path.bucket)
        .await
        .context(path)?;
    let rule = config.and_then(|c| c.default_retention);
    let enabled = config.is_some_and(|c| c.enabled);
    let mode = rule.map(|r| r.mode.as_str());
    let period = rule.map(|r| period_parts(r.period));
    ctx.output.record(
        json!({"bucket": path.bucket, "object_lock": enabled, "mode": mode,
               "days": period.filter(|p| p.1 == "days").map(|p| p.0),
               "years": period.filter(|p| p.1 == "years").map(|p| p.0)}),
        || match (enabled, mode, period) {
            (false, ..) => format!("{path} has no Object Lock"),
            (true, Some(mode), Some((count, unit))) => {
                format!("{path}: new objects kept in {mode} mode for {count} {unit}")
            }
            _ => format!("{path}: Object Lock on, no default retention"),
        },
    );
    Ok(())
}

async fn versioned<T>(request: ObjectRequest<T>, version_id: Option<String>) -> newtera::Result<T> {
    match version_id {
        Some(v) => request.version_id(v).await,
        None => request.await,
    }
}

/// `30d` or `1y`.
fn parse_validity(text: &str) -> CliResult<RetentionPeriod> {
    let bad = || CliError::usage(format!("{text:?}: expected a validity like 30d or 1y"));
    let unit = text.chars().last().ok_or_else(bad)?;
    let number = text.strip_suffix(unit).ok_or_else(bad)?;
    let count: u32 = number.parse().map_err(|_| bad())?;
    if count == 0 {
        return Err(bad());
    }
    match unit {
        'd' | 'D' => Ok(RetentionPeriod::Days(count)),
        'y' | 'Y' => Ok(RetentionPeriod::Years(count)),
        _ => Err(bad()),
    }
}

fn period_parts(period: RetentionPeriod) -> (u32, &'static str) {
    match period {
        RetentionPeriod::Days(n) => (n, "days"),
        RetentionPeriod::Years(n) => (n, "years"),
    }
}

fn period_duration(period: RetentionPeriod) -> Duration {
    let days = match period {
        RetentionPeriod::Days(n) => u64::from(n),
        RetentionPeriod::Years(n) => u64::from(n) * 365,
    };
    Duration::from_secs(days * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_is_days_or_years() {
        assert_eq!(parse_validity("30d").unwrap(), RetentionPeriod::Days(30));
        assert_eq!(parse_validity("1Y").unwrap(), RetentionPeriod::Years(1));
        for bad in ["", "d", "0d", "30", "30w", "-1d", "1.5y", "é"] {
            assert!(parse_validity(bad).is_err(), "{bad:?}");
        }
    }
}
