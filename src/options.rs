//! Options shared by the commands that run simulations, and the argument types (shards,
//! ranges, replication lists) that the command line and the library both use.

use std::cell::Cell;
use std::path::PathBuf;

/// How results are printed on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned tables for people.
    #[default]
    Table,
    /// One JSON document for programs.
    Json,
}

/// What `show` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ShowFormat {
    /// The resolved scenario, as TOML that `run` accepts.
    #[default]
    Toml,
    /// The process graph for Graphviz (`dot -Tsvg`).
    Dot,
    /// The process graph as a Mermaid flowchart, for Markdown.
    Mermaid,
    /// The process map, laid out and drawn as SVG.
    Svg,
}

/// Settings of a run that come from the command line rather than the scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOptions {
    /// Overrides `scenario.replications`.
    pub replications: Option<u32>,
    /// Overrides `scenario.seed`.
    pub seed: Option<u64>,
    /// Worker threads for replications (1 = sequential).
    pub jobs: usize,
    /// Output folder; `None` means `results/<scenario file stem>/`.
    pub out_dir: Option<PathBuf>,
    /// Overwrite files in a non-empty output folder.
    pub force: bool,
    /// No progress bar.
    pub quiet: bool,
    /// Format of stdout.
    pub format: Format,
    /// `PATH=VALUE` overrides applied to the scenario document, in order.
    pub sets: Vec<String>,
    /// Optional outputs.
    pub outputs: Outputs,
    /// Run only this shard.
    pub shard: Option<Shard>,
    /// Target relative half-width of mean lead time per class.
    pub precision: Option<f64>,
    /// Upper limit on replications with `precision`.
    pub max_replications: u32,
    /// The interrupted results folder this run continues.
    pub resume: Option<PathBuf>,
    /// Run even beyond the simulated cases a run takes on unasked (`MAX_WORK` of the study).
    pub yes: bool,
}

/// Outputs written only on request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outputs {
    /// `report.html`.
    pub report: bool,
    /// `event_log.csv` and `event_log.xes`.
    pub event_log: bool,
    /// `cases.csv`.
    pub cases: bool,
    /// Replications traced for the event log and cases.csv.
    pub log_replications: Vec<u32>,
    /// Cases per variant and replication in the event log and cases.csv (`None`: all).
    pub log_cases: Option<usize>,
    /// A UTF-8 byte-order mark at the start of CSV files.
    pub bom: bool,
    /// The language of `report.html` (and of the tables on stdout).
    pub lang: crate::i18n::Lang,
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs {
            report: false,
            event_log: false,
            cases: false,
            log_replications: vec![0],
            log_cases: Some(1000),
            bom: false,
            lang: crate::i18n::Lang::En,
        }
    }
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            replications: None,
            seed: None,
            jobs: std::thread::available_parallelism().map_or(1, usize::from),
            out_dir: None,
            force: false,
            quiet: false,
            format: Format::Table,
            sets: Vec::new(),
            outputs: Outputs::default(),
            shard: None,
            precision: None,
            max_replications: 200,
            resume: None,
            yes: false,
        }
    }
}

impl RunOptions {
    /// All scenario overrides: `--replications` and `--seed` become `--set`s after the
    /// user's own, so the manifest records one resolved scenario.
    pub fn all_sets(&self) -> Vec<String> {
        let mut sets = self.sets.clone();
        if let Some(r) = self.replications {
            sets.push(format!("scenario.replications={r}"));
        }
        if let Some(s) = self.seed {
            sets.push(format!("scenario.seed={s}"));
        }
        sets
    }
}

/// Shard K of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    /// Which shard, 0..count.
    pub index: u32,
    /// How many shards.
    pub count: u32,
}

