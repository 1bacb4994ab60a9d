-- The win ratio's parts over a recent window (:#windowHours, by when we stored the result):
-- answered = our results the relay accepted in live mode, settled = those a quote status settled.
select count(*) as answered, count(settled_at) as settled
  from trade_result
 where status = 'SUCCEEDED'
   and mode = 'live'
   and first_seen > now() - cast(:#windowHours as integer) * interval '1 hour'
