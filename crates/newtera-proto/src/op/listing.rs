//! The streaming decoder for `ListBucketResult` (ListObjects V1 and V2).

use std::borrow::Cow;

use crate::encode::{decode_url, is_raw_text};
use crate::error::Error;
use crate::op::common::{parse_bool, parse_u64};
use crate::op::list::{KeyEncoding, ListObjectsOutput};
use crate::types::{
    ChecksumAlgorithm, ChecksumType, CommonPrefix, Object, Owner, StorageClass, Timestamp,
};
use crate::xml::{Visit, visit};

/// Whether to URL-decode a listing's keys, prefixes and markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UrlDecoding {
    /// Decode when the body says `<EncodingType>url</EncodingType>` (AWS,
    /// Garage, MinIO).
    #[default]
    FromResponse,
    /// Never decode. For servers that echo `EncodingType` without encoding
    /// anything: s3s-fs 0.14 does, so a key `a+b` would turn into `a b`.
    Never,
}

/// Decodes a `ListBucketResult` body of either version, URL-decoding as the
/// body says (what [`ListObjectsV2`](crate::op::list::ListObjectsV2) and
/// [`ListObjects`](crate::op::list::ListObjects) decoding does).
pub fn decode_listing(body: &[u8]) -> Result<ListObjectsOutput, Error> {
    decode_listing_with(body, UrlDecoding::FromResponse)
}

/// Decodes a `ListBucketResult` body with an explicit URL-decoding policy.
///
/// Streams over the body without building a tree (listings are the large,
/// hot documents); URL decoding runs at the end because `EncodingType` may
/// come after the keys (s3s writes it last).
pub fn decode_listing_with(body: &[u8], policy: UrlDecoding) -> Result<ListObjectsOutput, Error> {
    let mut builder = ListingBuilder::default();
    visit(body, |depth, event| builder.on(depth, event))?;
    if policy == UrlDecoding::Never {
        builder.url = false;
    }
    builder.finish()
}

/// Collects a listing from visitor events.
#[derive(Default)]
struct ListingBuilder {
    out: ListObjectsOutput,
    url: bool,
    saw_root: bool,
    object: Option<Object>,
    has_key: bool,
}

impl ListingBuilder {
    fn on(&mut self, depth: usize, event: Visit<'_>) -> Result<(), Error> {
        match (depth, event) {
            (1, Visit::Open(name)) => {
                if name != "ListBucketResult" {
                    return Err(Error::xml("expected root element `ListBucketResult`"));
                }
                self.saw_root = true;
            }
            (2, Visit::Open("Contents")) => {
                self.object = Some(empty_object());
                self.has_key = false;
            }
            (2, Visit::Leaf("Contents", _) | Visit::Close("Contents")) => self.finish_object()?,
            (2, Visit::Leaf(name, text)) => self.root_field(name, &text)?,
            (3, Visit::Leaf("Prefix", text)) => {
                self.out.common_prefixes.push(CommonPrefix {
                    prefix: text.into_owned(),
                });
            }
            (3, Visit::Open("Owner")) => {
                if let Some(object) = &mut self.object {
                    object.owner = Some(Owner::default());
                }
            }
            (3, Visit::Leaf(name, text)) => self.object_field(name, text)?,
            (4, Visit::Leaf(name, text)) => self.owner_field(name, text),
            _ => {}
        }
        Ok(())
    }

    fn root_field(&mut self, name: &str, text: &str) -> Result<(), Error> {
        let out = &mut self.out;
        let owned = || (!text.is_empty()).then(|| text.to_owned());
        match name {
            "Name" => out.name = text.to_owned(),
            "Prefix" => out.prefix = owned(),
            "Delimiter" => out.delimiter = owned(),
            "MaxKeys" => out.max_keys = opt_number("MaxKeys", text)?,
            "IsTruncated" => out.is_truncated = parse_bool("IsTruncated", text)?,
            "KeyCount" => out.key_count = opt_number("KeyCount", text)?,
            "ContinuationToken" => out.continuation_token = owned(),
            "NextContinuationToken" => out.next_continuation_token = owned(),
            "StartAfter" => out.start_after = owned(),
            "Marker" => out.marker = owned(),
            "NextMarker" => out.next_marker = owned(),
            "EncodingType" => self.url = text.eq_ignore_ascii_case("url"),
            _ => {}
        }
        Ok(())
    }

