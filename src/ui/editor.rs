//! "My program": the learner's Python in an editor, with the line each live
//! thread is at marked in the gutter (from the position every traced event
//! carries) and the line of a SyntaxError or uncaught exception marked.
//!
//! A plain `<textarea>` (the browser's own undo, selection and IME) beside
//! a gutter of line numbers; Tab / Shift-Tab indent and dedent by four
//! spaces, Ctrl/Cmd-Enter runs.

use super::view_ref::ViewRef;
use lockstep_core::reduce::LaneState;
use lockstep_core::{t, tf};
use std::collections::BTreeMap;
use yew::prelude::*;

/// What a new "My program" holds: the notes' lost-update lesson in a few
/// lines, so Run shows something worth seeing at once.
pub const STARTER: &str = "\
# My program: edit it, then Run (Ctrl+Enter).
# Each thread is a real Web Worker; every read and write of `counter` is traced.
import threading

counter = 0

def work(n):
    global counter
    for _ in range(n):
        counter += 1

threads = [threading.Thread(target=work, args=(1000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(\"counter =\", counter)  # 4000 under the GIL; free-threaded may lose some
";

#[derive(Properties)]
pub struct EditorProps {
    pub code: AttrValue,
    pub view: ViewRef,
    pub disabled: bool,
    /// The line to mark as failing (SyntaxError, uncaught exception).
    pub error_line: Option<usize>,
    pub on_code: Callback<String>,
    pub on_run: Callback<()>,
    /// What the code is ("Your Python", "The Python this lesson runs").
    #[prop_or(AttrValue::from(t!("Your Python")))]
    pub caption: AttrValue,
}

impl PartialEq for EditorProps {
    fn eq(&self, o: &Self) -> bool {
        self.code == o.code
            && self.view == o.view
            && self.disabled == o.disabled
            && self.error_line == o.error_line
            && self.caption == o.caption
    }
}

/// Replaces the selected lines' indentation: `+4` spaces or up to `-4`.
fn reindent(text: &str, start: usize, end: usize, indent: bool) -> (String, usize, usize) {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let block_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..line_start]);
    let (mut first_delta, mut total) = (0isize, 0isize);
    for (i, line) in text[line_start..block_end].split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let delta = if indent {
            out.push_str("    ");
            4
        } else {
            let n = line.len() - line.trim_start_matches(' ').len();
            -(n.min(4) as isize)
        };
        out.push_str(&line[(-delta.min(0)) as usize..]);
        if i == 0 {
            first_delta = delta;
        }
        total += delta;
    }
    out.push_str(&text[block_end..]);
    let new_start = (start as isize + first_delta).max(line_start as isize) as usize;
    let new_end = (end as isize + total).max(new_start as isize) as usize;
    (out, new_start, new_end)
}

/// UTF-16 offsets (the DOM's) to byte offsets of `s` and back.
fn byte_at(s: &str, utf16: u32) -> usize {
    let mut n = 0u32;
    for (i, c) in s.char_indices() {
        if n >= utf16 {
            return i;
        }
        n += c.len_utf16() as u32;
    }
    s.len()
}

fn utf16_at(s: &str, byte: usize) -> u32 {
    s[..byte.min(s.len())].chars().map(|c| c.len_utf16() as u32).sum()
}

/// Byte offset of 1-based `line` and character `col` in `s`.
fn offset_of(s: &str, line: usize, col: usize) -> Option<usize> {
    let start = if line <= 1 {
        0
    } else {
        s.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let rest = &s[start..];
    let within = rest
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    Some(start + within)
}

/// The coloured text behind the textarea: the lexer's spans, and the
/// expression each live thread is at (`at`: from its event's column to
/// the end of the name or number there).
fn coloured(code: &str, at: &[usize]) -> Html {
    let spans = lockstep_python::highlight::spans(code);
    // (start, end, class) pieces, `at` marks split out of the spans.
    let mut marks: Vec<(usize, usize)> = at
        .iter()
        .map(|&a| {
            let end = code[a..]
                .char_indices()
                .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '.'))
                .map_or(code.len(), |(i, _)| a + i);
            (
                a,
                end.max(a + code[a..].chars().next().map_or(0, |c| c.len_utf8())),
            )
        })
        .collect();
    marks.sort_unstable();
    let mut out: Vec<Html> = Vec::new();
    let mut pos = 0;
    let class_at = |i: usize| {
        spans
            .iter()
            .find(|(a, b, _)| *a <= i && i < *b)
            .map(|s| s.2.css())
    };
    let mut cuts: Vec<usize> = spans.iter().flat_map(|(a, b, _)| [*a, *b]).collect();
    cuts.extend(marks.iter().flat_map(|(a, b)| [*a, *b]));
    cuts.push(code.len());
    cuts.sort_unstable();
    cuts.dedup();
    for cut in cuts {
        if cut <= pos || cut > code.len() || !code.is_char_boundary(cut) {
            continue;
        }
        let text = code[pos..cut].to_string();
        let marked = marks.iter().any(|(a, b)| *a <= pos && pos < *b);
        let class = classes!(class_at(pos), marked.then_some("at"));
        out.push(if class.is_empty() {
            html! { { text } }
        } else {
            html! { <span class={class}>{ text }</span> }
        });
        pos = cut;
    }
    // A trailing newline needs a line after it to keep heights equal.
    html! { <>{ for out }{ "\n" }</> }
}

