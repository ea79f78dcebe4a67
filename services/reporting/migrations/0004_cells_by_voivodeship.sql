-- Issue 21: a voivodeship's cells (store/counts_queries.h, kCells…) read
-- through an index instead of a scan of every edition's cells: the
-- voivodeship's figures are the coordinators' everyday query.
CREATE INDEX measure_month_voivodeship ON measure_month (edition, voivodeship);
