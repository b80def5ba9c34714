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

/// Opens `path` as UTF-8 text ([`raw`]: gzip decompressed): past a UTF-8 byte-order mark
/// (which a GBK file may carry too, saved by a tool that adds one);
/// decoded from UTF-16 after its byte-order mark (Excel's "Unicode text"), or without one
/// when every other byte is zero; decoded from
/// GB18030 when `encoding` says so, or, with [`TextEncoding::Detect`], when its first 64 KiB
/// are not UTF-8. Also returns whether it is read as GB18030, and then what its lines turn
/// out to be as they are read ([`Census`]).
pub fn open(path: &Path, encoding: TextEncoding) -> std::io::Result<(Box<dyn Read>, Census)> {
    let mut reader = raw(path)?;
    let head = reader.fill_buf()?;
    let utf16 = if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
        // No encoding given: the byte-order mark says which, and is dropped.
        Some(None)
    } else {
        utf16_without_bom(head).map(Some)
    };
    if let Some(encoding) = utf16 {
        let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(encoding)
            .bom_sniffing(true)
            .build(reader);
        return Ok((Box::new(Lines::new(decoded)), Census::default()));
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
            std::str::from_utf8(reader.fill_buf()?).is_err_and(|e| e.error_len().is_some())
        }
    };
    Ok(if gb18030 {
        let census = Census::default();
        if let Ok(mut c) = census.0.lock() {
            c.gb18030 = true;
        }
        let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(encoding_rs::GB18030))
            .build(Censused {
                inner: reader,
                line: Vec::new(),
                number: 1,
                census: census.clone(),
            });
        (Box::new(Lines::new(decoded)), census)
    } else {
        (Box::new(Lines::new(reader)), Census::default())
    })
}

/// Of a file read as GB18030 (else empty): its lines beyond ASCII whose bytes are UTF-8
/// text (two characters of three bytes or more: a line of GBK seldom reads as one) and
/// those that are not UTF-8, as far as it has been read: how many, and the first (from 1).
/// A file with many of both mixes two encodings; one with UTF-8 lines only is not GB18030.
#[derive(Debug, Clone, Default)]
pub struct Census(std::sync::Arc<std::sync::Mutex<Lines8>>);

/// What a [`Census`] counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lines8 {
    /// Whether the file is read as GB18030.
    pub gb18030: bool,
    /// Lines of UTF-8 text beyond ASCII, and the first.
    pub utf8: (u64, Option<u64>),
    /// Lines that are not UTF-8, and the first.
    pub other: (u64, Option<u64>),
}

impl Census {
    /// Whether the file is read as GB18030.
    pub fn gb18030(&self) -> bool {
        self.lines().gb18030
    }

    /// What it has found so far.
    pub fn lines(&self) -> Lines8 {
        self.0.lock().map_or_else(|_| Lines8::default(), |c| *c)
    }

    fn note(&self, number: u64, bytes: &[u8]) {
        if bytes.is_ascii() {
            return;
        }
        if let Ok(mut c) = self.0.lock() {
            let kind = match std::str::from_utf8(bytes) {
                Ok(text)
                    if text
                        .chars()
                        .filter(|ch| ch.len_utf8() >= 3)
                        .nth(1)
                        .is_some() =>
                {
                    &mut c.utf8
                }
                Ok(_) => return,
                Err(_) => &mut c.other,
            };
            kind.0 += 1;
            kind.1.get_or_insert(number);
        }
    }
}

/// The bytes of a file passed on as they are, each line noted in a [`Census`].
struct Censused<R> {
    inner: R,
    /// The line read so far.
    line: Vec<u8>,
    /// Its number.
    number: u64,
    census: Census,
}

impl<R: Read> Read for Censused<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 {
            self.census.note(self.number, &self.line);
            self.line.clear();
        }
        let mut rest = &buf[..n];
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            self.line.extend_from_slice(&rest[..end]);
            self.census.note(self.number, &self.line);
            self.line.clear();
            self.number += 1;
            rest = &rest[end + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(n)
    }
}

