//! Command-line definitions (clap). No logic here: `main.rs` hands the parsed command to
//! `commands/`, which calls the library.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::i18n::Lang;

use crate::options::{
    CaseLimit, Format, Given, Outputs, ReplicationList, RunOptions, Shard, ShowFormat, parse_limit,
    parse_replications, parse_shard, parse_share,
};

/// Discrete-event simulator for redesigning a power utility's new-connection process.
#[derive(Debug, Parser)]
#[command(name = "expansim", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
    /// Language of what is printed (default: from LANG).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and write run.json, summary.csv and replications.csv.
    Run {
        /// The scenario file (TOML); without it, the built-in county scenario.
        scenario: Option<PathBuf>,
        /// Run this variant of the scenario instead of the current process.
        #[arg(long, value_name = "NAME")]
        variant: Option<String>,
        /// Run options.
        #[command(flatten)]
        run: RunArgs,
    },
    /// Compare the current process with its variants (paired replications, common random
    /// numbers); writes comparison.csv beside summary.csv and replications.csv.
    Compare {
        /// The scenario file (TOML); without it, the built-in county scenario.
        scenario: Option<PathBuf>,
        /// Variants to compare with the current process (default: all), e.g. merged,digital.
        #[arg(long, value_delimiter = ',', value_name = "NAMES", value_parser = trimmed)]
        variants: Vec<String>,
        /// Run options.
        #[command(flatten)]
        run: RunArgs,
    },
    /// Run a full factorial of scenario values (staffing, times, probabilities) under common
    /// random numbers; with --target, find the cheapest point that meets every target.
    Sweep {
        /// The scenario file (TOML); without it, the built-in county scenario.
        scenario: Option<PathBuf>,
        /// A path and its values: a list (pools.reviewer=2,3,4) or a range (1..5 without 5,
        /// 1..=4 with it). Repeat for a full factorial.
        #[arg(long = "vary", value_name = "PATH=VALUES", required_unless_present = "resume", value_parser = Given::parser(crate::sweep::parse_vary))]
        vary: Vec<Given<crate::sweep::Vary>>,
        /// Sweep this variant instead of the current process.
        #[arg(long, value_name = "NAME")]
        variant: Option<String>,
        /// A target met at the 95% confidence bound, e.g. hv_single:limit_met_share>=0.95,
        /// or on a stage or pool: all:utilization:inspector<=0.85 (repeatable).
        #[arg(long = "target", value_name = "CLASS:METRIC[:SUBJECT]>=VALUE", value_parser = Given::parser(crate::sweep::parse_target))]
        targets: Vec<Given<crate::sweep::Target>>,
        /// Run options.
        #[command(flatten)]
        run: CommonArgs,
    },
    /// Combine the folders of shards (--shard K/N) into the results of one run.
    Merge {
        /// Shard folders, in any order.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Output folder for the combined results.
        #[arg(long, short = 'o')]
        out: PathBuf,
        /// Overwrite the files expansim writes in a non-empty output folder.
        #[arg(long)]
        force: bool,
        /// Worker threads (default: all cores).
        #[arg(long, short = 'j', value_parser = crate::options::parse_count, allow_negative_numbers = true)]
        jobs: Option<u64>,
        /// No progress bar (merge shows one only while it runs points of a merged sweep again
        /// to pair them).
        #[arg(long, short = 'q')]
        quiet: bool,
        /// Language of what is printed (default: from LANG).
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Print the full resolved scenario (of a variant, with --variant) as TOML that `run`
    /// accepts.
    Show {
        /// The scenario file (TOML); without it, the built-in county scenario.
        scenario: Option<PathBuf>,
        /// The variant to print (default: the current process).
        #[arg(long, value_name = "NAME")]
        variant: Option<String>,
        /// Change a scenario value by its path (repeatable); with --variant, applied after
        /// the variant's operators, so what is printed is what runs.
        #[arg(long = "set", value_name = "PATH=VALUE")]
        sets: Vec<String>,
        /// toml: the resolved scenario; dot or mermaid: the process graph (stages, routes
        /// with their probabilities, rework loops, forks); svg: that graph laid out and drawn.
        #[arg(long, value_enum, default_value_t = ShowFormat::Toml)]
        format: ShowFormat,
        /// Language of the process graph's words (default: from LANG).
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Write report.html into an existing results folder (re-running its replications from
    /// run.json, which must come from this version of expansim).
    Report {
        /// A folder written by `run` or `compare`.
        dir: PathBuf,
        /// Replace an existing report.html.
        #[arg(long)]
        force: bool,
        /// Worker threads (default: all cores).
        #[arg(long, short = 'j', value_parser = crate::options::parse_count, allow_negative_numbers = true)]
        jobs: Option<u64>,
        /// No progress bar.
        #[arg(long, short = 'q')]
        quiet: bool,
        /// Language of the report (default: from LANG).
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Fit a scenario to event logs (CSV, one row per activity instance, or XES): classes,
    /// arrivals, stages, routing and rework, pools, office hours and time distributions,
    /// each with a comment saying what it rests on.
    Fit {
        /// Event logs (CSV with commas, tabs, semicolons or vertical bars, or XES; either
        /// may be gzipped): together one log.
        #[arg(required = true)]
        logs: Vec<PathBuf>,
        /// The scenario file to write.
        #[arg(long, short = 'o', value_name = "SCENARIO.toml")]
        out: PathBuf,
        /// Replace an existing scenario file (and report).
        #[arg(long)]
        force: bool,
        /// Column of the case identifier (default: case:concept:name, case_id, ...).
        #[arg(long, value_name = "COLUMN")]
        case: Option<String>,
        /// Column of the activity (default: concept:name, activity, ...).
        #[arg(long, value_name = "COLUMN")]
        activity: Option<String>,
        /// Column of the start time (default: start_timestamp, start_time, ...).
        #[arg(long, value_name = "COLUMN")]
        start: Option<String>,
        /// Column of the end time (default: time:timestamp, end_time, ...).
        #[arg(long, value_name = "COLUMN")]
        end: Option<String>,
        /// Column of the time an activity became ready (optional; default enabled_time,
        /// enable_time).
        #[arg(long, value_name = "COLUMN")]
        enabled: Option<String>,
        /// Column of the resource (optional; default org:resource, resource).
        #[arg(long, value_name = "COLUMN")]
        resource: Option<String>,
        /// Column (case attribute) of the customer class (optional; default case:class,
        /// class).
        #[arg(long, value_name = "COLUMN")]
        class: Option<String>,
        /// Zone of timestamps without an offset (e.g. +08:00, +0800, UTC+8, UTC,
        /// Asia/Shanghai).
        #[arg(
            long,
            default_value = "+08:00",
            value_name = "OFFSET",
            allow_hyphen_values = true
        )]
        timezone: String,
        /// The office's clock, in which its hours and working days are found and the
        /// fitted scenario keeps time (every timestamp is converted to it).
        #[arg(
            long,
            default_value = "+08:00",
            value_name = "OFFSET",
            allow_hyphen_values = true
        )]
        office_timezone: String,
        /// Character encoding of CSV logs (auto: UTF-8, UTF-16 by its byte-order mark, else
        /// GB18030 when not UTF-8).
        #[arg(long, value_enum, default_value = "auto")]
        encoding: crate::text::TextEncoding,
        /// Simulate the fitted scenario over the log's period and print it beside the log.
        #[arg(long)]
        check: bool,
        /// With --check, also write this HTML page: fitted densities over each activity's
        /// histogram, observed and simulated lead-time distributions.
        #[arg(long, value_name = "FILE.html")]
        report: Option<PathBuf>,
        /// Replications simulated by --check.
        #[arg(long, short = 'r', default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=1000), allow_negative_numbers = true)]
        replications: u32,
        /// No progress bar.
        #[arg(long, short = 'q')]
        quiet: bool,
        /// Language of what is printed (default: from LANG).
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Find the cheapest staffing whose 95% bounds meet every target, without a full grid:
    /// load bounds, greedy allocation, local moves and a confirmation over cheaper points.
    // They decide what to run as they go: no shards, nothing to resume.
    #[command(mut_arg("shard", |a| a.hide(true)), mut_arg("resume", |a| a.hide(true)))]
    Optimize {
        /// The scenario file (TOML); without it, the built-in county scenario.
        scenario: Option<PathBuf>,
        /// A target met at the 95% confidence bound (repeatable), as in sweep, e.g.
        /// hv_single:limit_met_share>=0.95.
        #[arg(long = "target", required = true, value_name = "CLASS:METRIC[:SUBJECT]>=VALUE", value_parser = Given::parser(crate::sweep::parse_target))]
        targets: Vec<Given<crate::sweep::Target>>,
        /// A pool and its sizes, as in sweep: pools.reviewer=1..=6 (repeatable); default:
        /// every pool with a cost (every pool when none has one), from its load bound up.
        #[arg(long = "range", value_name = "pools.NAME=LO..=HI", value_parser = Given::parser(crate::sweep::parse_vary))]
        ranges: Vec<Given<crate::sweep::Vary>>,
        /// Size this variant instead of the current process.
        #[arg(long, value_name = "NAME")]
        variant: Option<String>,
        /// Most replications over the whole search.
        #[arg(long, value_name = "N", default_value_t = 20000, value_parser = crate::options::parse_count, allow_negative_numbers = true)]
        budget_replications: u64,
        /// Replications a point runs before it is judged again.
        #[arg(long, value_name = "N", default_value_t = 2, value_parser = crate::options::parse_batch, allow_negative_numbers = true)]
        batch: u32,
        /// Options of every command that simulates.
        #[command(flatten)]
        run: CommonArgs,
    },
    /// Which inputs matter: every pool size ±1 and every rate, time and probability ±delta,
    /// one at a time against the scenario as it is (common random numbers), ranked.
    // They decide what to run as they go: no shards, nothing to resume.
    #[command(mut_arg("shard", |a| a.hide(true)), mut_arg("resume", |a| a.hide(true)))]
    Sensitivity {
        /// The scenario file (TOML); without it, the built-in county scenario.
        scenario: Option<PathBuf>,
        /// Change this variant instead of the current process.
        #[arg(long, value_name = "NAME")]
        variant: Option<String>,
        /// Relative change of rates, times and probabilities.
        #[arg(long, default_value = "0.2", value_parser = Given::parser(crate::options::parse_share), allow_hyphen_values = true)]
        delta: Given<f64>,
        /// Metric to rank by: lead_time or limit_met_share.
        #[arg(long, default_value = "lead_time")]
        metric: String,
        /// How many changes (rows) each table lists, and how many inputs each tornado shows
        /// (default: 15, and 5 in each class's table).
        #[arg(long, value_parser = crate::options::parse_count, allow_negative_numbers = true)]
        top: Option<u64>,
        /// Options of every command that simulates.
        #[command(flatten)]
        run: CommonArgs,
    },
    /// Serve the web app on this computer: controls from the scenario, Run against the
    /// baseline, the process map, an animated replay and the Gantt of a case.
    Serve {
        /// The scenario file (TOML); without it, the built-in county scenario.
        scenario: Option<PathBuf>,
        /// Port to listen on (0: any free port, printed at start).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to listen on; anything but 127.0.0.1 lets other computers in.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Language of the page (default: from LANG); the page can switch.
        #[arg(long, value_enum)]
        lang: Option<Lang>,
        /// Simulations at once; further runs wait their turn (default: the cores).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=256), allow_negative_numbers = true)]
        max_runs: Option<u64>,
    },
    /// Check scenario files and report every problem; exit 2 if any is invalid.
    Validate {
        /// Scenario files to check.
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        /// Language of what is printed (default: from LANG).
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Run the shipped queueing-theory scenarios and compare simulation with theory.
    Verify {
        /// Worker threads (default: all cores).
        #[arg(long, short = 'j', value_parser = crate::options::parse_count, allow_negative_numbers = true)]
        jobs: Option<u64>,
        /// Print only the table, no progress.
        #[arg(long, short = 'q')]
        quiet: bool,
        /// Language of the table (default: from LANG).
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
}

/// A command's own `--lang` field, borrowed (`lang_field!(&c)`) or mutably
/// (`lang_field!(&mut c, mut)`).
macro_rules! lang_field {
    ($command:expr $(, $m:ident)?) => {
        match $command {
            Command::Run { run, .. } | Command::Compare { run, .. } => &$($m)? run.common.lang,
            Command::Sweep { run, .. }
            | Command::Optimize { run, .. }
            | Command::Sensitivity { run, .. } => &$($m)? run.lang,
            Command::Merge { lang, .. }
            | Command::Show { lang, .. }
            | Command::Report { lang, .. }
            | Command::Fit { lang, .. }
            | Command::Serve { lang, .. }
            | Command::Validate { lang, .. }
            | Command::Verify { lang, .. } => lang,
        }
    };
}

impl Cli {
    /// A `--lang` before the command as the command's own (`expansim --lang zh run` as
    /// `expansim run --lang zh`), unless it has one.
    pub fn adopt_lang(&mut self) {
        if let Some(l) = self.lang.take() {
            lang_field!(&mut self.command, mut).get_or_insert(l);
        }
    }

    /// The language of the command's messages: its `--lang`, else the environment's.
    pub fn lang(&self) -> Lang {
        lang_field!(&self.command).unwrap_or_else(Lang::from_env)
    }

    /// Parses the command line `args`, with `--help` in the language of `--lang` if it is
    /// given (before a `--`), else of the environment (`LANG`). A usage error, or a request
    /// for the help or the version, is clap's error, with the language to show it in (see
    /// [`clap_error`]).
    pub fn parse_in_language(args: Vec<OsString>) -> Result<Cli, (clap::Error, Lang)> {
        let lang = lang_of_args(&args).unwrap_or_else(Lang::from_env);
        let mut cmd = in_language(Cli::command(), lang);
        if lang != Lang::En {
            // The `help` command exists once the command is built.
            cmd.build();
            cmd = cmd.mut_subcommand("help", |s| s.about(lang.t("Print the help of a command")));
        }
        cmd.build();
        let every = every_bad_value(&cmd, &args);
        cmd.try_get_matches_from(args)
            .and_then(|m| Cli::from_arg_matches(&m))
            .map(|mut cli| {
                cli.adopt_lang();
                cli
            })
            .map_err(|e| match every {
                // clap stops at the first bad value: all of them at once.
                Some(all) if e.kind() == clap::error::ErrorKind::ValueValidation => (all, lang),
                _ => (e, lang),
            })
    }
}

/// Every option value among `args` that its command's parser refuses, as one usage error
/// naming each (clap's own error names only the first); `None` unless there are two or more.
fn every_bad_value(cmd: &clap::Command, args: &[OsString]) -> Option<clap::Error> {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let sub = args.iter().skip(1).find_map(|a| cmd.find_subcommand(a))?;
    // Whether `a` is an option of `sub` that takes a value, and whether the value is in `a`.
    let option = |a: &str| {
        sub.get_arguments()
            .filter(|arg| arg.get_action().takes_values())
            .find_map(|arg| {
                let long = arg.get_long().map(|l| format!("--{l}"));
                let short = arg.get_short().map(|c| format!("-{c}"));
                [long, short].into_iter().flatten().find_map(|flag| {
                    if a == flag {
                        Some(false)
                    } else {
                        let inline = if flag.starts_with("--") {
                            a.starts_with(&format!("{flag}="))
                        } else {
                            a.starts_with(&flag) && !a.starts_with("--")
                        };
                        inline.then_some(true)
                    }
                })
            })
    };
    let mut problems = Vec::new();
    let mut i = 1;
    while i < args.len() && args[i] != "--" {
        let given: Vec<&str> = match option(&args[i]) {
            Some(true) => vec![&args[i]],
            Some(false) if i + 1 < args.len() => vec![&args[i], &args[i + 1]],
            _ => {
                i += 1;
                continue;
            }
        };
        i += given.len();
        // The option alone, parsed as the whole command line parses it.
        let alone = [args[0].as_str(), sub.get_name()].into_iter().chain(given);
        if let Err(e) = Given::<()>::strictly(|| cmd.clone().try_get_matches_from(alone))
            && e.kind() == clap::error::ErrorKind::ValueValidation
        {
            // clap's message, without its heading and its closing hint.
            let text = e.render().to_string();
            let first = text.lines().next().unwrap_or_default();
            problems.push(first.strip_prefix("error: ").unwrap_or(first).to_string());
        }
    }
    (problems.len() >= 2).then(|| {
        clap::Error::raw(
            clap::error::ErrorKind::ValueValidation,
            format!("{}\n", problems.join("\n")),
        )
        .with_cmd(sub)
    })
}

/// `help`, as clap wrote it in `lang`, with a full-width colon after each heading (clap
/// writes `命令:`; Chinese takes `命令：`).
pub fn full_width_headings(help: &str, lang: Lang) -> String {
    let mut out = help.to_string();
    for heading in ["Commands", "Arguments", "Options"] {
        let h = lang.t(heading);
        if !h.is_ascii() {
            out = out.replace(&format!("{h}:"), &format!("{h}："));
        }
    }
    out
}

/// clap's usage error `e` as it is shown in `lang`, each line's words read from the
/// catalogue, the arguments and values kept; `None` for English, and for the help or the
/// version, which clap prints as they are.
pub fn clap_error(e: &clap::Error, lang: Lang) -> Option<String> {
    if lang == Lang::En || !e.use_stderr() {
        return None;
    }
    let text = e.render().to_string();
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let body = line.trim_start();
            let indent = &line[..line.len() - body.len()];
            // clap's own headings before a message.
            let heading = [
                ("error: ", "Error: "),
                ("tip: ", "Tip: "),
                ("Usage: ", "Usage:"),
            ]
            .into_iter()
            .find_map(|(en, key)| body.strip_prefix(en).map(|rest| (lang.t(key), rest)));
            match heading {
                Some((heading, rest)) => {
                    let space = if heading.ends_with(['：', ' ']) {
                        ""
                    } else {
                        " "
                    };
                    format!("{indent}{heading}{space}{}", lang.translate(rest))
                }
                None => lang.translate(line),
            }
        })
        .collect();
    Some(lines.join("\n"))
}

