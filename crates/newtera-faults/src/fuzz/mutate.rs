//! The mutations: byte-level (flips, inserts, deletes, splices) and
//! XML-aware (deep nesting, huge text, odd entities, junk tags), stacked
//! one to four at a time.

use super::rng::Rng;

/// Inputs never grow past this, so one case stays fast.
const MAX_INPUT: usize = 4 << 20;

/// Bytes that matter to an XML parser.
const INTERESTING: &[u8] = b"<>/&;\"'=?!-[]\0\xff\xfe\xef\xbb\xbf \t\r\n";

/// Fragments that stress the parser and the decoders' text handling.
const FRAGMENTS: &[&str] = &[
    "&amp;",
    "&lt;",
    "&#x110000;",
    "&#xD800;",
    "&#99999999999;",
    "&unknown;",
    "<![CDATA[",
    "]]>",
    "<!-- -->",
    "<!DOCTYPE a [<!ENTITY b \"&b;&b;\">]>",
    "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    "<Key></Key>",
    "<Size>18446744073709551616</Size>",
    "<Size>-1</Size>",
    "<IsTruncated>maybe</IsTruncated>",
    "<LastModified>9999-99-99T99:99:99Z</LastModified>",
    "<PartNumber>0</PartNumber>",
    "<Contents>",
    "</Contents>",
    "<Error><Code>SlowDown</Code></Error>",
    "xmlns:x=\"urn:x\"",
    "\u{feff}",
    "\u{202e}",
];

/// Returns a mutated copy of `input`, sometimes spliced with `other`.
pub(crate) fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..=rng.below(4) {
        apply(rng, &mut data, other);
        data.truncate(MAX_INPUT);
    }
    data
}

fn apply(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    match rng.below(12) {
        0 => flip_bit(rng, data),
        1 => set_interesting(rng, data),
        2 => delete_range(rng, data),
        3 => insert_random(rng, data),
        4 => duplicate_range(rng, data),
        5 => splice(rng, data, other),
        6 => truncate(rng, data),
        7 => nest(rng, data),
        8 => huge_text(rng, data),
        9 => insert_fragment(rng, data),
        10 => rename_tag(rng, data),
        _ => *data = random_bytes(rng),
    }
}

fn flip_bit(rng: &mut Rng, data: &mut [u8]) {
    if !data.is_empty() {
        let i = rng.below(data.len());
        data[i] ^= 1 << rng.below(8);
    }
}

fn set_interesting(rng: &mut Rng, data: &mut [u8]) {
    if !data.is_empty() {
        let i = rng.below(data.len());
        data[i] = *rng.pick(INTERESTING);
    }
}

fn delete_range(rng: &mut Rng, data: &mut Vec<u8>) {
    if !data.is_empty() {
        let start = rng.below(data.len());
        let end = (start + 1 + rng.below(64)).min(data.len());
        data.drain(start..end);
    }
}

fn insert_random(rng: &mut Rng, data: &mut Vec<u8>) {
    let at = rng.below(data.len() + 1);
    let bytes: Vec<u8> = (0..1 + rng.below(16)).map(|_| rng.byte()).collect();
    data.splice(at..at, bytes);
}

fn duplicate_range(rng: &mut Rng, data: &mut Vec<u8>) {
    if !data.is_empty() {
        let start = rng.below(data.len());
        let end = (start + 1 + rng.below(256)).min(data.len());
        let copy = data[start..end].to_vec();
        let at = rng.below(data.len() + 1);
        data.splice(at..at, copy);
    }
}

fn splice(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    let cut = rng.below(data.len() + 1);
    let from = rng.below(other.len() + 1);
    data.truncate(cut);
    data.extend_from_slice(&other[from..]);
}

fn truncate(rng: &mut Rng, data: &mut Vec<u8>) {
    let at = rng.below(data.len() + 1);
    data.truncate(at);
}

/// Wraps the document (or a random point of it) in up to 5,000 levels of
/// elements: the decoders must not recurse without bound.
fn nest(rng: &mut Rng, data: &mut Vec<u8>) {
    let depth = 1 + rng.below(5_000);
    let name: &[u8] = if rng.below(2) == 0 { b"a" } else { b"Contents" };
    let open: Vec<u8> = (0..depth)
        .flat_map(|_| [b"<", name, b">"].concat())
        .collect();
    let close: Vec<u8> = if rng.below(3) == 0 {
        Vec::new()
    } else {
        (0..depth)
            .flat_map(|_| [b"</", name, b">"].concat())
            .collect()
    };
    let at = rng.below(data.len() + 1);
    let tail = data.split_off(at);
    data.extend_from_slice(&open);
    data.extend_from_slice(&close);
    data.extend_from_slice(&tail);
}

fn huge_text(rng: &mut Rng, data: &mut Vec<u8>) {
    let len = 1 + rng.below(256 << 10);
    let fill = *rng.pick(b"x9 &<");
    let at = rng.below(data.len() + 1);
    data.splice(at..at, std::iter::repeat_n(fill, len));
}

fn insert_fragment(rng: &mut Rng, data: &mut Vec<u8>) {
    let fragment = rng.pick(FRAGMENTS).as_bytes();
    let at = rng.below(data.len() + 1);
    data.splice(at..at, fragment.iter().copied());
}

/// Replaces the name after a random `<` with junk.
fn rename_tag(rng: &mut Rng, data: &mut Vec<u8>) {
    let opens: Vec<usize> = data
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'<')
        .map(|(i, _)| i + 1)
        .collect();
    if opens.is_empty() {
        return;
    }
    let at = *rng.pick(&opens);
    let junk: Vec<u8> = (0..1 + rng.below(8))
        .map(|_| *rng.pick(b"abcXYZ:_-.0\xc3\xa9"))
        .collect();
    data.splice(at..at, junk);
}

fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    (0..rng.below(512)).map(|_| rng.byte()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_are_deterministic_and_bounded() {
        let seed = b"<ListBucketResult><Contents><Key>a</Key></Contents></ListBucketResult>";
        let run = |s| {
            let mut rng = Rng::new(s);
            (0..200)
                .map(|_| mutate(&mut rng, seed, b"<Error/>"))
                .collect::<Vec<_>>()
        };
        let (a, b) = (run(7), run(7));
        assert_eq!(a, b);
        assert!(a.iter().all(|m| m.len() <= MAX_INPUT));
        assert!(a.iter().any(|m| m.as_slice() != seed.as_slice()));
    }
}
