/** Template databases the global setup prepares. */
export const TEMPLATE = "comarapa_template";
export const SEEDED_TEMPLATE = "comarapa_seeded";
