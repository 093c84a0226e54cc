-- Two payment methods a sale can now have: CREDIT, the part a known customer
-- takes on account (fiado), and MIXED, for a sale paid several ways (its
-- parts are in sale_payments). Alone in this migration: a new enum value
-- cannot be used in the transaction that adds it.
alter type public.payment_method add value if not exists 'CREDIT';
alter type public.payment_method add value if not exists 'MIXED';
comment on type public.payment_method is
  'How a sale or a payment was paid: CASH, CARD, TRANSFER, QR (simple QR payments are common in Bolivia), CREDIT (on the customer''s account); MIXED is a sale paid several ways (see sale_payments).';
