//! Typed errors of the library. The binary wraps them with `anyhow` context.

use std::fmt;

use crate::i18n::Lang;

/// One problem found in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// TOML path of the bad value, e.g. `stages.review.next[1].p`.
    pub path: String,
    /// What is wrong and what would be valid.
    pub message: String,
}

impl fmt::Display for Problem {
    /// One line: a line break inside (a value that holds one) is shown as `\n`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = one_line(&self.message);
        if self.path.is_empty() {
            write!(f, "{}", clip(&message))
        } else {
            write!(f, "{}: {}", clip(&one_line(&self.path)), clip(&message))
        }
    }
}

/// `text` with its line breaks written as `\n` and `\r`.
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\n', '\r']) {
        text.replace('\n', "\\n").replace('\r', "\\r").into()
    } else {
        text.into()
    }
}

/// Most characters of a path, message or value an error repeats: a value of megabytes (a
/// pasted file) is cut, not echoed whole.
pub const ECHO_LIMIT: usize = 2000;

/// `text`, cut to [`ECHO_LIMIT`] characters with a note of how much was left out.
pub fn clip(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(ECHO_LIMIT) {
        None => text.into(),
        Some((at, _)) => format!(
            "{}… ({} more characters)",
            &text[..at],
            text[at..].chars().count()
        )
        .into(),
    }
}

/// A scenario that cannot be used. Always fatal for the run that loads it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("could not read scenario '{file}': {why}", why = .error)]
    Read {
        /// The file.
        file: String,
        /// The I/O error (in the message, so not repeated as a cause).
        error: std::io::Error,
    },
    /// The file is not valid TOML.
    #[error("scenario '{file}' is not valid TOML: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// The file is valid TOML but describes an invalid scenario; every problem is listed.
    #[error("{}", invalid_message(.file, .problems))]
    Invalid {
        /// The file.
        file: String,
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// A variant asked for by name (`--variant`, `--variants`) that the scenario does not
    /// have: the request's problem, not the scenario's.
    #[error("{}", no_variant_message(.name, .hint, .file, .variants))]
    NoVariant {
        /// The name asked for.
        name: String,
        /// A "did you mean", or nothing.
        hint: String,
        /// The scenario.
        file: String,
        /// The variants it has (`–` for none).
        variants: String,
    },
    /// A `--set PATH=VALUE` override could not be applied.
    #[error("--set {setting}: {why}", setting = clip(.assignment), why = clip(.message))]
    Override {
        /// The assignment as given.
        assignment: String,
        /// What is wrong.
        message: String,
    },
}

