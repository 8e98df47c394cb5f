use super::*;

fn stored(x: f32, mentions: usize) -> Stored {
    Stored {
        analysis: Analysis {
            embedding: vec![x, -x, 0.5],
            branch: vec![x; 4],
            peak: Some(Peak {
                projection: x / 2.0,
                chars: 3..17,
            }),
            loaded: vec![LoadedWord {
                chars: 4..9,
                score: 0.75,
            }],
        },
        mentions: (0..mentions).map(|m| vec![m as f32; 3]).collect(),
    }
}

#[test]
fn a_value_reads_back_as_written_and_damaged_bytes_are_a_miss() {
    for value in [
        stored(1.5, 0),
        stored(-2.0, 2),
        Stored {
            analysis: Analysis {
                embedding: vec![],
                branch: vec![],
                peak: None,
                loaded: vec![],
            },
            mentions: vec![],
        },
    ] {
        let bytes = encode(&value);
        assert_eq!(decode(&bytes).as_ref(), Some(&value));
        for cut in 0..bytes.len() {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
    }
    // A length that the bytes cannot hold.
    assert_eq!(decode(&[0, 0, 0, 0, 255, 255, 255, 255]), None);
}

#[test]
fn rows_persist_across_opens_keyed_by_models_text_and_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let store = SentenceStore::open(dir.path(), [1; 32], 100).unwrap();
    let plain = store.key("The port reopened.", &[]);
    let named = store.key("The port reopened.", &[std::iter::once(4..8).collect()]);
    assert_ne!(plain, named);
    assert_ne!(
        store.key("The port reopened.", &[std::iter::once(4..9).collect()]),
        named
    );
    assert_ne!(
        store.key(
            "The port reopened.",
            &[std::iter::once(4..8).collect(), vec![]]
        ),
        named
    );
    store.put_many(&[(plain, stored(1.0, 0)), (named, stored(2.0, 1))]);
    drop(store);

    let again = SentenceStore::open(dir.path(), [1; 32], 100).unwrap();
    let other = again.key("Not seen.", &[]);
    let found = again.get_many(&[named, other, plain]);
    assert_eq!(found, [Some(stored(2.0, 1)), None, Some(stored(1.0, 0))]);

    // A damaged row is a miss, and the next analysis of its sentence replaces it.
    let sqlite = Connection::open(dir.path().join(FILE_NAME)).unwrap();
    sqlite
        .execute(
            "UPDATE sentences SET value = x'0102' WHERE key = ?1",
            params![plain.as_slice()],
        )
        .unwrap();
    assert_eq!(again.get_many(&[plain]), [None]);
    again.put_many(&[(plain, stored(3.0, 0))]);
    assert_eq!(again.get_many(&[plain]), [Some(stored(3.0, 0))]);

    // Other models: other keys, so nothing found.
    let other_models = SentenceStore::open(dir.path(), [2; 32], 100).unwrap();
    let key = other_models.key("The port reopened.", &[]);
    assert_eq!(other_models.get_many(&[key]), [None]);
}

#[test]
fn beyond_its_bound_the_least_recently_used_rows_go() {
    let dir = tempfile::tempdir().unwrap();
    let store = SentenceStore::open(dir.path(), [0; 32], 3).unwrap();
    let keys: Vec<Key> = (0..5).map(|i| store.key(&format!("s{i}"), &[])).collect();
    store.put_many(&[(keys[0], stored(0.0, 0)), (keys[1], stored(1.0, 0))]);
    std::thread::sleep(Duration::from_millis(5));
    store.put_many(&[(keys[2], stored(2.0, 0))]);
    std::thread::sleep(Duration::from_millis(5));
    // s0 read again: now the most recently used.
    assert!(store.get_many(&[keys[0]])[0].is_some());
    std::thread::sleep(Duration::from_millis(5));
    store.put_many(&[(keys[3], stored(3.0, 0))]);
    assert_eq!(store.len(), 3);
    let held: Vec<bool> = store.get_many(&keys).iter().map(Option::is_some).collect();
    assert_eq!(held, [true, false, true, true, false]);
}

#[test]
fn connections_that_open_a_new_file_and_write_at_once_lose_no_row() {
    let dir = tempfile::tempdir().unwrap();
    std::thread::scope(|scope| {
        for writer in 0..4 {
            let path = dir.path();
            scope.spawn(move || {
                let store = SentenceStore::open(path, [0; 32], 1_000).unwrap();
                for i in 0..20 {
                    let key = store.key(&format!("w{writer} s{i}"), &[]);
                    store.put_many(&[(key, stored(i as f32, 0))]);
                }
            });
        }
    });
    let store = SentenceStore::open(dir.path(), [0; 32], 1_000).unwrap();
    assert_eq!(store.len(), 80);
}
