//! Whole-graph validation of a read scenario: forks and their joins, reachability, loops
//! with no way out, rework edges, and what the statutory clock and hand-off schedules need.

use super::*;

impl Reader {
    /// Hand-off schedules and working-day limits need the scenario calendar.
    pub(super) fn check_clock_needs(&mut self, m: &Model) {
        if m.settings.calendar.is_some() {
            return;
        }
        for (i, c) in m.classes.iter().enumerate() {
            if c.limit.is_some_and(|l| l.working) {
                self.problem(
                    format!("classes[{i}].limit"),
                    "a limit in working days needs the scenario calendar: set `calendar` in [scenario]",
                );
            }
        }
        for s in &m.stages {
            if let StageKind::Handoff { collect } = &s.kind
                && !collect.is_empty()
            {
                self.problem(
                        format!("stages.{}.collect", s.name),
                        "collection times are on working days of the scenario calendar: set `calendar` in [scenario]",
                    );
            }
        }
    }

    /// A stage no class's route leads to, by any route written (a fork's join included), is
    /// never reached. One that only routes with probability 0 lead to is switched off (a
    /// rework loop set to 0 for a what-if), not forgotten: it is not reported.
    fn check_reached(&mut self, m: &Model) {
        let n = m.stages.len();
        let mut written = vec![false; n];
        for c in 0..m.classes.len() as ClassId {
            // Each class by its own routes (`by_class` may send it elsewhere).
            let mut seen = vec![false; n];
            let mut stack = vec![m.classes[c as usize].start as usize];
            while let Some(s) = stack.pop() {
                if std::mem::replace(&mut seen[s], true) {
                    continue;
                }
                written[s] = true;
                let route = m.route(c, s as StageId);
                let mut next = route.written_targets();
                if let Route::Fork { join, .. } = route {
                    next.push(*join);
                }
                stack.extend(next.into_iter().filter_map(|t| match t {
                    Target::Stage(x) => Some(x as usize),
                    Target::End => None,
                }));
            }
        }
        for (stage, _) in m.stages.iter().zip(written).filter(|(_, w)| !w) {
            self.problem(
                format!("stages.{}", stage.name),
                "this stage is never reached from any class's `start`; route to it or remove it",
            );
        }
    }

