## KPI results, City Snapshot, import and export
