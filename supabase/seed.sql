-- Comercial Comarapa: the demo store.
--
-- A Bolivian grocery and general store (prices in bolivianos, BOB): 18 categories,
-- about 350 products, four demo users (one per role), a stock ledger with four months
-- of history, and 44 customers, most buying on credit (fiado). Loaded once, after the migrations, on a fresh database: by `npm run dev`
-- (in one transaction) and by `supabase db reset` (statement by statement is fine too).
-- Plain SQL, no psql meta-commands. Deterministic: no random(); two loads give the same
-- catalog, down to the ids (derived from the SKU or the category name).
--
-- Stock is never written directly: every unit enters through public.register_stock_entry
-- (INITIAL_STOCK first, so the ledger invariant holds from its first row) and later moves
-- through the same RPCs the front end uses. The seed acts as the service role for the
-- opening inventory and as the demo users for the history after it.
--
-- Demo users (password `comarapa123` where a real GoTrue signs them in; `npm run dev`
-- prints a ready-to-use access token for each):
--   admin@comarapa.bo    admin    Rodrigo Vargas Rojas (propietario)
--   gerente@comarapa.bo  manager  María Elena Quispe Mamani
--   cajero@comarapa.bo   staff    Juan Carlos Choque Flores
--   visor@comarapa.bo    viewer   Ana Lucía Gutiérrez Vaca (contadora)
--
-- store_settings keeps the row its migration created (Comercial Comarapa, BOB,
-- America/La_Paz). The history is made through the RPCs and then dated back to its
-- day (see the customers section); the last section is this morning at the counter:
-- twelve sales rung up by the cashier through public.create_sale, one cancelled by the
-- manager.

-- The RPCs check the caller's role through request.jwt.claims: act as the service role.
select set_config('request.jwt.claims', '{"role":"service_role"}', false);

