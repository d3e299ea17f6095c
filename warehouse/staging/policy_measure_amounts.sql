-- Money amounts stated in each measure, in yuan exactly; filled by the asset
-- policy_measure_amounts (pipelines/lib/policy_amounts.py). amount_cny adds the totals and
-- caps; rates per unit are listed, never added.
-- group: policy
-- step of: policy_measure_amounts
create or replace table staging.policy_measure_amounts (
    sha256 varchar not null,
    doc_seq integer not null,
    measure_seq integer not null,
    amount_cny decimal(18, 2),
    amount_is_cap boolean not null,
    amounts_stated varchar[] not null,
    rates_stated varchar[] not null
);
