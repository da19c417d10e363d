//! Challenge mode (issue 15): the player is the scheduler. A level is a
//! Python program that looks correct plus a small header (`levels/`, one
//! file per level, registered in `levels.rs`); the player steps one thread
//! at a time and wins by breaking it. This module reads the levels and
//! judges a run's view: won (how), lost (every thread finished and the
//! program kept its promise), or still playing. Running the program is the
//! interpreter's; pacing the steps is the page's.

pub mod drive;
mod levels;

use crate::reduce::{waitfor, LaneState, View};
use crate::trace::Tid;
pub use drive::{Driver, Tick};

/// How a level is won.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    /// Two threads at once on lines marked `# critical`.
    Critical,
    /// Every live thread blocked (a wait-for cycle, or waits nothing ends).
    Deadlock,
    /// Any thread ends in an uncaught exception (a failed `assert` too).
    Exception,
}

/// A level: its program and what its header says.
#[derive(Clone, Debug)]
pub struct Level {
    /// The file's name without `.py` (`01_lost_update`): stable, in links.
    pub id: &'static str,
    pub title: String,
    pub story: String,
    pub goal: Goal,
    pub hints: Vec<String>,
    /// What a normal run prints (`prints "counter is 2"`).
    pub promise: String,
    pub code: &'static str,
    /// 1-based lines ending in `# critical`.
    pub critical: Vec<usize>,
    /// A winning schedule (`# solution: 1.2.2.1`, thread numbers), which
    /// the tests replay natively and in the browser.
    pub solution: Vec<u32>,
    /// The header's Chinese (`title.zh:`, `story.zh:`, `hint.zh:`,
    /// `promise.zh:`), English where a field has none.
    pub zh: LevelText,
}

/// What a level says to the player, in one language.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LevelText {
    pub title: String,
    pub story: String,
    pub hints: Vec<String>,
    pub promise: String,
}

impl Level {
    /// The level's words in `l`.
    pub fn text(&self, l: crate::i18n::Lang) -> LevelText {
        match l {
            crate::i18n::Lang::En => LevelText {
                title: self.title.clone(),
                story: self.story.clone(),
                hints: self.hints.clone(),
                promise: self.promise.clone(),
            },
            crate::i18n::Lang::Zh => self.zh.clone(),
        }
    }

    /// The level's words in the thread's language.
    pub fn shown(&self) -> LevelText {
        self.text(crate::i18n::lang())
    }
}

/// Every level, in teaching order.
pub fn all() -> &'static [Level] {
    static ALL: std::sync::OnceLock<Vec<Level>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        levels::SOURCES
            .iter()
            .map(|(id, code)| parse(id, code).unwrap_or_else(|e| panic!("level {id}: {e}")))
            .collect()
    })
}

pub fn by_id(id: &str) -> Option<&'static Level> {
    all().iter().find(|l| l.id == id)
}

/// Reads a level's header (`# key: value` lines before the first blank
/// line; `#   ` continues the previous value).
pub fn parse(id: &'static str, code: &'static str) -> Result<Level, String> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in code.lines() {
        if line.trim().is_empty() {
            break;
        }
        if let Some(more) = line.strip_prefix("#   ") {
            let last = fields.last_mut().ok_or("a continuation line comes first")?;
            last.1.push(' ');
            last.1.push_str(more.trim());
        } else if let Some((k, v)) = line.strip_prefix("# ").and_then(|l| l.split_once(": ")) {
            fields.push((k.trim().to_string(), v.trim().to_string()));
        } else {
            return Err(format!("header line not understood: {line}"));
        }
    }
    let one = |k: &str| {
        fields
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .ok_or(format!("no {k}:"))
    };
    let goal = match one("goal")?.as_str() {
        "critical" => Goal::Critical,
        "deadlock" => Goal::Deadlock,
        "exception" => Goal::Exception,
        g => return Err(format!("unknown goal {g}")),
    };
    let critical: Vec<usize> = code
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end().ends_with("# critical"))
        .map(|(i, _)| i + 1)
        .collect();
    if goal == Goal::Critical && critical.is_empty() {
        return Err("goal critical, but no line is marked # critical".into());
    }
    let all = |k: &str| -> Vec<String> {
        fields
            .iter()
            .filter(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let (title, story, promise, hints) = (one("title")?, one("story")?, one("promise")?, all("hint"));
    let zh_hints = all("hint.zh");
    let zh = LevelText {
        title: one("title.zh").unwrap_or_else(|_| title.clone()),
        story: one("story.zh").unwrap_or_else(|_| story.clone()),
        hints: if zh_hints.is_empty() {
            hints.clone()
        } else {
            zh_hints
        },
        promise: one("promise.zh").unwrap_or_else(|_| promise.clone()),
    };
    Ok(Level {
        id,
        title,
        story,
        goal,
        hints,
        promise,
        code,
        critical,
        solution: fields
            .iter()
            .find(|(k, _)| k == "solution")
            .map(|(_, v)| drive::parse_schedule(v).ok_or(format!("solution {v:?} is not n.n.n")))
            .transpose()?
            .unwrap_or_default(),
        zh,
    })
}

/// Where a run of a level stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Playing,
    /// The program broke: how, in a sentence.
    Won(String),
    /// Every thread finished and the program kept its promise.
    Lost(String),
}

