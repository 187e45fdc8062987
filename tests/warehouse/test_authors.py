"""Author marts against facts read by hand from sample_data (hf_recorded and arranged)."""

VISION_ZERO_AUTHORS = [
    "Qinsi Wang",
    "Bo Liu",
    "Tianyi Zhou",
    "Jing Shi",
    "Yueqian Lin",
    "Yiran Chen",
    "Hai Helen Li",
    "Kun Wan",
    "Wentian Zhao",
]  # 2509.25541, listed 2025-10-01, paper.authors in order
BIG_BENCH = "2206.04615"  # 444 authors, in the multi_task_learning watchlist only


def test_authors_keep_their_listed_order(warehouse):
    rows = warehouse(
        "select author_position, name_as_listed from marts.bridge_paper_authors"
        " where paper_id = '2509.25541' order by author_position"
    )
    assert rows == list(enumerate(VISION_ZERO_AUTHORS, start=1))


def test_one_hf_user_under_two_spellings_is_one_author(warehouse):
    rows = warehouse(
        "select author_id, paper_count, is_linked from marts.dim_authors where hf_user = 'jweisshaupt'"
    )
    assert rows == [("hf:jweisshaupt", 2, True)]
    assert warehouse(
        "select paper_id, name_as_listed from marts.bridge_paper_authors"
        " where author_id = 'hf:jweisshaupt' order by paper_id"
    ) == [("2508.99003", "Jürgen Weißhaupt"), ("2508.99004", "Juergen Weisshaupt")]


def test_accented_and_non_latin_names_survive(warehouse):
    rows = dict(
        warehouse(
            "select display_name, normalized_name from marts.dim_authors where display_name in ?",
            [
                "李静怡",
                "Анна Смирнова",
                "محمد العلي",
                "Γιώργος Παπαδόπουλος",
                "Łukasz Żmuda",
                "Bartłomiej Bojanowski",
            ],
        )
    )
    assert rows == {
        "李静怡": "李静怡",
        "Анна Смирнова": "анна смирнова",
        "محمد العلي": "محمد العلي",
        "Γιώργος Παπαδόπουλος": "γιώργοσ παπαδόπουλοσ",
        "Łukasz Żmuda": "lukasz zmuda",
        "Bartłomiej Bojanowski": "bartlomiej bojanowski",
    }


def test_spellings_that_fold_alike_are_one_unlinked_author(warehouse):
    # "Renée Castañeda" (2508.99002) and "Renee Castaneda" (2508.99004)
    assert warehouse(
        "select paper_count, is_linked from marts.dim_authors where normalized_name = 'renee castaneda'"
    ) == [(2, False)]


def test_seed_papers_agree_on_authors_across_sources(warehouse):
    # 2406.01574 lists "Max Ku" daily and "Max W.F. Ku" in the seed search: the warehouse keeps one list,
    # the daily listing's (17 authors in both sources), and the paper's author count matches it
    rows = warehouse(
        "select p.author_count, count(*), list(b.name_as_listed order by b.author_position)[1:3]"
        " from marts.dim_papers p join marts.bridge_paper_authors b using (paper_id)"
        " where paper_id = '2406.01574' group by p.author_count"
    )
    assert rows == [(17, 17, ["Yubo Wang", "Xueguang Ma", "Ge Zhang"])]


def test_hyper_authored_paper_is_in_the_bridge_but_adds_no_pairs(warehouse):
    assert warehouse("select author_count from marts.dim_papers where paper_id = ?", BIG_BENCH) == [(444,)]
    pairs_only_from_big_bench = warehouse(
        """
        with big as (select author_id from marts.bridge_paper_authors where paper_id = ?)
        select count(*) from marts.fct_coauthorships c
        where c.author_id_a in (select author_id from big) and c.author_id_b in (select author_id from big)
        """,
        BIG_BENCH,
    )
    # pairs among its authors can only come from their other (smaller) papers, of which the sample has few
    assert pairs_only_from_big_bench[0][0] < 50


def test_coauthor_pairs_are_ordered_and_unique(warehouse):
    assert warehouse("select count(*) from marts.fct_coauthorships where author_id_a >= author_id_b") == [
        (0,)
    ]


def test_an_unclaimed_paper_joins_its_author_by_shared_coauthors(warehouse):
    # Zhicheng Dou claimed 2407.18743 (as douzc); 2412.14835 lists him unclaimed, beside Yutao Zhu and
    # Ji-Rong Wen, who are on the claimed paper too: one person
    assert warehouse(
        "select paper_id, author_id, resolution from marts.bridge_paper_authors"
        " where paper_id in ('2407.18743', '2412.14835') and name_as_listed = 'Zhicheng Dou' order by 1"
    ) == [("2407.18743", "hf:douzc", "linked"), ("2412.14835", "hf:douzc", "joined_by_coauthors")]


