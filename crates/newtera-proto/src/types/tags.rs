//! Object and bucket tags: a validated set of key/value pairs (S3 API
//! reference: PutObjectTagging, PutBucketTagging, the `x-amz-tagging`
//! header of PutObject and CopyObject; S3 User Guide, "Categorizing your
//! storage using tags").

use std::collections::BTreeMap;

use crate::encode::encode_query;
use crate::error::Error;
use crate::op::common::parse_root;
use crate::xml::XmlWriter;

/// The most tags an object may carry.
pub const MAX_OBJECT_TAGS: usize = 10;
/// The most tags a bucket may carry.
pub const MAX_BUCKET_TAGS: usize = 50;
/// The longest tag key, in Unicode characters.
pub const MAX_TAG_KEY_CHARS: usize = 128;
/// The longest tag value, in Unicode characters.
pub const MAX_TAG_VALUE_CHARS: usize = 256;

/// What the tags are for: the count limit differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagTarget {
    /// At most [`MAX_OBJECT_TAGS`] tags.
    Object,
    /// At most [`MAX_BUCKET_TAGS`] tags.
    Bucket,
}

impl TagTarget {
    /// The most tags this target may carry.
    pub fn limit(self) -> usize {
        match self {
            Self::Object => MAX_OBJECT_TAGS,
            Self::Bucket => MAX_BUCKET_TAGS,
        }
    }
}

/// A set of tags: unique, case-sensitive keys of 1 to 128 characters, each
/// with a value of 0 to 256 characters, kept in key order.
///
/// [`Tags::insert`] checks each pair; the count limit (10 per object, 50
/// per bucket) is checked by [`Tags::check`], which every request that
/// sends tags calls before anything is sent. Tags read from a server are
/// kept as the server sent them.
///
/// ```
/// use newtera_proto::types::{TagTarget, Tags};
///
/// let mut tags = Tags::new();
/// tags.insert("project", "blue sky")?;
/// tags.insert("owner", "a&b")?;
/// tags.check(TagTarget::Object)?;
/// assert_eq!(tags.to_query_string(), "owner=a%26b&project=blue%20sky");
/// # Ok::<(), newtera_proto::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags {
    map: BTreeMap<String, String>,
}

impl Tags {
    /// No tags.
    pub fn new() -> Self {
        Self::default()
    }

    /// Tags from pairs, each checked as by [`Tags::insert`]; a repeated
    /// key is an error.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for an empty or too long key, a too long
    /// value, or a key given twice.
    pub fn from_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Result<Self, Error>
    where
        K: Into<String>,
        V: Into<String>,
    {
        let mut tags = Self::new();
        for (key, value) in pairs {
            let key = key.into();
            if tags.map.contains_key(&key) {
                return Err(Error::InvalidArgument(format!(
                    "the tag key {key:?} is given twice"
                )));
            }
            tags.insert(key, value)?;
        }
        Ok(tags)
    }

    /// Sets `key` to `value`, replacing an earlier value of the same key.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for an empty key, a key over 128
    /// characters, a value over 256 characters, or a control character
    /// XML cannot carry (U+0000–U+001F but tab, line feed and carriage
    /// return).
    pub fn insert(
        &mut self,
        key: impl Into<String>,
        value: impl Into<String>,
    ) -> Result<(), Error> {
        let (key, value) = (key.into(), value.into());
        check_pair(&key, &value)?;
        self.map.insert(key, value);
        Ok(())
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.map.remove(key)
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.map.get(key).map(String::as_str)
    }

    /// The pairs in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.map.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// How many tags.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Checks the count limit of `target` and every pair (tags read from a
    /// server are not checked on the way in).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] naming the broken limit.
    pub fn check(&self, target: TagTarget) -> Result<(), Error> {
        if self.map.len() > target.limit() {
            let what = match target {
                TagTarget::Object => "an object",
                TagTarget::Bucket => "a bucket",
            };
            return Err(Error::InvalidArgument(format!(
                "{} tags, but {what} may carry at most {}",
                self.map.len(),
                target.limit()
            )));
        }
        self.map.iter().try_for_each(|(k, v)| check_pair(k, v))
    }

