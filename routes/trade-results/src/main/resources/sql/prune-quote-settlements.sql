-- Statuses no result of ours has claimed within :#retentionHours are other solvers' (our result
-- comes within seconds of our quote, its status later): they go. A claimed one stays with its result.
delete from quote_settlement s
 where s.received_at < now() - cast(:#retentionHours as integer) * interval '1 hour'
   and not exists (select 1 from trade_result t where t.quote_hash = s.quote_hash)
