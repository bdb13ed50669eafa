/**
 * The settings values the kill -9 writer cycles through; the parent accepts exactly these
 * (plus the file's initial value) as "a complete valid value".
 */
export const WRITER_VALUES: readonly { watchStreams: string; perUserLimit: number }[] = [
  { watchStreams: 'pods,events', perUserLimit: 1 },
  { watchStreams: 'workloads,networking,storage', perUserLimit: 22 },
  { watchStreams: 'core,cluster', perUserLimit: 333 },
  { watchStreams: 'off', perUserLimit: 0 },
  { watchStreams: 'all', perUserLimit: 99_999 }
]