impl ScenarioError {
    /// A [`ScenarioError::NoVariant`] as a problem of the command line's `flag` (`--variant`,
    /// `--variants`), to be listed beside its other problems; `None` for other errors.
    pub fn no_variant_problem(&self, flag: &str) -> Option<Problem> {
        let ScenarioError::NoVariant {
            name,
            hint,
            variants,
            ..
        } = self
        else {
            return None;
        };
        let message = if variants == "–" {
            format!(
                r#"no variant named "{name}": the scenario defines no variants (a [variants.NAME] table defines one); leave out {flag} to use the current process"#
            )
        } else {
            format!(r#"no variant named "{name}"{hint}; variants: {variants}"#)
        };
        Some(Problem {
            path: flag.to_string(),
            message,
        })
    }
}

fn no_variant_message(name: &str, hint: &str, file: &str, variants: &str) -> String {
    if variants == "–" {
        format!(
            r#"no variant named "{name}" in '{file}': the scenario defines no variants (a [variants.NAME] table defines one)"#
        )
    } else {
        format!(r#"no variant named "{name}"{hint} in '{file}'; its variants: {variants}"#)
    }
}

fn invalid_message(file: &str, problems: &[Problem]) -> String {
    let n = problems.len().to_string();
    // Problems only of a command's own options (`--target`, `--range`, `--metric`, ...; a
    // `--set` changes the scenario, and counts as its problem) are not the file's.
    let options_only = !problems.is_empty()
        && problems
            .iter()
            .all(|p| p.path.starts_with("--") && !p.path.starts_with("--set"));
    let mut s = if options_only {
        Lang::En.fill("the command line has {n} problems:", &[("n", &n)])
    } else {
        Lang::En.fill(
            "scenario '{file}' has {n} problems:",
            &[("file", file), ("n", &n)],
        )
    };
    for p in problems {
        s.push_str("\n  - ");
        s.push_str(&p.to_string());
    }
    s
}

/// A failure while writing results. Fatal for the command; earlier files stay intact.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The output folder already holds files.
    #[error(
        "output folder '{dir}' is not empty; choose another with --out, or pass --force to replace the earlier results in it"
    )]
    NotEmpty {
        /// The folder.
        dir: String,
    },
    /// The output folder holds an interrupted run, and `--force` was not given.
    #[error(
        r#"output folder '{dir}' holds an interrupted run (run.json says "complete": false): continue it with expansim {command} --resume {dir}, or pass --force to start again without its finished replications"#
    )]
    HoldsInterrupted {
        /// The folder.
        dir: String,
        /// The command that ran there (`run`, `compare`, `sweep`).
        command: String,
    },
    /// An I/O error on a file.
    #[error("{}", could_not_write(file, error))]
    Io {
        /// The file.
        file: String,
        /// The I/O error (in the message, so not repeated as a cause).
        error: std::io::Error,
    },
    /// A file a command would replace exists, and `--force` was not given.
    #[error("'{file}' exists already; pass --force to replace it")]
    Exists {
        /// The file.
        file: String,
    },
    /// The output path is a file, or names no folder of its own (`.`).
    #[error(
        "'{path}' cannot be a results folder: it is a file or not a named folder; choose a folder with --out"
    )]
    NotAFolder {
        /// The path.
        path: String,
    },
    /// The output folder would be under a file, where no folder can be made.
    #[error(
        "'{path}' cannot be made: '{file}' is a file, not a folder; choose a folder with --out"
    )]
    UnderAFile {
        /// The folder asked for.
        path: String,
        /// The file on its way.
        file: String,
    },
    /// `--force` on a folder that holds files expansim did not write.
    #[error(
        "output folder '{dir}' holds files expansim did not write ({names}); --force replaces only an earlier results folder: choose another with --out, or move them",
        names = files.join(", ")
    )]
    Foreign {
        /// The folder.
        dir: String,
        /// The files that are not results.
        files: Vec<String>,
    },
    /// The output folder changed while the run was going (a person's files, or without
    /// `--force` another run's results, came into it), so the run's results went beside it.
    #[error(
        "output folder '{dir}' changed while this run was going (it now holds {names}), so it was left as it is; this run's results are in '{kept}'"
    )]
    Changed {
        /// The folder.
        dir: String,
        /// Where the results went.
        kept: String,
        /// What the folder holds now.
        names: String,
    },
}

/// A command used on the wrong input (a folder that is not a results folder, shards that do
/// not belong together): the user's to fix, like an invalid scenario.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Any error of the library's pipeline (a study, a sweep, a merge): a scenario that cannot be
/// used, an output that cannot be written, or a request that does not fit.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The scenario (or a `--set`) is unusable.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A result file could not be written, or the folder is taken.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// The request does not fit what it names (a folder, a replication, an option).
    #[error(transparent)]
    Usage(#[from] UsageError),
    /// A file the request names could not be read.
    #[error("could not read '{file}': {message}")]
    Input {
        /// The file.
        file: String,
        /// What went wrong.
        message: String,
    },
    /// A run stopped because a queue passed its bound: the process cannot keep up, and
    /// figures from the replications that finished would mean nothing. The message names
    /// the pool, the time and the replication.
    #[error("{0}")]
    Unstable(String),
}

impl ExportError {
    /// Whether the user can fix it by changing the command (a folder or file that is taken).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            ExportError::NotEmpty { .. }
                | ExportError::HoldsInterrupted { .. }
                | ExportError::Exists { .. }
                | ExportError::NotAFolder { .. }
                | ExportError::UnderAFile { .. }
                | ExportError::Foreign { .. }
        )
    }
}

impl Error {
    /// Whether the user can fix it by changing the input or the command (exit code 2),
    /// rather than a failure while running or writing (exit code 1).
    pub fn is_usage(&self) -> bool {
        match self {
            Error::Scenario(_) | Error::Usage(_) | Error::Input { .. } => true,
            Error::Export(e) => e.is_usage(),
            Error::Unstable(_) => false,
        }
    }
}

/// An error writing `file`, with what to do about it when the error says.
fn could_not_write(file: &str, error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let error_text = error.to_string();
    let fix = match error.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            "choose a folder you may write to with --out"
        }
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "free some space on that disk, or choose a folder on another with --out"
        }
        _ => {
            return crate::i18n::Lang::En.fill(
                "could not write '{file}': {error}",
                &[("file", file), ("error", &error_text)],
            );
        }
    };
    crate::i18n::Lang::En.fill(
        "could not write '{file}': {error}; {why}",
        &[("file", file), ("error", &error_text), ("why", fix)],
    )
}