/// How far a level's run has got, as its controller knows it (the trace
/// alone cannot tell a thread woken and about to run from one that waits).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// Some thread can still move.
    Playing,
    /// No thread can move: every live thread waits on something.
    Stuck,
    /// Every thread has finished.
    Finished,
}

/// Judges the view of a level's run. Any of the three breaks wins (the
/// level's goal is the one its hints lead to); a run that ends without
/// one is lost. `held`: threads held at a checkpoint and the source
/// position they will run next (`Run::held_threads`): a held thread is on
/// that line, a thread that is not is where its last operation was.
pub fn judge(level: &Level, view: &View, end: End, held: &[(Tid, u32)]) -> Verdict {
    let name = |t: Tid| view.lanes.get(&t).map_or("?".to_string(), |l| l.name.clone());
    if let Some(e) = view.errors.first() {
        return Verdict::Won(crate::tf!(
            "{who} died of {error}.",
            who = name(e.tid),
            error = e.text.trim()
        ));
    }
    if let Some(d) = waitfor::find_deadlock(view) {
        return Verdict::Won(waitfor::explain(view, &d));
    }
    let live: Vec<_> = view
        .lanes
        .values()
        .filter(|l| l.state != LaneState::Done)
        .collect();
    if end == End::Stuck && !live.is_empty() {
        // Where each waits, as the learner reads it: the object if the page
        // draws it, else the line (a Condition waits on the runtime's own
        // locks, which are not drawn).
        let line_of = |l: &crate::reduce::Lane| {
            let n = l.last.map_or(0, |e| e.pos_line()) as usize;
            let code = level.code.lines().nth(n.wrapping_sub(1)).unwrap_or("").trim();
            (n > 0).then(|| (n, code.trim_end_matches("# critical").trim_end()))
        };
        let waits: Vec<String> = live
            .iter()
            .map(|l| match l.waiting_on {
                Some(crate::reduce::Waiting::Object(o)) if view.is_drawn(o) => crate::tf!(
                    "{who} waits on {what}",
                    who = l.name,
                    what = view.objects.get(&o).map_or("?", |o| o.name.as_str())
                ),
                Some(crate::reduce::Waiting::Thread(t)) => {
                    crate::tf!("{who} waits for {other}", who = l.name, other = name(t))
                }
                _ => match line_of(l) {
                    Some((line, code)) => {
                        crate::tf!("{who} waits at line {line} ({code})", who = l.name, line, code)
                    }
                    None => crate::tf!("{who} waits", who = l.name),
                },
            })
            .collect();
        let sep = if crate::i18n::lang() == crate::i18n::Lang::Zh {
            "；"
        } else {
            "; "
        };
        return Verdict::Won(crate::tf!(
            "Every thread is blocked and nothing can wake them: {waits}.",
            waits = waits.join(sep)
        ));
    }
    let inside: Vec<(String, usize)> = live
        .iter()
        .filter_map(|l| {
            let at_held = held.iter().find(|&&(t, _)| t == l.tid).map(|&(_, pos)| pos >> 12);
            let line = at_held
                .filter(|&line| line > 0)
                .or(l.last.map(|e| e.pos_line()))? as usize;
            level.critical.contains(&line).then(|| (l.name.clone(), line))
        })
        .collect();
    if inside.len() >= 2 {
        return Verdict::Won(crate::tf!(
            "{first} and {second} are in the critical section at once (lines {first_line} and {second_line}).",
            first = inside[0].0,
            second = inside[1].0,
            first_line = inside[0].1,
            second_line = inside[1].1
        ));
    }
    if end != End::Playing {
        return Verdict::Lost(crate::tf!(
            "Every thread finished and the program kept its promise ({promise}). Try another order.",
            promise = level.shown().promise
        ));
    }
    Verdict::Playing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_reads_and_has_three_hints() {
        assert!(all().len() >= 12);
        for l in all() {
            // Demo time stands still while every thread is held: a sleep
            // or a timeout would never end, or end at no chosen moment.
            for banned in ["sleep(", "timeout"] {
                assert!(!l.code.contains(banned), "{}: a level may not use {banned}", l.id);
            }
            assert!(l.hints.len() >= 2, "{}: hints", l.id);
            assert!(!l.title.is_empty() && !l.story.is_empty(), "{}", l.id);
        }
        let first = &all()[0];
        assert_eq!(first.id, "01_lost_update");
        assert_eq!(first.goal, Goal::Exception);
        assert!(first.story.contains("shared counter"), "{}", first.story);
        assert!(parse(
            "x",
            "# title: t\n# story: s\n# goal: critical\n# promise: p\n\nx = 1\n"
        )
        .is_err());
    }
}
