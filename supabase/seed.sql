-- Demo data for the local stack (loaded after the migrations on a fresh database).
select 1;
