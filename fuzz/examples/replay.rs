//! Replays every file under the given folders through one fuzz check and reports the slowest
//! inputs (scripts/fuzz.sh runs it after each target: libFuzzer's own slow-input report counts
//! whole seconds, the limit is 100 ms). Exits 1 when an input takes over the limit.
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_millis(100);

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let target = args.next().expect("usage: replay TARGET DIR...");
    let run: fn(&[u8]) = match target.as_str() {
        "certificate_check" => mdm_link_fuzz::certificate_check::run,
        "stored_state" => mdm_link_fuzz::stored_state::run,
        "backup_import" => mdm_link_fuzz::backup_import::run,
        "token_open" => mdm_link_fuzz::token_open::run,
        other => panic!("unknown target {other}"),
    };
    let mut all = Vec::new();
    for dir in args {
        files(Path::new(&dir), &mut all);
    }
    let mut timed: Vec<(Duration, PathBuf)> = all
        .into_iter()
        .map(|path| {
            let data = std::fs::read(&path).unwrap();
            let start = Instant::now();
            run(&data);
            (start.elapsed(), path)
        })
        .collect();
    timed.sort();
    let slow: Vec<_> = timed.iter().filter(|(t, _)| *t > LIMIT).collect();
    println!(
        "[replay] {target}: {} inputs, slowest {:?} ({}), median {:?}",
        timed.len(),
        timed.last().map(|t| t.0).unwrap_or_default(),
        timed
            .last()
            .map(|t| t.1.display().to_string())
            .unwrap_or_default(),
        timed.get(timed.len() / 2).map(|t| t.0).unwrap_or_default(),
    );
    for (t, path) in &slow {
        println!("[replay] SLOW {t:?} {}", path.display());
    }
    std::process::exit(i32::from(!slow.is_empty()));
}
