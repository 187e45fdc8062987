with

source as (

    select * from {{ source('raw', 'landing_manifest') }}

),

renamed as (

    select
        fetch_id,
        ingestion_id,
        source,
        partition_key,
        case when source = 'daily_papers' then try_cast(partition_key as date) end as listing_date,
        case when source = 'papers_search' then partition_key end as watchlist,
        url,
        params,
        status_code,
        fetched_at,
        bytes,
        sha256,
        file_path,
        item_count,
        outcome,
        error,
        attempts,
        run_id
    from source

)

select * from renamed
