//! The scheduler's promises: never a broken rule (seeded random instances, locked meetings
//! included), the optimum on tiny instances (against brute force), every bad input named.

use clusterhub_matchmaking::{
    Instance, Meeting, Options, Placement, Problem, first_fit, schedule, verify,
};

/// A small deterministic generator (xorshift), so the tests need no crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn random_instance(
    seed: u64,
    people: u32,
    meetings: usize,
    slots: u16,
    tables: u16,
    weighted: bool,
) -> Instance {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut inst = Instance::uniform(people, slots, tables);
    for a in inst.availability.iter_mut() {
        *a &= rng.next() | rng.next();
    }
    if slots > 1 {
        inst.tables[usize::from(slots) - 1] = tables / 2;
    }
    let mut seen = std::collections::HashSet::new();
    let mut tries = 0;
    while inst.meetings.len() < meetings && tries < meetings * 50 {
        tries += 1;
        let a = rng.below(u64::from(people)) as u32;
        let b = rng.below(u64::from(people)) as u32;
        if a == b || !seen.insert((a.min(b), a.max(b))) {
            continue;
        }
        let weight = if weighted { 1 + rng.below(4) as u32 } else { 1 };
        inst.meetings.push(Meeting {
            a,
            b,
            weight,
            locked: None,
        });
    }
    inst
}

#[test]
fn random_instances_never_break_a_rule() {
    for seed in 0..40 {
        let people = 5 + (seed as u32 * 7) % 60;
        let mut inst = random_instance(
            seed,
            people,
            people as usize * 4,
            3 + (seed % 10) as u16,
            1 + (seed % 6) as u16,
            seed % 2 == 0,
        );
        // Lock the first-fit placement of a few meetings: a valid set of locks.
        let ff = first_fit(&inst).expect("valid");
        for (i, at) in ff.assigned.iter().enumerate().filter(|(i, _)| i % 5 == 0) {
            inst.meetings[i].locked = *at;
        }
        assert_eq!(inst.check(), Ok(()));
        for s in [
            schedule(&inst, &Options::default()).expect("valid"),
            first_fit(&inst).expect("valid"),
        ] {
            assert_eq!(verify(&inst, &s.assigned), vec![], "seed {seed}");
            assert_eq!(s.held, s.assigned.iter().flatten().count());
            let w: u64 = inst
                .meetings
                .iter()
                .zip(&s.assigned)
                .filter(|(_, a)| a.is_some())
                .map(|(m, _)| u64::from(m.weight))
                .sum();
            assert_eq!(s.weight, w);
        }
    }
}

#[test]
fn deterministic_for_a_seed() {
    let inst = random_instance(7, 40, 200, 6, 5, true);
    let opts = Options::default();
    assert_eq!(schedule(&inst, &opts), schedule(&inst, &opts));
}

#[test]
fn never_worse_than_first_fit() {
    for seed in 0..20 {
        let inst = random_instance(100 + seed, 50, 250, 8, 6, seed % 2 == 1);
        let ours = schedule(&inst, &Options::default()).expect("valid");
        let ff = first_fit(&inst).expect("valid");
        assert!(
            ours.weight >= ff.weight,
            "seed {seed}: {} < {}",
            ours.weight,
            ff.weight
        );
    }
}

/// The best total weight by trying every slot (or none) for every meeting.
fn brute_force(inst: &Instance) -> u64 {
    fn go(inst: &Instance, i: usize, busy: &mut Vec<u64>, load: &mut Vec<u16>) -> u64 {
        let Some(m) = inst.meetings.get(i) else {
            return 0;
        };
        let mut best = go(inst, i + 1, busy, load);
        let (a, b) = (m.a as usize, m.b as usize);
        let free = inst.availability[a] & inst.availability[b] & !busy[a] & !busy[b];
        for s in 0..inst.tables.len() {
            if free >> s & 1 == 1 && load[s] < inst.tables[s] {
                busy[a] |= 1 << s;
                busy[b] |= 1 << s;
                load[s] += 1;
                best = best.max(u64::from(m.weight) + go(inst, i + 1, busy, load));
                busy[a] &= !(1 << s);
                busy[b] &= !(1 << s);
                load[s] -= 1;
            }
        }
        best
    }
    go(
        inst,
        0,
        &mut vec![0; inst.participants as usize],
        &mut vec![0; inst.tables.len()],
    )
}

#[test]
fn optimal_on_tiny_instances() {
    for seed in 0..60 {
        let inst = random_instance(500 + seed, 6, 9, 3, 2, seed % 2 == 0);
        let ours = schedule(&inst, &Options::default()).expect("valid");
        assert_eq!(ours.weight, brute_force(&inst), "seed {seed}");
    }
}

#[test]
fn locked_meetings_stay_and_rerun_plans_around_them() {
    let mut inst = Instance::uniform(3, 2, 1);
    inst.meetings = vec![
        Meeting {
            a: 0,
            b: 1,
            weight: 1,
            locked: Some(Placement { slot: 1, table: 0 }),
        },
        Meeting {
            a: 1,
            b: 2,
            weight: 1,
            locked: None,
        },
        Meeting {
            a: 0,
            b: 2,
            weight: 1,
            locked: None,
        },
    ];
    let s = schedule(&inst, &Options::default()).expect("valid");
    assert_eq!(s.assigned[0], Some(Placement { slot: 1, table: 0 }));
    assert_eq!(s.held, 2);
    assert_eq!(verify(&inst, &s.assigned), vec![]);
}

