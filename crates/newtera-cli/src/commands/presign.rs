//! `newtera presign`: a URL anyone can GET (or PUT) for a while.

use std::time::Duration;

use clap::Args;
use serde_json::json;

use crate::context::Context;
use crate::error::{CliResult, Context as _};

/// Prints a presigned URL. A download (GET) URL is refused for an object
/// that does not exist (exit 3).
#[derive(Debug, Args)]
pub(crate) struct PresignArgs {
    /// How long the URL works: `90s`, `15m`, `1h`, `7d`, `1h30m` (1 s to 7 days).
    #[arg(long, default_value = "7d", value_parser = parse_duration)]
    pub(crate) expires: Duration,
    /// A URL to upload with (PUT) instead of one to download with (GET).
    #[arg(long)]
    pub(crate) put: bool,
    /// ALIAS/BUCKET/KEY.
    pub(crate) target: String,
}

pub(crate) async fn run(ctx: &Context, args: PresignArgs) -> CliResult<()> {
    let (client, path) = ctx.object(&args.target)?;
    let presign = if args.put {
        client.presigned_put_object(&path.bucket, &path.key)
    } else {
        client.presigned_get_object(&path.bucket, &path.key)
    };
    // Signing checks the expiry before anything is sent.
    let url = presign.expires(args.expires).await.context(&path)?;
    if !args.put {
        // A download URL for an object that is not there fails only later,
        // for whoever it is given to: check first, as `mc share download`
        // does (an upload URL may name an object yet to be made).
        client
            .stat_object(&path.bucket, &path.key)
            .await
            .context(&path)?;
    }
    let method = if args.put { "PUT" } else { "GET" };
    ctx.output.record(
        json!({"url": url, "method": method, "expires_seconds": args.expires.as_secs(),
               "bucket": path.bucket, "key": path.key}),
        || url.clone(),
    );
    Ok(())
}

/// Parses `1h30m`, `15m`, `90s`, `7d`, `2w`, or plain seconds.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, String> {
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let mut total: u64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => {
                return Err(format!(
                    "unknown unit {c:?} in {text:?} (use s, m, h, d, w)"
                ));
            }
        };
        let n: u64 = number
            .parse()
            .map_err(|_| format!("expected a number before {c:?} in {text:?}"))?;
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| format!("{text:?} is too long"))?;
        number.clear();
    }
    if !number.is_empty() || text.is_empty() {
        return Err(format!("{text:?}: end with a unit (s, m, h, d, w)"));
    }
    Ok(Duration::from_secs(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("7d"), Ok(Duration::from_secs(604_800)));
        for bad in ["", "1x", "h", "1h30", "99999999999999999999w"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
