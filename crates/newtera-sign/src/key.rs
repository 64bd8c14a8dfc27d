//! Signing-key derivation and a small cache of derived keys.

use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::{PoisonError, RwLock};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// HMAC-SHA256 of `data` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        // HMAC pads or hashes keys of every length, so this arm is dead.
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    };
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// Lower-case hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex_lower(&Sha256::digest(data))
}

/// Lower-case hex of `bytes`. `hex::encode` goes through a `char`
/// iterator, which profiles showed at ~10 % of a small request's CPU (three
/// digests per signed request); this writes the digits directly.
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    write_hex_lower(bytes, &mut out);
    out
}

/// Appends `bytes` in lower-case hex to `out`.
#[allow(
    clippy::indexing_slicing,
    reason = "a nibble (b >> 4, b & 0x0f) is always below 16, the table's length"
)]
pub(crate) fn write_hex_lower(bytes: &[u8], out: &mut String) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
}

/// The derived SigV4 signing key of one (secret, date, region, service).
///
/// Its `Debug` does not print the key bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SigningKey([u8; 32]);

impl SigningKey {
    /// Derives `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    pub fn derive(secret: &str, date_stamp: &str, region: &str, service: &str) -> Self {
        let mut seed = Vec::with_capacity(secret.len() + 4);
        seed.extend_from_slice(b"AWS4");
        seed.extend_from_slice(secret.as_bytes());
        let k_date = hmac_sha256(&seed, date_stamp.as_bytes());
        let k_region = hmac_sha256(&k_date, region.as_bytes());
        let k_service = hmac_sha256(&k_region, service.as_bytes());
        Self(hmac_sha256(&k_service, b"aws4_request"))
    }

    /// The lower-case hex HMAC of `string_to_sign`: a SigV4 signature.
    pub fn sign(&self, string_to_sign: &str) -> String {
        hex_lower(&hmac_sha256(&self.0, string_to_sign.as_bytes()))
    }

    /// The raw key bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(***)")
    }
}

/// How many derived keys a cache keeps; a client rarely talks to more than
/// a few (region, service) pairs per day.
const CAPACITY: usize = 8;

/// One cached key. The secret is kept only as a keyed 64-bit hash (the
/// cache's own random SipHash key), so the cache never holds, prints or
/// leaks the secret itself; hashing it costs a fraction of a SHA-256 on
/// every request.
struct Entry {
    secret_hash: u64,
    date: String,
    region: String,
    service: String,
    key: SigningKey,
}

/// A `Send + Sync` cache of derived signing keys keyed by
/// (secret, date, region, service), saving four HMACs per request.
///
/// It holds at most 8 keys and evicts the oldest; share it through an
/// `Arc` and pass it to [`SigningParamsBuilder::key_cache`](crate::SigningParamsBuilder::key_cache).
#[derive(Default)]
pub struct SigningKeyCache {
    entries: RwLock<Vec<Entry>>,
    hasher: RandomState,
}

impl SigningKeyCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The key for these inputs, derived once and then served from the cache.
    pub fn get(&self, secret: &str, date: &str, region: &str, service: &str) -> SigningKey {
        let secret_hash = self.hasher.hash_one(secret);
        let matches = |e: &&Entry| {
            e.secret_hash == secret_hash
                && e.date == date
                && e.region == region
                && e.service == service
        };
        // A panic elsewhere while holding the lock leaves only plain data
        // behind, so a poisoned lock is safe to keep using. Hits (nearly
        // every request) share the read lock.
        let entries = self.entries.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(entry) = entries.iter().find(matches) {
            return entry.key;
        }
        drop(entries);
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(entry) = entries.iter().find(matches) {
            return entry.key;
        }
        let key = SigningKey::derive(secret, date, region, service);
        if entries.len() == CAPACITY {
            entries.remove(0);
        }
        entries.push(Entry {
            secret_hash,
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            key,
        });
        key
    }

    /// How many keys are cached now.
    pub fn len(&self) -> usize {
        self.entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKeyCache")
            .field("len", &self.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_lower_matches_the_hex_crate() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(hex_lower(&bytes), hex::encode(&bytes));
        assert_eq!(sha256_hex(b""), crate::EMPTY_SHA256);
    }

    #[test]
    fn cache_matches_derivation_and_evicts() {
        let cache = SigningKeyCache::new();
        let direct = SigningKey::derive("s", "20130524", "us-east-1", "s3");
        assert_eq!(cache.get("s", "20130524", "us-east-1", "s3"), direct);
        assert_eq!(cache.get("s", "20130524", "us-east-1", "s3"), direct);
        assert_eq!(cache.len(), 1);
        assert_ne!(cache.get("t", "20130524", "us-east-1", "s3"), direct);
        for day in 0..10 {
            cache.get("s", &format!("201305{day:02}"), "us-east-1", "s3");
        }
        assert_eq!(cache.len(), CAPACITY);
        assert!(!format!("{cache:?}{direct:?}").contains("s3"));
    }
}
