//! Wrapping text to a terminal's width, for Chinese as for English: a line may break at a
//! space or between two Chinese characters, never before a closing mark (，。）…) or after an
//! opening one (（《…), and never inside an English word or a terminal colour code.

use unicode_width::UnicodeWidthChar;

/// `text` with every line wider than `width` columns broken into lines of at most `width`
/// (a word wider than that stays whole). A continuation line is indented like the text it
/// continues: under the description when the line is `  -r, --flag <N>  description`, else
/// as the line itself is.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        wrap_line(line, width, &mut out);
    }
    out
}

/// One piece of a line: a character, or a colour code (no width, never a break).
#[derive(Clone, Copy)]
struct Piece<'a> {
    text: &'a str,
    width: usize,
    /// A character (not a colour code).
    ch: Option<char>,
}

fn pieces(line: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let len = if c == '\x1b' {
            // CSI: ESC [ parameters final-byte (0x40..=0x7e).
            let tail = &rest[1..];
            match tail.strip_prefix('[') {
                Some(csi) => csi
                    .find(|c: char| ('@'..='~').contains(&c))
                    .map_or(rest.len(), |end| end + 3),
                None => 1,
            }
        } else {
            c.len_utf8()
        };
        let text = &rest[..len];
        out.push(if c == '\x1b' {
            Piece {
                text,
                width: 0,
                ch: None,
            }
        } else {
            Piece {
                text,
                width: c.width().unwrap_or(0),
                ch: Some(c),
            }
        });
        rest = &rest[len..];
    }
    out
}

/// Marks that close a phrase: no line starts with one.
fn closing(c: char) -> bool {
    "，。、；：！？）》」』】〉”’…·,.;:!?)]}%".contains(c)
}

/// Marks that open a phrase: no line ends with one.
fn opening(c: char) -> bool {
    "（《「『【〈“‘([{".contains(c)
}

/// Whether a line may break before `next`, which follows `prev`.
fn may_break(prev: char, next: char) -> bool {
    if next == ' ' || closing(next) || opening(prev) {
        return false;
    }
    prev == ' ' || prev.width() == Some(2) || next.width() == Some(2)
}

/// Whether a break before `next` falls between phrases rather than inside a Chinese word: at
/// a space or a mark, where Chinese meets Latin text, after 的 or 了, or before a word that
/// opens a phrase (和, 或, 也, 才 …). Without a dictionary a break between two other Chinese
/// characters may cut a word (达标, 判断), so these are taken when they are near.
fn between_phrases(prev: char, next: char) -> bool {
    prev == ' '
        || closing(prev)
        || opening(next)
        || (prev.width() == Some(2)) != (next.width() == Some(2))
        || "的了".contains(prev)
        || "和或与及并而但也就才即则".contains(next)
}

/// Where the description starts in `  -r, --flag <N>  description` (after the first run of
/// two or more spaces past the text's start), if that is within two thirds of `width`; else
/// where the text starts.
fn hanging_indent(p: &[Piece], width: usize) -> usize {
    let mut indent = None;
    let mut col = 0;
    let mut spaces = 0;
    for piece in p {
        match piece.ch {
            Some(' ') => spaces += 1,
            Some(_) => {
                match indent {
                    None => indent = Some(col),
                    Some(_) if spaces >= 2 && col <= width * 2 / 3 => return col,
                    Some(_) => {}
                }
                spaces = 0;
            }
            None => {}
        }
        col += piece.width;
    }
    indent.unwrap_or(0)
}

fn wrap_line(line: &str, width: usize, out: &mut String) {
    let p = pieces(line);
    let total: usize = p.iter().map(|p| p.width).sum();
    if total <= width {
        out.push_str(line);
        return;
    }
    let hang = hanging_indent(&p, width);
    // Nothing breaks before the description column.
    let mut first = 0;
    let mut col = 0;
    while first < p.len() && col < hang {
        col += p[first].width;
        first += 1;
    }
    let mut start = 0;
    let mut col = 0;
    let mut last_break: Option<usize> = None;
    // The last break between phrases: taken instead of `last_break` when the line it ends
    // is at most a quarter of the room beside the indent shorter.
    let mut phrase_break: Option<usize> = None;
    let slack = width.saturating_sub(hang) / 4;
    let mut prev: Option<char> = None;
    let mut i = 0;
    while i < p.len() {
        if let (Some(c), Some(before)) = (p[i].ch, prev)
            && i > first
            && may_break(before, c)
        {
            // A colour code goes with the text it colours.
            let mut at = i;
            while at > start && p[at - 1].ch.is_none() {
                at -= 1;
            }
            last_break = Some(at);
            if between_phrases(before, c) {
                phrase_break = Some(at);
            }
        }
        if p[i].ch.is_some() {
            if col + p[i].width > width
                && p[i].ch != Some(' ')
                && let Some(last) = last_break.filter(|&at| at > start)
            {
                let at = match phrase_break.filter(|&at| at > start) {
                    Some(at) if p[at..last].iter().map(|p| p.width).sum::<usize>() <= slack => at,
                    _ => last,
                };
                emit(&p[start..at], out);
                out.push('\n');
                out.push_str(&" ".repeat(hang));
                start = at;
                while start < p.len() && p[start].ch == Some(' ') {
                    start += 1;
                }
                col = hang + p[start..i].iter().map(|p| p.width).sum::<usize>();
                last_break = last_break.filter(|&at| at > start);
                phrase_break = phrase_break.filter(|&at| at > start);
            }
            prev = p[i].ch;
        }
        col += p[i].width;
        i += 1;
    }
    emit(&p[start..], out);
}

