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


def test_merge_candidates_never_pair_two_linked_users(warehouse):
    assert warehouse(
        """
        select count(*) from marts.fct_author_merge_candidates m
        join marts.dim_authors a on m.author_id_a = a.author_id
        join marts.dim_authors b on m.author_id_b = b.author_id
        where a.is_linked and b.is_linked
        """
    ) == [(0,)]
