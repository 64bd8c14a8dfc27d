//! Credentials from the shared config and credentials files (`~/.aws/config`,
//! `~/.aws/credentials`): static keys, `credential_process`, roles assumed from a
//! `source_profile` or `credential_source`, and `web_identity_token_file`.
//!
//! Source: <https://docs.aws.amazon.com/sdkref/latest/guide/feature-assume-role-credentials.html>.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::http::{failure, failure_from};
use super::ini::{FileKind, Profiles, Section};
use super::sts::{AssumeRoleProvider, RoleOptions, StsEndpoint, WebIdentityProvider};
use super::{
    ContainerCredentials, Credentials, CredentialsFuture, EnvCredentials, ImdsCredentials, Lookup,
    ProcessCredentials, ProvideCredentials, process_env,
};
use crate::error::Error;

/// Reads one profile of the shared config files and follows it to credentials.
///
/// Files: `AWS_CONFIG_FILE` (default `~/.aws/config`, sections `[default]` and
/// `[profile NAME]`) and `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`,
/// sections `[NAME]`, whose keys win). Profile: `AWS_PROFILE`, else `default`.
///
/// | profile settings | credentials |
/// |---|---|
/// | `aws_access_key_id`, `aws_secret_access_key`, optional `aws_session_token` | those keys |
/// | `role_arn` + `source_profile` | `AssumeRole` with the source profile's credentials (chains of roles allowed, cycles refused) |
/// | `role_arn` + `credential_source` = `Environment`, `Ec2InstanceMetadata` or `EcsContainer` | `AssumeRole` with those credentials |
/// | `role_arn` + `web_identity_token_file` | `AssumeRoleWithWebIdentity` |
/// | `credential_process` | the command's JSON output |
///
/// Role profiles also read `role_session_name`, `external_id`, `duration_seconds`,
/// `region` (signing region of STS) and `endpoint_url` (STS endpoint;
/// `AWS_ENDPOINT_URL_STS` wins). Missing files or profile: `Ok(None)`, so a chain moves
/// on. A profile that exists but cannot give credentials (no keys, unknown
/// `credential_source`, a loop of `source_profile`s) is an
/// [`ErrorKind::Credentials`](crate::ErrorKind::Credentials) error.
#[derive(Clone)]
pub struct ProfileCredentials {
    config: Option<PathBuf>,
    credentials: Option<PathBuf>,
    profile: String,
    env: Lookup,
}

impl ProfileCredentials {
    /// The files and profile named by the environment.
    pub fn new() -> Self {
        Self::from_lookup(process_env())
    }

    /// As [`new`](Self::new), reading variables through `lookup` instead of the process
    /// environment (tests, embedders with their own environment).
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self::from_lookup(Arc::new(lookup))
    }

    pub(super) fn from_lookup(env: Lookup) -> Self {
        let var = |name: &str| env(name).filter(|v| !v.is_empty());
        let home = var("HOME")
            .or_else(|| var("USERPROFILE"))
            .map(PathBuf::from);
        let aws = home.map(|h| h.join(".aws"));
        let config = var("AWS_CONFIG_FILE")
            .map(PathBuf::from)
            .or_else(|| aws.as_ref().map(|a| a.join("config")));
        let credentials = var("AWS_SHARED_CREDENTIALS_FILE")
            .map(PathBuf::from)
            .or_else(|| aws.as_ref().map(|a| a.join("credentials")));
        let profile = var("AWS_PROFILE").unwrap_or_else(|| "default".to_owned());
        Self {
            config,
            credentials,
            profile,
            env,
        }
    }

    /// Only the credentials file at `path`, profile `profile`.
    pub fn from_file(path: impl Into<PathBuf>, profile: impl Into<String>) -> Self {
        Self::from_files(None, Some(path.into()), profile)
    }

    /// The given config and credentials files (either may be absent), profile `profile`.
    pub fn from_files(
        config: Option<PathBuf>,
        credentials: Option<PathBuf>,
        profile: impl Into<String>,
    ) -> Self {
        Self {
            config,
            credentials,
            profile: profile.into(),
            env: process_env(),
        }
    }

    /// Uses profile `profile` instead of `AWS_PROFILE`.
    #[must_use]
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = profile.into();
        self
    }

    /// The profile's `region` setting (from either file), if any.
    pub fn region(&self) -> Result<Option<String>, Error> {
        let profiles = self.load()?;
        Ok(profiles
            .get(&self.profile)
            .and_then(|s| s.get("region"))
            .filter(|r| !r.is_empty())
            .cloned())
    }

    fn load(&self) -> Result<Profiles, Error> {
        let mut profiles = Profiles::default();
        for (path, kind) in [
            (&self.credentials, FileKind::Credentials),
            (&self.config, FileKind::Config),
        ] {
            if let Some(text) = path.as_deref().map(read_optional).transpose()?.flatten() {
                profiles.add(&text, kind);
            }
        }
        Ok(profiles)
    }

    async fn resolve(&self) -> Result<Option<Credentials>, Error> {
        let this = self.clone();
        // Small files, but still blocking I/O: keep it off the async workers.
        let profiles = tokio::task::spawn_blocking(move || this.load())
            .await
            .map_err(|e| failure_from("reading the shared config files", e))??;
        let Some(plan) = plan(&profiles, &self.profile)? else {
            return Ok(None);
        };
        tracing::debug!(profile = %self.profile, roles = plan.hops.len(), "profile resolved");
        let provider = self.build(plan)?;
        provider.provide_credentials().await
    }

    fn build(&self, plan: Plan) -> Result<Arc<dyn ProvideCredentials>, Error> {
        let mut provider: Arc<dyn ProvideCredentials> = match plan.base {
            Base::Static(credentials) => Arc::new(super::StaticCredentials::new(credentials)),
            Base::Process(command) => Arc::new(ProcessCredentials::new(command)),
            Base::Environment => Arc::new(EnvCredentials::from_lookup(self.env.clone())),
            Base::Imds => Arc::new(ImdsCredentials::from_lookup(&self.env)),
            Base::Container => Arc::new(ContainerCredentials::from_lookup(&self.env)),
            Base::WebIdentity(hop) => {
                let sts = self.sts(&hop)?;
                let mut p =
                    WebIdentityProvider::new(hop.role_arn, hop.token_file.unwrap_or_default(), sts);
                if let Some(name) = hop.options.session_name {
                    p = p.session_name(name);
                }
                Arc::new(p)
            }
        };
        for hop in plan.hops {
            let sts = self.sts(&hop)?;
            provider = Arc::new(
                AssumeRoleProvider::from_arc(hop.role_arn.clone(), provider, sts)
                    .options(hop.options),
            );
        }
        Ok(provider)
    }

    fn sts(&self, hop: &Hop) -> Result<StsEndpoint, Error> {
        StsEndpoint::from_lookup(&self.env, hop.region.as_deref(), hop.endpoint.as_deref())
    }
}

