//! aws-chunked bodies: chunk signatures, framing, trailers and lengths.

use std::fmt;

use crate::error::{Error, Result};
use crate::key::{SigningKey, sha256_hex};
use crate::params::SigningParams;
use crate::request::EMPTY_SHA256;

/// Length of a hex signature.
const SIG_LEN: u64 = 64;
/// `;chunk-signature=`.
const CHUNK_SIG_PREFIX: &str = ";chunk-signature=";
/// The name of the trailer that carries the trailer signature.
const TRAILER_SIG_NAME: &str = "x-amz-trailer-signature";

/// Chains chunk signatures of a `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`
/// body, starting from the signature of the request headers (AWS's "seed
/// signature").
///
/// Each chunk is framed as `hex(len);chunk-signature=SIG\r\n<data>\r\n`;
/// the body ends with an empty chunk ([`final_chunk`](Self::final_chunk)),
/// or with an empty chunk, trailers and a trailer signature
/// ([`final_chunk_with_trailers`](Self::final_chunk_with_trailers)).
#[derive(Clone)]
pub struct ChunkSigner {
    key: SigningKey,
    amz_date: String,
    scope: String,
    previous: String,
}

impl ChunkSigner {
    /// A signer chained to `seed_signature` (the request's
    /// [`SigningOutput::signature`](crate::SigningOutput::signature)).
    pub fn new(seed_signature: impl Into<String>, params: &SigningParams) -> Self {
        Self {
            key: params.signing_key(),
            amz_date: params.time().amz_date(),
            scope: params.scope(),
            previous: seed_signature.into(),
        }
    }

    /// The signature of the previous chunk (the header signature before any chunk).
    pub fn previous_signature(&self) -> &str {
        &self.previous
    }

    /// The string to sign of the next chunk with these bytes.
    pub fn chunk_string_to_sign(&self, data: &[u8]) -> String {
        format!(
            "AWS4-HMAC-SHA256-PAYLOAD\n{}\n{}\n{}\n{EMPTY_SHA256}\n{}",
            self.amz_date,
            self.scope,
            self.previous,
            sha256_hex(data)
        )
    }

    /// Signs the next chunk (empty for the final chunk) and advances the chain.
    pub fn sign_chunk(&mut self, data: &[u8]) -> String {
        let signature = self.key.sign(&self.chunk_string_to_sign(data));
        self.previous.clone_from(&signature);
        signature
    }

    /// Signs the next chunk and returns its header line,
    /// `hex(len);chunk-signature=SIG\r\n`; send the data and `\r\n` after it.
    pub fn chunk_header(&mut self, data: &[u8]) -> String {
        let signature = self.sign_chunk(data);
        format!("{:x}{CHUNK_SIG_PREFIX}{signature}\r\n", data.len())
    }

    /// Signs the next chunk and returns it framed: header, data, `\r\n`.
    pub fn frame_chunk(&mut self, data: &[u8]) -> Vec<u8> {
        let header = self.chunk_header(data);
        let mut framed = Vec::with_capacity(header.len() + data.len() + 2);
        framed.extend_from_slice(header.as_bytes());
        framed.extend_from_slice(data);
        framed.extend_from_slice(b"\r\n");
        framed
    }

    /// The final empty chunk of a body without trailers:
    /// `0;chunk-signature=SIG\r\n\r\n`.
    pub fn final_chunk(&mut self) -> String {
        let mut last = self.chunk_header(&[]);
        last.push_str("\r\n");
        last
    }

    /// The string to sign of these trailers, chained to the previous
    /// signature (the final chunk's):
    /// `AWS4-HMAC-SHA256-TRAILER\nDATE\nSCOPE\nPREVIOUS\nHEX(SHA256(trailers))`
    /// with the trailers as `name:value\n` each (AWS S3 API Reference,
    /// "Signature calculation: transfer payload in multiple chunks with
    /// trailing headers").
    ///
    /// Errors: [`Error::InvalidTrailer`] for a name that is not
    /// `[A-Za-z0-9-]+` or a value that is not visible ASCII.
    pub fn trailer_string_to_sign(&self, trailers: &[(&str, &str)]) -> Result<String> {
        let canonical = canonical_trailers(trailers, "\n")?;
        Ok(format!(
            "AWS4-HMAC-SHA256-TRAILER\n{}\n{}\n{}\n{}",
            self.amz_date,
            self.scope,
            self.previous,
            sha256_hex(canonical.as_bytes())
        ))
    }

    /// Signs trailers (`name:value\n` each, names lower-cased) chained to
    /// the previous signature, which must be the final chunk's.
    pub fn sign_trailer(&mut self, trailers: &[(&str, &str)]) -> Result<String> {
        let sts = self.trailer_string_to_sign(trailers)?;
        let signature = self.key.sign(&sts);
        self.previous.clone_from(&signature);
        Ok(signature)
    }

    /// The end of a `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER` body: the
    /// signed empty chunk, the trailers, `x-amz-trailer-signature` and a
    /// blank line.
    ///
    /// Errors: [`Error::InvalidTrailer`], as for
    /// [`trailer_string_to_sign`](Self::trailer_string_to_sign).
    pub fn final_chunk_with_trailers(&mut self, trailers: &[(&str, &str)]) -> Result<String> {
        let mut out = self.chunk_header(&[]);
        out.push_str(&canonical_trailers(trailers, "\r\n")?);
        let signature = self.sign_trailer(trailers)?;
        out.push_str(&format!("{TRAILER_SIG_NAME}:{signature}\r\n\r\n"));
        Ok(out)
    }
}

