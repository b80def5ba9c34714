//! Text files as people export them: UTF-8, with or without a byte-order mark, or GB18030
//! (which contains GBK and GB2312), what Excel on Chinese Windows and many Chinese business
//! systems save. Decoded while read, so memory stays flat on large files.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// The character encoding of a text file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum TextEncoding {
    /// UTF-8, unless the file's first 64 KiB are not UTF-8: then GB18030.
    #[default]
    #[value(name = "auto")]
    Detect,
    /// UTF-8 (with or without a byte-order mark).
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GB18030, which contains GBK and GB2312: what Excel on Chinese Windows and many
    /// Chinese business systems export.
    #[value(name = "gb18030", aliases = ["gbk", "gb2312", "cp936"])]
    Gb18030,
}

/// Opens `path` as UTF-8 text: past a UTF-8 byte-order mark, decoded from GB18030 when
/// `encoding` says so, or, with [`TextEncoding::Detect`], when its first 64 KiB are not
/// UTF-8. Also returns whether it is read as GB18030.
pub fn open(path: &Path, encoding: TextEncoding) -> std::io::Result<(Box<dyn Read>, bool)> {
    let mut reader = BufReader::with_capacity(1 << 16, std::fs::File::open(path)?);
    let bom = reader.fill_buf()?.starts_with(b"\xef\xbb\xbf");
    if bom {
        reader.consume(3);
    }
    let gb18030 = match encoding {
        TextEncoding::Utf8 => false,
        TextEncoding::Gb18030 => true,
        // Invalid, not merely cut off at the end of what was read.
        TextEncoding::Detect => {
            !bom && std::str::from_utf8(reader.fill_buf()?).is_err_and(|e| e.error_len().is_some())
        }
    };
    Ok(if gb18030 {
        let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(encoding_rs::GB18030))
            .build(reader);
        (Box::new(Lines::new(decoded)), true)
    } else {
        (Box::new(Lines::new(reader)), false)
    })
}

/// Longest line read: a CSV row is at most kilobytes; a file with no line breaks for
/// longer (a binary file, `/dev/zero`) is refused instead of filling the memory.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// A reader that fails when a line grows past [`MAX_LINE_BYTES`].
struct Lines<R> {
    inner: R,
    /// Bytes since the last line break.
    run: usize,
}

impl<R> Lines<R> {
    fn new(inner: R) -> Self {
        Lines { inner, run: 0 }
    }
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = &buf[..n];
        self.run = match read.iter().rposition(|&b| b == b'\n') {
            Some(i) => n - i - 1,
            None => self.run + n,
        };
        if self.run > MAX_LINE_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "a line is longer than {MAX_LINE_BYTES} bytes: this is not a CSV file of rows"
                ),
            ));
        }
        Ok(n)
    }
}

/// What to add to a CSV error that is text in another encoding than UTF-8 (a file whose
/// first 64 KiB are ASCII and which turns to GBK later, say): that, and `fix`.
pub fn not_utf8(e: &csv::Error, fix: &str) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => format!(
            "; the file is not UTF-8 from here on: if it is GBK or GB18030 (as Excel on Chinese Windows saves CSV), {fix}"
        ),
        _ => String::new(),
    }
}
