-- ticketflow analytics: queries a support lead runs against the sink tables.
--
-- The JDBC sink creates one table per output topic (replies, escalations, audit, feedback,
-- dead_letters) with one column per Avro field, when the first record of that topic arrives (a
-- database that has had no feedback yet has no feedback table). It does not quote identifiers, so PostgreSQL folds
-- the camelCase field names to lower case (processedAt -> processedat); the unquoted camelCase
-- names below fold the same way. Enums are text; timestamps are "timestamp" columns in UTC;
-- citedFaqIds and guardFlags are text[] arrays.
--
-- Each query starts with a "-- name:" line; DatabaseSinkIT runs every one of them against a
-- populated database.

-- name: resolution_rate_per_day
-- Share of inquiries answered without a human (FAQ or LLM), per day.
SELECT date_trunc('day', processedAt) AS day,
       count(*) AS inquiries,
       count(*) FILTER (WHERE route IN ('FAQ', 'LLM')) AS resolved,
       round(100.0 * count(*) FILTER (WHERE route IN ('FAQ', 'LLM')) / count(*), 1) AS resolved_pct
FROM audit
WHERE route NOT IN ('DUPLICATE', 'DEAD_LETTER')
GROUP BY 1
ORDER BY 1;

-- name: route_split_per_tenant
-- How each tenant's inquiries were routed.
SELECT tenantId AS tenant,
       route,
       count(*) AS inquiries,
       round(100.0 * count(*) / sum(count(*)) OVER (PARTITION BY tenantId), 1) AS pct
FROM audit
GROUP BY tenantId, route
ORDER BY tenant, inquiries DESC;

-- name: escalation_reasons
-- Why inquiries went to humans, most frequent first.
SELECT reason,
       count(*) AS escalations,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct
FROM escalations
GROUP BY reason
ORDER BY escalations DESC;

-- name: latency_percentiles_per_route
-- End-to-end latency (inquiry received -> decision written), p50 and p95 per route.
SELECT route,
       count(*) AS inquiries,
       percentile_cont(0.50) WITHIN GROUP (ORDER BY endToEndMillis) AS p50_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY endToEndMillis) AS p95_ms
FROM audit
WHERE endToEndMillis IS NOT NULL
GROUP BY route
ORDER BY route;

-- name: llm_cost_per_tenant
-- LLM spend and tokens per tenant and month.
SELECT tenantId AS tenant,
       date_trunc('month', processedAt) AS month,
       count(*) AS llm_calls,
       sum(promptTokens) AS prompt_tokens,
       sum(completionTokens) AS completion_tokens,
       round(sum(costUsd)::numeric, 4) AS cost_usd
FROM audit
WHERE costUsd IS NOT NULL
GROUP BY tenantId, month
ORDER BY cost_usd DESC;

-- name: unhelpful_faq_answers
-- FAQ entries whose answers customers rate unhelpful most often (candidates to rewrite).
-- Unhelpful as the processor counts it: helpful = false, or no helpful and a rating of 2 or less.
-- FAQ ids are per tenant; feedback the processor refuses (for another tenant's inquiry, a rating
-- outside 1 to 5) is in the feedback table too and is left out.
SELECT r.tenantId AS tenant_id,
       r.faqId AS faq_id,
       count(*) AS rated,
       count(*) FILTER (WHERE f.helpful = false OR (f.helpful IS NULL AND f.rating <= 2)) AS unhelpful,
       round(100.0 * count(*) FILTER (WHERE f.helpful = false OR (f.helpful IS NULL AND f.rating <= 2))
             / count(*), 1) AS unhelpful_pct,
       round(avg(f.rating), 2) AS avg_rating
FROM feedback f
JOIN replies r ON r.inquiryId = f.inquiryId
WHERE r.source = 'FAQ' AND r.faqId IS NOT NULL
  AND (f.tenantId IS NULL OR f.tenantId = r.tenantId) AND (f.rating IS NULL OR f.rating BETWEEN 1 AND 5)
GROUP BY r.tenantId, r.faqId
HAVING count(*) FILTER (WHERE f.helpful = false OR (f.helpful IS NULL AND f.rating <= 2)) > 0
ORDER BY unhelpful DESC, unhelpful_pct DESC
LIMIT 20;

-- name: most_cited_faq_entries
-- FAQ entries the LLM cites most (unnest the text[] column).
SELECT cited AS faq_id, count(*) AS citations
FROM replies, unnest(citedFaqIds) AS cited
WHERE source = 'LLM'
GROUP BY cited
ORDER BY citations DESC
LIMIT 20;

-- name: dead_letters_per_reason
-- Bad input per reason code and day.
SELECT date_trunc('day', failedAt) AS day, reasonCode AS reason, count(*) AS dead_letters
FROM dead_letters
GROUP BY 1, 2
ORDER BY 1, dead_letters DESC;
