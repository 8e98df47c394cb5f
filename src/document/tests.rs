use super::*;

#[test]
fn weighted_means_weigh_by_length_and_leave_labels_out_of_the_document() {
    let mut doc = Document::new("t", "");
    let sentence = |start, end| Sentence {
        span: Span::new(start, end),
        text: String::new(),
        sentiment: None,
        promotional: None,
        embedding: Vec::new(),
        sentiment_input: Vec::new(),
        peak: None,
        loaded: Vec::new(),
        targets: Vec::new(),
        people: Vec::new(),
    };
    let block = |kind, sentences| Block {
        span: Span::new(0, 0),
        kind,
        sentences,
        sentiment: None,
        promotional: None,
    };
    doc.blocks = vec![
        block(BlockKind::Heading, vec![sentence(0, 10)]),
        block(
            BlockKind::Paragraph,
            vec![sentence(10, 40), sentence(40, 50)],
        ),
    ];
    let (blocks, document) = doc.weighted_means(&[[1.0], [0.0], [0.4]]);
    assert_eq!(blocks[0], Some([1.0]));
    // 30 bytes at 0.0 and 10 at 0.4.
    assert!((blocks[1].unwrap()[0] - 0.1).abs() < 1e-12);
    // The heading is left out of the document.
    assert!((document.unwrap()[0] - 0.1).abs() < 1e-12);
    // With only labels, they count.
    doc.blocks.truncate(1);
    assert_eq!(doc.weighted_means(&[[0.7]]).1, Some([0.7]));
    doc.blocks.clear();
    assert_eq!(doc.weighted_means::<1>(&[]), (vec![], None));
}
