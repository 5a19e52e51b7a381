//! The roster (人员名单): the people a report names, from the user's
//! configuration only. Names and posts are the most serious class of
//! error in a 公文. A name that differs from a listed name in one character
//! by a homophone or a look-alike (`王建君` for `王建军`) is a `typo`; a
//! listed post written right before or after another listed person's name
//! (`局长王建军` when 局长 is someone else's post) is a `word-choice` finding.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use super::generated::CONFUSABLE;
use crate::engine::segment;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub posts: Vec<String>,
}

#[derive(Default)]
pub struct Roster {
    pub people: Vec<Person>,
    /// Names one character off, each standing for its person.
    near: Option<AhoCorasick>,
    near_person: Vec<u32>,
    /// The names as written.
    exact: Option<AhoCorasick>,
}

/// What a roster hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RosterHit {
    /// A near name of `person`.
    Name { person: u32 },
    /// The post `post` of `owner`, next to the name of `named`.
    Post { named: u32, owner: u32, post: u16 },
}

fn confusable(c: char) -> &'static str {
    CONFUSABLE
        .binary_search_by_key(&c, |&(k, _)| k)
        .map_or("", |i| CONFUSABLE[i].1)
}

impl Roster {
    pub fn new(people: Vec<Person>) -> Roster {
        let people: Vec<Person> = people
            .into_iter()
            .filter(|p| p.name.chars().count() >= 2)
            .collect();
        if people.is_empty() {
            return Roster::default();
        }
        let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
        let mut near: Vec<String> = Vec::new();
        let mut near_person = Vec::new();
        for (i, p) in people.iter().enumerate() {
            let chars: Vec<char> = p.name.chars().collect();
            for (k, &c) in chars.iter().enumerate() {
                for s in confusable(c).chars() {
                    let mut v = chars.clone();
                    v[k] = s;
                    let v: String = v.into_iter().collect();
                    // Another listed person, or an ordinary word (李明 → 黎明).
                    if names.contains(&v.as_str()) || segment::has_word(&v) || near.contains(&v) {
                        continue;
                    }
                    near.push(v);
                    near_person.push(i as u32);
                }
            }
        }
        let build = |patterns: &[&str]| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(patterns)
                .ok()
        };
        let near_refs: Vec<&str> = near.iter().map(String::as_str).collect();
        Roster {
            near: if near.is_empty() {
                None
            } else {
                build(&near_refs)
            },
            exact: build(&names),
            near_person,
            people,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// Near names and misplaced posts in a paragraph.
    pub fn scan(&self, text: &str, mut found: impl FnMut(Range<usize>, RosterHit)) {
        if let Some(near) = &self.near {
            for m in near.find_iter(text) {
                let person = self.near_person[m.pattern().as_usize()];
                found(m.range(), RosterHit::Name { person });
            }
        }
        let Some(exact) = &self.exact else { return };
        for m in exact.find_iter(text) {
            let named = m.pattern().as_usize();
            let own = &self.people[named].posts;
            for (owner, p) in self.people.iter().enumerate() {
                if owner == named {
                    continue;
                }
                for (k, post) in p.posts.iter().enumerate() {
                    if post.is_empty() || own.contains(post) {
                        continue;
                    }
                    let range = if text[..m.start()].ends_with(post.as_str()) {
                        m.start() - post.len()..m.start()
                    } else if text[m.end()..].starts_with(post.as_str()) {
                        m.end()..m.end() + post.len()
                    } else {
                        continue;
                    };
                    found(
                        range,
                        RosterHit::Post {
                            named: named as u32,
                            owner: owner as u32,
                            post: k as u16,
                        },
                    );
                }
            }
        }
    }
}
