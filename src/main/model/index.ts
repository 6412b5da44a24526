/**
 * The model domain: network specs (presets and user files), the tf.layers builder with its custom
 * layers, and the engine ladder that picks the backend (with the wasm kernels filled or replaced).
 */
export { buildModel, compileModel, trainingCallbacks, type BuildOptions } from './builder';
export { defaultWasmPaths, enginePackages, engineNames, selectEngine, type Engine, type EngineName, type EnginePreference, type SelectEngineOptions, type WasmPaths } from './engine';
export { filledWasmKernels, registerWasmKernels } from './kernels/wasm';
export { convOutputLength, DilatedConv1D, dilatedConv1d, type ConvPadding, type DilatedConv1DArgs } from './layers/dilated-conv1d';
export { addScaledNoise, RandomInput, randomInputLayers, redrawRandomInputEachEpoch, type RandomInputArgs } from './layers/random-input';
export { SeededDropout, type SeededDropoutArgs } from './layers/seeded-dropout';
export { blockSpecSchema, countParameters, formatPath, modelSpecSchema, parseSpec, specShapes, withInputLength, type BlockSpec, type ModelSpec, type SpecShapes } from './spec';
export { loadSpec, modelsDir, presetNames, setModelsDir, type PresetName } from './spec-file';
export { BatchNormalization } from './layers/batch-normalization';
export { bnPoolKernelNames, fusedBatchNormAvailable, registerBnPoolKernels, unregisterBnPoolKernels, type BnPoolOptions } from './kernels/simd/bnpool';
export { installTapeRelease } from './kernels/tape-release';
