//! Entity tags as HTTP carries them (RFC 9110 §8.8.3).

use std::fmt;

/// An entity tag: its opaque value and whether it is weak (`W/"…"`).
///
/// [`ETag::parse`] is total over what servers send: `"abc"`, `W/"abc"`,
/// and unquoted `abc` (some servers drop the quotes). [`ETag::header_value`]
/// writes it back in the form `If-Match` and friends need, and
/// [`fmt::Display`] shows the bare value of a strong tag (what S3 clients
/// print) and the full `W/"abc"` of a weak one, so the two never look alike.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ETag {
    value: String,
    weak: bool,
}

impl ETag {
    /// A strong tag with this opaque value (no quotes).
    pub fn strong(value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            weak: false,
        }
    }

    /// A weak tag with this opaque value (no quotes).
    pub fn weak(value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            weak: true,
        }
    }

    /// Reads a header or XML value: surrounding whitespace and one pair of
    /// quotes are removed, a leading `W/` makes it weak.
    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        let (weak, rest) = match text.strip_prefix("W/") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let value = rest
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .unwrap_or(rest);
        Self {
            value: value.to_owned(),
            weak,
        }
    }

    /// [`ETag::parse`] of an owned value: the common forms (`"abc"`, `abc`)
    /// keep its allocation.
    pub fn parse_owned(mut text: String) -> Self {
        if text.starts_with("W/") || text.trim().len() != text.len() {
            return Self::parse(&text);
        }
        if text.len() >= 2 && text.starts_with('"') && text.ends_with('"') {
            text.pop();
            text.remove(0);
        }
        Self {
            value: text,
            weak: false,
        }
    }

    /// The opaque value, without quotes or `W/`.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Whether the tag is weak: it names equivalent content, not the same
    /// bytes, so it cannot pin byte ranges (`If-Match` compares strongly).
    pub fn is_weak(&self) -> bool {
        self.weak
    }

    /// Whether there is no tag (a server that sent none).
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// The header form: `"abc"` or `W/"abc"`.
    pub fn header_value(&self) -> String {
        let prefix = if self.weak { "W/" } else { "" };
        format!("{prefix}\"{}\"", self.value)
    }
}

impl fmt::Display for ETag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.weak {
            write!(f, "W/\"{}\"", self.value)
        } else {
            f.write_str(&self.value)
        }
    }
}

/// Compares the opaque value of a strong tag with a bare string.
impl PartialEq<str> for ETag {
    fn eq(&self, other: &str) -> bool {
        !self.weak && self.value == other
    }
}

impl PartialEq<&str> for ETag {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_owned_agrees_with_parse() {
        for text in [
            "\"abc\"",
            "abc",
            "W/\"abc\"",
            " \"abc\" ",
            "\"",
            "\"\"",
            "",
            "\"a",
            "a\"",
            "W/abc",
            "\"abc-12\"",
        ] {
            assert_eq!(
                ETag::parse_owned(text.to_owned()),
                ETag::parse(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn strong_weak_and_unquoted_tags() {
        let cases = [
            ("\"abc\"", "abc", false, "\"abc\"", "abc"),
            ("W/\"abc\"", "abc", true, "W/\"abc\"", "W/\"abc\""),
            (" abc ", "abc", false, "\"abc\"", "abc"),
            ("W/abc", "abc", true, "W/\"abc\"", "W/\"abc\""),
            ("\"abc-2\"", "abc-2", false, "\"abc-2\"", "abc-2"),
            ("\"\"", "", false, "\"\"", ""),
            ("\"a\"b\"", "a\"b", false, "\"a\"b\"", "a\"b"),
        ];
        for (text, value, weak, header, shown) in cases {
            let tag = ETag::parse(text);
            assert_eq!((tag.as_str(), tag.is_weak()), (value, weak), "{text}");
            assert_eq!(tag.header_value(), header, "{text}");
            assert_eq!(tag.to_string(), shown, "{text}");
            assert_eq!(ETag::parse(&tag.header_value()), tag, "round trip {text}");
        }
        assert!(
            ETag::parse("W/\"abc\"") != "abc",
            "weak never equals a bare value"
        );
    }
}
