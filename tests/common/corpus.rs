//! The clean reports of `tests/fixtures/corpus/clean/`: correct reports of
//! every genre the tool is for, written for the tests (modelled on real
//! ones, never copied), which no rule may flag.
#![allow(dead_code)]

use std::path::Path;

use report_lsp::engine::DocumentKind;

pub struct Report {
    pub name: String,
    pub text: String,
    pub kind: DocumentKind,
}

pub fn clean_reports() -> Vec<Report> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/clean");
    let mut reports: Vec<Report> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.expect("corpus entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            Report {
                text: std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}")),
                kind: DocumentKind::from_path(&name),
                name,
            }
        })
        .collect();
    reports.sort_by(|a, b| a.name.cmp(&b.name));
    reports
}
