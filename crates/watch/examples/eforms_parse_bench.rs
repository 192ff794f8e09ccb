//! eForms parse throughput (`bench/eforms-parse/run`): `clusterhub_watch::eforms::parse` over the
//! example notices, loaded into memory once and parsed in name order, round after round, until
//! `--size-mb` megabytes (10^6 bytes) have been parsed. One thread. Only the parse calls (and a
//! few additions per notice to count what they extracted) are timed.
//!
//! ```text
//! eforms_parse_bench --dir DIR [--size-mb 1000] [--per-file-ms 40] [--out results.json]
//! ```
//!
//! Writes JSON: bytes, seconds, MB/s, the summary of what was extracted over the timed run (the
//! Python peer must print the same figures: same notices in the same order), per-file summaries
//! and per-file MB/s.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clusterhub_watch::eforms;
use clusterhub_watch::notice::{Money, Notice};
use serde::Serialize;

/// What a parse extracted, as counts and sums both sides can compute the same way.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
struct Summary {
    notices: u64,
    lots: u64,
    buyers: u64,
    parties: u64,
    /// Main + additional CPV codes of the procedure and of every lot (not deduplicated).
    cpv: u64,
    /// Places of performance, procedure and lots.
    places: u64,
    /// (language, text) pairs: titles and descriptions of the procedure and lots, party names.
    texts: u64,
    awards: u64,
    winners: u64,
    links: u64,
    /// Lots with a deadline.
    deadlines: u64,
    /// Estimated values of the procedure and of the lots, in cents, whatever the currency.
    estimated_cents: i64,
    /// Awarded total plus the value of every award, in cents.
    awarded_cents: i64,
}

impl Summary {
    fn of(n: &Notice) -> Summary {
        let cents = |m: &Option<Money>| m.as_ref().map_or(0, |m| m.cents);
        let mut s = Summary {
            notices: 1,
            lots: n.lots.len() as u64,
            buyers: n.buyers.len() as u64,
            parties: n.parties.len() as u64,
            cpv: u64::from(n.cpv_main.is_some()) + n.cpv_additional.len() as u64,
            places: n.places.len() as u64,
            texts: (n.title.0.len() + n.description.0.len()) as u64,
            awards: n.awards.len() as u64,
            winners: 0,
            links: n.links.len() as u64,
            deadlines: 0,
            estimated_cents: cents(&n.estimated_value),
            awarded_cents: cents(&n.awarded_value),
        };
        for l in &n.lots {
            s.cpv += u64::from(l.cpv_main.is_some()) + l.cpv_additional.len() as u64;
            s.places += l.places.len() as u64;
            s.texts += (l.title.0.len() + l.description.0.len()) as u64;
            s.deadlines += u64::from(l.deadline.is_some());
            s.estimated_cents += cents(&l.estimated_value);
        }
        for p in &n.parties {
            s.texts += p.name.0.len() as u64;
        }
        for a in &n.awards {
            s.winners += a.winners.len() as u64;
            s.awarded_cents += cents(&a.value);
        }
        s
    }

    fn add(&mut self, o: &Summary) {
        self.notices += o.notices;
        self.lots += o.lots;
        self.buyers += o.buyers;
        self.parties += o.parties;
        self.cpv += o.cpv;
        self.places += o.places;
        self.texts += o.texts;
        self.awards += o.awards;
        self.winners += o.winners;
        self.links += o.links;
        self.deadlines += o.deadlines;
        self.estimated_cents += o.estimated_cents;
        self.awarded_cents += o.awarded_cents;
    }
}

#[derive(Serialize)]
struct FileResult {
    name: String,
    bytes: usize,
    summary: Summary,
    /// Throughput on this file alone, parsed over and over for `--per-file-ms`.
    mb_per_s: f64,
}

#[derive(Serialize)]
struct Output {
    engine: &'static str,
    files: usize,
    bytes_per_round: usize,
    target_bytes: u64,
    bytes: u64,
    seconds: f64,
    mb_per_s: f64,
    /// CPU time of the parsing thread over the timed run, and the time it waited, runnable, for
    /// a core (`/proc/thread-self/schedstat`; `null` where that file does not exist).
    cpu_seconds: Option<f64>,
    wait_seconds: Option<f64>,
    mb_per_cpu_s: Option<f64>,
    notices_per_s: f64,
    summary: Summary,
    per_file: Vec<FileResult>,
    /// Example notices the parser refused (left out of the run).
    refused: Vec<Refused>,
}

#[derive(Serialize)]
struct Refused {
    name: String,
    error: String,
}

