//! `expansim show`: the resolved scenario (of a variant) as TOML that `run` accepts, or its
//! process graph for Graphviz or Mermaid.

use std::path::Path;

use expansim::export::graph;
use expansim::i18n::Lang;
use expansim::options::{RunOptions, ShowFormat};
use expansim::scenario;

use super::{out, outln};

/// Prints the scenario, or variant `variant` of it, after `sets`, in `format` (a graph's
/// words in `lang`, by default the environment's).
pub fn show(
    path: Option<&Path>,
    variant: Option<&str>,
    sets: Vec<String>,
    format: ShowFormat,
    lang: Option<Lang>,
) -> anyhow::Result<()> {
    let opts = RunOptions {
        sets,
        ..RunOptions::default()
    };
    let study = super::load(path, &opts)?.only(variant)?;
    let chosen = &study.variants[0];
    let l = lang.unwrap_or_else(Lang::from_env);
    match format {
        ShowFormat::Dot => {
            out!("{}", graph::dot(&chosen.model, l));
            return Ok(());
        }
        ShowFormat::Mermaid => {
            out!("{}", graph::mermaid(&chosen.model, l));
            return Ok(());
        }
        ShowFormat::Svg => {
            out!(
                "{}",
                graph::svg(&chosen.model, l).map_err(anyhow::Error::msg)?
            );
            return Ok(());
        }
        ShowFormat::Toml => {}
    }
    let text = scenario::to_toml(&chosen.document, study.loaded.base.as_deref())?;
    // Comment lines (TOML allows no control characters in them), whatever a label, the
    // file's name or a value set holds.
    let comment = |text: String| {
        let line: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        outln!("# {line}");
    };
    comment(l.fill(
        "{source} — {variant}, resolved by expansim {version} (runs as it is: expansim run FILE)",
        &[
            ("source", &study.loaded.source),
            (
                "variant",
                &scenario::variant::shown(l, &chosen.name, chosen.label.as_deref()),
            ),
            ("version", env!("CARGO_PKG_VERSION")),
        ],
    ));
    if !study.loaded.overrides.is_empty() {
        comment(l.fill(
            "values set on the command line: {sets}",
            &[("sets", &study.loaded.overrides.join(l.t("; ")))],
        ));
        for w in study.skipped_sets() {
            comment(l.fill("warning: {text}", &[("text", &l.translate(&w))]));
        }
    }
    outln!();
    out!("{text}");
    Ok(())
}
