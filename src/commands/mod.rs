//! One module per command: each turns parsed arguments into library calls and prints the
//! results; the work itself happens in the library ([`expansim::study`] and friends).

pub mod compare;
pub mod fit;
pub mod interrupt;
pub mod merge;
pub mod optimize;
pub mod report;
pub mod resume;
pub mod run;
pub mod sensitivity;
pub mod serve;
pub mod show;
pub mod sweep;
pub mod validate;
pub mod verify;

use std::path::{Path, PathBuf};

use expansim::options::RunOptions;
use expansim::study::{Source, Study};

/// The command line, parsed; a usage error printed (in the language of `--lang` or `LANG`),
/// or the help or version, and the process ends.
pub fn parse() -> expansim::cli::Cli {
    interrupt::survive_file_size_limit();
    let args = std::env::args_os().collect();
    expansim::cli::Cli::parse_in_language(args).unwrap_or_else(|(e, lang)| {
        use clap::error::ErrorKind::{DisplayHelp, DisplayHelpOnMissingArgumentOrSubcommand};
        let help = matches!(
            e.kind(),
            DisplayHelp | DisplayHelpOnMissingArgumentOrSubcommand
        );
        let term = if e.use_stderr() {
            console::Term::stderr()
        } else {
            console::Term::stdout()
        };
        // Help on a terminal is wrapped to its width (at most 100 columns, as clap would);
        // piped, it is left as written.
        let width = term
            .size_checked()
            .filter(|_| help && term.is_term())
            .map(|(_, cols)| usize::from(cols).min(100));
        // Chinese help is clap's with full-width colons after its headings.
        let own_help = help && lang != expansim::i18n::Lang::En;
        let text = match (expansim::cli::clap_error(&e, lang), width) {
            (None, None) if !own_help => e.exit(),
            (Some(text), None) => text,
            (text, width) => {
                let colour =
                    std::env::var_os("NO_COLOR").is_none() && text.is_none() && width.is_some();
                let styled = e.render();
                let text = text.unwrap_or_else(|| match colour {
                    true => styled.ansi().to_string(),
                    false => styled.to_string(),
                });
                match width {
                    Some(width) => expansim::output::wrap::wrap(&text, width),
                    None => text,
                }
            }
        };
        let text = match own_help {
            true => expansim::cli::full_width_headings(&text, lang),
            false => text,
        };
        if e.use_stderr() {
            eprint!("{text}");
        } else {
            // Help piped into a reader that stops early (`| head`) is no error.
            use std::io::Write;
            let mut stdout = std::io::stdout();
            wrote(write!(stdout, "{text}").and_then(|()| stdout.flush()));
        }
        std::process::exit(e.exit_code())
    })
}

/// Runs `merge`, `fit`, `serve`, `optimize` and `sensitivity`.
pub fn rest(c: expansim::cli::Command) -> anyhow::Result<()> {
    use expansim::cli::Command;
    match c {
        Command::Merge {
            dirs,
            out,
            force,
            jobs,
            quiet,
            lang,
        } => {
            let jobs = jobs.map_or(expansim::options::RunOptions::default().jobs, |j| {
                j as usize
            });
            merge::merge(&dirs, &out, force, (jobs, quiet), lang)
        }
        c @ Command::Fit { .. } => fit::fit(c),
        c @ Command::Serve { .. } => serve::serve(c.try_into()?),
        Command::Sensitivity {
            scenario,
            variant,
            delta,
            metric,
            top,
            run,
        } => sensitivity::sensitivity(
            scenario.as_deref(),
            variant.as_deref(),
            &delta,
            &metric,
            top.map(|t| usize::try_from(t).unwrap_or(usize::MAX)),
            &run.to_options(),
        ),
        c => optimize::run(&c),
    }
}

/// Prints to stdout, ignoring a closed pipe (`expansim run … | head` must not panic).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write;
        $crate::commands::wrote(write!(std::io::stdout(), $($arg)*));
    }};
}

