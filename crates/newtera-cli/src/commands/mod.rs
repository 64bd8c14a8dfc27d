//! One module per command; [`run`] dispatches to them.

pub(crate) mod alias;
pub(crate) mod cat;
pub(crate) mod completion;
pub(crate) mod cors;
pub(crate) mod cp;
pub(crate) mod diff;
pub(crate) mod du;
pub(crate) mod encrypt;
pub(crate) mod event;
pub(crate) mod find;
pub(crate) mod head;
pub(crate) mod ilm;
pub(crate) mod ls;
pub(crate) mod mb;
pub(crate) mod mirror;
pub(crate) mod ping;
pub(crate) mod pipe;
pub(crate) mod policy;
pub(crate) mod presign;
pub(crate) mod rb;
pub(crate) mod retention;
pub(crate) mod rm;
pub(crate) mod rm_versions;
pub(crate) mod share;
pub(crate) mod stat;
pub(crate) mod tag;
pub(crate) mod tree;
pub(crate) mod version;
pub(crate) mod watch;

use crate::cli::Command;
use crate::context::Context;
use crate::error::CliResult;

/// Runs one command.
pub(crate) async fn run(ctx: &Context, command: Command) -> CliResult<()> {
    match command {
        Command::Alias(c) => alias::run(ctx, c).await,
        Command::Ls(a) => ls::run(ctx, a).await,
        Command::Mb(a) => mb::run(ctx, a).await,
        Command::Rb(a) => rb::run(ctx, a).await,
        Command::Cp(a) => cp::run(ctx, a).await,
        Command::Mv(a) => cp::move_paths(ctx, a).await,
        Command::Pipe(a) => pipe::run(ctx, a).await,
        Command::Cat(a) => cat::run(ctx, a).await,
        Command::Head(a) => head::run(ctx, a).await,
        Command::Stat(a) => stat::run(ctx, a).await,
        Command::Rm(a) => rm::run(ctx, a).await,
        Command::Presign(a) => presign::run(ctx, a).await,
        Command::Mirror(a) => mirror::run(ctx, a).await,
        Command::Du(a) => du::run(ctx, a).await,
        Command::Find(a) => find::run(ctx, a).await,
        Command::Tree(a) => tree::run(ctx, a).await,
        Command::Diff(a) => diff::run(ctx, a).await,
        Command::Share(c) => share::run(ctx, c).await,
        Command::Ping(a) => ping::ping(ctx, a).await,
        Command::Ready(a) => ping::ready(ctx, a).await,
        Command::Policy(c) => policy::run(ctx, c).await,
        Command::Ilm(c) => ilm::run(ctx, c).await,
        Command::Cors(c) => cors::run(ctx, c).await,
        Command::Encrypt(c) => encrypt::run(ctx, c).await,
        Command::Event(c) => event::run(ctx, c).await,
        Command::Watch(a) => watch::run(ctx, a).await,
        Command::Version(c) => version::run(ctx, c).await,
        Command::Tag(c) => tag::run(ctx, c).await,
        Command::Retention(c) => retention::run(ctx, c).await,
        Command::Legalhold(c) => retention::run_legal_hold(ctx, c).await,
        Command::Completion(a) => completion::completion(a),
        Command::Man => completion::man(),
    }
}