/// A small file's bytes (a scenario, a calendar) as text, as [`open`] reads with
/// [`TextEncoding::Detect`]: UTF-8 past its byte-order mark, UTF-16 by its byte-order mark
/// or its zero bytes, else GB18030 when they are not UTF-8 (what Notepad and WPS save as
/// "ANSI" on Chinese Windows). UTF-8 with a stray byte (a character pasted from elsewhere)
/// is not taken for GB18030, which would garble every Chinese word in it: that needs more
/// broken UTF-8 sequences than well-formed characters of three or four bytes (Chinese in
/// UTF-8; GBK's two-byte characters often read as two-byte UTF-8, seldom as three). The
/// error says where the bytes are not what they should be.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    let head = &bytes[..bytes.len().min(1 << 16)];
    let utf16 =
        encoding_rs::Encoding::for_bom(&bytes).or_else(|| utf16_without_bom(head).map(|e| (e, 0)));
    if let Some((encoding, bom)) = utf16 {
        return encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(std::borrow::Cow::into_owned)
            .ok_or_else(|| {
                crate::i18n::Lang::En.fill(
                    "not valid {encoding} after its byte-order mark",
                    &[("encoding", encoding.name())],
                )
            });
    }
    String::from_utf8(bytes).or_else(|e| {
        let why = crate::i18n::Lang::En.fill(
            "byte {n} is not UTF-8",
            &[("n", &(e.utf8_error().valid_up_to() + 1).to_string())],
        );
        let (formed, broken) = utf8_census(e.as_bytes());
        if formed >= broken {
            return Err(why);
        }
        encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(e.as_bytes())
            .map(std::borrow::Cow::into_owned)
            .ok_or(why)
    })
}

/// Of `bytes` read as UTF-8: the well-formed characters of three or four bytes, and the
/// broken sequences.
fn utf8_census(mut bytes: &[u8]) -> (usize, usize) {
    let beyond = |s: &str| s.chars().filter(|c| c.len_utf8() >= 3).count();
    let (mut formed, mut broken) = (0, 0);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => return (formed + beyond(s), broken),
            Err(e) => {
                let (good, rest) = bytes.split_at(e.valid_up_to());
                formed += std::str::from_utf8(good).map_or(0, beyond);
                broken += 1;
                match e.error_len() {
                    Some(n) => bytes = &rest[n..],
                    None => return (formed, broken),
                }
            }
        }
    }
}

/// UTF-16 without a byte-order mark, told by its zero bytes: text that is mostly ASCII (the
/// names, digits and separators of a log) has a zero in every other byte, after each
/// character (little-endian) or before it (big-endian), and UTF-8 or GBK text has none.
fn utf16_without_bom(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &head[..head.len().min(4096) & !1];
    if head.len() < 16 {
        return None;
    }
    let zeros = |from: usize| {
        head.iter()
            .skip(from)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd, half) = (zeros(0), zeros(1), head.len() / 2);
    if odd * 4 > half && even * 20 < half {
        Some(encoding_rs::UTF_16LE)
    } else if even * 4 > half && odd * 20 < half {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// A CSV reader's input and its field separator ([`delimiter`]), found from the text's first
/// lines (at least the whole header row, up to [`MAX_LINE_BYTES`]), which are read ahead and
/// given back in front of the rest.
pub fn sniffed(mut text: Box<dyn Read>) -> std::io::Result<(u8, impl Read)> {
    let mut head = Vec::with_capacity(1 << 16);
    let mut chunk = [0u8; 1 << 14];
    while head.len() < (1 << 16) || (!head.contains(&b'\n') && head.len() <= MAX_LINE_BYTES) {
        let n = text.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&chunk[..n]);
    }
    Ok((delimiter(&head), std::io::Cursor::new(head).chain(text)))
}

/// The field separator of a CSV file whose text starts with `head`: of comma, tab,
/// semicolon (Excel where the comma is the decimal mark) and vertical bar, counted outside
/// quotes on the header row and the next lines (up to 20) that `head` holds whole. The one
/// that splits each of those lines into as many fields as the header, the most of them; if
/// none does, the one the header holds most often; a comma when it holds none.
pub fn delimiter(head: &[u8]) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b'\t', b';', b'|'];
    let mut lines: Vec<&[u8]> = head.split(|&b| b == b'\n').collect();
    if lines.len() > 1 {
        // The last piece may be cut off.
        lines.pop();
    }
    lines.retain(|l| !l.iter().all(u8::is_ascii_whitespace));
    lines.truncate(21);
    let count = |line: &[u8], d: u8| {
        let mut quoted = false;
        let mut n = 0usize;
        for &b in line {
            if b == b'"' {
                quoted = !quoted;
            } else if b == d && !quoted {
                n += 1;
            }
        }
        n
    };
    let Some((header, rows)) = lines.split_first() else {
        return b',';
    };
    let in_header = CANDIDATES.map(|d| count(header, d));
    let best = |consistent: bool| {
        let mut pick: Option<(u8, usize)> = None;
        for (&d, &n) in CANDIDATES.iter().zip(&in_header) {
            let fits = !consistent || rows.iter().all(|r| count(r, d) == n);
            if n > 0 && fits && pick.is_none_or(|(_, m)| n > m) {
                pick = Some((d, n));
            }
        }
        pick.map(|(d, _)| d)
    };
    let consistent = if rows.is_empty() { None } else { best(true) };
    consistent.or_else(|| best(false)).unwrap_or(b',')
}