fn read_optional(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(failure_from("reading a shared config file", e)),
    }
}

impl Default for ProfileCredentials {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for ProfileCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfileCredentials")
            .field("config", &self.config)
            .field("credentials", &self.credentials)
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for ProfileCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.resolve())
    }
}

/// Where a profile's credentials start.
#[derive(Debug)]
enum Base {
    Static(Credentials),
    Process(String),
    Environment,
    Imds,
    Container,
    WebIdentity(Hop),
}

/// One role to assume.
#[derive(Debug)]
struct Hop {
    role_arn: String,
    token_file: Option<String>,
    region: Option<String>,
    endpoint: Option<String>,
    options: RoleOptions,
}

/// The base credentials, then the roles to assume in order.
#[derive(Debug)]
struct Plan {
    base: Base,
    hops: Vec<Hop>,
}

/// Follows profile `name` to a plan; `None` when no such profile exists.
fn plan(profiles: &Profiles, name: &str) -> Result<Option<Plan>, Error> {
    if profiles.get(name).is_none() {
        return Ok(None);
    }
    let mut visited = Vec::new();
    walk(profiles, name, &mut visited).map(Some)
}

fn walk(profiles: &Profiles, name: &str, visited: &mut Vec<String>) -> Result<Plan, Error> {
    let section = profiles
        .get(name)
        .ok_or_else(|| failure(format!("source_profile {name:?} does not exist")))?;
    if visited.iter().any(|v| v == name) {
        return Err(failure(format!(
            "profile {name:?} is part of a source_profile loop"
        )));
    }
    visited.push(name.to_owned());
    let Some(role_arn) = setting(section, "role_arn") else {
        return leaf(section, name);
    };
    let hop = hop(section, role_arn)?;
    if hop.token_file.is_some() {
        return Ok(Plan {
            base: Base::WebIdentity(hop),
            hops: Vec::new(),
        });
    }
    let mut plan = match (
        setting(section, "source_profile"),
        setting(section, "credential_source"),
    ) {
        (Some(source), _) if source == name => leaf(section, name)?,
        (Some(source), _) => walk(profiles, source, visited)?,
        (None, Some(source)) => Plan {
            base: named_source(source)?,
            hops: Vec::new(),
        },
        (None, None) => {
            return Err(failure(format!(
                "profile {name:?} has role_arn but no source_profile, credential_source or web_identity_token_file"
            )));
        }
    };
    plan.hops.push(hop);
    Ok(plan)
}

/// A profile that assumes no role: static keys or a credential process.
fn leaf(section: &Section, name: &str) -> Result<Plan, Error> {
    let base = match (
        setting(section, "aws_access_key_id"),
        setting(section, "aws_secret_access_key"),
    ) {
        (Some(access), Some(secret)) => {
            let mut c = Credentials::new(access, secret);
            if let Some(token) = setting(section, "aws_session_token") {
                c = c.with_session_token(token);
            }
            Base::Static(c)
        }
        (Some(_), None) | (None, Some(_)) => {
            return Err(failure(format!(
                "profile {name:?} lacks an access key or secret"
            )));
        }
        (None, None) => match setting(section, "credential_process") {
            Some(command) => Base::Process(command.to_owned()),
            None => return Err(failure(format!("profile {name:?} has no credentials"))),
        },
    };
    Ok(Plan {
        base,
        hops: Vec::new(),
    })
}

