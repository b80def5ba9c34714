//! The process as a graph: stages as nodes, routes as edges with their probabilities, rework
//! loops and forks marked; written for Graphviz (DOT), Markdown (Mermaid), or laid out and
//! drawn as SVG (by the `layout-rs` crate, from the DOT text, so the two agree).

use std::fmt::Write;

use crate::i18n::Lang;
use crate::scenario::Model;
use crate::scenario::model::{ClassId, Route, StageId, StageKind, Target};

/// What an edge stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// A class's first stage.
    Start,
    /// The next stage, or one of several drawn at random.
    Next,
    /// A rework loop: the decision to send work back, and the way back to earlier work.
    Rework,
    /// Into a parallel branch of a fork.
    Fork,
    /// From the last stage of a parallel branch to where the branches meet.
    Join,
}

/// One edge of the process graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Source node: a stage index, or `None` for the arrivals.
    pub from: Option<usize>,
    /// Target node: a stage index, or `None` for the end.
    pub to: Option<usize>,
    /// Its kind.
    pub kind: EdgeKind,
    /// Text beside it: a probability (per attempt for rework), or the classes that start
    /// there.
    pub label: String,
}

/// The process graph of a model: one node per stage (in file order), edges over every class's
/// routes (a class's own route where it differs), each edge once.
pub fn edges(model: &Model) -> Vec<Edge> {
    // Each edge with the classes that take it.
    let mut out: Vec<(Edge, Vec<usize>)> = Vec::new();
    let class_now = std::cell::Cell::new(0);
    let mut push = |e: Edge| match out.iter_mut().find(|(x, _)| *x == e) {
        Some((_, by)) => by.push(class_now.get()),
        None => out.push((e, vec![class_now.get()])),
    };
    let stage = |t: &Target| match t {
        Target::Stage(s) => Some(*s as usize),
        Target::End => None,
    };
    let visiting: Vec<Vec<f64>> = (0..model.classes.len())
        .map(|c| model.expected_visits(c as u32))
        .collect();
    for (c, class) in model.classes.iter().enumerate() {
        class_now.set(c);
        push(Edge {
            from: None,
            to: Some(class.start as usize),
            kind: EdgeKind::Start,
            label: class.label.clone().unwrap_or_else(|| class.name.clone()),
        });
        let visits = &visiting[c];
        for s in (0..model.stages.len()).filter(|&s| visits[s] > 0.0) {
            match model.route(c as u32, s as u32) {
                Route::Next { to, rework } => push(Edge {
                    from: Some(s),
                    to: stage(to),
                    kind: if *rework {
                        EdgeKind::Rework
                    } else if model.stages[s].branch_of.is_some()
                        && model.branch_join(s as u32) == Some(*to)
                    {
                        EdgeKind::Join
                    } else {
                        EdgeKind::Next
                    },
                    label: String::new(),
                }),
                Route::Branches(branches) => {
                    for b in branches.iter().filter(|b| b.p > 0.0) {
                        push(Edge {
                            from: Some(s),
                            to: stage(&b.to),
                            kind: if b.rework {
                                EdgeKind::Rework
                            } else {
                                EdgeKind::Next
                            },
                            label: percent(b.p),
                        });
                    }
                }
                Route::Rework {
                    to,
                    p,
                    max,
                    otherwise,
                    ..
                } => {
                    let shares: Vec<String> = p.iter().map(|x| percent(*x)).collect();
                    if *max > 0 && p.iter().any(|&x| x > 0.0) {
                        // The edge a rework decision takes, back or on to a fix first.
                        push(Edge {
                            from: Some(s),
                            to: stage(to),
                            kind: EdgeKind::Rework,
                            // A loop without `max` has no cap to show.
                            label: if *max == u32::MAX {
                                shares.join(" / ")
                            } else {
                                format!("{}, ≤ {max}×", shares.join(" / "))
                            },
                        });
                    }
                    push(Edge {
                        from: Some(s),
                        to: stage(otherwise),
                        kind: EdgeKind::Next,
                        label: String::new(),
                    });
                }
                Route::Fork { branches, join } => {
                    for b in branches {
                        push(Edge {
                            from: Some(s),
                            to: Some(*b as usize),
                            kind: EdgeKind::Fork,
                            label: String::new(),
                        });
                    }
                    // The branches' last stages lead to `join` through their own routes.
                    let _ = join;
                }
            }
        }
    }
    // A route some of the classes through a stage take (their own, `by_class`) names them:
    // without it, one class's way and another's read as a choice every case makes.
    out.into_iter()
        .map(|(mut e, by)| {
            if let Some(s) = e.from
                && e.kind != EdgeKind::Start
            {
                let through: Vec<usize> = (0..model.classes.len())
                    .filter(|&c| visiting[c][s] > 0.0)
                    .collect();
                if by.len() < through.len() {
                    let names: Vec<String> = by
                        .iter()
                        .map(|&c| {
                            let class = &model.classes[c];
                            class.label.clone().unwrap_or_else(|| class.name.clone())
                        })
                        .collect();
                    let names = names.join(", ");
                    e.label = match e.label.is_empty() {
                        true => names,
                        false => format!("{names}: {}", e.label),
                    };
                }
            }
            e
        })
        .collect()
}

