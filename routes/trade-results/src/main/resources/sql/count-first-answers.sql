-- Of one batch's results (:#in:resultIds), the ones the relay accepted in live mode (our quote
-- answered a request) that are stored for the first time: one delivery so far. Each is counted
-- once as answered (unrip_trade_results_answered_total); a redelivered or re-published result has
-- more deliveries and is not counted again.
select count(*) as answered
  from trade_result
 where result_id in (:#in:resultIds)
   and deliveries = 1
   and status = 'SUCCEEDED'
   and mode = 'live'
