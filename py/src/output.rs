//! Where a program's text goes: an [`OutputSink`] (the terminal natively, the
//! page's console on the web), behind a per-run volume bound.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

pub trait OutputSink: Send + Sync {
    fn write(&self, stream: Stream, text: &str);
    fn flush(&self) {}
}

/// Collects output in memory (tests, the page).
#[derive(Default)]
pub struct Capture {
    pub out: Mutex<String>,
    pub err: Mutex<String>,
}

impl OutputSink for Capture {
    fn write(&self, stream: Stream, text: &str) {
        let m = match stream {
            Stream::Stdout => &self.out,
            Stream::Stderr => &self.err,
        };
        crate::heap::lock(m).push_str(text);
    }
}

/// The real terminal (the native command). Stdout is block-buffered (as
/// CPython's is when piped) and flushed before anything goes to stderr and
/// at the end, so the two streams keep their order.
pub struct Terminal {
    out: Mutex<std::io::BufWriter<std::io::Stdout>>,
    /// On a terminal, flush every write (CPython is line-buffered there).
    interactive: bool,
}

impl Terminal {
    pub fn new() -> Terminal {
        use std::io::IsTerminal;
        Terminal {
            out: Mutex::new(std::io::BufWriter::with_capacity(64 << 10, std::io::stdout())),
            interactive: std::io::stdout().is_terminal(),
        }
    }
}

impl Default for Terminal {
    fn default() -> Self {
        Terminal::new()
    }
}

impl OutputSink for Terminal {
    fn write(&self, stream: Stream, text: &str) {
        use std::io::Write;
        // Errors writing to a closed pipe are ignored; the run goes on.
        match stream {
            Stream::Stdout => {
                let mut o = crate::heap::lock(&self.out);
                let _ = o.write_all(text.as_bytes());
                if self.interactive {
                    let _ = o.flush();
                }
            }
            Stream::Stderr => {
                let _ = crate::heap::lock(&self.out).flush();
                let _ = std::io::stderr().lock().write_all(text.as_bytes());
            }
        }
    }
    fn flush(&self) {
        use std::io::Write;
        let _ = crate::heap::lock(&self.out).flush();
        let _ = std::io::stderr().flush();
    }
}

/// A run's output: the sink plus the volume bound. Past `limit` bytes one
/// notice is written and further output is dropped; the program goes on.
pub struct Output {
    sink: Arc<dyn OutputSink>,
    limit: usize,
    written: AtomicUsize,
    truncated: AtomicBool,
}

impl Output {
    pub fn new(sink: Arc<dyn OutputSink>, limit: usize) -> Output {
        Output {
            sink,
            limit,
            written: AtomicUsize::new(0),
            truncated: AtomicBool::new(false),
        }
    }

    /// Writes `text`; false if it was dropped by the bound.
    pub fn write(&self, stream: Stream, text: &str) -> bool {
        let n = text.len();
        let before = self.written.fetch_add(n, Ordering::AcqRel);
        if before.saturating_add(n) > self.limit {
            if !self.truncated.swap(true, Ordering::AcqRel) {
                // Keep whole what fits, cut at a char boundary.
                let room = self.limit.saturating_sub(before);
                let mut cut = room.min(text.len());
                while cut > 0 && !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                if cut > 0 {
                    self.sink.write(stream, &text[..cut]);
                }
                self.sink.write(
                    Stream::Stderr,
                    &format!(
                        "\n[output truncated: more than {} bytes; further output dropped]\n",
                        self.limit
                    ),
                );
            }
            return false;
        }
        self.sink.write(stream, text);
        true
    }

    /// Error text (tracebacks) bypasses the bound so the failure is seen.
    pub fn write_err_always(&self, text: &str) {
        self.sink.write(Stream::Stderr, text);
    }

    pub fn flush(&self) {
        self.sink.flush();
    }

    pub fn truncated(&self) -> bool {
        self.truncated.load(Ordering::Acquire)
    }
}