/// `p` as a percentage for an edge label.
fn percent(p: f64) -> String {
    let x = 100.0 * p;
    if (x - x.round()).abs() < 1e-9 {
        format!("{x:.0} %")
    } else {
        format!("{x:.1} %")
    }
}

/// Whether stage `s` is a step of no time, done by no one, for every class, where cases part
/// ways: it only decides where a case goes (as `fit` writes after a step repeated directly),
/// so it is drawn as a decision, not as the customer's work. (A customer's step set to no
/// time with one way on is still the customer's step.)
pub(crate) fn routing(model: &Model, s: usize) -> bool {
    let classes = 0..model.classes.len() as ClassId;
    model.stages[s].kind == StageKind::External
        && classes.clone().all(|c| {
            let d = &model.duration(c, s as StageId).dist;
            d.is_deterministic() && d.mean() == 0.0
        })
        && classes
            .into_iter()
            .any(|c| !matches!(model.route(c, s as StageId), Route::Next { .. }))
}

/// A node's text: its label, its name under it when it has a label, and its kind.
fn node_text(model: &Model, s: usize, newline: &str, l: Lang) -> String {
    let st = &model.stages[s];
    let kind = match &st.kind {
        StageKind::Staffed { pool } => {
            let p = &model.pools[*pool as usize];
            p.label.clone().unwrap_or_else(|| p.name.clone())
        }
        StageKind::External if routing(model, s) => l.t("routing").to_string(),
        StageKind::External => l.t("customer").to_string(),
        StageKind::Handoff { .. } => l.t("hand-off").to_string(),
    };
    match &st.label {
        Some(l) => format!("{l}{newline}{}{newline}({kind})", st.name),
        None => format!("{}{newline}({kind})", st.name),
    }
}

/// An edge's text: its label, or for the branches of a fork, that they run in parallel.
fn edge_text(e: &Edge, l: Lang) -> String {
    match e.kind {
        EdgeKind::Fork if e.label.is_empty() => l.t("in parallel").to_string(),
        _ => e.label.clone(),
    }
}

/// DOT text for Graphviz: `dot -Tsvg process.dot -o process.svg`, with words in `l`.
pub fn dot(model: &Model, l: Lang) -> String {
    dot_filled(model, &[], l)
}

/// [`dot`] with stage `s` filled in colour `fills[s]` where given.
fn dot_filled(model: &Model, fills: &[Option<String>], l: Lang) -> String {
    let q = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut out = String::new();
    let _ = writeln!(out, "digraph process {{");
    let _ = writeln!(out, "  label=\"{}\";", q(&model.settings.name));
    let _ = writeln!(out, "  rankdir=TB;");
    let _ = writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Noto Sans CJK SC, sans-serif\"];"
    );
    let _ = writeln!(
        out,
        "  start [shape=circle, label=\"\", fillcolor=black, width=0.2];"
    );
    let _ = writeln!(
        out,
        "  end [shape=doublecircle, label=\"\", fillcolor=black, width=0.15];"
    );
    for s in 0..model.stages.len() {
        let style = match model.stages[s].kind {
            StageKind::Staffed { .. } => "",
            StageKind::External if routing(model, s) => ", shape=diamond, style=filled",
            StageKind::External => ", style=\"rounded,dashed\"",
            StageKind::Handoff { .. } => ", shape=cds, style=filled, fillcolor=\"#eeeeee\"",
        };
        let fill = fills
            .get(s)
            .and_then(Option::as_ref)
            .map_or(String::new(), |c| format!(", fillcolor=\"{c}\""));
        // Escaped first, then the line breaks put in.
        let text = q(&node_text(model, s, "\u{1}", l)).replace('\u{1}', "\\n");
        let _ = writeln!(out, "  s{s} [label=\"{text}\"{style}{fill}];");
    }
    for e in edges(model) {
        let from = e.from.map_or("start".to_string(), |s| format!("s{s}"));
        let to = e.to.map_or("end".to_string(), |s| format!("s{s}"));
        let style = match e.kind {
            EdgeKind::Rework => ", color=\"#c0392b\", fontcolor=\"#c0392b\"",
            EdgeKind::Fork | EdgeKind::Join => ", style=bold",
            EdgeKind::Start => ", style=dashed",
            EdgeKind::Next => "",
        };
        let _ = writeln!(
            out,
            "  {from} -> {to} [label=\"{}\"{style}];",
            q(&edge_text(&e, l))
        );
    }
    out.push_str("}\n");
    out
}

