//! Stack matching of paired marks within a paragraph, shared by
//! `unbalanced-quote` and `unbalanced-bracket`.

/// What is wrong with one mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// An opener never closed. `at` is its byte offset.
    Unclosed { at: usize, open: char },
    /// A closer with no opener.
    Stray { at: usize, close: char },
    /// `open` at `open_at` is closed by the wrong `close` at `at`; the
    /// closer should be `expected`.
    Mismatch {
        open_at: usize,
        open: char,
        at: usize,
        close: char,
        expected: char,
        /// How many openers enclose the opener: 0 at the top level.
        depth: usize,
    },
}

pub struct Pairs {
    pub pairs: &'static [(char, char)],
    /// Closers that are another width of the expected one: `（说明)`.
    pub variants: &'static [(char, char)],
}

impl Pairs {
    pub fn closer_of(&self, open: char) -> Option<char> {
        self.pairs.iter().find(|p| p.0 == open).map(|p| p.1)
    }

    fn opener_of(&self, close: char) -> Option<char> {
        self.pairs.iter().find(|p| p.1 == close).map(|p| p.0)
    }

    fn is_variant(&self, expected: char, got: char) -> bool {
        self.variants
            .iter()
            .any(|&(a, b)| (a, b) == (expected, got) || (b, a) == (expected, got))
    }

    /// Matches the marks of `text`. `skip(i, c)` drops a mark that is not
    /// meant as one (an apostrophe, a list marker `1）`); it sees the stack
    /// top so a closer that does match can still be counted.
    pub fn check(
        &self,
        text: &str,
        mut skip: impl FnMut(usize, char, Option<char>) -> bool,
    ) -> (Vec<Problem>, Vec<(usize, char)>) {
        let mut stack: Vec<(usize, char)> = Vec::new();
        let mut problems = Vec::new();
        let is_mark = |c: char| self.closer_of(c).is_some() || self.opener_of(c).is_some();
        for (i, c) in text.char_indices() {
            // Most characters are Han, and no mark is: skip them without
            // scanning the pairs (whether the compiler folds the pair table
            // into the loop depends on inlining, not on anything here).
            if crate::engine::chars::is_han(c) {
                continue;
            }
            let is_open = self.closer_of(c).is_some();
            let is_close = self.opener_of(c).is_some();
            if !is_open && !is_close {
                continue;
            }
            if skip(i, c, stack.last().map(|s| s.1)) {
                continue;
            }
            if is_open {
                stack.push((i, c));
                continue;
            }
            let Some(&(open_at, open)) = stack.last() else {
                problems.push(Problem::Stray { at: i, close: c });
                continue;
            };
            let expected = self.closer_of(open).unwrap_or(c);
            if expected == c {
                stack.pop();
            } else if self.is_variant(expected, c) {
                stack.pop();
                problems.push(Problem::Mismatch {
                    open_at,
                    open,
                    at: i,
                    close: c,
                    expected,
                    depth: stack.len(),
                });
            } else if let Some(depth) = stack
                .iter()
                .rposition(|&(_, o)| self.closer_of(o) == Some(c))
            {
                // Close the matching opener further down; what was opened
                // above it was never closed.
                for (at, open) in stack.drain(depth..).skip(1) {
                    problems.push(Problem::Unclosed { at, open });
                }
            } else if text[i + c.len_utf8()..].chars().find(|&n| is_mark(n)) == Some(expected) {
                // The innermost opener is closed right after: this closer
                // lost its own opener (`《条例试行）》`).
                problems.push(Problem::Stray { at: i, close: c });
            } else {
                // No opener of this kind anywhere: the closer was mistyped
                // (`“好’`), so it closes the innermost opener.
                stack.pop();
                problems.push(Problem::Mismatch {
                    open_at,
                    open,
                    at: i,
                    close: c,
                    expected,
                    depth: stack.len(),
                });
            }
        }
        (problems, stack)
    }
}
