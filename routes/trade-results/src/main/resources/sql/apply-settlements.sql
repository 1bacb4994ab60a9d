-- Settles every result of ours among these quote hashes (:#in:quoteHashes) that has a kept status
-- and no settlement yet. Run after statuses are kept and after results are stored: whichever of
-- the two comes second settles the row. Only a row without a settlement is touched, so a
-- redelivery, or the other side running it too, changes nothing and returns nothing: one returned
-- row is one result settled now, once (unrip_trade_results_settled_total), with the status we
-- recorded for it (a settled FAILED, REJECTED or EXPIRED one contradicts our books).
update trade_result t
   set settled_at  = s.settled_at,
       intent_hash = s.intent_hash,
       tx_hash     = s.tx_hash
  from quote_settlement s
 where s.quote_hash = t.quote_hash
   and t.settled_at is null
   and t.quote_hash in (:#in:quoteHashes)
returning t.quote_hash, t.result_id, t.status
