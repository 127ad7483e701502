// Shared by the benchmarks that time a navigation to the app.
/**
 * The pause between about:blank and a measured navigation: the previous page of the app is torn
 * down in the same renderer meanwhile (its DOM, its wasm memory, a major GC), which is not the
 * cost of opening the app. Pauses of 200, 500 and 1,000 ms gave the same figures within noise on
 * this 2-core machine (rows at 172, 177 and 166 ms; without a pause 245).
 */
export const SETTLE_MS = 500;
