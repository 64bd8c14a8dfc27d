//! The one pass over a response body: a pull loop over quick-xml events that
//! reports elements as open / leaf / close, with names and text borrowed
//! from the input whenever possible.
//!
//! Both the element tree ([`super::read`]) and the streaming listing decoder
//! are built on it, so limits and text rules live in one place.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, Event};

use crate::error::Error;

/// Deepest nesting accepted; S3 documents never exceed a handful of levels,
/// and a cap keeps hostile input from growing the stack of open elements.
pub(crate) const MAX_DEPTH: usize = 32;

/// What the visitor reports. `depth` passed alongside is 1 for the root.
#[derive(Debug)]
pub(crate) enum Visit<'a> {
    /// An element starts (every element, leaf or not).
    Open(&'a str),
    /// An element without child elements ends; its text, entities resolved.
    Leaf(&'a str, Cow<'a, str>),
    /// An element with child elements ends.
    Close(&'a str),
}

/// An open element on the stack.
struct Frame<'a> {
    name: &'a str,
    has_children: bool,
    text: Cow<'a, str>,
}

/// Walks `body` until its root element closes, calling `f` for each element
/// event with its depth. Fails on malformed XML, non-UTF-8 input, a missing
/// root, or nesting deeper than [`MAX_DEPTH`].
///
/// The body is checked to be UTF-8 once, up front (S3 sends nothing else);
/// every name and text chunk is then re-sliced from that `&str` in O(1).
pub(crate) fn visit<'a>(
    body: &'a [u8],
    mut f: impl FnMut(usize, Visit<'a>) -> Result<(), Error>,
) -> Result<(), Error> {
    let doc = std::str::from_utf8(body).map_err(|_| Error::xml("body is not UTF-8"))?;
    let mut reader = Reader::from_reader(body);
    let mut stack: Vec<Frame<'a>> = Vec::with_capacity(8);
    loop {
        match reader.read_event().map_err(|e| Error::xml(e.to_string()))? {
            Event::Start(start) => {
                let name = local_name(doc, &start)?;
                open(&mut stack, name)?;
                f(stack.len(), Visit::Open(name))?;
            }
            Event::Empty(start) => {
                let name = local_name(doc, &start)?;
                open(&mut stack, name)?;
                f(stack.len(), Visit::Open(name))?;
                if close(&mut stack, &mut f)? {
                    return Ok(());
                }
            }
            Event::End(_) => {
                if close(&mut stack, &mut f)? {
                    return Ok(());
                }
            }
            Event::Text(text) => push_text(&mut stack, reslice(doc, &text)?),
            Event::CData(data) => push_text(&mut stack, reslice(doc, &data)?),
            Event::GeneralRef(r) => push_char(&mut stack, resolve_ref(&r)?),
            Event::Eof => return Err(Error::xml("no complete root element")),
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

/// Pushes a new element, marking its parent as having children.
fn open<'a>(stack: &mut Vec<Frame<'a>>, name: &'a str) -> Result<(), Error> {
    if stack.len() >= MAX_DEPTH {
        return Err(Error::xml("nesting too deep"));
    }
    if let Some(parent) = stack.last_mut() {
        // Text before the first child was indentation, not content.
        parent.has_children = true;
        parent.text = Cow::Borrowed("");
    }
    stack.push(Frame {
        name,
        has_children: false,
        text: Cow::Borrowed(""),
    });
    Ok(())
}

/// Pops the innermost element and reports it; `true` once the root closed.
fn close<'a>(
    stack: &mut Vec<Frame<'a>>,
    f: &mut impl FnMut(usize, Visit<'a>) -> Result<(), Error>,
) -> Result<bool, Error> {
    let depth = stack.len();
    let frame = stack
        .pop()
        .ok_or_else(|| Error::xml("unbalanced end tag"))?;
    let event = if frame.has_children {
        Visit::Close(frame.name)
    } else {
        Visit::Leaf(frame.name, frame.text)
    };
    f(depth, event)?;
    Ok(stack.is_empty())
}

/// The part of `doc` that `bytes` (borrowed from the same input by the
/// slice reader) covers. quick-xml lends event bytes only for the event's
/// lifetime; re-slicing the input at the same offset gives a `&str` that
/// lives as long as the input, with no copy and no second UTF-8 check.
fn reslice<'a>(doc: &'a str, bytes: &[u8]) -> Result<&'a str, Error> {
    let offset = (bytes.as_ptr() as usize).wrapping_sub(doc.as_ptr() as usize);
    doc.get(offset..offset.saturating_add(bytes.len()))
        .ok_or_else(|| Error::xml("event outside input"))
}

/// Strips a namespace prefix (`s3:Key` → `Key`) and any attributes.
fn local_name<'a>(doc: &'a str, tag: &[u8]) -> Result<&'a str, Error> {
    let raw = reslice(doc, tag)?;
    // One pass over the (short) tag: the name ends at the first whitespace,
    // and the local part starts after its last colon.
    let mut start = 0;
    let mut end = raw.len();
    for (i, b) in raw.bytes().enumerate() {
        match b {
            b':' => start = i + 1,
            b' ' | b'\t' | b'\r' | b'\n' => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    // Both indices sit next to ASCII bytes, so they are char boundaries.
    raw.get(start..end)
        .ok_or_else(|| Error::xml("malformed tag name"))
}

/// Appends text to a leaf, keeping the common single-chunk case borrowed;
/// text beside child elements is indentation and is dropped unseen.
fn push_text<'a>(stack: &mut [Frame<'a>], text: &'a str) {
    let Some(frame) = stack.last_mut().filter(|f| !f.has_children) else {
        return;
    };
    if frame.text.is_empty() {
        frame.text = Cow::Borrowed(text);
    } else {
        frame.text.to_mut().push_str(text);
    }
}

/// Appends one resolved character reference without a temporary string.
fn push_char(stack: &mut [Frame<'_>], c: char) {
    if let Some(frame) = stack.last_mut().filter(|f| !f.has_children) {
        frame.text.to_mut().push(c);
    }
}

/// Resolves `&name;` and `&#N;` references; only the five XML entities exist
/// in S3 documents, so any other name is malformed input.
fn resolve_ref(r: &BytesRef<'_>) -> Result<char, Error> {
    if let Some(c) = r
        .resolve_char_ref()
        .map_err(|e| Error::xml(e.to_string()))?
    {
        return Ok(c);
    }
    match &**r {
        b"lt" => Ok('<'),
        b"gt" => Ok('>'),
        b"amp" => Ok('&'),
        b"apos" => Ok('\''),
        b"quot" => Ok('"'),
        _ => Err(Error::xml("unknown entity reference")),
    }
}