#[function_component(Editor)]
pub fn editor(p: &EditorProps) -> Html {
    let area = use_node_ref();
    let gutter = use_node_ref();
    // line -> the threads on it now; and where exactly each one is.
    let mut on: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut at: Vec<usize> = Vec::new();
    {
        let v = p.view.get();
        for lane in v.lanes.values() {
            if lane.state == LaneState::Done {
                continue;
            }
            if let Some(e) = lane.last.filter(|e| e.pos_line() > 0) {
                on.entry(e.pos_line() as usize)
                    .or_default()
                    .push(lane.name.clone());
                if let Some(o) = offset_of(&p.code, e.pos_line() as usize, e.pos_col() as usize) {
                    if o < p.code.len() {
                        at.push(o);
                    }
                }
            }
        }
    }
    let hl = use_node_ref();
    let lines = p.code.split('\n').count().max(1);
    let on_input = {
        let cb = p.on_code.clone();
        Callback::from(move |e: InputEvent| {
            let t: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            cb.emit(t.value());
        })
    };
    let on_keydown = {
        let (cb, run) = (p.on_code.clone(), p.on_run.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                run.emit(());
                return;
            }
            if e.key() != "Tab" || e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            e.prevent_default();
            let t: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            let text = t.value();
            let start = byte_at(&text, t.selection_start().ok().flatten().unwrap_or(0));
            let end = byte_at(&text, t.selection_end().ok().flatten().unwrap_or(0));
            let (out, s, en) = if !e.shift_key() && start == end {
                let mut out = text.clone();
                out.insert_str(start, "    ");
                (out, start + 4, start + 4)
            } else {
                reindent(&text, start, end, !e.shift_key())
            };
            t.set_value(&out);
            let _ = t.set_selection_range(utf16_at(&out, s), utf16_at(&out, en));
            cb.emit(out);
        })
    };
    // Keep the gutter and the colours scrolled with the text.
    let on_scroll = {
        let (area, gutter, hl) = (area.clone(), gutter.clone(), hl.clone());
        Callback::from(move |_: Event| {
            if let Some(a) = area.cast::<web_sys::Element>() {
                if let Some(g) = gutter.cast::<web_sys::Element>() {
                    g.set_scroll_top(a.scroll_top());
                }
                if let Some(h) = hl.cast::<web_sys::Element>() {
                    h.set_scroll_top(a.scroll_top());
                    h.set_scroll_left(a.scroll_left());
                }
            }
        })
    };
    let gutter_lines = (1..=lines).map(|n| {
        let who = on.get(&n);
        let err = p.error_line == Some(n);
        let title = who.map(|w| tf!("{who} at line {n}", who = w.join(", "), n));
        html! {
            <div class={classes!("gl", who.is_some().then_some("current"), err.then_some("error"))} title={title}>
                { n }
                if who.is_some() { <span class="mark" aria-hidden="true">{"◀"}</span> }
            </div>
        }
    });
    let at_lines: Vec<String> = on
        .iter()
        .map(|(n, w)| tf!("line {n}: {who}", n, who = w.join(", ")))
        .collect();
    html! {
        <figure class="editor">
            <figcaption>{ format!("{} ", p.caption) }<span class="dim">{t!("(Ctrl+Enter runs · Tab indents)")}</span></figcaption>
            <div class="editor-body">
                <div class="gutter" ref={gutter} aria-hidden="true">{ for gutter_lines }</div>
                <div class="code-area">
                    <pre class="hl" ref={hl} aria-hidden="true">{ coloured(&p.code, &at) }</pre>
                    <textarea ref={area} aria-label={t!("Python code")} spellcheck="false" autocomplete="off"
                        wrap="off" value={p.code.clone()} readonly={p.disabled}
                        oninput={on_input} onkeydown={on_keydown} onscroll={on_scroll} />
                </div>
            </div>
            if !at_lines.is_empty() {
                <p class="where dim" aria-label={t!("Where the threads are")}>{ at_lines.join(" · ") }</p>
            }
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_indents_and_shift_tab_dedents_the_selected_lines() {
        let t = "a\n  b\nc";
        let (out, s, e) = reindent(t, 0, 4, true);
        assert_eq!(out, "    a\n      b\nc");
        assert_eq!((s, e), (4, 12));
        let (back, _, _) = reindent(&out, 4, 12, false);
        assert_eq!(back, "a\n  b\nc");
        assert_eq!(byte_at("é€x", 2), "é€".len());
        assert_eq!(offset_of("ab\n  cd\n", 2, 3), Some(5));
        assert_eq!(offset_of("ab", 5, 1), None);
        assert_eq!(utf16_at("é€x", "é€".len()), 2);
    }
}
