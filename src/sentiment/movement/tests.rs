use super::*;

#[test]
fn moving_figures_have_a_direction() {
    let good = [
        "Net sales increased by 18 percent to 42.3 million euros.",
        "Operating profit rose to 9.1 million dollars from 6.4 million dollars.",
        "The net loss narrowed to $2.1 million.",
        "The retailer raised its full-year profit forecast.",
        "Costs fell sharply in the second half.",
        "The company swung to a profit in the quarter.",
        "Record quarterly earnings lifted the shares.",
        "Net sales amounted to EUR 64.8 mn compared to EUR 59.4 mn in 2008.",
        "The operating loss was EUR 0.9 mn against EUR 2.5 mn a year earlier.",
        "The group won an order worth EUR 30 mn from a Swedish utility.",
        "The company reported a rise in its third-quarter operating profit.",
        "The order backlog stood at USD 2.3 billion at the end of June, up by 18 percent.",
        "Net sales came to 410 million kronor in the period, up from 365 million kronor.",
        "The operating loss was SEK 3.1 mn, compared to a loss of SEK 7.4 mn a year earlier.",
        "Cruise line returns to profit as bookings recover",
        "Rail passenger numbers reached a record high in March.",
        "Unemployment fell to a record low of 3.4 percent.",
        "The programme aims to reduce costs by EUR 5 mn a year.",
        "The packaging maker will increase its workforce by 60 people.",
        "The order book grew by 12 percent to EUR 1.4 bn.",
        "The FTSE 100 index advanced 42 points to 7,410 in early trade.",
        "Shares in the miner closed at 312 pence, a gain of 9 pence.",
        "Shares of the Denver-based satellite broadcaster closed at $32.26, up $1.63.",
        "Sales, a closely watched gauge of the chain's health, grew 4 percent in May.",
        "Quarterly shipments of the handset set a record.",
        "Home builders expect the housing market to rebound next year.",
        "The subsidiary plans to double its revenues within three years.",
        "The lender is lifting its dividend for the first time since 2008.",
        "Operating profit was EUR 1 mn, compared to a loss of EUR 2 mn.",
        "The unit made a profit of 4 million dollars, against a loss of 1 million dollars.",
        "Operating profit was EUR 9.0 mn , or 5.1 % of net sales , compared to EUR 7.2 mn .",
    ];
    let bad = [
        "Operating profit totalled EUR 9.0 mn, down from EUR 9.7 mn a year earlier.",
        "The carmaker cut its sales forecast for the year.",
        "The company swung to a net loss of 12 million dollars.",
        "The firm issued a profit warning on Monday.",
        "BP posts surprise loss on refinery outage",
        "The plant laid off 300 workers.",
        "Unemployment rose to 7 percent.",
        "Shares slumped 11 percent after the results.",
        "In 2009 net sales were EUR 1.2 bn compared with EUR 1.3 bn in 2008.",
        "The margin went from 10.4 percent to 8.1 percent.",
        "The insurer reported a fall in its third-quarter earnings.",
        "The pre-tax loss was 9.8 million pounds, compared to a loss of 4.2 million pounds.",
        "Operating profit dropped to 12 million dollars, including a one-off sales gain of 3 million dollars.",
        "Turnover stood at 88 million euros for the six months to June (down by 6 percent).",
        "Exports sank to a record low in the second quarter.",
        "Sales of diesel cars hit a record low last month.",
        "The mill is reducing its workforce by 120 people.",
        "Shares of the chipmaker were off 40 cents at $12.10.",
        "The broader index eased 0.4 percent in afternoon trading.",
        "The tech-heavy index gave up 31 points, or 1.8 percent, by the close.",
        "The group is trimming its sales forecast.",
        "Chipmaker's shares plummet after profit warning",
        "Brewer to axe 900 jobs",
        "The net loss was EUR 0.4 mn, compared with a net profit of EUR 1.1 mn.",
        "Fashion chain's sales disappoint",
        "The operating margin was 8.3% compared to 11.8% a year earlier.",
        "The number of temporary lay-offs at the Oulu plant rose to 450.",
    ];
    for s in good {
        assert_eq!(direction(s), Some(Direction::Good), "{s}");
    }
    for s in bad {
        assert_eq!(direction(s), Some(Direction::Bad), "{s}");
    }
}

