/**
 * Words for a Bolivian grocery and general store's catalog: what a product
 * is, its brands, its presentations. Products are combinations of these, so
 * search has real Spanish words, accents, brands and sizes to find.
 */
export interface ProductType {
  category: string;
  /** SKU prefix of the category. */
  prefix: string;
  name: string;
  /** A typical price in bolivianos; each product varies around it. */
  price: number;
  brands: string[];
  sizes: string[];
  variants: string[];
}

type Row = [name: string, price: number, brands: string, sizes: string, variants?: string];

const CATEGORIES: Record<string, { prefix: string; rows: Row[] }> = {
  Abarrotes: {
    prefix: "ABA",
    rows: [
      ["Aceite de girasol", 18, "Fino|Patito|Rico|Sabrosa", "900 ml|1 L|2 L|5 L"],
      ["Arroz grano de oro", 9, "Caisy|Gran Cosecha|Urkupiña|Don Pedro", "1 kg|2 kg|5 kg"],
      ["Azúcar", 7, "Guabirá|Unagro|San Aurelio|Bélgica", "1 kg|2 kg|5 kg", "blanca|morena|impalpable"],
      ["Harina de trigo", 8, "Famosa|Princesa|Imperial", "1 kg|5 kg", "común|leudante|integral"],
      [
        "Fideo",
        6,
        "Lazzaroni|Don Vittorio|Ideal|Famosa",
        "400 g|500 g|1 kg",
        "spaghetti|tallarín|codito|cabello de ángel",
      ],
      ["Sal yodada", 2, "Cristal|Lobos|Copacabana", "500 g|1 kg", "fina|gruesa"],
      ["Quinua real", 22, "Irupana|Andean Valley|Jatun Sara", "500 g|1 kg", "blanca|roja|negra"],
      ["Avena en hojuelas", 9, "Quaker|Don Pedro|Irupana", "400 g|900 g"],
      ["Lenteja", 10, "Caisy|Don Pedro", "500 g|1 kg"],
      ["Maní pelado", 12, "Irupana|Chuquisaca", "250 g|500 g"],
      ["Chuño", 15, "Altiplano|Achacachi", "500 g|1 kg"],
      ["Café molido", 25, "Copacabana|Alexander|Café Madera|Buena Vista", "250 g|500 g", "tostado|orgánico|de altura"],
      ["Café instantáneo", 30, "Nescafé|Copacabana", "50 g|100 g|170 g"],
      ["Mermelada", 14, "Arcor|Vascal|Delicias", "250 g|500 g", "de frutilla|de durazno|de mora"],
    ],
  },
  Bebidas: {
    prefix: "BEB",
    rows: [
      [
        "Gaseosa",
        10,
        "Coca-Cola|Pepsi|Fanta|Sprite|Mendocina|Simba",
        "500 ml|1 L|2 L|3 L",
        "original|sin azúcar|naranja",
      ],
      ["Agua mineral", 5, "Vital|Viscachani|Cielo", "600 ml|2 L|6 L", "con gas|sin gas"],
      ["Jugo", 9, "Del Valle|Pura Vida|Tampico", "1 L|2 L", "de naranja|de durazno|de manzana|de piña"],
      ["Cerveza", 13, "Paceña|Huari|Potosina|Bock|Taquiña", "355 ml|620 ml|1 L", "lata|botella|pack x6"],
      ["Refresco en polvo", 2, "Kris|Zuco|Tang", "25 g|1 kg", "limón|naranja|durazno|maracuyá"],
      ["Té", 8, "Windsor|Hornimans", "25 sobres|50 sobres", "negro|verde|manzanilla"],
      ["Mate de coca", 9, "Windsor|Lipton|Coroico", "25 sobres|50 sobres"],
      ["Singani", 60, "Casa Real|Rujero|Los Parrales", "750 ml|1 L", "etiqueta negra|primera selección"],
      ["Vino tinto", 55, "Kohlberg|Campos de Solana|Aranjuez", "750 ml", "tannat|cabernet|malbec|syrah"],
      ["Bebida energizante", 12, "Red Bull|Monster|Speed", "250 ml|473 ml"],
    ],
  },
  Lácteos: {
    prefix: "LAC",
    rows: [
      ["Leche", 7, "PIL|Delizia|Pil Andina", "800 ml|946 ml|1 L", "entera|deslactosada|semidescremada|chocolatada"],
      ["Yogur bebible", 10, "PIL|Delizia", "1 L|2 L", "frutilla|durazno|vainilla|natural"],
      ["Queso", 40, "Chiquitano|PIL|Menonita", "500 g|1 kg", "criollo|menonita|fresco|mozzarella"],
      ["Mantequilla", 16, "PIL|Regia|Delizia", "200 g|500 g", "con sal|sin sal"],
      ["Leche condensada", 11, "Nestlé|PIL", "395 g"],
      ["Leche en polvo", 35, "PIL|Nido|Anchor", "400 g|800 g"],
      ["Crema de leche", 12, "PIL|Nestlé", "200 ml|1 L"],
      ["Dulce de leche", 14, "PIL|Arcor", "250 g|500 g"],
    ],
  },
  Limpieza: {
    prefix: "LIM",
    rows: [
      ["Detergente en polvo", 22, "OMO|Ace|Patito|Bolívar", "500 g|1 kg|3 kg", "limón|floral|ropa blanca"],
      ["Lavavajilla", 10, "Ola|Ayudín|Sapolio", "500 g|1 L", "limón|manzana"],
      ["Lavandina", 9, "Clorox|Sapolio|Ayudín", "1 L|2 L|4 L"],
      ["Jabón de lavar", 5, "Bolívar|Uno|Patito", "200 g|pack x4", "azul|blanco"],
      ["Papel higiénico", 18, "Elite|Scott|Suave|Nube", "4 rollos|12 rollos|24 rollos", "doble hoja|hoja simple"],
      ["Desinfectante", 15, "Poett|Lysoform|Pinesol", "900 ml|1.8 L", "lavanda|bebé|pino"],
      ["Esponja de cocina", 4, "Virulana|Scotch-Brite", "pack x3|unidad"],
      ["Escoba", 25, "Tramontina|Don Limpio", "unidad", "plástica|de paja"],
    ],
  },
  "Higiene personal": {
    prefix: "HIG",
    rows: [
      ["Jabón de tocador", 5, "Dove|Lux|Protex|Rexona", "90 g|125 g|pack x3", "avena|karité|antibacterial"],
      ["Champú", 24, "Sedal|Pantene|Head & Shoulders|Elvive", "400 ml|750 ml", "anticaspa|rizos|reparación"],
      ["Pasta dental", 12, "Colgate|Kolynos|Oral-B", "90 g|150 g", "triple acción|blanqueadora|menta"],
      ["Desodorante", 22, "Rexona|Axe|Nivea|Dove", "150 ml", "aerosol|roll-on|barra"],
      ["Pañales", 75, "Huggies|Pampers|Babysec", "M x30|G x30|XG x28", "clásicos|premium"],
      ["Toallas higiénicas", 14, "Nosotras|Kotex|Always", "x10|x30", "normal|nocturna"],
      ["Cepillo dental", 10, "Colgate|Oral-B", "unidad|pack x2", "suave|medio"],
      ["Alcohol en gel", 12, "Protex|Farmacorp", "250 ml|1 L"],
    ],
  },
  "Snacks y golosinas": {
    prefix: "SNK",
    rows: [
      [
        "Galletas",
        4,
        "Mabel's|Oreo|Victoria|Salvado|Club Social",
        "paquete|pack x6|caja",
        "de agua|de chocolate|de vainilla|integrales",
      ],
      ["Chocolate", 8, "Para Ti|Breick|Nestlé|Mañana", "30 g|100 g", "con leche|amargo|con almendras|con maní"],
      ["Papas fritas", 9, "Pringles|Lay's|Kris", "45 g|140 g", "originales|picantes|con queso"],
      ["Caramelos", 6, "Arcor|Bon o Bon|Billiken", "bolsa 150 g|bolsa 500 g", "de leche|frutales|de menta"],
      ["Chicle", 2, "Beldent|Bazooka|Trident", "unidad|caja x20", "menta|frutilla"],
      ["Maní confitado", 5, "Chuquisaca|Irupana", "100 g|250 g", "salado|dulce"],
      ["Pipocas", 4, "Kris|Pop", "bolsa chica|bolsa grande", "dulces|saladas"],
      ["Alfajor", 3, "Havanna|Arcor|Guaymallén", "unidad|caja x6", "de chocolate|de maicena"],
    ],
  },
  Panadería: {
    prefix: "PAN",
    rows: [
      ["Pan marraqueta", 0.5, "Panadería Ortiz|La Francesa", "unidad|bolsa x10"],
      ["Pan integral", 12, "Bimbo|La Francesa|Panadería Ortiz", "500 g|bolsa grande"],
      ["Pan de molde", 14, "Bimbo|Fargo", "500 g|750 g", "blanco|integral|sin corteza"],
      ["Empanada", 6, "La Francesa|Panadería Ortiz", "unidad|docena", "de queso|de pollo|de carne"],
      ["Torta", 60, "La Francesa|Panadería Ortiz", "entera|porción", "de chocolate|de tres leches|de naranja"],
    ],
  },
  Enlatados: {
    prefix: "ENL",
    rows: [
      ["Atún", 12, "Van Camp's|Real|Florida|Gomes da Costa", "170 g|354 g", "en aceite|en agua|desmenuzado"],
      ["Sardinas", 9, "Gomes da Costa|Dos Caballos|Real", "125 g|425 g", "en salsa de tomate|en aceite"],
      ["Durazno en almíbar", 16, "Arcor|Dos Caballos|Del Monte", "820 g"],
      ["Arvejas", 8, "Arcor|Dos Caballos", "350 g"],
      ["Choclo en grano", 9, "Arcor|Dos Caballos", "300 g"],
      ["Mayonesa", 10, "Kris|Hellmann's|Maggi", "250 g|500 g|1 kg"],
      ["Ketchup", 9, "Kris|Heinz|Maggi", "250 g|500 g"],
      ["Mostaza", 7, "Kris|Heinz", "200 g"],
      ["Salsa de tomate", 6, "Kris|Maggi|Arcor", "200 g|500 g"],
    ],
  },
  "Carnes y embutidos": {
    prefix: "EMB",
    rows: [
      ["Salchicha", 18, "Sofía|Stege|Imba", "500 g|1 kg", "viena|de pollo|ahumada"],
      ["Jamón", 24, "Sofía|Stege", "200 g|500 g", "de pierna|de pavo|cocido"],
      ["Mortadela", 15, "Sofía|Stege|Imba", "250 g|500 g"],
      ["Chorizo chuquisaqueño", 30, "Stege|Casero", "500 g|1 kg"],
      ["Pollo entero", 35, "Sofía|Imba|Pío Lindo", "por kg", "fresco|congelado"],
      ["Huevos", 20, "Granja Avícola|Don Huevo", "docena|maple x30", "blancos|de color|de campo"],
      ["Charque", 45, "Beniano|Casero", "250 g|500 g"],
    ],
  },
  "Frutas y verduras": {
    prefix: "FRU",
    rows: [
      ["Plátano", 5, "Caranavi|Chapare", "docena|por kg", "de seda|postre"],
      ["Papa", 6, "Mercado Rodríguez|Productor local", "por kg|arroba", "holandesa|imilla|huaycha"],
      ["Cebolla", 5, "Mercado Rodríguez|Productor local", "por kg", "blanca|morada"],
      ["Tomate", 7, "Mercado Rodríguez|Luribay", "por kg"],
      ["Limón", 6, "Caranavi|Productor local", "por kg|docena", "sutil|criollo"],
      ["Naranja", 5, "Caranavi|Chapare", "docena|por kg", "de jugo|de mesa"],
      ["Manzana", 12, "Luribay|Importada", "por kg", "roja|verde"],
      ["Zanahoria", 4, "Productor local", "por kg"],
      ["Ají amarillo", 8, "Productor local|Chuquisaca", "por kg|250 g", "fresco|molido"],
      ["Locoto", 6, "Productor local", "por kg|250 g"],
      ["Palta", 15, "Caranavi|Importada", "por kg|unidad"],
      ["Mandarina", 6, "Caranavi|Chapare", "por kg|docena"],
    ],
  },
  Condimentos: {
    prefix: "CON",
    rows: [
      ["Orégano", 3, "Kris|Irupana|Maggi", "15 g|50 g"],
      ["Comino", 3, "Kris|Irupana", "15 g|50 g", "molido|en grano"],
      ["Pimienta negra", 4, "Kris|Alicorp", "15 g|50 g", "molida|en grano"],
      ["Canela", 4, "Kris|Irupana", "15 g|50 g", "en rama|molida"],
      ["Caldo de pollo", 2, "Maggi|Knorr", "cubito|caja x12"],
      ["Ají colorado", 5, "Irupana|Kris", "50 g|100 g"],
      ["Vinagre", 6, "Kris|Regia", "500 ml|1 L", "de manzana|blanco"],
    ],
  },
  "Bazar y librería": {
    prefix: "BAZ",
    rows: [
      ["Cuaderno", 8, "Éxito|Norma|Rivadavia", "50 hojas|100 hojas", "cuadriculado|rayado"],
      ["Bolígrafo", 2, "Bic|Pilot|Faber-Castell", "unidad|caja x12", "azul|negro|rojo"],
      ["Pilas", 12, "Duracell|Panasonic|Energizer", "AA x2|AAA x2|AA x4", "alcalinas|recargables"],
      ["Fósforos", 1, "Los Andes|Fiat Lux", "caja chica|paquete x10"],
      ["Velas", 5, "Santa Cruz|Luz del Alba", "paquete x6|paquete x12", "blancas|aromáticas"],
      ["Foco LED", 15, "Philips|Osram|Sylvania", "9 W|12 W", "luz cálida|luz fría"],
      ["Encendedor", 4, "Bic|Clipper", "unidad"],
      ["Bolsas de basura", 8, "Virutex|Plastiforte", "paquete x10|rollo x30", "medianas|grandes"],
    ],
  },
};

const split = (text: string | undefined) => (text ? text.split("|") : []);

/** Every product type, in a fixed order. */
export const PRODUCT_TYPES: ProductType[] = Object.entries(CATEGORIES).flatMap(([category, { prefix, rows }]) =>
  rows.map(([name, price, brands, sizes, variants]) => ({
    category,
    prefix,
    name,
    price,
    brands: split(brands),
    sizes: split(sizes),
    variants: split(variants),
  })),
);

/** Category names with their SKU prefixes. */
export const CATEGORY_NAMES = Object.keys(CATEGORIES);
