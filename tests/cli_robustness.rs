//! The command line on input that is not a report: unreadable, binary,
//! looping, dangling, huge. Each bad path gets a clear error naming it,
//! the other paths are still checked, and the exit code is 2 only because
//! input failed. (tests/cli.rs covers a missing file, one PNG, undecodable
//! bytes and a directory symlink loop; this extends those.)

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// A path whose reading fails even for root: on Linux, reading
/// `/proc/self/mem` at offset 0 is an I/O error for every user
/// (`chmod 000` does not stop root, and the tests run as root).
#[cfg(target_os = "linux")]
fn unreadable(dir: &TempDir, name: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::os::unix::fs::symlink("/proc/self/mem", &p).unwrap();
    p
}

/// `len` bytes of zeros without using the disk (a sparse file).
fn sparse(dir: &TempDir, name: &str, len: u64) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::File::create(&p).unwrap().set_len(len).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The error lines, one per bad path.
fn error_lines(err: &str) -> Vec<&str> {
    err.lines().filter(|l| l.contains("错误")).collect()
}

#[cfg(target_os = "linux")]
#[test]
fn a_directory_of_good_and_bad_files_checks_the_good_and_names_the_bad() {
    let dir = TempDir::new("mixed");
    dir.write("a_good.txt", "召开XX会议。\n");
    dir.write("b_clean.md", "# 标题\n\n正常内容。\n");
    dir.write("c_binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00");
    dir.write(
        "d_gbk.txt",
        b"\xd5\xf7\xbc\xaf\xd5\xf7\xbc\xaf\xd2\xe2\xbc\xfb\xa1\xa3\n",
    ); // 征集征集意见。
    dir.write("e_bad_bom.txt", b"\xff\xfe\x41");
    dir.write("f_bad_utf8_bom.md", b"\xef\xbb\xbf\xff\xfe");
    let unreadable = unreadable(&dir, "g_unreadable.txt");
    std::os::unix::fs::symlink(
        dir.path().join("nowhere.txt"),
        dir.path().join("h_dangling.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink("i_self.txt", dir.path().join("i_self.txt")).unwrap();
    sparse(&dir, "j_huge.txt", report_lsp::decode::MAX_BYTES as u64 + 1);
    dir.write("k_last.txt", "征集征集意见。\n");

    let out = run(&["check", s(dir.path())]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    let err = stderr(&out);
    // Every good file checked, in order, the bad ones between them no obstacle.
    assert!(
        text.contains("a_good.txt:1:3: warning[placeholder]"),
        "{text}"
    );
    assert!(
        text.contains("d_gbk.txt:1:3: warning[repeated-word]"),
        "{text}"
    );
    assert!(
        text.contains("k_last.txt:1:3: warning[repeated-word]"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 3, "{text}");
    // One clear error per bad path, naming it.
    for (name, why) in [
        ("c_binary.txt", "二进制"),
        ("e_bad_bom.txt", "UTF-16LE"),
        ("f_bad_utf8_bom.md", "UTF-8"),
        ("g_unreadable.txt", "无法读取"),
        ("h_dangling.txt", ""),
        ("i_self.txt", ""),
        ("j_huge.txt", "文件过大"),
    ] {
        let line = err.lines().find(|l| l.contains(name));
        let line = line.unwrap_or_else(|| panic!("no error for {name}:\n{err}"));
        assert!(line.contains(why), "{name}: {line}");
    }
    assert_eq!(error_lines(&err).len(), 7, "{err}");
    assert!(err.contains("检查了 4 个文件"), "{err}");

    // The same as JSON: a valid array of the good files' findings.
    let out = run(&["check", "--format", "json", s(dir.path())]);
    assert_eq!(out.status.code(), Some(2));
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON despite errors");
    assert_eq!(findings.len(), 3);
    assert!(stdout(&out).trim_start().starts_with('['));

    // Explicit paths: the unreadable one and a good one.
    let good = dir.path().join("a_good.txt");
    let out = run(&["check", s(&unreadable), s(&good)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("g_unreadable.txt: 无法读取"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("a_good.txt:1:3"));
}

#[test]
fn exit_code_two_only_when_input_failed() {
    let dir = TempDir::new("exit");
    let clean = dir.write("clean.txt", "正常内容。\n");
    let finding = dir.write("finding.txt", "召开XX会议。\n");
    let binary = dir.write("binary.txt", b"\0\0\0\0");
    assert_eq!(run(&["check", s(&clean)]).status.code(), Some(0));
    assert_eq!(
        run(&["check", s(&clean), s(&finding)]).status.code(),
        Some(1)
    );
    assert_eq!(
        run(&["check", s(&clean), s(&binary)]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["check", s(&finding), s(&binary)]).status.code(),
        Some(2)
    );
    // The same bad path twice: named twice, the rest still checked.
    let out = run(&["check", s(&binary), s(&finding), s(&binary)]);
    assert_eq!(error_lines(&stderr(&out)).len(), 2);
    assert!(stdout(&out).contains("finding.txt:1:3"));
    // stdin is a path like any other.
    let out = run_in(&["check", "-", s(&finding)], Some(b"\x89PNG\0\0"), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("<stdin>"), "{}", stderr(&out));
    assert!(stdout(&out).contains("finding.txt:1:3"));
    let out = run_in(&["check", "-"], Some("召开XX会议。".as_bytes()), None);
    assert_eq!(out.status.code(), Some(1));
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_errors_not_hangs() {
    let dir = TempDir::new("links");
    dir.write("a.txt", "召开XX会议。\n");
    // Two links pointing at each other, and a directory loop two deep.
    std::os::unix::fs::symlink("y.txt", dir.path().join("x.txt")).unwrap();
    std::os::unix::fs::symlink("x.txt", dir.path().join("y.txt")).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("sub/up")).unwrap();
    let started = Instant::now();
    let out = run(&["check", s(dir.path())]);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("x.txt") && err.contains("y.txt"), "{err}");
    assert!(err.contains("循环"), "{err}");
    assert_eq!(stdout(&out).lines().count(), 1, "{}", stdout(&out));
    // Explicitly, too.
    let out = run(&[
        "check",
        s(&dir.path().join("x.txt")),
        s(&dir.path().join("a.txt")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("x.txt: 无法读取"), "{}", stderr(&out));
    assert!(stdout(&out).contains("a.txt:1:3"));
}

#[test]
fn a_file_over_the_size_limit_is_refused_by_name() {
    let dir = TempDir::new("huge");
    let huge = sparse(&dir, "huge.md", report_lsp::decode::MAX_BYTES as u64 + 1);
    let good = dir.write("good.txt", "召开XX会议。\n");
    let out = run(&["check", s(&huge), s(&good)]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("huge.md: 文件过大"), "{err}");
    assert!(stdout(&out).contains("good.txt:1:3"));
    let out = run(&["outline", s(&huge)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("文件过大"));
}

#[test]
fn outline_of_bad_input_is_an_error_naming_it() {
    let dir = TempDir::new("outline-bad");
    let binary = dir.write("b.txt", b"\x00\x01\x02");
    let out = run(&["outline", s(&binary)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("b.txt") && stderr(&out).contains("二进制"));
    let out = run(&["outline", s(dir.path())]);
    assert_eq!(out.status.code(), Some(2), "a directory is not a report");
    assert!(stderr(&out).contains(s(dir.path())), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

/// Runs the CLI with a deadline; `None` if it had to be killed.
fn run_with_deadline(args: &[&str], deadline: Duration) -> Option<std::process::Output> {
    let mut child = Command::new(bin())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while start.elapsed() < deadline {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// Bug (src/cli/mod.rs `read_input`): the whole file is read before the
/// 64 MiB limit is checked, so a device or a pipe that never ends
/// (`/dev/zero`, a named pipe nobody writes, `<(yes)`) makes `check` hang
/// and grow without bound. Expected: refuse what is not a regular file,
/// and never read more than MAX_BYTES + 1.
#[cfg(unix)]
#[test]
fn endless_input_is_refused_not_read_for_ever() {
    let out = run_with_deadline(&["check", "/dev/zero"], Duration::from_secs(10))
        .expect("check /dev/zero still running after 10 s");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/dev/zero"));
}

/// Bug (same place): a sparse file of many GiB is read into memory in
/// full (std::fs::read preallocates its length) before being refused as
/// too large. Expected: refused from its metadata at once.
#[test]
fn a_sparse_file_of_many_gigabytes_is_refused_without_reading_it() {
    let dir = TempDir::new("sparse");
    let huge = sparse(&dir, "huge.txt", 16 << 30);
    let out = run_with_deadline(&["check", s(&huge)], Duration::from_secs(5))
        .expect("check of a 16 GiB sparse file still running after 5 s");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("文件过大"));
}
