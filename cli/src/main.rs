//! `lockstep run FILE [--no-gil] [--seed N] [--speed X] [--trace out.json]
//! [--stats] [--untraced-globals]`:
//! runs a Python program on OS threads with Lockstep's interpreter and
//! prints its output as CPython would. Exit status: the program's (0, 1 on
//! an uncaught exception, `sys.exit(n)`), 2 for a usage error.

use lockstep_python::native::{run_source_keeping, shared_pool};
use lockstep_python::{RunConfig, Terminal};
use std::process::ExitCode;
use std::sync::Arc;

const USAGE: &str =
    "usage: lockstep run FILE [--no-gil] [--seed N] [--speed X] [--trace out.json] [--stats] [--untraced-globals]";

struct Args {
    file: String,
    gil: bool,
    seed: u64,
    speed: f64,
    trace: Option<String>,
    /// Print the event count (and drops) on stderr at the end.
    stats: bool,
    /// Do not trace module globals (to measure what tracing costs).
    untraced: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    match args.next().as_deref() {
        Some("run") => {}
        Some(other) => return Err(format!("unknown command '{other}'")),
        None => return Err("missing command".into()),
    }
    let mut file = None;
    let mut a = Args {
        file: String::new(),
        gil: true,
        seed: 0,
        speed: 1.0,
        trace: None,
        stats: false,
        untraced: false,
    };
    while let Some(x) = args.next() {
        match x.as_str() {
            "--no-gil" => a.gil = false,
            "--stats" => a.stats = true,
            "--untraced-globals" => a.untraced = true,
            "--seed" => {
                let v = args.next().ok_or("--seed needs a value")?;
                a.seed = v.parse().map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            "--speed" => {
                let v = args.next().ok_or("--speed needs a value")?;
                a.speed = v.parse().map_err(|_| format!("--speed: not a number: {v}"))?;
                if !(a.speed > 0.0 && a.speed.is_finite()) {
                    return Err("--speed must be positive".into());
                }
            }
            "--trace" => a.trace = Some(args.next().ok_or("--trace needs a file name")?),
            s if s.starts_with("--") => return Err(format!("unknown option '{s}'")),
            s => {
                if file.is_some() {
                    return Err(format!("unexpected argument '{s}'"));
                }
                file = Some(s.to_string());
            }
        }
    }
    a.file = file.ok_or("missing FILE")?;
    Ok(a)
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("lockstep: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let source = match std::fs::read(&args.file) {
        Ok(b) => match String::from_utf8(b) {
            Ok(s) => s,
            Err(_) => {
                eprintln!("SyntaxError: Non-UTF-8 code in file {}", args.file);
                return ExitCode::from(1);
            }
        },
        Err(e) => {
            // CPython's wording for a missing script.
            let what = match e.kind() {
                std::io::ErrorKind::NotFound => "No such file or directory".to_string(),
                std::io::ErrorKind::PermissionDenied => "Permission denied".to_string(),
                _ => e.to_string(),
            };
            eprintln!(
                "lockstep: can't open file '{}': [Errno {}] {}",
                args.file,
                e.raw_os_error().unwrap_or(2),
                what
            );
            return ExitCode::from(2);
        }
    };
    let config = RunConfig {
        argv: vec![args.file.clone()],
        gil: args.gil,
        seed: args.seed,
        // The page bounds output at 1 MiB; on a terminal the point is to
        // print what CPython prints, so the bound is only a safety net.
        output_limit: 256 << 20,
        trace_globals: !args.untraced,
        ..Default::default()
    };
    let r = run_source_keeping(
        shared_pool(),
        &source,
        &args.file,
        Arc::new(Terminal::new()),
        config,
        args.speed,
        None,
        args.trace.is_some(),
    );
    if args.stats || (args.trace.is_some() && r.log.dropped > 0) {
        eprintln!(
            "lockstep: {} events recorded, {} dropped",
            r.events, r.log.dropped
        );
    }
    if let Some(path) = &args.trace {
        let json = lockstep_core::export::chrome_trace(&r.log);
        match serde_json::to_string(&json) {
            Ok(text) => {
                if let Err(e) = std::fs::write(path, text) {
                    eprintln!("lockstep: cannot write {path}: {e}");
                }
            }
            Err(e) => eprintln!("lockstep: cannot encode the trace: {e}"),
        }
    }
    ExitCode::from((r.outcome.exit_code & 0xff) as u8)
}
