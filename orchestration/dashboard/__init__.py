"""A Streamlit dashboard over the published, read-only copy of the warehouse."""
