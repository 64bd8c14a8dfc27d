//! Positional file I/O that works on every platform the transport builds for.
//!
//! Unix has `pread`/`pwrite` (`std::os::unix::fs::FileExt`), Windows has
//! `seek_read`/`seek_write` (`std::os::windows::fs::FileExt`, which also
//! moves the file cursor, so callers must not rely on the cursor). These
//! two functions are the one place the choice is made: file bodies read
//! with them, and the client's uploader and downloader use them for part
//! digests and ranged writes.

use std::fs::File;
use std::io;

/// Reads exactly `buf.len()` bytes at `offset`.
///
/// # Errors
///
/// `UnexpectedEof` when the file ends first; any error of the read.
pub fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match read_at(file, buf, offset) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = buf.get_mut(n..).unwrap_or_default();
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Writes all of `buf` at `offset`.
///
/// # Errors
///
/// `WriteZero` when the file takes no bytes; any error of the write.
pub fn write_all_at(file: &File, mut buf: &[u8], mut offset: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match write_at(file, buf, offset) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                buf = buf.get(n..).unwrap_or_default();
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Reads up to `buf.len()` bytes at `offset`; 0 at the end of the file.
///
/// # Errors
///
/// Any error of the read; `Unsupported` on a platform without positional I/O.
pub fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    #[cfg(unix)]
    return std::os::unix::fs::FileExt::read_at(file, buf, offset);
    #[cfg(windows)]
    return std::os::windows::fs::FileExt::seek_read(file, buf, offset);
    #[cfg(not(any(unix, windows)))]
    return unsupported((file, buf, offset));
}

fn write_at(file: &File, buf: &[u8], offset: u64) -> io::Result<usize> {
    #[cfg(unix)]
    return std::os::unix::fs::FileExt::write_at(file, buf, offset);
    #[cfg(windows)]
    return std::os::windows::fs::FileExt::seek_write(file, buf, offset);
    #[cfg(not(any(unix, windows)))]
    return unsupported((file, buf, offset));
}

#[cfg(not(any(unix, windows)))]
fn unsupported<T>(_: T) -> io::Result<usize> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "positional file I/O is not available on this platform",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_reads_at_offsets() {
        let dir = std::env::temp_dir().join(format!("newtera-fs-{}", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&dir)
            .unwrap();
        write_all_at(&file, b"world", 6).unwrap();
        write_all_at(&file, b"hello ", 0).unwrap();
        let mut buf = [0u8; 11];
        read_exact_at(&file, &mut buf, 0).unwrap();
        assert_eq!(&buf, b"hello world");
        let err = read_exact_at(&file, &mut buf, 5).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
        drop(file);
        std::fs::remove_file(&dir).unwrap();
    }
}
