//! The share link: every state of the page as a URL query, versioned.
//!
//! Format v1 (documented in the README):
//! `?v=1&lesson=<id>&seed=<u64>&speed=<0.1..10>&p.<param>=<value>...`
//! plus the page-level `workers=<n>` (read by the boot script, kept as is).
//!
//! Format v2 (python.md, "Share links with code"): the learner's own
//! program, `?v=2&lesson=python&seed=<u64>&speed=<x>&gil=on|off&code=<c>`
//! where `c` is the program as UTF-8, compressed with raw DEFLATE (RFC
//! 1951, no zlib header) in unpadded base64url. The page inflates it (the
//! browser's DecompressionStream); here it is kept as the link carries it.
//! A lesson whose Python the learner edited is a v2 link too, the lesson's
//! own v1 fields plus `code=` (its edited Python, packed the same way):
//! `?v=2&lesson=<id>&seed=..&speed=..&p.<param>=..&code=<c>`. A lesson as
//! it is written is still a v1 link, so v1 links keep opening exactly as
//! before.
//!
//! A challenge level (issue 15) is a v2 link too:
//! `?v=2&level=<id>&schedule=<n.n.n>`, the level's file name and the
//! moves played so far, each the number of the thread that moved
//! (`Thread-N` is N). Opening it replays those moves.
//!
//! Every link the page writes ends with the page's language, `lang=en` or
//! `lang=zh` (issue 16): `www/boot.js` reads it before anything else;
//! here it is only accepted.
//!
//! Decoding never fails: unknown, malformed or out-of-range values load the
//! nearest valid state and come back as notices to show.

use crate::clock::clamp_speed;
use crate::lessons::{self, Lesson, Params};
use crate::{t, tf};

pub const VERSION: u32 = 1;
/// The version of links that carry a program.
pub const VERSION_PROGRAM: u32 = 2;
/// `lesson=` of a link to the learner's own program.
pub const PROGRAM_ID: &str = "python";
/// The longest `code=` a link may carry (characters of base64url, about
/// 6 KB of compressed program): longer links break in mail and chat.
pub const MAX_CODE: usize = 8000;

/// The learner's own program, as its link carries it.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Program {
    /// The code: raw DEFLATE, unpadded base64url (empty: the starter
    /// program).
    pub packed: String,
    /// CPython 3.11's GIL (true, the default) or free-threaded.
    pub gil: bool,
}

/// The lesson a link without one opens (`lessons::first_shown`).
pub fn default_lesson() -> &'static dyn Lesson {
    lessons::first_shown()
}

#[derive(Clone)]
pub struct ShareState {
    pub lesson: &'static dyn Lesson,
    pub params: Params,
    pub seed: u64,
    pub speed: f64,
    /// Set when the page shows the learner's own program instead of
    /// `lesson` (kept for when the learner picks a lesson again).
    pub program: Option<Program>,
    /// The learner's edit of the lesson's Python, packed as `code=` (None:
    /// the lesson's own code).
    pub edited: Option<String>,
    /// A challenge level being played instead, and its moves.
    pub level: Option<LevelLink>,
}

/// A challenge level's link: the level and the moves played.
#[derive(Clone, PartialEq, Debug)]
pub struct LevelLink {
    pub id: &'static str,
    pub schedule: Vec<u32>,
}

impl PartialEq for ShareState {
    fn eq(&self, o: &Self) -> bool {
        self.lesson.id() == o.lesson.id()
            && self.params == o.params
            && self.seed == o.seed
            && self.speed == o.speed
            && self.program == o.program
            && self.edited == o.edited
            && self.level == o.level
    }
}

impl std::fmt::Debug for ShareState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ShareState({}, {:?}, seed {}, speed {})",
            self.lesson.id(),
            self.params,
            self.seed,
            self.speed
        )
    }
}

impl ShareState {
    pub fn new(lesson: &'static dyn Lesson) -> ShareState {
        ShareState {
            lesson,
            params: Params::defaults(lesson.params()),
            seed: 1,
            speed: 1.0,
            program: None,
            edited: None,
            level: None,
        }
    }
}

fn clip(s: &str) -> String {
    s.chars().take(24).collect()
}