/// The language `--lang` names among `args`, if one does.
fn lang_of_args(args: &[OsString]) -> Option<Lang> {
    let mut args = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = args.next() {
        let code = match a.strip_prefix("--lang") {
            _ if a == "--" => return None,
            Some("") => args.next()?.to_string(),
            Some(rest) => match rest.strip_prefix('=') {
                Some(code) => code.to_string(),
                None => continue,
            },
            None => continue,
        };
        return Lang::from_code(&code);
    }
    None
}

/// `cmd` with its help in `lang`: the about and help texts of every command and argument
/// (from the catalogue's help part), the headings, and the help and version flags'.
pub fn in_language(cmd: clap::Command, lang: Lang) -> clap::Command {
    if lang == Lang::En {
        return cmd;
    }
    let text = |s: Option<&clap::builder::StyledStr>| s.and_then(|s| lang.help(&s.to_string()));
    let mut cmd = cmd;
    if let Some(about) = text(cmd.get_about()) {
        cmd = cmd.about(about);
    }
    if let Some(about) = text(cmd.get_long_about()) {
        cmd = cmd.long_about(about);
    }
    let ids: Vec<clap::Id> = cmd.get_arguments().map(|a| a.get_id().clone()).collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |mut a| {
            // clap writes a default and the values with their help in English: written
            // here instead.
            let mut tail = String::new();
            let mut listed = String::new();
            let values = a.get_possible_values();
            if values.iter().any(|v| v.get_help().is_some()) {
                let names: Vec<&str> = values
                    .iter()
                    .filter(|v| !v.is_hide_set())
                    .map(|v| v.get_name())
                    .collect();
                listed = format!(" [{}{}]", lang.t("possible values: "), names.join(", "));
                tail.push_str(&format!("\n\n{}", lang.t("Possible values:")));
                for v in values.iter().filter(|v| !v.is_hide_set()) {
                    let help = v.get_help().map(|h| {
                        let h = h.to_string();
                        lang.help(&h).map_or(h, str::to_string)
                    });
                    tail.push_str(&format!(
                        "\n- {}：{}",
                        v.get_name(),
                        help.unwrap_or_default()
                    ));
                }
                a = a.hide_possible_values(true);
            }
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|d| d.to_string_lossy().into_owned())
                .collect();
            let shown = !defaults.is_empty()
                && a.get_action().takes_values()
                && !a.is_hide_default_value_set();
            let default = if shown {
                a = a.hide_default_value(true);
                format!(" [{}{}]", lang.t("default: "), defaults.join(", "))
            } else {
                String::new()
            };
            let short = text(a.get_help()).map(|h| format!("{h}{default}{listed}"));
            let long = text(a.get_long_help())
                .or(text(a.get_help()))
                .map(|h| format!("{h}{default}{tail}"));
            if let Some(help) = short {
                a = a.help(help);
            }
            if let Some(help) = long.filter(|_| a.get_long_help().is_some() || !tail.is_empty()) {
                a = a.long_help(help);
            }
            let heading = if a.is_positional() {
                "Arguments"
            } else {
                "Options"
            };
            a.help_heading(lang.t(heading))
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |s| in_language(s, lang));
    }
    let version = cmd.get_version().is_some();
    // A full-width colon takes no space after it.
    let usage = lang.t("Usage:");
    let space = if usage.ends_with('：') { "" } else { " " };
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{usage}{space}{{usage}}\n\n{{all-args}}{{after-help}}"
    );
    let mut cmd = cmd
        .help_template(template)
        .subcommand_help_heading(lang.t("Commands"))
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(lang.t("Print help"))
                .help_heading(lang.t("Options")),
        );
    if version {
        cmd = cmd.disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(lang.t("Print version"))
                .help_heading(lang.t("Options")),
        );
    }
    cmd
}