def test_a_shared_name_is_split_into_people(warehouse):
    # "Bo Li": two HF accounts (liboaccn, luodian) with disjoint co-authors, and an entry with no evidence
    # either way (2507.16632, position 49 of a long list), left to the name's own author
    rows = dict(
        warehouse("select paper_id, author_id from marts.bridge_paper_authors where name_as_listed = 'Bo Li'")
    )
    assert rows["2509.22518"] == "hf:liboaccn"
    assert rows["2509.25190"] == rows["2507.05920"] == "hf:luodian"
    assert rows["2507.16632"].startswith("name:")
    assert len(set(rows.values())) == 3


def test_the_review_list_is_short_and_ordered(warehouse):
    [(authors,)] = warehouse("select count(*) from marts.dim_authors")
    rows = warehouse(
        "select review_rank, confidence from marts.fct_author_merge_candidates order by review_rank"
    )
    assert 0 < len(rows) < authors / 100
    assert [rank for rank, _ in rows] == list(range(1, len(rows) + 1))
    assert [confidence for _, confidence in rows] == sorted((c for _, c in rows), reverse=True)


def latest_author_lists() -> dict[str, list[dict]]:
    """Each paper's author list in its latest daily listing (later listing date first), read from the
    recordings directly, not through the warehouse."""
    from tests.support.raw_sample import recorded_days

    lists: dict[str, list[dict]] = {}
    for _, items in sorted(recorded_days().items()):
        for item in items:
            lists[item["paper"]["id"]] = item["paper"]["authors"]
    return lists


def test_every_listed_entry_keeps_its_bridge_row(warehouse):
    expected = {paper_id: len(authors) for paper_id, authors in latest_author_lists().items()}
    rows = dict(
        warehouse(
            "select paper_id, count(*) from marts.bridge_paper_authors"
            " where paper_id in (select paper_id from marts.dim_papers where in_daily_listings)"
            " group by paper_id"
        )
    )
    assert {paper_id: rows.get(paper_id, 0) for paper_id in expected} == expected


def test_a_name_listed_twice_is_two_rows_and_two_people(warehouse):
    # 2508.06471 (real) lists "Zihan Wang" twice and "Shuang Li" / "Shuang-Li", which fold alike;
    # arranged 2508.99005 lists "Wei Zhang" twice: two entries of one paper are two people
    rows = warehouse(
        "select paper_id, list(name_as_listed order by author_position), list(author_position order by 1),"
        " count(distinct author_id), list(resolution order by author_position)"
        " from marts.bridge_paper_authors where paper_id in ('2508.06471', '2508.99005')"
        " group by paper_id, lower(replace(name_as_listed, '-', ' ')) having count(*) > 1 order by all"
    )
    assert [row[:4] for row in rows] == [
        ("2508.06471", ["Shuang Li", "Shuang-Li"], [108, 109], 2),
        ("2508.06471", ["Zihan Wang", "Zihan Wang"], [26, 157], 2),
        ("2508.99005", ["Wei Zhang", "Wei Zhang"], [3, 5], 2),
    ]
    assert all("split_same_paper" in row[4] for row in rows)


def test_one_account_claimed_twice_keeps_the_link_on_its_own_name(warehouse):
    # arranged 2508.99005: user xuelinchen ("Xuelin Chen") is linked to "Rui Chen" (1) and "Xuelin Chen" (2)
    rows = warehouse(
        "select author_position, name_as_listed, author_id from marts.bridge_paper_authors"
        " where paper_id = '2508.99005' and author_position <= 2 order by 1"
    )
    assert rows[1] == (2, "Xuelin Chen", "hf:xuelinchen")
    assert rows[0][:2] == (1, "Rui Chen") and rows[0][2].startswith("name:")
    assert warehouse(
        "select paper_id, hf_user, author_position, kept_position from audit.author_link_conflicts"
    ) == [("2508.99005", "xuelinchen", 1, 2)]


def test_a_relisted_paper_takes_its_authors_from_the_later_listing(warehouse):
    # 2606.11176 is listed on 2026-06-10 and again on 2026-06-16, when its first author has claimed it
    assert warehouse(
        "select b.author_id, p.upvotes"
        " from marts.bridge_paper_authors b join marts.dim_papers p using (paper_id)"
        " where paper_id = '2606.11176' and author_position = 1"
    ) == [("hf:kevinqhlin", 82)]