struct Args {
    dir: PathBuf,
    size_mb: u64,
    per_file_ms: u64,
    out: Option<PathBuf>,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        dir: PathBuf::from("../shared/data/eforms/examples/notices"),
        size_mb: 1000,
        per_file_ms: 40,
        out: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--dir" => a.dir = value()?.into(),
            "--size-mb" => a.size_mb = value()?.parse().map_err(|e| format!("--size-mb: {e}"))?,
            "--per-file-ms" => {
                a.per_file_ms = value()?
                    .parse()
                    .map_err(|e| format!("--per-file-ms: {e}"))?
            }
            "--out" => a.out = Some(value()?.into()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

/// The valid example notices (`INVALID_*` left out), sorted by name.
fn load(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if name.ends_with(".xml") && !name.starts_with("INVALID_") {
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            files.push((name, bytes));
        }
    }
    files.sort();
    Ok(files)
}

/// (CPU time, time waiting for a CPU) of this thread so far, in seconds.
fn schedstat() -> Option<(f64, f64)> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut f = s.split_whitespace().map(|v| v.parse::<u64>().ok());
    let cpu = f.next()??;
    let wait = f.next()??;
    Some((cpu as f64 / 1e9, wait as f64 / 1e9))
}

fn main() {
    if let Err(e) = run() {
        eprintln!("eforms_parse_bench: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let args = args()?;
    let files = load(&args.dir)?;
    if files.is_empty() {
        return Err(format!("no notices in {}", args.dir.display()));
    }
    eprintln!(
        "{} notices, {:.2} MB, target {} MB",
        files.len(),
        files.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6,
        args.size_mb
    );

    // Warm-up and check: what each notice gives is counted once; a notice the parser refuses is
    // reported and left out of the run (the Python peer then leaves it out too).
    let mut per_file = Vec::with_capacity(files.len());
    let mut refused = Vec::new();
    let mut kept = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        match eforms::parse(&bytes) {
            Ok(notice) => {
                per_file.push(FileResult {
                    name: name.clone(),
                    bytes: bytes.len(),
                    summary: Summary::of(&notice),
                    mb_per_s: 0.0,
                });
                kept.push((name, bytes));
            }
            Err(e) => {
                eprintln!("refused: {name}: {e}");
                refused.push(Refused {
                    name,
                    error: e.to_string(),
                });
            }
        }
    }
    let files = kept;
    if files.is_empty() {
        return Err("the parser refused every notice".into());
    }
    let round: usize = files.iter().map(|(_, b)| b.len()).sum();

    // The timed run: rounds over the files in name order until the target is reached.
    let target = args.size_mb * 1_000_000;
    let mut parsed: u64 = 0;
    let mut summary = Summary::default();
    let sched_start = schedstat();
    let start = Instant::now();
    'rounds: loop {
        for (_, bytes) in &files {
            let notice = match eforms::parse(black_box(bytes)) {
                Ok(n) => n,
                Err(e) => return Err(e.to_string()),
            };
            summary.add(&Summary::of(&notice));
            black_box(notice);
            parsed += bytes.len() as u64;
            if parsed >= target {
                break 'rounds;
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let sched = schedstat()
        .zip(sched_start)
        .map(|((cpu, wait), (cpu0, wait0))| (cpu - cpu0, wait - wait0));
    let mb_per_s = parsed as f64 / 1e6 / seconds;
    eprintln!(
        "ClusterHub (quick-xml): {:.1} MB in {seconds:.2} s = {mb_per_s:.1} MB/s, {} notices{}",
        parsed as f64 / 1e6,
        summary.notices,
        sched.map_or(String::new(), |(cpu, wait)| format!(
            " (CPU {cpu:.2} s, waited for a core {wait:.2} s)"
        ))
    );

    // Per file: each parsed over and over for a short while.
    let budget = Duration::from_millis(args.per_file_ms);
    for (f, (_, bytes)) in per_file.iter_mut().zip(&files) {
        let mut n = 0u64;
        let start = Instant::now();
        while n < 3 || start.elapsed() < budget {
            black_box(eforms::parse(black_box(bytes)).map_err(|e| e.to_string())?);
            n += 1;
        }
        f.mb_per_s = (n * bytes.len() as u64) as f64 / 1e6 / start.elapsed().as_secs_f64();
    }

    let out = Output {
        engine: "clusterhub",
        files: files.len(),
        bytes_per_round: round,
        target_bytes: target,
        bytes: parsed,
        seconds,
        mb_per_s,
        cpu_seconds: sched.map(|s| s.0),
        wait_seconds: sched.map(|s| s.1),
        mb_per_cpu_s: sched.map(|s| parsed as f64 / 1e6 / s.0),
        notices_per_s: summary.notices as f64 / seconds,
        summary,
        per_file,
        refused,
    };
    let json = serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?;
    match &args.out {
        Some(path) => std::fs::write(path, json).map_err(|e| format!("{}: {e}", path.display()))?,
        None => println!("{json}"),
    }
    Ok(())
}