/// Decodes a query string (with or without the leading `?`).
pub fn decode(query: &str) -> (ShareState, Vec<String>) {
    let query = query.strip_prefix('?').unwrap_or(query);
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let mut notices = Vec::new();
    let get = |k: &str| {
        pairs
            .iter()
            .rev()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };

    match get("v") {
        None | Some("1") | Some("2") => {}
        Some(v) => notices.push(tf!(
            "This link is format v{v}; this page reads v{version}: loaded what it could.",
            v = clip(v),
            version = VERSION
        )),
    }
    // The page's language is chosen before this runs (`www/boot.js`); a
    // value it could not use is said here.
    if let Some(l) = get("lang").filter(|l| crate::i18n::Lang::from_code(l).is_none()) {
        notices.push(tf!(
            "lang = \"{value}\" is neither en nor zh; ignored.",
            value = clip(l)
        ));
    }
    let lesson = match get("lesson") {
        None | Some(PROGRAM_ID) => default_lesson(),
        Some(id) => lessons::by_id(id).unwrap_or_else(|| {
            notices.push(tf!(
                "Unknown lesson \"{id}\"; showing {lesson} instead.",
                id = clip(id),
                lesson = default_lesson().number()
            ));
            default_lesson()
        }),
    };
    let mut state = ShareState::new(lesson);
    if let Some(s) = get("seed") {
        match s.trim().parse::<u64>() {
            Ok(v) => state.seed = v,
            Err(_) => notices.push(tf!(
                "seed = \"{value}\" is not a whole number from 0 to 2^64-1; using 1.",
                value = clip(s)
            )),
        }
    }
    if let Some(s) = get("speed") {
        match s.trim().parse::<f64>() {
            Ok(v) if v.is_finite() => {
                state.speed = clamp_speed(v);
                if state.speed != v {
                    notices.push(tf!(
                        "speed = {value} is outside 0.1..10; using {speed}.",
                        value = clip(s),
                        speed = state.speed
                    ));
                }
            }
            _ => notices.push(tf!(
                "speed = \"{value}\" is not a number; using 1.",
                value = clip(s)
            )),
        }
    }
    if get("lesson") == Some(PROGRAM_ID) {
        state.program = Some(decode_program(
            get("code"),
            get("gil"),
            Fallback::Starter,
            &mut notices,
        ));
    } else if let Some(code) = get("code") {
        // An edited lesson: an unusable `code=` opens the lesson's own.
        let p = decode_program(Some(code), None, Fallback::LessonCode, &mut notices);
        state.edited = (!p.packed.is_empty()).then_some(p.packed);
    }
    if let Some(id) = get("level") {
        match crate::challenge::by_id(id.trim()) {
            Some(level) => {
                let moves = get("schedule").unwrap_or("").trim();
                let schedule = crate::challenge::drive::parse_schedule(moves).unwrap_or_else(|| {
                    notices.push(tf!(
                        "schedule = \"{value}\" is not thread numbers joined by dots; \
                         starting the level from its beginning.",
                        value = clip(moves)
                    ));
                    Vec::new()
                });
                state.level = Some(LevelLink {
                    id: level.id,
                    schedule,
                });
            }
            None => notices.push(tf!(
                "Unknown level \"{id}\"; showing {lesson} instead.",
                id = clip(id),
                lesson = lesson.number()
            )),
        }
    }
    let raw = pairs
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("p.").map(|k| (k, v.as_str())));
    let (params, mut pn) = Params::from_raw(lesson.params(), raw);
    state.params = params;
    notices.append(&mut pn);
    for (k, _) in &pairs {
        let known = [
            "v", "lesson", "seed", "speed", "workers", "code", "gil", "level", "schedule", "lang",
        ];
        if !k.starts_with("p.") && !known.contains(&k.as_str()) {
            notices.push(tf!("Ignored unknown setting \"{key}\".", key = clip(k)));
        }
    }
    (state, notices)
}

/// What an unusable `code=` opens instead.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Fallback {
    /// The learner's own program's starter (`lesson=python`).
    Starter,
    /// An edited lesson's own code.
    LessonCode,
}

