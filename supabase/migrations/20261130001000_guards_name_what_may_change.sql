-- The history guards name what may change, not what may not: a cancelled
-- sale changes its status and its cancellation columns, a closed session its
-- status and its closing columns; every other column, today's and any added
-- later, stays as it was. The guards listed the frozen columns instead, so
-- each new column of sales needed a new guard (re-created four times), and a
-- forgotten one would have become editable on a cancellation.
-- And private.find_category is find_category_row's lookup, not a second copy.

create or replace function private.sales_guard() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  -- What cancel_sale sets; nothing else of a sale ever changes.
  v_changes constant text[] := array['status', 'cancelled_at', 'cancelled_by', 'cancellation_reason',
                                     'cancelled_cash_session_id'];
begin
  -- Two IF statements, not one OR: plpgsql prepares a whole expression at
  -- once, and old.status does not exist for the other tables nor old for TRUNCATE.
  if tg_op <> 'UPDATE' or tg_table_name <> 'sales' then
    perform private.raise('FORBIDDEN',
      'Sales are history: they are never deleted or edited; cancel_sale is the only change allowed.');
  end if;
  if old.status <> 'COMPLETED' or new.status <> 'CANCELLED'
     or to_jsonb(new) - v_changes is distinct from to_jsonb(old) - v_changes then
    perform private.raise('FORBIDDEN',
      'Sales are history: they are never deleted or edited; cancel_sale is the only change allowed.');
  end if;
  return new;
end;
$$;

create or replace function private.cash_sessions_guard() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  -- What close_cash_session sets; nothing else of a session ever changes.
  v_changes constant text[] := array['status', 'closed_by', 'closed_at', 'expected_cash', 'counted_cash',
                                     'difference', 'counted_denominations', 'closing_notes', 'report'];
begin
  -- Two IF statements, not one OR: old.status does not exist for cash_movements nor old for TRUNCATE.
  if tg_op <> 'UPDATE' or tg_table_name <> 'cash_sessions' then
    perform private.raise('FORBIDDEN',
      'Cash sessions and their movements are history: never deleted or edited; close_cash_session closes a session.');
  end if;
  if old.status <> 'OPEN' or new.status <> 'CLOSED'
     or to_jsonb(new) - v_changes is distinct from to_jsonb(old) - v_changes then
    perform private.raise('FORBIDDEN', 'A cash session only changes once, from OPEN to CLOSED, by close_cash_session.');
  end if;
  return new;
end;
$$;

create or replace function private.find_category(category_id uuid) returns uuid
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if category_id is null then
    return null;
  end if;
  return (private.find_category_row(category_id)).id;
end;
$$;
