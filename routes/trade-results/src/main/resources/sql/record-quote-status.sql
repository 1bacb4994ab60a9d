-- One quote status, kept once per quote_hash. Returns one row when the status is new, saying
-- whether one of our results holds its quote_hash now (a status that comes before its result is
-- not ours yet: it is kept and settles the result when that comes); no row when it was already
-- kept (a redelivery, counted the first time; a second status about the same quote adds nothing).
-- Parameters: the row map Settlements.read builds.
with kept as (
    insert into quote_settlement (quote_hash, intent_hash, tx_hash, settled_at, status_event_id)
    values (:#quoteHash, :#intentHash, :#txHash, :#settledAt, :#statusEventId)
    on conflict (quote_hash) do nothing
    returning quote_hash
)
select exists (select 1 from trade_result t where t.quote_hash = kept.quote_hash) as ours
  from kept
