//! Who an article names and how it treats them: the people and organisations it names
//! most (or the targets a user asks about), each mention of them, and the tone toward
//! each (see `sentiment::target`).
//!
//! Finding them needs no tagger and no network: proper names are runs of capitalised
//! words ([`names`]); a surname or first name alone joins the one fuller name it is part
//! of ("Clinton" -> "Hillary Clinton"); a title marks a person ("Sen. Warren"); and
//! "he"/"she"/"his"/"her" stand for a person when exactly one person has been named in the
//! paragraph so far. [`find`] runs before the encoder, which then pools the sentiment
//! branch's states over each entity's mentions in a sentence; [`score`] reads them.

mod group;
pub mod names;
mod words;

use serde::{Deserialize, Serialize};

use std::ops::Range;

use crate::document::{Document, Entity, Mention, PersonInput, Probabilities, Span, TargetInput};
use crate::models::ModelError;
use crate::preprocess::clean::Cleaned;
use crate::sentiment::head::sentiment;
use crate::sentiment::target::TargetHead;

/// Which entities a document reports.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EntitySettings {
    /// Report the entities named most (the requested targets are always reported).
    pub enabled: bool,
    /// At most this many of the most-named entities.
    pub max: usize,
    /// An entity named fewer times than this (pronouns not counted) is left out.
    pub min_mentions: usize,
    /// Targets to report whatever their count: `NAME` or `NAME=ALIAS,ALIAS`
    /// (`"Xi Jinping=Xi,President Xi"`); matched as whole words, case-sensitively.
    pub targets: Vec<String>,
}

impl Default for EntitySettings {
    fn default() -> Self {
        EntitySettings {
            enabled: true,
            max: 5,
            min_mentions: 2,
            targets: Vec::new(),
        }
    }
}

/// A target asked for: its name and every form that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The name reported, as asked for.
    pub name: String,
    /// Other names that mean the same target (`--target "Xi Jinping=Xi,President Xi"`).
    pub aliases: Vec<String>,
}

impl Target {
    /// Parses `NAME` or `NAME=ALIAS,ALIAS`; the name is one of its own aliases.
    pub fn parse(spec: &str) -> Option<Target> {
        let (name, aliases) = spec.split_once('=').unwrap_or((spec, ""));
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        let mut all = vec![name.to_string()];
        for alias in aliases.split(',').map(str::trim).filter(|a| !a.is_empty()) {
            if !all.iter().any(|a| a == alias) {
                all.push(alias.to_string());
            }
        }
        Some(Target {
            name: name.to_string(),
            aliases: all,
        })
    }
}

/// One mention found in a sentence, before the entities are chosen.
#[derive(Debug, Clone)]
struct Found {
    /// Flat sentence index.
    sentence: usize,
    /// Bytes of the sentence's cleaned text.
    range: std::ops::Range<usize>,
    /// Which group (see `group`) it belongs to.
    group: usize,
    pronoun: bool,
}

