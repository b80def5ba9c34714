//! The one message catalogue: every heading, axis title, note and metric name a person reads
//! in the terminal tables, `report.html` and the web app of `expansim serve`, in English and
//! Chinese. Stage, pool and class labels come from the scenario and are not translated.
//! Two parts live in files of their own: what is wrong with a user's input (the scenario's
//! problems and the commands' errors, `problems.rs`) and the command line's `--help`
//! (`help.rs`).
//!
//! A message is looked up by its English text, so the code reads as it prints in English;
//! `{name}` marks a value filled in with [`Lang::fill`].
//!
//! ```
//! use expansim::i18n::Lang;
//!
//! assert_eq!(Lang::Zh.t("lead time"), "办电时长");
//! assert_eq!(Lang::En.t("lead time"), "lead time");
//! assert_eq!(Lang::Zh.fill("{n} staff", &[("n", "3")]), "3 人");
//! ```

use serde::{Deserialize, Serialize};

mod help;
mod problems;
use problems::PROBLEMS;

/// How a thing with a key and perhaps a label is shown: `key (label)`, or the key alone.
pub fn named(key: &str, label: Option<&str>) -> String {
    match label {
        Some(label) => format!("{key} ({label})"),
        None => key.to_string(),
    }
}

/// How a thing is named in a message: its key in backticks, then its label if it has one
/// (`` `reviewer` (设计审查) ``).
pub fn tagged(key: &str, label: Option<&str>) -> String {
    match label {
        Some(label) => format!("`{key}` ({label})"),
        None => format!("`{key}`"),
    }
}

/// A language of the interface.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

/// The English nouns (with a verb that agrees) that follow a count in the catalogue, in the
/// plural and the singular; longer phrases first.
const SINGULAR: [(&str, &str); 21] = [
    ("problems", "problem"),
    ("cases have", "case has"),
    ("resources", "resource"),
    ("hand-offs", "hand-off"),
    ("visits", "visit"),
    ("simulated replications", "simulated replication"),
    ("activity instances", "activity instance"),
    ("points fail", "point fails"),
    ("replications", "replication"),
    ("classes", "class"),
    ("cases", "case"),
    ("stages", "stage"),
    ("pools", "pool"),
    ("shards", "shard"),
    ("variants", "variant"),
    ("points", "point"),
    ("inputs", "input"),
    ("runs", "run"),
    ("rows", "row"),
    ("start events", "start event"),
    ("days", "day"),
];

impl Lang {
    /// Both languages, in the order the web app offers them.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The language of the environment: Chinese when the first of `LC_ALL`, `LC_MESSAGES`
    /// and `LANG` that is set names it (`zh_CN.UTF-8`, `zh_TW`, `zh`), else English.
    pub fn from_env() -> Lang {
        Lang::chosen_by_env().unwrap_or(Lang::En)
    }

    /// [`Lang::from_env`] when the environment names a language: `None` when none of the
    /// variables is set, or the first set is the neutral `C` or `POSIX` locale.
    pub fn chosen_by_env() -> Option<Lang> {
        let var = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())?;
        let neutral = ["C", "POSIX"].contains(&var.split('.').next().unwrap_or(""));
        (!neutral).then(|| Lang::from_locale(&var))
    }

    /// The language a locale name (`zh_CN.UTF-8`, `en_US`, `C`) or an HTML language tag
    /// (`zh-CN`, `en`) stands for: Chinese for `zh…`, else English.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The code the command line and the web app use (`en`, `zh`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language from its code, if known.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language an HTML language tag or a locale names by its primary part (`zh`,
    /// `zh-CN`, `zh_TW.UTF-8`, `en-GB`, in any case), if it is one of these.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_', '.']).next()?;
        Lang::from_code(&primary.to_ascii_lowercase())
    }

    /// The language a browser prefers among these, from its `Accept-Language` header
    /// (`zh-CN,zh;q=0.9,en;q=0.8`): the highest weight, the first named among equals.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut offered: Vec<(f64, Lang)> = header
            .split(',')
            .filter_map(|item| {
                let mut parts = item.split(';');
                let lang = Lang::from_tag(parts.next()?)?;
                let weight = match parts.find_map(|p| p.trim().strip_prefix("q=")) {
                    Some(q) => q.trim().parse::<f64>().ok()?,
                    None => 1.0,
                };
                (weight > 0.0).then_some((weight, lang))
            })
            .collect();
        // A stable sort keeps the header's order among equal weights.
        offered.sort_by(|a, b| b.0.total_cmp(&a.0));
        offered.first().map(|&(_, lang)| lang)
    }

    /// The HTML `lang` attribute.
    pub fn html(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's own name, for a language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
        }
    }

    /// The message whose English text is `en`. A text missing from the catalogue is
    /// returned as it is (a unit test checks that every text the code looks up is there).
    pub fn t(self, en: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Zh => self.find(en).unwrap_or(en),
        }
    }

    /// The command line's help text `en` (a command's about, an option's help, as clap
    /// derives them from the doc comments) in this language, if the catalogue's help part
    /// has it.
    pub fn help(self, en: &str) -> Option<&'static str> {
        match self {
            Lang::En => None,
            Lang::Zh => help::HELP.iter().find(|(k, _)| *k == en).map(|(_, zh)| *zh),
        }
    }

    /// Every English help text the catalogue's help part translates.
    pub fn help_texts() -> impl Iterator<Item = &'static str> {
        help::HELP.iter().map(|(k, _)| *k)
    }

    /// The Chinese of `en` when it is in the catalogue and the language is Chinese, for text
    /// that is not a literal (the library's progress messages).
    pub fn find(self, en: &str) -> Option<&'static str> {
        match self {
            Lang::En => None,
            Lang::Zh => entries().find(|(k, _)| *k == en).map(|(_, zh)| *zh),
        }
    }

    /// [`Lang::t`] with each `{name}` replaced by its value. In English a count of 1 takes
    /// the singular of the noun after it ("{n} replications" reads "1 replication").
    pub fn fill(self, en: &'static str, values: &[(&str, &str)]) -> String {
        let mut out = self.t(en).to_string();
        if self == Lang::En {
            for (k, _) in values.iter().filter(|(_, v)| *v == "1") {
                for (many, one) in SINGULAR {
                    out = out.replace(&format!("{{{k}}} {many}"), &format!("{{{k}}} {one}"));
                }
            }
        }
        // One pass over the text: a value that holds `{name}` (a file called `{n}.toml`)
        // is not filled in its turn.
        let (first, places) = pieces(&out);
        let mut filled = first.to_string();
        for (name, fixed) in places {
            match values.iter().find(|(k, _)| *k == name) {
                Some((_, v)) => filled.push_str(v),
                None => filled.push_str(&format!("{{{name}}}")),
            }
            filled.push_str(fixed);
        }
        filled
    }

    /// `text`, a message the library wrote in English (a warning kept in `run.json` as it
    /// is), in this language: the catalogue's text if it is one, else the catalogue text
    /// with `{name}` places that reads as `text` with their values put in (in English or
    /// the singular form [`Lang::fill`] writes for a count of 1), filled in this language;
    /// values that are catalogue text in their turn (a pool's load, a reason, a unit) are
    /// translated too, names are kept. A text the catalogue does not know is returned as
    /// it is.
    ///
    /// Text of several lines (a scenario's list of problems) is read line by line; a line
    /// that does not read as a whole may be a place, a path or a context before `: ` and a
    /// message, which is then read on its own.
    pub fn translate(self, text: &str) -> String {
        if self == Lang::En {
            return text.to_string();
        }
        let lines: Vec<String> = text.split('\n').map(|l| self.translate_line(l)).collect();
        lines.join("\n")
    }

    /// [`Lang::translate`] of one line, keeping its indent and a list item's `- `.
    fn translate_line(self, line: &str) -> String {
        let body = line.trim_start();
        // A line of a file drawn under an error (`12 | name = "x"`, `   |  ^`) is the
        // user's text: kept as it is.
        if body
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start()
            .starts_with('|')
        {
            return line.to_string();
        }
        let (item, body) = match body.strip_prefix("- ") {
            Some(rest) => (&line[..line.len() - rest.len()], rest),
            None => (&line[..line.len() - body.len()], body),
        };
        // A path first (no spaces, or an option and its value, then `: `): a message that
        // begins with a value must not take the path into it.
        let word = |w: &str| !w.is_empty() && !w.contains(char::is_whitespace);
        // A problem of the scenario a variant produces, blamed on no operator.
        const PRODUCED: &str = " (the scenario it produces) ";
        if let Some((variant, rest)) = body.split_once(PRODUCED)
            && word(variant)
        {
            return format!(
                "{item}{variant}{}{}",
                self.t(PRODUCED),
                self.translate_line(rest)
            );
        }
        // A problem at one point of a sweep or a search: `at pools.a=1 pools.b=2: ` and
        // the problem's own line.
        if let Some((point, rest)) = body.strip_prefix("at ").and_then(|r| r.split_once(": "))
            // (A value may hold a space: `stages.a.duration=2 周`.)
            && point.split(' ').next().is_some_and(|w| word(w) && w.contains('='))
        {
            let at = self.fill("at {point}", &[("point", point)]);
            return format!("{item}{at}：{}", self.translate_line(rest));
        }
        let path_like = |p: &str| {
            word(p)
                || p.split_once(' ')
                    .is_some_and(|(o, v)| o.starts_with("--") && word(o) && word(v))
        };
        // A text that itself begins with a word and `: ` ("unstable: {why}; ...") is not a
        // path and its message.
        let headed = templates().iter().any(|en| {
            let first = pieces(en).0;
            first.contains(": ") && body.starts_with(first)
        });
        if headed {
            let whole = self.translate_as(body, true);
            if whole != body {
                return format!("{item}{whole}");
            }
        }
        if let Some((path, message)) = body.split_once(": ")
            && path_like(path)
        {
            // The message may have a context of its own (`lognormal: ...`, a file's name).
            let read = self.translate_line(message);
            if read != message {
                return format!("{item}{path}：{read}");
            }
        }
        let whole = self.translate_as(body, true);
        if whole != body {
            return format!("{item}{whole}");
        }
        // The first few places only: a line of a thousand `: ` (a pasted value) is not
        // read a thousand times.
        for (i, _) in body.match_indices(": ").take(8) {
            let (head, message) = (&body[..i], &body[i + 2..]);
            let read = self.translate_as(message, true);
            if read != message {
                return format!("{item}{head}：{read}");
            }
        }
        line.to_string()
    }

    /// A list of points (`row 3: ...; row 5: ...; and 2 more`), read point by point, when
    /// every point reads, as a line or by any text of the catalogue (a point is short:
    /// "row {row}: {why}", "and {more} more").
    fn read_list(self, text: &str) -> Option<String> {
        let points = points(text);
        if points.len() < 2 {
            return None;
        }
        let mut read = Vec::new();
        for point in points {
            let mut r = self.translate_line(point);
            if r == point {
                r = self.translate_as(point, false);
            }
            if r == point {
                return None;
            }
            read.push(r);
        }
        Some(read.join(self.t("; ")))
    }

    /// [`Lang::translate`]; a whole message (`whole`) is read only by a text with enough
    /// fixed words to be sure of it (twelve bytes, a first word of eight, or an option such
    /// as `--set` first), so that an error the catalogue does not know is not taken for a
    /// short text such as "{n} staff"; the values inside are read by any.
    fn translate_as(self, text: &str, whole: bool) -> String {
        if self == Lang::En {
            return text.to_string();
        }
        if let Some(t) = self.find(text) {
            return t.to_string();
        }
        let sure = |en: &str| {
            let first = pieces(en).0;
            fixed_len(en) >= 12 || first.len() >= 8 || first.starts_with("--")
        };
        // A text whose own words hold `; ` (a refusal and its fix) and begin it, as a
        // whole, before its parts could be read as a list of other texts.
        let (with_points, without): (Vec<&str>, Vec<&str>) = templates()
            .iter()
            .filter(|en| !whole || sure(en))
            .partition(|en| en.contains("; ") && pieces(en).0.len() >= 8);
        if let Some(read) = self.read_as_one_of(&with_points, text) {
            return read;
        }
        // Such a text as the last place of another (`could not read '{file}': {why}`).
        for en in templates().iter().filter(|en| pieces(en).0.len() >= 8) {
            let Some((name, "")) = pieces(en).1.last().copied() else {
                continue;
            };
            if !PROSE.contains(&name) {
                continue;
            }
            let inner = english_forms(en).iter().find_map(|form| {
                let values = unfill(form, text)?;
                values.last().map(|(_, v)| v.to_string())
            });
            if let Some(inner) = inner
                && inner.contains("; ")
                && self.read_as_one_of(&with_points, &inner).is_some()
            {
                return self
                    .read_as_one_of(&[en], text)
                    .unwrap_or_else(|| text.to_string());
            }
        }
        // A list first: a place of a single text would take the points after its own.
        if let Some(list) = self.read_list(text) {
            return list;
        }
        // A time unit in the plural, as `units` writes it in English.
        if let Some(unit) = text
            .strip_suffix('s')
            .filter(|u| ["minute", "hour", "day"].contains(u))
        {
            return self.units(unit);
        }
        self.read_as_one_of(&without, text)
            .unwrap_or_else(|| text.to_string())
    }

    /// `text` read as the first of `templates` it fills, in this language.
    fn read_as_one_of(self, templates: &[&'static str], text: &str) -> Option<String> {
        for en in templates {
            for form in english_forms(en) {
                let Some(values) = unfill(&form, text) else {
                    continue;
                };
                // Names (of pools, classes, columns) stay as they are, even when one is
                // also a word of the catalogue (a pool called `staff`).
                let values: Vec<(&str, String)> = values
                    .into_iter()
                    .map(|(k, v)| match PROSE.contains(&k) {
                        true => (k, self.translate_as(v, false)),
                        // A list of names, its items apart as the language separates them.
                        false if LISTS.contains(&k) => (k, v.replace(", ", self.t(", "))),
                        false => (k, v.to_string()),
                    })
                    .collect();
                let pairs: Vec<(&str, &str)> =
                    values.iter().map(|(k, v)| (*k, v.as_str())).collect();
                return Some(self.fill(en, &pairs));
            }
        }
        None
    }

    /// `text` in brackets after what it qualifies: ` (text)` in English, `（text）` in
    /// Chinese, whose full-width brackets take no space before them.
    pub fn aside(self, text: &str) -> String {
        match self {
            Lang::En => format!(" ({text})"),
            Lang::Zh => format!("（{text}）"),
        }
    }

    /// The comma between two clauses or figures (not the items of a list, [`Lang::t`]`(", ")`).
    pub fn comma(self) -> &'static str {
        match self {
            Lang::En => ", ",
            Lang::Zh => "，",
        }
    }

    /// A time unit in the plural (`hours`, `小时`), as in "lead time in hours".
    pub fn units(self, unit: &str) -> String {
        match (self, unit) {
            (Lang::En, u) => format!("{u}s"),
            (Lang::Zh, "minute") => "分钟".to_string(),
            (Lang::Zh, "hour") => "小时".to_string(),
            (Lang::Zh, "day") => "天".to_string(),
            (Lang::Zh, u) => u.to_string(),
        }
    }

    /// Every message in this language, by its English text (for the web app's script).
    pub fn messages(self) -> Vec<(&'static str, &'static str)> {
        CATALOGUE.iter().map(|(k, _)| (*k, self.t(k))).collect()
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The places of the catalogue's texts that hold text of the catalogue in their turn (a
/// pool's load, a reason, a unit), which [`Lang::translate`] translates too.
///
/// In the scenario's problems: `got`, a value as the reader describes it ("a table");
/// `hint`, a guess at what was meant ([`HINT`]); `units`, a time unit in the plural;
/// `examples`, a list of rows that could not be used.
const PROSE: [&str; 11] = [
    "why", "message", "load", "unit", "achieved", "done", "got", "hint", "units", "examples", "day",
];

/// Places that hold a list of names joined by `, ` (or a count, which has no `, `).
const LISTS: [&str; 22] = [
    "keys", "names", "stages", "classes", "pools", "years", "missing", "variants", "others",
    "files", "covered", "known", "listed", "params", "built_in", "columns", "defaults", "values",
    "unstable", "weekdays", "chars", "ascii",
];

/// How a guess at what was meant begins, after the word it follows: a place called `hint`
/// holds one or is empty, so it may follow another place directly (the guess ends that
/// place's value).
const HINT: &str = " (did you mean ";

/// The catalogue's texts with `{name}` places, those that begin with fixed text first and
/// then the most specific (longest fixed text), so that a general one does not take a text
/// a specific one reads.
fn templates() -> &'static [&'static str] {
    static SORTED: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    SORTED.get_or_init(|| {
        let mut all: Vec<&'static str> = entries()
            .map(|(k, _)| *k)
            .filter(|k| !pieces(k).1.is_empty() && fixed_len(k) > 0)
            .collect();
        // Those that begin with fixed words first: "variant {variant}: {message}" must
        // take a variant's message before "{n} cases of class ..." reads "variant x: 2"
        // as a count. A quote is not a word: "{why}; the variants {variants} have it..."
        // must take its message before "`{walked}` has no `{key}`...; it has: {keys}"
        // reads the rest as a list.
        let worded = |k: &str| !pieces(k).0.trim_matches(['"', '`', '\'']).is_empty();
        all.sort_by_key(|k| (!worded(k), std::cmp::Reverse(fixed_len(k))));
        all
    })
}

