-- Issue 10: a subscription's pending proration lines are shown in exactly the invoice line shape, and
-- a prorated or credit line's unitAmountCents is its amount over its quantity rounded half-even
-- (docs/billing-math.md). The stored views are rewritten here so that no replay is needed; a replay
-- of subscription-directory or invoice-directory builds the same documents from the events.

-- amount / quantity, rounded half-even (integer division truncates toward zero; % has the dividend's sign)
CREATE OR REPLACE FUNCTION pg_temp.half_even(amount BIGINT, quantity BIGINT) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN quantity <= 0 THEN amount
                ELSE amount / quantity
                     + CASE WHEN 2 * abs(amount % quantity) > quantity
                              OR (2 * abs(amount % quantity) = quantity AND (amount / quantity) % 2 <> 0)
                            THEN sign(amount)::BIGINT ELSE 0 END
           END
$$;

UPDATE subscription_directory
SET view = jsonb_set(view, '{pendingProrationLines}', (
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'id', NULL,
               'invoiceId', NULL,
               'type', line -> 'type',
               'description', line -> 'description',
               'quantity', (line ->> 'quantity')::BIGINT,
               'unitAmountCents', pg_temp.half_even((line -> 'amount' ->> 'amount')::BIGINT,
                                                    (line ->> 'quantity')::BIGINT),
               'amountCents', (line -> 'amount' ->> 'amount')::BIGINT,
               'periodStart', line -> 'period' -> 'start',
               'periodEnd', line -> 'period' -> 'end',
               'metadata', '{}'::jsonb) ORDER BY position), '[]'::jsonb)
    FROM jsonb_array_elements(view -> 'pendingProrationLines') WITH ORDINALITY AS pending(line, position)))
WHERE jsonb_typeof(view -> 'pendingProrationLines') = 'array'
  AND jsonb_array_length(view -> 'pendingProrationLines') > 0
  AND (view -> 'pendingProrationLines' -> 0) ? 'amount';

UPDATE invoice_directory
SET view = jsonb_set(view, '{lines}', (
    SELECT jsonb_agg(CASE WHEN line ->> 'type' IN ('proration_credit', 'proration_debit', 'credit_applied')
                          THEN jsonb_set(line, '{unitAmountCents}', to_jsonb(pg_temp.half_even(
                                   (line ->> 'amountCents')::BIGINT, (line ->> 'quantity')::BIGINT)))
                          ELSE line END ORDER BY position)
    FROM jsonb_array_elements(view -> 'lines') WITH ORDINALITY AS lines(line, position)))
WHERE jsonb_typeof(view -> 'lines') = 'array'
  AND jsonb_array_length(view -> 'lines') > 0;

-- a pooled connection keeps its session: leave no function behind
DROP FUNCTION pg_temp.half_even(BIGINT, BIGINT);