/// Finds the entities of `doc` (segmented), with the targets of `settings` and of the
/// document ([`Document::targets`]), and writes [`Document::entities`] and each
/// sentence's [`TargetInput`]s. A sentence whose cleaned text cannot be aligned again is
/// skipped (its mentions are not reported rather than reported at wrong offsets).
pub fn find(doc: &mut Document, settings: &EntitySettings) {
    let mut targets: Vec<Target> = Vec::new();
    for target in settings.targets.iter().chain(&doc.targets) {
        match Target::parse(target) {
            Some(t) if !targets.iter().any(|o| o.name == t.name) => targets.push(t),
            Some(_) => {}
            None => doc.warnings.push(format!(
                "target {target:?} has no name before '=': left out"
            )),
        }
    }
    if !settings.enabled && targets.is_empty() {
        return;
    }
    let mut sentences = Vec::new();
    for (b, block) in doc.blocks.iter().enumerate() {
        for s in &block.sentences {
            let cleaned = Cleaned::new(&doc.text, s.span);
            sentences.push((b, (cleaned.text == s.text).then_some(cleaned)));
        }
    }
    let texts: Vec<Option<&str>> = sentences
        .iter()
        .map(|(_, c)| c.as_ref().map(|c| c.text.as_str()))
        .collect();
    let blocks: Vec<usize> = sentences.iter().map(|(b, _)| *b).collect();
    let labels: Vec<bool> = blocks
        .iter()
        .map(|&b| doc.blocks[b].kind.is_label())
        .collect();
    let (groups, found) = group::group(&texts, &blocks, &labels, &targets);
    let chosen = group::choose(&groups, &found, settings);
    let mut entities: Vec<Entity> = chosen
        .iter()
        .map(|&g| Entity {
            name: groups[g].name.clone(),
            requested: groups[g].requested,
            mentions: Vec::new(),
            tone: None,
        })
        .collect();
    let mut inputs: Vec<Vec<TargetInput>> = vec![Vec::new(); sentences.len()];
    for f in &found {
        let Some(entity) = chosen.iter().position(|&g| g == f.group) else {
            continue;
        };
        let (Some(cleaned), Some(text)) = (&sentences[f.sentence].1, texts[f.sentence]) else {
            continue;
        };
        let span: Span = cleaned.original_span(f.range.start, f.range.end);
        entities[entity].mentions.push(Mention {
            span,
            sentence: f.sentence,
            pronoun: f.pronoun,
            tone: None,
        });
        let chars = char_index(text, f.range.start)..char_index(text, f.range.end);
        let sentence_inputs = &mut inputs[f.sentence];
        match sentence_inputs.iter_mut().find(|t| t.entity == entity) {
            Some(input) => input.chars.push(chars),
            None => sentence_inputs.push(TargetInput {
                entity,
                chars: vec![chars],
                state: Vec::new(),
            }),
        }
    }
    for entity in &mut entities {
        entity.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
    let all = doc.blocks.iter_mut().flat_map(|b| &mut b.sentences);
    for (sentence, targets) in all.zip(inputs) {
        sentence.targets = targets;
    }
    doc.entities = entities;
}

/// Writes each sentence's `people` (see [`people_in`]), whose tone the sentence's own
/// takes in (see `sentiment`). Headings and table rows, whose capitals mark no names, get
/// none.
pub fn find_people(doc: &mut Document) {
    for block in &mut doc.blocks {
        let label = block.kind.is_label();
        for sentence in &mut block.sentences {
            sentence.people = if label {
                Vec::new()
            } else {
                people_in(&sentence.text)
                    .into_iter()
                    .map(|chars| PersonInput {
                        chars,
                        state: Vec::new(),
                    })
                    .collect()
            };
        }
    }
}

/// The characters (as the tokenizer counts) of each name in `text`, one sentence, that
/// may be a person's (see [`names::Name::may_be_person`]).
pub fn people_in(text: &str) -> Vec<Range<usize>> {
    names::names(text)
        .iter()
        .filter(|n| n.may_be_person())
        .map(|n| char_index(text, n.range.start)..char_index(text, n.range.end))
        .collect()
}

fn char_index(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |t| t.chars().count())
}

/// The tone toward each entity: per sentence from the states the encoder pooled over
/// its mentions there and the sentence's own branch states, per entity the mean of its
/// mentions'. Does nothing for sentences the encoder gave no states.
pub fn score(doc: &mut Document, head: &TargetHead) -> Result<(), ModelError> {
    let mut pairs: Vec<(&[f32], &[f32])> = Vec::new();
    let mut owners: Vec<(usize, usize)> = Vec::new();
    for (i, (_, sentence)) in doc.sentences().enumerate() {
        for input in &sentence.targets {
            pairs.push((&input.state, &sentence.sentiment_input));
            owners.push((input.entity, i));
        }
    }
    let mut tones: Vec<Vec<(usize, Probabilities)>> = vec![Vec::new(); doc.entities.len()];
    for ((entity, sentence), p) in owners.into_iter().zip(head.probabilities_many(&pairs)?) {
        if let (Some(t), Some(p)) = (tones.get_mut(entity), p) {
            t.push((sentence, p));
        }
    }
    for (entity, tones) in doc.entities.iter_mut().zip(tones) {
        let mut read = Vec::new();
        for mention in &mut entity.mentions {
            let Some((_, p)) = tones.iter().find(|(s, _)| *s == mention.sentence) else {
                continue;
            };
            mention.tone = Some(sentiment(*p));
            read.push(*p);
        }
        entity.tone = crate::sentiment::mean(&read).map(sentiment);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