/// Opens `path`, an XML file, as UTF-8 ([`raw`]: gzip decompressed): decoded from UTF-16
/// after its byte-order mark, or from the encoding its declaration names
/// (`<?xml version="1.0" encoding="GBK"?>`) when that is not UTF-8.
pub fn xml(path: &Path) -> std::io::Result<Box<dyn BufRead>> {
    let mut reader = raw(path)?;
    let head = reader.fill_buf()?;
    let encoding = if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
        None
    } else {
        match declared_encoding(head) {
            Some(e) if e != encoding_rs::UTF_8 => Some(e),
            _ => return Ok(reader),
        }
    };
    let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(encoding)
        .bom_sniffing(true)
        .build(reader);
    Ok(Box::new(BufReader::with_capacity(1 << 16, decoded)))
}

/// The encoding an XML declaration at the start of `head` names, if any and known.
fn declared_encoding(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let decl = head[start..].strip_prefix(b"<?xml")?;
    let decl = &decl[..decl.windows(2).position(|w| w == b"?>")?];
    let at = decl.windows(8).position(|w| w == b"encoding")? + 8;
    let rest = &decl[at..];
    let open = rest.iter().position(|&b| b == b'"' || b == b'\'')?;
    let quote = rest[open];
    let value = &rest[open + 1..];
    let label = &value[..value.iter().position(|&b| b == quote)?];
    encoding_rs::Encoding::for_label(label)
}

/// Whether `head`, the start of a file, begins with an XML tag (past a byte-order mark, in
/// UTF-8 or UTF-16, and blanks).
pub fn starts_with_tag(head: &[u8]) -> bool {
    let first = |text: &[u8]| text.iter().find(|b| !b.is_ascii_whitespace()).copied();
    if let Some(text) = head.strip_prefix(b"\xff\xfe") {
        return first(&text.iter().step_by(2).copied().collect::<Vec<_>>()) == Some(b'<');
    }
    if let Some(text) = head.strip_prefix(b"\xfe\xff") {
        let low: Vec<u8> = text.iter().skip(1).step_by(2).copied().collect();
        return first(&low) == Some(b'<');
    }
    first(head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head)) == Some(b'<')
}

/// Longest line read: a CSV row is at most kilobytes; a file with no line breaks for
/// longer (a binary file, `/dev/zero`) is refused instead of filling the memory.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// A reader that fails when a line grows past [`MAX_LINE_BYTES`].
struct Lines<R> {
    inner: R,
    /// Bytes since the last line break.
    run: usize,
    /// Line breaks read.
    breaks: u64,
}

impl<R> Lines<R> {
    fn new(inner: R) -> Self {
        Lines {
            inner,
            run: 0,
            breaks: 0,
        }
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
            self.breaks += read.iter().filter(|&&b| b == b'\n').count() as u64;
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "line {line} is longer than {max} bytes: this is not a CSV file of rows",
                    line = self.breaks + 1,
                    max = MAX_LINE_BYTES
                ),
            ));
        }
        self.breaks += read.iter().filter(|&&b| b == b'\n').count() as u64;
        Ok(n)
    }
}

/// A CSV error `e` as a person reads it: when it is text in another encoding than UTF-8 (a
/// file whose first 64 KiB are ASCII and which turns to GBK later, say), followed by that,
/// and `fix` (a message of the catalogue, translated in its turn).
pub fn csv_error(e: &csv::Error, fix: &str) -> String {
    match e.kind() {
        // The caller names the row: the parser's own count of records, lines and bytes
        // (from 0, the header included) would only contradict it.
        csv::ErrorKind::Utf8 { err, .. } => {
            let message = format!("field {n} is not UTF-8 text", n = err.field() + 1);
            format!(
                "{message}; the file is not UTF-8 from here on: if it is GBK or GB18030 (as Excel on Chinese Windows saves CSV), {why}",
                why = fix
            )
        }
        _ => e.to_string(),
    }
}

