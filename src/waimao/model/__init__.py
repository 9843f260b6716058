"""Pure domain: the canonical record, periods, reference tables (regions, partners, products) and wording."""
