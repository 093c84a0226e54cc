-- One implementation of invoice matching. The invoice import of the api
-- function matched lines with its own public.match_product_lines (landed in
-- 20261129001100) while purchasing's public.match_invoice_lines (20261130000500)
-- was built beside it; the import now calls match_invoice_lines, so the other
-- one and the text helpers only it used go. And list_movements, which read
-- every column of the stock ledger, lists them: the ledger's unit_cost
-- (20261130000300) is not readable by API roles.

drop function public.match_product_lines(jsonb, integer);
drop function private.significant_words(text);
drop function private.match_text(text);

create or replace function public.list_movements(product_id uuid default null, page integer default 1,
                                                 page_size integer default 20)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_size integer := least(greatest(coalesce(list_movements.page_size, 20), 1), 100);
  v_page integer := greatest(coalesce(list_movements.page, 1), 1);
  v_total bigint;
  v_items jsonb;
begin
  perform private.require_role('viewer', 'read the stock ledger');
  select count(*) into v_total from public.inventory_movements m
   where list_movements.product_id is null or m.product_id = list_movements.product_id;
  select coalesce(jsonb_agg(
           jsonb_build_object('id', m.id, 'seq', m.seq, 'product_id', m.product_id, 'product_name', p.name,
                              'product_sku', p.sku, 'movement_type', m.movement_type, 'quantity', m.quantity,
                              'reason', m.reason, 'reference', m.reference, 'reference_id', m.reference_id,
                              'notes', m.notes, 'previous_stock', m.previous_stock, 'new_stock', m.new_stock,
                              'created_at', m.created_at, 'created_by', m.created_by)
           order by m.seq desc), '[]'::jsonb)
    into v_items
    from (select m.id, m.seq, m.product_id, m.movement_type, m.quantity, m.reason, m.reference, m.reference_id,
                 m.notes, m.previous_stock, m.new_stock, m.created_at, m.created_by
            from public.inventory_movements m
           where list_movements.product_id is null or m.product_id = list_movements.product_id
           order by m.seq desc
           limit v_size offset (v_page::bigint - 1) * v_size) m
    join public.products p on p.id = m.product_id;
  return jsonb_build_object('items', v_items, 'total_items', v_total, 'page', v_page, 'page_size', v_size);
end;
$$;