/// `code=` and `gil=` of a v2 link: base64url characters only, at most
/// `MAX_CODE` of them; anything else loads `fallback` (the starter program
/// or the lesson's own code), with a notice. (Whether it inflates to UTF-8
/// the page finds out.)
fn decode_program(
    code: Option<&str>,
    gil: Option<&str>,
    fallback: Fallback,
    notices: &mut Vec<String>,
) -> Program {
    let packed = code.unwrap_or("").trim();
    let valid = packed.len() <= MAX_CODE
        && packed
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let packed = if valid {
        packed.to_string()
    } else {
        let long = packed.len() > MAX_CODE;
        notices.push(match (long, fallback) {
            (true, Fallback::Starter) => tf!(
                "The program in this link is longer than {max} characters; showing the starter program.",
                max = MAX_CODE
            ),
            (true, Fallback::LessonCode) => tf!(
                "The program in this link is longer than {max} characters; showing the lesson's own code.",
                max = MAX_CODE
            ),
            (false, Fallback::Starter) => {
                t!("The program in this link is not valid base64url; showing the starter program.")
                    .to_string()
            }
            (false, Fallback::LessonCode) => {
                t!("The program in this link is not valid base64url; showing the lesson's own code.")
                    .to_string()
            }
        });
        String::new()
    };
    let gil = match gil.map(str::trim) {
        None | Some("on") => true,
        Some("off") => false,
        Some(other) => {
            notices.push(tf!(
                "gil = \"{value}\" is neither on nor off; using on (CPython 3.11's GIL).",
                value = clip(other)
            ));
            true
        }
    };
    Program { packed, gil }
}

/// Encodes a state in the page's language (`lang=`, last; see
/// [`encode_in`]); `workers` (the page's pool size) is kept if given.
/// The learner's program is a v2 link; a lesson is a v1 link, as before.
pub fn encode(s: &ShareState, workers: Option<&str>) -> String {
    encode_in(s, workers, crate::i18n::lang())
}