/// Mermaid text (a `flowchart`), for Markdown that renders it, with words in `l`.
pub fn mermaid(model: &Model, l: Lang) -> String {
    // Mermaid's quoted labels take anything but a double quote.
    let q = |s: &str| s.replace('"', "'");
    let mut out = String::from("flowchart LR\n");
    let _ = writeln!(out, "  start((\"{}\"))", l.t("start"));
    let _ = writeln!(out, "  end_((\"{}\"))", l.t("end"));
    for s in 0..model.stages.len() {
        let text = q(&node_text(model, s, "<br>", l));
        let _ = match model.stages[s].kind {
            StageKind::Staffed { .. } => writeln!(out, "  s{s}[\"{text}\"]"),
            StageKind::External if routing(model, s) => writeln!(out, "  s{s}{{\"{text}\"}}"),
            StageKind::External => writeln!(out, "  s{s}([\"{text}\"])"),
            StageKind::Handoff { .. } => writeln!(out, "  s{s}>\"{text}\"]"),
        };
    }
    for e in edges(model) {
        let from = e.from.map_or("start".to_string(), |s| format!("s{s}"));
        let to = e.to.map_or("end_".to_string(), |s| format!("s{s}"));
        let arrow = match e.kind {
            EdgeKind::Rework | EdgeKind::Start => "-.->",
            EdgeKind::Fork | EdgeKind::Join => "==>",
            EdgeKind::Next => "-->",
        };
        let label = edge_text(&e, l);
        if label.is_empty() {
            let _ = writeln!(out, "  {from} {arrow} {to}");
        } else {
            let _ = writeln!(out, "  {from} {arrow}|\"{}\"| {to}", q(&label));
        }
    }
    out
}

/// The process map as SVG: the DOT graph laid out (layered, crossings reduced) and drawn,
/// with words in `l`.
pub fn svg(model: &Model, l: Lang) -> Result<String, String> {
    Ok(map(model, &[], l)?.svg)
}

/// A process map laid out: the SVG, and where each node sits in it, so that a picture can be
/// drawn over it (the cases of an animation).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Map {
    /// The drawing.
    pub svg: String,
    /// Width and height of the drawing.
    pub size: (f64, f64),
    /// Centre, width and height of each stage's box, by stage index (`None` if the layout
    /// lost it).
    pub stages: Vec<Option<[f64; 4]>>,
    /// Centre of the arrivals' circle.
    pub start: Option<[f64; 2]>,
    /// Centre of the end's circle.
    pub end: Option<[f64; 2]>,
}