#[test]
fn still_figures_and_plain_facts_have_none() {
    for s in [
        "The company reported quarterly revenue of $3.2 billion.",
        "The board proposes a dividend of 0.20 euros per share.",
        "The two harbour authorities will share scheduling data to cut container waiting times.",
        "The annual general meeting will be held on April 12.",
        "Sales rose 5 percent but profit fell 4 percent.",
        "Sales did not rise in the quarter.",
        "The city cut fares in order to win back passengers.",
        "Sales were 5 mn compared to nan.",
        "Net sales in 2009 were EUR 80 mn, with 20 mn from exports.",
        "The firm reported a pretax profit of 3.4 million pounds for the year.",
        "The senator introduced the bill on Monday.",
        "Sales were handled by a new team in the spring and set up by the founder himself.",
        "In turn, sales of ore depend on demand from China.",
        "The share sale was called off by the board.",
        "The consumer price index rose 0.3 percent in May.",
        "Shares were off",
        "Congress voted on raising the debt limit.",
        "Most voters back an increase in the top rate of income tax.",
        "Her income included a book advance of $200,000.",
        "The regime carries out orders of strong foreign powers.",
        "The unit acted on the orders of a senior general, who has since been promoted.",
    ] {
        assert_eq!(direction(s), None, "{s}");
    }
}

#[test]
fn a_direction_sets_the_label_and_keeps_probabilities_summing_to_one() {
    let calm = Probabilities {
        negative: 0.01,
        neutral: Some(0.97),
        positive: 0.02,
    };
    let p = with_movement(calm, "Revenue climbed 12 percent.");
    assert!(
        p.positive > p.neutral.unwrap() && p.positive > p.negative,
        "{p:?}"
    );
    assert!((p.negative + p.neutral.unwrap() + p.positive - 1.0).abs() < 1e-6);
    assert_eq!(with_movement(calm, "The meeting is on Monday."), calm);
}

#[test]
fn company_events_without_figures_have_a_direction() {
    for s in [
        "The shipyard won a 1.2 billion euro contract from the navy.",
        "The coffee chain will open 120 new stores next year.",
        "The biotech company received approval from regulators for its vaccine.",
        "Analysts upgraded the retailer to buy.",
        "The engineering group has won a EUR 12 mn order from a Swedish paper mill.",
        "The two airlines agreed a tie-up on transatlantic routes.",
        "The explorer struck a significant gold discovery in Ghana.",
    ] {
        assert_eq!(direction(s), Some(Direction::Good), "{s}");
    }
    for s in [
        "The carmaker is recalling 80,000 cars over a faulty sensor.",
        "The department store chain will close 30 stores.",
        "The fashion retailer fell into administration on Monday.",
        "The airline filed for bankruptcy protection.",
        "The bank faces an investigation over money laundering.",
        "The airline's quarterly results were hit by a pilot strike.",
        "The retailer warns of a tougher year ahead.",
        "The airline warned of more job cuts owing to the slump in travel.",
        "Lender fined 40 million pounds over mis-sold insurance",
    ] {
        assert_eq!(direction(s), Some(Direction::Bad), "{s}");
    }
    for s in [
        "Thousands were thrown into chaos when the administration changed the rules.",
        "She recalls the day the factory opened.",
        "The company did not close any stores.",
        "The agency received the president's order on Friday.",
        "The president signed an executive order to reduce regulations on banks.",
        "The executive amnesty order would be handed down sooner rather than later.",
        "He hit a weak chip that ran past the flag.",
        "The prosecutor decided to strike a deal with the defendant's lawyers.",
        "The bank agreed to pay a fine of $5 million.",
        "Dock workers agreed to strike next week.",
    ] {
        assert_eq!(direction(s), None, "{s}");
    }
}

#[test]
fn a_sentence_cut_anywhere_reads_without_panicking() {
    // Every rule looks a few words ahead or behind; a sentence that ends (or starts) right
    // at a mover, a comma or a figure must still read.
    let sentences = [
        "Shares of the Denver-based satellite broadcaster closed at $32.26, up $1.63.",
        "Sales, a closely watched gauge of the chain's health, grew 4 percent in May.",
        "Operating profit was EUR 1 mn, compared to a loss of EUR 2 mn.",
        "The tech-heavy index gave up 31 points, or 1.8 percent, by the close.",
        "Shares in the miner closed at 312 pence, a gain of 9 pence.",
        "Quarterly shipments of the handset set a record high in March, off 3 percent.",
    ];
    for sentence in sentences {
        let words: Vec<&str> = sentence.split(' ').collect();
        for start in 0..words.len() {
            for end in start..=words.len() {
                let read = direction(&words[start..end].join(" "));
                if start == end {
                    assert_eq!(read, None);
                }
            }
        }
        assert!(direction(sentence).is_some(), "{sentence}");
    }
}