    /// Checks that concern the whole process graph: forks and their joins, reachability,
    /// loops with no way out; and marks the ways back that are rework. Without
    /// `classes_read` (a class that could not be read), only the forks.
    pub(super) fn check_graph(&mut self, m: &mut Model, overrides: &Overrides, classes_read: bool) {
        if classes_read {
            self.check_reached(m);
        }
        // Problems found before (of other parts of the file, a stage never reached) do not
        // stop these checks.
        let before = self.problems.len();
        let name = |m: &Model, s: StageId| m.stages[s as usize].name.clone();
        // Forks: each branch must reach the join and nothing else.
        let forks: Vec<(StageId, Vec<StageId>, Target)> = m
            .stages
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match &s.route {
                Route::Fork { branches, join } => Some((i as StageId, branches.clone(), *join)),
                _ => None,
            })
            .collect();
        for (fork, branches, join) in &forks {
            let fork_path = format!("stages.{}.next", name(m, *fork));
            let join_name = match join {
                Target::Stage(j) => format!("\"{}\"", name(m, *j)),
                Target::End => "\"end\"".to_string(),
            };
            if branches.iter().any(|b| Target::Stage(*b) == *join) {
                self.problem(
                    format!("{fork_path}.fork"),
                    format!(
                        "the join {join_name} is also listed as a branch; a branch must be a stage that leads to the join"
                    ),
                );
            }
            let mut members = BTreeSet::new();
            let mut stack: Vec<StageId> = branches.clone();
            let mut escaped = false;
            while let Some(s) = stack.pop() {
                if Target::Stage(s) == *join || !members.insert(s) {
                    continue;
                }
                if s == *fork {
                    self.problem(
                        fork_path.clone(),
                        format!("a branch of this fork leads back to the fork stage before reaching its join {join_name}"),
                    );
                    escaped = true;
                    continue;
                }
                let stage = &m.stages[s as usize];
                if matches!(stage.route, Route::Fork { .. }) {
                    self.problem(
                        format!("stages.{}.next", stage.name),
                        format!(
                            r#"forks inside a parallel branch (of the fork at "{fork}") are not supported; flatten the branches into one fork"#,
                            fork = name(m, *fork)
                        ),
                    );
                    escaped = true;
                    continue;
                }
                for t in stage.route.targets() {
                    match t {
                        Target::Stage(x) => stack.push(x),
                        Target::End if *join != Target::End => {
                            self.problem(
                                format!("stages.{}.next", stage.name),
                                format!(
                                    r#"this stage is inside a parallel branch of the fork at "{fork}" but can route to "end" without reaching the join {join_name}; route it to the join"#,
                                    fork = name(m, *fork)
                                ),
                            );
                            escaped = true;
                        }
                        Target::End => {}
                    }
                }
            }
            if escaped {
                continue;
            }
            for &s in &members {
                let stage = &mut m.stages[s as usize];
                if let Some(other) = stage.branch_of {
                    let other_name = m.stages[other as usize].name.clone();
                    self.problem(
                        format!("stages.{}", m.stages[s as usize].name),
                        format!(
                            r#"stage is inside the branches of two forks ("{other_name}" and "{fork}"); each stage may belong to one fork"#,
                            fork = m.stages[*fork as usize].name
                        ),
                    );
                } else {
                    stage.branch_of = Some(*fork);
                }
            }
        }
        if self.problems.len() > before || !classes_read {
            return;
        }
        // Class overrides stay outside forks, so a branch is the same for every class.
        for &(c, st) in overrides.keys() {
            let stage = &m.stages[st as usize];
            let overrides_route = overrides[&(c, st)].1.is_some();
            let is_fork = matches!(stage.route, Route::Fork { .. })
                || matches!(m.route(c, st), Route::Fork { .. });
            if overrides_route && (is_fork || stage.branch_of.is_some()) {
                self.problem(
                    format!(
                        "stages.{}.by_class.{}.next",
                        stage.name, m.classes[c as usize].name
                    ),
                    "routes of forks and of stages inside parallel branches cannot differ by class",
                );
            }
        }
        if self.problems.len() > before {
            return;
        }
        let n = m.stages.len();
        let nc = m.classes.len();
        // Stages inside a branch may only be entered from their fork or from the same branch.
        for c in 0..nc as ClassId {
            for (i, stage) in m.stages.iter().enumerate() {
                for t in m.route(c, i as StageId).targets() {
                    let Target::Stage(x) = t else { continue };
                    let target_fork = m.stages[x as usize].branch_of;
                    let from_fork = match &stage.route {
                        Route::Fork { branches, .. } if branches.contains(&x) => Some(i as StageId),
                        _ => None,
                    };
                    if target_fork.is_some()
                        && target_fork != stage.branch_of
                        && target_fork != from_fork
                    {
                        self.problem(
                            format!("stages.{}.next", stage.name),
                            format!(
                                r#"routes into "{target}", which is inside a parallel branch of the fork at "{fork}"; a branch can only be entered through its fork"#,
                                target = m.stages[x as usize].name,
                                fork = m.stages[target_fork.unwrap_or(0) as usize].name
                            ),
                        );
                    }
                }
            }
        }
        for (i, class) in m.classes.iter().enumerate() {
            if m.stages[class.start as usize].branch_of.is_some() {
                self.problem(
                    format!("classes[{i}].start"),
                    format!(
                        r#""{start}" is inside a parallel branch; start at a stage outside forks"#,
                        start = m.stages[class.start as usize].name
                    ),
                );
            }
        }
        if self.problems.len() > before {
            return;
        }
        // Successors for class c: a fork continues at its join; a branch member's route into
        // its join ends the branch (the fork carries on from there).
        let succ = |m: &Model, c: ClassId, s: usize| -> Vec<Target> {
            let join = m.branch_join(s as StageId);
            let route = m.route(c, s as StageId);
            let mut out: Vec<Target> = route
                .targets()
                .into_iter()
                .filter(|t| Some(*t) != join)
                .collect();
            if let Route::Fork { join, .. } = route {
                out.push(*join);
            }
            if join.is_some() && route.targets().contains(&join.unwrap_or(Target::End)) {
                out.push(Target::End);
            }
            out
        };
        let mut reached_any = vec![false; n];
        for c in 0..nc as ClassId {
            let mut reached = vec![false; n];
            let mut stack = vec![m.classes[c as usize].start as usize];
            while let Some(s) = stack.pop() {
                if reached[s] {
                    continue;
                }
                reached[s] = true;
                for t in succ(m, c, s) {
                    if let Target::Stage(x) = t {
                        stack.push(x as usize);
                    }
                }
            }
            // Way out: which stages can reach the exit. A fork leaves only through its join
            // (its branches end there), so a loop from the join back to the fork is a trap.
            let onward = |s: usize| match m.route(c, s as StageId) {
                Route::Fork { join, .. } => vec![*join],
                _ => succ(m, c, s),
            };
            // Backwards from the stages that route to the exit, along the routes reversed.
            let mut exits = vec![false; n];
            let mut into: Vec<Vec<usize>> = vec![Vec::new(); n];
            let mut todo = Vec::new();
            for (s, exit) in exits.iter_mut().enumerate() {
                for t in onward(s) {
                    match t {
                        Target::End if !*exit => {
                            *exit = true;
                            todo.push(s);
                        }
                        Target::End => {}
                        Target::Stage(x) => into[x as usize].push(s),
                    }
                }
            }
            while let Some(x) = todo.pop() {
                for &s in &into[x] {
                    if !std::mem::replace(&mut exits[s], true) {
                        todo.push(s);
                    }
                }
            }
            let trapped: Vec<String> = (0..n)
                .filter(|&s| reached[s] && !exits[s])
                .map(|s| format!("\"{}\"", m.stages[s].name))
                .collect();
            if !trapped.is_empty() {
                self.problem(
                    "stages",
                    format!(
                        r#"for class "{class}", stages {stages} form a loop with no way out: no route from them reaches "end"; give one of them a branch to "end" or onward"#,
                        class = m.classes[c as usize].name,
                        stages = trapped.join(", ")
                    ),
                );
            }
            for s in 0..n {
                reached_any[s] |= reached[s];
            }
        }
        if self.problems.len() > before {
            return;
        }
        // Rework, per class: the ways by which a case goes back to redo work. A way out of
        // stage `s` (a branch, or a rework route's `to`) sends the case back when it leads
        // back to `s` while another way out of `s` does not: the decision that closes a loop.
        // Which ways those are depends on the routes, not on the order they are written in.
        // Ways already known to send back are left out when asking whether a way comes back,
        // so that an inner loop's way back does not hide the decision of the loop around it.
        for c in 0..nc as ClassId {
            let mut back: BTreeSet<(usize, usize)> = BTreeSet::new();
            // Whether stage `from` leads to stage `goal` for the class without a way in
            // `back` (asked only of the targets of branches and rework, so a long chain
            // costs no table of all pairs).
            let reaches = |from: usize, goal: usize, back: &BTreeSet<(usize, usize)>| {
                let mut seen = vec![false; n];
                let mut todo = vec![from];
                while let Some(x) = todo.pop() {
                    for t in succ(m, c, x) {
                        if let Target::Stage(y) = t {
                            let y = y as usize;
                            if back.contains(&(x, y)) {
                                continue;
                            }
                            if y == goal {
                                return true;
                            }
                            if !std::mem::replace(&mut seen[y], true) {
                                todo.push(y);
                            }
                        }
                    }
                }
                false
            };
            let comes_back = |s: usize, to: Target, back: &BTreeSet<(usize, usize)>| match to {
                Target::Stage(x) => x as usize == s || reaches(x as usize, s, back),
                Target::End => false,
            };
            loop {
                let mut found = Vec::new();
                for s in 0..n {
                    // The ways out that may send back, and those that lead on.
                    let (may, others): (Vec<Target>, Vec<Target>) =
                        match &m.routes[c as usize * n + s] {
                            Route::Branches(bs) => (bs.iter().map(|b| b.to).collect(), Vec::new()),
                            Route::Rework { to, otherwise, .. } => (vec![*to], vec![*otherwise]),
                            _ => continue,
                        };
                    let returns: Vec<bool> = may.iter().map(|&t| comes_back(s, t, &back)).collect();
                    let goes_on = returns.iter().any(|r| !r)
                        || others.iter().any(|&t| !comes_back(s, t, &back));
                    if !goes_on {
                        continue;
                    }
                    for (t, r) in may.into_iter().zip(returns) {
                        if let (true, Target::Stage(x)) = (r, t) {
                            found.push((s, x as usize));
                        }
                    }
                }
                let before = back.len();
                back.extend(found);
                if back.len() == before {
                    break;
                }
            }
            // A loop closed without such a decision (every way out of each of its stages comes
            // back; a way out of the loop comes only after a way in `back`) is counted where
            // a depth-first walk, taking the stages in their order, first comes back.
            let mut closing: BTreeSet<(usize, usize)> = BTreeSet::new();
            let mut on_path = vec![false; n];
            let mut done = vec![false; n];
            let ordered = |x: usize| {
                let mut next: Vec<usize> = succ(m, c, x)
                    .into_iter()
                    .filter_map(|t| match t {
                        Target::Stage(y) if !back.contains(&(x, y as usize)) => Some(y as usize),
                        _ => None,
                    })
                    .collect();
                next.sort_unstable();
                next.dedup();
                next
            };
            let start = m.classes[c as usize].start as usize;
            let mut stack: Vec<(usize, Vec<usize>, usize)> = vec![(start, ordered(start), 0)];
            on_path[start] = true;
            while let Some((s, next, k)) = stack.last_mut() {
                if let Some(&x) = next.get(*k) {
                    *k += 1;
                    if on_path[x] {
                        closing.insert((*s, x));
                    } else if !done[x] {
                        on_path[x] = true;
                        stack.push((x, ordered(x), 0));
                    }
                } else {
                    on_path[*s] = false;
                    done[*s] = true;
                    stack.pop();
                }
            }
            for s in 0..n {
                let sends = |to: Target| match to {
                    Target::Stage(x) => back.contains(&(s, x as usize)),
                    Target::End => false,
                };
                let closes = |to: Target| matches!(to, Target::Stage(x) if closing.contains(&(s, x as usize)));
                match &mut m.routes[c as usize * n + s] {
                    Route::Next { to, rework } => *rework = closes(*to),
                    Route::Branches(bs) => {
                        for b in bs.iter_mut() {
                            b.redo = sends(b.to);
                            b.rework = b.redo || closes(b.to);
                        }
                    }
                    Route::Rework { to, back, redo, .. } => {
                        *redo = sends(*to);
                        *back = *redo || closes(*to);
                    }
                    Route::Fork { .. } => {}
                }
            }
        }
        // A member group's `quality` multiplies the rework share of the stages it works
        // at: it must leave cases a way on.
        for (si, stage) in m.stages.iter().enumerate() {
            let StageKind::Staffed { pool } = stage.kind else {
                continue;
            };
            // Probabilities that could not be read say nothing about where cases go.
            let own = format!("stages.{}.", stage.name);
            if self.stand_in_routes.iter().any(|r| r.starts_with(&own)) {
                continue;
            }
            let pool = &m.pools[pool as usize];
            let Some((g, worst)) = pool
                .groups
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.quality.total_cmp(&b.1.quality))
            else {
                continue;
            };
            // The group's own quality is the value to change.
            let at = format!("pools.{}.members[{g}].quality", pool.name);
            let rework = (0..nc)
                .filter_map(|c| match &m.routes[c * n + si] {
                    Route::Branches(bs) if bs.iter().any(|b| !b.sends_back()) => Some(
                        bs.iter()
                            .filter(|b| b.sends_back())
                            .map(|b| b.p)
                            .sum::<f64>(),
                    ),
                    _ => None,
                })
                .fold(0.0, f64::max);
            // A quality to suggest, rounded down so that it passes.
            let down = |p: f64| format!("{:.3}", (1000.0 / p).floor() / 1000.0);
            // Rework with a cap lets every case leave in the end, but its probability,
            // scaled by the quality, must still be one.
            let capped = (0..nc)
                .filter_map(|c| match &m.routes[c * n + si] {
                    Route::Rework { p, max, .. } if *max > 0 => {
                        Some(p.iter().copied().fold(0.0, f64::max))
                    }
                    _ => None,
                })
                .fold(0.0, f64::max);
            if capped > 0.0 && capped * worst.quality > 1.0 {
                let most = down(capped);
                self.problem(
                    at.clone(),
                    format!(
                        r#"quality {quality} makes the rework probability at "{stage}" {capped} × {quality} > 1, more than certain; give a quality of at most {most}"#,
                        quality = worst.quality,
                        stage = stage.name
                    ),
                );
            }
            if rework > 0.0 && rework * worst.quality >= 1.0 {
                let below = down(rework);
                self.problem(
                    at,
                    format!(
                        r#"quality {quality} sends every case back at "{stage}" (rework probability {rework} × {quality} ≥ 1), so none would ever leave; give a quality below {below}"#,
                        quality = worst.quality,
                        stage = stage.name
                    ),
                );
            }
        }
    }
}