/// Options of `run` and `compare`: those of every command that simulates, the optional
/// outputs, and sequential replications to a precision.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Options of every command that simulates.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Optional outputs.
    #[command(flatten)]
    pub outputs: OutputArgs,
    /// Add replications in batches until the 95% half-width of mean lead time is within this
    /// share of the mean for every class (e.g. 0.02), or --max-replications is reached.
    #[arg(long, value_name = "SHARE", value_parser = parse_share, allow_negative_numbers = true)]
    pub precision: Option<f64>,
    /// Upper limit on replications with --precision (at most 100000, the limit of
    /// `replications`).
    #[arg(long, value_name = "N", default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::scenario::parse::MAX_REPLICATIONS)), allow_negative_numbers = true, requires = "precision")]
    pub max_replications: u32,
}

/// Options of every command that simulates (`run`, `compare`, `sweep`).
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Number of replications (overrides scenario.replications; at most 100000, more belong
    /// in shards).
    #[arg(long, short = 'r', value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::scenario::parse::MAX_REPLICATIONS)), allow_negative_numbers = true)]
    pub replications: Option<u32>,
    /// Master seed (overrides scenario.seed).
    #[arg(long, short = 's', value_parser = crate::options::parse_seed, allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Worker threads for replications (default: all cores); results do not depend on it.
    #[arg(long, short = 'j', value_parser = crate::options::parse_count, allow_negative_numbers = true)]
    pub jobs: Option<u64>,
    /// Output folder (default: results/STEM/, where STEM is the scenario file name without
    /// .toml; results/STEM-sweep/, results/STEM-optimize/ and results/STEM-sensitivity/ for
    /// those commands).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Overwrite the files expansim writes in a non-empty output folder.
    #[arg(long)]
    pub force: bool,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Format of the results on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Change a scenario value by its path, e.g. --set pools.review=4 (repeatable). Applied
    /// to the file, then again to a variant after its own operators: the command line wins.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub sets: Vec<String>,
    /// Run only shard K of N (K = 0..N-1): a deterministic slice of the replications (of the
    /// points, for sweep); `expansim merge` combines the shard folders.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
    /// Start CSV files with a UTF-8 byte-order mark, so that spreadsheet programs on Windows
    /// open Chinese labels correctly.
    #[arg(long)]
    pub bom: bool,
    /// Continue the interrupted run in this folder (its run.json says "complete": false):
    /// the command recorded there runs again, keeping the finished replications (of a
    /// sweep, the finished points); the result is that of an uninterrupted run. Give it
    /// alone (--jobs, --quiet and --lang may change) or with the same command. A run interrupted
    /// beside a complete result (DIR.interrupted) completes in that result's place.
    #[arg(long, value_name = "DIR")]
    pub resume: Option<PathBuf>,
    /// Run even a very large run or sweep (more than 10 billion simulated cases, which is
    /// refused without it).
    #[arg(long)]
    pub yes: bool,
    /// Language of the tables and the report (default: from LANG, e.g. zh_CN.UTF-8 gives
    /// Chinese).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

/// The optional outputs of `run` and `compare`. `--log-*` shape the event log and cases.csv,
/// so they need one of them.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("traced").multiple(true).args(["event_log", "cases"])))]
pub struct OutputArgs {
    /// Also write report.html: the pictures (time per state, distributions, limits,
    /// comparison, utilisation, queues) in one self-contained page.
    #[arg(long)]
    pub report: bool,
    /// Also write event_log.csv and event_log.xes for process-mining tools.
    #[arg(long)]
    pub event_log: bool,
    /// Also write cases.csv: one row per case with its times per stage.
    #[arg(long)]
    pub cases: bool,
    /// Replications whose cases go to the event log and cases.csv, e.g. 0,3 or 0..5.
    #[arg(long, value_name = "LIST", default_value = "0", value_parser = parse_replications, requires = "traced", allow_negative_numbers = true)]
    pub log_replications: ReplicationList,
    /// How many cases per variant and replication go to the event log and cases.csv (the
    /// first to arrive after the warm-up), or "all".
    #[arg(long, value_name = "N|all", default_value = "1000", value_parser = parse_limit, requires = "traced", allow_negative_numbers = true)]
    pub log_cases: CaseLimit,
}

impl CommonArgs {
    /// The options these arguments describe (no optional outputs, a fixed replication count).
    pub fn to_options(&self) -> RunOptions {
        let default = RunOptions::default();
        RunOptions {
            replications: self.replications,
            seed: self.seed,
            jobs: self.jobs.map_or(default.jobs, |j| j as usize),
            out_dir: self.out.clone(),
            force: self.force,
            quiet: self.quiet,
            format: self.format,
            sets: self.sets.clone(),
            outputs: Outputs {
                bom: self.bom,
                lang: self.lang.unwrap_or_else(Lang::from_env),
                ..Outputs::default()
            },
            shard: self.shard,
            resume: self.resume.clone(),
            yes: self.yes,
            ..default
        }
    }
}

impl RunArgs {
    /// The options these arguments describe.
    pub fn to_options(&self) -> RunOptions {
        let common = self.common.to_options();
        let o = &self.outputs;
        RunOptions {
            outputs: Outputs {
                report: o.report,
                event_log: o.event_log,
                cases: o.cases,
                log_replications: o.log_replications.0.clone(),
                log_cases: o.log_cases.0,
                bom: common.outputs.bom,
                lang: common.outputs.lang,
            },
            precision: self.precision,
            max_replications: self.max_replications,
            ..common
        }
    }
}

/// A name of a list as given, without the spaces around it (`merged, digital`).
fn trimmed(text: &str) -> Result<String, String> {
    Ok(text.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_app() {
        Cli::command().debug_assert();
        in_language(Cli::command(), Lang::Zh).debug_assert();
    }

    /// Every about and help text of `cmd` and its subcommands.
    fn texts(cmd: &clap::Command, out: &mut Vec<String>) {
        let own = [cmd.get_about(), cmd.get_long_about()];
        let args = cmd
            .get_arguments()
            .flat_map(|a| [a.get_help(), a.get_long_help()]);
        out.extend(own.into_iter().chain(args).flatten().map(|s| s.to_string()));
        for a in cmd.get_arguments() {
            let values = a.get_possible_values();
            out.extend(
                values
                    .iter()
                    .filter_map(|v| v.get_help().map(|h| h.to_string())),
            );
        }
        for s in cmd.get_subcommands() {
            texts(s, out);
        }
    }

    #[test]
    fn every_help_text_is_in_chinese_and_nothing_else() {
        let mut all = Vec::new();
        texts(&Cli::command(), &mut all);
        assert!(all.len() > 100, "{}", all.len());
        let missing: Vec<&String> = all.iter().filter(|t| Lang::Zh.help(t).is_none()).collect();
        assert!(missing.is_empty(), "no Chinese for: {missing:#?}");
        let unused: Vec<&str> = Lang::help_texts()
            .filter(|k| !all.iter().any(|t| t == k))
            .collect();
        assert!(unused.is_empty(), "no such help: {unused:#?}");
    }

    /// clap's words in its usage errors, read from the catalogue (after `error: `, `tip: `).
    const CLAP_WORDS: [&str; 18] = [
        "unexpected argument '{arg}' found",
        "'{bin}' requires a subcommand but one was not provided",
        "[subcommands: {names}]",
        "invalid value '{value}' for '{arg}': {why}",
        "invalid value '{value}' for '{arg}'",
        "[possible values: {values}]",
        "{value} is not in {range}",
        "invalid digit found in string",
        "number too large to fit in target type",
        "the following required arguments were not provided:",
        "unrecognized subcommand '{name}'",
        "a value is required for '{arg}' but none was supplied",
        "the argument '{arg}' cannot be used multiple times",
        "the argument '{arg}' cannot be used with '{other}'",
        "a similar subcommand exists: '{name}'",
        "a similar argument exists: '{arg}'",
        "to pass '{arg}' as a value, use '-- {value}'",
        "For more information, try '--help'.",
    ];

    /// `--lang` before the command is the command's, unless it has its own.
    #[test]
    fn a_language_given_before_the_command_is_the_commands() {
        let parse = |args: &[&str]| {
            Cli::parse_in_language(args.iter().map(OsString::from).collect())
                .expect("parses")
                .lang()
        };
        assert_eq!(
            parse(&["expansim", "--lang", "zh", "validate", "x.toml"]),
            Lang::Zh
        );
        assert_eq!(parse(&["expansim", "--lang", "en", "run"]), Lang::En);
        assert_eq!(
            parse(&["expansim", "--lang", "zh", "run", "--lang", "en"]),
            Lang::En
        );
    }

    #[test]
    fn claps_usage_errors_read_in_chinese() {
        let error = |args: &[&str]| {
            let args: Vec<OsString> = args.iter().map(OsString::from).collect();
            let (e, lang) = Cli::parse_in_language(args).expect_err("an error");
            assert_eq!(lang, Lang::Zh);
            clap_error(&e, lang).expect("a usage error")
        };
        let cases = [
            error(&["expansim", "run", "--bogus", "--lang", "zh"]),
            error(&["expansim", "run", "-r", "x", "--lang", "zh"]),
            error(&["expansim", "run", "--format", "xml", "--lang", "zh"]),
            error(&["expansim", "run", "-j", "0", "--lang", "zh"]),
            error(&[
                "expansim",
                "run",
                "-s",
                "99999999999999999999",
                "--lang",
                "zh",
            ]),
            error(&["expansim", "sweep", "--lang", "zh"]),
            error(&["expansim", "runn", "--lang", "zh"]),
            error(&["expansim", "run", "--lang", "zh", "--seed"]),
            error(&["expansim", "run", "--lang", "zh", "--varaint", "a"]),
            // `--lang` before the command, and no command.
            error(&["expansim", "--lang", "zh"]),
        ];
        for text in &cases {
            // Every line of clap's words reads in Chinese; argument lists stay as they are.
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let words = !line.trim_start().starts_with("--") && !line.contains("expansim ");
                assert!(
                    !words || line.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "not in Chinese: {line}\n{text}"
                );
            }
        }
        assert!(
            cases[0].starts_with("错误：无法识别的参数 '--bogus'"),
            "{}",
            cases[0]
        );
        assert!(cases[6].contains("用法：expansim"), "{}", cases[6]);
        // Nothing of clap's own English is left after the value.
        for (case, english) in [
            (1, "invalid digit"),
            (2, "possible values"),
            (3, "is not in"),
            (4, "too large"),
        ] {
            assert!(!cases[case].contains(english), "{}", cases[case]);
        }
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        let (e, lang) =
            Cli::parse_in_language(args(&["expansim", "--help", "--lang", "zh"])).unwrap_err();
        assert!(clap_error(&e, lang).is_none(), "help is printed by clap");
        let (e, lang) =
            Cli::parse_in_language(args(&["expansim", "runn", "--lang", "en"])).unwrap_err();
        assert!(clap_error(&e, lang).is_none(), "English is clap's own");
        // The words are the catalogue's.
        for w in CLAP_WORDS.iter().chain(&OS_WORDS) {
            assert_ne!(Lang::Zh.translate(w), *w, "{w}");
        }
        assert_eq!(
            Lang::Zh.translate(
                "could not read scenario 'a.toml': No such file or directory (os error 2)"
            ),
            "无法读取情景文件 'a.toml'：文件或文件夹不存在（系统错误 2）"
        );
    }

    /// The operating system's words in the errors of reading and writing files, read from
    /// the catalogue.
    const OS_WORDS: [&str; 8] = [
        "No such file or directory (os error 2)",
        "Permission denied (os error 13)",
        "Is a directory (os error 21)",
        "Not a directory (os error 20)",
        "File exists (os error 17)",
        "No space left on device (os error 28)",
        "Read-only file system (os error 30)",
        "Directory not empty (os error 39)",
    ];

    #[test]
    fn help_follows_lang_else_the_environment() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_of_args(&args(&["x", "run", "--lang", "zh"])),
            Some(Lang::Zh)
        );
        assert_eq!(
            lang_of_args(&args(&["x", "run", "--lang=en"])),
            Some(Lang::En)
        );
        assert_eq!(lang_of_args(&args(&["x", "run", "--language=zh"])), None);
        assert_eq!(
            lang_of_args(&args(&["x", "run", "--", "--lang", "zh"])),
            None
        );
        assert_eq!(lang_of_args(&args(&["x", "run", "--lang"])), None);
        let mut zh = in_language(Cli::command(), Lang::Zh);
        let help = zh.render_help().to_string();
        assert!(help.contains("用法："), "{help}");
        assert!(help.contains("命令"), "{help}");
        let help = full_width_headings(&help, Lang::Zh);
        assert!(
            help.contains("\n命令：\n") && !help.contains("命令:"),
            "{help}"
        );
        let mut run = in_language(Cli::command(), Lang::Zh)
            .find_subcommand_mut("run")
            .expect("run")
            .clone();
        let help = run.render_long_help().to_string();
        assert!(help.contains("选项") && help.contains("显示帮助"), "{help}");
        // English is clap's own.
        let en = in_language(Cli::command(), Lang::En)
            .render_help()
            .to_string();
        assert_eq!(en, Cli::command().render_help().to_string());
    }
}
