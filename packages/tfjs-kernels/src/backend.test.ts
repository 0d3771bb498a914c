import * as tf from '@tensorflow/tfjs';
import { backendInfo, initBackend } from './backend';

describe('initBackend', () => {
  test('defaults to wasm with our kernels when tfjs-node cannot load', async () => {
    const listeners = process.listeners('uncaughtException').length;
    const rejections = process.listeners('unhandledRejection').length;
    await expect(initBackend()).resolves.toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    // The wasm runtime's process-wide handlers are removed again.
    expect(process.listeners('uncaughtException').length).toBe(listeners);
    expect(process.listeners('unhandledRejection').length).toBe(rejections);
    const info = backendInfo();
    expect(info.backend).toBe('wasm');
    expect(info.wasmSimd).toBe(true);
    expect(info.tfjsVersion).toBe(tf.version.tfjs);
    expect(info.patchedKernels).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'BatchMatMul']));
    expect(info.skipped.map((s) => s.backend)).toEqual(['tensorflow']);
    // Both native packages were tried, the CUDA build first.
    expect(info.skipped[0].reason).toMatch(
      /^@tensorflow\/tfjs-node-gpu could not be loaded: .*; @tensorflow\/tfjs-node could not be loaded: /,
    );
  });

  test('a forced backend that cannot start throws a clear error', async () => {
    await expect(initBackend('tensorflow')).rejects.toThrow(/backend 'tensorflow' could not be started/);
    await expect(initBackend('gpu' as 'cpu')).rejects.toThrow(/unknown backend 'gpu'/);
  });

  test('switches on request and is idempotent', async () => {
    await expect(initBackend('cpu')).resolves.toBe('cpu');
    expect(backendInfo().patchedKernels).toEqual([]);
    await expect(initBackend('cpu')).resolves.toBe('cpu');
    await expect(initBackend('wasm')).resolves.toBe('wasm');
    const kernel = tf.getKernel('BatchMatMul', 'wasm');
    await expect(initBackend('wasm')).resolves.toBe('wasm');
    await expect(Promise.all([initBackend(), initBackend()])).resolves.toEqual(['wasm', 'wasm']);
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(kernel);
  });
});