/// Length of `en` outside its places.
fn fixed_len(en: &str) -> usize {
    let (first, rest) = pieces(en);
    first.len() + rest.iter().map(|(_, l)| l.len()).sum::<usize>()
}

/// `en` cut at its `{name}` places: the text before the first, then each name with the
/// text after it.
fn pieces(en: &str) -> (&str, Vec<(&str, &str)>) {
    let mut rest = Vec::new();
    let first_end = en.find('{').unwrap_or(en.len());
    let mut at = first_end;
    while at < en.len() {
        let Some(close) = en[at..].find('}').map(|i| at + i) else {
            break;
        };
        let name = &en[at + 1..close];
        let next = en[close + 1..]
            .find('{')
            .map_or(en.len(), |i| close + 1 + i);
        rest.push((name, &en[close + 1..next]));
        at = next;
    }
    (&en[..first_end], rest)
}

/// `en` as [`Lang::fill`] may have written it in English: each noun after a place in the
/// plural or, for a count of 1, in the singular.
fn english_forms(en: &str) -> Vec<String> {
    let (first, rest) = pieces(en);
    let mut forms = vec![first.to_string()];
    for (name, fixed) in rest {
        let mut options = vec![fixed.to_string()];
        if let Some((many, one)) = SINGULAR
            .iter()
            .find(|(many, _)| fixed.starts_with(&format!(" {many}")))
        {
            options.push(fixed.replacen(many, one, 1));
        }
        forms = forms
            .iter()
            .flat_map(|f| options.iter().map(move |o| format!("{f}{{{name}}}{o}")))
            .collect();
    }
    forms
}

/// The values of `en`'s places if `text` reads as `en` with them filled in (each value
/// non-empty and ending where the next fixed text first appears).
fn unfill<'t, 'e>(en: &'e str, text: &'t str) -> Option<Vec<(&'e str, &'t str)>> {
    let (first, rest) = pieces(en);
    let mut left = text.strip_prefix(first)?;
    let mut values = Vec::with_capacity(rest.len());
    for (i, (name, fixed)) in rest.iter().enumerate() {
        let end = if i + 1 == rest.len() {
            left.len()
                .checked_sub(fixed.len())
                .filter(|&e| left.is_char_boundary(e) && left[e..] == **fixed)?
        } else if fixed.is_empty() {
            // Only a hint may follow a place directly: the value ends where the hint
            // begins, or, without one, where the text after the hint does.
            let (next, after) = rest[i + 1];
            if next != "hint" {
                return None;
            }
            match left.find(HINT) {
                Some(e) => e,
                None if i + 2 == rest.len() => left.len().checked_sub(after.len())?,
                None => left.find(after)?,
            }
        } else {
            balanced_find(left, fixed)?
        };
        // A value is empty only when it is a hint, quoted (an empty name, `""`), or a list
        // that ends the text (of one empty name).
        let before = if i == 0 { first } else { rest[i - 1].1 };
        let quoted = ['"', '`', '\'']
            .into_iter()
            .any(|q| before.ends_with(q) && fixed.starts_with(q));
        let may_be_empty = *name == "hint" || quoted || (i + 1 == rest.len() && fixed.is_empty());
        if (end == 0 && !may_be_empty) || !left.is_char_boundary(end) {
            return None;
        }
        values.push((*name, &left[..end]));
        left = &left[end + fixed.len()..];
    }
    Some(values)
}

/// Where `fixed` first appears in `text` outside brackets that open before it (a value may
/// be a list or an example, `[{ to, p }, ...]`, with the text that follows it inside); else
/// where it first appears.
fn balanced_find(text: &str, fixed: &str) -> Option<usize> {
    let first = text.find(fixed)?;
    let mut depth = 0i32;
    let mut from = 0;
    for (i, _) in text.match_indices(fixed) {
        for c in text[from..i].chars() {
            match c {
                '[' | '{' | '(' => depth += 1,
                ']' | '}' | ')' => depth -= 1,
                _ => {}
            }
        }
        from = i;
        if depth <= 0 {
            return Some(i);
        }
    }
    Some(first)
}

/// `text` cut at each `; ` outside quotes and brackets (a value written in a point, `"x; y"`,
/// stays in it).
fn points(text: &str) -> Vec<&str> {
    let (mut out, mut from, mut quoted, mut depth) = (Vec::new(), 0, false, 0i32);
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '[' | '{' | '(' if !quoted => depth += 1,
            ']' | '}' | ')' if !quoted => depth -= 1,
            ';' if !quoted && depth <= 0 && text[i + 1..].starts_with(' ') => {
                out.push(&text[from..i]);
                from = i + 2;
            }
            _ => {}
        }
    }
    out.push(&text[from..]);
    out
}

/// Every text with its Chinese: the catalogue's, then the scenario's problems'.
fn entries() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    CATALOGUE.iter().chain(PROBLEMS)
}

