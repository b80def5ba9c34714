//! `--resume DIR`: the command recorded in an interrupted folder's run.json, run again into
//! that folder (or the complete result it was written beside, which it replaces), keeping
//! what finished.

use std::path::Path;

use clap::Parser;

use expansim::cli::{Cli, Command, CommonArgs};
use expansim::error::UsageError;
use expansim::export::manifest::Manifest;

/// The options of a simulating command.
fn common(command: &mut Command) -> Option<&mut CommonArgs> {
    match command {
        Command::Run { run, .. } | Command::Compare { run, .. } => Some(&mut run.common),
        Command::Sweep { run, .. } => Some(run),
        _ => None,
    }
}

/// The command without what may differ between a run and its resumption (threads,
/// progress, language, output folder, --force, --resume), as text to compare.
fn essence(mut cli: Cli) -> String {
    if let Some(c) = common(&mut cli.command) {
        (c.jobs, c.quiet, c.out, c.force, c.resume) = (None, false, None, false, None);
        c.lang = None;
    }
    format!("{:?}", cli.command)
}

/// For a command with `--resume DIR`, the command recorded in `DIR/run.json`, set to write
/// into `DIR`; `None` when that run is complete already (nothing to do; said on stderr).
/// Any other command is returned as it is.
pub fn recorded(mut cli: Cli) -> anyhow::Result<Option<Cli>> {
    let Some(c) = common(&mut cli.command) else {
        return Ok(Some(cli));
    };
    let Some(dir) = c.resume.clone() else {
        return Ok(Some(cli));
    };
    let (jobs, quiet, lang) = (c.jobs, c.quiet, c.lang);
    if let Some(out) = &c.out
        && out != &dir
    {
        anyhow::bail!(UsageError(format!(
            "--resume {dir} writes the continued run into that folder; leave out --out {out}",
            dir = dir.display(),
            out = out.display()
        )));
    }
    let manifest = Manifest::read(&dir.join("run.json"))?;
    if manifest.complete {
        let said = match rerun_beside(&dir) {
            Some(r) => format!(
                "'{dir}' holds a complete run already; nothing to resume (an interrupted rerun that will replace it is in '{rerun}': continue it with --resume {rerun})",
                dir = dir.display(),
                rerun = r.display()
            ),
            None => format!(
                "'{dir}' holds a complete run already; nothing to resume",
                dir = dir.display()
            ),
        };
        eprintln!("{}", cli.lang().translate(&said));
        return Ok(None);
    }
    let mut old = Cli::try_parse_from(&manifest.command_line)
        .map(|mut c| {
            c.adopt_lang();
            c
        })
        .map_err(|e| {
            UsageError(format!(
                "the command recorded in '{file}' ({command}) cannot be run again: {why}",
                file = dir.join("run.json").display(),
                command = manifest.command_line.join(" "),
                why = e.kind()
            ))
        })?;
    let name = |c: &Command| {
        format!("{c:?}")
            .split([' ', '{'])
            .next()
            .map(str::to_lowercase)
    };
    if std::mem::discriminant(&old.command) != std::mem::discriminant(&cli.command) {
        anyhow::bail!(UsageError(format!(
            "'{dir}' holds the results of `expansim {command}`; continue it with: expansim {command} --resume {dir}",
            dir = dir.display(),
            command = name(&old.command).unwrap_or_default()
        )));
    }
    // The run continues as it began, with the scenario it recorded: a file edited since
    // does not change it, and the user is told so.
    let file = Path::new(&manifest.scenario_file);
    if let Some(now) = expansim::export::manifest::sha256_of(file)
        && now != manifest.scenario_sha256
    {
        eprintln!(
            "{}",
            cli.lang().translate(&format!(
                "'{file}' has changed since this run began; it continues with the scenario recorded in '{manifest}', as it began (to run the changed one, run the command again into a new folder, without --resume)",
                file = file.display(),
                manifest = dir.join("run.json").display()
            ))
        );
    }
    // Alone, or with the same command: anything else would not continue that run.
    let sub = name(&cli.command).unwrap_or_default();
    let alone = Cli::try_parse_from(["expansim", sub.as_str(), "--resume", "."])?;
    let language = cli.lang();
    let given = essence(cli);
    if given != essence(alone) && given != essence(Cli::try_parse_from(&manifest.command_line)?) {
        anyhow::bail!(UsageError(format!(
            "'{dir}' was written by `{command}`, and --resume continues that command: give --resume {dir} alone (with --jobs, --quiet or --lang if wanted)",
            dir = dir.display(),
            command = manifest.command_line.join(" ")
        )));
    }
    // Written beside a complete result, the continued run completes in its place; unless
    // another result was written there since, which it leaves: it completes where it is.
    let replaces = manifest.replaces.map(std::path::PathBuf::from).filter(|r| {
        // A run interrupted by an earlier version recorded nothing to tell them apart.
        let now = expansim::export::manifest::sha256_of(&r.join("run.json"));
        let same = manifest.replaces_sha256.is_none() || now.is_none() || now == manifest.replaces_sha256;
        if !same {
            eprintln!(
                "{}",
                language.translate(&format!(
                    "'{r}' holds a result written after this run was interrupted; it is kept, and the continued run completes in '{dir}'",
                    r = r.display(),
                    dir = dir.display()
                ))
            );
        }
        same
    });
    if let Some(c) = common(&mut old.command) {
        c.out = Some(replaces.unwrap_or_else(|| dir.clone()));
        c.resume = Some(dir);
        c.force = true;
        c.jobs = jobs.or(c.jobs);
        c.quiet |= quiet;
        c.lang = lang.or(c.lang);
    }
    Ok(Some(old))
}

/// The interrupted run's manifest, when resuming `study` (which it recorded); refused when
/// a file of arrivals the scenario replays has changed since, which would mix the
/// replications that finished with ones of other arrivals.
pub fn manifest(
    resume: Option<&Path>,
    study: Option<&expansim::study::Study>,
) -> anyhow::Result<Option<Manifest>> {
    let Some(dir) = resume else {
        return Ok(None);
    };
    let recorded = Manifest::read(&dir.join("run.json"))?;
    // By content: the resumed scenario names its files by their full path.
    let had: std::collections::BTreeSet<&String> = recorded.inputs_sha256.values().collect();
    // A run of a version that did not record them is not checked.
    let changed: Vec<&str> = study
        .filter(|_| !had.is_empty())
        .map(|s| &s.loaded.inputs)
        .into_iter()
        .flatten()
        .filter(|(_, hash)| !had.contains(hash))
        .map(|(file, _)| file.as_str())
        .collect();
    if !changed.is_empty() {
        anyhow::bail!(UsageError(format!(
            r#"'{dir}' was run with other arrivals: {files} changed since, and the replications that finished would be mixed with ones of the new arrivals; run the command again into a new folder, without --resume"#,
            dir = dir.display(),
            files = changed.join(", ")
        )));
    }
    Ok(Some(recorded))
}

/// An interrupted rerun written beside the complete result in `dir` (`DIR.interrupted`, …),
/// which names `dir` as the result it replaces.
fn rerun_beside(dir: &Path) -> Option<std::path::PathBuf> {
    let me = std::path::absolute(dir).ok()?;
    expansim::export::aside_names(dir)
        .take_while(|p| p.exists())
        .find(|p| {
            Manifest::read(&p.join("run.json"))
                .is_ok_and(|m| !m.complete && m.replaces.as_deref() == me.to_str())
        })
}
