//! Text from servers (keys, metadata, error messages) made safe for a
//! terminal: control characters (C0, DEL, C1, so no ESC sequence reaches
//! the terminal) and the invisible characters that reorder or hide text
//! (bidirectional overrides and isolates, zero-width marks, line and
//! paragraph separators, the byte-order mark) are shown as `\u{…}`.
//! `--json` output is not escaped here: JSON strings carry the exact text.

use std::borrow::Cow;

/// Characters that change how the text around them is displayed without
/// being visible themselves (Unicode `Bidi_Control`, zero-width and
/// separator characters).
const INVISIBLE: &[char] = &[
    '\u{061C}', // Arabic letter mark
    '\u{200B}', '\u{200C}', '\u{200D}', // zero-width space, non-joiner, joiner
    '\u{200E}', '\u{200F}', // left-to-right and right-to-left marks
    '\u{2028}', '\u{2029}', // line and paragraph separators
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', // embeddings and overrides
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', // isolates
    '\u{FEFF}', // byte-order mark
];

/// Whether `c` must not reach a terminal as is.
fn unsafe_char(c: char) -> bool {
    c.is_control() || INVISIBLE.contains(&c)
}

/// `text` with every unsafe character written as `\u{…}` (and `\` as `\\`
/// when anything was escaped, so the result reads back unambiguously).
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if unsafe_char(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Asks `question` at the terminal and reads a yes; `false` without asking
/// when stdin is not a terminal (scripts must say `--force`).
pub(crate) fn ask(question: &str) -> crate::error::CliResult<bool> {
    use crate::error::Context as _;
    use std::io::{BufRead, IsTerminal, Write};
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Ok(false);
    }
    eprint!("{} [y/N] ", escape(question));
    std::io::stderr().flush().context("stderr")?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer).context("stdin")?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped() {
        for (raw, shown) in [
            ("red\u{1b}[31mkey", "red\\u{1b}[31mkey"),
            ("a\nb\rc\td", "a\\u{a}b\\u{d}c\\u{9}d"),
            (
                "bell\u{7}del\u{7f}c1\u{9b}",
                "bell\\u{7}del\\u{7f}c1\\u{9b}",
            ),
            ("invoice\u{202E}fdp.exe", "invoice\\u{202e}fdp.exe"),
            ("iso\u{2066}late\u{2069}", "iso\\u{2066}late\\u{2069}"),
            ("zero\u{200B}width\u{FEFF}", "zero\\u{200b}width\\u{feff}"),
            ("back\\slash\u{1b}", "back\\\\slash\\u{1b}"),
        ] {
            assert_eq!(escape(raw), shown, "{raw:?}");
        }
        for plain in ["photos/2024/été 🦀.jpg", "back\\slash", "a+b%20c", ""] {
            assert!(matches!(escape(plain), Cow::Borrowed(_)), "{plain:?}");
        }
    }
}
