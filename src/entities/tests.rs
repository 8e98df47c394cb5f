use super::*;

fn entities(text: &str, settings: &EntitySettings) -> Document {
    let mut doc = Document::new("t", text);
    crate::preprocess::segment(&mut doc);
    find(&mut doc, settings);
    doc
}

fn mentions(doc: &Document, name: &str) -> Vec<String> {
    doc.entities
        .iter()
        .find(|e| e.name == name)
        .map(|e| {
            e.mentions
                .iter()
                .map(|m| m.span.text(&doc.text).to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn surnames_titles_and_pronouns_join_the_full_name() {
    let doc = entities(
        "Senator Elizabeth Warren criticised the Federal Reserve on Tuesday. Warren said \
         she would write to the Federal Reserve again.\n\nCritics said the plan was weak. \
         The critics were not named.",
        &EntitySettings::default(),
    );
    let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Elizabeth Warren", "Federal Reserve"]);
    assert_eq!(
        mentions(&doc, "Elizabeth Warren"),
        ["Senator Elizabeth Warren", "Warren", "she"]
    );
    assert!(doc.entities[0].mentions[2].pronoun);
    // Every mention is one of the sentence's targets, at the characters it covers.
    let first = &doc.blocks[0].sentences[0];
    assert_eq!(first.targets.len(), 2);
    assert_eq!(first.targets[0].chars, vec![0..24]);
}

#[test]
fn a_pronoun_with_two_people_before_it_is_left_alone() {
    let doc = entities(
        "John Smith met Mary Jones. Smith said he was pleased. Jones agreed.",
        &EntitySettings::default(),
    );
    assert_eq!(mentions(&doc, "John Smith"), ["John Smith", "Smith"]);
    assert_eq!(mentions(&doc, "Mary Jones"), ["Mary Jones", "Jones"]);
}

#[test]
fn requested_targets_with_aliases_are_reported_even_when_rare() {
    let settings = EntitySettings {
        targets: vec!["Xi Jinping=Xi,President Xi".into(), "Atlantis".into()],
        ..EntitySettings::default()
    };
    let doc = entities(
        "President Xi welcomed the guests. Xi Jinping's speech was long. China agreed.",
        &settings,
    );
    assert_eq!(doc.entities[0].name, "Xi Jinping");
    assert!(doc.entities[0].requested);
    assert_eq!(mentions(&doc, "Xi Jinping"), ["President Xi", "Xi Jinping"]);
    assert_eq!(doc.entities[1].name, "Atlantis");
    assert!(doc.entities[1].mentions.is_empty());
    // China is named once: below the default minimum of two.
    assert_eq!(doc.entities.len(), 2);
}

#[test]
fn offsets_point_into_the_original_text() {
    let text = "“Angela  Merkel” spoke.\u{00AD} Merkel\u{2019}s party lost.";
    let doc = entities(text, &EntitySettings::default());
    assert_eq!(
        mentions(&doc, "Angela Merkel"),
        ["Angela  Merkel", "Merkel"]
    );
}

#[test]
fn disabled_finds_only_requested_targets() {
    let settings = EntitySettings {
        enabled: false,
        ..EntitySettings::default()
    };
    let doc = entities("Anna Berg spoke. Anna Berg left.", &settings);
    assert!(doc.entities.is_empty());
    assert!(doc.sentences().all(|(_, s)| s.targets.is_empty()));
}

#[test]
fn parses_target_specs() {
    assert_eq!(
        Target::parse(" Xi Jinping = Xi, President Xi ,"),
        Some(Target {
            name: "Xi Jinping".into(),
            aliases: vec!["Xi Jinping".into(), "Xi".into(), "President Xi".into()],
        })
    );
    assert_eq!(Target::parse("=x"), None);
}

#[test]
fn a_surname_shared_by_two_names_goes_to_the_one_named_most() {
    let settings = EntitySettings {
        targets: vec!["Donald Trump".into()],
        ..EntitySettings::default()
    };
    let doc = entities(
        "Donald Trump spoke. Melania Trump listened. Donald Trump left. Trump waved.",
        &settings,
    );
    assert_eq!(
        mentions(&doc, "Donald Trump"),
        ["Donald Trump", "Donald Trump", "Trump"]
    );
}

#[test]
fn the_demo_names_its_people_and_places_not_its_labels() {
    let text = std::fs::read_to_string("examples/harbor-lumen-partnership.txt").unwrap();
    let settings = EntitySettings {
        min_mentions: 1,
        max: 20,
        ..EntitySettings::default()
    };
    let doc = entities(&text, &settings);
    let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
    // Headings, table rows and list-item labels ("Education:", "Port Logistics:") name
    // nobody; the title-case headline's "Mayor Ortega" is Elena Ortega.
    assert_eq!(
        names,
        [
            "Elena Ortega",
            "Lumen Bay",
            "Harbor City",
            "Tomas Reyes",
            "Dana Whitfield"
        ]
    );
    assert_eq!(
        mentions(&doc, "Elena Ortega"),
        [
            "Ortega",
            "Mayor Elena Ortega",
            "Mayor Ortega",
            "Mayor Ortega"
        ]
    );
    assert_eq!(
        mentions(&doc, "Dana Whitfield"),
        ["Councillor Dana Whitfield", "she"]
    );
}

#[test]
fn odd_text_gives_valid_spans_and_no_panic() {
    let texts = [
        "",
        "-",
        "Mr. . Mr.' 's ’s - -- Sen.",
        "É́mile Zola’s Ｆｕｌｌ Ｗｉｄｔｈ met Ǆemal Ǆ. He said ﬃ Ofﬁce.",
        "U.S. U.S.A. A. B. C. D. Dr. Dr. Dr.",
        "Anna\u{00AD}Berg met Anna Berg.\u{200B} She left. HE LEFT. her",
        "The Bank of of England and the Bank of.",
        "🙂 Ana 🙂 Berg 🙂 Ana Berg's",
        "A\tB\nC\r\nD Ee Ff: Gg Hh: Ii.",
    ];
    for text in texts {
        let settings = EntitySettings {
            min_mentions: 1,
            targets: vec!["Ana Berg=Ana,Berg".into(), "=".into(), "Zola".into()],
            ..EntitySettings::default()
        };
        let doc = entities(text, &settings);
        for e in &doc.entities {
            for m in &e.mentions {
                assert!(
                    text.get(m.span.start..m.span.end)
                        .is_some_and(|t| !t.is_empty()),
                    "{text:?}: {m:?}"
                );
            }
        }
    }
}

#[test]
fn people_are_names_that_may_be_persons_and_labels_have_none() {
    let text = "Sen. Warren and Hillary Clinton criticised the Senate, Republicans and the \
                Federal Reserve Bank in Washington.";
    let people: Vec<&str> = people_in(text)
        .into_iter()
        .map(|r| {
            let start = text
                .char_indices()
                .nth(r.start)
                .map_or(text.len(), |(b, _)| b);
            let end = text
                .char_indices()
                .nth(r.end)
                .map_or(text.len(), |(b, _)| b);
            &text[start..end]
        })
        .collect();
    // A one-word place passes: the sentence alone does not tell it from a surname.
    assert_eq!(people, ["Sen. Warren", "Hillary Clinton", "Washington"]);

    let mut doc = Document::new("t", "# Hillary Clinton Speaks\n\nHillary Clinton spoke.\n");
    crate::preprocess::segment(&mut doc);
    find_people(&mut doc);
    let counts: Vec<usize> = doc
        .blocks
        .iter()
        .flat_map(|b| b.sentences.iter().map(|s| s.people.len()))
        .collect();
    assert_eq!(counts, [0, 1]);
}
