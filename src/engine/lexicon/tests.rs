//! The built-in packs test themselves: every entry's examples, both ways.

use super::*;

#[test]
fn built_in_packs_load_without_problems() {
    let b = &*BUILT_IN;
    assert!(b.problems.is_empty(), "{:#?}", b.problems);
    assert!(b.automaton.is_some());
    assert!(!b.entries.is_empty());
}

#[test]
fn every_built_in_entry_passes_its_own_examples() {
    let mut failed = Vec::new();
    for e in &BUILT_IN.entries {
        for f in selftest::failures(e) {
            failed.push(format!("{}:{}: {f}", e.origin.pack, e.origin.line));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn every_built_in_entry_names_its_source_and_has_an_example_to_flag() {
    for e in &BUILT_IN.entries {
        let at = format!("{}:{}", e.origin.pack, e.origin.line);
        assert!(!e.source.trim().is_empty(), "{at}: no source");
        assert!(!e.flag.is_empty(), "{at}: no example to flag");
        // An entry gated by its context must show a look-alike it leaves alone.
        assert!(
            !e.has_conditions() || !e.pass.is_empty(),
            "{at}: conditions without an example to pass"
        );
    }
}
