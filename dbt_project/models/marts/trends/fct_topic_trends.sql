{{ weekly_trends(ref('bridge_paper_topics'), 'topic_id', dense_entities=ref('dim_topics')) }}
