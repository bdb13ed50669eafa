// Preload bridge (filled in by the shell issue).
export {}
