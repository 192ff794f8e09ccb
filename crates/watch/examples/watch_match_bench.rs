//! Tender-matching benchmark, ClusterHub's side (driven by `bench/watch-match/run`).
//!
//! ```text
//! watch_match_bench --data DIR [--passes 3] [--naive 40] [--out FILE] [--pairs FILE]
//! watch_match_bench tokens IN OUT
//! ```
//!
//! Reads `DIR/profiles.jsonl` and `DIR/notices.jsonl` (written by `bench/watch-match/gen.py`),
//! builds the [`Matcher`] (timed), matches every notice against every profile on one thread
//! `--passes` times (timed), then once more on two threads, and runs the reference loop
//! ([`naive`]) on `--naive` notices spread over the file, which must give identical matches
//! (scores and reasons included). Writes the figures as JSON to `--out` and every matched
//! (profile, notice) pair, one `profile<TAB>notice` a line, to `--pairs`.
//!
//! `tokens` reads `lang<TAB>word` lines and writes `lang<TAB>word<TAB>tokens` (space-separated):
//! the analysis the peers are checked against.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clusterhub_watch::alert::{AlertProfile, Target};
use clusterhub_watch::matching::{Match, Matcher, Scratch, naive};
use clusterhub_watch::text::{Analysis, Tokens};

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("tokens") {
        let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
            return Err("usage: watch_match_bench tokens IN OUT".into());
        };
        return tokens(Path::new(input), Path::new(output));
    }
    let mut data = None;
    let mut passes = 3usize;
    let mut naive_n = 40usize;
    let mut out = None;
    let mut pairs = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--data" => data = Some(PathBuf::from(value()?)),
            "--passes" => passes = value()?.parse()?,
            "--naive" => naive_n = value()?.parse()?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "--pairs" => pairs = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let data = data.ok_or("--data DIR is required")?;
    let profiles: Vec<AlertProfile> = read_jsonl(&data.join("profiles.jsonl"))?;
    let notices: Vec<Target> = read_jsonl(&data.join("notices.jsonl"))?;
    eprintln!(
        "watch_match_bench: {} profiles, {} notices",
        profiles.len(),
        notices.len()
    );

    let t = Instant::now();
    let matcher = Matcher::new(profiles.clone());
    let build_s = t.elapsed().as_secs_f64();
    eprintln!(
        "  Matcher::new: {:.1} ms for {} profiles",
        build_s * 1e3,
        matcher.len()
    );

    // A first pass collects the pairs and statistics (not timed).
    let mut scratch = Scratch::new();
    let mut stats = Stats::default();
    let mut pairs_found: Vec<(i64, i64)> = Vec::new();
    for n in &notices {
        let ms = matcher.matches_with(n, &mut scratch);
        stats.add(&ms);
        pairs_found.extend(ms.iter().map(|m| (m.profile, n.id)));
    }
    let mut pass_s = Vec::new();
    let mut pass_cpu_s = Vec::new();
    let mut pass_wait_s = Vec::new();
    for pass in 0..passes.max(1) {
        let cpu = Sched::now();
        let t = Instant::now();
        let mut count = 0usize;
        for n in &notices {
            count += matcher.matches_with(n, &mut scratch).len();
        }
        let s = t.elapsed().as_secs_f64();
        let (cpu_s, wait_s) = cpu.since();
        eprintln!(
            "  pass {}: {:.3} s, {:.0} notices/s; {:.3} s on a core, {:.0} notices per CPU second, {:.3} s waiting for one ({count} matches)",
            pass + 1,
            s,
            notices.len() as f64 / s,
            cpu_s,
            notices.len() as f64 / cpu_s,
            wait_s,
        );
        pass_s.push(s);
        pass_cpu_s.push(cpu_s);
        pass_wait_s.push(wait_s);
    }
    let median = |v: &[f64]| {
        let mut sorted = v.to_vec();
        sorted.sort_by(f64::total_cmp);
        sorted[sorted.len() / 2]
    };
    let median_s = median(&pass_s);
    let best_s = pass_s.iter().copied().fold(f64::INFINITY, f64::min);
    let median_cpu_s = median(&pass_cpu_s);

    // Two threads sharing one Matcher (the machine has two cores, shared with everything else).
    let t = Instant::now();
    let half = notices.len().div_ceil(2);
    let two: usize = std::thread::scope(|sc| {
        let handles: Vec<_> = notices
            .chunks(half.max(1))
            .map(|chunk| {
                let m = &matcher;
                sc.spawn(move || {
                    let mut s = Scratch::new();
                    chunk
                        .iter()
                        .map(|n| m.matches_with(n, &mut s).len())
                        .sum::<usize>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    });
    let two_s = t.elapsed().as_secs_f64();

    let pair_count = pairs_found.len();
    if two != pair_count {
        return Err(format!("two threads found {two} matches, one thread {pair_count}").into());
    }

    // The reference loop on notices spread over the file.
    let k = naive_n.min(notices.len());
    let picks: Vec<usize> = (0..k).map(|i| i * notices.len() / k.max(1)).collect();
    let cpu = Sched::now();
    let t = Instant::now();
    let naive_all: Vec<Vec<Match>> = picks
        .iter()
        .map(|&i| naive(&profiles, &notices[i]))
        .collect();
    let naive_s = t.elapsed().as_secs_f64();
    let (naive_cpu_s, naive_wait_s) = cpu.since();
    let mut naive_diff = 0usize;
    let mut naive_pairs = 0usize;
    for (j, &i) in picks.iter().enumerate() {
        naive_pairs += naive_all[j].len();
        let fast = matcher.matches_with(&notices[i], &mut scratch);
        if naive_all[j] != fast {
            naive_diff += 1;
            if naive_diff <= 3 {
                eprintln!(
                    "  naive differs on notice {}: naive {:?}\n    matcher {:?}",
                    notices[i].id, naive_all[j], fast
                );
            }
        }
    }
    let naive_matcher_s = {
        let t = Instant::now();
        for &i in &picks {
            std::hint::black_box(matcher.matches_with(&notices[i], &mut scratch));
        }
        t.elapsed().as_secs_f64()
    };
    eprintln!(
        "  naive: {k} notices in {naive_s:.2} s ({:.2} notices/s), {} identical, {naive_diff} differ",
        k as f64 / naive_s,
        k - naive_diff
    );

    if let Some(path) = &pairs {
        let mut w = BufWriter::new(File::create(path)?);
        for (profile, notice) in &pairs_found {
            writeln!(w, "{profile}\t{notice}")?;
        }
        w.flush()?;
    }

    let rate = notices.len() as f64 / median_s;
    let naive_rate = k as f64 / naive_s;
    let cpu_rate = notices.len() as f64 / median_cpu_s;
    let naive_cpu_rate = k as f64 / naive_cpu_s;
    let json = serde_json::json!({
        "profiles": profiles.len(),
        "notices": notices.len(),
        "build_s": build_s,
        "passes_s": pass_s,
        "passes_cpu_s": pass_cpu_s,
        "passes_wait_s": pass_wait_s,
        "median_s": median_s,
        "median_cpu_s": median_cpu_s,
        "cpu_rate": cpu_rate,
        "best_s": best_s,
        "rate": rate,
        "best_rate": notices.len() as f64 / best_s,
        "two_threads_s": two_s,
        "two_threads_rate": notices.len() as f64 / two_s,
        "pairs": pair_count,
        "matched_notices": stats.matched_notices,
        "max_matches": stats.max_matches,
        "reasons": stats.reasons,
        "score_hist": stats.score_hist,
        "matches_with_reason": {
            "cpv": stats.by_reason[0],
            "nuts": stats.by_reason[1],
            "keyword": stats.by_reason[2],
            "innovation": stats.by_reason[3],
        },
        "naive": {
            "notices": k,
            "seconds": naive_s,
            "rate": naive_rate,
            "cpu_seconds": naive_cpu_s,
            "wait_seconds": naive_wait_s,
            "cpu_rate": naive_cpu_rate,
            "pairs": naive_pairs,
            "differ": naive_diff,
            "matcher_seconds_same_notices": naive_matcher_s,
            "notice_ids": picks.iter().map(|&i| notices[i].id).collect::<Vec<_>>(),
        },
        "ratio_naive": rate / naive_rate,
        "ratio_naive_cpu": cpu_rate / naive_cpu_rate,
        "peak_rss_mb": peak_rss_mb(),
    });
    let text = serde_json::to_string_pretty(&json)?;
    match &out {
        Some(path) => std::fs::write(path, text)?,
        None => println!("{text}"),
    }
    if naive_diff > 0 {
        return Err(format!("naive and Matcher differ on {naive_diff} notices").into());
    }
    Ok(())
}

#[derive(Default)]
struct Stats {
    matched_notices: usize,
    max_matches: usize,
    reasons: usize,
    score_hist: [usize; 10],
    /// Matches with at least one CPV, NUTS, keyword, innovation reason.
    by_reason: [usize; 4],
}

impl Stats {
    fn add(&mut self, ms: &[Match]) {
        use clusterhub_watch::matching::Reason;
        self.matched_notices += usize::from(!ms.is_empty());
        self.max_matches = self.max_matches.max(ms.len());
        for m in ms {
            self.reasons += m.reasons.len();
            self.score_hist[((m.score.clamp(1, 100) - 1) / 10) as usize] += 1;
            let mut seen = [false; 4];
            for r in &m.reasons {
                seen[match r {
                    Reason::Cpv { .. } => 0,
                    Reason::Nuts { .. } => 1,
                    Reason::Keyword { .. } => 2,
                    Reason::Innovation => 3,
                }] = true;
            }
            for (k, s) in seen.iter().enumerate() {
                self.by_reason[k] += usize::from(*s);
            }
        }
    }
}

fn read_jsonl<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, Error> {
    let mut out = Vec::new();
    for (i, line) in BufReader::new(File::open(path)?).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(&line)
                .map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?,
        );
    }
    Ok(out)
}

fn tokens(input: &Path, output: &Path) -> Result<(), Error> {
    let mut w = BufWriter::new(File::create(output)?);
    let mut t = Tokens::new();
    for line in BufReader::new(File::open(input)?).lines() {
        let line = line?;
        let Some((lang, word)) = line.split_once('\t') else {
            continue;
        };
        t.analyse(Analysis::for_lang(lang), word);
        writeln!(w, "{lang}\t{word}\t{}", t.to_vec().join(" "))?;
    }
    w.flush()?;
    Ok(())
}

/// The calling thread's time on a core and time waiting for one (`/proc/thread-self/schedstat`,
/// nanoseconds), so that a run on a busy machine can still be read. Zero where it is missing.
#[derive(Clone, Copy)]
struct Sched {
    run_ns: u64,
    wait_ns: u64,
}

impl Sched {
    fn now() -> Self {
        let text = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
        let mut f = text
            .split_whitespace()
            .map(|x| x.parse::<u64>().unwrap_or(0));
        Sched {
            run_ns: f.next().unwrap_or(0),
            wait_ns: f.next().unwrap_or(0),
        }
    }

    /// (seconds on a core, seconds waiting) since `self`.
    fn since(self) -> (f64, f64) {
        let now = Sched::now();
        (
            now.run_ns.saturating_sub(self.run_ns) as f64 / 1e9,
            now.wait_ns.saturating_sub(self.wait_ns) as f64 / 1e9,
        )
    }
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
