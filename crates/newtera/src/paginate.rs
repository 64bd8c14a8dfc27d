//! The progress guard every paginated listing shares: a server that sends
//! a token twice, a marker that goes back, or pages without end stops the
//! listing with [`Error::MalformedResponse`] instead of looping forever or
//! returning a short list.

use std::collections::HashSet;

use crate::error::{Error, Result};

/// Truncated pages in a row without a single entry before a listing is
/// declared stuck. S3 may send a few (a page of filtered-out entries), not
/// hundreds.
pub(crate) const MAX_EMPTY_PAGES: u32 = 100;

/// What a listing has been through so far.
#[derive(Debug)]
pub(crate) struct Progress {
    listing: String,
    seen: HashSet<String>,
    last_key: Option<String>,
    empty_pages: u32,
}

impl Progress {
    /// A guard for `listing` (named in errors), which starts after `start`
    /// when given.
    pub(crate) fn new(listing: impl Into<String>, start: Option<&str>) -> Self {
        let mut progress = Self {
            listing: listing.into(),
            seen: HashSet::new(),
            last_key: None,
            empty_pages: 0,
        };
        if let Some(start) = start {
            progress.seen.insert(position_id(start, ""));
            progress.last_key = Some(start.to_owned());
        }
        progress
    }

    /// Counts a truncated page with `entries` entries.
    pub(crate) fn page(&mut self, entries: usize) -> Result<()> {
        self.empty_pages = if entries == 0 {
            self.empty_pages + 1
        } else {
            0
        };
        if self.empty_pages > MAX_EMPTY_PAGES {
            return Err(self.stuck(&format!("{MAX_EMPTY_PAGES} empty truncated pages in a row")));
        }
        Ok(())
    }

    /// The next resume position in key order (a V1 marker, a key marker
    /// with its upload-id marker as `tie`): the key may not go back, and
    /// the pair may not repeat.
    pub(crate) fn position(&mut self, key: &str, tie: &str) -> Result<()> {
        if let Some(last) = self.last_key.as_deref().filter(|last| key < *last) {
            return Err(self.stuck(&format!("a marker that goes back (`{last}`, then `{key}`)")));
        }
        if !self.seen.insert(position_id(key, tie)) {
            return Err(self.stuck(&format!("the marker `{key}` twice")));
        }
        self.last_key = Some(key.to_owned());
        Ok(())
    }

    /// The next opaque continuation token: it may not repeat.
    pub(crate) fn token(&mut self, token: &str) -> Result<()> {
        if !self.seen.insert(format!("token\0{token}")) {
            return Err(self.stuck(&format!("the continuation token `{token}` twice")));
        }
        Ok(())
    }

    /// The error for a listing that cannot go on.
    pub(crate) fn stuck(&self, what: &str) -> Error {
        Error::malformed(format!(
            "{}: the server sent {what}; stopping instead of looping or returning a partial list",
            self.listing
        ))
    }
}

fn position_id(key: &str, tie: &str) -> String {
    format!("position\0{key}\0{tie}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_must_move_forward() {
        let mut p = Progress::new("listing b", None);
        p.position("b", "").unwrap();
        assert!(p.position("a", "").is_err(), "back");
        let mut p = Progress::new("listing b", None);
        p.position("b", "").unwrap();
        assert!(p.position("b", "").is_err(), "repeated");
        let mut p = Progress::new("listing b", Some("m"));
        assert!(p.position("m", "").is_err(), "start-after again");
        assert!(p.position("l", "").is_err(), "before start-after");
    }

    #[test]
    fn ties_may_repeat_the_key_but_not_the_pair() {
        let mut p = Progress::new("uploads", None);
        p.position("k", "u1").unwrap();
        p.position("k", "u2").unwrap();
        assert!(p.position("k", "u1").is_err());
    }

    #[test]
    fn tokens_never_repeat_even_out_of_order() {
        let mut p = Progress::new("listing b", None);
        for t in ["b", "a", "c"] {
            p.token(t).unwrap();
        }
        let err = p.token("a").unwrap_err();
        assert!(err.to_string().contains("listing b"), "{err}");
    }

    #[test]
    fn endless_empty_pages_stop() {
        let mut p = Progress::new("listing b", None);
        for _ in 0..MAX_EMPTY_PAGES {
            p.page(0).unwrap();
        }
        p.page(1).unwrap();
        for _ in 0..MAX_EMPTY_PAGES {
            p.page(0).unwrap();
        }
        assert!(p.page(0).is_err());
    }
}