-- =============================================================================
-- Demo users: one per role
-- =============================================================================
insert into auth.users
  (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
select v.id::uuid, 'authenticated', 'authenticated', v.email,
       '$2a$10$zCWQmVAFazewnv5NrKc/Mu39gMouuZNqpWqytKTHRqfdWKO2JfERi',  -- bcrypt of comarapa123
       now(), '{"provider":"email","providers":["email"]}'::jsonb,
       jsonb_build_object('full_name', v.full_name, 'cargo', v.cargo, 'email_verified', true),
       now(), now()
  from (values
    ('a0000000-0000-4000-8000-000000000001', 'admin@comarapa.bo',   'Rodrigo Vargas Rojas',      'Propietario'),
    ('a0000000-0000-4000-8000-000000000002', 'gerente@comarapa.bo', 'María Elena Quispe Mamani', 'Gerente de tienda'),
    ('a0000000-0000-4000-8000-000000000003', 'cajero@comarapa.bo',  'Juan Carlos Choque Flores', 'Cajero'),
    ('a0000000-0000-4000-8000-000000000004', 'visor@comarapa.bo',   'Ana Lucía Gutiérrez Vaca',  'Contadora')
  ) as v(id, email, full_name, cargo);

-- What only a real GoTrue schema has (Supabase, not the local stack's bootstrap):
-- the instance id, empty strings instead of NULL in its token columns, and an email
-- identity per user, so the demo users can sign in with their password.
do $$
declare
  v_ids uuid[] := array[
    'a0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000002',
    'a0000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000004'
  ]::uuid[];
  v_column text;
begin
  if exists (select from information_schema.columns
              where table_schema = 'auth' and table_name = 'users' and column_name = 'instance_id') then
    execute 'update auth.users set instance_id = ''00000000-0000-0000-0000-000000000000'' where id = any($1)'
      using v_ids;
  end if;
  for v_column in
    select c.column_name::text from information_schema.columns c
     where c.table_schema = 'auth' and c.table_name = 'users' and c.is_generated = 'NEVER'
       and c.column_name in ('confirmation_token', 'recovery_token', 'email_change_token_new',
                             'email_change_token_current', 'email_change', 'phone_change',
                             'phone_change_token', 'reauthentication_token')
  loop
    execute format('update auth.users set %I = '''' where id = any($1) and %I is null', v_column, v_column)
      using v_ids;
  end loop;
  if exists (select from information_schema.columns
              where table_schema = 'auth' and table_name = 'identities' and column_name = 'provider_id') then
    execute $sql$
      insert into auth.identities (id, user_id, provider_id, provider, identity_data, created_at, updated_at)
      select u.id, u.id, u.id::text, 'email',
             jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false),
             now(), now()
        from auth.users u
       where u.id = any($1)
    $sql$ using v_ids;
  end if;
end
$$;

-- The owner's role first (as the service role); then the owner grants the others,
-- so user_roles.granted_by records the admin, as it would in the app.
insert into public.user_roles (user_id, role) values ('a0000000-0000-4000-8000-000000000001', 'admin');
select set_config('request.jwt.claims',
                  '{"role":"authenticated","sub":"a0000000-0000-4000-8000-000000000001","email":"admin@comarapa.bo"}',
                  false);
insert into public.user_roles (user_id, role) values
  ('a0000000-0000-4000-8000-000000000002', 'manager'),
  ('a0000000-0000-4000-8000-000000000003', 'staff'),
  ('a0000000-0000-4000-8000-000000000004', 'viewer');
select set_config('request.jwt.claims', '{"role":"service_role"}', false);

-- =============================================================================
-- Categories
-- =============================================================================
insert into public.categories (id, name, description)
select md5('comarapa:category:' || v.name)::uuid, v.name, v.description
  from (values
    ('Abarrotes', 'Alimentos secos de la canasta familiar: azúcar, arroz, aceite, fideos, harinas, granos y cereales andinos.'),
    ('Bebidas', 'Gaseosas, aguas, jugos y refrescos sin alcohol.'),
    ('Lácteos', 'Leche, yogur, quesos, mantequilla y otros derivados lácteos; cadena de frío.'),
    ('Limpieza', 'Detergentes, lavandinas, desinfectantes y artículos para la limpieza del hogar.'),
    ('Higiene Personal', 'Cuidado personal: papel higiénico, jabones, champús, cuidado dental y femenino.'),
    ('Panadería', 'Pan del día y masitas; el pan fresco llega cada mañana.'),
    ('Carnes y Embutidos', 'Carne de res, pollo y cerdo al peso, y embutidos envasados.'),
    ('Frutas y Verduras', 'Productos frescos del mercado: tubérculos, verduras y frutas de temporada.'),
    ('Snacks y Golosinas', 'Chocolates bolivianos, galletas, papas fritas, caramelos y picoteo.'),
    ('Enlatados', 'Conservas: atún, sardinas, frutas en almíbar, verduras y salsas envasadas.'),
    ('Bebidas Alcohólicas', 'Cervezas, singanis y vinos de Tarija; venta solo a mayores de 18 años.'),
    ('Mascotas', 'Alimento y accesorios para perros y gatos.'),
    ('Bazar / Librería', 'Útiles escolares y de oficina, descartables y artículos de uso diario.'),
    ('Ferretería básica', 'Focos, pilas, pegamentos, herramientas y artículos eléctricos de uso doméstico.'),
    ('Bebés', 'Pañales, fórmulas, papillas y cuidado del bebé.'),
    ('Desayuno e Infusiones', 'Café de los Yungas, mates, cocoa, avena, cereales, mermeladas y miel.'),
    ('Condimentos y Salsas', 'Especias, caldos, mayonesas, salsas y aderezos.'),
    ('Congelados', 'Helados, pescados de río y lago, y productos congelados.')
  ) as v(name, description);

-- =============================================================================
-- Products: one VALUES list per category into a scratch table, then one insert.
-- Columns: sku, barcode (EAN-13, Bolivian GS1 prefix 777; none for goods sold by
-- weight or baked in the day), name, description, unit_price and cost_price (BOB),
-- min_stock_level, and the opening stock (0: never received yet).
-- =============================================================================
create temporary table seed_product (
  category text not null,
  sku text primary key,
  barcode text,
  name text not null,
  description text,
  unit_price numeric(12, 2) not null,
  cost_price numeric(12, 2) not null,
  min_stock_level integer not null,
  initial_stock integer not null
);

-- Abarrotes
insert into pg_temp.seed_product
select 'Abarrotes', v.* from (values
  ('ABA-0001', '7771009000171', 'Azúcar Guabirá 1 kg', 'Azúcar blanca refinada del ingenio Guabirá, Santa Cruz.', 8.50, 6.89, 30, 64),
  ('ABA-0002', '7771009000249', 'Azúcar Guabirá 5 kg', 'Azúcar blanca refinada, bolsa familiar.', 40.00, 30.80, 8, 31),
  ('ABA-0003', '7771017000170', 'Azúcar Unagro 1 kg', 'Azúcar blanca refinada.', 8.00, 6.64, 20, 83),
  ('ABA-0004', '7771025000179', 'Azúcar Morena IABSA 1 kg', 'Azúcar rubia de caña.', 9.50, 7.51, 10, 21),
  ('ABA-0005', '7771900000171', 'Azúcar Impalpable 500 g', 'Azúcar glas para repostería.', 8.00, 6.80, 6, 1),
  ('ABA-0006', '7771033000178', 'Arroz Grano de Oro 1 kg', 'Arroz grano largo de primera.', 10.00, 8.10, 30, 95),
  ('ABA-0007', '7771033000246', 'Arroz Grano de Oro 5 kg', 'Arroz grano largo de primera, bolsa familiar.', 47.00, 36.19, 8, 33),
  ('ABA-0008', '7771900000249', 'Arroz Popular 1 kg', 'Arroz económico de grano entero.', 8.00, 6.64, 20, 34),
  ('ABA-0009', '7771041000177', 'Aceite Fino 900 ml', 'Aceite vegetal de soya.', 17.50, 13.83, 24, 55),
  ('ABA-0010', '7771041000245', 'Aceite Fino 2 L', 'Aceite vegetal de soya, botella familiar.', 37.00, 31.45, 10, 33),
  ('ABA-0011', '7771041000313', 'Aceite Fino 5 L', 'Aceite vegetal de soya, bidón.', 85.00, 68.85, 4, 22),
  ('ABA-0012', '7771041000382', 'Aceite de Girasol Fino 900 ml', 'Aceite puro de girasol.', 19.50, 15.02, 8, 14),
  ('ABA-0013', '7771041000450', 'Aceite Riquísimo 900 ml', 'Aceite vegetal comestible.', 16.00, 13.28, 12, 29),
  ('ABA-0014', '7771058000177', 'Fideo Lazzaroni Tallarín 400 g', 'Pasta seca de sémola de trigo.', 6.00, 4.74, 24, 73),
  ('ABA-0015', '7771058000245', 'Fideo Lazzaroni Spaghetti 400 g', 'Pasta seca de sémola de trigo.', 6.00, 5.10, 24, 100),
  ('ABA-0016', '7771058000313', 'Fideo Lazzaroni Codito 400 g', 'Pasta corta para sopas.', 5.50, 4.46, 18, 34),
  ('ABA-0017', '7771058000382', 'Fideo Lazzaroni Caracol 400 g', 'Pasta corta para sopas.', 5.50, 4.24, 12, 27),
  ('ABA-0018', '7771058000450', 'Fideo Lazzaroni Cabello de Ángel 400 g', 'Pasta fina para sopas.', 5.50, 4.57, 12, 42),
  ('ABA-0019', '7771058000528', 'Fideo Lazzaroni Macarrón 400 g', 'Pasta corta para guisos y al horno.', 6.00, 4.74, 12, 5),
  ('ABA-0020', '7771900000317', 'Harina de Trigo 1 kg', 'Harina de trigo 000 para pan y repostería.', 7.00, 5.95, 20, 35),
  ('ABA-0021', '7771900000386', 'Harina de Trigo 5 kg', 'Harina de trigo 000, bolsa familiar.', 32.00, 25.92, 6, 13),
  ('ABA-0022', '7771900000454', 'Harina de Maíz Amarillo 1 kg', 'Para lawa, humintas y tamales.', 8.00, 6.16, 8, 28),
  ('ABA-0023', '7771066000176', 'Fécula de Maíz Maizena 200 g', 'Almidón de maíz para postres y espesar.', 9.00, 7.47, 10, 47),
  ('ABA-0024', '7771900000522', 'Sémola 500 g', 'Sémola de trigo para sopas y postres.', 6.00, 4.74, 8, 15),
  ('ABA-0025', '7771900000591', 'Quinua Real Blanca 1 kg', 'Quinua real lavada del altiplano sur.', 22.00, 18.70, 10, 26),
  ('ABA-0026', '7771900000669', 'Cañahua 500 g', 'Grano andino tostado, para pito y refrescos.', 14.00, 11.34, 6, 20),
  ('ABA-0027', '7771900000737', 'Lenteja 1 kg', 'Lenteja seleccionada.', 14.00, 10.78, 10, 45),
  ('ABA-0028', '7771900000805', 'Frejol Rojo 1 kg', 'Frejol rojo seleccionado.', 14.00, 11.62, 8, 13),
  ('ABA-0029', '7771900000874', 'Arveja Seca Partida 500 g', 'Para sopas y purés.', 7.00, 5.53, 8, 20),
  ('ABA-0030', '7771900000942', 'Maíz Pelado para Mote 1 kg', 'Maíz blanco pelado para mote y api.', 9.00, 7.65, 8, 31),
  ('ABA-0031', '7771900001017', 'Maíz Morado 500 g', 'Para api morado y chicha morada.', 8.00, 6.48, 6, 0),
  ('ABA-0032', '7771900001086', 'Chuño 1 kg', 'Chuño negro deshidratado del altiplano.', 24.00, 18.48, 8, 18),
  ('ABA-0033', '7771900001154', 'Tunta 1 kg', 'Papa blanca deshidratada, para fricasé y chairo.', 32.00, 26.56, 5, 12),
  ('ABA-0034', '7771900001222', 'Sal Yodada 1 kg', 'Sal de mesa yodada y fluorada.', 2.50, 1.98, 20, 65),
  ('ABA-0035', null, 'Huevo Blanco (unidad)', 'Huevo de granja, tamaño mediano.', 1.10, 0.93, 60, 241),
  ('ABA-0036', '7771900001291', 'Huevo Blanco Maple x30', 'Maple de 30 huevos de granja.', 32.00, 25.92, 6, 13),
  ('ABA-0037', '7771074000175', 'Levadura Seca Fleischmann 10 g', 'Levadura instantánea para pan.', 3.00, 2.31, 12, 31),
  ('ABA-0038', '7771082000174', 'Polvo de Hornear Royal 100 g', 'Leudante para tortas y queques.', 8.00, 6.64, 6, 21),
  ('ABA-0039', '7771900001369', 'Bicarbonato de Sodio 100 g', null, 3.00, 2.37, 6, 30)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Bebidas
insert into pg_temp.seed_product
select 'Bebidas', v.* from (values
  ('BEB-0001', '7772007000170', 'Coca-Cola 2 L', 'Gaseosa sabor cola, botella retornable.', 14.00, 10.92, 24, 52),
  ('BEB-0002', '7772007000248', 'Coca-Cola 3 L', 'Gaseosa sabor cola, botella familiar.', 18.00, 13.32, 12, 43),
  ('BEB-0003', '7772007000316', 'Coca-Cola 500 ml', 'Gaseosa sabor cola, botella personal.', 6.00, 4.80, 36, 147),
  ('BEB-0004', '7772007000385', 'Coca-Cola Lata 355 ml', 'Gaseosa sabor cola en lata.', 6.00, 4.56, 24, 42),
  ('BEB-0005', '7772007000453', 'Coca-Cola Sin Azúcar 2 L', 'Gaseosa sabor cola sin azúcar.', 14.00, 11.48, 8, 18),
  ('BEB-0006', '7772007000521', 'Fanta Naranja 2 L', 'Gaseosa sabor naranja.', 13.00, 10.14, 12, 41),
  ('BEB-0007', '7772007000590', 'Sprite 2 L', 'Gaseosa sabor lima limón.', 13.00, 9.62, 12, 49),
  ('BEB-0008', '7772015000179', 'Pepsi 2 L', 'Gaseosa sabor cola.', 12.00, 9.60, 12, 22),
  ('BEB-0009', '7772015000247', 'Pepsi 3 L', 'Gaseosa sabor cola, botella familiar.', 16.00, 12.16, 8, 23),
  ('BEB-0010', '7772015000315', '7UP 2 L', 'Gaseosa sabor lima limón.', 12.00, 9.84, 8, 27),
  ('BEB-0011', '7772015000384', 'Guaraná Antarctica 2 L', 'Gaseosa sabor guaraná.', 12.00, 9.36, 8, 38),
  ('BEB-0012', '7772023000178', 'Mendocina Naranja 2 L', 'La gaseosa paceña de siempre.', 9.00, 6.66, 8, 4),
  ('BEB-0013', '7772031000177', 'Simba Guaraná 2 L', 'Gaseosa sabor guaraná.', 9.00, 7.20, 8, 21),
  ('BEB-0014', '7772007000668', 'Agua Vital sin Gas 2 L', 'Agua purificada.', 7.00, 5.32, 24, 73),
  ('BEB-0015', '7772007000736', 'Agua Vital con Gas 2 L', 'Agua purificada gasificada.', 7.50, 6.15, 12, 52),
  ('BEB-0016', '7772007000804', 'Agua Vital 600 ml', 'Agua purificada, botella personal.', 3.50, 2.73, 36, 61),
  ('BEB-0017', '7772049000176', 'Agua Mineral Viscachani 2 L', 'Agua mineral natural con gas.', 8.00, 5.92, 12, 27),
  ('BEB-0018', '7772900000178', 'Agua Purificada Bidón 20 L', 'Bidón retornable; se cobra el agua, no el envase.', 22.00, 17.60, 4, 18),
  ('BEB-0019', '7772007000873', 'Jugo Del Valle Durazno 1 L', 'Néctar de durazno.', 10.00, 7.60, 12, 50),
  ('BEB-0020', '7772007000941', 'Jugo Del Valle Naranja 1 L', 'Néctar de naranja.', 10.00, 8.20, 12, 23),
  ('BEB-0021', '7773006000178', 'Pilfrut Durazno 1 L', 'Bebida de fruta sabor durazno.', 6.50, 5.07, 18, 37),
  ('BEB-0022', '7773006000246', 'Pilfrut Manzana 200 ml', 'Bebida de fruta sabor manzana, cajita.', 1.50, 1.11, 48, 148),
  ('BEB-0023', '7772007001016', 'Powerade Mora Azul 500 ml', 'Bebida isotónica.', 7.00, 5.60, 12, 55),
  ('BEB-0024', '7772056000176', 'Red Bull 250 ml', 'Bebida energizante.', 14.00, 10.64, 12, 6),
  ('BEB-0025', '7772064000175', 'Tampico Citrus Punch 2 L', 'Bebida refrescante de cítricos.', 9.00, 7.38, 8, 22),
  ('BEB-0026', null, 'Refresco de Mocochinchi 1 L', 'Refresco tradicional de durazno deshidratado y canela.', 5.00, 3.90, 6, 20),
  ('BEB-0027', null, 'Refresco de Linaza 1 L', 'Refresco casero de linaza.', 5.00, 3.70, 6, 0)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Lácteos
insert into pg_temp.seed_product
select 'Lácteos', v.* from (values
  ('LAC-0001', '7773006000314', 'Leche PIL Entera 1 L', 'Leche entera UHT, larga vida.', 7.00, 5.67, 30, 64),
  ('LAC-0002', '7773006000383', 'Leche PIL Entera Bolsa 1 L', 'Leche entera pasteurizada en bolsa.', 6.00, 4.62, 24, 79),
  ('LAC-0003', '7773006000451', 'Leche PIL Deslactosada 1 L', 'Leche UHT sin lactosa.', 8.50, 7.06, 6, 27),
  ('LAC-0004', '7773006000529', 'Leche PIL Semidescremada 1 L', 'Leche UHT con menos grasa.', 7.50, 5.93, 12, 24),
  ('LAC-0005', '7773006000598', 'Leche Chocolatada PIL 1 L', 'Leche saborizada con cacao.', 9.00, 7.65, 12, 26),
  ('LAC-0006', '7773006000666', 'Leche Chocolatada PIL 200 ml', 'Leche saborizada con cacao, cajita.', 2.50, 2.03, 36, 113),
  ('LAC-0007', '7773014000177', 'Leche Delizia Entera 1 L', 'Leche entera UHT.', 7.00, 5.39, 12, 49),
  ('LAC-0008', '7773022000176', 'Leche Pairumani Entera 1 L', 'Leche entera UHT de Cochabamba.', 7.00, 5.81, 12, 22),
  ('LAC-0009', '7773006000734', 'Leche en Polvo PIL 400 g', 'Leche entera en polvo.', 28.00, 22.12, 8, 23),
  ('LAC-0010', '7773030000175', 'Leche Evaporada Ideal 410 g', 'Leche evaporada en lata.', 10.50, 8.92, 12, 39),
  ('LAC-0011', '7773006000802', 'Yogur PIL Frutilla 1 L', 'Yogur bebible sabor frutilla.', 12.00, 9.72, 12, 54),
  ('LAC-0012', '7773006000871', 'Yogur PIL Durazno 1 L', 'Yogur bebible sabor durazno.', 12.00, 9.24, 12, 20),
  ('LAC-0013', '7773006000949', 'Yogur PIL Frutilla 200 ml', 'Yogur bebible sabor frutilla, botella personal.', 3.00, 2.49, 24, 53),
  ('LAC-0014', '7773014000245', 'Yogur Delizia Frutilla 1 L', 'Yogur bebible sabor frutilla.', 12.00, 9.48, 8, 2),
  ('LAC-0015', '7773006001014', 'Mantequilla PIL 200 g', 'Mantequilla con sal.', 15.00, 12.75, 10, 44),
  ('LAC-0016', '7773900000175', 'Margarina Cremosa 250 g', 'Margarina vegetal para untar.', 6.50, 5.27, 10, 22),
  ('LAC-0017', null, 'Queso Menonita (kg)', 'Queso semiduro de las colonias menonitas.', 55.00, 42.35, 5, 13),
  ('LAC-0018', null, 'Queso Criollo Fresco (kg)', 'Queso fresco de vaca, de Chuquisaca.', 45.00, 37.35, 4, 2),
  ('LAC-0019', null, 'Quesillo (unidad)', 'Quesillo fresco del valle.', 10.00, 7.90, 6, 26),
  ('LAC-0020', '7773006001083', 'Queso Laminado PIL 200 g', 'Queso tipo Edam en láminas.', 20.00, 17.00, 6, 14),
  ('LAC-0021', '7773006001151', 'Crema de Leche PIL 200 ml', 'Crema de leche UHT para cocinar y batir.', 9.00, 7.29, 8, 17),
  ('LAC-0022', '7773006001229', 'Dulce de Leche PIL 500 g', 'Dulce de leche para untar y repostería.', 14.00, 10.78, 6, 22),
  ('LAC-0023', '7773030000243', 'Leche Condensada Nestlé 395 g', 'Leche condensada azucarada.', 16.00, 13.28, 8, 39)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Limpieza
insert into pg_temp.seed_product
select 'Limpieza', v.* from (values
  ('LIM-0001', '7774005000176', 'Detergente Ola 1 kg', 'Detergente en polvo para ropa.', 18.00, 13.32, 12, 28),
  ('LIM-0002', '7774005000244', 'Detergente Ola 500 g', 'Detergente en polvo para ropa.', 9.50, 6.65, 12, 43),
  ('LIM-0003', '7774005000312', 'Detergente Ola 3 kg', 'Detergente en polvo para ropa, bolsa familiar.', 50.00, 38.00, 4, 19),
  ('LIM-0004', '7774013000175', 'Detergente Omo 1 kg', 'Detergente en polvo para ropa.', 22.00, 15.84, 8, 18),
  ('LIM-0005', '7774021000174', 'Detergente Ace 900 g', 'Detergente en polvo para ropa.', 19.00, 14.82, 8, 18),
  ('LIM-0006', '7774039000173', 'Jabón de Lavar Bolívar 210 g', 'Jabón en barra para ropa.', 5.00, 3.70, 24, 77),
  ('LIM-0007', '7774900000172', 'Lavandina 1 L', 'Hipoclorito de sodio para desinfectar.', 6.00, 4.20, 12, 49),
  ('LIM-0008', '7774900000240', 'Lavandina 4 L', 'Hipoclorito de sodio, bidón.', 20.00, 15.20, 4, 10),
  ('LIM-0009', '7774005000381', 'Lavavajillas Ola Limón 750 ml', 'Detergente líquido para vajilla.', 12.50, 9.00, 8, 23),
  ('LIM-0010', '7774047000172', 'Suavizante Suavitel 1 L', 'Suavizante de ropa.', 18.00, 14.04, 6, 2),
  ('LIM-0011', '7774047000240', 'Limpiador Poett Lavanda 900 ml', 'Limpiador líquido multiuso aromatizado.', 14.00, 10.36, 6, 30),
  ('LIM-0012', '7774900000318', 'Desinfectante Pino 1 L', 'Desinfectante de pisos aroma pino.', 12.00, 8.40, 6, 11),
  ('LIM-0013', '7774900000387', 'Limpiavidrios 500 ml', 'Limpiador de vidrios con atomizador.', 12.00, 9.12, 4, 13),
  ('LIM-0014', '7774900000455', 'Cera Líquida para Pisos 1 L', 'Cera autobrillante para pisos.', 16.00, 11.52, 4, 13),
  ('LIM-0015', '7774054000172', 'Limpiador en Polvo Sapolio 500 g', 'Limpiador abrasivo para cocina y baño.', 8.00, 6.24, 6, 28),
  ('LIM-0016', '7774900000523', 'Esponja Doble Uso', 'Esponja con fibra para lavar vajilla.', 3.00, 2.22, 12, 25),
  ('LIM-0017', '7774900000592', 'Lana de Acero (virulana)', null, 2.50, 1.75, 12, 27),
  ('LIM-0018', '7774900000660', 'Escoba de Plástico', null, 25.00, 19.00, 3, 15),
  ('LIM-0019', '7774900000738', 'Trapeador de Algodón', null, 22.00, 15.84, 3, 14),
  ('LIM-0020', '7774900000806', 'Recogedor de Basura', null, 12.00, 9.36, 3, 9),
  ('LIM-0021', '7774900000875', 'Trapo de Piso de Algodón', null, 6.00, 4.44, 6, 13),
  ('LIM-0022', '7774900000943', 'Bolsas de Basura Negras x10', 'Bolsas grandes de 70 x 90 cm.', 6.00, 4.20, 12, 40),
  ('LIM-0023', '7774900001018', 'Guantes de Goma Talla M', null, 9.00, 6.84, 6, 31),
  ('LIM-0024', '7774062000171', 'Insecticida Baygon 400 ml', 'Insecticida en aerosol para moscas y mosquitos.', 32.00, 23.04, 4, 9),
  ('LIM-0025', '7774070000170', 'Ambientador Glade Lavanda 360 ml', 'Aromatizante de ambientes en aerosol.', 25.00, 19.50, 4, 0)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Higiene Personal
insert into pg_temp.seed_product
select 'Higiene Personal', v.* from (values
  ('HIG-0001', '7775004000174', 'Papel Higiénico Elite x4', 'Doble hoja, 4 rollos.', 12.00, 8.52, 20, 44),
  ('HIG-0002', '7775004000242', 'Papel Higiénico Elite x12', 'Doble hoja, 12 rollos.', 33.00, 22.11, 6, 25),
  ('HIG-0003', '7775012000173', 'Papel Higiénico Scott x4', 'Doble hoja, 4 rollos.', 13.00, 9.49, 10, 43),
  ('HIG-0004', '7775020000172', 'Pasta Dental Colgate Triple Acción 90 g', 'Crema dental con flúor.', 12.00, 8.28, 12, 24),
  ('HIG-0005', '7775020000240', 'Pasta Dental Colgate Total 12 90 g', 'Crema dental de protección completa.', 22.00, 16.50, 6, 14),
  ('HIG-0006', '7775020000318', 'Cepillo Dental Colgate Medio', null, 8.00, 5.68, 10, 35),
  ('HIG-0007', '7775038000171', 'Jabón de Tocador Lux 125 g', null, 5.00, 3.35, 18, 73),
  ('HIG-0008', '7775038000249', 'Jabón de Tocador Rexona 125 g', null, 6.00, 4.38, 12, 22),
  ('HIG-0009', '7775020000387', 'Jabón Protex Avena 110 g', 'Jabón antibacterial.', 7.00, 4.83, 12, 31),
  ('HIG-0010', '7775038000317', 'Shampoo Sedal Ceramidas 340 ml', null, 25.00, 18.75, 6, 21),
  ('HIG-0011', '7775046000170', 'Shampoo Head & Shoulders 375 ml', 'Champú anticaspa.', 38.00, 26.98, 4, 1),
  ('HIG-0012', '7775038000386', 'Acondicionador Sedal 340 ml', null, 25.00, 16.75, 4, 8),
  ('HIG-0013', '7775038000454', 'Desodorante Rexona Men Aerosol 150 ml', null, 25.00, 18.25, 6, 17),
  ('HIG-0014', '7775038000522', 'Desodorante Rexona Mujer Roll-on 50 ml', null, 16.00, 11.04, 6, 19),
  ('HIG-0015', '7775053000170', 'Toallas Higiénicas Nosotras x10', null, 12.00, 9.00, 10, 44),
  ('HIG-0016', '7775012000241', 'Toallas Higiénicas Kotex x8', null, 10.00, 7.10, 8, 19),
  ('HIG-0017', '7775061000179', 'Máquina de Afeitar Prestobarba x2', 'Máquinas desechables de tres hojas.', 22.00, 14.74, 4, 11),
  ('HIG-0018', '7775900000179', 'Algodón 50 g', null, 5.00, 3.65, 6, 24),
  ('HIG-0019', '7775900000247', 'Hisopos x100', null, 6.00, 4.14, 6, 26),
  ('HIG-0020', '7775079000178', 'Crema Nivea Lata 150 ml', 'Crema humectante.', 30.00, 22.50, 4, 0),
  ('HIG-0021', '7775900000315', 'Alcohol en Gel 250 ml', 'Gel antibacterial para manos.', 12.00, 8.52, 6, 13),
  ('HIG-0022', '7775900000384', 'Alcohol 70° 500 ml', 'Alcohol etílico para desinfección.', 10.00, 6.70, 8, 28)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Panadería
insert into pg_temp.seed_product
select 'Panadería', v.* from (values
  ('PAN-0001', null, 'Marraqueta (unidad)', 'Pan paceño crocante, del día.', 0.50, 0.38, 40, 84),
  ('PAN-0002', null, 'Pan de Batalla (unidad)', 'Pan redondo del día.', 0.50, 0.36, 40, 127),
  ('PAN-0003', null, 'Sarnita (unidad)', 'Pan con queso rallado, del día.', 0.50, 0.39, 20, 83),
  ('PAN-0004', null, 'Pan Integral (unidad)', 'Pan de harina integral, del día.', 0.70, 0.52, 30, 51),
  ('PAN-0005', null, 'Pan de Arroz (unidad)', 'Pan cruceño de arroz y queso.', 1.50, 1.20, 20, 42),
  ('PAN-0006', null, 'Cuñapé (unidad)', 'Panecillo de almidón de yuca y queso.', 1.50, 1.14, 20, 65),
  ('PAN-0007', null, 'Empanada de Queso (unidad)', 'Empanada horneada de queso.', 2.50, 1.80, 15, 61),
  ('PAN-0008', null, 'Salteña de Pollo (unidad)', 'Salteña jugosa de pollo, del día.', 8.00, 6.24, 10, 3),
  ('PAN-0009', null, 'Rosquitas de Manteca (bolsa)', null, 5.00, 3.70, 8, 23),
  ('PAN-0010', null, 'Alfajor de Maicena (unidad)', 'Con dulce de leche y coco.', 3.00, 2.40, 12, 39),
  ('PAN-0011', '7776900000176', 'Pan de Molde Blanco 500 g', 'Pan de molde en rebanadas.', 12.00, 9.12, 6, 30),
  ('PAN-0012', '7776900000244', 'Pan de Molde Integral 500 g', 'Pan de molde integral en rebanadas.', 14.00, 10.08, 4, 8)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Carnes y Embutidos
insert into pg_temp.seed_product
select 'Carnes y Embutidos', v.* from (values
  ('CAR-0001', null, 'Pollo Sofía Entero (kg)', 'Pollo fresco entero.', 19.00, 14.82, 10, 24),
  ('CAR-0002', null, 'Pechuga de Pollo Sofía (kg)', 'Pechuga fresca con hueso.', 28.00, 20.72, 8, 31),
  ('CAR-0003', null, 'Alas de Pollo (kg)', null, 20.00, 16.00, 6, 27),
  ('CAR-0004', null, 'Carne de Res Molida (kg)', 'Carne molida especial.', 55.00, 41.80, 6, 15),
  ('CAR-0005', null, 'Carne de Res Pulpa (kg)', 'Pulpa de res para milanesa y bistec.', 60.00, 49.20, 6, 14),
  ('CAR-0006', null, 'Costilla de Res (kg)', 'Para parrilla y caldos.', 42.00, 32.76, 5, 2),
  ('CAR-0007', null, 'Chuleta de Cerdo (kg)', null, 45.00, 33.30, 5, 21),
  ('CAR-0008', null, 'Charque de Llama (kg)', 'Carne de llama deshidratada, para charquekan.', 90.00, 72.00, 2, 7),
  ('CAR-0009', null, 'Chorizo Chuquisaqueño (kg)', 'Chorizo artesanal de Sucre.', 55.00, 41.80, 3, 13),
  ('CAR-0010', '7776003000172', 'Salchicha Viena Sofía 500 g', null, 18.00, 14.76, 10, 33),
  ('CAR-0011', '7776011000171', 'Salchicha Frankfurt Stege 500 g', null, 22.00, 17.16, 8, 38),
  ('CAR-0012', '7776003000240', 'Mortadela Sofía Especial 250 g', null, 11.00, 8.14, 8, 14),
  ('CAR-0013', '7776003000318', 'Jamón Cocido Sofía 200 g', null, 16.00, 12.80, 6, 17),
  ('CAR-0014', '7776011000249', 'Jamón Ahumado Stege 200 g', null, 20.00, 15.20, 5, 16),
  ('CAR-0015', '7776011000317', 'Chorizo Parrillero Stege 500 g', null, 28.00, 22.96, 5, 24),
  ('CAR-0016', '7776003000387', 'Chorizo Sofía 500 g', null, 22.00, 17.16, 5, 14),
  ('CAR-0017', '7776011000386', 'Tocino Ahumado Stege 200 g', null, 22.00, 16.28, 4, 0)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Frutas y Verduras
insert into pg_temp.seed_product
select 'Frutas y Verduras', v.* from (values
  ('FRU-0001', null, 'Papa Holandesa (kg)', 'Papa para freír y puré.', 5.00, 3.55, 30, 64),
  ('FRU-0002', null, 'Papa Imilla Negra (kg)', 'Papa andina harinosa.', 5.50, 3.69, 20, 67),
  ('FRU-0003', null, 'Camote (kg)', null, 6.00, 4.38, 8, 35),
  ('FRU-0004', null, 'Yuca (kg)', null, 5.00, 3.45, 10, 21),
  ('FRU-0005', null, 'Cebolla Roja (kg)', null, 6.00, 4.50, 20, 42),
  ('FRU-0006', null, 'Tomate (kg)', null, 8.00, 5.68, 20, 65),
  ('FRU-0007', null, 'Zanahoria (kg)', null, 4.00, 2.68, 15, 61),
  ('FRU-0008', null, 'Zapallo (kg)', null, 4.00, 2.92, 8, 16),
  ('FRU-0009', null, 'Locoto (kg)', 'Ají fresco picante, para llajua.', 12.00, 8.28, 4, 2),
  ('FRU-0010', null, 'Ají Amarillo Seco 100 g', 'Vainas secas para ají de fideo y picantes.', 6.00, 4.50, 6, 21),
  ('FRU-0011', null, 'Ajo (cabeza)', null, 1.50, 1.07, 30, 126),
  ('FRU-0012', null, 'Lechuga (unidad)', null, 3.00, 2.01, 10, 17),
  ('FRU-0013', null, 'Pepino (unidad)', null, 2.00, 1.46, 10, 25),
  ('FRU-0014', null, 'Perejil (atado)', null, 1.00, 0.69, 10, 31),
  ('FRU-0015', null, 'Choclo (unidad)', 'Maíz tierno.', 2.00, 1.50, 20, 84),
  ('FRU-0016', null, 'Haba Verde (kg)', null, 8.00, 5.68, 6, 16),
  ('FRU-0017', null, 'Arveja Verde (kg)', null, 10.00, 6.70, 6, 15),
  ('FRU-0018', null, 'Limón (kg)', 'Limón sutil.', 10.00, 7.30, 8, 30),
  ('FRU-0019', null, 'Naranja (docena)', 'Naranja de jugo.', 10.00, 6.90, 8, 34),
  ('FRU-0020', null, 'Mandarina (docena)', null, 10.00, 7.50, 8, 17),
  ('FRU-0021', null, 'Plátano de Seda (docena)', 'Banano del Chapare.', 8.00, 5.68, 10, 21),
  ('FRU-0022', null, 'Manzana Roja (kg)', null, 15.00, 10.05, 8, 28),
  ('FRU-0023', null, 'Durazno (kg)', 'Durazno de valle, de temporada.', 14.00, 10.22, 6, 0),
  ('FRU-0024', null, 'Papaya (unidad)', null, 12.00, 8.28, 4, 9),
  ('FRU-0025', null, 'Piña (unidad)', null, 10.00, 7.50, 4, 14),
  ('FRU-0026', null, 'Palta (unidad)', 'Aguacate maduro.', 4.00, 2.84, 12, 38)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Snacks y Golosinas
insert into pg_temp.seed_product
select 'Snacks y Golosinas', v.* from (values
  ('SNK-0001', '7777002000170', 'Chocolate Breick con Leche 100 g', 'Chocolate con leche de Cochabamba.', 12.00, 8.28, 10, 24),
  ('SNK-0002', '7777002000248', 'Chocolate Breick Bitter 100 g', 'Chocolate semiamargo.', 14.00, 9.10, 8, 31),
  ('SNK-0003', '7777010000179', 'Chocolate El Ceibo Amargo 70% 100 g', 'Cacao orgánico del Alto Beni.', 18.00, 12.78, 6, 27),
  ('SNK-0004', '7777010000247', 'Chocolate El Ceibo con Leche 100 g', 'Cacao orgánico del Alto Beni.', 16.00, 10.72, 6, 15),
  ('SNK-0005', '7777010000315', 'Chocolate El Ceibo con Quinua 100 g', 'Chocolate con leche y quinua inflada.', 17.00, 12.41, 6, 14),
  ('SNK-0006', '7777028000178', 'Bombones Para Ti Surtidos 200 g', 'Bombones finos de Sucre, caja de regalo.', 45.00, 31.05, 3, 14),
  ('SNK-0007', '7773030000311', 'Chocolate Sublime 30 g', 'Chocolate con maní.', 3.00, 1.95, 24, 97),
  ('SNK-0008', '7777036000177', 'Bombón Bon o Bon', 'Bombón relleno de crema de maní.', 1.50, 1.06, 36, 58),
  ('SNK-0009', '7777044000176', 'Galletas Mabel''s Vainilla 150 g', null, 5.00, 3.35, 12, 31),
  ('SNK-0010', '7777044000244', 'Galletas Mabel''s Cracker 240 g', 'Galletas de agua.', 7.00, 5.11, 12, 39),
  ('SNK-0011', '7777051000176', 'Galletas Oreo 108 g', null, 5.50, 3.80, 12, 54),
  ('SNK-0012', '7777900000173', 'Galletas María 200 g', null, 5.00, 3.25, 12, 20),
  ('SNK-0013', '7777051000244', 'Galletas Club Social x6', null, 7.00, 4.97, 8, 21),
  ('SNK-0014', '7772015000452', 'Papas Lay''s Clásicas 45 g', null, 5.00, 3.35, 24, 73),
  ('SNK-0015', '7772015000520', 'Doritos Queso 150 g', null, 14.00, 10.22, 6, 3),
  ('SNK-0016', '7777069000175', 'Pringles Original 124 g', null, 22.00, 15.18, 4, 13),
  ('SNK-0017', '7777900000241', 'Chizitos de Queso 150 g', null, 5.00, 3.25, 12, 27),
  ('SNK-0018', '7777900000319', 'Maní Salado 100 g', 'Maní tostado con sal.', 4.00, 2.84, 12, 42),
  ('SNK-0019', null, 'Pasankalla (bolsa)', 'Maíz inflado acaramelado.', 3.00, 2.01, 10, 42),
  ('SNK-0020', null, 'Pipocas Acarameladas 100 g', 'Palomitas de maíz dulces.', 3.00, 2.19, 10, 20),
  ('SNK-0021', '7777900000388', 'Turrón de Maní', null, 4.00, 2.76, 10, 21),
  ('SNK-0022', '7777051000312', 'Chicle Trident Menta', 'Goma de mascar sin azúcar.', 4.00, 2.60, 18, 58),
  ('SNK-0023', '7777036000245', 'Caramelos Arcor Surtidos 400 g', null, 15.00, 10.65, 4, 23),
  ('SNK-0024', '7777036000313', 'Gomitas Mogul 80 g', null, 5.00, 3.35, 10, 18),
  ('SNK-0025', '7777036000382', 'Chupetín Arcor (unidad)', null, 0.50, 0.37, 50, 106),
  ('SNK-0026', '7777077000174', 'Alfajor Jorgito Chocolate', null, 3.50, 2.42, 12, 0)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Enlatados
insert into pg_temp.seed_product
select 'Enlatados', v.* from (values
  ('ENL-0001', '7778001000178', 'Atún Van Camp''s en Aceite 170 g', 'Lomitos de atún en aceite vegetal.', 14.00, 10.64, 12, 28),
  ('ENL-0002', '7778001000246', 'Atún Van Camp''s en Agua 170 g', 'Lomitos de atún en agua.', 14.00, 10.08, 8, 31),
  ('ENL-0003', '7778019000177', 'Atún Real Lomitos en Aceite 170 g', null, 12.00, 9.36, 8, 35),
  ('ENL-0004', '7778900000170', 'Sardinas en Salsa de Tomate 425 g', null, 16.00, 11.84, 8, 18),
  ('ENL-0005', '7777036000450', 'Duraznos en Almíbar La Campagnola 820 g', null, 22.00, 17.60, 6, 14),
  ('ENL-0006', '7778900000248', 'Piña en Rodajas 560 g', null, 18.00, 13.68, 4, 17),
  ('ENL-0007', '7778900000316', 'Cóctel de Frutas 820 g', null, 24.00, 17.28, 4, 1),
  ('ENL-0008', '7778900000385', 'Choclo en Grano 300 g', 'Maíz dulce en conserva.', 10.00, 7.80, 6, 13),
  ('ENL-0009', '7778900000453', 'Arvejas en Lata 300 g', null, 9.00, 6.66, 6, 19),
  ('ENL-0010', '7778900000521', 'Palmitos Enteros 400 g', 'Palmito del trópico boliviano.', 22.00, 17.60, 4, 15),
  ('ENL-0011', '7778900000590', 'Puré de Tomate 520 g', null, 9.00, 6.84, 8, 38),
  ('ENL-0012', '7773030000380', 'Crema de Leche Nestlé 300 g', null, 12.00, 8.64, 6, 11),
  ('ENL-0013', '7778900000668', 'Paté de Hígado 90 g', null, 6.00, 4.68, 8, 21),
  ('ENL-0014', '7778900000736', 'Champiñones en Rodajas 400 g', null, 18.00, 13.32, 3, 0)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Bebidas Alcohólicas
insert into pg_temp.seed_product
select 'Bebidas Alcohólicas', v.* from (values
  ('ALC-0001', '7772015000599', 'Cerveza Paceña 620 ml', 'Cerveza tipo pilsener, botella retornable.', 12.00, 9.36, 48, 100),
  ('ALC-0002', '7772015000667', 'Cerveza Paceña Lata 355 ml', 'Cerveza tipo pilsener en lata.', 9.00, 6.66, 24, 79),
  ('ALC-0003', '7772015000735', 'Cerveza Paceña Six Pack Lata 355 ml', 'Seis latas de 355 ml.', 50.00, 40.00, 6, 27),
  ('ALC-0004', '7772015000803', 'Cerveza Paceña Black 620 ml', 'Cerveza oscura.', 15.00, 11.40, 12, 24),
  ('ALC-0005', '7772015000872', 'Cerveza Huari 620 ml', 'Cerveza premium de Oruro.', 15.00, 12.30, 24, 50),
  ('ALC-0006', '7772015000940', 'Cerveza Taquiña 620 ml', 'Cerveza de Cochabamba.', 12.00, 9.36, 24, 77),
  ('ALC-0007', '7772015001015', 'Cerveza Potosina 620 ml', 'Cerveza de Potosí.', 11.00, 8.14, 12, 49),
  ('ALC-0008', '7772015001084', 'Cerveza Bock 620 ml', 'Cerveza fuerte.', 14.00, 11.20, 12, 4),
  ('ALC-0009', '7778100000178', 'Singani Casa Real 750 ml', 'Destilado de uva moscatel de Tarija.', 85.00, 64.60, 6, 19),
  ('ALC-0010', '7778100000246', 'Singani Casa Real Etiqueta Negra 750 ml', 'Singani de selección.', 120.00, 98.40, 3, 12),
  ('ALC-0011', '7778118000177', 'Singani Rujero 750 ml', null, 95.00, 74.10, 3, 18),
  ('ALC-0012', '7778126000176', 'Singani San Pedro de Oro 750 ml', null, 45.00, 33.30, 6, 11),
  ('ALC-0013', '7778134000175', 'Vino Kohlberg Tinto 750 ml', 'Vino tinto de Tarija.', 45.00, 36.00, 6, 17),
  ('ALC-0014', '7778142000174', 'Vino Campos de Solana Tannat 750 ml', 'Vino tinto de altura, Tarija.', 75.00, 57.00, 3, 10),
  ('ALC-0015', '7778159000174', 'Vino Aranjuez Cabernet Sauvignon 750 ml', 'Vino tinto de Tarija.', 60.00, 49.20, 3, 16),
  ('ALC-0016', '7778167000173', 'Vino La Concepción Cabernet 750 ml', 'Vino tinto de altura, Tarija.', 70.00, 54.60, 3, 0),
  ('ALC-0017', '7778175000172', 'Fernet Branca 750 ml', null, 95.00, 70.30, 3, 9),
  ('ALC-0018', '7778183000171', 'Vodka Smirnoff 700 ml', null, 70.00, 56.00, 2, 12)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Mascotas
insert into pg_temp.seed_product
select 'Mascotas', v.* from (values
  ('MAS-0001', '7773030000458', 'Dog Chow Adulto 1 kg', 'Alimento balanceado para perros adultos.', 30.00, 22.80, 6, 16),
  ('MAS-0002', '7773030000526', 'Dog Chow Cachorro 1 kg', 'Alimento balanceado para cachorros.', 32.00, 23.04, 4, 19),
  ('MAS-0003', '7778209000178', 'Pedigree Adulto 1 kg', null, 28.00, 21.84, 4, 19),
  ('MAS-0004', null, 'Croquetas para Perro a Granel (kg)', 'Alimento económico al peso.', 14.00, 10.36, 10, 21),
  ('MAS-0005', '7778209000246', 'Whiskas Pescado 500 g', 'Alimento para gatos adultos.', 22.00, 17.60, 4, 10),
  ('MAS-0006', '7773030000595', 'Cat Chow Adulto 1 kg', null, 35.00, 26.60, 3, 1),
  ('MAS-0007', '7778920000174', 'Arena para Gatos 4 kg', null, 35.00, 25.20, 3, 13),
  ('MAS-0008', '7778920000242', 'Hueso Masticable (unidad)', null, 8.00, 6.24, 6, 13),
  ('MAS-0009', '7778920000310', 'Collar para Perro Mediano', null, 25.00, 18.50, 2, 11),
  ('MAS-0010', '7778920000389', 'Shampoo para Perros 250 ml', null, 20.00, 16.00, 2, 9)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Bazar / Librería
insert into pg_temp.seed_product
select 'Bazar / Librería', v.* from (values
  ('BAZ-0001', '7779900000177', 'Cuaderno Universitario 100 Hojas Cuadriculado', null, 8.00, 5.28, 20, 44),
  ('BAZ-0002', '7779900000245', 'Cuaderno Tamaño Carta 50 Hojas', null, 5.00, 3.25, 20, 67),
  ('BAZ-0003', '7779007000179', 'Bolígrafo BIC Azul', null, 1.50, 1.02, 50, 203),
  ('BAZ-0004', '7779007000247', 'Bolígrafo BIC Negro', null, 1.50, 0.98, 30, 51),
  ('BAZ-0005', '7779015000178', 'Lápiz Negro HB Faber-Castell', null, 1.50, 1.05, 30, 62),
  ('BAZ-0006', '7779015000246', 'Lápices de Colores Faber-Castell x12', null, 15.00, 9.90, 6, 23),
  ('BAZ-0007', '7779900000313', 'Goma de Borrar', null, 1.00, 0.65, 20, 81),
  ('BAZ-0008', '7779900000382', 'Tajador (unidad)', null, 1.00, 0.68, 20, 34),
  ('BAZ-0009', '7779900000450', 'Regla de 30 cm', null, 2.50, 1.63, 10, 27),
  ('BAZ-0010', '7779900000528', 'Cinta Adhesiva Transparente', null, 3.00, 2.10, 10, 33),
  ('BAZ-0011', '7779023000177', 'Pegamento en Barra UHU 21 g', null, 4.00, 2.64, 10, 46),
  ('BAZ-0012', '7779900000597', 'Papel Bond Tamaño Carta x500', 'Resma de 75 g/m².', 38.00, 24.70, 4, 8),
  ('BAZ-0013', '7779900000665', 'Sobre Manila Tamaño Carta', null, 0.50, 0.34, 30, 14),
  ('BAZ-0014', '7779900000733', 'Fósforos (paquete x10 cajitas)', null, 3.00, 1.95, 12, 37),
  ('BAZ-0015', '7779900000801', 'Velas de Parafina x6', 'Para cortes de luz.', 6.00, 4.20, 10, 44),
  ('BAZ-0016', '7779007000315', 'Encendedor BIC', null, 5.00, 3.30, 12, 25),
  ('BAZ-0017', '7779900000870', 'Bolsas Plásticas Camiseta x100', null, 10.00, 6.50, 6, 15),
  ('BAZ-0018', '7779900000948', 'Vasos Desechables x25', null, 6.00, 4.08, 6, 24),
  ('BAZ-0019', '7779900001013', 'Platos Desechables x25', null, 8.00, 5.20, 4, 18),
  ('BAZ-0020', '7779900001082', 'Servilletas de Papel x100', null, 5.00, 3.50, 10, 20)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Ferretería básica
insert into pg_temp.seed_product
select 'Ferretería básica', v.* from (values
  ('FER-0001', '7779910000174', 'Foco LED 9 W Luz Blanca', 'Equivale a 60 W incandescente.', 15.00, 10.20, 10, 24),
  ('FER-0002', '7779910000242', 'Foco LED 12 W Luz Blanca', 'Equivale a 100 W incandescente.', 18.00, 11.70, 6, 25),
  ('FER-0003', '7779031000176', 'Pilas Duracell AA x2', null, 14.00, 9.80, 10, 43),
  ('FER-0004', '7779031000244', 'Pilas Duracell AAA x2', null, 14.00, 9.24, 8, 18),
  ('FER-0005', '7779049000175', 'Pilas Panasonic Grandes D x2', null, 10.00, 7.20, 4, 10),
  ('FER-0006', '7779910000310', 'Cinta Aislante Negra 10 m', null, 5.00, 3.40, 6, 23),
  ('FER-0007', '7779056000175', 'Pegamento La Gotita 2 ml', 'Adhesivo instantáneo.', 8.00, 5.20, 10, 41),
  ('FER-0008', '7779064000174', 'Poxipol Transparente 10 min', 'Adhesivo epoxi de dos componentes.', 15.00, 10.50, 4, 10),
  ('FER-0009', null, 'Clavos de 2 Pulgadas (kg)', null, 15.00, 9.90, 3, 13),
  ('FER-0010', null, 'Alambre de Amarre (kg)', null, 18.00, 12.96, 2, 1),
  ('FER-0011', '7779910000389', 'Tornillos para Madera x50', null, 8.00, 5.44, 4, 22),
  ('FER-0012', '7779910000457', 'Martillo de Carpintero 16 oz', null, 45.00, 29.25, 2, 5),
  ('FER-0013', '7779910000525', 'Destornillador Plano 6 Pulgadas', null, 15.00, 10.50, 2, 9),
  ('FER-0014', '7779910000594', 'Candado de Bronce 40 mm', null, 35.00, 23.10, 2, 7),
  ('FER-0015', '7779910000662', 'Extensión Eléctrica 3 m', 'Tres tomas, 220 V.', 30.00, 21.60, 3, 16),
  ('FER-0016', '7779910000730', 'Enchufe Macho Universal', null, 5.00, 3.40, 6, 16),
  ('FER-0017', '7779910000808', 'Cinta Métrica 5 m', null, 20.00, 13.00, 2, 7),
  ('FER-0018', '7779910000877', 'Lija para Madera N° 120 (pliego)', null, 3.00, 2.10, 6, 0)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Bebés
insert into pg_temp.seed_product
select 'Bebés', v.* from (values
  ('BBE-0001', '7775087000177', 'Pañales Babysec M x30', null, 55.00, 41.80, 4, 12),
  ('BBE-0002', '7775087000245', 'Pañales Babysec G x30', null, 60.00, 43.20, 4, 19),
  ('BBE-0003', '7775012000319', 'Pañales Huggies Active Sec G x30', null, 70.00, 54.60, 3, 1),
  ('BBE-0004', '7775012000388', 'Pañales Huggies Active Sec XG x28', null, 75.00, 55.50, 3, 10),
  ('BBE-0005', '7775012000456', 'Toallitas Húmedas Huggies x80', null, 20.00, 16.00, 6, 14),
  ('BBE-0006', '7775087000313', 'Toallitas Húmedas Babysec x50', null, 12.00, 9.12, 6, 23),
  ('BBE-0007', '7773030000663', 'Leche NAN 1 Fórmula Infantil 400 g', 'Fórmula de inicio, de 0 a 6 meses.', 90.00, 64.80, 3, 13),
  ('BBE-0008', '7773030000731', 'Leche Nido Fortificada 400 g', null, 42.00, 32.76, 4, 10),
  ('BBE-0009', '7773030000809', 'Cereal Infantil Cerelac 400 g', null, 30.00, 22.20, 4, 15),
  ('BBE-0010', '7773030000878', 'Colado Gerber Manzana 113 g', 'Papilla de fruta.', 8.00, 6.40, 8, 27),
  ('BBE-0011', '7775095000176', 'Talco Johnson''s Baby 200 g', null, 22.00, 16.72, 3, 18),
  ('BBE-0012', '7775095000244', 'Shampoo Johnson''s Baby 200 ml', null, 25.00, 18.00, 3, 6),
  ('BBE-0013', '7775095000312', 'Aceite Johnson''s Baby 100 ml', null, 20.00, 15.60, 3, 11),
  ('BBE-0014', '7775103000174', 'Crema Hipoglós 60 g', 'Crema para la dermatitis del pañal.', 25.00, 18.50, 3, 10),
  ('BBE-0015', '7775910000176', 'Mamadera 250 ml', null, 25.00, 20.00, 2, 12),
  ('BBE-0016', '7775910000244', 'Chupete de Silicona', null, 12.00, 9.12, 3, 0)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Desayuno e Infusiones
insert into pg_temp.seed_product
select 'Desayuno e Infusiones', v.* from (values
  ('DES-0001', '7779106000179', 'Café Copacabana Molido 250 g', 'Café tostado y molido de los Yungas.', 25.00, 18.50, 8, 20),
  ('DES-0002', '7779106000247', 'Café Copacabana Molido 500 g', 'Café tostado y molido de los Yungas.', 46.00, 32.20, 4, 19),
  ('DES-0003', '7779106000315', 'Café Copacabana Soluble 100 g', 'Café instantáneo.', 28.00, 21.28, 6, 27),
  ('DES-0004', '7773030000946', 'Nescafé Tradición 100 g', 'Café instantáneo.', 30.00, 21.60, 6, 15),
  ('DES-0005', '7779114000178', 'Té Windsor Negro x25', 'Té negro en sobres.', 6.00, 4.68, 10, 22),
  ('DES-0006', '7779114000246', 'Mate de Coca Windsor x25', 'Infusión de hoja de coca, contra el soroche.', 6.00, 4.44, 12, 41),
  ('DES-0007', '7779114000314', 'Manzanilla Windsor x25', 'Infusión de manzanilla.', 6.00, 4.20, 10, 41),
  ('DES-0008', '7779114000383', 'Mate de Anís Windsor x25', 'Infusión de anís.', 6.00, 4.56, 8, 16),
  ('DES-0009', '7779114000451', 'Trimate Windsor x25', 'Coca, manzanilla y anís.', 6.50, 4.68, 8, 4),
  ('DES-0010', '7777010000384', 'Cocoa El Ceibo 200 g', 'Cacao en polvo orgánico.', 18.00, 14.04, 6, 21),
  ('DES-0011', '7773030001011', 'Nesquik 400 g', 'Cacao en polvo azucarado.', 25.00, 18.50, 4, 22),
  ('DES-0012', '7779920000171', 'Avena en Hojuelas 400 g', 'Para el api y el desayuno.', 8.00, 5.60, 10, 17),
  ('DES-0013', '7779122000177', 'Corn Flakes Kellogg''s 500 g', null, 32.00, 24.32, 3, 11),
  ('DES-0014', '7779920000249', 'Mermelada de Durazno 500 g', null, 14.00, 10.08, 4, 13),
  ('DES-0015', '7779920000317', 'Mermelada de Frutilla 500 g', null, 14.00, 10.92, 4, 20),
  ('DES-0016', '7779920000386', 'Miel de Abeja 500 g', 'Miel pura de abeja de los valles.', 35.00, 25.90, 3, 11)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Condimentos y Salsas
insert into pg_temp.seed_product
select 'Condimentos y Salsas', v.* from (values
  ('CON-0001', '7779130000176', 'Mayonesa Kris 390 g', null, 14.00, 9.94, 8, 20),
  ('CON-0002', '7779130000244', 'Ketchup Kris 390 g', 'Salsa de tomate.', 12.00, 8.04, 6, 25),
  ('CON-0003', '7779130000312', 'Mostaza Kris 200 g', null, 7.00, 5.11, 6, 27),
  ('CON-0004', null, 'Llajua Picante 250 g', 'Salsa picante de locoto y tomate.', 8.00, 5.52, 6, 15),
  ('CON-0005', '7779930000178', 'Salsa de Soya 150 ml', null, 6.00, 4.50, 4, 10),
  ('CON-0006', '7779930000246', 'Salsa Inglesa 150 ml', null, 8.00, 5.68, 4, 17),
  ('CON-0007', '7779930000314', 'Vinagre Blanco 1 L', null, 7.00, 4.69, 6, 25),
  ('CON-0008', '7779930000383', 'Comino Molido 50 g', null, 3.00, 2.19, 10, 19),
  ('CON-0009', '7779930000451', 'Pimienta Negra Molida 50 g', null, 4.00, 2.76, 10, 27),
  ('CON-0010', '7779930000529', 'Orégano Seco 20 g', null, 2.50, 1.88, 10, 33),
  ('CON-0011', '7779930000598', 'Ají Colorado Molido 100 g', 'Para picantes y ají de fideo.', 6.00, 4.26, 8, 38),
  ('CON-0012', '7779930000666', 'Palillo Molido 50 g', 'Cúrcuma molida, para dar color.', 3.00, 2.01, 8, 14),
  ('CON-0013', '7773030001080', 'Caldo de Pollo Maggi x12', 'Cubitos de caldo.', 8.00, 5.84, 10, 25),
  ('CON-0014', '7775038000591', 'Caldo de Carne Knorr x12', 'Cubitos de caldo.', 8.00, 5.52, 8, 25),
  ('CON-0015', '7773030001158', 'Sopa Instantánea Maggi Pollo', null, 4.00, 3.00, 12, 52),
  ('CON-0016', '7779930000734', 'Ajinomoto 100 g', 'Glutamato monosódico.', 5.00, 3.55, 4, 1),
  ('CON-0017', '7779930000802', 'Sal de Ajo 100 g', null, 4.50, 3.02, 4, 11)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

-- Congelados
insert into pg_temp.seed_product
select 'Congelados', v.* from (values
  ('CGL-0001', '7773014000313', 'Helado Delizia Frutilla 1 L', null, 20.00, 14.80, 4, 12),
  ('CGL-0002', '7773014000382', 'Helado Delizia Chocolate 1 L', null, 20.00, 14.00, 4, 19),
  ('CGL-0003', '7773014000450', 'Paleta de Agua Delizia (unidad)', null, 2.00, 1.52, 24, 99),
  ('CGL-0004', '7776003000455', 'Hamburguesa de Res Sofía x4', null, 24.00, 17.28, 4, 12),
  ('CGL-0005', '7776003000523', 'Nuggets de Pollo Sofía 400 g', null, 28.00, 21.84, 4, 10),
  ('CGL-0006', '7776003000592', 'Milanesa de Pollo Apanada Sofía 500 g', null, 30.00, 22.20, 3, 1),
  ('CGL-0007', '7776930000177', 'Papas Prefritas Congeladas 1 kg', null, 35.00, 24.50, 3, 13),
  ('CGL-0008', null, 'Filete de Surubí (kg)', 'Pescado de río del Beni.', 55.00, 41.80, 3, 8),
  ('CGL-0009', null, 'Pacú (kg)', 'Pescado de río del oriente.', 45.00, 32.40, 3, 13),
  ('CGL-0010', null, 'Trucha del Titicaca (kg)', 'Trucha fresca del lago.', 50.00, 39.00, 3, 12),
  ('CGL-0011', null, 'Hielo en Bolsa 2 kg', null, 5.00, 3.70, 6, 30)
) as v(sku, barcode, name, description, unit_price, cost_price, min_stock_level, initial_stock);

insert into public.products (id, sku, barcode, name, description, category_id, unit_price, cost_price, min_stock_level)
select md5('comarapa:product:' || s.sku)::uuid, s.sku, s.barcode, s.name, s.description, c.id,
       s.unit_price, s.cost_price, s.min_stock_level
  from pg_temp.seed_product s
  join public.categories c on c.name = s.category
 order by s.sku;

-- =============================================================================
-- Opening inventory: one INITIAL_STOCK entry per product received, through the RPC
-- =============================================================================
do $$
declare
  r record;
begin
  for r in
    select p.id, s.initial_stock
      from pg_temp.seed_product s
      join public.products p on p.sku = s.sku
     where s.initial_stock > 0
     order by s.sku
  loop
    perform public.register_stock_entry(product_id => r.id, quantity => r.initial_stock,
                                        reason => 'INITIAL_STOCK', notes => 'Inventario de apertura.');
  end loop;
end
$$;

-- =============================================================================
-- The first days after opening, each movement by the demo user whose role
-- allows it: deliveries received at the counter (staff), breakage and expired
-- goods (manager), and the month-end shelf count (admin, manager), which passes
-- expected_stock as the front end does. quantity is the units moved; for an
-- ADJUSTMENT it is the counted stock (new_stock), and expected_stock the system
-- stock when the count began.
-- =============================================================================
do $$
declare
  m record;
  v_product uuid;
begin
  for m in
    select v.*, u.id as user_id
      from (values
        (1, 'cajero@comarapa.bo', 'ENTRY', 'LAC-0001', 48, 'PURCHASE', 'Pedido semanal PIL Andina, factura 004512.', null),
        (2, 'cajero@comarapa.bo', 'ENTRY', 'LAC-0011', 12, 'PURCHASE', 'Pedido semanal PIL Andina, factura 004512.', null),
        (3, 'cajero@comarapa.bo', 'ENTRY', 'LAC-0015', 10, 'PURCHASE', 'Pedido semanal PIL Andina, factura 004512.', null),
        (4, 'cajero@comarapa.bo', 'ENTRY', 'BEB-0001', 36, 'PURCHASE', 'Distribuidor Embol, 6 paquetes de 6.', null),
        (5, 'cajero@comarapa.bo', 'ENTRY', 'BEB-0003', 24, 'PURCHASE', 'Distribuidor Embol.', null),
        (6, 'cajero@comarapa.bo', 'ENTRY', 'ALC-0001', 48, 'PURCHASE', 'CBN, 4 cajas de 12 botellas retornables.', null),
        (7, 'cajero@comarapa.bo', 'ENTRY', 'ALC-0005', 24, 'PURCHASE', 'CBN, 2 cajas de 12 botellas retornables.', null),
        (8, 'cajero@comarapa.bo', 'ENTRY', 'PAN-0001', 120, 'PURCHASE', 'Entrega de la panadería, turno mañana.', null),
        (9, 'cajero@comarapa.bo', 'ENTRY', 'PAN-0002', 80, 'PURCHASE', 'Entrega de la panadería, turno mañana.', null),
        (10, 'gerente@comarapa.bo', 'ENTRY', 'ABA-0001', 50, 'PURCHASE', 'Mayorista Mercado Rodríguez, nota 1187.', null),
        (11, 'gerente@comarapa.bo', 'ENTRY', 'ABA-0006', 40, 'PURCHASE', 'Mayorista Mercado Rodríguez, nota 1187.', null),
        (12, 'gerente@comarapa.bo', 'ENTRY', 'ABA-0009', 24, 'PURCHASE', 'Mayorista Mercado Rodríguez, nota 1187.', null),
        (13, 'gerente@comarapa.bo', 'ENTRY', 'HIG-0001', 20, 'PURCHASE', 'Distribuidora de limpieza, factura 22310.', null),
        (14, 'gerente@comarapa.bo', 'ENTRY', 'LIM-0001', 12, 'PURCHASE', 'Distribuidora de limpieza, factura 22310.', null),
        (15, 'gerente@comarapa.bo', 'EXIT', 'ALC-0001', 3, 'DAMAGE', 'Botellas rotas al descargar el pedido.', null),
        (16, 'gerente@comarapa.bo', 'EXIT', 'LAC-0011', 4, 'DAMAGE', 'Vencidos; retirados de la heladera.', null),
        (17, 'gerente@comarapa.bo', 'EXIT', 'ABA-0035', 6, 'DAMAGE', 'Huevos rotos en la repisa.', null),
        (18, 'gerente@comarapa.bo', 'EXIT', 'FRU-0006', 3, 'DAMAGE', 'Producto en mal estado.', null),
        (19, 'gerente@comarapa.bo', 'EXIT', 'PAN-0001', 15, 'DAMAGE', 'Pan del día anterior, no apto para la venta.', null),
        (20, 'gerente@comarapa.bo', 'EXIT', 'LAC-0003', 27, 'DAMAGE', 'Lote vencido; se retiró todo de la heladera.', null),
        (21, 'gerente@comarapa.bo', 'EXIT', 'LIM-0007', 2, 'INTERNAL_USE', 'Limpieza de la tienda.', null),
        (22, 'gerente@comarapa.bo', 'EXIT', 'LIM-0022', 1, 'INTERNAL_USE', 'Uso de la tienda.', null),
        (23, 'gerente@comarapa.bo', 'EXIT', 'SNK-0001', 2, 'LOSS', 'Faltante detectado en el conteo.', null),
        (24, 'admin@comarapa.bo', 'ADJUSTMENT', 'ABA-0008', 32, 'COUNT_CORRECTION', 'Conteo físico de fin de mes.', 34),
        (25, 'admin@comarapa.bo', 'ADJUSTMENT', 'ABA-0014', 74, 'COUNT_CORRECTION', 'Conteo físico de fin de mes.', 73),
        (26, 'admin@comarapa.bo', 'ADJUSTMENT', 'ALC-0009', 19, 'COUNT_CORRECTION', 'Conteo físico de fin de mes: sin diferencias.', 19),
        (27, 'admin@comarapa.bo', 'ADJUSTMENT', 'ENL-0003', 0, 'COUNT_CORRECTION', 'Conteo físico de fin de mes: no queda ninguna lata.', 35),
        (28, 'gerente@comarapa.bo', 'ADJUSTMENT', 'FER-0003', 42, 'COUNT_CORRECTION', 'Recuento de la vitrina.', 43)
      ) as v(step, email, kind, sku, quantity, reason, notes, expected_stock)
      join auth.users u on u.email = v.email
     order by v.step
  loop
    select p.id into strict v_product from public.products p where p.sku = m.sku;
    perform set_config('request.jwt.claims',
                       jsonb_build_object('role', 'authenticated', 'sub', m.user_id, 'email', m.email)::text, false);
    case m.kind
      when 'ENTRY' then
        perform public.register_stock_entry(product_id => v_product, quantity => m.quantity,
                                            reason => m.reason, notes => m.notes);
      when 'EXIT' then
        perform public.register_stock_exit(product_id => v_product, quantity => m.quantity,
                                           reason => m.reason, notes => m.notes);
      when 'ADJUSTMENT' then
        perform public.adjust_stock(product_id => v_product, new_stock => m.quantity,
                                    reason => m.reason, notes => m.notes, expected_stock => m.expected_stock);
    end case;
  end loop;
  perform set_config('request.jwt.claims', '{"role":"service_role"}', false);
end
$$;

-- =============================================================================
-- Customers and their accounts (fiado): 44 people and businesses of Comarapa with
-- CI or NIT, most allowed some credit. Four months of credit sales and payments
-- (between 118 and 2 days ago, at shop hours in La Paz), made for real by
-- create_sale, register_customer_payment and cancel_sale, then dated back to
-- their day (the seed owns the tables: in one statement it turns the
-- append-only triggers off and back on). So every ageing bucket has customers;
-- Teófilo Mercado is exactly at his limit (the cashier put on his account what
-- still fitted and took the rest in cash); Carmen Rosa Alanoca has money in her
-- favour (she paid a credit sale that was later cancelled). The stock history
-- above is dated back first, so stock enters before it is sold.
-- =============================================================================
insert into public.customers
  (id, name, document_type, document_number, phone, email, address, credit_limit, is_active, notes)
select md5('comarapa:customer:' || v.document_number)::uuid, v.name, v.document_type::public.document_type,
       v.document_number, v.phone, v.email, v.address, v.credit_limit, v.is_active, v.notes
  from (values
    ('Juana Mamani Quispe', 'CI', '4829173', '71234567', null, 'Barrio San José, calle 3', 500.00, true, null),
    ('Pedro Choque Condori', 'CI', '5106284', '72345678', null, 'Zona Mercado', 300.00, true, null),
    ('Rosa Flores Gutiérrez', 'CI', '3917462', '60123456', null, 'Av. Comarapa 210', 800.00, true, null),
    ('Teófilo Mercado Vargas', 'CI', '6284015', '73456789', null, 'Comunidad Pulquina', 300.00, true, 'Paga después de la cosecha de tomate.'),
    ('Eulalia Rojas Mendoza', 'CI', '4473920', '74567890', null, 'Calle Bolívar 45', 1000.00, true, null),
    ('Marcelino Quispe Huanca', 'CI', '7035518', '75678901', null, 'Comunidad San Mateo', 400.00, true, null),
    ('Florencia Condori Apaza', 'CI', '5590347', '76789012', null, 'Barrio Villa Fátima', 600.00, true, null),
    ('Germán Vaca Díez', 'CI', '3301846', '77890123', 'german.vaca@gmail.com', 'Calle Sucre 18', 1500.00, true, null),
    ('Lidia Copa Mamani', 'CI', '6719254', '78901234', null, 'Zona Terminal', 300.00, true, null),
    ('Reynaldo Gutiérrez Saavedra', 'CI', '4052791', '79012345', null, 'Av. Santa Cruz 77', 700.00, true, null),
    ('Nelly Arancibia Rocha', 'CI', '5827630', '67123456', null, 'Calle Junín 9', 500.00, true, null),
    ('Simón Huarachi Colque', 'CI', '7461903', '68234567', null, 'Comunidad Los Negros', 400.00, true, null),
    ('Basilia Torrez Cruz', 'CI', '3648215', '69345678', null, 'Barrio San Antonio', 250.00, true, null),
    ('Wilfredo Salazar Ortiz', 'CI', '6093472', '70456789', null, 'Calle Ayacucho 31', 900.00, true, null),
    ('Gladys Zurita Camacho', 'CI', '4920563', '71567890', 'gladys.zurita@hotmail.com', 'Av. Comarapa 402', 600.00, true, null),
    ('Edwin Chávez Limachi', 'CI', '5371840', '72678901', null, 'Zona Mercado', 350.00, true, null),
    ('Martha Céspedes Soliz', 'CI', '3815097', '73789012', null, 'Calle Potosí 12', 450.00, true, null),
    ('Fortunato Villca Yupanqui', 'CI', '6648321', '74890123', null, 'Comunidad Tambo', 300.00, true, null),
    ('Ruth Montaño Aguilera', 'CI', '4196758', '75901234', null, 'Barrio Nuevo', 800.00, true, null),
    ('Hilarión Ticona Calle', 'CI', '7209436', '76012345', null, 'Comunidad Verdecillos', 400.00, true, null),
    ('Elena Paredes Antezana', 'CI', '5538104', '77123456', null, 'Calle Murillo 6', 500.00, true, null),
    ('Álvaro Peñaranda Justiniano', 'CI', '3972645', '78234567', 'alvaro.pj@gmail.com', 'Av. Santa Cruz 150', 1200.00, true, null),
    ('Sonia Fernández Terrazas', 'CI', '6401873', '79345678', null, 'Calle Beni 23', 300.00, true, null),
    ('Gregorio Mollo Chura', 'CI', '4785216', '60456789', null, 'Comunidad Saipina', 500.00, true, null),
    ('Carmen Rosa Alanoca Tarqui', 'CI', '5264930', '61567890', null, 'Barrio San José, calle 7', 400.00, true, null),
    ('Víctor Hugo Rivero Suárez', 'CI', '3490582', '62678901', null, 'Calle Tarija 40', 0.00, true, null),
    ('Felipa Cusi Nina', 'CI', '7856014', '63789012', null, 'Comunidad Pulquina', 0.00, true, null),
    ('Jhonny Arce Molina', 'CI', '6127395', '64890123', null, 'Zona Terminal', 0.00, true, null),
    ('Mirtha Loayza Padilla', 'CI', '4639207', '65901234', 'mirtha.loayza@gmail.com', 'Calle Oruro 5', 0.00, true, null),
    ('Cirilo Guarachi Poma', 'CI', '5903618', '66012345', null, 'Comunidad San Isidro', 0.00, true, null),
    ('Lucía Veizaga Orellana', 'CI', '3728491', '67234567', null, 'Barrio Villa Fátima', 0.00, true, null),
    ('René Sejas Jaldín', 'CI', '6590247', '68345678', null, 'Calle Chuquisaca 14', 0.00, true, null),
    ('Dominga Ayala Ríos', 'CI', '4317860', '69456789', null, 'Comunidad Tambo', 0.00, true, null),
    ('Freddy Coca Meneses', 'CI', '7083159', '70567890', null, 'Av. Comarapa 88', 0.00, true, null),
    ('Paulina Laura Pari', 'CI', '5642093', '71678901', null, 'Zona Mercado', 0.00, true, null),
    ('Ernesto Rocha Ribera', 'CI', '3186524', '72789012', null, 'Calle La Paz 30', 200.00, false, 'Se mudó a Santa Cruz; cuenta saldada.'),
    ('Pensión Doña Rosa', 'NIT', '3917462015', '73890123', null, 'Av. Comarapa 215', 2000.00, true, 'Almuerzos; paga a fin de mes.'),
    ('Restaurante El Cruce', 'NIT', '1023456027', '74901234', 'elcruce.comarapa@gmail.com', 'Carretera antigua a Santa Cruz km 245', 2500.00, true, null),
    ('Panadería San Isidro', 'NIT', '2045871019', '75012345', null, 'Calle Bolívar 60', 1500.00, true, null),
    ('Tienda Los Valles', 'NIT', '3381902016', '76123456', null, 'Comunidad Los Negros, plaza', 1000.00, true, null),
    ('Hotel Comarapa Plaza', 'NIT', '1187634028', '77234567', 'reservas@comarapaplaza.bo', 'Plaza principal', 3000.00, true, null),
    ('Colegio Agropecuario Comarapa', 'NIT', '1002938024', '78345678', null, 'Salida a Pulquina', 1500.00, true, 'Compras de la cocina del internado.'),
    ('Transportes Saipina SRL', 'NIT', '2290157013', '79456789', null, 'Terminal de buses', 800.00, true, null),
    ('Heladería Dulce Valle', 'NIT', '3057719012', '60567890', null, 'Calle Sucre 2', 0.00, true, null)
  ) as v(name, document_type, document_number, phone, email, address, credit_limit, is_active, notes)
 order by v.document_number;

do $$
declare
  v_cashier uuid := (select u.id from auth.users u where u.email = 'cajero@comarapa.bo');
  v_manager uuid := (select u.id from auth.users u where u.email = 'gerente@comarapa.bo');
  v_today date := (now() at time zone 'America/La_Paz')::date;
  v_products uuid[];
  v_event record;
  v_at timestamptz;
  v_items jsonb;
  v_sale jsonb;
  v_hint jsonb;
  v_charged numeric;
  v_paid numeric;
  v_customer public.customers;
  v_movement jsonb;
  v_seq bigint;
  v_cancel uuid;
begin
  alter table public.inventory_movements disable trigger inventory_movements_append_only;
  alter table public.sales disable trigger sales_guard;
  alter table public.sale_payments disable trigger sale_payments_append_only;
  alter table public.customer_account_movements disable trigger customer_account_movements_append_only;

  -- The stock history so far, dated back in its order: the opening inventory 125
  -- days ago at 07:30, the first deliveries, breakage and counts every 4 hours after
  -- it, all before the first sale.
  update public.inventory_movements m
     set created_at = ((v_today - 125) + time '07:30') at time zone 'America/La_Paz'
   where m.reason = 'INITIAL_STOCK';
  update public.inventory_movements m
     set created_at = (((v_today - 125) + time '07:30') at time zone 'America/La_Paz') + n.n * interval '4 hours'
    from (select x.id, row_number() over (order by x.seq) as n
            from public.inventory_movements x where x.reason <> 'INITIAL_STOCK') n
   where m.id = n.id;

  select array_agg(p.id order by p.sku) into v_products
    from public.products p where p.is_active and p.current_stock >= 40;

  -- The events, oldest first. Every credited customer buys on credit every few weeks;
  -- good payers (n % 3 = 0) settle each purchase, slow payers (n % 3 = 1) pay half of
  -- it, the rest (n % 3 = 2) have not paid yet. Then the three designed cases.
  for v_event in
    with credited as (
      select c.id, c.name, row_number() over (order by c.document_number) as n
        from public.customers c
       where c.credit_limit > 0 and c.is_active and c.document_number not in ('6284015', '5264930')
    ),
    purchases as (
      select cr.id as customer_id, cr.n, k,
             118 - ((cr.n * 17 + k * 29) % 110) as days_ago
        from credited cr cross join generate_series(1, 2 + (cr.n % 3)::int) as k
    ),
    events as (
      select p.customer_id, p.days_ago, 8 + (p.n + p.k) % 11 as hour, 'CREDIT_SALE' as kind, p.n, p.k, null::numeric as share
        from purchases p
      union all
      -- the payment of a purchase, 5 to 20 days after it, if that is at least 2 days ago
      select p.customer_id, p.days_ago - (5 + (p.n * 3 + p.k) % 16), 10 + p.k % 8, 'PAYMENT', p.n, p.k,
             case when p.n % 3 = 0 then 1.0 else 0.5 end
        from purchases p
       where p.n % 3 in (0, 1) and p.days_ago - (5 + (p.n * 3 + p.k) % 16) >= 2
      union all
      -- Teófilo Mercado: three purchases, the last one more than what fits
      select c.id, d.days_ago, 17, d.kind, 1000 + d.k, d.k, null
        from public.customers c
       cross join (values (70, 'CREDIT_SALE', 1), (40, 'CREDIT_SALE', 2), (3, 'CREDIT_UP_TO_LIMIT', 3)) as d(days_ago, kind, k)
       where c.document_number = '6284015'
      union all
      -- Carmen Rosa Alanoca: buys on credit, pays it all, then the sale is cancelled
      select c.id, d.days_ago, 11, d.kind, 2000, 1, d.share
        from public.customers c
       cross join (values (60, 'CREDIT_SALE', null::numeric), (50, 'PAYMENT', 1.0), (45, 'CANCEL', null)) as d(days_ago, kind, share)
       where c.document_number = '5264930'
    )
    select e.*, (e.n * 31 + e.k * 7) as pick from events e
     order by e.days_ago desc, e.hour, e.n, e.k
  loop
    v_at := ((v_today - v_event.days_ago::integer) + make_time(v_event.hour::integer, (v_event.pick % 60)::integer, 0))
            at time zone 'America/La_Paz';
    v_items := (select jsonb_agg(jsonb_build_object(
                        'product_id', v_products[1 + (v_event.pick + j * 11) % array_length(v_products, 1)],
                        'quantity', 1 + (v_event.pick + j) % 3))
                  from generate_series(0, v_event.pick % 3) as j);
    perform set_config('request.jwt.claims',
                       jsonb_build_object('role', 'authenticated', 'sub', v_cashier, 'email', 'cajero@comarapa.bo')::text,
                       false);
    v_sale := null;
    v_movement := null;
    case v_event.kind
      when 'CREDIT_SALE' then
        begin
          v_sale := public.create_sale(items => v_items, payment_method => 'CREDIT', customer_id => v_event.customer_id,
                                       idempotency_key => format('seed-fiado-%s-%s', v_event.n, v_event.k));
        exception when sqlstate 'PT409' then
          -- CREDIT_LIMIT_EXCEEDED: this time the customer pays in cash.
          v_sale := public.create_sale(items => v_items, payment_method => 'CASH', customer_id => v_event.customer_id,
                                       idempotency_key => format('seed-fiado-%s-%s', v_event.n, v_event.k));
        end;
      when 'CREDIT_UP_TO_LIMIT' then
        -- His big purchase for the harvest: more than his whole limit.
        v_items := (select jsonb_agg(jsonb_build_object('sku', v.sku, 'quantity', 2))
                      from (values ('ABA-0011'), ('ABA-0007'), ('ABA-0002')) as v(sku));
        begin
          v_sale := public.create_sale(items => v_items, payment_method => 'CREDIT', customer_id => v_event.customer_id);
          raise exception 'seed: the last purchase of the customer at the limit fitted within it';
        exception when sqlstate 'PT409' then
          -- What the account still takes goes on it; the rest is paid in cash.
          get stacked diagnostics v_hint = pg_exception_hint;
          v_sale := public.create_sale(
            items => v_items, customer_id => v_event.customer_id,
            payments => jsonb_build_array(
              jsonb_build_object('method', 'CREDIT', 'amount', (v_hint ->> 'available')::numeric),
              jsonb_build_object('method', 'CASH', 'amount',
                                 (v_hint ->> 'requested')::numeric - (v_hint ->> 'available')::numeric,
                                 'tendered', ceil((v_hint ->> 'requested')::numeric - (v_hint ->> 'available')::numeric))),
            idempotency_key => 'seed-fiado-al-limite');
        end;
      when 'PAYMENT' then
        -- The share of the purchase it pays, as far as the balance still goes.
        select m.amount into v_charged
          from public.customer_account_movements m
          join public.sales s on s.id = m.sale_id
         where m.customer_id = v_event.customer_id and m.movement_type = 'CHARGE'
           and s.idempotency_key = format('seed-fiado-%s-%s', v_event.n, v_event.k);
        select c.* into v_customer from public.customers c where c.id = v_event.customer_id;
        v_paid := least(round(v_charged * v_event.share, 1), v_customer.balance);
        if v_paid > 0 then
          v_movement := public.register_customer_payment(
            customer_id => v_event.customer_id,
            amount => v_paid,
            payment_method => (array['CASH', 'CASH', 'QR', 'TRANSFER'])[1 + (v_event.n + v_event.k) % 4],
            idempotency_key => format('seed-abono-%s-%s', v_event.n, v_event.k));
        end if;
      when 'CANCEL' then
        select s.id into v_cancel from public.sales s
         where s.idempotency_key = format('seed-fiado-%s-%s', v_event.n, v_event.k);
        perform set_config('request.jwt.claims',
                           jsonb_build_object('role', 'authenticated', 'sub', v_manager, 'email', 'gerente@comarapa.bo')::text,
                           false);
        v_sale := public.cancel_sale(sale_id => v_cancel, reason => 'Mercadería devuelta sin abrir; el pago queda a su favor.');
    end case;

    -- Dated back to the event: the sale, its stock movements, its payments and account movements.
    if v_sale is not null then
      if v_event.kind = 'CANCEL' then
        update public.sales s set cancelled_at = v_at where s.id = (v_sale ->> 'id')::uuid;
        update public.inventory_movements m set created_at = v_at
         where m.reference_id = (v_sale ->> 'id')::uuid and m.reason = 'SALE_CANCELLATION';
        update public.customer_account_movements m set created_at = v_at
         where m.sale_id = (v_sale ->> 'id')::uuid and m.movement_type = 'SALE_CANCELLATION';
      else
        update private.open_debts d set created_at = v_at
          from public.customer_account_movements m
         where m.sale_id = (v_sale ->> 'id')::uuid and d.movement_id = m.id;
        update public.sales s set sale_date = v_at, created_at = v_at where s.id = (v_sale ->> 'id')::uuid;
        update public.inventory_movements m set created_at = v_at where m.reference_id = (v_sale ->> 'id')::uuid;
        update public.sale_payments p set created_at = v_at where p.sale_id = (v_sale ->> 'id')::uuid;
        update public.customer_account_movements m set created_at = v_at where m.sale_id = (v_sale ->> 'id')::uuid;
      end if;
    end if;
    if v_movement is not null then
      update public.customer_account_movements m set created_at = v_at where m.id = (v_movement ->> 'id')::uuid;
    end if;
  end loop;

  alter table public.customer_account_movements enable trigger customer_account_movements_append_only;
  alter table public.sale_payments enable trigger sale_payments_append_only;
  alter table public.sales enable trigger sales_guard;
  alter table public.inventory_movements enable trigger inventory_movements_append_only;
  perform set_config('request.jwt.claims', '{"role":"service_role"}', false);
end
$$;

-- =============================================================================
-- The till: two registers; yesterday's session on Caja 2, run by the manager and
-- closed 1.50 short with its Z report; and this morning's, open on Caja 1 for the
-- cashier, which the sales below go into. Yesterday's is made through the RPCs
-- and dated back to yesterday before it is closed (its report then carries
-- yesterday's times), in one statement with the append-only triggers off.
-- =============================================================================
insert into public.cash_registers (id, name)
values (md5('comarapa:register:Caja 1')::uuid, 'Caja 1'), (md5('comarapa:register:Caja 2')::uuid, 'Caja 2');

do $$
declare
  v_manager uuid := (select u.id from auth.users u where u.email = 'gerente@comarapa.bo');
  v_cashier uuid := (select u.id from auth.users u where u.email = 'cajero@comarapa.bo');
  v_yesterday date := (now() at time zone 'America/La_Paz')::date - 1;
  v_session jsonb;
  v_sale jsonb;
  v_return jsonb;
  v_ids uuid[] := '{}';
  v_expected numeric;
  v_at timestamptz;
  v_step integer := 0;
  v_payments jsonb;
begin
  alter table public.cash_sessions disable trigger cash_sessions_guard;
  alter table public.sales disable trigger sales_guard;
  alter table public.sale_payments disable trigger sale_payments_append_only;
  alter table public.inventory_movements disable trigger inventory_movements_append_only;
  alter table public.customer_account_movements disable trigger customer_account_movements_append_only;
  alter table public.cash_movements disable trigger cash_movements_append_only;
  alter table public.sale_returns disable trigger sale_returns_append_only;

  perform set_config('request.jwt.claims',
                     jsonb_build_object('role', 'authenticated', 'sub', v_manager, 'email', 'gerente@comarapa.bo')::text, false);
  v_session := public.open_cash_session(register_id => md5('comarapa:register:Caja 2')::uuid, opening_float => 200,
                                        notes => 'Turno completo; el cajero tuvo el día libre.');
  update public.cash_sessions s set opened_at = (v_yesterday + time '07:45') at time zone 'America/La_Paz'
   where s.id = (v_session ->> 'id')::uuid;

  -- Yesterday's counter: eight sales (cash with change, QR, card, one split), a
  -- customer paying in cash, bread paid from the drawer, one bottle brought back.
  for v_sale in
    select jsonb_build_object('items', jsonb_build_array(jsonb_build_object('sku', v.sku, 'quantity', v.quantity)),
                              'payments', v.payments, 'hour', v.hour)
      from (values
        ('ABA-0001', 2, '[{"method": "CASH", "amount": 17.00, "tendered": 20}]'::jsonb, time '08:10'),
        ('LAC-0001', 3, null, time '08:40'),
        ('BEB-0001', 1, '[{"method": "QR", "amount": 14.00, "reference": "QR 30021"}]', time '09:25'),
        ('ABA-0009', 2, '[{"method": "CASH", "amount": 20.00, "tendered": 20}, {"method": "QR", "amount": 15.00}]',
         time '10:05'),
        ('ALC-0001', 6, '[{"method": "CARD", "amount": 72.00, "reference": "VISA 1187"}]', time '12:30'),
        ('PAN-0001', 10, null, time '16:50'),
        ('ABA-0006', 1, '[{"method": "CASH", "amount": 10.00, "tendered": 50}]', time '18:15'),
        ('ABA-0014', 4, null, time '19:40')
      ) as v(sku, quantity, payments, hour)
  loop
    v_step := v_step + 1;
    v_at := (v_yesterday + (v_sale ->> 'hour')::time) at time zone 'America/La_Paz';
    v_payments := v_sale -> 'payments';
    v_sale := public.create_sale(items => v_sale -> 'items', payments => nullif(v_payments, 'null'::jsonb),
                                 idempotency_key => format('seed-ayer-%s', v_step));
    v_ids := v_ids || (v_sale ->> 'id')::uuid;
    update public.sales s set sale_date = v_at, created_at = v_at where s.id = (v_sale ->> 'id')::uuid;
    update public.sale_payments p set created_at = v_at where p.sale_id = (v_sale ->> 'id')::uuid;
    update public.inventory_movements m set created_at = v_at where m.reference_id = (v_sale ->> 'id')::uuid;
  end loop;

  v_at := (v_yesterday + time '11:15') at time zone 'America/La_Paz';
  v_sale := public.register_customer_payment(
    customer_id => (select c.id from public.customers c
                     where c.balance > 50 and c.document_number not in ('6284015', '5264930')
                     order by c.document_number limit 1),
    amount => 50,
    payment_method => 'CASH', notes => 'Abono en caja.', idempotency_key => 'seed-abono-ayer');
  update public.customer_account_movements m set created_at = v_at where m.id = (v_sale ->> 'id')::uuid;

  v_at := (v_yesterday + time '07:55') at time zone 'America/La_Paz';
  v_sale := public.register_cash_movement(cash_session_id => (v_session ->> 'id')::uuid, movement_type => 'PAY_OUT',
                                          amount => 45, reason => 'Pago al panadero', notes => 'Pan del turno mañana.',
                                          idempotency_key => 'seed-salida-ayer');
  update public.cash_movements m set created_at = v_at where m.id = (v_sale ->> 'id')::uuid;

  v_at := (v_yesterday + time '17:30') at time zone 'America/La_Paz';
  v_return := public.create_return(
    sale_id => v_ids[6],
    items => jsonb_build_array(jsonb_build_object(
               'sale_item_id', (select i.id from public.sale_items i where i.sale_id = v_ids[6]), 'quantity', 2,
               'restock', false)),
    reason => 'Pan quemado; se descartó.', idempotency_key => 'seed-devolucion-ayer');
  update public.sale_returns r set created_at = v_at where r.id = (v_return ->> 'id')::uuid;

  -- The count at 20:10: 1.50 short.
  v_expected := (public.cash_session_report((v_session ->> 'id')::uuid) #>> '{report,cash,expected}')::numeric;
  v_session := public.close_cash_session(cash_session_id => (v_session ->> 'id')::uuid, counted_cash => v_expected - 1.50,
                                         notes => 'Faltó 1,50 Bs; se revisará el cambio de la mañana.');
  v_at := (v_yesterday + time '20:10') at time zone 'America/La_Paz';
  update public.cash_sessions s
     set closed_at = v_at, report = jsonb_set(s.report, '{closed_at}', to_jsonb(v_at))
   where s.id = (v_session ->> 'id')::uuid;

  alter table public.sale_returns enable trigger sale_returns_append_only;
  alter table public.cash_movements enable trigger cash_movements_append_only;
  alter table public.customer_account_movements enable trigger customer_account_movements_append_only;
  alter table public.inventory_movements enable trigger inventory_movements_append_only;
  alter table public.sale_payments enable trigger sale_payments_append_only;
  alter table public.sales enable trigger sales_guard;
  alter table public.cash_sessions enable trigger cash_sessions_guard;

  -- This morning: the cashier opens Caja 1 with 150 Bs of change.
  perform set_config('request.jwt.claims',
                     jsonb_build_object('role', 'authenticated', 'sub', v_cashier, 'email', 'cajero@comarapa.bo')::text, false);
  perform public.open_cash_session(register_id => md5('comarapa:register:Caja 1')::uuid, opening_float => 150);
  perform set_config('request.jwt.claims', '{"role":"service_role"}', false);
end
$$;

-- =============================================================================
-- A first morning at the counter: the cashier rings up twelve sales through
-- create_sale (so stock, ledger, numbers and totals are the real thing) in the
-- session open on Caja 1, and the manager cancels one the customer brought
-- back, its money going back from that drawer.
-- =============================================================================
do $$
declare
  v_cashier uuid := (select u.id from auth.users u where u.email = 'cajero@comarapa.bo');
  v_manager uuid := (select u.id from auth.users u where u.email = 'gerente@comarapa.bo');
  v_methods text[] := array['CASH', 'QR', 'CASH', 'CARD', 'CASH', 'TRANSFER', 'QR', 'CASH', 'CASH', 'QR', 'CARD', 'CASH'];
  v_products uuid[];
  v_sale jsonb;
  v_returned uuid;
begin
  select array_agg(p.id order by p.sku) into v_products
    from public.products p where p.is_active and p.current_stock >= 20;
  perform set_config('request.jwt.claims',
                     jsonb_build_object('role', 'authenticated', 'sub', v_cashier, 'email', 'cajero@comarapa.bo')::text, false);
  for i in 1 .. 12 loop
    v_sale := public.create_sale(
      items => (select jsonb_agg(jsonb_build_object(
                         'product_id', v_products[1 + (i * 7 + k * 13) % array_length(v_products, 1)],
                         'quantity', 1 + (i + k) % 3))
                  from generate_series(0, i % 4) as k),
      payment_method => v_methods[i],
      idempotency_key => format('seed-sale-%s', i));
    if i = 5 then
      v_returned := (v_sale ->> 'id')::uuid;
    end if;
  end loop;
  perform set_config('request.jwt.claims',
                     jsonb_build_object('role', 'authenticated', 'sub', v_manager, 'email', 'gerente@comarapa.bo')::text, false);
  perform public.cancel_sale(sale_id => v_returned, reason => 'El cliente devolvió la compra: producto equivocado.',
                             cash_session_id => (select s.id from public.cash_sessions s
                                                  where s.opened_by = v_cashier and s.status = 'OPEN'));
  perform set_config('request.jwt.claims', '{"role":"service_role"}', false);
end
$$;

-- =============================================================================
-- The seed checks itself: every product landed in its category and the ledger is sound.
-- =============================================================================
do $$
declare
  v_expected bigint := (select count(*) from pg_temp.seed_product);
  v_loaded bigint := (select count(*) from public.products p join pg_temp.seed_product s on s.sku = p.sku
                       where p.category_id is not null);
begin
  if v_loaded <> v_expected then
    raise exception 'seed: % of % products loaded with their category (is a category name misspelled?)',
      v_loaded, v_expected;
  end if;
  if exists (select from public.check_stock_integrity()) then
    raise exception 'seed: check_stock_integrity() reports problems';
  end if;
end
$$;

drop table pg_temp.seed_product;
select set_config('request.jwt.claims', '', false);

-- =============================================================================
-- Buying: the suppliers a Santa Cruz store buys from (their NITs are made up
-- for the demo), and a month of purchase orders in every status, written,
-- approved and received through the buying RPCs by the demo users whose role
-- allows each step: the cashier writes, submits and receives; the manager
-- approves, cancels and closes. Receipts move the stock through the ledger,
-- move each product's cost to its moving average, and teach the supplier's
-- own code of part of the catalog (what makes invoice matching certain).
-- Unit costs stay close to the catalog's, so the margins stay believable.
-- =============================================================================
insert into public.suppliers
  (id, name, nit, contact_name, phone, email, address, payment_terms_days, is_active, notes)
select md5('comarapa:supplier:' || v.nit)::uuid, v.*
  from (values
    ('Industrias de Aceite S.A. (FINO)', '1028627025', 'Marcelo Suárez Rojas', '+591 3 3464000', 'pedidos@fino.example.bo',
     'Parque Industrial, Mz. 7, Santa Cruz de la Sierra', 30, true, 'Aceites Fino y Riquísimo. Entrega los martes.'),
    ('Ingenio Azucarero Guabirá S.A.', '1015559020', 'Carla Justiniano Vaca', '+591 3 9220044', 'ventas@guabira.example.bo',
     'Carretera al Norte km 52, Montero', 15, true, 'Azúcar Guabirá; pedido mínimo 20 bolsas.'),
    ('Embotelladoras Bolivianas Unidas S.A. (EMBOL)', '1020757029', 'Jorge Añez Paz', '+591 3 3527000', 'preventa.scz@embol.example.bo',
     'Av. Santos Dumont 4to anillo, Santa Cruz de la Sierra', 7, true, 'Coca-Cola, Fanta y Sprite. El preventista pasa los lunes.'),
    ('Cervecería Boliviana Nacional S.A. (CBN)', '1020231027', 'Luis Fernando Rivero', '+591 3 3440101', 'distribucion.scz@cbn.example.bo',
     'Av. Grigotá 3er anillo, Santa Cruz de la Sierra', 15, true, 'Paceña y Huari; envases retornables a cuenta.'),
    ('PIL Andina S.A. — Planta Warnes', '1020589022', 'Rosa Mery Ortiz', '+591 3 9232500', 'pedidos.warnes@pil.example.bo',
     'Parque Industrial Latinoamericano, Warnes', 7, true, 'Lácteos; cadena de frío, entrega temprano.'),
    ('Sofía Ltda.', '1028525026', 'Daniel Méndez Chávez', '+591 3 3462222', 'mayoristas@sofia.example.bo',
     'Carretera a Cotoca km 6, Santa Cruz de la Sierra', 15, true, 'Embutidos y congelados de pollo.'),
    ('Distribuidora de Alimentos del Oriente S.R.L.', '3287654019', 'Patricia Salvatierra', '+591 76543210', 'ventas@dalor.example.bo',
     'Av. Virgen de Cotoca 2do anillo, Santa Cruz de la Sierra', 30, true, 'Fideos Lazzaroni, arroz Grano de Oro y harinas.'),
    ('Limpieza Total del Oriente S.R.L.', '3456789016', 'Ernesto Cuéllar', '+591 72145698', 'pedidos@limpiezatotal.example.bo',
     'Calle Warnes 455, Santa Cruz de la Sierra', 30, true, 'Detergentes Ola y Omo, jabón Bolívar.'),
    ('Comercial Mayorista Los Pozos', '4587123', 'Doña Teresa Choque', '+591 71098765', null,
     'Mercado Los Pozos, puesto 118, Santa Cruz de la Sierra', 0, true, 'Huevos y verduras; al contado.'),
    ('Importadora Chiquitana S.R.L.', '2876543011', 'Óscar Peña', '+591 3 3365544', 'ventas@chiquitana.example.bo',
     'Av. Cristo Redentor 5to anillo, Santa Cruz de la Sierra', 30, false, 'Dejamos de comprarle en 2026: precios altos.')
  ) as v(name, nit, contact_name, phone, email, address, payment_terms_days, is_active, notes);

create function pg_temp.act_as(email text) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('request.jwt.claims',
    (select jsonb_build_object('role', 'authenticated', 'sub', u.id, 'email', u.email)::text
       from auth.users u where u.email = act_as.email), false);
end;
$$;

-- An order line {product_id, quantity, unit_cost} by SKU.
create function pg_temp.order_line(sku text, quantity integer, unit_cost numeric) returns jsonb
language sql
set search_path = ''
as $$
  select jsonb_build_object('product_id', p.id, 'quantity', quantity, 'unit_cost', unit_cost)
    from public.products p where p.sku = order_line.sku
$$;

-- A receipt line {purchase_order_item_id, quantity, unit_cost?, supplier_sku?} by order number and SKU.
create function pg_temp.receipt_line(po_number text, sku text, quantity integer, supplier_sku text default null,
                                     unit_cost numeric default null) returns jsonb
language sql
set search_path = ''
as $$
  select jsonb_strip_nulls(jsonb_build_object('purchase_order_item_id', i.id, 'quantity', quantity,
                                              'supplier_sku', supplier_sku, 'unit_cost', unit_cost))
    from public.purchase_order_items i
    join public.purchase_orders o on o.id = i.purchase_order_id
    join public.products p on p.id = i.product_id
   where o.po_number = receipt_line.po_number and p.sku = receipt_line.sku
$$;

do $$
declare
  v_supplier record;
  v_order uuid;
begin
  -- The cashier writes every order from the suppliers' price lists.
  perform pg_temp.act_as('cajero@comarapa.bo');
  for v_supplier in
    select s.id, v.n, v.lines, v.expected_in, v.notes
      from (values
        (1, '1028627025', jsonb_build_array(pg_temp.order_line('ABA-0009', 24, 13.70), pg_temp.order_line('ABA-0010', 12, 31.20),
                                            pg_temp.order_line('ABA-0013', 12, 13.20), pg_temp.order_line('ABA-0012', 6, 15.00)),
         5, 'Pedido quincenal de aceites.'),
        (2, '1015559020', jsonb_build_array(pg_temp.order_line('ABA-0001', 50, 6.85), pg_temp.order_line('ABA-0002', 10, 30.60)),
         3, null),
        (3, '1020757029', jsonb_build_array(pg_temp.order_line('BEB-0001', 36, 10.90), pg_temp.order_line('BEB-0003', 48, 4.75),
                                            pg_temp.order_line('BEB-0004', 24, 4.55), pg_temp.order_line('BEB-0006', 12, 10.10),
                                            pg_temp.order_line('BEB-0007', 12, 9.60), pg_temp.order_line('BEB-0005', 12, 11.40)),
         2, 'Preventa del lunes.'),
        (4, '1020231027', jsonb_build_array(pg_temp.order_line('ALC-0001', 48, 9.30), pg_temp.order_line('ALC-0002', 24, 6.60),
                                            pg_temp.order_line('ALC-0005', 24, 12.25)),
         4, 'Se devuelven 4 cajas de envases vacíos.'),
        (5, '1020589022', jsonb_build_array(pg_temp.order_line('LAC-0001', 48, 5.65), pg_temp.order_line('LAC-0003', 12, 7.00),
                                            pg_temp.order_line('LAC-0011', 12, 9.70), pg_temp.order_line('LAC-0015', 10, 12.70)),
         2, 'La deslactosada se agotó: que llegue primero.'),
        (6, '1028525026', jsonb_build_array(pg_temp.order_line('CAR-0010', 10, 14.70), pg_temp.order_line('CAR-0013', 10, 12.75),
                                            pg_temp.order_line('CGL-0005', 6, 21.80)),
         6, null),
        (7, '3287654019', jsonb_build_array(pg_temp.order_line('ABA-0014', 24, 4.70), pg_temp.order_line('ABA-0015', 24, 5.05),
                                            pg_temp.order_line('ABA-0006', 40, 8.05), pg_temp.order_line('ABA-0020', 20, 5.90)),
         10, 'Borrador: confirmar precios del arroz.'),
        (8, '3456789016', jsonb_build_array(pg_temp.order_line('LIM-0001', 12, 13.30), pg_temp.order_line('LIM-0004', 12, 15.80),
                                            pg_temp.order_line('LIM-0006', 40, 3.70)),
         7, null),
        (9, '4587123', jsonb_build_array(pg_temp.order_line('ABA-0035', 180, 0.92), pg_temp.order_line('FRU-0001', 40, 3.50),
                                         pg_temp.order_line('FRU-0006', 30, 5.60), pg_temp.order_line('FRU-0005', 20, 4.45)),
         1, 'Al contado, contra entrega.'),
        (10, '3287654019', jsonb_build_array(pg_temp.order_line('ABA-0034', 30, 1.95), pg_temp.order_line('ABA-0023', 12, 7.40)),
         14, null)
      ) as v(n, nit, lines, expected_in, notes)
      join public.suppliers s on s.nit = v.nit
     order by v.n
  loop
    v_order := (public.create_purchase_order(supplier_id => v_supplier.id, items => v_supplier.lines,
                                             expected_date => (now() at time zone 'America/La_Paz')::date + v_supplier.expected_in,
                                             notes => v_supplier.notes) ->> 'id')::uuid;
    -- Every order but the two drafts (PO-000007, PO-000010) goes to the manager.
    if v_supplier.n not in (7, 10) then
      perform public.submit_purchase_order(v_order);
    end if;
  end loop;

  -- The manager approves what was submitted, except Sofía's (PO-000006: still pending),
  -- and cancels the cleaning order (PO-000008), sent twice by mistake.
  perform pg_temp.act_as('gerente@comarapa.bo');
  perform public.approve_purchase_order(o.id)
     from public.purchase_orders o where o.po_number in ('PO-000001', 'PO-000002', 'PO-000003', 'PO-000004', 'PO-000005', 'PO-000009')
    order by o.po_number;
  perform public.cancel_purchase_order((select o.id from public.purchase_orders o where o.po_number = 'PO-000008'),
                                       'Pedido duplicado: el proveedor ya lo recibió por WhatsApp.');

  -- Deliveries, received at the counter by the cashier with the supplier's invoice
  -- in hand (its codes go on the lines).
  perform pg_temp.act_as('cajero@comarapa.bo');
  -- FINO: everything, in one delivery (RECEIVED).
  perform public.receive_purchase_order(
    purchase_order_id => (select o.id from public.purchase_orders o where o.po_number = 'PO-000001'),
    items => jsonb_build_array(pg_temp.receipt_line('PO-000001', 'ABA-0009', 24, 'IDA-0900'),
                               pg_temp.receipt_line('PO-000001', 'ABA-0010', 12, 'IDA-2000'),
                               pg_temp.receipt_line('PO-000001', 'ABA-0013', 12, 'RIQ-0900'),
                               pg_temp.receipt_line('PO-000001', 'ABA-0012', 6, 'GIR-0900')),
    supplier_invoice_number => 'Factura 0081245', idempotency_key => 'seed-receipt-1');
  -- Guabirá: the 1 kg bags first; the 5 kg ones are still to come (PARTIALLY_RECEIVED).
  perform public.receive_purchase_order(
    purchase_order_id => (select o.id from public.purchase_orders o where o.po_number = 'PO-000002'),
    items => jsonb_build_array(pg_temp.receipt_line('PO-000002', 'ABA-0001', 30, 'AZB-1KG')),
    supplier_invoice_number => 'Factura 0033107', notes => 'Llegaron 30 de las 50 bolsas; el resto el jueves.',
    idempotency_key => 'seed-receipt-2');
  -- EMBOL: two deliveries (RECEIVED); the second invoice charged the 2 L a little less.
  perform public.receive_purchase_order(
    purchase_order_id => (select o.id from public.purchase_orders o where o.po_number = 'PO-000003'),
    items => jsonb_build_array(pg_temp.receipt_line('PO-000003', 'BEB-0001', 24, 'CC-2000-RET'),
                               pg_temp.receipt_line('PO-000003', 'BEB-0003', 48, 'CC-500-PET'),
                               pg_temp.receipt_line('PO-000003', 'BEB-0004', 24, 'CC-355-LAT')),
    supplier_invoice_number => 'Factura 0912044', idempotency_key => 'seed-receipt-3');
  perform public.receive_purchase_order(
    purchase_order_id => (select o.id from public.purchase_orders o where o.po_number = 'PO-000003'),
    items => jsonb_build_array(pg_temp.receipt_line('PO-000003', 'BEB-0001', 12, 'CC-2000-RET', 10.75),
                               pg_temp.receipt_line('PO-000003', 'BEB-0006', 12, 'FA-2000'),
                               pg_temp.receipt_line('PO-000003', 'BEB-0007', 12, 'SP-2000'),
                               pg_temp.receipt_line('PO-000003', 'BEB-0005', 12, 'CCZ-2000')),
    supplier_invoice_number => 'Factura 0912391', idempotency_key => 'seed-receipt-4');
  -- CBN: the Paceña came, the Huari did not (closed by the manager below).
  perform public.receive_purchase_order(
    purchase_order_id => (select o.id from public.purchase_orders o where o.po_number = 'PO-000004'),
    items => jsonb_build_array(pg_temp.receipt_line('PO-000004', 'ALC-0001', 48, 'PAC-620-RET'),
                               pg_temp.receipt_line('PO-000004', 'ALC-0002', 24, 'PAC-355-LAT')),
    supplier_invoice_number => 'Factura 1450021', idempotency_key => 'seed-receipt-5');
  -- Los Pozos: the eggs and the potatoes today; tomatoes and onions tomorrow (PARTIALLY_RECEIVED).
  perform public.receive_purchase_order(
    purchase_order_id => (select o.id from public.purchase_orders o where o.po_number = 'PO-000009'),
    items => jsonb_build_array(pg_temp.receipt_line('PO-000009', 'ABA-0035', 180),
                               pg_temp.receipt_line('PO-000009', 'FRU-0001', 40)),
    supplier_invoice_number => 'Nota de venta 118-0457', idempotency_key => 'seed-receipt-6');

  perform pg_temp.act_as('gerente@comarapa.bo');
  perform public.close_purchase_order((select o.id from public.purchase_orders o where o.po_number = 'PO-000004'),
                                      'CBN no tiene Huari hasta fin de mes; se pedirá aparte.');
  perform set_config('request.jwt.claims', '{"role":"service_role"}', false);
end
$$;

-- The buying section checks itself: every status is there, the ledger is sound.
do $$
begin
  if (select count(distinct o.status) from public.purchase_orders o) <> 7 then
    raise exception 'seed: the purchase orders do not cover every status';
  end if;
  if exists (select from public.check_stock_integrity()) then
    raise exception 'seed: check_stock_integrity() reports problems after the receipts';
  end if;
end
$$;

drop function pg_temp.act_as(text);
drop function pg_temp.order_line(text, integer, numeric);
drop function pg_temp.receipt_line(text, text, integer, text, numeric);
select set_config('request.jwt.claims', '', false);
