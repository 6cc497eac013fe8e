/** A copy of `array` lengthened to `length` (the new tail is zero), for per-slot tables that grow. */
export function widen<T extends Float64Array | Uint32Array>(array: T, length: number): T {
  const wider = new (array.constructor as new (length: number) => T)(length);
  wider.set(array);
  return wider;
}
