// Electron composition root (filled in by the shell issue).
export {}