/// Encodes a state as a link that opens in `lang` (`&lang=en` or
/// `&lang=zh` at the end, which `www/boot.js` reads; `decode` accepts it
/// and leaves the language to the page).
pub fn encode_in(s: &ShareState, workers: Option<&str>, lang: crate::i18n::Lang) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    if let Some(l) = &s.level {
        q.append_pair("v", &VERSION_PROGRAM.to_string());
        q.append_pair("level", l.id);
        if !l.schedule.is_empty() {
            q.append_pair("schedule", &crate::challenge::drive::show_schedule(&l.schedule));
        }
        if let Some(w) = workers {
            q.append_pair("workers", w);
        }
        q.append_pair("lang", lang.code());
        return format!("?{}", q.finish());
    }
    if let Some(p) = &s.program {
        q.append_pair("v", &VERSION_PROGRAM.to_string());
        q.append_pair("lesson", PROGRAM_ID);
        q.append_pair("seed", &s.seed.to_string());
        let speed = format!("{:.2}", s.speed);
        q.append_pair("speed", speed.trim_end_matches('0').trim_end_matches('.'));
        q.append_pair("gil", if p.gil { "on" } else { "off" });
        q.append_pair("code", &p.packed);
        if let Some(w) = workers {
            q.append_pair("workers", w);
        }
        q.append_pair("lang", lang.code());
        return format!("?{}", q.finish());
    }
    let version = if s.edited.is_some() {
        VERSION_PROGRAM
    } else {
        VERSION
    };
    q.append_pair("v", &version.to_string());
    q.append_pair("lesson", s.lesson.id());
    q.append_pair("seed", &s.seed.to_string());
    let speed = format!("{:.2}", s.speed);
    q.append_pair("speed", speed.trim_end_matches('0').trim_end_matches('.'));
    for spec in s.lesson.params() {
        if matches!(spec.kind, crate::lessons::ParamKind::Url { .. }) {
            let u = s.params.url(spec.key);
            if !u.is_empty() {
                q.append_pair(&format!("p.{}", spec.key), u);
            }
        } else {
            q.append_pair(&format!("p.{}", spec.key), &spec.show(s.params.get(spec.key)));
        }
    }
    if let Some(c) = &s.edited {
        q.append_pair("code", c);
    }
    if let Some(w) = workers {
        q.append_pair("workers", w);
    }
    q.append_pair("lang", lang.code());
    format!("?{}", q.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_lesson() {
        for l in lessons::all() {
            let mut s = ShareState::new(*l);
            s.seed = 987654321;
            s.speed = 2.5;
            let (back, notices) = decode(&encode(&s, None));
            assert!(notices.is_empty(), "{notices:?}");
            assert_eq!(back, s);
        }
    }

    #[test]
    fn level_links_carry_the_moves() {
        let (s, notices) = decode("?v=2&level=01_lost_update&schedule=1.2.2.1");
        assert!(notices.is_empty(), "{notices:?}");
        let l = s.level.clone().expect("a level");
        assert_eq!((l.id, l.schedule), ("01_lost_update", vec![1, 2, 2, 1]));
        assert_eq!(
            encode(&s, None),
            "?v=2&level=01_lost_update&schedule=1.2.2.1&lang=en"
        );
        let (bad, notices) = decode("?v=2&level=01_lost_update&schedule=1.x");
        assert_eq!(bad.level.map(|l| l.schedule), Some(vec![]));
        assert_eq!(notices.len(), 1);
        let (none, notices) = decode("?v=2&level=99_nope");
        assert!(none.level.is_none() && notices[0].contains("Unknown level"));
    }

    #[test]
    fn program_links_are_v2_and_round_trip() {
        let mut s = ShareState::new(default_lesson());
        s.seed = 42;
        s.program = Some(Program {
            packed: "y0jNyclXKM8vyklRBAA".into(),
            gil: false,
        });
        let q = encode(&s, Some("8"));
        assert_eq!(
            q,
            "?v=2&lesson=python&seed=42&speed=1&gil=off&code=y0jNyclXKM8vyklRBAA&workers=8&lang=en"
        );
        let (back, notices) = decode(&q);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(back, s);
        // A lesson is still a v1 link.
        assert!(encode(&ShareState::new(default_lesson()), None).starts_with("?v=1&lesson=pool"));
        // Bad code or gil: the starter program, with notices.
        let (b, n) = decode("?v=2&lesson=python&code=%3Cscript%3E&gil=maybe");
        assert_eq!(
            b.program,
            Some(Program {
                packed: String::new(),
                gil: true
            })
        );
        assert_eq!(n.len(), 2, "{n:?}");
        let long = "A".repeat(MAX_CODE + 1);
        let (b, n) = decode(&format!("?v=2&lesson=python&code={long}"));
        assert_eq!(b.program.map(|p| p.packed), Some(String::new()));
        assert_eq!(n.len(), 1);
    }

    #[test]
    fn an_edited_lesson_is_a_v2_link_with_its_parameters_and_code() {
        let mut s = ShareState::new(lessons::by_id("locks").unwrap());
        s.edited = Some("y0jNyclXKM8vyklRBAA".into());
        let q = encode(&s, None);
        assert!(
            q.starts_with("?v=2&lesson=locks&seed=1&speed=1&p.variant="),
            "{q}"
        );
        assert!(q.ends_with("&code=y0jNyclXKM8vyklRBAA&lang=en"), "{q}");
        let (back, notices) = decode(&q);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(back, s);
        // An unusable code= opens the lesson's own code, with a notice.
        let (b, n) = decode("?v=2&lesson=locks&code=%3Cscript%3E");
        assert_eq!(b.edited, None);
        assert_eq!(b.lesson.id(), "locks");
        assert_eq!(n.len(), 1, "{n:?}");
        assert!(n[0].contains("the lesson's own code"), "{n:?}");
    }

    #[test]
    fn links_carry_the_language() {
        let s = ShareState::new(lessons::by_id("locks").unwrap());
        assert!(encode_in(&s, None, crate::i18n::Lang::Zh).ends_with("&lang=zh"));
        let zh = crate::i18n::with_lang(crate::i18n::Lang::Zh, || encode(&s, Some("8")));
        assert!(zh.ends_with("&workers=8&lang=zh"), "{zh}");
        let (back, notices) = decode(&zh);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(back, s);
        let (_, notices) = decode("?v=1&lesson=locks&lang=fr");
        assert_eq!(notices.len(), 1, "{notices:?}");
    }

    #[test]
    fn bad_links_load_the_nearest_valid_state_with_notices() {
        let (s, n) =
            decode("?v=9&lesson=pool&seed=-3&speed=1e9&p.workers=1000000&p.late=maybe&evil=%3Cscript%3E");
        assert_eq!(s.lesson.id(), "pool");
        assert_eq!(s.params.get("workers"), 8.0);
        assert_eq!(s.seed, 1);
        assert_eq!(s.speed, 10.0);
        assert_eq!(n.len(), 6, "{n:?}");
        let (s, n) = decode("lesson=%00%ff&&&=&p.=");
        assert_eq!(s.lesson.id(), "pool");
        assert!(!n.is_empty());
        let (_, n) = decode("");
        assert!(n.is_empty());
    }
}