    fn object_field(&mut self, name: &str, text: Cow<'_, str>) -> Result<(), Error> {
        let Some(object) = &mut self.object else {
            return Ok(());
        };
        match name {
            "Key" => {
                object.key = text.into_owned();
                self.has_key = true;
            }
            "Size" => object.size = parse_u64("Size", &text)?,
            "ETag" if !text.is_empty() => object.etag = Some(text.into_owned()),
            "LastModified" if !text.is_empty() => {
                object.last_modified = Some(Timestamp::parse(&text)?)
            }
            "StorageClass" if !text.is_empty() => {
                object.storage_class = Some(StorageClass::parse(&text))
            }
            "ChecksumAlgorithm" => object
                .checksum_algorithms
                .push(ChecksumAlgorithm::parse(&text)),
            "ChecksumType" if !text.is_empty() => {
                object.checksum_type = Some(ChecksumType::parse(&text))
            }
            _ => {}
        }
        Ok(())
    }

    fn owner_field(&mut self, name: &str, text: Cow<'_, str>) {
        let Some(owner) = self.object.as_mut().and_then(|o| o.owner.as_mut()) else {
            return;
        };
        let value = (!text.is_empty()).then(|| text.into_owned());
        match name {
            "ID" => owner.id = value,
            "DisplayName" => owner.display_name = value,
            _ => {}
        }
    }

    fn finish_object(&mut self) -> Result<(), Error> {
        let object = self
            .object
            .take()
            .ok_or_else(|| Error::xml("unbalanced Contents"))?;
        if !self.has_key {
            return Err(Error::MissingField("Key"));
        }
        self.out.objects.push(object);
        Ok(())
    }

    /// Applies URL decoding once every element has been seen, unless a
    /// value proves the server did not encode (see [`KeyEncoding`]).
    fn finish(mut self) -> Result<ListObjectsOutput, Error> {
        if !self.saw_root {
            return Err(Error::xml("expected root element `ListBucketResult`"));
        }
        self.out.next_marker_as_sent = self.out.next_marker.clone();
        self.out.key_encoding = if !self.url {
            KeyEncoding::Plain
        } else if self.any_raw_value() {
            KeyEncoding::UrlIgnored
        } else {
            self.decode_all()?
        };
        Ok(self.out)
    }

    /// The listed names `encoding-type=url` covers, as the server wrote
    /// them: keys and common prefixes. They alone decide how the page was
    /// written.
    fn names(&mut self) -> impl Iterator<Item = &mut String> {
        let out = &mut self.out;
        out.objects
            .iter_mut()
            .map(|o| &mut o.key)
            .chain(out.common_prefixes.iter_mut().map(|p| &mut p.prefix))
    }

    /// The echoed request values and markers. Ceph RGW encodes the names
    /// but sends `Marker` and `NextMarker` raw, so each of these is decoded
    /// only when it does not prove itself raw.
    fn echoes(&mut self) -> impl Iterator<Item = &mut String> {
        let out = &mut self.out;
        [
            &mut out.prefix,
            &mut out.delimiter,
            &mut out.start_after,
            &mut out.marker,
            &mut out.next_marker,
        ]
        .into_iter()
        .flatten()
    }

    fn any_raw_value(&mut self) -> bool {
        self.names().any(|v| is_raw_text(v))
    }

    fn decode_all(&mut self) -> Result<KeyEncoding, Error> {
        let mut changed = false;
        for value in self.names() {
            // Without `%` or `+` decoding changes nothing (and the value
            // is already UTF-8): no copy.
            if !value.contains(['%', '+']) {
                continue;
            }
            let decoded = decode_url(value)?;
            changed |= decoded != *value;
            *value = decoded;
        }
        for value in self.echoes() {
            if !is_raw_text(value) {
                *value = decode_url(value)?;
            }
        }
        Ok(if changed {
            KeyEncoding::UrlDecoded
        } else {
            KeyEncoding::UrlVerbatim
        })
    }
}

