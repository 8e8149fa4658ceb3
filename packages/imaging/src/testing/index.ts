// @consult/imaging/testing: Node-only data generators for tests, end-to-end runs and benchmarks.
export { SHARED_DICOM_DIR, syntheticCtSeries, type SyntheticSeriesOptions } from "./synthetic-ct-series.ts";