/// [`out!`] with a newline.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write;
        $crate::commands::wrote(writeln!(std::io::stdout(), $($arg)*));
    }};
}

/// [`outln!`] for prose: lines wider than a terminal's usual 100 columns are wrapped.
macro_rules! sayln {
    ($($arg:tt)*) => {{
        use std::io::Write;
        let text = expansim::output::wrap::wrap(&format!($($arg)*), expansim::output::table::WIDTH);
        $crate::commands::wrote(writeln!(std::io::stdout(), "{text}"));
    }};
}

pub(crate) use {out, outln, sayln};

/// Set when writing to standard output failed (a full disk behind `> file`), but for a
/// reader that stopped reading (`| head`).
static STDOUT_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Notes a failed write to standard output.
pub fn wrote(result: std::io::Result<()>) {
    if result.is_err_and(|e| e.kind() != std::io::ErrorKind::BrokenPipe) {
        STDOUT_FAILED.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// `code`, unless writing to standard output failed: then said, in `lang`, and 1.
pub fn checked_stdout(
    code: std::process::ExitCode,
    lang: expansim::i18n::Lang,
) -> std::process::ExitCode {
    use std::io::Write;
    wrote(std::io::stdout().flush());
    if !STDOUT_FAILED.load(std::sync::atomic::Ordering::Relaxed) {
        return code;
    }
    eprintln!(
        "{}{}",
        lang.t("Error: "),
        lang.t("could not write to standard output (is the disk it goes to full?)")
    );
    std::process::ExitCode::from(1)
}

/// The scenario a command names (a file, or the built-in county without one), with the
/// command line's overrides; when resuming, the one the interrupted run recorded.
pub fn load(path: Option<&Path>, opts: &RunOptions) -> anyhow::Result<Study> {
    if let Some(m) = resume::manifest(opts.resume.as_deref(), None)? {
        return Ok(Study::from_manifest(&m)?);
    }
    let source = path.map_or(Source::County, Source::File);
    Ok(Study::load(source, &opts.all_sets())?)
}

/// [`load`] for a command whose own values have `problems` (a range that does not parse):
/// they are said with the scenario's, when it has some.
pub fn load_noting(
    path: Option<&Path>,
    opts: &RunOptions,
    problems: &[expansim::error::Problem],
) -> anyhow::Result<Study> {
    use expansim::error::ScenarioError;
    load(path, opts).map_err(|e| match e.downcast::<ScenarioError>() {
        Ok(ScenarioError::Invalid {
            file,
            problems: mut all,
        }) => {
            all.extend_from_slice(problems);
            ScenarioError::Invalid {
                file,
                problems: all,
            }
            .into()
        }
        Ok(other) => other.into(),
        Err(e) => e,
    })
}

/// [`load_noting`], and when a `--set` is refused, the command's other inputs checked by
/// `check` against the scenario as written, so that their problems are said with it (every
/// problem at once).
pub fn load_checking(
    path: Option<&Path>,
    opts: &RunOptions,
    problems: &[expansim::error::Problem],
    check: &dyn Fn(&Study) -> Vec<expansim::error::Problem>,
) -> anyhow::Result<Study> {
    use expansim::error::ScenarioError;
    let e = match load_noting(path, opts, problems) {
        Ok(study) => return Ok(study),
        Err(e) => e,
    };
    match e.downcast::<ScenarioError>() {
        Ok(ScenarioError::Invalid {
            file,
            problems: mut all,
        }) => {
            if all.iter().any(|p| p.path.starts_with("--set")) {
                let written = RunOptions {
                    sets: Vec::new(),
                    ..opts.clone()
                };
                if let Ok(study) = load(path, &written) {
                    let more = check(&study);
                    all.extend(
                        more.into_iter()
                            .filter(|p| !all.contains(p))
                            .collect::<Vec<_>>(),
                    );
                }
            }
            Err(ScenarioError::Invalid {
                file,
                problems: all,
            }
            .into())
        }
        Ok(other) => Err(other.into()),
        Err(e) => Err(e),
    }
}

/// `study` with only `variant` (else the current process), and the problems of a variant
/// the scenario does not have: the current process stands in, so that the command's other
/// inputs are checked too and every problem is reported at once.
pub fn only_or_current(
    study: Study,
    variant: Option<&str>,
) -> anyhow::Result<(Study, Vec<expansim::error::Problem>)> {
    match study.clone().only(variant) {
        Ok(s) => Ok((s, Vec::new())),
        // Said beside the other problems of the command line.
        Err(e) => match e.no_variant_problem("--variant") {
            Some(problem) => Ok((study.only(None)?, vec![problem])),
            None => Err(e.into()),
        },
    }
}

/// Fails with every problem of `problems` (none: goes on).
pub fn all_problems(source: &str, problems: Vec<expansim::error::Problem>) -> anyhow::Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    Err(expansim::error::ScenarioError::Invalid {
        file: source.to_string(),
        problems,
    }
    .into())
}

/// The progress bar and warnings on stderr, and the end of the work on Ctrl-C or SIGTERM;
/// the first signal says whether what is done is written: it is when the command `keeps`
/// a part of its work (`run`, `compare`, `sweep`), not for a search whose answer, cut
/// short, is none (`optimize`, `sensitivity`).
pub fn terminal(
    quiet: bool,
    lang: expansim::i18n::Lang,
    keeps: bool,
) -> expansim::output::progress::Terminal {
    expansim::output::progress::Terminal::new(quiet)
        .in_lang(lang)
        .stop_on(interrupt::install(lang, keeps))
}

/// `results/<scenario file stem>/`, where results go without `--out`.
pub fn default_out_dir(scenario: Option<&Path>) -> PathBuf {
    let scenario = scenario.unwrap_or(Path::new("county.toml"));
    let stem = scenario
        .file_stem()
        .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned());
    PathBuf::from("results").join(stem)
}