fn named_source(source: &str) -> Result<Base, Error> {
    match source {
        "Environment" => Ok(Base::Environment),
        "Ec2InstanceMetadata" => Ok(Base::Imds),
        "EcsContainer" => Ok(Base::Container),
        other => Err(failure(format!("unknown credential_source {other:?}"))),
    }
}

fn hop(section: &Section, role_arn: &str) -> Result<Hop, Error> {
    let duration = setting(section, "duration_seconds")
        .map(|d| d.parse::<u64>().map(Duration::from_secs))
        .transpose()
        .map_err(|_| failure("duration_seconds is not a whole number of seconds"))?;
    let owned = |key: &str| setting(section, key).map(str::to_owned);
    Ok(Hop {
        role_arn: role_arn.to_owned(),
        token_file: owned("web_identity_token_file"),
        region: owned("region"),
        endpoint: owned("endpoint_url"),
        options: RoleOptions {
            session_name: owned("role_session_name"),
            external_id: owned("external_id"),
            duration,
            policy: None,
        },
    })
}

fn setting<'a>(section: &'a Section, key: &str) -> Option<&'a str> {
    section
        .get(key)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profiles(config: &str, credentials: &str) -> Profiles {
        let mut p = Profiles::default();
        p.add(credentials, FileKind::Credentials);
        p.add(config, FileKind::Config);
        p
    }

    const CONFIG: &str = "[default]\nregion = eu-west-1\n\
        [profile base]\ncredential_process = /bin/get-creds --json\n\
        [profile one]\nrole_arn = arn:one\nsource_profile = base\nexternal_id = ext\nduration_seconds = 900\n\
        [profile two]\nrole_arn = arn:two\nsource_profile = one\nrole_session_name = s2\n\
        [profile self]\nrole_arn = arn:self\nsource_profile = self\naws_access_key_id = AK\naws_secret_access_key = SK\n\
        [profile env]\nrole_arn = arn:env\ncredential_source = Environment\n\
        [profile web]\nrole_arn = arn:web\nweb_identity_token_file = /var/token\n\
        [profile loop1]\nrole_arn = arn:l1\nsource_profile = loop2\n\
        [profile loop2]\nrole_arn = arn:l2\nsource_profile = loop1\n\
        [profile orphan]\nrole_arn = arn:o\n\
        [profile weird]\nrole_arn = arn:w\ncredential_source = Moon\n\
        [profile empty]\nregion = x\n";
    const CREDENTIALS: &str = "[default]\naws_access_key_id = AKDEF\naws_secret_access_key = sdef\n\
        [half]\naws_access_key_id = X\n";

    fn plan_of(name: &str) -> Result<Option<Plan>, Error> {
        plan(&profiles(CONFIG, CREDENTIALS), name)
    }

    #[test]
    fn roles_chain_in_order_from_their_source() {
        let plan = plan_of("two").expect("plan").expect("exists");
        assert!(matches!(&plan.base, Base::Process(c) if c == "/bin/get-creds --json"));
        let arns: Vec<_> = plan.hops.iter().map(|h| h.role_arn.as_str()).collect();
        assert_eq!(arns, ["arn:one", "arn:two"]);
        assert_eq!(plan.hops[0].options.external_id.as_deref(), Some("ext"));
        assert_eq!(
            plan.hops[0].options.duration,
            Some(Duration::from_secs(900))
        );
        assert_eq!(plan.hops[1].options.session_name.as_deref(), Some("s2"));
    }

    #[test]
    fn self_source_env_source_and_web_identity() {
        let plan = plan_of("self").expect("plan").expect("exists");
        assert!(matches!(&plan.base, Base::Static(c) if c.keys().access_key() == "AK"));
        assert_eq!(plan.hops.len(), 1);
        let plan = plan_of("env").expect("plan").expect("exists");
        assert!(matches!(plan.base, Base::Environment));
        let plan = plan_of("web").expect("plan").expect("exists");
        assert!(
            matches!(&plan.base, Base::WebIdentity(h) if h.token_file.as_deref() == Some("/var/token"))
        );
        assert!(plan.hops.is_empty());
    }

    #[test]
    fn static_keys_from_the_credentials_file() {
        let plan = plan_of("default").expect("plan").expect("exists");
        assert!(matches!(&plan.base, Base::Static(c) if c.keys().secret_key() == "sdef"));
    }

    #[test]
    fn broken_profiles_are_errors_and_missing_ones_are_none() {
        assert!(plan_of("nope").expect("no error").is_none());
        for name in ["loop1", "orphan", "weird", "empty", "half"] {
            let err = plan_of(name).expect_err(name);
            assert_eq!(err.kind(), crate::ErrorKind::Credentials, "{name}");
        }
        let err = plan_of("loop1").expect_err("loop");
        assert!(err.to_string().contains("loop"), "{err}");
    }
}
