/**
 * A trained model as bytes in the project folder, through a custom tf.io handler: the tfjs
 * "layers-model" JSON (topology, weight specs, the SHA-256 of the weights) and the weights as one
 * buffer. Both become array files (content-addressed, checksummed) referenced by the run row.
 * The custom layers (RandomInput, DilatedConv1D, SeededDropout) are registered for serialization
 * by the model module, so the JSON loads back into the same network.
 *
 * A checkpoint is the same idea for a run in progress: the current weights, the best weights so
 * far and the optimizer's state, encoded with tf.io.encodeWeights into one buffer.
 */
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { ForeseisError } from '../../shared/errors';
import '../model';

/** A tensor with a name (tfjs' NamedTensor, not exported by @tensorflow/tfjs). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

export const MODEL_FORMAT = 'foreseis-layers-model-1';

interface StoredModelJson {
  foreseisFormat: typeof MODEL_FORMAT;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightsSha256: string;
  weightsBytes: number;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Save a model through a tf.io handler that keeps the artifacts as bytes. */
export async function modelToBytes(model: tf.LayersModel): Promise<{ modelJson: Uint8Array; weights: Uint8Array }> {
  let saved: { modelJson: Uint8Array; weights: Uint8Array } | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (artifacts.modelTopology === undefined || artifacts.weightSpecs === undefined || artifacts.weightData === undefined) {
        throw new Error('the model has no topology or weights to save');
      }
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      const json: StoredModelJson = {
        foreseisFormat: MODEL_FORMAT,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology as object,
        weightSpecs: artifacts.weightSpecs,
        weightsSha256: sha256(weights),
        weightsBytes: weights.byteLength,
      };
      saved = { modelJson: new TextEncoder().encode(JSON.stringify(json)), weights };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (saved === null) throw new Error('model.save did not call the save handler');
  return saved;
}

/** Load a model saved by `modelToBytes`, checking the weights against the checksum in its JSON. */
export async function modelFromBytes(modelJson: Uint8Array, weights: Uint8Array): Promise<tf.LayersModel> {
  let json: StoredModelJson;
  try {
    json = JSON.parse(new TextDecoder().decode(modelJson)) as StoredModelJson;
  } catch (error) {
    throw new ForeseisError('corrupt-project', `saved model JSON is unreadable: ${(error as Error).message}`);
  }
  if (json.foreseisFormat !== MODEL_FORMAT) throw new ForeseisError('corrupt-project', `saved model has format '${String(json.foreseisFormat)}', expected ${MODEL_FORMAT}`);
  if (weights.byteLength !== json.weightsBytes || sha256(weights) !== json.weightsSha256) {
    throw new ForeseisError('corrupt-project', 'saved model weights do not match the checksum in its JSON');
  }
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  const handler: tf.io.IOHandler = {
    load: () =>
      Promise.resolve({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightSpecs,
        weightData,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy ?? undefined,
      }),
  };
  return tf.loadLayersModel(handler);
}

/** Encode named tensors into one buffer plus the specs to decode it. */
export async function encodeTensors(named: NamedTensor[]): Promise<{ bytes: Uint8Array; specs: tf.io.WeightsManifestEntry[] }> {
  const { data, specs } = await tf.io.encodeWeights(named);
  return { bytes: new Uint8Array(data), specs };
}

export function decodeTensors(bytes: Uint8Array, specs: tf.io.WeightsManifestEntry[]): tf.NamedTensorMap {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return tf.io.decodeWeights(buffer, specs);
}