impl fmt::Debug for ChunkSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChunkSigner")
            .field("amz_date", &self.amz_date)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// `name:value{eol}` per trailer, names lower-cased and values trimmed.
fn canonical_trailers(trailers: &[(&str, &str)], eol: &str) -> Result<String> {
    let mut out = String::new();
    for (name, value) in trailers {
        let name_ok =
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        let value_ok = value.bytes().all(|b| (b' '..=b'~').contains(&b));
        if !name_ok || !value_ok {
            return Err(Error::InvalidTrailer {
                name: (*name).to_owned(),
            });
        }
        out.push_str(&name.to_ascii_lowercase());
        out.push(':');
        out.push_str(value.trim());
        out.push_str(eol);
    }
    Ok(out)
}

/// The header line of an unsigned aws-chunked chunk: `hex(len)\r\n`.
pub fn unsigned_chunk_header(len: usize) -> String {
    format!("{len:x}\r\n")
}

/// One chunk of a `STREAMING-UNSIGNED-PAYLOAD-TRAILER` body, framed:
/// `hex(len)\r\n<data>\r\n`. Do not pass empty data: the empty chunk ends
/// the body and is written by [`unsigned_final_chunk`] (this returns an
/// empty frame for it).
///
/// ```
/// assert_eq!(newtera_sign::frame_unsigned_chunk(b"hello"), b"5\r\nhello\r\n");
/// ```
pub fn frame_unsigned_chunk(data: &[u8]) -> Vec<u8> {
    if data.is_empty() {
        return Vec::new();
    }
    let header = unsigned_chunk_header(data.len());
    let mut framed = Vec::with_capacity(header.len() + data.len() + 2);
    framed.extend_from_slice(header.as_bytes());
    framed.extend_from_slice(data);
    framed.extend_from_slice(b"\r\n");
    framed
}

/// The end of a `STREAMING-UNSIGNED-PAYLOAD-TRAILER` body: `0\r\n`, the
/// trailers (`name:value\r\n`) and a blank line.
///
/// Errors: [`Error::InvalidTrailer`] for a name that is not `[A-Za-z0-9-]+`
/// or a value that is not visible ASCII.
pub fn unsigned_final_chunk(trailers: &[(&str, &str)]) -> Result<String> {
    Ok(format!(
        "0\r\n{}\r\n",
        canonical_trailers(trailers, "\r\n")?
    ))
}

/// The framing of an aws-chunked body, for [`aws_chunked_length`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChunkedEncoding {
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`.
    Signed,
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`.
    SignedWithTrailer,
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`.
    UnsignedWithTrailer,
}

/// The `Content-Length` of an aws-chunked body carrying `decoded_len`
/// bytes in chunks of `chunk_size` (the last one shorter), ending with the
/// given trailers (only their lengths matter; ignored for `Signed`), in
/// bytes. Source: AWS S3 API Reference, "Signature calculation: transfer
/// payload in multiple chunks".
///
/// Errors: [`Error::InvalidChunkSize`] for a chunk size of 0,
/// [`Error::InvalidTrailer`] for a trailer that cannot be written.
///
/// ```
/// use newtera_sign::{aws_chunked_length, ChunkedEncoding};
/// // The S3 documentation example: 65 KiB in 64 KiB chunks.
/// assert_eq!(aws_chunked_length(66_560, 65_536, ChunkedEncoding::Signed, &[])?, 66_824);
/// # Ok::<(), newtera_sign::Error>(())
/// ```
pub fn aws_chunked_length(
    decoded_len: u64,
    chunk_size: u64,
    encoding: ChunkedEncoding,
    trailers: &[(&str, &str)],
) -> Result<u64> {
    if chunk_size == 0 {
        return Err(Error::InvalidChunkSize);
    }
    let signed = encoding != ChunkedEncoding::UnsignedWithTrailer;
    let frame = |len: u64| {
        let sig = if signed {
            CHUNK_SIG_PREFIX.len() as u64 + SIG_LEN
        } else {
            0
        };
        hex_digits(len) + sig + 2 + len + 2
    };
    let full = decoded_len / chunk_size;
    let rest = decoded_len % chunk_size;
    let mut total = full * frame(chunk_size);
    if rest > 0 {
        total += frame(rest);
    }
    // The final chunk has no data, so its frame minus the data CRLF.
    total += frame(0) - 2;
    Ok(total + trailer_length(encoding, trailers)?)
}

fn trailer_length(encoding: ChunkedEncoding, trailers: &[(&str, &str)]) -> Result<u64> {
    let blank_line = 2;
    Ok(match encoding {
        ChunkedEncoding::Signed => blank_line,
        ChunkedEncoding::UnsignedWithTrailer => {
            canonical_trailers(trailers, "\r\n")?.len() as u64 + blank_line
        }
        ChunkedEncoding::SignedWithTrailer => {
            let sig_line = TRAILER_SIG_NAME.len() as u64 + 1 + SIG_LEN + 2;
            canonical_trailers(trailers, "\r\n")?.len() as u64 + sig_line + blank_line
        }
    })
}

fn hex_digits(mut n: u64) -> u64 {
    let mut digits = 1;
    while n >= 16 {
        n /= 16;
        digits += 1;
    }
    digits
}
