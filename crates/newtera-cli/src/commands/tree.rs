//! `newtera tree`: the folders (and with `--files` the objects) under a
//! prefix, indented by depth, printed as the listing streams in.

use clap::Args;
use futures_util::TryStreamExt;
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};

/// Shows the folder tree of a prefix.
#[derive(Debug, Args)]
pub(crate) struct TreeArgs {
    /// Show objects too, not only folders.
    #[arg(short, long)]
    pub(crate) files: bool,
    /// At most this many levels deep.
    #[arg(short, long, value_name = "N")]
    pub(crate) depth: Option<usize>,
    /// ALIAS/BUCKET[/PREFIX].
    pub(crate) target: String,
}

pub(crate) async fn run(ctx: &Context, args: TreeArgs) -> CliResult<()> {
    let (client, path) = ctx.bucket(&args.target)?;
    let prefix = path.folder_prefix();
    let mut listing = client
        .list_objects(&path.bucket)
        .prefix(prefix.clone())
        .recursive(true)
        .into_stream();
    ctx.output
        .record(json!({"type": "root", "path": path.to_string()}), || {
            path.to_string()
        });
    // The folders of the last key printed; listings come sorted, so a
    // folder is printed once, when its first key arrives.
    let mut open: Vec<String> = Vec::new();
    let max = args.depth.unwrap_or(usize::MAX);
    let mut count = 0usize;
    while let Some(object) = listing.try_next().await.context(&path)? {
        count += 1;
        let relative = object
            .object_name
            .strip_prefix(&prefix)
            .unwrap_or(&object.object_name);
        let mut parts: Vec<&str> = relative.split('/').collect();
        let name = parts.pop().unwrap_or_default();
        let same = open
            .iter()
            .zip(&parts)
            .take_while(|(a, b)| a.as_str() == **b)
            .count();
        open.truncate(same);
        for (depth, folder) in parts.iter().enumerate().skip(same) {
            open.push((*folder).to_owned());
            if depth < max {
                let shown = format!("{}/", parts.get(..=depth).unwrap_or_default().join("/"));
                ctx.output.record(
                    json!({"type": "folder", "path": path.with_key(format!("{prefix}{shown}")).to_string()}),
                    || format!("{}{folder}/", "  ".repeat(depth + 1)),
                );
            }
        }
        if args.files && !name.is_empty() && parts.len() < max {
            ctx.output.record(
                json!({"type": "object", "path": path.with_key(object.object_name.clone()).to_string(), "size": object.size}),
                || format!("{}{name}", "  ".repeat(parts.len() + 1)),
            );
        }
    }
    // As for `ls`: a prefix holding nothing is a typo or a missing folder.
    if count == 0 && !path.key.is_empty() {
        return Err(CliError::not_found(format!("{path}: no objects under it")));
    }
    Ok(())
}