/// English text and its Chinese translation, grouped by where they appear.
static CATALOGUE: &[(&str, &str)] = &[
    (" WD", " 个工作日"),
    (
        "(nothing run yet: change a setting and press Run)",
        "（尚未运行：修改设置后按“运行”）",
    ),
    (
        "{source} — {variant}, resolved by expansim {version} (runs as it is: expansim run FILE)",
        "{source} — {variant}，由 expansim {version} 展开（可直接运行：expansim run 文件）",
    ),
    ("95% CI", "95% 置信区间"),
    ("99.9% CI", "99.9% 置信区间"),
    ("the current process", "现行流程"),
    (
        "WARNING: listening on {address}: every computer that can reach this one can open the page and run simulations. Without --host, expansim serve listens on 127.0.0.1 (this computer only).",
        "警告：正在 {address} 上监听：凡能访问本机的计算机都能打开页面并运行仿真。不加 --host 时，expansim serve 只在 127.0.0.1 上监听（仅本机可用）。",
    ),
    (
        "expansim serve: {name} on http://{address}/ (runs at once: {n}; Ctrl-C to stop)",
        "expansim serve：{name}，地址 http://{address}/（可同时运行 {n} 个仿真；按 Ctrl-C 停止）",
    ),
    ("expansim serve: stopped", "expansim serve：已停止"),
    ("done in {seconds} s", "完成，用时 {seconds} 秒"),
    (
        "At {n} points, cases had not finished when their run ended, so their lead times are too short and a target on them may pass wrongly; the first, {point}: {message}",
        "有 {n} 个配置在运行结束时仍有未办结的工单，其办电时长因而偏短，针对办电时长的目标可能被误判为达标；第一个是 {point}：{message}",
    ),
    (
        "Shard {k}/{n}: {m} of the {p} points; the cheapest point and the Pareto front are found over all of them: merge the shards with expansim merge.",
        "分片 {k}/{n}：共 {p} 个配置中的 {m} 个；最省配置与帕累托前沿要在全部配置上求得：请用 expansim merge 合并各分片。",
    ),
    (
        r#"no variant named "{name}"{hint} in '{file}'; its variants: {variants}"#,
        r#"'{file}' 中没有名为 "{name}" 的方案{hint}；现有方案：{variants}"#,
    ),
    (
        r#"no variant named "{name}" in '{file}': the scenario defines no variants (a [variants.NAME] table defines one)"#,
        r#"'{file}' 中没有名为 "{name}" 的方案：该情景未定义任何方案（用 [variants.NAME] 表定义方案）"#,
    ),
    ("An error", "出错"),
    (
        "the server cannot be reached: it may have stopped; start expansim serve again and reload the page",
        "无法连接服务器：它可能已经停止；请重新启动 expansim serve 并刷新本页",
    ),
    ("Animated replay", "动画回放"),
    ("Arrival rates", "申请到达率"),
    ("excludes 0", "区间不含 0"),
    ("Case", "工单"),
    ("Change settings", "修改设置"),
    ("Changed settings", "修改后的设置"),
    (
        "A pool gets more work than it can do: its queue, and these figures, grow the longer the run is, so they are no result. Add staff to that pool or lower its work.",
        "有岗位的工作量超过其处理能力：其排队以及上表数值随仿真期加长而不断增大，不能作为结果。请给该岗位增加人员或减少其工作量。",
    ),
    ("Customer classes", "客户类别"),
    (
        "Difference in mean lead time ({unit}), variant minus {base}, with its 95% confidence interval from replications paired on common random numbers. Left of the black line: faster. An interval that does not cross the line is a real effect, not noise.",
        "平均办电时长之差（{unit}）：方案减去{base}，并给出基于公共随机数配对重复的 95% 置信区间。黑线左侧表示更快。区间不跨过黑线即为真实效果，而非随机波动。",
    ),
    ("Each redesign against {base}", "各改进方案与{base}对比"),
    (
        "Flow by class ({unit} per case; touch outside rework; flow efficiency: all touch ÷ lead time)",
        "按类别的流动（每件，单位{unit}；作业时间不含返工；流动效率 = 全部作业时间（含返工）÷ 办电时长）",
    ),
    ("Gantt of one case", "单个工单的甘特图"),
    ("Hand-off delays (mean)", "流转时间（均值）"),
    ("WD", "工作日"),
    ("hour", "小时"),
    ("minute", "分钟"),
    ("Lead time by class", "按客户类别的办电时长"),
    (
        "Lead time by class ({unit}; mean ± 95% CI half-width, {n} replications{clock})",
        "按客户类别的办电时长（{unit}；均值 ± 95% 置信区间半宽，{n} 次重复{clock}）",
    ),
    ("Lead-time distribution", "办电时长分布"),
    (
        "Mean time from application to energization, in {unit}, with its 95% confidence interval over the replications; P90: 9 in 10 cases finish sooner; flow efficiency: the share of a case's lead time in which staff work on it hands-on (mean over cases).",
        "从申请到送电的平均时间（{unit}），附各次重复得出的 95% 置信区间；P90：九成工单在此之前完成；流动效率：工单办电时长中员工实际作业所占的比例（各工单的平均值）。",
    ),
    (
        "Mean {unit} per finished case: queueing for staff, hands-on work by staff (working time only), tasks paused while their office is closed or their staff are on other duties (nights, weekends, holidays, part-time availability), hand-offs between departments, the customer's own time (documents, design, construction), and rework (from a rejection until the case is past the step that rejected it).",
        "每件已完成工单的平均用时（{unit}）：排队等待员工、员工实际作业（仅计工作时间）、因下班或员工另有职责而暂停（夜间、周末、节假日、兼职）、部门之间的流转、客户自身时间（资料、设计、施工），以及返工（从退回到越过退回环节为止）。",
    ),
    (
        "Hands-on work is {share} of a case's lead time in {variant}, over the classes (the flow efficiency of the headline table, a mean over cases).",
        "在{variant}中，各类别员工实际作业占工单办电时长的 {share}（即首表中的流动效率，各工单的平均值）。",
    ),
    ("Mon {date}", "周一 {date}"),
    ("Pause", "暂停"),
    ("Play", "播放"),
    ("Pools", "人员岗位"),
    ("Process map", "流程图"),
    ("Queues over time", "排队随时间变化"),
    ("Replications", "重复次数"),
    ("Results", "结果"),
    ("Results written to {dir}", "结果已写入 {dir}"),
    ("Rework probabilities", "返工概率"),
    ("Run", "运行"),
    ("expansim serve: stopping", "expansim serve：正在停止"),
    ("Running…", "运行中…"),
    ("Scenario and run", "情景与运行"),
    (
        "Share of finished cases by lead time ({unit}), all replications, one row per variant on the same scale; the black line is the mean.",
        "按办电时长（{unit}）统计的已完成工单比例，汇总全部重复，每个方案一行，刻度相同；黑色竖线为均值。",
    ),
    (
        "The red line marks the statutory limit converted to calendar time; the limit itself counts only the utility's working days (customer time excluded), so cases to its right may still meet it.",
        "红线为换算成日历时间的法定时限；时限本身只计供电企业的工作日（不含客户时间），因此红线右侧的工单仍可能在时限内。",
    ),
    (
        "Share of finished cases whose utility-side time (working days, customer time excluded) is within the class's limit; the line is the 95% confidence interval over the replications.",
        "供电企业侧用时（工作日，不含客户时间）在该类别时限内的已完成工单比例；横线为各次重复得出的 95% 置信区间。",
    ),
    ("Speed (simulated days a second)", "速度（每秒模拟天数）"),
    ("Staff", "人员数量"),
    ("Staff pools", "人员岗位"),
    ("Stages", "环节"),
    (
        "Mean {unit} per visit, all classes: waiting for staff on the first line, touch time below it (hands-on work at a staffed stage; elapsed time at a hand-off or the customer's own step). A dash: the variant has no such stage, or no case reached it.",
        "每次经过的平均{unit}数（全部类别）：第一行为等待人员处理的时间，下一行为处理时间（有人员的环节为实际作业时间；交接环节和客户自身环节为经过时间）。短横线：该方案没有此环节，或没有工单到达。",
    ),
    ("Staff utilisation", "人员利用率"),
    (
        "Stages, all classes ({unit} per visit; touch: hands-on work, or elapsed time)",
        "各环节，全部类别（每次经过的时长，{unit}；作业：实际作业或经过时间）",
    ),
    ("Statutory limit met", "法定时限内比例"),
    (
        "The baseline and the changed settings (side by side on a wide screen, else the baseline above), the same arrivals and times: one replication, cases as dots, queues as bars in front of each stage; closed days shaded on the clock.",
        "基准与修改后的设置（宽屏上左右并列，否则基准在上），到达与作业时间相同：一次重复，圆点为工单，各环节前的柱条为排队；时钟上阴影为休息日。",
    ),
    (
        "Time-average share of each pool's open capacity that is busy, and below a pool with member groups, of each group's. Pools marked in red have an offered load near (≥ 95 %) or above their capacity: queues there grow long or without bound.",
        "各岗位在开放时间内忙碌的时间平均比例；有人员组的岗位下方列出各组的比例。红色标记的岗位负荷接近（≥ 95%）或超过其能力：那里的排队会很长或无限增长。",
    ),
    ("Variant", "改进方案"),
    ("Variants", "改进方案"),
    (
        "What was simulated, so that a printed report can be reproduced: the same scenario, seed and replications give the same numbers.",
        "仿真内容如下，便于复现打印的报告：相同的情景、种子与重复次数得到相同的数字。",
    ),
    ("Where the time goes", "时间花在哪里"),
    (
        "Cases waiting for each pool in the first replication, over {span} {unit} after the warm-up: {shown}.",
        "第一次重复中各岗位的排队工单数，预热期后共 {span} {unit}：{shown}。",
    ),
    (
        "Shaded days are closed (weekends, holidays). Work piles up while the office is closed and is worked off after it reopens.",
        "阴影为休息日（周末、节假日）。下班期间工作积压，上班后逐步消化。",
    ),
    ("all", "全部"),
    ("raised", "调高"),
    ("Which inputs matter", "哪些输入影响最大"),
    ("arrival rate", "到达率"),
    ("time", "时长"),
    ("probability", "概率"),
    // Unlike `·` and `→`, of ambiguous width, these take two columns in every Chinese
    // console, so tables stay aligned there too.
    ("→ {target} probability", "转至{target}的概率"),
    ("{input} · {what}", "{input}：{what}"),
    ("rework probability", "返工概率"),
    ("end", "办结"),
    ("start", "申请"),
    ("Find out", "开始分析"),
    (
        "Every input of the changed settings raised and lowered on its own: which ones move lead times and the share within the limit most. Each change runs on the replications set on the left, so this takes many times as long as Run.",
        "将调整后设置中的每项输入单独调高、调低，看哪些对办电时长和时限内完成比例影响最大。每项变化都按左侧设置的重复次数运行，耗时是“运行”的许多倍。",
    ),
    (
        "Each input of the changed settings raised and lowered on its own (staff by one; arrival rates, times and probabilities by {pct}), against those settings, on {n} replications with common random numbers: the bar is the mean paired difference, the line its 95% confidence interval; the {top} largest effects, largest first. {runs} runs.",
        "调整后设置中的每项输入单独调高、调低（人员增减一人；到达率、时长和概率增减 {pct}），与调整后设置对比，{n} 次重复，使用公共随机数：条形为配对差值的均值，横线为其 95% 置信区间；列出影响最大的 {top} 项，从大到小。共 {runs} 次运行。",
    ),
    ("lowered", "调低"),
    ("arrivals per {unit}", "每{unit}到达数"),
    ("calendar", "日历"),
    ("cases simulated", "仿真工单数"),
    ("change", "变化"),
    ("class", "类别"),
    ("command", "命令"),
    ("customer", "客户"),
    (
        "Interrupted while pairing points on common random numbers: the points not paired are judged by their intervals alone (every point ran; run the sweep again with --force for the pairing).",
        "在以公共随机数配对比较时被中断：未配对的配置只按其区间判断（所有配置均已运行；加 --force 重新运行扫描即可得到配对比较）。",
    ),
    ("routing", "分流"),
    ("customer side", "客户自身时间"),
    ("day", "天"),
    ("difference", "差值"),
    ("diff. (pp)", "差值（百分点）"),
    // Days of a calendar's week, as its problems name them.
    ("monday", "星期一"),
    ("tuesday", "星期二"),
    ("wednesday", "星期三"),
    ("thursday", "星期四"),
    ("friday", "星期五"),
    ("saturday", "星期六"),
    ("sunday", "星期日"),
    ("make-up days", "调休上班日"),
    ("expansim report", "expansim 报告"),
    ("external", "外部"),
    ("finished", "结束时间"),
    ("flow efficiency", "流动效率"),
    ("hand-off", "流转"),
    ("in parallel", "并行"),
    ("{share} beyond {x} {unit}", "{share} 超过 {x} {unit}"),
    ("hand-offs", "部门流转"),
    ("hands-on work", "实际作业"),
    ("touch, first pass", "首轮作业"),
    ("kind", "类型"),
    ("lead time", "办电时长"),
    ("lead time ({unit})", "办电时长（{unit}）"),
    (
        "mean time per finished case ({unit})",
        "每件办结工单的平均用时（{unit}）",
    ),
    (
        "share of finished cases within the limit",
        "时限内办结工单占比",
    ),
    (
        "difference in mean lead time ({unit})",
        "平均办电时长之差（{unit}）",
    ),
    (
        "share of open staff time at work",
        "人员在岗时间中忙碌的比例",
    ),
    (
        "change against the baseline ({unit})",
        "与基准相比的变化（{unit}）",
    ),
    ("cases waiting", "排队件数"),
    ("members: {members}", "成员：{members}"),
    (
        "Reset every setting to the scenario's value",
        "全部恢复为情景中的原值",
    ),
    (
        "the current process, with the values set on the command line",
        "现行流程（已按命令行设定的值修改）",
    ),
    ("time ({unit})", "时长（{unit}）"),
    ("limit met", "时限内"),
    ("limit {value}{rest}", "时限 {value}{rest}"),
    ("mean waiting time", "平均等待时间"),
    ("n/a", "不适用"),
    ("near saturation", "接近饱和"),
    ("no", "否"),
    ("load {load} ({share})", "负荷 {load}（{share}）"),
    (
        "Each pool's staff, and below it the work offered to it in staff-equivalents: how many members it would keep busy all their open time (its share of the capacity).",
        "各岗位的人数，其下为分到该岗位的工作折合的人数：这些工作可让多少人在其全部工作时间里一直忙碌（括号内为占能力的比例）。",
    ),
    ("paused while closed", "下班暂停"),
    ("pool", "岗位"),
    ("queue length", "排队数"),
    ("replications", "重复次数"),
    ("checking the warm-up", "检查预热期"),
    (
        "No change of an input moved this figure: it came out the same in every replication of every change.",
        "没有任何输入的改变使该指标变动：每项改变的每次重复结果都与基准相同。",
    ),
    ("rework", "返工"),
    ("reworks", "返工次数"),
    ("warning: ", "警告："),
    ("Error: ", "错误："),
    (
        r#"interrupted by {signal}: {done} finished and written to {dir} (run.json says "complete": false); continue with: expansim {command} --resume {dir}"#,
        r#"已因 {signal} 中断：{done}已完成并写入 {dir}（run.json 记为 "complete": false）；继续运行：expansim {command} --resume {dir}"#,
    ),
    (
        r#"interrupted by {signal}: {done} finished and written to {dir} (run.json says "complete": false) ('{out}' keeps the previous result until the continued run completes and replaces it); continue with: expansim {command} --resume {dir}"#,
        r#"已因 {signal} 中断：{done}已完成并写入 {dir}（run.json 记为 "complete": false；'{out}' 保留上次的结果，直到继续运行完成后才被替换）；继续运行：expansim {command} --resume {dir}"#,
    ),
    (
        r#"interrupted by {signal}: {done} finished and written to {dir} (run.json says "complete": false), because '{out}' came to hold files expansim did not write ({names}) and is left as it is; continue with: expansim {command} --resume {dir}"#,
        r#"已因 {signal} 中断：{done}已完成并写入 {dir}（run.json 记为 "complete": false），因为运行期间有人在 '{out}' 中放入了不是 expansim 写入的文件（{names}），该文件夹保持原样；继续运行：expansim {command} --resume {dir}"#,
    ),
    (
        "interrupted by {signal} while pairing points on common random numbers: every point finished and is written to {dir}; run expansim {command} again with --force for the pairing",
        "已因 {signal} 在以公共随机数配对比较时中断：所有配置均已完成并写入 {dir}；加 --force 重新运行 expansim {command} 即可得到配对比较",
    ),
    ("{done} of {total} points", "{total} 个配置中的 {done} 个"),
    (
        "{done} of {total} replications",
        "{total} 次重复中的 {done} 次",
    ),
    ("{done} replications", "{done} 次重复"),
    (
        "all {n} replications (not yet their {outputs})",
        "全部 {n} 次重复（其{outputs}尚未写出）",
    ),
    (
        "all {n} replications of each variant (not yet their {outputs})",
        "每个方案的全部 {n} 次重复（其{outputs}尚未写出）",
    ),
    ("event log", "事件日志"),
    ("case table", "案例表"),
    ("report", "报告"),
    (" or ", "和"),
    (
        "{done} of {total} replications each",
        "各方案的重复次数 {done}（每个方案共 {total} 次）",
    ),
    (
        "member group {group} of pool {pool} works to calendar `{calendar}`, which has no public holidays, while the pool's calendar `{pool_calendar}` has them: its members work on holidays and not on make-up days; if they have the holidays off, give `{calendar}` the holiday files (include = [...])",
        "岗位 {pool} 的人员组 {group} 按日历 `{calendar}` 上班，该日历没有法定节假日，而岗位的日历 `{pool_calendar}` 有：这组人员会在节假日照常上班、在调休上班日休息；如果他们节假日休息，请给 `{calendar}` 加上节假日文件（include = [...]）",
    ),
    (
        "calendar `{calendar}` is never open from the start date {date} to the end of the horizon (every day closed or a holiday): the pools, arrivals and working-day times that keep it stand still; check its days, hours and holidays",
        "日历 `{calendar}` 从开始日期 {date} 到仿真期末一天也不开放（每天都休息或是节假日）：按它工作的岗位、按它到达的申请和按工作日计的时间都会停住不动；请检查它的工作日、上班时间和节假日",
    ),
    (
        "pool {pool} is unstable: offered load {load}, at or above its capacity, so its queue grows without bound; add staff or reduce the work routed to it",
        "岗位 {pool} 不稳定：负荷{load}，达到或超过其能力，排队会无限增长；请增加人员，或减少分到该岗位的工作",
    ),
    (
        "class {class}'s weekday_profile gives {days}, but its arrival calendar `{calendar}` is never open on those weekdays, so those multipliers are never used; open the calendar on them, or set them to 0",
        "类别 {class} 的 weekday_profile 给出了 {days}，但其到达日历 `{calendar}` 在这些星期几从不开放，因此这些乘数从未使用；请在这些日子开放日历，或将其设为 0",
    ),
    (
        "class {class} has no arrivals from the warm-up to the horizon: its weekday and month profiles give none in the open time of those days (weekends only on a Monday-Friday arrival calendar, a season the run does not reach), so its results stay empty; give one of those days a positive multiplier, or run longer",
        "类别 {class} 从预热期结束到仿真期末没有任何到达：它的星期和月份系数在这些日子的开放时间内都为 0（例如周一至周五的到达日历只给了周末系数，或仿真期未覆盖的季节），其结果将为空；请为其中某天设置正的系数，或延长仿真期",
    ),
    (
        "pool {pool} is near saturation: offered load {load}; queues will be long and slow to settle",
        "岗位 {pool} 接近饱和：负荷{load}；排队会很长，且要很久才能稳定",
    ),
    (
        "pool {pool} is near saturation: offered load {load}; queues will be long and slow to settle: about {relaxation} {units} to forget the empty start (the relaxation time of an M/M/c queue so loaded), longer than a warm-up of {warmup} and {observed} {units} after it allow, so its waits come out too short; give the run a warm-up of at least {warmup_needed} {units} and at least {observed_needed} after it",
        "岗位 {pool} 接近饱和：负荷{load}；排队会很长，且要很久才能稳定：约需 {relaxation} {units}才能摆脱空载起步的影响（同样负荷的 M/M/c 排队的松弛时间），超过了预热期 {warmup} {units}及其后 {observed} {units}的仿真所能容纳的长度，因此其等待时间会偏短；请将预热期设为至少 {warmup_needed} {units}，其后至少仿真 {observed_needed} {units}",
    ),
    (
        "the warm-up is short beside how long the slowest queues take to forget the empty start (the relaxation time of an M/M/c queue at their offered load, in {units}: {pools}): with a warm-up of {warmup} and {observed} {units} after it, their waits and the lead times through them come out too short; give the run a warm-up of at least {warmup_needed} {units} (three times the longest) and at least {observed_needed} after it (five times)",
        "预热期短于稳定最慢的几个队列摆脱空载起步影响所需的时间（按各岗位负荷计算的 M/M/c 排队松弛时间，单位{units}：{pools}）：预热 {warmup} {units}、其后仿真 {observed} {units}，这些岗位的等待时间和经过它们的办电时长都会偏短；请将预热期设为至少 {warmup_needed} {units}（最长松弛时间的三倍），其后至少仿真 {observed_needed} {units}（五倍）",
    ),
    (
        "pool {pool} is near saturation: offered load {load}; queues will be long and slow to settle: about {relaxation} {units} to forget the empty start (the relaxation time of an M/M/c queue so loaded), longer than a warm-up of {warmup} and {observed} {units} after it allow, so its waits come out too short; give the run a warm-up of at least {warmup_needed} {units}",
        "岗位 {pool} 接近饱和：负荷{load}；排队会很长，且要很久才能稳定：约需 {relaxation} {units}才能摆脱空载起步的影响（同样负荷的 M/M/c 排队的松弛时间），超过了预热期 {warmup} {units}及其后 {observed} {units}的仿真所能容纳的长度，因此其等待时间会偏短；请将预热期设为至少 {warmup_needed} {units}",
    ),
    (
        "pool {pool} is near saturation: offered load {load}; queues will be long and slow to settle: about {relaxation} {units} to forget the empty start (the relaxation time of an M/M/c queue so loaded), longer than a warm-up of {warmup} and {observed} {units} after it allow, so its waits come out too short; give the run at least {observed_needed} {units} after the warm-up",
        "岗位 {pool} 接近饱和：负荷{load}；排队会很长，且要很久才能稳定：约需 {relaxation} {units}才能摆脱空载起步的影响（同样负荷的 M/M/c 排队的松弛时间），超过了预热期 {warmup} {units}及其后 {observed} {units}的仿真所能容纳的长度，因此其等待时间会偏短；请在预热期后至少仿真 {observed_needed} {units}",
    ),
    (
        "the warm-up is short beside how long the slowest queues take to forget the empty start (the relaxation time of an M/M/c queue at their offered load, in {units}: {pools}): with a warm-up of {warmup} and {observed} {units} after it, their waits and the lead times through them come out too short; give the run a warm-up of at least {warmup_needed} {units} (three times the longest)",
        "预热期短于稳定最慢的几个队列摆脱空载起步影响所需的时间（按各岗位负荷计算的 M/M/c 排队松弛时间，单位{units}：{pools}）：预热 {warmup} {units}、其后仿真 {observed} {units}，这些岗位的等待时间和经过它们的办电时长都会偏短；请将预热期设为至少 {warmup_needed} {units}（最长松弛时间的三倍）",
    ),
    (
        "the warm-up is short beside how long the slowest queues take to forget the empty start (the relaxation time of an M/M/c queue at their offered load, in {units}: {pools}): with a warm-up of {warmup} and {observed} {units} after it, their waits and the lead times through them come out too short; give the run at least {observed_needed} {units} after the warm-up (five times the longest)",
        "预热期短于稳定最慢的几个队列摆脱空载起步影响所需的时间（按各岗位负荷计算的 M/M/c 排队松弛时间，单位{units}：{pools}）：预热 {warmup} {units}、其后仿真 {observed} {units}，这些岗位的等待时间和经过它们的办电时长都会偏短；请在预热期后至少仿真 {observed_needed} {units}（最长松弛时间的五倍）",
    ),
    (
        "{load} staff-equivalents for {staff} staff ({share})",
        "折合 {load} 人，现有 {staff} 人（{share}）",
    ),
    (
        "{load} staff-equivalents for {staff} staff, who carry {capacity} with their hours, speeds and days away ({share})",
        "折合 {load} 人，现有 {staff} 人，按各自的工作时间、速度和缺勤折合能力 {capacity} 人（{share}）",
    ),
    ("variant {variant}: {message}", "方案 {variant}：{message}"),
    ("variant current: {message}", "现行流程：{message}"),
    (
        "class {class} arrives {rate} times per {unit} in the long run, against {base} in the current process, after --set {assignment}: the variants no longer meet the same demand (a rate per working day counts the working days of the calendar the class arrives by, which this variant changes)",
        "类别 {class} 长期平均每{unit}到达 {rate} 件，现行流程为 {base} 件（--set {assignment} 之后）：各方案面对的需求已不相同（按工作日计的到达率按该类别到达所依的日历计工作日，而本方案改了这个日历）",
    ),
    ("{file}: ok", "{file}：通过"),
    (
        "{file}: valid, with variants {variants}; unstable: {unstable} (a pool is offered at least as much work as it can do, below), so their runs give no result",
        "{file}：格式有效，含方案 {variants}；不稳定的方案：{unstable}（有岗位的工作量达到或超过其处理能力，见下），其仿真结果没有意义",
    ),
    (
        "{file}: valid, but unstable: a pool is offered at least as much work as it can do (below), so its queue grows without bound and a run gives no result",
        "{file}：格式有效，但不稳定：有岗位的工作量达到或超过其处理能力（见下），其队列会无限增长，仿真结果没有意义",
    ),
    (
        "{file}: ok, with variants {variants}",
        "{file}：通过，含方案 {variants}",
    ),
    ("{share} of the mean", "均值的 {share}"),
    (
        "not known: fewer than two replications give no interval",
        "未知：少于两次重复，无法给出区间",
    ),
    (
        "precision: met after {n} replications (largest 95% half-width of mean lead time {achieved}; target {target})",
        "精度：{n} 次重复后已达到（平均办电时长 95% 置信区间的最大半宽为{achieved}；目标 {target}）",
    ),
    (
        "precision: not met after {n} replications (largest 95% half-width of mean lead time {achieved}; target {target}; --max-replications {max} reached)",
        "精度：{n} 次重复后仍未达到（平均办电时长 95% 置信区间的最大半宽为{achieved}；目标 {target}；已到 --max-replications {max}）",
    ),
    (
        "pool {pools} has no `cost`, so its staff count as free in the search's costs",
        "岗位 {pools} 没有设置 `cost`，搜索计算成本时其人员按零成本计",
    ),
    (
        "pools {pools} have no `cost`, so their staff count as free in the search's costs",
        "岗位 {pools} 没有设置 `cost`，搜索计算成本时其人员按零成本计",
    ),
    (
        "pools {pools} have no `cost`, so their staff count as free in the sweep's costs",
        "岗位 {pools} 没有设置 `cost`，扫描计算成本时其人员按零成本计",
    ),
    (
        "pool {pools} has no `cost`, so its staff count as free in the sweep's costs",
        "岗位 {pools} 没有设置 `cost`，扫描计算成本时其人员按零成本计",
    ),
    (
        "{pools} also has a cost but no --range, so it stays at today's size in every point; add a --range to size it",
        "{pools} 也设置了成本但没有 --range，因此每个配置都保持现有人数；要一并优化，请为它加上 --range",
    ),
    (
        "{pools} also have a cost but no --range, so they stay at today's size in every point; add a --range to size them",
        "{pools} 也设置了成本但没有 --range，因此每个配置都保持现有人数；要一并优化，请为它们加上 --range",
    ),
    (
        "{n} cases of class {class} over {replications} replications had not finished when the run ended ({time} {unit}, 3 x the horizon), and none of the class had, so it has no lead times: if a pool is unstable, add staff or lower its load, else lengthen the horizon (see censored_cases in summary.csv)",
        "类别 {class} 在 {replications} 次重复中共有 {n} 件到运行结束（{time} {unit}，即仿真期的 3 倍）仍未办结，且该类别无一办结，因此没有办电时长：若有岗位不稳定，请增加人员或降低其负荷，否则请延长仿真期（见 summary.csv 中的 censored_cases）",
    ),
    (
        "{n} cases of class {class} over {replications} replications had not finished when the run ended ({time} {unit}, 3 x the horizon), and none of the class had, so it has no lead times: if a pool is unstable, add staff or lower its load, else run the command line shown under the figures with a longer horizon (add --set scenario.horizon=...)",
        "类别 {class} 在 {replications} 次重复中共有 {n} 件到运行结束（{time} {unit}，即仿真期的 3 倍）仍未办结，且该类别无一办结，因此没有办电时长：若有岗位不稳定，请增加人员或降低其负荷，否则请按结果下方显示的命令行、以更长的仿真期重新运行（加上 --set scenario.horizon=...）",
    ),
    (
        "{n} cases of class {class} over {replications} replications had not finished when the run ended ({time} {unit}, 3 x the horizon); lead times leave them out and are too short: lengthen the horizon (see censored_cases in summary.csv)",
        "类别 {class} 在 {replications} 次重复中共有 {n} 件到运行结束（{time} {unit}，即仿真期的 3 倍）仍未办结；办电时长未计入这些工单，因而偏短：请延长仿真期（见 summary.csv 中的 censored_cases）",
    ),
    (
        "{n} cases of class {class} over {replications} replications had not finished when the run ended ({time} {unit}, 3 x the horizon); lead times leave them out and are too short: run the command line shown under the figures with a longer horizon (add --set scenario.horizon=...)",
        "类别 {class} 在 {replications} 次重复中共有 {n} 件到运行结束（{time} {unit}，即仿真期的 3 倍）仍未办结；办电时长未计入这些工单，因而偏短：请按结果下方显示的命令行、以更长的仿真期重新运行（加上 --set scenario.horizon=...）",
    ),
    (
        r#"calendar `{calendar}` lists public holidays for {years} only, but the run simulated {first} to {last}, before and after them: outside them it follows its plain weekly pattern with no holidays; include calendar files with the holidays of {missing}, or set `scenario.start_date` and the horizon within the years it covers"#,
        "日历 `{calendar}` 只列出了 {years} 年的法定节假日，但本次运行模拟了 {first} 至 {last}，早于且晚于这些年份：在其之外只按每周固定作息，没有节假日；请加入含 {missing} 年节假日的日历文件，或将 `scenario.start_date` 和模拟时长设在已覆盖的年份内",
    ),
    (
        r#"calendar `{calendar}` lists public holidays for {years} only, but the run simulated dates in {missing}, between them: in those years it follows its plain weekly pattern with no holidays; include a calendar file with the holidays of {missing}"#,
        "日历 `{calendar}` 只列出了 {years} 年的法定节假日，但本次运行模拟了两者之间的 {missing} 年：这些年份只按每周固定作息，没有节假日；请加入含 {missing} 年节假日的日历文件",
    ),
    (
        r#"calendar `{calendar}` lists public holidays for {years} only, but the run starts on {first}, before them: until they begin it follows its plain weekly pattern with no holidays; include a calendar file with the holidays of {missing}, or set `scenario.start_date` within the years it covers"#,
        "日历 `{calendar}` 只列出了 {years} 年的法定节假日，但本次运行从 {first} 开始，早于这些年份：在此之前只按每周固定作息，没有节假日；请加入含 {missing} 年节假日的日历文件，或将 `scenario.start_date` 设在已覆盖的年份内",
    ),
    (
        r#"calendar `{calendar}` lists public holidays for {years} only, but the run simulated dates up to {last}: from {first} it follows its plain weekly pattern with no holidays; include a calendar file with the holidays of {missing} (include = [...] takes a list of files), or shorten the horizon"#,
        "日历 `{calendar}` 只列出了 {years} 年的法定节假日，但本次运行仿真到 {last}：从 {first} 起只按每周固定作息，没有节假日；请加入含 {missing} 年节假日的日历文件（include = [...] 可列出多个文件），或缩短仿真期",
    ),
    (
        "unstable: {why}; the process cannot keep up: add staff or lower the arrival rate (the offered-load warning names the pool)",
        "不稳定：{why}；流程处理不过来：请增加人员或降低到达率（负荷警告中写明了是哪个岗位）",
    ),
    (
        "the queue at pool `{pool}` passed {n} cases",
        "岗位 `{pool}` 的排队超过了 {n} 件",
    ),
    (
        "more than {n} cases were in the process at once",
        "同时在办的工单超过了 {n} 件",
    ),
    (
        "{why}, at {time} {unit}",
        "{why}（仿真时间第 {time} {unit}）",
    ),
    ("{why} in replication {r}", "{why}，发生在第 {r} 次重复"),
    (
        "{wide_msg} [{bar:20}] {pos}/{len} replications, {elapsed_precise} elapsed, eta {left}",
        "{wide_msg} [{bar:20}] {pos}/{len} 次重复，已用 {elapsed_precise}，约剩 {left}",
    ),
    (
        "{wide_msg} [{bar:20}] {pos}/{len} scenarios, {elapsed_precise} elapsed, eta {left}",
        "{wide_msg} [{bar:20}] {pos}/{len} 个情景，已用 {elapsed_precise}，约剩 {left}",
    ),
    (
        "{wide_msg} {spinner} {pos} replications (budget {len}), {elapsed_precise} elapsed",
        "{wide_msg} {spinner} 已做 {pos} 次重复（上限 {len}），已用 {elapsed_precise}",
    ),
    ("verify", "理论验证"),
    // `verify`: the checks and the quantities compared (formulas as they are).
    ("Jackson rework", "Jackson 返工网络"),
    ("fork/join", "分叉/汇合"),
    ("M/M/1 priority", "M/M/1 优先级"),
    ("office hours", "办公时间"),
    ("M/M/2 fast and slow", "M/M/2 快慢服务台"),
    (
        "mean time in system W = 1/(mu-lambda)",
        "平均逗留时间 W = 1/(mu-lambda)",
    ),
    (
        "mean wait Wq = rho/(mu-lambda)",
        "平均等待时间 Wq = rho/(mu-lambda)",
    ),
    (
        "P90 of time in system = ln(10)/(mu-lambda)",
        "逗留时间 P90 = ln(10)/(mu-lambda)",
    ),
    (
        "queue length Lq = rho^2/(1-rho)",
        "排队长度 Lq = rho^2/(1-rho)",
    ),
    ("utilisation = rho", "利用率 = rho"),
    (
        "Little's law L - lambda W (whole system)",
        "Little 定律 L - lambda W（整个系统）",
    ),
    (
        "mean wait Wq = C(c,a)/(c mu - lambda)",
        "平均等待时间 Wq = C(c,a)/(c mu - lambda)",
    ),
    (
        "mean time in system W = Wq + 1/mu",
        "平均逗留时间 W = Wq + 1/mu",
    ),
    ("queue length Lq = lambda Wq", "排队长度 Lq = lambda Wq"),
    (
        "Little's law Lq - lambda Wq (pool servers)",
        "Little 定律 Lq - lambda Wq（岗位 servers）",
    ),
    (
        "mean wait Wq = lambda E[S^2]/(2(1-rho))",
        "平均等待时间 Wq = lambda E[S^2]/(2(1-rho))",
    ),
    (
        "mean time in system W = Wq + E[S]",
        "平均逗留时间 W = Wq + E[S]",
    ),
    (
        "Little's law Lq - lambda Wq (pool server)",
        "Little 定律 Lq - lambda Wq（岗位 server）",
    ),
    (
        "wait per visit at accept (M/M/4, lambda/(1-p))",
        "accept 每次到访的等待时间（M/M/4，lambda/(1-p)）",
    ),
    (
        "wait per visit at review (M/M/3, lambda/(1-p))",
        "review 每次到访的等待时间（M/M/3，lambda/(1-p)）",
    ),
    (
        "lead time = (W_accept + W_review)/(1-p)",
        "办电时长 = (W_accept + W_review)/(1-p)",
    ),
    ("rework loops per case = p/(1-p)", "每件返工次数 = p/(1-p)"),
    (
        "Little's law Lq - lambda Wq (pool desk)",
        "Little 定律 Lq - lambda Wq（岗位 desk）",
    ),
    (
        "Little's law Lq - lambda Wq (pool review)",
        "Little 定律 Lq - lambda Wq（岗位 review）",
    ),
    (
        "Little's law L - lambda W (whole process)",
        "Little 定律 L - lambda W（整个流程）",
    ),
    (
        "mean response = (12 - rho)/8 / (mu - lambda)",
        "平均响应时间 = (12 - rho)/8 / (mu - lambda)",
    ),
    (
        "wait at one branch = rho/(mu-lambda)",
        "单个分支的等待时间 = rho/(mu-lambda)",
    ),
    (
        "{class}: mean wait W0/((1-s_above)(1-s_with))",
        "{class}：平均等待时间 W0/((1-s_above)(1-s_with))",
    ),
    (
        "{class}: mean time in system = Wq + E[S]",
        "{class}：平均逗留时间 = Wq + E[S]",
    ),
    (
        "all classes: wait = sum(lambda_k Wq_k)/lambda",
        "所有类别：等待时间 = sum(lambda_k Wq_k)/lambda",
    ),
    (
        "Little's law Lq - lambda Wq (with closed hours)",
        "Little 定律 Lq - lambda Wq（含非办公时间）",
    ),
    (
        "utilisation = lambda E[S] / (c * open share)",
        "利用率 = lambda E[S] / (c * 开放时间占比)",
    ),
    (
        "mean wait Wq (Markov chain)",
        "平均等待时间 Wq（马尔可夫链）",
    ),
    (
        "fast server busy (Markov chain)",
        "快服务台忙碌比例（马尔可夫链）",
    ),
    (
        "slow server busy (Markov chain)",
        "慢服务台忙碌比例（马尔可夫链）",
    ),
    ("sweep", "参数扫描"),
    (
        "Stopping: the work under way finishes and what is done is written; press Ctrl-C again to quit at once, without writing.",
        "正在停止：进行中的工作完成后写出已完成的部分；再按一次 Ctrl-C 立即退出，不写出结果。",
    ),
    (
        "Stopping on SIGTERM: the work under way finishes and what is done is written; a second SIGTERM or Ctrl-C quits at once, without writing.",
        "收到 SIGTERM，正在停止：进行中的工作完成后写出已完成的部分；再收到一次 SIGTERM 或 Ctrl-C 立即退出，不写出结果。",
    ),
    (
        "Stopping: the work under way finishes, then the command ends without writing its files (an answer cut short is none); press Ctrl-C again to quit at once.",
        "正在停止：进行中的工作完成后命令结束，不写出结果文件（中途停止的搜索没有答案）；再按一次 Ctrl-C 立即退出。",
    ),
    (
        "Stopping on SIGTERM: the work under way finishes, then the command ends without writing its files (an answer cut short is none); a second SIGTERM or Ctrl-C quits at once.",
        "收到 SIGTERM，正在停止：进行中的工作完成后命令结束，不写出结果文件（中途停止的搜索没有答案）；再收到一次 SIGTERM 或 Ctrl-C 立即退出。",
    ),
    ("the changed settings: {message}", "修改后的设置：{message}"),
    (
        "pairing points on common random numbers",
        "以公共随机数配对重跑各配置",
    ),
    ("checking the fitted scenario", "检验拟合的情景"),
    ("optimize", "优化"),
    (
        "Not confirmed: every cheaper point that cannot take one more member of staff was checked, and none meets every target at its bound, but some stayed undecided (below).",
        "未确认：所有不能再加一人的更便宜配置均已检验，没有一个在置信界上满足全部目标，但有些仍未判定（见下）。",
    ),
    (
        "Warning: the office hours found ({periods}) lie mostly at night: if the log's times without an offset are not on the office's clock (UTC, or another zone), give the zone they are in with --timezone (now {zone}); if the office's clock is not {office}, give it with --office-timezone; then fit again",
        "警告：找到的办公时间（{periods}）大多在夜间：若日志中未写时区偏移的时间不是本单位的时钟（UTC 或其他时区），请用 --timezone 给出其所在时区（当前为 {zone}）；若本单位的时钟不是 {office}，请用 --office-timezone 给出；然后重新拟合",
    ),
    (
        "Warning: no shipped Chinese holiday calendar covers {years} (they cover {covered}), so the fitted calendar has no public holidays in those years; if the office closed on them, list them under `holidays` in [calendars.office]",
        "警告：随附的中国节假日日历不含 {years} 年（只含 {covered} 年），因此拟合出的日历在这些年份没有法定节假日；若单位在这些日子不上班，请在 [calendars.office] 的 `holidays` 中列出",
    ),
    (
        "{what}: n = {n}, mean {mean} {unit}; {method}",
        "{what}：n = {n}，均值 {mean} {unit}；{method}",
    ),
    ("days", "天"),
    (
        "rework by attempt from {n} visits; none after attempt {max}",
        "按返工次数分别估计，依据 {n} 次办理；第 {max} 次之后不再返工",
    ),
    (
        "rework by attempt from {n} visits",
        "按返工次数分别估计，依据 {n} 次办理",
    ),
    (
        "The log gives no enabled times: the waiting of its steps is estimated, from the last moment before each started at which a member of its pool was free. If the log holds every case its staff worked on, that may be too long, and a hand-off found before it too short; if it holds only some (a sample), staff look free while they worked on the others, and the waits come out too short, taken as hand-offs.",
        "日志没有“就绪时间”：各环节在日志中的等待时间是估计值，取其开始前该班组最后一次有人空闲的时刻起算。若日志含其人员经办的全部工单，该值可能偏长，其前的交接时间则可能偏短；若只含部分工单（抽样），人员在办理其余工单时看似空闲，等待时间就会偏短，并被当作交接时间。",
    ),
    (
        "visits of each attempt: {each}",
        "各次办理的次数（第几次：次数）：{each}",
    ),
    (
        "rework by attempt from {n} visits; one probability fits every attempt",
        "按返工次数分别估计，依据 {n} 次办理；各次返工可用同一概率",
    ),
    (
        "directly-follows over {n} visits",
        "直接后继关系，依据 {n} 次办理",
    ),
    (
        "From the times {whose} ({share} % of starts and ends fall in these hours).",
        "根据{whose}的时刻推得（{share}% 的开始与结束时刻落在这些时段内）。",
    ),
    ("staffed work starts and ends", "人员办理的工作开始和结束"),
    ("this pool's work starts and ends", "本岗位的工作开始和结束"),
    (
        "No shipped Chinese holiday calendar covers {years}: public holidays of those years are not in this calendar.",
        "随附的中国节假日日历不含 {years} 年：这些年份的法定节假日不在此日历中。",
    ),
    (
        "No work starts or ends on the Chinese public holidays; work on the make-up days (调休) where the log has them.",
        "法定节假日没有工作开始或结束；日志中的调休上班日有工作。",
    ),
    (
        "Work on the Chinese public holidays is as rare as on a closed day (on {dates}: {n} of the {spanned} holidays on working weekdays in the log), so it is taken as overtime and the holidays are closed; work on the make-up days (调休) where the log has them.",
        "法定节假日的工作与休息日一样少见（{dates}：日志中落在工作日的 {spanned} 个节假日中有 {n} 个），按加班处理，节假日仍为休息日；日志中的调休上班日有工作。",
    ),
    ("and {n} more days", "另有 {n} 天"),
    (
        "Warning: {n} rows end before the last columns of the header (the first: {first}); their {columns} are taken as empty",
        "警告：有 {n} 行在表头的最后几列之前就结束了（第一处：{first}）；这些行的 {columns} 按空值处理",
    ),
    (
        "Note: work on public holidays ({dates}) is taken as overtime; the fitted calendar keeps the Chinese public holidays closed",
        "注意：法定节假日（{dates}）的工作按加班处理；拟合的日历中节假日仍为休息日",
    ),
    (
        "Fitted by `expansim fit` from {source}: {records} activity instances of {cases} cases, {from} to {to} ({days} days of arrivals).",
        "由 `expansim fit` 根据 {source} 拟合：{cases} 个工单的 {records} 条作业记录，{from} 至 {to}（到达期 {days} 天）。",
    ),
    (
        "Besides them, {n} hand-offs: gaps between one step's end and the next step's readiness that queueing does not explain.",
        "此外还有 {n} 次流转：从一个环节结束到下一环节就绪之间、排队无法解释的间隔。",
    ),
    (
        r#"Every fitted number says what it rests on. Times: bare numbers are days; "h" are working hours of staff work."#,
        r#"每个拟合数值旁都注明其依据。时间：不带单位的数字为天；"h" 为人员工作的工作小时。"#,
    ),
    (
        "Rows not used: {missing} missing a field, {reversed} ending before they start, {unpaired} unpaired XES events, {other} XES events of another lifecycle transition than start or complete, {duplicates} exact duplicates of another row, {misshapen} with more fields than the header row.",
        "未使用的行：{missing} 行缺少字段，{reversed} 行结束早于开始，{unpaired} 个 XES 事件未配对，{other} 个 XES 事件的生命周期不是 start 或 complete，{duplicates} 行与另一行完全重复，{misshapen} 行的字段比表头多。",
    ),
    (
        "{n} activity instances (all: the log has no start events) had no start event: each start is estimated as the later of the end of the case's previous activity and the end of the same resource's previous activity, so their touch times are estimates.",
        "{n} 条作业记录没有开始事件（全部：日志中没有开始事件）：其开始时刻取该工单上一活动结束与同一资源上一活动结束中较晚者，因此其办理时长为估计值。",
    ),
    (
        "{n} activity instances had no start event: each start is estimated as the later of the end of the case's previous activity and the end of the same resource's previous activity, so their touch times are estimates.",
        "{n} 条作业记录没有开始事件：其开始时刻取该工单上一活动结束与同一资源上一活动结束中较晚者，因此其办理时长为估计值。",
    ),
    (
        "No office hours found ({why}): staff work around the clock.",
        "未找到办公时间（{why}）：人员全天候工作。",
    ),
    (
        "Left out, cut off by the log's period: {before} cases begun before it and {open} still open at its end.",
        "因日志时段截断而未使用：{before} 个工单在时段开始前已开始，{open} 个在时段结束时仍未办结。",
    ),
    (
        "Left out: {n} cases with a row that could not be used (their route would have a hole); they count as arrivals.",
        "未使用：{n} 个工单含无法使用的记录行（其流转路径会有缺口）；它们仍计入到达数。",
    ),
    (
        "WARNING: the log spans {span} days, but one case's steps can be {reach} days apart: cases still open at its end are taken as finished. Fit a period of at least {need} days.",
        "警告：日志只覆盖 {span} 天，而一个工单的相邻环节可能相隔 {reach} 天：时段结束时仍未办结的工单被当作已办结。请拟合至少 {need} 天的记录。",
    ),
    (
        "{n} cases have work that overlaps in time outside a fork (one step done twice at once, or steps no fork of this scenario holds); it is sequenced by start here, a step done twice at once as a repeat.",
        "{n} 个工单有并行分支之外时间重叠的工作（同一环节同时做了两次，或本情景的并行分支容纳不了的环节）；此处按开始时刻排序，同一环节同时做两次的记为重复。",
    ),
    (
        "Warning: {n} of {cases} cases have work that overlaps in time outside a fork (one step done twice at once, such as two surveyors on one visit, or steps no fork of this scenario holds): it is sequenced by start, a step done twice at once counting as a repeat",
        "警告：{cases} 个工单中有 {n} 个存在并行分支之外时间重叠的工作（同一环节同时做了两次，例如两名勘查人员同去一次现场，或本情景的并行分支容纳不了的环节）：按开始时刻排序，同一环节同时做两次的计为重复",
    ),
    (
        "Warning: {n} cases have rows in one file that fall within the time of their rows in another; a case id names one case in every file, so if the files number their cases each on their own (two offices' exports), the ids collide: fit them one at a time",
        "警告：{n} 个工单在一个文件中的记录落在其在另一文件中记录的时段之内；工单编号在所有文件中指同一工单，如果各文件各自编号工单（两个营业单位的导出），编号会冲突：请逐个文件拟合",
    ),
    (
        "{n} cases have activities that overlap in time; work done at once is a fork into parallel branches.",
        "{n} 个工单有时间上重叠的活动；同时进行的工作作为并行分支（fork）。",
    ),
    ("fitted from {source}", "由 {source} 拟合"),
    ("the log's first arrival", "日志中的首次到达"),
    (
        "warm-up + the log's {days} days of arrivals",
        "预热期 + 日志的 {days} 天到达期",
    ),
    (
        "1.5 x the observed 95th percentile of lead time ({p95} days), so the queues fill first",
        "观测办电时长第 95 百分位数（{p95} 天）的 1.5 倍，先让队列充满",
    ),
    (
        "three times the {days} days pool `{pool}` takes to forget the empty start (the relaxation time of an M/M/c queue at its offered load), longer than 1.5 x the observed 95th percentile of lead time ({p95} days)",
        "岗位 `{pool}` 摆脱空载起步影响所需 {days} 天（按其负荷计算的 M/M/c 排队松弛时间）的三倍，长于观测办电时长第 95 百分位数（{p95} 天）的 1.5 倍",
    ),
    (
        "{n} resources in the log, one person each",
        "日志中有 {n} 个资源，每个计 1 人",
    ),
    (
        "{teams}: a team's name in the log (its work runs in parallel for a tenth or more of its busy time), as many staff as it had activities open at once",
        "{teams}：日志中的团队名称（十分之一以上的忙碌时间在并行工作），人数按其同时进行的最多活动数计",
    ),
    (
        "availability 1: time away from this process cannot be told from working time in a log, so it is in the touch times",
        "可用率取 1：日志无法区分离开本流程的时间与工作时间，这部分已计入办理时长",
    ),
    (
        "; {arrive} % arrive in office hours, which are {office} % of the time: {what}",
        "；{arrive}% 在办公时间内到达，办公时间占全部时间的 {office}%：{what}",
    ),
    (
        "; the log has no enabled times, so a case arrives when its first step starts: {arrive} % of those starts are in office hours, which are {office} % of the time: {what}",
        "；日志没有就绪时间，故以工单第一个环节的开始时间为到达时间：其中 {arrive}% 在办公时间内，办公时间占全部时间的 {office}%：{what}",
    ),
    ("arrivals follow the office calendar", "到达遵循办公日历"),
    (
        "arrivals lean to office hours but come at other times too (modelled around the clock at the same daily rate)",
        "到达偏向办公时间，但其他时间也有（按相同的日均到达率全天候建模）",
    ),
    ("arrivals come around the clock", "全天候到达"),
    (
        "{share} % of its cases start here",
        "{share}% 的工单从此开始",
    ),
    (
        "no time: the class's cases start at {n} steps",
        "不占时间：该类别的工单从 {n} 个环节开始",
    ),
    (
        "its cases start at {n} steps (below)",
        "其工单从 {n} 个环节开始（见下）",
    ),
    (
        "; WARNING: only {n} cases, fewer than {min}: the rate is uncertain by about {pct} % (1/sqrt(n))",
        "；警告：只有 {n} 个工单，少于 {min} 个：到达率的不确定度约为 {pct}%（1/sqrt(n)）",
    ),
    (
        " (all {n} begun before the log's start, the only cases of the class)",
        "（全部 {n} 个都在日志开始前已开始，是该类别仅有的工单）",
    ),
    (
        " ({n} still open at the log's end, left out of everything else)",
        "（{n} 个在日志结束时仍未办结，其余估计均未使用它们）",
    ),
    (
        " ({n} with a row that could not be used, left out of everything else)",
        "（{n} 个含无法使用的记录行，其余估计均未使用它们）",
    ),
    (
        "per working day: {n} cases over {days} working days",
        "按工作日：{days} 个工作日内 {n} 个工单",
    ),
    (
        "per day: {n} cases over {days} days",
        "按天：{days} 天内 {n} 个工单",
    ),
    ("no resource, or the customer", "没有资源，或资源为客户"),
    (
        "a routing step of no time: where cases go once the step before is no longer repeated (its repeats are a rework loop by attempt)",
        "不耗时的分流环节：前一环节不再重复后工单的去向（其重复按次数作为返工环路）",
    ),
    (
        "Repeats: a step repeated, directly or through other steps, goes on more than one way after it ({stages}): its repeats are a rework loop by attempt, and the ways on a routing step of no time, passed {n} times",
        "重复：重复（直接或经其他环节返回）的环节之后去向不止一个（{stages}）：其重复按次数作为返工环路，之后的去向作为不耗时的分流环节，共经过 {n} 次",
    ),
    (
        r#"time between departments, not work: the log's resource is "handoff", or the gap from one step's end to the next one's being ready"#,
        r#"部门之间的流转时间，而非工作：日志中资源为 "handoff"，或从一个环节结束到下一环节就绪之间的间隔"#,
    ),
    (
        "90 % or more of its waits end at this time of day",
        "90% 以上的等待在每天的这一时刻结束",
    ),
    ("working time start to end", "从开始到结束的工作时间"),
    (
        "ready to done in working days (it ends in office hours)",
        "从就绪到完成的工作日数（在办公时间内结束）",
    ),
    ("elapsed time ready to done", "从就绪到完成的经过时间"),
    (
        "this class differs ({test})",
        "该类别与其他类别不同（{test}）",
    ),
    (
        "too few visits of this class to fit its own ({n}, mean {mean} {unit}): the times of class {class}, the nearest in mean",
        "该类别经过次数太少，不足以单独拟合（{n} 次，均值 {mean} {unit}）：采用均值最接近的类别 {class} 的时长",
    ),
    ("two-sample KS at 0.1 %", "双样本 KS 检验，0.1% 水平"),
    (
        "Welch's t on log durations at 1 %",
        "对数时长的 Welch t 检验，1% 水平",
    ),
    (
        "{family} by AIC among {among} (n = {n}, KS {ks})",
        "按 AIC 从{among}中选出{family}（n = {n}，KS {ks}）",
    ),
    (
        "{family}: ΔAIC {delta} behind {best} among {among} (n = {n}, KS {ks})",
        "{family}：在{among}中比{best}的 AIC 高 {delta}（n = {n}，KS {ks}）",
    ),
    ("deterministic: a single value", "定值：只有一个值"),
    (
        "deterministic: all n = {n} values equal",
        "定值：n = {n} 个值全部相等",
    ),
    (
        "deterministic: sd {spread} × mean, too little spread to fit (n = {n})",
        "定值：标准差为均值的 {spread} 倍，离散太小无法拟合（n = {n}）",
    ),
    (
        "no family fits: best by AIC, {family}, has KS {ks} > {critical} (1% critical value)",
        "没有分布族通过检验：按 AIC 最优的{family}，其 KS {ks} > {critical}（1% 临界值）",
    ),
    ("no family could be fitted", "没有分布族能够拟合"),
    (
        "empirical (all n = {n} values): {reason}",
        "经验分布（全部 n = {n} 个值）：{reason}",
    ),
    (
        "empirical ({kept} quantiles of n = {n}): {reason}",
        "经验分布（n = {n} 个值的 {kept} 个分位数）：{reason}",
    ),
    (
        "Hand-offs: {n} gaps between one step's end and the next step's readiness, which queueing does not explain, are hand-off stages ({stages})",
        "流转：{n} 处前一环节结束与后一环节就绪之间的间隔无法用排队解释，作为流转环节（{stages}）",
    ),
    (
        "Warning: cases with rows of more than one class: {n} (the first, case {case}: {first}, then {other}); each is taken as the first class its rows name",
        "警告：有 {n} 个工单的记录属于不止一个类别（第一个是工单 {case}：先为 {first}，后为 {other}），均按其记录中最先出现的类别处理",
    ),
    (
        "Warning: {n} cases name no class on any row; they are the class customer",
        "警告：有 {n} 个工单的所有记录都未注明类别，归入类别 customer",
    ),
    (
        "Warning: {n} activity instances are enabled after they started; each is taken as ready when it started",
        "警告：有 {n} 条作业记录的就绪时间晚于开始时间，均按开始时即就绪处理",
    ),
    (
        "Warning: the log spans {span} days, but the steps of one case can be {reach} days apart (the longest wait between two of its steps, plus the longest step): cases still open at its end cannot be told from finished ones, so they are taken as finished, which shortens lead times and adds exits where there are none; export a period of at least {need} days",
        "警告：日志只跨 {span} 天，但同一工单的两个环节之间可相隔 {reach} 天（两环节间最长的等待加上最长的环节）：无法区分日志结束时仍未办结的工单与已办结的工单，因此都按已办结处理，这会缩短办电时长，并在本无出口处增加出口；请导出至少 {need} 天的记录",
    ),
    (
        "Left out, cut off by the log's period: {start} cases begun before it (their first step never starts a case that began later) and {end} still open at its end (their last step never ends a case that ended earlier)",
        "已剔除被日志时段截断的工单：{start} 个在日志开始前已开始（其首个环节从未作为较晚开始工单的首个环节），{end} 个在日志结束时仍未完成（其最后环节从未作为较早结束工单的最后环节）",
    ),
    (
        "Left out: {n} cases with a row that could not be used, since their route would have a hole (a step missing, or a branch never taken); they count as arrivals",
        "已剔除 {n} 个含无法使用记录行的工单，因为其流转路径会有缺口（缺少环节，或走了实际未走的分支）；它们仍计入到达数",
    ),
    ("exponential", "指数分布"),
    ("deterministic", "定值"),
    ("uniform", "均匀分布"),
    ("triangular", "三角分布"),
    ("normal", "正态分布"),
    ("lognormal", "对数正态分布"),
    ("gamma", "伽马分布"),
    ("erlang", "埃尔朗分布"),
    ("weibull", "威布尔分布"),
    ("empirical", "经验分布"),
    (
        "{dist}: mean {mean}, sd {sd} {unit}; Kolmogorov–Smirnov distance {ks} (n = {n})",
        "{dist}：均值 {mean}，标准差 {sd} {unit}；KS 检验距离 {ks}（拟合分布与样本累积分布的最大差，n = {n}）",
    ),
    (
        "Warning: no activity names a member of staff, so every step is taken as the customer's or as elapsed time, with no staff and no queues; if the log says who did the work, name its column with --resource",
        "警告：没有任何作业记录办理人员，因此每个环节都按客户侧或经过时间处理，没有岗位，也没有排队；如日志中有办理人列，请用 --resource 指定",
    ),
    ("scenario", "情景"),
    ("seed", "种子"),
    ("staff", "人数"),
    ("stage", "环节"),
    ("stages", "环节数"),
    ("started", "开始时间"),
    ("statutory limit", "法定时限"),
    ("throughput/{unit}", "产出/{unit}"),
    ("touch", "作业"),
    ("unstable", "不稳定"),
    ("utility time", "企业侧用时"),
    ("utilization", "利用率"),
    ("variant", "方案"),
    ("waiting", "等待"),
    ("waiting for staff", "排队等待"),
    ("warning: {text}", "警告：{text}"),
    (
        "Warning: names of activities, classes or resources hold the sign � ({n} of them; the first: {first}), which stands where a character could not be read: the file was read in another encoding than it was written in (give --encoding gb18030 or utf-8 as it is), or its text was lost so before it was saved (export the log again from the source system)",
        "警告：环节、类别或人员名称含有符号 �（共 {n} 个；第一个：{first}），它出现在无法识别字符的位置：可能是读取时所用编码与文件实际编码不同（请按实际编码加 --encoding gb18030 或 utf-8），也可能文件保存前原文已因此丢失（请从源系统重新导出日志）",
    ),
    (
        "the log holds the cases of {n} runs of expansim ({runs}, as variant:replication), fitted as one office over one period: their arrivals add up and their staff count together; fit the rows of one run (one `variant` and one `replication`)",
        "日志含有 expansim 的 {n} 次运行的工单（{runs}，即 方案:重复），却按一个营业厅、一段时期拟合：到达率相加、人员合计；请只拟合其中一次运行的行（一个 `variant` 和一个 `replication`）",
    ),
    ("yes", "是"),
    ("{base} as the grey area", "{base}为灰色区域"),
    ("{name} as the coloured line", "{name}为彩色线"),
    (
        "{n} replications, seed {seed}, horizon {h} {unit} (warm-up {w})",
        "{n} 次重复，种子 {seed}，仿真期 {h} {unit}（预热 {w} {unit}）",
    ),
    (
        "--set {assignment} does not apply to this variant, which has no `{path}` as the file names it (a stage it merged, removed or relabelled, or a part of one): it runs without it",
        "--set {assignment} 不适用于该方案：方案中没有文件所写的 `{path}`（该环节已被合并、删除或改名，或为其中一项），该方案运行时不含此设定",
    ),
    (
        "values set on the command line: {sets}",
        "命令行设定的值：{sets}",
    ),
    (
        "Shard {k} runs none of the {n} replications (there are more shards than replications): its folder holds no results, and merge takes it with the others.",
        "分片 {k} 不含 {n} 次重复中的任何一次（分片数多于重复次数）：其文件夹没有结果，合并时与其他分片一并处理。",
    ),
    (
        "Shard {k}: {m} of the {n} replications ({numbers} in replications.csv), and only those below; merge the shards with expansim merge for the results of all.",
        "分片 {k}：{n} 次重复中的 {m} 次（replications.csv 中编号 {numbers}），下表仅含这些；用 expansim merge 合并各分片得到全部结果。",
    ),
    ("{n} staff", "{n} 人"),
    (
        "{n} variants · {r} replications · seed {seed} · horizon {h} {unit}, warm-up {w} · expansim {v} · {finished}",
        "{n} 个方案 · {r} 次重复 · 种子 {seed} · 仿真期 {h} {unit}，预热 {w} {unit} · expansim {v} · {finished}",
    ),
    (
        "Mean lead time by class, in {unit}; paired difference with {base} ± 95% CI half-width",
        "按客户类别的平均办电时长（{unit}）；与{base}的配对差值 ± 95% 置信区间半宽",
    ),
    (
        "{class}: some replications have no finished case of this class; a variant's lead time and difference are over the replications where both it and {base} have one (pairs: {pairs}, of {of}), and {base}'s over its pairs with {with}, so a difference need not be the gap between the lead times shown",
        "{class}：部分重复中此类别没有办结的工单；各方案的办电时长与差值只取它与{base}都有此类工单的重复（配对数：{pairs}，共 {of} 次），{base}的办电时长取自与{with}配对的重复，因此差值不一定等于表中办电时长之差",
    ),
    ("{setting}: enter a number", "{setting}：请填写数字"),
    (
        ": {open} in process, {done} finished",
        "：在办 {open} 件，已办结 {done} 件",
    ),
    ("{setting}: enter a whole number", "{setting}：请填写整数"),
    (
        "{setting}: enter a count from 1",
        "{setting}：请填写不小于 1 的整数",
    ),
    ("Weeks of the replay", "回放周数"),
    (
        "The figures below are those of earlier settings: press Run to bring them up to date",
        "下方结果对应先前的设置：请按“运行”更新",
    ),
    ("; utility time in working days", "；企业侧用时以工作日计"),
    ("WIP", "在办工单"),
    ("all classes", "全部类别"),
    // `sweep` and `optimize` on the terminal.
    ("cost", "成本"),
    ("cost/year", "年成本"),
    ("lead time (all, {unit})", "办电时长（全部，{unit}）"),
    ("status", "状态"),
    ("verdict", "结论"),
    ("meets", "达标"),
    ("fails", "未达标"),
    ("undecided", "未定"),
    ("ran", "已运行"),
    (
        "No pool has a `cost`: points are ranked by their number of staff.",
        "没有岗位设置 `cost`：各配置按人数排序。",
    ),
    (
        "No point meets every target ({targets}) at its 95% confidence bound.",
        "没有配置在 95% 置信界上满足全部目标（{targets}）。",
    ),
    (
        "Cheapest point meeting every target ({targets}): {point} — {money} {amount}, mean lead time of all classes {mean} [{low}, {high}].",
        "满足全部目标（{targets}）的最省配置：{point} — {money} {amount}，全部类别平均办电时长 {mean} [{low}, {high}]。",
    ),
    (
        "Runner-up: {point} — {money} {amount}, mean lead time of all classes {mean} [{low}, {high}].",
        "次优配置：{point} — {money} {amount}，全部类别平均办电时长 {mean} [{low}, {high}]。",
    ),
    (
        "The two cost the same and their lead-time intervals overlap: they cannot be told apart with these replications.",
        "两者成本相同且办电时长区间重叠：以目前的重复次数无法区分。",
    ),
    (
        "--range {path}={asked}..={hi}: searched from {lo}, the fewest staff that keep up with the pool's work (its offered load, or the staff of its other member groups)",
        "--range {path}={asked}..={hi}：从 {lo} 开始搜索，这是跟得上该岗位工作量的最少人数（按其负荷，或其他人员组的人数）",
    ),
    (
        "Runner-up of the same cost, also meeting every target: {point}.",
        "成本相同、同样满足所有目标的次优配置：{point}。",
    ),
    (
        "The two cost the same, and the difference in mean lead time, paired on common random numbers, {difference} [{low}, {high}], includes 0: they cannot be told apart with these replications.",
        "两者成本相同，按公共随机数配对的平均办电时长之差为 {difference} [{low}, {high}]，包含 0：以现有重复次数无法区分二者。",
    ),
    (
        "The two cost the same; paired on common random numbers, the runner-up's mean lead time differs by {difference} [{low}, {high}], so the cheapest is the faster.",
        "两者成本相同；按公共随机数配对，次优配置的平均办电时长相差 {difference} [{low}, {high}]，因此最便宜的配置更快。",
    ),
    (
        "Undecided: {point} ({money} {amount}) neither meets nor fails the targets at its 95% bound; more replications would tell whether it is as good and cheaper.",
        "未定：{point}（{money} {amount}）在 95% 置信界上既不能判定达标也不能判定不达标；增加重复次数才能判断它是否同样达标且更省。",
    ),
    (
        "Undecided: {point} ({money} {amount}) neither meets nor fails the targets at its 95% bound; more replications would tell whether it is as good at the same cost.",
        "未定：{point}（{money} {amount}）在 95% 置信界上既不能判定达标也不能判定不达标；增加重复次数才能判断它是否以相同成本同样达标。",
    ),
    (
        "Pareto front ({money} against mean lead time of all classes):{front}",
        "帕累托前沿（{money}与全部类别平均办电时长）：{front}",
    ),
    (
        "*: its lead-time interval overlaps the one of the point before it, so with these replications it may be no faster.",
        "*：其办电时长区间与前一配置的区间重叠，以现有重复次数它未必更快。",
    ),
    (
        "*: paired with the point before it on common random numbers, the 95% interval of the difference in mean lead time includes 0, so with these replications it may be no faster.",
        "*：以公共随机数与前一配置配对比较，平均办电时长之差的 95% 区间包含 0，以现有重复次数它未必更快。",
    ),
    (
        "Undecided, neither meeting nor failing the targets at the 95% bound, so more replications may find one that meets them:{points}",
        "未定（在 95% 置信界上既不能判定达标也不能判定不达标，增加重复次数或可找到达标的配置）：{points}",
    ),
    ("searched", "搜索范围"),
    ("today", "现状"),
    ("best", "最优"),
    (
        "Cheapest point meeting every target at its 95% bound: {point} — {money} {cost} (today {today})",
        "在 95% 置信界上满足全部目标的最省配置：{point} — {money} {cost}（现状 {today}）",
    ),
    (
        "No point of the ranges meets every target at its 95% bound.",
        "搜索范围内没有配置在 95% 置信界上满足全部目标。",
    ),
    (
        "Today's staffing ({sizes}), evaluated after the search, on {r} replications: {verdict}{estimates}",
        "现状配置（{sizes}，搜索后另行评估，{r} 次重复）：{verdict}{estimates}",
    ),
    (
        "Class {class}, largest effect on {metric} first:",
        "类别 {class}，按对{metric}的影响从大到小：",
    ),
    (
        "Today's staffing ({sizes}) is over capacity (an offered load at or above its staff): not simulated.",
        "现状配置（{sizes}）超出能力（某岗位的负荷不低于其人数）：未仿真。",
    ),
    (
        "Today's staffing was not evaluated: the replication budget ran out first.",
        "现状配置未评估：重复次数预算已先用尽。",
    ),
    (
        "No point of the ranges meets every target: even the largest staffing ({point}) fails on {r} replications, missing {missed}. Staffing more never hurting, the search stopped there; widen the ranges or ease the targets.",
        "搜索范围内没有配置满足全部目标：即使最大配置（{point}）在 {r} 次重复中也不达标，未达到 {missed}。增加人员不会变差，搜索就此停止；请扩大范围或放宽目标。",
    ),
    (
        "Today's staffing ({sizes}), a point of the search, on {r} replications: {verdict}{estimates}",
        "现状配置（{sizes}，搜索中已评估，{r} 次重复）：{verdict}{estimates}",
    ),
    (
        "{points} points evaluated with {used} replications in {seconds} s ({share} of the {grid} a full grid of {grid_points} points × {r} would run).",
        "评估 {points} 个配置，共 {used} 次重复，用时 {seconds} 秒（全网格 {grid_points} 个配置 × {r} 次需 {grid} 次重复，此为其 {share}）。",
    ),
    (
        "Confirmed: no point is cheaper, as every pool is at the low end of its range or at its load bound (with fewer staff it could not keep up with its work).",
        "已确认：没有更便宜的配置，因为每个岗位都已处于其范围下限或负荷下限（人数再少就跟不上工作量）。",
    ),
    (
        "Confirmed: every cheaper point that cannot take one more member of staff fails (so, staffing more never hurting, every cheaper point fails).",
        "已确认：每个无法再增加一人的更省配置都不达标（增加人员不会变差，因此所有更省的配置都不达标）。",
    ),
    (
        "Not confirmed: the budget ended before the cheaper points were all checked.",
        "未确认：预算在检查完所有更省配置之前已用尽。",
    ),
    (
        "Not confirmed over all cheaper points (too many, or the budget ended): only the neighbours reached by the local moves were checked.",
        "未对所有更省配置确认（数量太多或预算用尽）：只检查了局部调整所到达的相邻配置。",
    ),
    (
        "The replication budget ran out: raise --budget-replications for a surer answer.",
        "重复次数预算已用尽：调高 --budget-replications 可得到更可靠的答案。",
    ),
    (
        "; and {n} more (optimize.json)",
        "；另有 {n} 个（见 optimize.json）",
    ),
    // Between the items of a list of points.
    ("; ", "；"),
    (": ", "："),
    (", ", "、"),
    (
        "Undecided, as changes from the answer (neither meets nor fails the targets at its 95% bound; more replications would tell): {points}{more}",
        "未定，以相对最优配置的变化列出（在 95% 置信界上既不能判定达标也不能判定不达标；增加重复次数才能判断）：{points}{more}",
    ),
    (
        "Undecided (neither meets nor fails the targets at its 95% bound; more replications would tell): {points}{more}",
        "未定（在 95% 置信界上既不能判定达标也不能判定不达标；增加重复次数才能判断）：{points}{more}",
    ),
    (
        "The replication budget ran out before any point was shown to meet every target at its 95% bound.",
        "重复次数预算已用尽，尚未找到在 95% 置信界上满足全部目标的配置。",
    ),
    (
        "No point was shown to meet every target at its 95% bound; the undecided points below might, with more replications.",
        "没有配置在 95% 置信界上被证实满足全部目标；下列未定配置在增加重复次数后可能满足。",
    ),
    (
        "{fails} points fail ({early} of them decided early on a 99% interval).",
        "{fails} 个配置不达标（其中 {early} 个依据 99% 区间提前判定）。",
    ),
    (
        "{fails} points fail ({early} of them decided early on a 99% interval); {cannot} more stopped early, as the replications left could not bring them to a target's bound.",
        "{fails} 个配置不达标（其中 {early} 个依据 99% 区间提前判定）；另有 {cannot} 个提前停止：剩余的重复次数已无法使其达到目标的置信界。",
    ),
    (
        "cannot meet every target at its 95% bound on {r} replications",
        "在 {r} 次重复上无法在 95% 置信界上满足全部目标",
    ),
    // `fit` on the terminal.
    (
        "Read {records} activity instances of {cases} cases ({rows} rows; {unused} not used: {missing} missing a field, {reversed} ending before they start, {unpaired} unpaired, {other} of another lifecycle transition than start or complete, {duplicates} exact duplicates, {misshapen} with more fields than the header)",
        "读取 {cases} 个工单的 {records} 条作业记录（共 {rows} 行；{unused} 行未用：{missing} 行缺字段，{reversed} 行结束早于开始，{unpaired} 行无法配对，{other} 个事件的生命周期既非开始也非完成，{duplicates} 行完全重复，{misshapen} 行字段比表头多）",
    ),
    ("e.g. {example}", "例如 {example}"),
    (
        "'{file}' row {line}: no {which}",
        "'{file}' 第 {line} 行：缺少 {which}",
    ),
    (
        "'{file}' row {line}: column \"{column}\" holds {text}, a placeholder date (before 1990 or after 2100), taken as missing",
        "'{file}' 第 {line} 行：列 \"{column}\" 的值 {text} 是占位日期（早于 1990 年或晚于 2100 年），按缺失处理",
    ),
    (
        "'{file}' row {line}: one field where the header row has {header}: no {which}",
        "'{file}' 第 {line} 行：只有 1 个字段，表头有 {header} 个：缺少 {which}",
    ),
    (
        "'{file}' row {line}: {n} fields where the header row has {header}: no {which}",
        "'{file}' 第 {line} 行：只有 {n} 个字段，表头有 {header} 个：缺少 {which}",
    ),
    (
        "'{file}' row {line}: {n} fields where the header row has {header} (a value holding an unquoted delimiter shifts the values after it)",
        "'{file}' 第 {line} 行：有 {n} 个字段，表头只有 {header} 个（某个值含有未加引号的分隔符，其后的值都错了位）",
    ),
    (
        "'{file}' row {line}: ends before it starts",
        "'{file}' 第 {line} 行：结束早于开始",
    ),
    (
        "Warning: the arrival rate of class {class} rests on {n} cases, fewer than {min}: it is uncertain by about {pct} % (1/√n)",
        "警告：类别 {class} 的到达率仅依据 {n} 个工单（少于 {min} 个），其不确定度约为 {pct} %（1/√n）",
    ),
    (
        "'{file}' has no start column (none named {names}): its rows are read as ends, each start estimated; if it has one, name it with --start",
        "'{file}' 中没有开始时间列（未找到名为 {names} 的列）：各行按结束时间读取，开始时间为估计值；如有开始时间列，请用 --start 指定",
    ),
    (
        "The log has no start events: every start ({n} activity instances) is estimated as the later of the end of the case's previous activity and the end of the same resource's previous activity (for a case's first activity, the resource's previous end that day), so processing times are estimates",
        "日志没有开始事件：全部 {n} 条作业记录的开始时间均为估计值，取本工单上一作业的结束时间与同一资源上一作业的结束时间中较晚者（工单的第一个作业取该资源当天上一作业的结束时间），因此处理时长也是估计值",
    ),
    (
        "{n} activity instances had no start event: start estimated as the later of the end of the case's previous activity and the end of the same resource's previous activity (for a case's first activity, the resource's previous end that day)",
        "{n} 条作业记录没有开始事件：其开始时间按本工单上一作业的结束时间与同一资源上一作业的结束时间中较晚者估计（工单的第一个作业取该资源当天上一作业的结束时间）",
    ),
    (
        "office hours {periods} on {days} days a week{holidays}",
        "工作时间 {periods}，每周 {days} 天{holidays}",
    ),
    (
        ", Chinese public holidays ({files})",
        "，中国法定节假日（{files}）",
    ),
    ("work around the clock", "全天候工作"),
    ("work around the clock ({why})", "全天候工作（{why}）"),
    (
        "fewer than 50 staffed activities, too few to tell open hours from chance",
        "岗位作业记录不足 50 条，无法可靠识别工作时间",
    ),
    (
        "staffed work spans less than two weeks, too short to tell a closed weekday from one not yet seen",
        "岗位作业跨度不足两周，无法区分休息日与尚未出现的工作日",
    ),
    (
        "staffed work starts and ends at nearly every hour of the day",
        "岗位作业几乎在一天中每个时段都有开始或结束",
    ),
    (
        "Merged {shards} shards ({replications} replications of {variants}) into {dir}",
        "已将 {shards} 个分片（{variants} 的 {replications} 次重复）合并到 {dir}",
    ),
    (
        "'{file}' is not UTF-8: read as GB18030 (GBK)",
        "'{file}' 不是 UTF-8 编码：已按 GB18030（GBK）读取",
    ),
    (
        "Found {classes} classes, {stages} stages, {pools} pools ({staff} staff), {hours}",
        "识别出 {classes} 个客户类别、{stages} 个环节、{pools} 个岗位（{staff} 人），{hours}",
    ),
    ("Scenario written to {file}", "情景已写入 {file}"),
    ("Report written to {file}", "报告已写入 {file}"),
    (
        "Lead time (days), log against {n} simulated replications of the fitted scenario",
        "办电时长（天）：日志与拟合情景的 {n} 次仿真重复对比",
    ),
    (
        "The simulated figures take the cases of all replications together as one sample, as the log is one; run and compare average the replications' own figures instead.",
        "仿真数值将各次重复的工单合为一个样本（与日志这一个样本相对应）；run 与 compare 则对各次重复自身的数值取平均。",
    ),
    ("cases", "工单数"),
    ("mean", "均值"),
    ("P50", "P50"),
    ("P90", "P90"),
    ("sim mean", "仿真均值"),
    ("sim P50", "仿真 P50"),
    ("sim P90", "仿真 P90"),
    ("CTD (h)", "CTD（小时）"),
    (
        "Per activity: visits per case, mean waiting and mean processing (hours from start to end, nights and weekends included), log / simulated",
        "各环节：每件工单的经过次数、平均等待与平均处理时间（小时，自开始至结束，含夜间与周末），先日志后仿真",
    ),
    ("activity", "环节"),
    ("visits", "次数"),
    ("sim visits", "仿真次数"),
    ("sim waiting", "仿真等待"),
    ("processing", "处理"),
    ("sim processing", "仿真处理"),
    (
        "CTD: the earth mover's distance between the log's and the simulation's lead-time distributions.",
        "CTD（办电时长分布距离）：日志与仿真的办电时长分布之间的 Wasserstein 距离（推土机距离）。",
    ),
    // `verify` on the terminal.
    ("check", "检验"),
    ("quantity", "指标"),
    ("theory", "理论值"),
    ("simulated", "仿真值"),
    ("ok", "通过"),
    ("imprecise", "精度不足"),
    ("FAIL", "未通过"),
    (
        "pass rule: theory inside the 99.9% CI of the simulated mean (percentiles: plus 0.2% bin width);",
        "通过规则：理论值落在仿真均值的 99.9% 置信区间内（分位数另加 0.2% 直方图分辨率）；",
    ),
    (
        "precise: 95% half-width within {pct}% of theory",
        "精度：95% 置信区间半宽不超过理论值的 {pct}%",
    ),
    // `sensitivity` on the terminal and its page.
    ("{name} — sensitivity", "{name} — 敏感性分析"),
    (
        "Each input raised and lowered on its own (pool sizes by one member of staff; rates, times and probabilities by {pct}), against the scenario as it is, on {n} replications with common random numbers: the bar is the mean paired difference, the line its 95% interval. Largest effects first.",
        "每项输入单独调高、调低（岗位人数增减一人；到达率、时长和概率增减 {pct}），与情景现状对比，{n} 次重复，使用公共随机数：条形为配对差值的均值，横线为其 95% 置信区间。影响最大的排在最前。",
    ),
    ("input", "输入"),
    ("relative", "相对变化"),
    ("share", "比例"),
    ("percentage points", "百分点"),
    (
        "could not write to standard output (is the disk it goes to full?)",
        "无法写入标准输出（输出所在的磁盘是否已满？）",
    ),
    (
        "{inputs} inputs changed one at a time ({runs} runs of {n} replications) in {seconds} s; all classes, largest effect on {metric} first:",
        "逐项改变 {inputs} 项输入（{runs} 次运行，每次 {n} 次重复），用时 {seconds} 秒；全部类别，按对{metric}的影响从大到小：",
    ),
    ("Not run, {why}: {changes}", "未运行（{why}）：{changes}"),
    (
        "a pool's load would reach its capacity",
        "某岗位的负荷将达到其能力",
    ),
    (
        "a pool keeps at least one member (and a pool of member groups its other groups' members)",
        "岗位至少保留一人（由多个人员组构成的岗位至少保留其他组的人员）",
    ),
    (
        "the change leaves the value as written (six decimals) as it is; use a larger --delta",
        "按六位小数书写时该变化不改变数值；请用更大的 --delta",
    ),
    (
        "a probability is at most 1, a rework probability at most 0.99",
        "概率至多为 1，返工概率至多为 0.99",
    ),
    (
        "arrivals replayed from a trace file have no rate to change; scale the trace to try another",
        "按记录文件回放的到达没有可调整的到达率；如需尝试其他到达量，请缩放记录文件",
    ),
    (
        "Results written to {dir} (sensitivity.csv, report.html)",
        "结果已写入 {dir}（sensitivity.csv、report.html）",
    ),
    // The page of `fit --report`.
    ("Fitted scenario", "拟合情景"),
    ("Fitted scenario against its log", "拟合情景与其日志对比"),
    (
        "{records} activity instances of {cases} cases · {n} simulated replications · expansim {version}",
        "{cases} 个工单的 {records} 条作业记录 · {n} 次仿真重复 · expansim {version}",
    ),
    ("Lead time: log and simulation", "办电时长：日志与仿真"),
    ("log (bars)", "日志（柱）"),
    ("simulated (line)", "仿真（线）"),
    (
        "{log} cases in the log, {sim} simulated; mean {mean} against {sim_mean} days; cycle-time distance {ctd} h",
        "日志 {log} 个工单，仿真 {sim} 个；均值：日志 {mean} 天，仿真 {sim_mean} 天；办电时长分布距离（CTD）{ctd} 小时",
    ),
    ("Fitted durations", "拟合的环节时长"),
    (
        "{step} · {class}, with the times of {other}",
        "{step} · {class}，采用 {other} 的时长",
    ),
    (
        "Bars: the log's durations (working hours of staffed work, working days of other steps that end in office hours, elapsed days otherwise); line: 20,000 draws from the fitted distribution in the same bins. Values beyond the axis are not drawn; top right, the share of the log's and of the draws' beyond it.",
        "柱：日志中的时长（有人员作业按工作小时计，其余在工作时间内结束的环节按工作日计，再其余按日历天数计）；线：从拟合分布抽取 20,000 个样本，按相同分组统计。超出横轴的值不画出；右上角为日志与抽样中超出横轴的比例。",
    ),
    ("working days", "工作日"),
    ("working hours", "工作小时"),
    // The command line's help (its texts are in the help part).
    ("Usage:", "用法："),
    ("Commands", "命令"),
    ("Arguments", "参数"),
    ("Options", "选项"),
    ("Print help", "显示帮助"),
    ("Print version", "显示版本"),
    ("Print the help of a command", "显示某个命令的帮助"),
    ("Tip: ", "提示："),
    ("Possible values:", "可选值："),
    ("possible values: ", "可选值："),
    ("default: ", "默认："),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_of_one_takes_the_singular_in_english() {
        let found =
            "Found {classes} classes, {stages} stages, {pools} pools ({staff} staff), {hours}";
        let v = |c: &'static str| {
            [
                ("classes", c),
                ("stages", "2"),
                ("pools", "1"),
                ("staff", "1"),
                ("hours", ""),
            ]
        };
        assert_eq!(
            Lang::En.fill(found, &v("1")),
            "Found 1 class, 2 stages, 1 pool (1 staff), "
        );
        assert_eq!(
            Lang::En.fill(found, &v("10")),
            "Found 10 classes, 2 stages, 1 pool (1 staff), "
        );
        assert_eq!(
            Lang::Zh.fill(found, &v("1")),
            "识别出 1 个客户类别、2 个环节、1 个岗位（1 人），"
        );
        // Every phrase made singular is one the catalogue has.
        for (many, _) in SINGULAR {
            assert!(
                entries().any(|(k, _)| k.contains(&format!("}} {many}"))),
                "{many}"
            );
        }
    }

    #[test]
    fn each_text_is_in_the_catalogue_once() {
        let all: Vec<_> = entries().collect();
        for (i, (k, zh)) in all.iter().enumerate() {
            assert!(!zh.is_empty(), "{k:?} has no translation");
            // The same places, in Chinese as in English.
            fn places(t: &str) -> Vec<&str> {
                let mut p: Vec<&str> = pieces(t).1.iter().map(|(n, _)| *n).collect();
                p.sort_unstable();
                p.dedup();
                p
            }
            assert_eq!(places(k), places(zh), "{k:?}");
            assert!(
                all[..i].iter().all(|(x, _)| x != k),
                "{k:?} is in the catalogue twice"
            );
        }
    }

    #[test]
    fn every_text_the_code_looks_up_is_in_the_catalogue() {
        // Each `.t("…")` and `.fill("…"` in the sources names a catalogue entry.
        let mut missing = Vec::new();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut stack = vec![std::path::PathBuf::from(dir)];
        let mut files = 0;
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(&p).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                // This file names the patterns it looks for.
                if path.ends_with("i18n.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                files += 1;
                for pat in [".t(\"", ".fill(\""] {
                    for (i, _) in text.match_indices(pat) {
                        let rest = &text[i + pat.len()..];
                        let Some(end) = rest.find('"') else { continue };
                        let key = &rest[..end];
                        if !key.contains('\\') && entries().all(|(k, _)| *k != key) {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(files > 20);
        assert!(missing.is_empty(), "not in the catalogue: {missing:#?}");
    }

    #[test]
    fn every_text_of_the_catalogue_is_used() {
        // A text is looked up by its literal somewhere in the sources (in `.t(…)`, or in a
        // list of texts translated together).
        let mut sources = String::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(&p).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if !path.ends_with("i18n.rs") && !path.ends_with("i18n/problems.rs") {
                    sources.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
                }
            }
        }
        let unused: Vec<&str> = entries()
            .map(|(k, _)| *k)
            .filter(|k| !sources.contains(&format!("\"{k}\"")))
            .collect();
        assert!(unused.is_empty(), "never looked up: {unused:#?}");
    }

    #[test]
    fn a_scenarios_problems_are_read_line_by_line() {
        let header = |n: &str| {
            Lang::En.fill(
                "scenario '{file}' has {n} problems:",
                &[("file", "县.toml"), ("n", n)],
            )
        };
        assert_eq!(header("1"), "scenario '县.toml' has 1 problem:");
        // A value is not filled in its turn.
        assert_eq!(
            Lang::En.fill(
                "scenario '{file}' has {n} problems:",
                &[("file", "{n}.toml"), ("n", "2")]
            ),
            "scenario '{n}.toml' has 2 problems:"
        );
        let en = [
            header("7"),
            // A guess at what was meant, and none.
            r#"  - pools.a.sise: unknown key `sise` (did you mean "size"?); valid keys here: size, label"#.into(),
            "  - pools.b.x: unknown key `x`; valid keys here: size, label".into(),
            // A message the catalogue does not know stays as it is.
            "  - stages.c: something else".into(),
            "  - scenario: missing `seed`".into(),
            // A message that begins with a value keeps the path out of it.
            "  - variants.v.set: pools.a: its groups after the first have 2 staff in all; its size can be set to 2 or more (set a group with pools.a.members[1].count=N)".into(),
            // An option and its value are a path too.
            "  - --vary pools.x: missing `seed`".into(),
            // A problem at one point of a sweep.
            "  - at pools.x=a stages.y.duration=2 周: scenario: missing `seed`".into(),
        ]
        .join("\n");
        let zh = [
            "情景文件 '县.toml' 有 7 处问题：",
            r#"  - pools.a.sise：未知的键 `sise`（是否应为 "size"？）；此处可用的键：size、label"#,
            "  - pools.b.x：未知的键 `x`；此处可用的键：size、label",
            "  - stages.c: something else",
            "  - scenario：缺少 `seed`",
            "  - variants.v.set：pools.a：第一组之后的各组共有 2 人；其总人数只能设为 2 或以上（单独设置某一组请用 pools.a.members[1].count=N）",
            "  - --vary pools.x：缺少 `seed`",
            "  - 在 pools.x=a stages.y.duration=2 周 处：scenario：缺少 `seed`",
        ]
        .join("\n");
        assert_eq!(Lang::Zh.translate(&en), zh);
        assert_eq!(Lang::En.translate(&en), en);
        assert_eq!(
            Lang::Zh.translate(&header("1")),
            "情景文件 '县.toml' 有 1 处问题："
        );
        // An example with the text after it inside its brackets.
        assert_eq!(
            Lang::Zh.translate(r#"stages.a.next: missing `next`: a stage name, "end", branches [{ to, p }, ...], { rework = ..., p = ..., otherwise = ... } or { fork = [...], join = ... }"#),
            r#"stages.a.next：缺少 `next`：应为环节名称、"end"、分支 [{ to, p }, ...]、{ rework = ..., p = ..., otherwise = ... } 或 { fork = [...], join = ... }"#
        );
        // A file's line drawn under an error is the user's text.
        let drawn = "4 | name = \"Review: check\"\n  |        ^";
        assert_eq!(Lang::Zh.translate(drawn), drawn);
        // A message inside a message, each read in its turn.
        let set = "--set pools.x=3: `pools` has no `x`; it has: a, b; the variants v have it: run one of them with --variant";
        assert_eq!(
            Lang::Zh.translate(set),
            "--set pools.x=3：`pools` 下没有 `x`；现有：a、b；方案 v 中有此路径：请用 --variant 运行其中一个方案"
        );
    }

    #[test]
    fn contexts_and_lists_inside_a_problem_are_read_too() {
        // A context after the path (a distribution's kind, a file's name).
        assert_eq!(
            Lang::Zh.translate(
                "stages.a.duration: lognormal: `sd` must be a non-negative finite number, got -3"
            ),
            "stages.a.duration：lognormal：`sd` 必须是有限的非负数，实际为 -3"
        );
        // A list of rows, each read, the last "and ... more"; a quoted value does not take
        // the rows after its own.
        let rows = r#"classes[0].arrivals.trace: 'a.csv': row 3, column `time`: "x; y" is not a timestamp such as 2026-03-05 14:02:11; row 5: CSV error: record 5; and 2 more"#;
        assert_eq!(
            Lang::Zh.translate(rows),
            r#"classes[0].arrivals.trace：'a.csv'：第 3 行，`time` 列："x; y" 不是时间戳（如 2026-03-05 14:02:11）；第 5 行：CSV error: record 5；另有 2 处"#
        );
        let fit = r#"2 values are not a timestamp: row 3, column "start": "xx"; row 6, column "end": "yy"; expected ISO 8601 such as 2026-03-05T14:02:11+08:00, 2026-03-05 14:02:11, 2026/3/5 14:02 or 2026年3月5日 14:02. Also 1 rows not used (1 missing a field, 0 ending before they start, 0 with more fields than the header), e.g. 'l.csv' row 4: no end"#;
        assert_eq!(
            Lang::Zh.translate(fit),
            r#"2 个值不是时间戳：第 3 行，列 "start"："xx"；第 6 行，列 "end"："yy"；应为 ISO 8601 格式，如 2026-03-05T14:02:11+08:00、2026-03-05 14:02:11、2026/3/5 14:02 或 2026年3月5日 14:02。另有 1 行未用（1 行缺字段，0 行结束早于开始，0 行字段比表头多），例如 'l.csv' 第 4 行：缺少 end"#
        );
        // A list whose points do not all read stays as it is.
        let unknown = "x: row 3: something; else";
        assert_eq!(Lang::Zh.translate(unknown), unknown);
        // A message that begins with a word and `: ` is not a path and a message.
        assert_eq!(
            Lang::Zh.translate("unstable: the queue at pool `desk` passed 1000000 cases, at 10.0 hours in replication 0; the process cannot keep up: add staff or lower the arrival rate (the offered-load warning names the pool)"),
            "不稳定：岗位 `desk` 的排队超过了 1000000 件（仿真时间第 10.0 小时），发生在第 0 次重复；流程处理不过来：请增加人员或降低到达率（负荷警告中写明了是哪个岗位）"
        );
        // A problem of the scenario a variant produces.
        assert_eq!(
            Lang::Zh
                .translate("  - variants.v (the scenario it produces) scenario: missing `seed`"),
            "  - variants.v（其生成的情景）scenario：缺少 `seed`"
        );
    }

    #[test]
    fn warnings_of_a_run_read_back_in_chinese_whole() {
        for (en, start) in [
            (
                "pool `checker` (资料审核岗) is unstable: offered load 11.36 staff-equivalents for 2 staff (568%), at or above its capacity, so its queue grows without bound; add staff or reduce the work routed to it",
                "岗位 `checker` (资料审核岗)",
            ),
            (
                "7337 cases of class `lv_residential` (低压居民) over 2 replications had not finished when the run ended (2190 days, 3 x the horizon); lead times leave them out and are too short: lengthen the horizon (see censored_cases in summary.csv)",
                "类别 `lv_residential` (低压居民) 在 2 次重复中",
            ),
        ] {
            let zh = Lang::Zh.translate(en);
            assert!(zh.starts_with(start), "{zh}");
            let zh = Lang::Zh.translate(&crate::study::of_variant("digital", en));
            assert!(zh.contains(start), "{zh}");
            // The current process by its Chinese name, not its key.
            let zh = Lang::Zh.translate(&crate::study::of_variant("current", en));
            assert!(zh.starts_with(&format!("现行流程：{start}")), "{zh}");
        }
    }

    #[test]
    fn a_library_message_is_read_back_in_chinese() {
        let load = Lang::En.fill(
            "{load} staff-equivalents for {staff} staff ({share})",
            &[("load", "2.55"), ("staff", "2"), ("share", "127%")],
        );
        let en = Lang::En.fill(
            "pool {pool} is near saturation: offered load {load}; queues will be long and slow to settle",
            &[("pool", "`inspector` (竣工检验)"), ("load", &load)],
        );
        assert_eq!(
            Lang::Zh.translate(&en),
            "岗位 `inspector` (竣工检验) 接近饱和：负荷折合 2.55 人，现有 2 人（127%）；排队会很长，且要很久才能稳定"
        );
        assert_eq!(Lang::En.translate(&en), en);
        // A count of 1 took the singular in English; the other count kept the plural.
        let en = Lang::En.fill(
            "{n} cases of class {class} over {replications} replications had not finished when the run ended ({time} {unit}, 3 x the horizon); lead times leave them out and are too short: lengthen the horizon (see censored_cases in summary.csv)",
            &[
                ("n", "1"),
                ("class", "`hv`"),
                ("replications", "3"),
                ("time", "2190"),
                ("unit", "days"),
            ],
        );
        assert!(
            en.starts_with("1 case of class `hv` over 3 replications"),
            "{en}"
        );
        let censored = en.clone();
        let zh = Lang::Zh.translate(&en);
        assert!(zh.starts_with("类别 `hv` 在 3 次重复中共有 1 件"), "{zh}");
        assert!(zh.contains("（2190 天，"), "{zh}");
        // Nested: a variant's message.
        let en = Lang::En.fill(
            "variant {variant}: {message}",
            &[
                ("variant", "merged"),
                (
                    "message",
                    "more than 4000000 cases were in the process at once",
                ),
            ],
        );
        assert_eq!(
            Lang::Zh.translate(&en),
            "方案 merged：同时在办的工单超过了 4000000 件"
        );
        let en = Lang::En.fill(
            "variant {variant}: {message}",
            &[("variant", "fast"), ("message", &censored)],
        );
        let zh = Lang::Zh.translate(&en);
        assert!(
            zh.starts_with("方案 fast：类别 `hv` 在 3 次重复中共有 1 件"),
            "{zh}"
        );
        // A refusal whose fix follows `; ` is read whole, not as a list of two texts.
        let en = Lang::En.fill(
            "this would simulate about {total} cases ({replications} replications × {per} cases each, over {n} variants), beyond the {max} a run takes on unasked; pass --yes to run it anyway, or use fewer replications",
            &[("total", "8.77e11"), ("replications", "10000"), ("per", "87660000"), ("n", "1"), ("max", "1e10")],
        );
        assert_eq!(
            Lang::Zh.translate(&en),
            "这次运行约需仿真 8.77e11 个工单（10000 次重复 × 每次重复 87660000 个工单，1 个方案合计），超过无需确认即可运行的上限 1e10；如仍要运行，请加 --yes，或减少重复次数"
        );
        // And as the reason at the end of another text.
        let en = "could not read scenario 'a.toml': it is neither UTF-8, UTF-16 nor GBK/GB18030 text (byte 20 is not UTF-8); save it as UTF-8";
        let zh = Lang::Zh.translate(en);
        assert!(
            zh.starts_with("无法读取情景文件 'a.toml'：文件既不是 UTF-8")
                && zh.ends_with("请将其另存为 UTF-8 编码"),
            "{zh}"
        );
        // Text the catalogue does not know is left as it is, even where a short text
        // of the catalogue would read it ("{n} staff").
        assert_eq!(Lang::Zh.translate("pool `x` is odd"), "pool `x` is odd");
        assert_eq!(Lang::Zh.translate("a pool of 3 staff"), "a pool of 3 staff");
        // A variant's message that begins with a count; a pool whose name is a word.
        let en = Lang::En.fill(
            "variant {variant}: {message}",
            &[
                ("variant", "fast"),
                (
                    "message",
                    &Lang::En.fill(
                        "pool {pool} is near saturation: offered load {load}; queues will be long and slow to settle",
                        &[("pool", "`staff`"), ("load", &load)],
                    ),
                ),
            ],
        );
        assert_eq!(
            Lang::Zh.translate(&en),
            "方案 fast：岗位 `staff` 接近饱和：负荷折合 2.55 人，现有 2 人（127%）；排队会很长，且要很久才能稳定"
        );
        assert_eq!(Lang::Zh.translate("已是中文"), "已是中文");
    }

    #[test]
    fn the_language_follows_the_locale() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::from_locale("zh-TW"), Lang::Zh);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C"), Lang::En);
        assert_eq!(Lang::from_code("zh"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("fr"), None);
    }
}
