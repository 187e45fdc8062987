{{ weekly_trends(ref('bridge_paper_keywords'), 'keyword_id') }}
