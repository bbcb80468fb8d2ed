-- The procedure of each inbox item an officer decides (an online submission's
-- ma_tthc, a forwarded dossier's ho_so.MaTTHC), read from the item's document
-- as a generated column, so an officer's inbox is filtered by field in SQL and
-- paged by id (store.InboxPage) instead of filtering the newest rows in Go.
-- Normalised as dossier.Catalogue.Get looks codes up (trimmed, upper case);
-- NULL for an unreadable document, a non-text code or another kind: such an
-- item is the supervisors' only. No backfill: the column is computed.
ALTER TABLE inbox ADD COLUMN ma_tthc TEXT GENERATED ALWAYS AS (
  CASE WHEN json_valid(doc) THEN
    CASE
      WHEN kind = 'nop_truc_tuyen' AND json_type(doc, '$.ma_tthc') = 'text' THEN upper(trim(json_extract(doc, '$.ma_tthc')))
      WHEN kind = 'lien_thong' AND json_type(doc, '$.ho_so.MaTTHC') = 'text' THEN upper(trim(json_extract(doc, '$.ho_so.MaTTHC')))
    END
  END) VIRTUAL;
CREATE INDEX inbox_field ON inbox (status, ma_tthc, id);