/// The process map with stage `s` filled in colour `fills[s]` where given (e.g. by its mean
/// waiting time), laid out as [`svg`] lays it out.
pub fn map(model: &Model, fills: &[Option<String>], l: Lang) -> Result<Map, String> {
    use layout::backends::svg::SVGWriter;
    use layout::gv::{DotParser, GraphBuilder};
    use layout::std_shapes::shapes::ShapeKind;
    let text = dot_filled(model, fills, l);
    let mut parser = DotParser::new(&text);
    let graph = parser
        .process()
        .map_err(|why| format!("the process graph could not be laid out: {why}"))?;
    let mut builder = GraphBuilder::new();
    builder.visit_graph(&graph);
    let mut visual = builder.get();
    let mut out = SVGWriter::new();
    visual.do_it(false, false, false, &mut out);
    // The layout writes a serif face, in which Chinese falls back to a Song face: a sans
    // face with the Chinese ones of Windows, macOS and Linux reads better on a screen.
    let svg = out.finalize().replace(
        "font-family: Times, serif",
        r#"font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif"#,
    );
    // The nodes are found again by their text: a stage's text holds its unique name.
    let texts: Vec<String> = (0..model.stages.len())
        .map(|s| node_text(model, s, "\n", l))
        .collect();
    let mut stages = vec![None; model.stages.len()];
    let (mut start, mut end) = (None, None);
    for n in visual.iter_nodes() {
        let e = visual.element(n);
        let c = e.pos.center();
        let size = e.pos.size(false);
        match &e.shape {
            // Hand-offs (`cds` in DOT) are drawn as circles.
            ShapeKind::Box(t) | ShapeKind::Circle(t) if !t.is_empty() => {
                let t = t.replace("\\n", "\n");
                if let Some(s) = texts.iter().position(|x| *x == t) {
                    stages[s] = Some([c.x, c.y, size.x, size.y]);
                }
            }
            ShapeKind::Circle(_) => start = Some([c.x, c.y]),
            ShapeKind::DoubleCircle(_) => end = Some([c.x, c.y]),
            _ => {}
        }
    }
    // The layout draws every box with a solid border: a customer step's is dashed by
    // white dashes laid over it.
    let mut svg = svg;
    let dashes: String = stages
        .iter()
        .enumerate()
        .filter(|&(s, _)| model.stages[s].kind == StageKind::External && !routing(model, s))
        .filter_map(|(_, at)| *at)
        .map(|[x, y, w, h]| {
            format!(
                r#"<rect x="{:.1}" y="{:.1}" width="{w:.1}" height="{h:.1}" fill="none" stroke="white" stroke-width="2" stroke-dasharray="4 4" class="customer-step"/>"#,
                x - w / 2.0,
                y - h / 2.0
            )
        })
        .collect();
    if let Some(i) = svg.rfind("</svg>") {
        svg.insert_str(i, &dashes);
    }
    let size = svg_size(&svg).unwrap_or((0.0, 0.0));
    Ok(Map {
        svg,
        size,
        stages,
        start,
        end,
    })
}

