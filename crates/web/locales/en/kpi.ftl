## KPI assessment (U4SSC, ITU-T Y.4903)
