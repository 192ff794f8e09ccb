//! Benchmark side of `bench/matchmaking/run`: reads an instance (JSON, as written by
//! `bench/matchmaking/gen.py`), times ClusterHub's scheduler and the greedy first-fit on it
//! (best of a few runs, each at least once), and writes both schedules with their times as JSON.
//!
//!     cargo run --release -p clusterhub-matchmaking --example matchmaking_bench -- IN.json OUT.json

use clusterhub_matchmaking::{Instance, Options, Schedule, first_fit, schedule};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        return Err("usage: matchmaking_bench IN.json OUT.json".into());
    };
    let inst: Instance = serde_json::from_str(&std::fs::read_to_string(input)?)?;
    let mut opts = Options::default();
    // Knobs for experiments: MM_DEPTH, MM_NODES, MM_ROUNDS, MM_RESTARTS (on
    // any instance, without the exact search).
    let knob = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    if let Some(v) = knob("MM_DEPTH") {
        opts.depth = v as u32;
    }
    if let Some(v) = knob("MM_NODES") {
        opts.nodes_per_search = v as u32;
    }
    if let Some(v) = knob("MM_RESTARTS") {
        opts.restarts = v as u32;
        opts.restart_below = usize::MAX;
        opts.exact_nodes = 0;
    }
    if let Some(v) = knob("MM_ROUNDS") {
        opts.max_rounds = v as u32;
    }
    let ours = timed(|| schedule(&inst, &opts))?;
    let greedy = timed(|| first_fit(&inst))?;
    let out = serde_json::json!({
        "clusterhub": report(&ours),
        "first_fit": report(&greedy),
    });
    std::fs::write(output, serde_json::to_string(&out)?)?;
    Ok(())
}

type Run = Result<Schedule, Vec<clusterhub_matchmaking::Problem>>;

/// Runs `f` until 5 runs or 2 s, keeps the fastest time (the result is the same every run).
fn timed(f: impl Fn() -> Run) -> Result<(Schedule, f64, usize), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let mut best = f64::INFINITY;
    let mut result = None;
    let mut runs = 0;
    while runs < 5 && (runs == 0 || started.elapsed().as_secs_f64() < 2.0) {
        let t = Instant::now();
        let r = f().map_err(|p| format!("{p:?}"))?;
        best = best.min(t.elapsed().as_secs_f64());
        result = Some(r);
        runs += 1;
    }
    let r = result.ok_or("no run")?;
    Ok((r, best, runs))
}

fn report((s, secs, runs): &(Schedule, f64, usize)) -> serde_json::Value {
    let assigned: Vec<Option<[u16; 2]>> = s
        .assigned
        .iter()
        .map(|a| a.map(|p| [p.slot, p.table]))
        .collect();
    serde_json::json!({
        "held": s.held,
        "weight": s.weight,
        "optimal": s.optimal,
        "seconds": secs,
        "runs": runs,
        "assigned": assigned,
    })
}
