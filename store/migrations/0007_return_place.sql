-- Where the result is returned (issue 16): at the centre that received the
-- dossier (noi_tiep_nhan), at the deciding agency's centre (noi_giai_quyet)
-- or by post (buu_chinh), chosen at reception and kept in the dossier
-- document (dossier.Dossier.ReturnPlace, the postal address beside it).
-- The column follows the document, so no writer can let it drift; dossiers
-- stored before the choice existed read their place from the return method
-- (1 = by post). The index serves "results to hand out here" lists.
ALTER TABLE dossiers ADD COLUMN return_place TEXT GENERATED ALWAYS AS (
  COALESCE(NULLIF(json_extract(doc, '$.dossier.return_place'), ''),
           CASE json_extract(doc, '$.dossier.return_method') WHEN 1 THEN 'buu_chinh' ELSE 'noi_tiep_nhan' END)
) VIRTUAL;
CREATE INDEX dossiers_return_place ON dossiers (return_place, status);