impl Shard {
    /// The part of `0..n` this shard runs: contiguous, nearly equal blocks.
    pub fn slice(&self, n: u32) -> std::ops::Range<u32> {
        let at = |k: u32| (u64::from(k) * u64::from(n) / u64::from(self.count)) as u32;
        at(self.index)..at(self.index + 1)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// `--shard K/N` (0 <= K < N).
pub fn parse_shard(s: &str) -> Result<Shard, String> {
    let bad = || format!(r#"expected K/N with 0 <= K < N, e.g. 0/4 (K counts from 0), got "{s}""#);
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (index, count): (u32, u32) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if count == 0 || index >= count {
        return Err(bad());
    }
    // More shards than replications could ever fill: a slip, and merge would look for them.
    let most = crate::scenario::parse::MAX_REPLICATIONS;
    if count > most {
        return Err(format!(
            r#"at most {most} shards (the limit of replications), got "{s}""#
        ));
    }
    Ok(Shard { index, count })
}

/// An option's value as the command line gave it: parsed, or why it could not be. A command
/// says a bad one beside the problems that need the scenario (an unknown pool, a misspelt
/// class), so that every problem is said at once; clap would stop at the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Given<T> {
    /// The text given.
    pub text: String,
    /// Its value, or what is wrong with it.
    pub value: Result<T, String>,
}

thread_local! {
    /// Whether [`Given::parser`]s refuse bad values on this thread ([`Given::strictly`]).
    static STRICT: Cell<bool> = const { Cell::new(false) };
}

impl<T: Clone> Given<T> {
    /// A value parser for clap that keeps what `parse` refuses as a [`Given`] to report.
    pub fn parser(
        parse: fn(&str) -> Result<T, String>,
    ) -> impl Fn(&str) -> Result<Given<T>, String> + Clone + Send + Sync + 'static
    where
        T: Send + Sync + 'static,
    {
        move |s| {
            let value = parse(s);
            match value {
                Err(why) if STRICT.with(Cell::get) => Err(why),
                value => Ok(Given {
                    text: s.to_string(),
                    value,
                }),
            }
        }
    }

    /// Runs `f` with [`Given::parser`]s refusing what they cannot parse, as clap's own
    /// parsers do: for listing every bad value of a command line that clap refuses anyway.
    pub fn strictly<R>(f: impl FnOnce() -> R) -> R {
        /// Lenient again when `f` returns, or unwinds.
        struct Reset;
        impl Drop for Reset {
            fn drop(&mut self) {
                STRICT.with(|s| s.set(false));
            }
        }
        STRICT.with(|s| s.set(true));
        let _reset = Reset;
        f()
    }

    /// The values of option `flag` that parsed, and a problem for each that did not.
    pub fn sort(flag: &str, given: &[Given<T>]) -> (Vec<T>, Vec<crate::error::Problem>) {
        let mut problems = Vec::new();
        let values = given
            .iter()
            .filter_map(|g| match &g.value {
                Ok(v) => Some(v.clone()),
                Err(why) => {
                    problems.push(crate::error::Problem {
                        path: format!("{flag} {}", g.text),
                        message: why.clone(),
                    });
                    None
                }
            })
            .collect();
        (values, problems)
    }
}

/// A share strictly between 0 and 1 (`--precision`).
pub fn parse_share(s: &str) -> Result<f64, String> {
    s.parse::<f64>()
        .ok()
        .filter(|x| *x > 0.0 && *x < 1.0)
        .ok_or_else(|| format!(r#"expected a share between 0 and 1, e.g. 0.02, got "{s}""#))
}

/// A count of one or more (`--jobs`, `--top`, `--budget-replications`): clap's own range
/// check would name the largest u64 as the limit.
pub fn parse_count(s: &str) -> Result<u64, String> {
    s.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!(r#"expected a whole number of 1 or more, got "{s}""#))
}

/// A master seed (`--seed`), from 0 to the largest a scenario file's `seed` can hold.
pub fn parse_seed(s: &str) -> Result<u64, String> {
    s.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| *n <= i64::MAX as u64)
        .ok_or_else(|| {
            format!(
                r#"expected a whole number from 0 to {max}, got "{s}""#,
                max = i64::MAX
            )
        })
}

/// A batch of replications, of two or more (`optimize --batch`): an interval needs two.
pub fn parse_batch(s: &str) -> Result<u32, String> {
    s.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n >= 2)
        .ok_or_else(|| format!(r#"expected a whole number of 2 or more, got "{s}""#))
}

/// How many cases to log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseLimit(pub Option<usize>);

/// How many cases to log: a count, or `all`.
pub fn parse_limit(s: &str) -> Result<CaseLimit, String> {
    if s == "all" {
        return Ok(CaseLimit(None));
    }
    s.parse::<usize>()
        .ok()
        .filter(|n| *n > 0)
        .map(|n| CaseLimit(Some(n)))
        .ok_or_else(|| format!(r#"expected a positive number or "all", got "{s}""#))
}

/// Replication indices, sorted and distinct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicationList(pub Vec<u32>);

/// An integer range `a..b` (b excluded) or `a..=b` (b included) of at most 10,000 values;
/// `None` when `text` is not written as a range.
pub fn int_range(text: &str) -> Option<Result<std::ops::Range<i64>, String>> {
    let (a, b) = text.split_once("..")?;
    let (inclusive, b) = match b.strip_prefix('=') {
        Some(b) => (true, b),
        None => (false, b),
    };
    let bad = || format!(r#""{text}" is not a range such as 1..5 (without 5) or 1..=4 (with 4)"#);
    let parsed = a
        .trim()
        .parse::<i64>()
        .ok()
        .zip(b.trim().parse::<i64>().ok());
    Some(match parsed {
        None => Err(bad()),
        Some((a, b)) => {
            let end = if inclusive { b.saturating_add(1) } else { b };
            if end <= a {
                Err(format!(r#"the range "{text}" is empty"#))
            } else if end - a > 10_000 {
                Err(format!(r#"the range "{text}" has more than 10,000 values"#))
            } else {
                Ok(a..end)
            }
        }
    })
}

/// Parses `0,3,7` or a range `0..5` / `0..=4`, or a mixture, into sorted distinct indices.
pub fn parse_replications(s: &str) -> Result<ReplicationList, String> {
    let mut out = Vec::new();
    for part in s.split(',') {
        let part = part.trim();
        let bad =
            || format!(r#"expected replication numbers such as 0,3 or a range 0..5, got "{part}""#);
        match int_range(part) {
            Some(range) => {
                for r in range? {
                    out.push(u32::try_from(r).map_err(|_| bad())?);
                }
            }
            None => out.push(part.parse().map_err(|_| bad())?),
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(ReplicationList(out))
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_name_their_rule() {
        assert_eq!(super::parse_count("4"), Ok(4));
        for bad in ["0", "-1", "x", "1.5", ""] {
            let e = super::parse_count(bad).unwrap_err();
            assert!(e.contains("a whole number of 1 or more"), "{e}");
        }
        assert_eq!(super::parse_batch("2"), Ok(2));
        let e = super::parse_batch("1").unwrap_err();
        assert!(e.contains("a whole number of 2 or more"), "{e}");
    }
}