fn empty_object() -> Object {
    Object {
        key: String::new(),
        size: 0,
        etag: None,
        last_modified: None,
        storage_class: None,
        owner: None,
        checksum_algorithms: Vec::new(),
        checksum_type: None,
    }
}

fn opt_number(field: &'static str, text: &str) -> Result<Option<u64>, Error> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_u64(field, text).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ceph RGW: keys encoded under `EncodingType=url`, `NextMarker` raw.
    #[test]
    fn encoded_names_with_a_raw_next_marker_read_right() {
        let body = page(&["a%20b", "a%2Bb"], "a+b");
        let out = decode_listing(&body).unwrap();
        let keys: Vec<&str> = out.objects.iter().map(|o| o.key.as_str()).collect();
        assert_eq!(keys, ["a b", "a+b"]);
        assert_eq!(out.next_marker_v1().as_deref(), Some("a+b"));
        let body = page(&["a%20b"], "a b");
        let out = decode_listing(&body).unwrap();
        assert_eq!(out.objects[0].key, "a b");
        assert_eq!(
            out.next_marker.as_deref(),
            Some("a b"),
            "a raw marker is kept"
        );
        assert_eq!(out.next_marker_v1().as_deref(), Some("a b"));
        // The key `p%2Bx`, encoded; the raw marker would decode to `p+x`,
        // past keys not listed yet.
        let body = page(&["p%252Bx"], "p%2Bx");
        let out = decode_listing(&body).unwrap();
        assert_eq!(out.objects[0].key, "p%2Bx");
        assert_eq!(out.next_marker_v1().as_deref(), Some("p%2Bx"));
        // A marker past a common prefix (Garage) is followed.
        let body = page(&["a"], "a0");
        assert_eq!(
            decode_listing(&body).unwrap().next_marker_v1().as_deref(),
            Some("a0")
        );
    }

    fn page(keys: &[&str], next_marker: &str) -> Vec<u8> {
        let contents: String = keys
            .iter()
            .map(|k| format!("<Contents><Key>{k}</Key><Size>1</Size></Contents>"))
            .collect();
        format!(
            "<ListBucketResult><Name>b</Name><IsTruncated>true</IsTruncated>{contents}\
             <NextMarker>{next_marker}</NextMarker><EncodingType>url</EncodingType></ListBucketResult>"
        )
        .into_bytes()
    }

    #[test]
    fn a_value_no_encoder_writes_keeps_the_whole_page_raw() {
        // s3s-fs: the claim is false, and `p%x/1` (a stray `%`) proves it,
        // so `p+x/1` and the marker stay as sent.
        for (keys, marker) in [
            (&["p%x/1", "p+x/1"][..], "p+x/1"),
            (&["p x/1", "p+x/1"][..], "p+x/1"),
            (&["dir ü+%/a"][..], "dir ü+%/a"),
            (&["tab\t+"][..], "tab\t+"),
        ] {
            let out = decode_listing(&page(keys, marker)).unwrap();
            assert_eq!(out.key_encoding, KeyEncoding::UrlIgnored, "{keys:?}");
            let got: Vec<&str> = out.objects.iter().map(|o| o.key.as_str()).collect();
            assert_eq!(got, keys);
            assert_eq!(out.next_marker.as_deref(), Some(marker));
        }
    }

    #[test]
    fn an_encoded_page_is_decoded_and_says_so() {
        let out = decode_listing(&page(
            &["p+x/1", "p%2Bx/1", "dir+%C3%BC%2B%25/a"],
            "p%2Bx/1",
        ))
        .unwrap();
        assert_eq!(out.key_encoding, KeyEncoding::UrlDecoded);
        let got: Vec<&str> = out.objects.iter().map(|o| o.key.as_str()).collect();
        assert_eq!(got, ["p x/1", "p+x/1", "dir ü+%/a"]);
        assert_eq!(out.next_marker.as_deref(), Some("p+x/1"));
        let out = decode_listing(&page(&["plain/1"], "plain/1")).unwrap();
        assert_eq!(out.key_encoding, KeyEncoding::UrlVerbatim);
    }
}