    /// The URL query form the `x-amz-tagging` header of PutObject,
    /// CreateMultipartUpload and CopyObject takes: `key=value` pairs joined
    /// by `&`, each key and value percent-encoded (every byte but
    /// `A-Za-z0-9-._~`). Check the tags with [`Tags::check`] first.
    pub fn to_query_string(&self) -> String {
        self.map
            .iter()
            .map(|(k, v)| format!("{}={}", encode_query(k), encode_query(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The `<Tagging>` request body of PutObjectTagging and
    /// PutBucketTagging.
    pub fn to_xml(&self) -> String {
        let mut w = XmlWriter::new("Tagging");
        w.open("TagSet");
        for (key, value) in &self.map {
            w.open("Tag");
            w.leaf("Key", key);
            w.leaf("Value", value);
            w.close("Tag");
        }
        w.close("TagSet");
        w.finish("Tagging")
    }

    /// Reads a `<Tagging>` document (GetObjectTagging, GetBucketTagging).
    ///
    /// # Errors
    ///
    /// A malformed document, or a `<Tag>` without a `<Key>`.
    pub fn from_xml(body: &[u8]) -> Result<Self, Error> {
        let root = parse_root(body, "Tagging")?;
        let mut map = BTreeMap::new();
        for set in root.children("TagSet") {
            for tag in set.children("Tag") {
                let key = tag.required("Key")?.to_owned();
                let value = tag.text_of("Value").unwrap_or_default().to_owned();
                map.insert(key, value);
            }
        }
        Ok(Self { map })
    }
}

impl<'a> IntoIterator for &'a Tags {
    type Item = (&'a String, &'a String);
    type IntoIter = std::collections::btree_map::Iter<'a, String, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.map.iter()
    }
}

fn check_pair(key: &str, value: &str) -> Result<(), Error> {
    if key.is_empty() {
        return Err(Error::InvalidArgument("an empty tag key".into()));
    }
    let key_chars = key.chars().count();
    if key_chars > MAX_TAG_KEY_CHARS {
        return Err(Error::InvalidArgument(format!(
            "a tag key of {key_chars} characters (at most {MAX_TAG_KEY_CHARS})"
        )));
    }
    // Tags travel in a `<Tagging>` body (and are read back from one): a
    // character XML 1.0 cannot carry gets the server's MalformedXML.
    for (what, text) in [("key", key), ("value", value)] {
        if !crate::op::delete::fits_in_xml(text) {
            return Err(Error::InvalidArgument(format!(
                "the tag {what} {text:?} holds a control character XML cannot carry"
            )));
        }
    }
    let value_chars = value.chars().count();
    if value_chars > MAX_TAG_VALUE_CHARS {
        return Err(Error::InvalidArgument(format!(
            "the value of the tag {key:?} has {value_chars} characters (at most {MAX_TAG_VALUE_CHARS})"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_checked_before_sending() {
        let mut tags = Tags::new();
        assert!(tags.insert("", "v").is_err());
        assert!(tags.insert("k".repeat(129), "v").is_err());
        assert!(
            tags.insert("é".repeat(128), "v").is_ok(),
            "characters, not bytes"
        );
        assert!(tags.insert("k", "v".repeat(257)).is_err());
        assert!(tags.insert("k", "ü".repeat(256)).is_ok());
        assert!(tags.insert("empty", "").is_ok());
        let eleven = Tags::from_pairs((0..11).map(|i| (format!("k{i}"), "v"))).unwrap();
        assert!(eleven.check(TagTarget::Object).is_err());
        assert!(eleven.check(TagTarget::Bucket).is_ok());
        let fifty_one = Tags::from_pairs((0..51).map(|i| (format!("k{i}"), "v"))).unwrap();
        assert!(fifty_one.check(TagTarget::Bucket).is_err());
        assert!(Tags::from_pairs([("a", "1"), ("a", "2")]).is_err());
        for (k, v) in [
            ("ctl\u{1}", "v"),
            ("k", "nul\u{0}"),
            ("k", "\u{fffe}"),
            ("\u{1f}", ""),
        ] {
            assert!(tags.insert(k, v).is_err(), "{k:?}={v:?}");
        }
        assert!(tags.insert("tab\tand\nlines\r", "ok\t").is_ok());
    }

    #[test]
    fn query_form_encodes_every_reserved_byte() {
        let tags = Tags::from_pairs([("a b", "x=y&z"), ("k+/", "é%")]).unwrap();
        assert_eq!(tags.to_query_string(), "a%20b=x%3Dy%26z&k%2B%2F=%C3%A9%25");
        assert_eq!(Tags::new().to_query_string(), "");
    }

    #[test]
    fn xml_round_trips_with_markup_in_values() {
        let tags = Tags::from_pairs([("<k>", "a&b\"c"), ("empty", ""), ("ü", "ß")]).unwrap();
        assert_eq!(Tags::from_xml(tags.to_xml().as_bytes()).unwrap(), tags);
        let ceph = br#"<?xml version="1.0"?><Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>k</Key><Value/></Tag></TagSet></Tagging>"#;
        assert_eq!(Tags::from_xml(ceph).unwrap().get("k"), Some(""));
        assert!(
            Tags::from_xml(b"<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>")
                .is_err()
        );
        assert!(Tags::from_xml(b"<Other/>").is_err());
    }
}
