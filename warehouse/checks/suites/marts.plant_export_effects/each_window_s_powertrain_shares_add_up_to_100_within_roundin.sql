-- each window's powertrain shares add up to 100 (within rounding)
select
    plant_id,
    bev_share_before_pct,
    phev_share_before_pct,
    hev_share_before_pct,
    ice_share_before_pct,
    other_share_before_pct,
    bev_share_after_pct,
    phev_share_after_pct,
    hev_share_after_pct,
    ice_share_after_pct,
    other_share_after_pct
from {batch}
where
    abs(
        bev_share_before_pct
        + phev_share_before_pct
        + hev_share_before_pct
        + ice_share_before_pct
        + other_share_before_pct
        - 100
    )
    > 0.3
    or abs(
        bev_share_after_pct
        + phev_share_after_pct
        + hev_share_after_pct
        + ice_share_after_pct
        + other_share_after_pct
        - 100
    )
    > 0.3
