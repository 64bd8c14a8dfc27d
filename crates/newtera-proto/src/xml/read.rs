//! A small borrowed element tree built from a response body.
//!
//! S3 response documents are shallow and small per element, so a tree of
//! borrowed local names plus (mostly borrowed) text is both simple to walk and
//! fast: one pass over the input, no namespace resolution, no owned names.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, Event};

use crate::error::Error;

/// Deepest nesting accepted; S3 documents never exceed a handful of levels,
/// and a cap keeps hostile input from growing the stack of open elements.
const MAX_DEPTH: usize = 32;

/// One element: its local name (namespace prefix dropped), its text and its
/// child elements in document order.
#[derive(Debug, Default)]
pub(crate) struct Node<'a> {
    pub(crate) name: &'a str,
    pub(crate) text: Cow<'a, str>,
    pub(crate) children: Vec<Node<'a>>,
}

impl<'a> Node<'a> {
    /// The first child called `name`.
    pub(crate) fn child(&self, name: &str) -> Option<&Node<'a>> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child called `name`, in order.
    pub(crate) fn children<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Node<'a>> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the first child called `name`.
    pub(crate) fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_ref())
    }

    /// The text of a child that the document must contain.
    pub(crate) fn required(&self, name: &'static str) -> Result<&str, Error> {
        self.text_of(name).ok_or(Error::MissingField(name))
    }
}

/// Parses `body` into its root element.
///
/// The body is checked to be UTF-8 once, up front (S3 sends nothing else);
/// every name and text chunk is then re-sliced from that `&str` in O(1).
pub(crate) fn parse(body: &[u8]) -> Result<Node<'_>, Error> {
    let doc = std::str::from_utf8(body).map_err(|_| Error::xml("body is not UTF-8"))?;
    let mut reader = Reader::from_reader(body);
    let mut stack: Vec<Node<'_>> = Vec::with_capacity(8);
    loop {
        let event = reader.read_event().map_err(|e| Error::xml(e.to_string()))?;
        match event {
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Error::xml("nesting too deep"));
                }
                stack.push(Node {
                    name: local_name(doc, &start)?,
                    ..Node::default()
                });
            }
            Event::Empty(start) => {
                let node = Node {
                    name: local_name(doc, &start)?,
                    ..Node::default()
                };
                if let Some(root) = attach(&mut stack, node) {
                    return Ok(root);
                }
            }
            Event::End(_) => {
                let node = stack
                    .pop()
                    .ok_or_else(|| Error::xml("unbalanced end tag"))?;
                if let Some(root) = attach(&mut stack, node) {
                    return Ok(root);
                }
            }
            Event::Text(text) => push_text(doc, &mut stack, &text)?,
            Event::CData(data) => push_text(doc, &mut stack, &data)?,
            Event::GeneralRef(r) => push_char(&mut stack, resolve_ref(&r)?),
            Event::Eof => return Err(Error::xml("no complete root element")),
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

/// Adds a finished element to its parent, or returns it when it is the root.
fn attach<'a>(stack: &mut Vec<Node<'a>>, node: Node<'a>) -> Option<Node<'a>> {
    match stack.last_mut() {
        Some(parent) => {
            // Most S3 elements with children have a handful of them; one
            // right-sized allocation beats growing from 1.
            if parent.children.capacity() == 0 {
                parent.children.reserve_exact(8);
            }
            parent.children.push(node);
            None
        }
        None => Some(node),
    }
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
    let name = raw
        .split(|c: char| c.is_ascii_whitespace())
        .next()
        .unwrap_or(raw);
    Ok(name.rsplit(':').next().unwrap_or(name))
}

/// Appends a text or CDATA chunk to the open element.
fn push_text<'a>(doc: &'a str, stack: &mut [Node<'a>], bytes: &[u8]) -> Result<(), Error> {
    // Indentation between child elements is skipped before any work.
    if stack.last().is_none_or(|n| !n.children.is_empty()) {
        return Ok(());
    }
    push_str(stack, Cow::Borrowed(reslice(doc, bytes)?));
    Ok(())
}

/// Appends text, keeping the common single-chunk case borrowed.
fn push_str<'a>(stack: &mut [Node<'a>], text: Cow<'a, str>) {
    let Some(node) = stack.last_mut() else { return };
    // Text beside child elements is indentation; keeping it would only cost
    // allocations.
    if !node.children.is_empty() {
        return;
    }
    if node.text.is_empty() {
        node.text = text;
    } else {
        node.text.to_mut().push_str(&text);
    }
}

/// Appends one resolved character reference without a temporary string.
fn push_char(stack: &mut [Node<'_>], c: char) {
    let Some(node) = stack.last_mut() else { return };
    if node.children.is_empty() {
        node.text.to_mut().push(c);
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
