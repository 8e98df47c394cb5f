use super::*;

#[test]
fn shards_split_ids_into_disjoint_shares_that_cover_all() {
    let ids: Vec<String> = (0..1000).map(|i| format!("doc-{i}")).collect();
    let shards: Vec<Shard> = (1..=4).map(|k| format!("{k}/4").parse().unwrap()).collect();
    for id in &ids {
        assert_eq!(shards.iter().filter(|s| s.holds(id)).count(), 1, "{id}");
    }
    let sizes: Vec<usize> = shards
        .iter()
        .map(|s| ids.iter().filter(|id| s.holds(id)).count())
        .collect();
    assert!(sizes.iter().all(|&n| (200..300).contains(&n)), "{sizes:?}");
    for bad in ["0/4", "5/4", "1", "a/b", "1/0"] {
        assert!(bad.parse::<Shard>().is_err(), "{bad}");
    }
}

#[test]
fn merge_keeps_each_id_once_and_drops_torn_lines() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.jsonl");
    let b = dir.path().join("b.jsonl");
    std::fs::write(&a, "{\"id\": \"1\"}\n{\"id\": \"2\", \"error\": \"x\"}\n").unwrap();
    std::fs::write(&b, "{\"id\": \"2\"}\n{\"id\": \"3\"}\n{\"id\": \"4\", \"te").unwrap();
    let mut out = Vec::new();
    let summary = merge(&[&a, &b], &mut out).unwrap();
    assert_eq!(
        summary,
        MergeSummary {
            records: 3,
            duplicates: 1,
            torn: 1
        }
    );
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "{\"id\": \"1\"}\n{\"id\": \"2\", \"error\": \"x\"}\n{\"id\": \"3\"}\n"
    );
    std::fs::write(&b, "oops\n").unwrap();
    assert!(merge(&[&a, &b], &mut Vec::new()).is_err());
}

#[test]
fn resume_cuts_a_torn_line_and_lists_what_is_done() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.jsonl");
    assert_eq!(prepare_resume(&path).unwrap(), ResumeState::default());
    std::fs::write(
        &path,
        "{\"id\": \"a\"}\n{\"id\": \"b\", \"error\": \"x\"}\n{\"id\": \"c\", \"sum",
    )
    .unwrap();
    let state = prepare_resume(&path).unwrap();
    assert_eq!(state.repaired_bytes, "{\"id\": \"c\", \"sum".len() as u64);
    assert_eq!(
        state.done,
        HashSet::from(["a".to_string(), "b".to_string()])
    );
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .ends_with("\"x\"}\n"));
    std::fs::write(&path, "not json\n").unwrap();
    assert!(prepare_resume(&path).is_err());
}

#[test]
fn chunks_hold_sixteen_articles_or_as_many_short_documents_as_fill_them() {
    // Sixteen articles of 1.5 KB (the shortest CNN/DailyMail dev article): full.
    assert!(!chunk_is_full(15, 15 * 1_500));
    assert!(chunk_is_full(16, 16 * 1_500));
    // One-sentence documents of 100 bytes: 164 of them before 16 KB.
    assert!(!chunk_is_full(16, 1_600));
    assert!(!chunk_is_full(163, 16_300));
    assert!(chunk_is_full(164, 16_400));
    // Empty or failed documents never hold text: the document bound ends the chunk.
    assert!(!chunk_is_full(MAX_CHUNK - 1, 0));
    assert!(chunk_is_full(MAX_CHUNK, 0));
}
