//! The `expansim` binary: parses the command line, hands the command to `commands/`, and
//! maps errors to exit codes (0 ok, 1 a failure while running or writing, 2 bad usage or an
//! invalid scenario).

mod commands;

use std::io::Write;
use std::process::ExitCode;

use expansim::cli::{Cli, Command};
use expansim::error::{Error, ExportError, ScenarioError, UsageError};
use expansim::options::RunOptions;

/// Exit code for an invalid scenario or bad usage.
const EXIT_INVALID: u8 = 2;

fn main() -> ExitCode {
    let cli = commands::parse();
    let l = cli.lang();
    match commands::resume::recorded(cli).and_then(|c| c.map_or(Ok(ExitCode::SUCCESS), run)) {
        Ok(code) => commands::checked_stdout(code, l),
        Err(e) => {
            // Written if it can be: after SIGHUP there may be no terminal left to say it.
            let say = |text: String| drop(writeln!(std::io::stderr(), "{text}"));
            if let Some(i) = e.downcast_ref::<commands::interrupt::Interrupted>() {
                say(l.translate(&i.to_string()));
                return ExitCode::from(i.code());
            }
            say(l.t("Error: ").to_string() + &l.translate(&format!("{e:#}")));
            // An unusable scenario or a refused output folder is the user's to fix: exit 2.
            let invalid = e.chain().any(|c| {
                c.downcast_ref::<ScenarioError>().is_some()
                    || c.downcast_ref::<UsageError>().is_some()
                    || c.downcast_ref::<Error>().is_some_and(Error::is_usage)
                    || c.downcast_ref::<ExportError>()
                        .is_some_and(ExportError::is_usage)
            });
            ExitCode::from(if invalid { EXIT_INVALID } else { 1 })
        }
    }
}

/// Runs the command; a non-zero code when it ran but found a failure (a theory check that
/// failed, an invalid file among those validated, each already reported).
fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let jobs = |j: Option<u64>| j.map_or(RunOptions::default().jobs, |j| j as usize);
    match cli.command {
        Command::Run {
            scenario,
            variant,
            run,
        } => commands::run::run(scenario.as_deref(), variant.as_deref(), &run.to_options())?,
        Command::Compare {
            scenario,
            variants,
            run,
        } => commands::compare::compare(scenario.as_deref(), &variants, &run.to_options())?,
        Command::Show {
            scenario,
            variant,
            sets,
            format,
            lang,
        } => commands::show::show(scenario.as_deref(), variant.as_deref(), sets, format, lang)?,
        Command::Sweep {
            scenario,
            vary,
            variant,
            targets,
            run,
        } => commands::sweep::sweep(
            scenario.as_deref(),
            &vary,
            variant.as_deref(),
            &targets,
            &run.to_options(),
        )?,
        Command::Report {
            dir,
            force,
            jobs: j,
            quiet,
            lang,
        } => commands::report::report(&dir, force, jobs(j), quiet, lang)?,
        Command::Validate { scenarios, lang }
            if !commands::validate::validate(&scenarios, lang) =>
        {
            return Ok(ExitCode::from(EXIT_INVALID));
        }
        Command::Validate { .. } => {}
        Command::Verify { jobs, quiet, lang } if !commands::verify::verify(jobs, quiet, lang) => {
            return Ok(ExitCode::from(1));
        }
        Command::Verify { .. } => {}
        c => commands::rest(c)?,
    }
    Ok(ExitCode::SUCCESS)
}
