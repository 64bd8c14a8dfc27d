//! The client's settings from Python: the constructor's arguments and what
//! the `http_client` mapping (`python/newtera/http_client.py`) extracted
//! from a urllib3 pool manager.

use std::time::Duration;

use newtera::NewteraBuilder;
use newtera::transport::ProxyConfig;
use newtera::transport::retry::RetryConfig;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The transport options the `http_client` mapping produces; every key is
/// optional.
///
/// | key | type | builder setting |
/// |---|---|---|
/// | `proxy` | str, an `http://` URL | [`NewteraBuilder::proxy`] (all destinations) |
/// | `proxy_user`, `proxy_password` | str | `Proxy-Authorization: Basic` |
/// | `max_attempts` | int ≥ 1 (1 = no retries) | [`RetryConfig::max_attempts`] |
/// | `base_delay`, `max_delay` | float seconds | the backoff's start and cap |
/// | `connect_timeout`, `read_timeout`, `operation_timeout` | float seconds | the timeouts of the same names |
/// | `ca_pem` | bytes | an extra trusted CA |
/// | `insecure` | bool | TLS verification off |
/// | `pool_size` | int | idle connections kept per host |
pub(crate) fn apply(mut b: NewteraBuilder, opts: &Bound<'_, PyDict>) -> PyResult<NewteraBuilder> {
    if let Some(url) = item::<String>(opts, "proxy")? {
        let mut proxy = ProxyConfig::all(url);
        if let Some(user) = item::<String>(opts, "proxy_user")? {
            let password = item::<String>(opts, "proxy_password")?.unwrap_or_default();
            proxy = proxy.basic_auth(user, password);
        }
        b = b.proxy(proxy);
    }
    b = b.retry(retry(opts)?);
    if let Some(t) = seconds(opts, "connect_timeout")? {
        b = b.connect_timeout(t);
    }
    if let Some(t) = seconds(opts, "read_timeout")? {
        b = b.read_timeout(t);
    }
    if let Some(t) = seconds(opts, "operation_timeout")? {
        b = b.operation_timeout(t);
    }
    if let Some(pem) = item::<Vec<u8>>(opts, "ca_pem")? {
        b = b.add_root_certificate_pem(pem);
    }
    if item::<bool>(opts, "insecure")?.unwrap_or(false) {
        b = b.danger_accept_invalid_certs(true);
    }
    if let Some(n) = item::<usize>(opts, "pool_size")? {
        b = b.pool_max_idle_per_host(n);
    }
    Ok(b)
}

fn retry(opts: &Bound<'_, PyDict>) -> PyResult<RetryConfig> {
    let mut retry = RetryConfig::default();
    if let Some(n) = item::<u32>(opts, "max_attempts")? {
        if n == 0 {
            return Err(PyValueError::new_err("max_attempts must be at least 1"));
        }
        retry = retry.max_attempts(n);
    }
    if let Some(d) = seconds(opts, "base_delay")? {
        retry = retry.base_delay(d);
    }
    if let Some(d) = seconds(opts, "max_delay")? {
        retry = retry.max_delay(d);
    }
    Ok(retry)
}

fn item<'py, T: FromPyObject<'py>>(opts: &Bound<'py, PyDict>, key: &str) -> PyResult<Option<T>> {
    match opts.get_item(key)? {
        Some(v) if !v.is_none() => v.extract().map(Some),
        _ => Ok(None),
    }
}

/// A duration in seconds: finite and not negative.
fn seconds(opts: &Bound<'_, PyDict>, key: &str) -> PyResult<Option<Duration>> {
    item::<f64>(opts, key)?
        .map(|s| {
            Duration::try_from_secs_f64(s).map_err(|_| {
                PyValueError::new_err(format!("{key} must be a number of seconds ≥ 0"))
            })
        })
        .transpose()
}
