//! Reads that never take more than a limit. A path can name something with no end
//! (`/dev/zero`, a FIFO, a file still growing) or a size the file system does not
//! know (`/proc`), so every read from a user's path goes through these and stops at
//! its limit instead of trusting the file's size.

use std::io::{BufRead, Read};
use std::path::Path;

/// Largest settings file, `config.json`, head description or example list read: 16 MiB.
pub const SMALL_FILE_LIMIT: u64 = 16 * 1024 * 1024;

/// All of `reader` when it holds at most `limit` bytes, else `None` (having read
/// `limit + 1` bytes, no more).
pub fn read_at_most(reader: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// The text of a small file (settings, a model's JSON); over `limit` bytes or not
/// UTF-8 is an `InvalidData` error that says which.
pub fn read_small_file(path: &Path, limit: u64) -> std::io::Result<String> {
    let file = std::fs::File::open(path)?;
    let bytes = read_at_most(file, limit)?.ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than {limit} bytes"),
        )
    })?;
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// The reader's buffered bytes, refilled if empty (empty at the end), retrying reads
/// that a signal interrupted.
fn fill(reader: &mut impl BufRead) -> std::io::Result<&[u8]> {
    loop {
        match reader.fill_buf() {
            Ok([]) => return Ok(&[]),
            Ok(_) => break,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        }
    }
    // Bytes are buffered now, so this hands them out without reading again (the
    // borrow of the first call cannot leave the loop).
    reader.fill_buf()
}

/// What [`read_line`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// No more input.
    End,
    /// A line ending in `\n` (not kept).
    Complete,
    /// The last line, with no `\n` after it: possibly torn.
    Unterminated,
    /// A line longer than the limit: `buf` is left empty and the reader stands inside
    /// the line; [`skip_line`] reads on to its end.
    TooLong,
}

/// Reads the next line into `buf` (cleared first), keeping at most `limit` bytes:
/// a longer line stops the read at the limit with [`Line::TooLong`].
pub fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Line> {
    buf.clear();
    loop {
        let available = fill(reader)?;
        if available.is_empty() {
            return Ok(if buf.is_empty() {
                Line::End
            } else {
                Line::Unterminated
            });
        }
        let newline = available.iter().position(|&b| b == b'\n');
        let take = newline.unwrap_or(available.len());
        if buf.len() + take > limit {
            buf.clear();
            buf.shrink_to(0);
            return Ok(Line::TooLong);
        }
        buf.extend_from_slice(&available[..take]);
        reader.consume(newline.map_or(take, |n| n + 1));
        if newline.is_some() {
            return Ok(Line::Complete);
        }
    }
}

/// After [`Line::TooLong`]: whether reading may go on past that line. Input that `ends`
/// (a regular file) is read on to the line's end without keeping it: `true`. Input that
/// may never end (a pipe, `/dev/zero`) is read no further: `false`.
pub fn pass_long_line(reader: &mut impl BufRead, ends: bool) -> std::io::Result<bool> {
    if ends {
        skip_line(reader)?;
    }
    Ok(ends)
}

/// Reads on to the end of the current line without keeping it; on an endless input
/// this never returns.
fn skip_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let available = fill(reader)?;
        if available.is_empty() {
            return Ok(());
        }
        let newline = available.iter().position(|&b| b == b'\n');
        let consumed = newline.map_or(available.len(), |n| n + 1);
        reader.consume(consumed);
        if newline.is_some() {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stop_at_the_limit_even_without_an_end() {
        let endless = std::io::repeat(0);
        assert_eq!(read_at_most(endless, 1000).unwrap(), None);
        assert_eq!(read_at_most(&b"abc"[..], 3).unwrap(), Some(b"abc".to_vec()));
        assert_eq!(read_at_most(&b"abcd"[..], 3).unwrap(), None);
    }

    #[test]
    fn lines_longer_than_the_limit_are_reported_not_kept() {
        let input = b"short\nthis one is far too long\nok\nlast";
        let mut reader = std::io::BufReader::with_capacity(4, &input[..]);
        let mut buf = Vec::new();
        let mut lines = Vec::new();
        loop {
            let line = read_line(&mut reader, &mut buf, 8).unwrap();
            if line == Line::End {
                break;
            }
            if line == Line::TooLong {
                assert!(pass_long_line(&mut reader, true).unwrap());
            }
            lines.push((line, String::from_utf8(buf.clone()).unwrap()));
        }
        assert_eq!(
            lines,
            [
                (Line::Complete, "short".to_string()),
                (Line::TooLong, String::new()),
                (Line::Complete, "ok".to_string()),
                (Line::Unterminated, "last".to_string()),
            ]
        );
        // An endless line ends only with the input; memory stays at the limit.
        let mut endless = std::io::BufReader::new(std::io::repeat(b'x').take(1 << 20));
        assert_eq!(
            read_line(&mut endless, &mut buf, 100).unwrap(),
            Line::TooLong
        );
        assert!(buf.capacity() <= 100);
        assert!(!pass_long_line(&mut endless, false).unwrap(), "not read on");
    }
}