/// Width and height from an SVG's first `width="…" height="…"`.
fn svg_size(svg: &str) -> Option<(f64, f64)> {
    let attr = |name: &str| -> Option<f64> {
        let i = svg.find(&format!("{name}=\""))? + name.len() + 2;
        let rest = &svg[i..];
        rest[..rest.find('"')?].parse().ok()
    };
    Some((attr("width")?, attr("height")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model of one class whose first stage `a` is one hour at a desk; `rest` goes on from
    /// that stage's `next`.
    fn at_one_desk(rest: &str) -> Model {
        let text = format!(
            r#"[scenario]
name = "g"
time_unit = "hour"
horizon = 100
warmup = 0
replications = 2
seed = 1
[pools]
desk = 1
[[classes]]
name = "c"
arrival_rate = 0.1
start = "a"
[stages.a]
pool = "desk"
duration = 1
{rest}"#
        );
        crate::scenario::load_str(&text, "g.toml", &[])
            .unwrap()
            .model
    }

    #[test]
    fn the_county_graph_has_its_rework_loops_and_every_stage() {
        let model = crate::scenario::load_county(&[]).unwrap().model;
        let e = edges(&model);
        let review = model
            .stages
            .iter()
            .position(|s| s.name == "review")
            .unwrap();
        let comments = model
            .stages
            .iter()
            .position(|s| s.name == "handoff_comments")
            .unwrap();
        // Design review sends 40 % back at the first review, 20 % after, at most 4 times.
        assert!(e.iter().any(|x| x.from == Some(review)
            && x.to == Some(comments)
            && x.label == "40 % / 20 %, ≤ 4×"));
        // The revision loop closes back on the review.
        let revision = model
            .stages
            .iter()
            .position(|s| s.name == "revision")
            .unwrap();
        assert!(
            e.iter()
                .any(|x| x.from == Some(revision) && x.to == Some(review))
        );
        // A loop without `max` shows no cap.
        let uncapped = at_one_desk(
            r#"next = { rework = "fix", p = 0.3, otherwise = "end" }
[stages.fix]
external = true
duration = 1
next = "a"
"#,
        );
        let labels: Vec<String> = edges(&uncapped).into_iter().map(|x| x.label).collect();
        assert!(labels.contains(&"30 %".to_string()), "{labels:?}");
        // Every stage is reached by some edge, and four classes start somewhere.
        for s in 0..model.stages.len() {
            assert!(
                e.iter().any(|x| x.to == Some(s)),
                "{}",
                model.stages[s].name
            );
        }
        assert_eq!(e.iter().filter(|x| x.kind == EdgeKind::Start).count(), 4);
        let d = dot(&model, Lang::En);
        assert!(d.starts_with("digraph process {") && d.contains("设计审查"));
        let m = mermaid(&model, Lang::En);
        assert!(m.starts_with("flowchart LR") && m.contains("|\"40 % / 20 %, ≤ 4×\"|"));
        let picture = svg(&model, Lang::En).unwrap();
        assert!(
            picture.contains("<svg")
                && picture.contains("设计审查")
                && picture.contains("40 % / 20 %")
        );
    }

    #[test]
    fn a_fork_shows_its_branches_and_where_they_join() {
        let loaded = crate::scenario::load_county(&[]).unwrap();
        let model = loaded.variant("parallel_review").unwrap().model.clone();
        let e = edges(&model);
        assert_eq!(e.iter().filter(|x| x.kind == EdgeKind::Fork).count(), 3);
        assert!(e.iter().filter(|x| x.kind == EdgeKind::Join).count() >= 3);
        // Every picture marks the branches, in the language asked for; the kinds of stages
        // are named in it too.
        for (l, parallel, handoff) in [
            (Lang::En, "in parallel", "(hand-off)"),
            (Lang::Zh, "并行", "(流转)"),
        ] {
            let picture = svg(&model, l).unwrap();
            assert_eq!(picture.matches(parallel).count(), 3, "{l:?}");
            assert!(picture.contains(handoff), "{l:?}");
            assert_eq!(dot(&model, l).matches(parallel).count(), 3);
            assert_eq!(mermaid(&model, l).matches(parallel).count(), 3);
        }
    }

    #[test]
    fn the_map_knows_where_every_stage_of_the_county_sits() {
        let m = crate::scenario::load_county(&[]).unwrap().model;
        let fills: Vec<Option<String>> = (0..m.stages.len())
            .map(|s| (s == 0).then(|| "#ff0000".to_string()))
            .collect();
        let map = map(&m, &fills, Lang::Zh).unwrap();
        assert!(map.size.0 > 100.0 && map.size.1 > 100.0, "{:?}", map.size);
        assert!(map.start.is_some() && map.end.is_some());
        for (s, p) in map.stages.iter().enumerate() {
            let [x, y, w, h] =
                p.unwrap_or_else(|| panic!("stage {} has no place", m.stages[s].name));
            assert!(x > 0.0 && x < map.size.0 && y > 0.0 && y < map.size.1 && w > 0.0 && h > 0.0);
        }
        assert!(map.svg.contains("#ff0000"), "the fill is drawn");
    }

    /// A step of no time that no one does only decides where a case goes: drawn as a
    /// decision, not as the customer's work (a customer's step of some time still is).
    #[test]
    fn a_step_of_no_time_is_drawn_as_a_decision() {
        let m = &at_one_desk(
            r#"next = "route"
[stages.route]
external = true
duration = 0
next = [{ to = "wait", p = 0.3 }, { to = "end", p = 0.7 }]
[stages.wait]
external = true
duration = 2
next = "later"
[stages.later]
external = true
duration = 0
next = "end"
"#,
        );
        // A customer's step of no time with one way on stays the customer's.
        assert!(routing(m, 1) && !routing(m, 2) && !routing(m, 0) && !routing(m, 3));
        let d = dot(m, Lang::Zh);
        assert!(d.contains("route\\n(分流)\", shape=diamond"), "{d}");
        assert!(
            d.contains("wait\\n(客户)\", style=\"rounded,dashed\""),
            "{d}"
        );
        let flow = mermaid(m, Lang::En);
        assert!(flow.contains("s1{\"route<br>(routing)\"}"), "{flow}");
        let picture = svg(m, Lang::En).unwrap();
        assert_eq!(picture.matches("class=\"customer-step\"").count(), 2);
    }
}
