//! Text files as people export them: UTF-8, with or without a byte-order mark, UTF-16 with
//! one, or GB18030 (which contains GBK and GB2312), what Excel on Chinese Windows and many
//! Chinese business systems save; gzip-compressed or not; CSV with commas, tabs or
//! semicolons. Decoded while read, so memory stays flat on large files.

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

/// Opens `path` for reading: decompressed if it is gzip (`log.xes.gz`, `export.csv.gz`,
/// found by its first bytes, not its name).
pub fn raw(path: &Path) -> std::io::Result<Box<dyn BufRead>> {
    let mut reader = BufReader::with_capacity(1 << 16, std::fs::File::open(path)?);
    Ok(if reader.fill_buf()?.starts_with(b"\x1f\x8b") {
        let gz = flate2::read::MultiGzDecoder::new(reader);
        Box::new(BufReader::with_capacity(1 << 16, gz))
    } else {
        Box::new(reader)
    })
}

/// Opens `path` as UTF-8 text ([`raw`]: gzip decompressed): past a UTF-8 byte-order mark;
/// decoded from UTF-16 after its byte-order mark (Excel's "Unicode text"); decoded from
/// GB18030 when `encoding` says so, or, with [`TextEncoding::Detect`], when its first 64 KiB
/// are not UTF-8. Also returns whether it is read as GB18030.
pub fn open(path: &Path, encoding: TextEncoding) -> std::io::Result<(Box<dyn Read>, bool)> {
    let mut reader = raw(path)?;
    let head = reader.fill_buf()?;
    if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
        // No encoding given: the byte-order mark says which, and is dropped.
        let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .bom_sniffing(true)
            .build(reader);
        return Ok((Box::new(Lines::new(decoded)), false));
    }
    let bom = head.starts_with(b"\xef\xbb\xbf");
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

/// The field separator of a CSV file whose text starts with `head`: of comma, tab,
/// semicolon (Excel where the comma is the decimal mark) and vertical bar, the one the first
/// line holds most often outside quotes; a comma when it holds none.
pub fn delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            _ if quoted => {}
            b',' => counts[0] += 1,
            b'\t' => counts[1] += 1,
            b';' => counts[2] += 1,
            b'|' => counts[3] += 1,
            _ => {}
        }
    }
    let (mut best, mut most) = (b',', counts[0]);
    for (d, n) in [b'\t', b';', b'|'].into_iter().zip(&counts[1..]) {
        if *n > most {
            (best, most) = (d, *n);
        }
    }
    best
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
