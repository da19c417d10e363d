//! Share-link decoding never panics and always yields a valid state, for
//! generated and mutated links. Default: a quick subset; the long run is
//! `LOCKSTEP_FUZZ_CASES=100000 cargo test -p lockstep-core --test share_fuzz`.

use lockstep_core::lessons::{self, ParamKind};
use lockstep_core::share::{decode, encode, ShareState};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("LOCKSTEP_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}

/// Every value of a decoded state lies in its spec's range.
fn assert_valid(s: &ShareState) {
    assert!((0.1..=10.0).contains(&s.speed));
    for spec in s.lesson.params() {
        if matches!(spec.kind, ParamKind::Url { .. }) {
            // Whatever came in, what stays is empty or a valid URL.
            assert_eq!(
                spec.parse_url(s.params.url(spec.key)).as_deref(),
                Ok(s.params.url(spec.key))
            );
            continue;
        }
        let v = s.params.get(spec.key);
        match spec.kind {
            ParamKind::Int { min, max } => assert!(
                v.fract() == 0.0 && v >= min as f64 && v <= max as f64,
                "{} = {v}",
                spec.key
            ),
            ParamKind::Float { min, max, .. } => assert!(v >= min && v <= max, "{} = {v}", spec.key),
            ParamKind::Bool => assert!(v == 0.0 || v == 1.0),
            ParamKind::Choice(o) => assert!((v as usize) < o.len() && v.fract() == 0.0),
            ParamKind::Url { .. } => unreachable!(),
        }
    }
    assert_eq!(s.params.0.len() + s.params.1.len(), s.lesson.params().len());
}

/// A valid link for a random lesson, to mutate.
fn valid_link() -> impl Strategy<Value = String> {
    (0..lessons::all().len(), any::<u64>(), 0.1f64..10.0).prop_map(|(i, seed, speed)| {
        let mut s = ShareState::new(lessons::all()[i]);
        s.seed = seed;
        s.speed = speed;
        encode(&s, Some("16"))
    })
}

fn mutate(link: String, at: usize, junk: String, cut: bool) -> String {
    let mut chars: Vec<char> = link.chars().collect();
    let at = at % (chars.len() + 1);
    if cut {
        chars.truncate(at);
    }
    let tail: Vec<char> = chars.split_off(at);
    chars.extend(junk.chars());
    chars.extend(tail);
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_decode_to_a_valid_state(q in any::<String>()) {
        let (s, _) = decode(&q);
        assert_valid(&s);
    }

    #[test]
    fn structured_junk_decodes_to_a_valid_state(
        pairs in prop::collection::vec(("(v|lesson|seed|speed|workers|p\\.[a-z_]{0,12}|[^=&]{0,8})", "[^&]{0,30}"), 0..12)
    ) {
        let q: String = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
        let (s, notices) = decode(&q);
        assert_valid(&s);
        // Every notice is plain text of bounded size (never the whole input).
        for n in notices { prop_assert!(n.len() < 400); }
    }

    #[test]
    fn mutated_valid_links_decode_to_a_valid_state(link in valid_link(), at in any::<usize>(), junk in ".{0,12}", cut in any::<bool>()) {
        let (s, _) = decode(&mutate(link, at, junk, cut));
        assert_valid(&s);
    }

    #[test]
    fn valid_links_round_trip(link in valid_link()) {
        let (s, notices) = decode(&link);
        prop_assert!(notices.is_empty(), "{:?}", notices);
        prop_assert_eq!(encode(&s, Some("16")), link);
    }
}
