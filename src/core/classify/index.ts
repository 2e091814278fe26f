/**
 * Classification metrics for predictions files: read (`PredictionsParser`), evaluate (`evaluate`),
 * explore (threshold functions on a `BinarySweep`, rows behind a cell), compare.
 */

export * from './predictions';
export { PredictionsParser } from './predictionsParser';
export { MAX_LABELS } from './predictionRows';
export type { PredictionsPart } from './predictionsPart';
export { detectColumns, type ColumnOptions, type ColumnPlan } from './columns';
export { looksLikePredictions } from './recognize';
export { orderLabels, compareCodePoints, labelNumber } from './labels';
export { DEFAULT_THRESHOLD, predictFromScore, predictByArgmax } from './finishPredictions';
export { confusionFromTable } from './confusionTable';
export * from './report';
export * from './scoreSweep';
export * from './binaryCurves';
export * from './probabilityMetrics';
export * from './calibration';
export * from './regression';
export * from './predictionFindings';
export * from './rowIndex';
export * from './evaluate';
export * from './compare';
export * from './classifyJson';
export { pairwiseSum } from './numpySum';
