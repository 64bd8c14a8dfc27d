//! Just enough HTTP/1.1 request parsing for a test server: the request line,
//! headers, and a `Content-Length` or chunked body.

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt};

/// The largest request body the fault server accepts; a test never needs
/// more, and the cap keeps a confused client from exhausting memory.
const MAX_BODY: usize = 64 << 20;

/// A request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// `GET`, `PUT`…
    pub method: String,
    /// The request target: path and query.
    pub target: String,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

impl Seen {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// The query string, or "".
    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }
}

/// Reads the request line and headers; `None` at end of stream or on
/// garbage (the connection is then closed).
pub(crate) async fn read_head<R: AsyncBufRead + Unpin>(reader: &mut R) -> Option<Seen> {
    let line = read_line(reader).await?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let mut headers = Vec::new();
    loop {
        let h = read_line(reader).await?;
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
    }
    Some(Seen {
        method,
        target,
        headers,
        body: Vec::new(),
    })
}

/// Reads the body `head` announces into `head.body`.
pub(crate) async fn read_body<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    head: &mut Seen,
) -> Option<()> {
    if head
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    {
        head.body = read_chunked(reader).await?;
        return Some(());
    }
    let len: usize = head
        .header("content-length")
        .map_or(Some(0), |v| v.parse().ok())?;
    if len > MAX_BODY {
        return None;
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body).await.ok()?;
    head.body = body;
    Some(())
}

async fn read_chunked<R: AsyncBufRead + Unpin>(reader: &mut R) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let size_line = read_line(reader).await?;
        let size = usize::from_str_radix(size_line.split(';').next()?.trim(), 16).ok()?;
        if size == 0 {
            // Trailers, then the blank line.
            while !read_line(reader).await?.is_empty() {}
            return Some(body);
        }
        if body.len() + size > MAX_BODY {
            return None;
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..]).await.ok()?;
        read_line(reader).await?;
    }
}

/// One CRLF-terminated line without its terminator; `None` at end of
/// stream, on an I/O error or past 64 KiB.
async fn read_line<R: AsyncBufRead + Unpin>(reader: &mut R) -> Option<String> {
    let mut raw = Vec::new();
    let n = (&mut *reader)
        .take(64 << 10)
        .read_until(b'\n', &mut raw)
        .await
        .ok()?;
    if n == 0 || raw.last() != Some(&b'\n') {
        return None;
    }
    let text = String::from_utf8(raw).ok()?;
    Some(text.trim_end_matches(['\r', '\n']).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_content_length_and_chunked_bodies() {
        let raw = b"PUT /b/k?x=1 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcPOST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n1;ext\r\n!\r\n0\r\nx-t: 1\r\n\r\n";
        let mut reader = tokio::io::BufReader::new(&raw[..]);
        let mut first = read_head(&mut reader).await.unwrap();
        read_body(&mut reader, &mut first).await.unwrap();
        assert_eq!((first.path(), first.query()), ("/b/k", "x=1"));
        assert_eq!(first.body, b"abc");
        let mut second = read_head(&mut reader).await.unwrap();
        read_body(&mut reader, &mut second).await.unwrap();
        assert_eq!(second.body, b"hi!");
        assert!(read_head(&mut reader).await.is_none());
    }
}