/// SHA-256 of `bytes`, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line past the limit is refused, named by its number.
    #[test]
    fn a_line_too_long_is_named_by_its_number() {
        let mut text = b"a,b\n1,2\n3,4\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 10));
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), &text).unwrap();
        let (mut reader, _) = open(f.path(), TextEncoding::Detect).unwrap();
        let mut all = Vec::new();
        let e = reader.read_to_end(&mut all).unwrap_err();
        assert!(e.to_string().starts_with("line 4 is longer than"), "{e}");
    }

    /// GBK as Notepad saves it is read; UTF-8 with one stray byte is not taken for it (its
    /// Chinese would come out garbled), and the error says which byte.
    #[test]
    fn a_small_file_is_gbk_only_when_it_is_not_utf8_with_a_stray_byte() {
        let text = "[pools]\nwindow = { size = 2, label = \"营业厅窗口\" } # 受理、审核\n";
        assert_eq!(decode(gbk_bytes(text)).unwrap(), text);
        // Three of these four read as two-byte UTF-8 characters; still GBK.
        assert_eq!(decode(gbk_bytes("# 营业时间\n")).unwrap(), "# 营业时间\n");
        let mut stray = text.as_bytes().to_vec();
        stray.insert(8, 0x80);
        assert_eq!(decode(stray).unwrap_err(), "byte 9 is not UTF-8");
        let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(utf16).unwrap(), text);
        let bom: Vec<u8> = [0xef, 0xbb, 0xbf]
            .into_iter()
            .chain(gbk_bytes(text))
            .collect();
        assert_eq!(
            decode(bom).unwrap_err(),
            "not valid UTF-8 after its byte-order mark"
        );
    }

    fn gbk_bytes(text: &str) -> Vec<u8> {
        encoding_rs::GB18030.encode(text).0.into_owned()
    }

    #[test]
    fn the_separator_is_the_one_that_splits_every_line_alike() {
        assert_eq!(delimiter(b"a,b,c\n1,2,3\n"), b',');
        assert_eq!(delimiter(b"a\tb\tc\r\n1\t2\t3\r\n"), b'\t');
        assert_eq!(delimiter(b"a|b|c\n1|2|3\n"), b'|');
        // More commas than semicolons in the header, but only the semicolons split the rows.
        assert_eq!(
            delimiter(b"case;activity;note (a,b,c,d,e,f)\n1;x;y\n2;x;y\n"),
            b';'
        );
        // Quoted separators do not count.
        assert_eq!(delimiter(b"\"a;b\",c\n\"1;2\",3\n"), b',');
        // A header alone, cut off, or nothing: the header's most frequent, else a comma.
        assert_eq!(delimiter(b"a;b;c"), b';');
        assert_eq!(delimiter(b"abc\n"), b',');
        assert_eq!(delimiter(b""), b',');
    }

    #[test]
    fn a_header_longer_than_the_first_read_is_read_whole_for_the_separator() {
        let mut text = "x".repeat(100_000).into_bytes();
        text.extend(b";a;b\n1;2;3\n");
        let (d, mut rest) = sniffed(Box::new(std::io::Cursor::new(text.clone()))).unwrap();
        assert_eq!(d, b';');
        let mut back = Vec::new();
        rest.read_to_end(&mut back).unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn utf16_without_a_byte_order_mark_is_told_by_its_zero_bytes() {
        let text = "case_id,activity,start_time\nGD1,受理,2026-03-02 08:30\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(utf16_without_bom(&le), Some(encoding_rs::UTF_16LE));
        assert_eq!(utf16_without_bom(&be), Some(encoding_rs::UTF_16BE));
        assert_eq!(utf16_without_bom(text.as_bytes()), None);
        assert_eq!(utf16_without_bom(&encoding_rs::GBK.encode(text).0), None);
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), &le).unwrap();
        let mut back = String::new();
        open(f.path(), TextEncoding::Detect)
            .unwrap()
            .0
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn xml_is_found_in_utf8_and_utf16_and_its_declared_encoding_read() {
        assert!(starts_with_tag(b"  <?xml version=\"1.0\"?><log/>"));
        assert!(starts_with_tag(b"\xef\xbb\xbf<log/>"));
        let utf16 = |big: bool| {
            let mut b: Vec<u8> = if big {
                vec![0xfe, 0xff]
            } else {
                vec![0xff, 0xfe]
            };
            for u in "\n<log/>".encode_utf16() {
                b.extend(if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                });
            }
            b
        };
        assert!(starts_with_tag(&utf16(false)) && starts_with_tag(&utf16(true)));
        assert!(!starts_with_tag(b"case_id,activity\n"));
        assert_eq!(
            declared_encoding(b"<?xml version='1.0' encoding='GBK'?>\n<log/>"),
            Some(encoding_rs::GBK)
        );
        assert_eq!(
            declared_encoding(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
            Some(encoding_rs::UTF_8)
        );
        assert_eq!(declared_encoding(b"<?xml version=\"1.0\"?><log/>"), None);
        assert_eq!(declared_encoding(b"<log encoding=\"GBK\"/>"), None);
    }
}