#[test]
fn ejection_chain_finds_room() {
    // One table per slot. The heavier 0–1 goes first and takes slot 0 (both free, first of
    // equals); 0–2 can only be in slot 0, so it fits only if a chain moves 0–1 to slot 1.
    // Restarts and the exact search are off: the chain alone must find it.
    let mut inst = Instance::uniform(3, 2, 1);
    inst.availability = vec![0b11, 0b11, 0b01];
    inst.meetings = vec![
        Meeting {
            a: 0,
            b: 1,
            weight: 2,
            locked: None,
        },
        Meeting {
            a: 0,
            b: 2,
            weight: 1,
            locked: None,
        },
    ];
    let greedy_only = Options {
        max_rounds: 0,
        restarts: 0,
        exact_nodes: 0,
        ..Options::default()
    };
    assert_eq!(schedule(&inst, &greedy_only).expect("valid").weight, 2);
    let chains = Options {
        restarts: 0,
        exact_nodes: 0,
        ..Options::default()
    };
    let s = schedule(&inst, &chains).expect("valid");
    assert_eq!(s.weight, 3, "{s:?}");
    assert_eq!(s.assigned[1], Some(Placement { slot: 0, table: 0 }));
    assert_eq!(s.assigned[0], Some(Placement { slot: 1, table: 0 }));
    assert_eq!(brute_force(&inst), 3);
}

#[test]
fn bad_input_is_named() {
    let mut inst = Instance::uniform(3, 0, 2);
    assert_eq!(
        schedule(&inst, &Options::default()),
        Err(vec![Problem::NoSlots])
    );
    inst = Instance::uniform(3, 65, 1);
    assert_eq!(inst.check(), Err(vec![Problem::TooManySlots { slots: 65 }]));
    inst = Instance::uniform(3, 2, 0);
    assert_eq!(inst.check(), Err(vec![Problem::NoTables]));

    let mut inst = Instance::uniform(3, 2, 1);
    inst.availability[1] = 0b100;
    inst.availability.push(0);
    inst.meetings = vec![
        Meeting {
            a: 0,
            b: 0,
            weight: 1,
            locked: None,
        },
        Meeting {
            a: 0,
            b: 7,
            weight: 0,
            locked: None,
        },
        Meeting {
            a: 0,
            b: 2,
            weight: 1,
            locked: Some(Placement { slot: 5, table: 0 }),
        },
        Meeting {
            a: 0,
            b: 2,
            weight: 1,
            locked: Some(Placement { slot: 0, table: 3 }),
        },
    ];
    assert_eq!(
        inst.check(),
        Err(vec![
            Problem::AvailabilityCount {
                expected: 3,
                got: 4
            },
            Problem::AvailabilityOutOfRange {
                participant: 1,
                slots: 2,
                bits: 0b100
            },
            Problem::SelfMeeting {
                meeting: 0,
                participant: 0
            },
            Problem::UnknownParticipant {
                meeting: 1,
                participant: 7
            },
            Problem::ZeroWeight { meeting: 1 },
            Problem::LockedSlotOutOfRange {
                meeting: 2,
                slot: 5
            },
            Problem::LockedTableOutOfRange {
                meeting: 3,
                slot: 0,
                table: 3,
                tables: 1
            },
        ])
    );

    let mut inst = Instance::uniform(4, 2, 2);
    inst.availability[3] = 0b10;
    inst.meetings = vec![
        Meeting {
            a: 0,
            b: 1,
            weight: 1,
            locked: Some(Placement { slot: 0, table: 0 }),
        },
        Meeting {
            a: 2,
            b: 3,
            weight: 1,
            locked: Some(Placement { slot: 0, table: 0 }),
        },
        Meeting {
            a: 1,
            b: 2,
            weight: 1,
            locked: Some(Placement { slot: 1, table: 1 }),
        },
        Meeting {
            a: 1,
            b: 3,
            weight: 1,
            locked: Some(Placement { slot: 1, table: 0 }),
        },
    ];
    assert_eq!(
        inst.check(),
        Err(vec![
            Problem::LockedTableTaken {
                meeting: 1,
                first: 0,
                slot: 0,
                table: 0
            },
            Problem::LockedUnavailable {
                meeting: 1,
                slot: 0,
                participant: 3
            },
            Problem::LockedPersonTwice {
                meeting: 3,
                first: 2,
                slot: 1,
                participant: 1
            },
        ])
    );
    let messages: Vec<String> = inst
        .check()
        .err()
        .unwrap_or_default()
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(
        messages[0],
        "meetings 0 and 1 are both locked at table 0 of slot 0"
    );
}

#[test]
fn instance_reads_from_json() {
    let inst: Instance = serde_json::from_str(
        r#"{"participants":2,"tables":[1,1],"availability":[3,2],"meetings":[{"a":0,"b":1,"weight":2}]}"#,
    )
    .expect("json");
    let s = schedule(&inst, &Options::default()).expect("valid");
    assert_eq!(s.assigned, vec![Some(Placement { slot: 1, table: 0 })]);
    assert_eq!(s.weight, 2);
}

#[test]
fn small_events_are_proved_optimal_and_closed_slots_stay_empty() {
    let mut inst = random_instance(9, 8, 14, 4, 2, true);
    inst.tables[2] = 0; // a lunch break
    let s = schedule(&inst, &Options::default()).expect("valid");
    assert!(s.optimal);
    assert_eq!(s.weight, brute_force(&inst));
    assert!(s.assigned.iter().flatten().all(|p| p.slot != 2));
    assert_eq!(verify(&inst, &s.assigned), vec![]);
}