/// The pieces as text, without the spaces a break leaves at the end of a line.
fn emit(p: &[Piece], out: &mut String) {
    let end = p.len() - p.iter().rev().take_while(|p| p.ch == Some(' ')).count();
    for piece in &p[..end] {
        out.push_str(piece.text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn widths(s: &str) -> Vec<usize> {
        s.lines().map(UnicodeWidthStr::width).collect()
    }

    #[test]
    fn short_lines_are_kept_as_they_are() {
        let text = "用法：expansim run [OPTIONS]\n\n  -q, --quiet  不显示进度条\n";
        assert_eq!(wrap(text, 40), text);
    }

    #[test]
    fn english_breaks_at_spaces_under_the_indent() {
        let text = "          Output folder (default: results/STEM/, where STEM is the scenario file's name)";
        let w = wrap(text, 40);
        assert!(widths(&w).iter().all(|&n| n <= 40), "{w}");
        for line in w.lines() {
            assert!(
                line.starts_with("          ") && !line.ends_with(' '),
                "{line:?}"
            );
        }
        // Nothing but the breaks changed.
        let words: Vec<&str> = w.split_whitespace().collect();
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
    }

    #[test]
    fn chinese_breaks_between_characters_not_before_a_closing_mark() {
        let text = "          输出文件夹（默认：results/STEM/，STEM 为去掉 .toml 的情景文件名；sweep、optimize 和 sensitivity 命令分别为 results/STEM-sweep/）";
        let w = wrap(text, 36);
        assert!(widths(&w).iter().all(|&n| n <= 36), "{w}");
        for line in w.lines() {
            let body = line.trim_start();
            assert!(!body.starts_with(closing), "{line:?}");
            assert!(!body.ends_with(opening), "{line:?}");
        }
        // The text itself is intact: only breaks (and the spaces at them) were added.
        let joined: String = w.lines().map(str::trim).collect();
        let plain: String = text.split(' ').collect();
        assert_eq!(joined.replace(' ', ""), plain);
        // English words are never cut.
        assert!(
            w.contains("sensitivity") && w.contains("results/STEM/"),
            "{w}"
        );
    }

    #[test]
    fn chinese_breaks_between_phrases_when_one_is_near() {
        // Each break falls before 也, 才 or after 的, never inside 达标, 判断 or 数值.
        for (text, width, ends) in [
            ("在置信界上既不能判定达标也不能判定不达标", 40, "达标"),
            ("增加重复次数才能判断", 16, "次数"),
            ("则对各次重复自身的数值取平均", 20, "的"),
        ] {
            let w = wrap(text, width);
            assert!(widths(&w).iter().all(|&n| n <= width), "{w}");
            assert!(w.lines().next().unwrap().ends_with(ends), "{w}");
            assert_eq!(w.replace('\n', ""), text);
        }
        // With no such place near, the line is still filled.
        let w = wrap("一二三四五六七八九十", 10);
        assert_eq!(w, "一二三四五\n六七八九十");
    }

    #[test]
    fn a_flag_line_continues_under_its_description() {
        let text = "  -r, --replications <N>  重复次数（覆盖 scenario.replications；至多 100000，更多请分片运行）";
        let w = wrap(text, 50);
        let lines: Vec<&str> = w.lines().collect();
        assert!(lines.len() >= 2, "{w}");
        let column = "  -r, --replications <N>  ".len();
        for line in &lines[1..] {
            assert_eq!(line.len() - line.trim_start().len(), column, "{w}");
        }
        assert!(widths(&w).iter().all(|&n| n <= 50), "{w}");
    }

    #[test]
    fn colour_codes_take_no_width_and_are_never_split() {
        let text = "\x1b[1m  --out <OUT>\x1b[0m  the folder the results are written to, created if it does not exist";
        let w = wrap(text, 40);
        assert!(w.contains("\x1b[1m") && w.contains("\x1b[0m"), "{w:?}");
        let plain = w.replace("\x1b[1m", "").replace("\x1b[0m", "");
        assert!(widths(&plain).iter().all(|&n| n <= 40), "{plain}");
    }

    #[test]
    fn a_word_wider_than_the_line_stays_whole() {
        let long = "x".repeat(30);
        let w = wrap(&format!("ab {long} cd"), 10);
        assert_eq!(w, format!("ab\n{long}\ncd"));
    }
}
