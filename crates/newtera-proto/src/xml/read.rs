//! A small borrowed element tree built from a response body.
//!
//! S3 response documents are shallow and small per element, so a tree of
//! borrowed local names plus (mostly borrowed) text is both simple to walk and
//! fast: one pass over the input, no namespace resolution, no owned names.

use std::borrow::Cow;

use crate::error::Error;
use crate::xml::visit::{Visit, visit};

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
pub(crate) fn parse(body: &[u8]) -> Result<Node<'_>, Error> {
    let mut stack: Vec<Node<'_>> = Vec::with_capacity(8);
    let mut root = None;
    visit(body, |_, event| {
        let node = match event {
            Visit::Open(name) => {
                stack.push(Node {
                    name,
                    ..Node::default()
                });
                return Ok(());
            }
            Visit::Leaf(_, text) => stack.pop().map(|node| Node { text, ..node }),
            Visit::Close(_) => stack.pop(),
        };
        let node = node.ok_or_else(|| Error::xml("unbalanced end tag"))?;
        match stack.last_mut() {
            Some(parent) => attach(parent, node),
            None => root = Some(node),
        }
        Ok(())
    })?;
    root.ok_or_else(|| Error::xml("no complete root element"))
}

/// Adds a finished element to its parent.
fn attach<'a>(parent: &mut Node<'a>, node: Node<'a>) {
    // Most S3 elements with children have a handful of them; one
    // right-sized allocation beats growing from 1.
    if parent.children.capacity() == 0 {
        parent.children.reserve_exact(8);
    }
    parent.children.push(node);
}