/// The line that ends a command's output: where its results are, in `lang`.
pub fn written(dir: &Path, lang: expansim::i18n::Lang) -> String {
    let dir = dir.display().to_string();
    format!(
        "\n{}",
        lang.fill("Results written to {dir}", &[("dir", &dir)])
    )
}

pub use expansim::export::manifest::now_rfc3339;

/// The lines above a results table: the scenario's name (and the variant, when one other
/// than the current process runs alone), its replications, seed, horizon and warm-up, and
/// the values set on the command line (`-r` and `--seed` are the line before).
pub fn heading(study: &Study, replications: u32, l: expansim::i18n::Lang) -> String {
    use expansim::scenario;
    let settings = &study.model().settings;
    let which = match &study.variants[..] {
        [v] if v.name != scenario::variant::BASELINE => format!(
            " — {} {}",
            l.t("variant"),
            scenario::variant::shown(l, &v.name, v.label.as_deref())
        ),
        _ => String::new(),
    };
    // A horizon given in another unit (20000h in days) to three decimals: 833.333.
    let amount = |x: f64| {
        let text = format!("{x:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    let mut out = format!(
        "{}{which}\n{}\n",
        settings.name,
        l.fill(
            "{n} replications, seed {seed}, horizon {h} {unit} (warm-up {w})",
            &[
                ("n", &replications.to_string()),
                ("seed", &settings.seed.to_string()),
                ("h", &amount(settings.horizon)),
                ("unit", &l.units(settings.time_unit.name())),
                ("w", &amount(settings.warmup))
            ]
        )
    );
    let sets = scenario::set::changing(&study.loaded.overrides);
    if !sets.is_empty() {
        out.push_str(&l.fill(
            "values set on the command line: {sets}",
            &[("sets", &sets.join(l.t("; ")))],
        ));
        out.push('\n');
    }
    out
}
