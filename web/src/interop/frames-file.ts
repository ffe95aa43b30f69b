/**
 * The JSON exchanged by the Java/TypeScript SFrame interop test (SFrameInteropTest in
 * src/test/java drives it): per cipher suite, the epochs' base keys and rosters, and media frames
 * with what each must decrypt to. Bytes are lowercase hex.
 */
export interface InteropEpoch {
  readonly epoch: number;
  readonly baseKey: string;
  readonly groupSize: number;
  readonly roster: readonly number[];
}

export interface InteropFrame {
  readonly sender: number;
  readonly epoch: number;
  readonly context: number;
  readonly track: number;
  readonly keyframe: boolean;
  readonly spatialLayer: number;
  readonly temporalLayer: number;
  readonly sequence: number;
  readonly payload: string;
  /** The whole protected frame: media header || SFrame ciphertext. */
  readonly frame: string;
}

export interface InteropCase {
  readonly suite: number;
  readonly epochBits: number;
  readonly contextsPerSender: number;
  readonly epochs: readonly InteropEpoch[];
  readonly frames: readonly InteropFrame[];
}

export interface InteropFile {
  readonly cases: readonly InteropCase[];
}

/** Senders of each side: leaves the other side never sends from. */
export const JAVA_SENDERS = [0, 2, 5] as const;
export const TS_SENDERS = [1, 3, 4] as const;
