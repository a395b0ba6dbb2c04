"""The bilingual demo community for `crosstalk seed --demo`: content, pictures and the seeder."""
